"""Borderless, text-RAG, small-table, non-plan, header-less continuation and
rotated layouts.  Each builder draws one PDF and returns its expected items."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from samples import content
from samples.pdfdraw import (A4_LANDSCAPE, A4_PORTRAIT, HELVETICA, LETTER_PORTRAIT, TIMES, Doc,
                             PageStyle)
from samples.tables import Block, Column, Rag, SectionRow, TableStyle, TableWriter, draw_table, record_row
from samples.variant import LANDSCAPES, PORTRAITS, RAG_FILLS, Variant, running

Items = list[dict[str, Any]]


PLAN_KEYS = {"action": "action", "progress": "progress", "lead": "lead", "timescale": "timescale"}


def _plan_row(a: dict[str, str], ref: str | None = None, rag: Rag | None = None) -> dict[str, Any]:
    return record_row(a, PLAN_KEYS, ref, rag)


def borderless(path: Path, v: Variant) -> Items:
    """No ruling lines at all: columns only by alignment; bold full-width
    section rows, refs like 'Ofsted 1.1', multi-line cells, repeated header."""
    font = v.font(HELVETICA, 8.0)
    doc = Doc(path, PageStyle(v.pick(A4_LANDSCAPE, LANDSCAPES), (40, 44, 40, 44)),
              title="Improvement Plan 2017-2018: progress report")
    doc.paragraph("Improvement Plan 2017-2018: progress report", font.bold, 16, space_after=10)
    if v.label:
        doc.paragraph(v.label, font.bold, 9)
    doc.paragraph(v.take(content.INTRO_PARAGRAPHS, 1)[0], font.regular, 8)
    cols = [Column("Action\nNumber", 0.8, "ref"), Column("Action", 2.2, "action"),
            Column("Milestones", 2.5, "milestone"), Column("Timescale", 1.1, "timescale"),
            Column("Lead Officers", 1.3, "lead"), Column("Progress", 2.6, "progress")]
    groups = iter(v.take(content.MILESTONE_GROUPS, 60))
    entries: list = []
    for prefix, section, n_rows in [("Ofsted", "OFSTED ACTION PLAN", 9),
                                    ("LIP", "LOCAL IMPROVEMENT PRIORITIES", 5)]:
        entries.append(SectionRow(section))
        for r in range(1, v.count(n_rows, 3, 12) + 1):
            g = next(groups)
            ms = g["milestones"][: v.rng.randint(1, 3)]
            leads: list[str] = []
            for m in ms:
                leads += [x for x in m[2].split("\n") if x not in leads]
            entries.append(Block([{
                "ref": f"{prefix} {r}.1", "action": g["action"],
                "milestone": "\n".join(m[0] for m in ms), "timescale": "\n".join(m[1] for m in ms),
                "lead": "\n".join(leads), "progress": "\n".join(m[3] for m in ms)}]))
    style = TableStyle(font, ruled=False, header_fill=None, pad=3.5, repeat_header=True)
    items = draw_table(doc, cols, entries, style)
    doc.close()
    return items


def rag_text(path: Path, v: Variant) -> Items:
    """RAG as words in a 'RAG rating' column, plain-English header wording and
    multi-line header cells; one table per priority under a heading."""
    font = v.font(TIMES, 9.0)
    doc = Doc(path, PageStyle(v.pick(A4_PORTRAIT, PORTRAITS), (56, 60, 56, 60),
                              decorate=running(font.regular, footer="Corporate Parenting Board",
                                               page_numbers=True)),
              title="Corporate Parenting Strategy: delivery plan")
    v.title_block(doc, "Corporate Parenting Strategy: delivery plan 2022-25", font, 2)
    cols = [Column("What we will do", 2.4, "action"), Column("Timeframe", 1.0, "timescale"),
            Column("Who is\nresponsible?", 1.1, "lead"), Column("Progress to\ndate", 2.4, "progress"),
            Column("RAG rating", 0.75, "rag")]
    style = TableStyle(font, header_fill="DEEAF6", repeat_header=True)
    records = iter(v.take(content.ACTIONS, 40))
    items: Items = []
    priorities = ["Help and protection", "Stable homes", "Education and health", "Leaving care"]
    for p, name in enumerate(v.take(priorities, v.count(3, 2, 4)), 1):
        entries = [Block([_plan_row(next(records), rag=v.rag_text())]) for _ in range(v.count(3, 1, 5))]
        tw = TableWriter(doc, cols, style, section=f"Priority {p}: {name}")
        doc.paragraph(f"Priority {p}: {name}", font.bold, 11, keep_with=tw.start_height(entries))
        items += tw.draw(entries)
    doc.close()
    return items


def themes_small_tables(path: Path, v: Variant) -> Items:
    """Small tables each under a 'Theme: N. ...' heading with a non-bold
    'Lead HofS:' line between heading and table."""
    font = v.font(HELVETICA, 8.5)
    doc = Doc(path, PageStyle(v.pick(LETTER_PORTRAIT, PORTRAITS), (54, 54, 54, 54)),
              title="Ofsted ILACS Action Plan")
    v.title_block(doc, "Ofsted ILACS Action Plan", font, 1)
    doc.paragraph("Action Plan", font.bold, 13, color="2E74B5")
    cols = [Column("Task", 2.0, "action"), Column("Who is responsible?", 1.0, "lead"),
            Column("Timeframe", 1.0, "timescale"), Column("Update", 1.8, "progress"),
            Column("Rag rating", 0.9, "rag")]
    style = TableStyle(font, header_fill="BDD7EE", repeat_header=False)
    items: Items = []
    for n, theme in enumerate(v.take(content.THEMES, v.count(4, 2, 4)), 1):
        heading = f"Theme: {n}. {theme['title']}"
        entries = [Block([{"action": t[0], "lead": t[1], "timescale": t[2], "progress": t[3],
                           "rag": v.rag_fill(k) if v.randomise else
                           Rag(t[4], fill=_shade(t[4], k))}])
                   for k, t in enumerate(theme["tasks"])]
        tw = TableWriter(doc, cols, style, section=heading)
        lead_h = 9 * 1.25 + 8  # the "Lead HofS" line and the space after it
        doc.paragraph(heading, font.bold, 9.5, keep_with=lead_h + tw.start_height(entries))
        doc.paragraph(f"Lead HofS: {theme['lead']}", font.regular, 9, space_after=8)
        items += tw.draw(entries)
    doc.close()
    return items


def _shade(level: str, k: int) -> str:
    fills = RAG_FILLS[level]
    return fills[k % len(fills)]


def no_plan(path: Path, v: Variant) -> Items:
    """A committee report with a glossary, a performance-indicator table with
    RAG fills and an agenda list: tables, but no action plan."""
    font = v.font(HELVETICA, 9.0)
    doc = Doc(path, PageStyle(v.pick(LETTER_PORTRAIT, PORTRAITS), (64, 60, 64, 60)),
              title="Scrutiny Panel: performance and work programme")
    v.title_block(doc, "Scrutiny Panel: performance and work programme", font, 3)
    style = TableStyle(font, header_fill=None, repeat_header=True)
    doc.paragraph("Glossary", font.bold, 11)
    draw_table(doc, [Column("Term", 1.0), Column("Meaning", 3.0)],
               [Block([{"Term": t, "Meaning": m}]) for t, m in content.GLOSSARY], style, record=False)
    doc.paragraph("Performance summary", font.bold, 11)
    pi_cols = [Column("Indicator", 3.0), Column("Target", 0.8), Column("Actual", 0.8),
               Column("RAG", 0.6, "rag")]
    pis = [Block([{"Indicator": i, "Target": t, "Actual": a, "rag": Rag(r, fill=_shade(r, k))}])
           for k, (i, t, a, r) in enumerate(content.INDICATORS)]
    draw_table(doc, pi_cols, pis, style, record=False)
    doc.paragraph("Two indicators are red this quarter. Managers have been asked to report on "
                  "re-referrals and placement stability at the next meeting of the panel.",
                  font.regular, 9)
    doc.paragraph("Forward work programme", font.bold, 11)
    ag_cols = [Column("Item", 0.6), Column("Description", 3.0), Column("Lead", 1.4), Column("Report", 0.9)]
    agenda = [Block([{"Item": n, "Description": t, "Lead": lead, "Report": rep}])
              for (n, t, _), lead, rep in zip(content.AGENDA_ITEMS[2:],
                                              ["Democratic Services", "Chair", "Earl Piggott-Smith",
                                               "Emma Bennett", "Bill Hague"],
                                              ["Attached", "Verbal", "To follow", "Attached", "Attached"])]
    draw_table(doc, ag_cols, agenda, style, record=False)
    doc.close()
    return []


def missing_header_continuation(path: Path, v: Variant) -> Items:
    """A plan that runs onto the next page with no header row there (rows
    are kept whole), followed on that page by an unrelated budget table."""
    font = v.font(TIMES, 9.0)
    doc = Doc(path, PageStyle(v.pick(A4_LANDSCAPE, LANDSCAPES), (50, 50, 50, 50),
                              decorate=running(font.regular, page_numbers=True)),
              title="Children's Services Self-Evaluation: action plan")
    v.title_block(doc, "Children's Services Self-Evaluation: action plan", font, 2)
    cols = [Column("Ref", 0.5, "ref"), Column("Action", 2.4, "action"), Column("Lead officer", 1.2, "lead"),
            Column("Target date", 1.0, "timescale"), Column("Progress update", 3.0, "progress")]
    records = v.take(content.ACTIONS, v.count(12, 8, 16))
    entries = [Block([_plan_row(a, ref=f"A{k:02d}")]) for k, a in enumerate(records, 1)]
    style = TableStyle(font, header_fill="E7E6E6", repeat_header=False, split_rows=False)
    section = "Areas for development"
    tw = TableWriter(doc, cols, style, section=section)
    doc.paragraph(section, font.bold, 11, keep_with=tw.start_height(entries))
    items = tw.draw(entries)
    doc.paragraph("Financial implications", font.bold, 11)
    doc.paragraph("The actions in the plan are funded from existing budgets. The current "
                  "forecast for the service is set out below.", font.regular, 9)
    draw_table(doc, [Column("Budget line", 2.4), Column("Budget 2017/18", 1.0),
                     Column("Forecast outturn", 1.0), Column("Variance", 1.0)],
               [Block([dict(zip(["Budget line", "Budget 2017/18", "Forecast outturn", "Variance"], b))])
                for b in content.BUDGET_LINES], TableStyle(font, header_fill="E7E6E6"), record=False)
    doc.close()
    return items


def rotated_page(path: Path, v: Variant) -> Items:
    """Page 2 carries /Rotate 90 with its landscape table drawn to read
    upright on screen; page 3 is a portrait sheet with the table printed
    sideways (text turned 90 degrees, no /Rotate)."""
    font = v.font(HELVETICA, 8.0)
    size = v.pick(A4_LANDSCAPE, LANDSCAPES)
    portrait = (size[1], size[0])
    deco = running(font.regular, footer="Youth Justice Plan", page_numbers=True)
    doc = Doc(path, PageStyle(portrait, (60, 60, 60, 60), decorate=deco), title="Youth Justice Plan")
    v.title_block(doc, "Youth Justice Plan 2017/18", font, 3)
    doc.paragraph("The action plan is set out on the following pages.", font.regular, 9)
    cols = [Column("Ref", 0.5, "ref"), Column("Action", 2.3, "action"), Column("Lead", 1.1, "lead"),
            Column("Due date", 1.0, "timescale"), Column("Progress", 3.0, "progress"),
            Column("RAG", 0.6, "rag")]
    style = TableStyle(font, header_fill="D9E2F3")
    records = iter(v.take(content.ACTIONS, 20))
    items: Items = []
    for s, mode in enumerate(["rotate90", "sideways"], 1):
        doc.new_page(PageStyle(size, (44, 48, 44, 48), mode=mode, decorate=deco))
        section = content.SECTIONS[s + 3]
        entries = [Block([_plan_row(next(records), f"{s}.{r}", v.rag_fill(s * 5 + r))])
                   for r in range(1, v.count(4, 2, 4) + 1)]
        doc.paragraph(section, font.bold, 11)
        items += draw_table(doc, cols, entries, style, section=section)
    doc.close()
    return items
