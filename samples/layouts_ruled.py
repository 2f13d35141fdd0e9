"""Word-style ruled layouts: every cell boxed, the way councils export plans
from Word.  Each builder draws one PDF and returns its expected items."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from samples import content
from samples.pdfdraw import A4_LANDSCAPE, A4_PORTRAIT, HELVETICA, LETTER_LANDSCAPE, TIMES, Doc, PageStyle
from samples.tables import Block, Column, Rag, SectionRow, TableStyle, TableWriter, draw_table, record_row
from samples.variant import LANDSCAPES, Variant, running

Items = list[dict[str, Any]]

THEMES_UPPER = [
    "THEME 1: SCRUTINY, OVERSIGHT AND ADVOCACY",
    "THEME 2: QUALITY AND EFFECTIVENESS OF FRONT LINE PRACTICE",
    "THEME 3: PERMANENCE AND STABILITY",
    "THEME 4: LEADERSHIP, MANAGEMENT AND GOVERNANCE",
]


ACTION_KEYS = {"action": "action", "progress": "progress", "success_measure": "success", "lead": "lead",
               "timescale": "timescale", "outcome": "outcome", "Resources required": "resources"}


def _action_row(a: dict[str, str], ref: str | None, rag: Rag | None) -> dict[str, Any]:
    """Contract-keyed cells of one action record."""
    return record_row(a, ACTION_KEYS, ref, rag)


def ruled_rag_fill(path: Path, v: Variant) -> Items:
    """Theme heading above each table, ref at the start of the action text,
    RAG only as fill colour in many shades, grey header not repeated."""
    font = v.font(HELVETICA, 8.0)
    page = v.pick(LETTER_LANDSCAPE, LANDSCAPES)
    doc = Doc(path, PageStyle(page, (46, 52, 46, 64),
                              decorate=running(font.regular, footer="Improvement Plan 2016/17 - Version 12")),
              title="Children's Services Improvement Plan 2016/17")
    v.title_block(doc, "Children's Services Improvement Plan 2016/17", font, 2)
    doc.paragraph("Action Plan", font.bold, 13, color="2E74B5")
    cols = [Column("Action", 2.2, "action"), Column("Progress", 2.8, "progress"),
            Column("Success Measure", 2.0, "success_measure"), Column("Lead", 1.2, "lead"),
            Column("Timescales", 1.1, "timescale"), Column("RAG Rating", 1.1, "rag")]
    style = TableStyle(font, header_fill="D9D9D9", repeat_header=False, ref_in_action=True)
    items: Items = []
    n_sections = v.count(4, 2, 5)
    records = iter(v.take(content.ACTIONS, 40))
    shade = 0
    for s, section in enumerate(v.take(content.SECTIONS, n_sections), 1):
        entries = []
        for r in range(v.count(3 if s % 2 else 4, 1, 6)):
            entries.append(Block([_action_row(next(records), f"{s}.{r}", v.rag_fill(shade))]))
            shade += 1
        tw = TableWriter(doc, cols, style, section=section)
        doc.paragraph(section, font.bold, font.size + 1.5, keep_with=tw.start_height(entries))
        items += tw.draw(entries)
    doc.close()
    return items


def _agenda_cover(doc: Doc, v: Variant, authority: str) -> None:
    """Page 1 of an agenda pack: meeting details and the agenda table."""
    f = "Helvetica"
    for line in [authority.upper(), "Children, Young People and Families Scrutiny Panel",
                 "Date: 14 June 2017", "Time: 6.00 pm", "Venue: Committee Room 3 - Civic Centre"]:
        doc.paragraph(line, f, 10, space_after=3)
    doc.y += 10
    doc.paragraph("Agenda", "Helvetica-Bold", 12)
    doc.paragraph("Part 1 - items open to the press and public", f, 9)
    cols = [Column("Item No.", 0.8), Column("Title", 4.0), Column("Pages", 1.0)]
    rows = [Block([{"Item No.": n, "Title": t, "Pages": p}]) for n, t, p in content.AGENDA_ITEMS]
    draw_table(doc, cols, rows, TableStyle(v.font(HELVETICA, 9.0), header_fill=None),
               record=False)
    doc.paragraph("If you have any queries about this meeting, please contact the democratic "
                  "services team on 01902 551251.", f, 9)


def ruled_theme_rows(path: Path, v: Variant) -> Items:
    """Agenda pack: cover page with an agenda table, then one long ruled plan
    with full-width theme rows, repeated header, running header/footer and a
    rotated page stamp on every page."""
    authority = v.pick("City of Wolverhampton Council", content.AUTHORITIES)
    stamp = v.count(38, 3, 120)
    cover = PageStyle(A4_PORTRAIT, (60, 60, 60, 60), decorate=running(stamp_from=stamp))
    font = v.font(TIMES, 8.5)
    report = PageStyle(v.pick(A4_LANDSCAPE, LANDSCAPES), (42, 56, 56, 58), decorate=running(
        font.regular, header=f"{authority.upper()}   Agenda Item No: 6",
        footer="Improvement Plan 2016/17 - Version 12", page_numbers=True, stamp_from=stamp))
    doc = Doc(path, cover, title="Scrutiny Panel agenda pack")
    _agenda_cover(doc, v, authority)
    doc.new_page(report)
    v.title_block(doc, "Children and Young People's Improvement Plan 2016/17", font, 1)
    cols = [Column("Ref", 0.55, "ref"), Column("Action", 2.2, "action"),
            Column("Progress", 2.8, "progress"), Column("Success Measure", 2.0, "success_measure"),
            Column("Lead", 1.2, "lead"), Column("Timescales", 1.0, "timescale"),
            Column("RAG", 0.7, "rag")]
    entries: list = []
    records = iter(v.take(content.ACTIONS, 40))
    for s, section in enumerate(v.take(content.SECTIONS, v.count(4, 2, 5)), 1):
        entries.append(SectionRow(section))
        for r in range(1, v.count(4, 1, 6) + 1):
            entries.append(Block([_action_row(next(records), f"{s}.{r}", v.rag_fill(len(entries)))]))
    style = TableStyle(font, header_fill="BFBFBF", section_fill="F2F2F2", repeat_header=True)
    items = draw_table(doc, cols, entries, style)
    doc.close()
    return items


def ruled_merged_milestones(path: Path, v: Variant) -> Items:
    """Objective and ref cells merged over 2-4 milestone rows, header
    synonyms, upper-case theme rows, header repeated on every page."""
    font = v.font(HELVETICA, 7.5)
    doc = Doc(path, PageStyle(v.pick(A4_LANDSCAPE, LANDSCAPES), (40, 50, 40, 50),
                              decorate=running(font.regular, footer="Children and Young People Improvement Plan",
                                               page_numbers=True)),
              title="Children and Young People's Improvement Plan 2017-18")
    v.title_block(doc, "Children and Young People's Improvement Plan 2017-18", font, 3)
    doc.paragraph("Action Plan", font.bold, 13, color="2E74B5")
    cols = [Column("Ref", 0.5, "ref"), Column("Objective", 2.2, "action"),
            Column("Key milestones", 2.6, "milestone"), Column("By when", 1.0, "timescale"),
            Column("Responsible officer", 1.3, "lead"), Column("Update", 2.5, "progress")]
    groups = iter(v.take(content.MILESTONE_GROUPS, 40))
    entries: list = []
    for s, section in enumerate(v.take(content.UPPER_SECTIONS, v.count(3, 2, 4)), 1):
        entries.append(SectionRow(section))
        for r in range(1, v.count(4, 1, 4) + 1):
            g = next(groups)
            rows = [{"milestone": m, "timescale": t, "lead": lead, "progress": p}
                    for m, t, lead, p in g["milestones"]]
            entries.append(Block(rows, merged={"ref": f"{s}.{r}", "action": g["action"]}))
    style = TableStyle(font, header_fill="1F3864", header_color="FFFFFF", section_fill="DEEAF6")
    items = draw_table(doc, cols, entries, style)
    doc.close()
    return items


def ruled_ref_columns(path: Path, v: Variant) -> Items:
    """Eight columns in a non-standard order: Lead first, Ref, Outcome,
    Success Measure, colour-only Status and an unnamed 'Resources required'."""
    font = v.font(TIMES, 8.0)
    doc = Doc(path, PageStyle(v.pick(LETTER_LANDSCAPE, LANDSCAPES), (44, 48, 44, 54),
                              decorate=running(font.regular, footer="SCRUTINY COMMITTEE APPENDIX 1")),
              title="Getting to Good: Children and Family Services Improvement Plan")
    v.title_block(doc, "\"Getting to Good\" Children and Family Services Improvement Plan", font, 1)
    cols = [Column("Lead(s)", 1.1, "lead"), Column("Ref", 0.5, "ref"), Column("Action", 2.0, "action"),
            Column("Outcome", 1.8, "outcome"), Column("Success Measure", 1.8, "success_measure"),
            Column("Date Due", 0.95, "timescale"), Column("Status", 0.75, "rag"),
            Column("Resources required", 1.2)]
    records = iter(v.take(content.ACTIONS, 40))
    entries: list = []
    unrated = v.count(5, 1, 6)  # one action not yet rated: empty Status cell
    n = 0
    for theme in sorted(v.take(THEMES_UPPER, v.count(3, 2, 4))):
        entries.append(SectionRow(theme))
        for r in range(1, v.count(4, 2, 6) + 1):
            n += 1
            rag = Rag(None) if n == unrated else v.rag_fill(n)
            row = _action_row(next(records), f"{theme.split(':')[0][-1]}.{r}", rag)
            entries.append(Block([row]))
    style = TableStyle(font, header_fill="FCE4D6", repeat_header=v.pick(True, [True, False]))
    items = draw_table(doc, cols, entries, style)
    doc.close()
    return items
