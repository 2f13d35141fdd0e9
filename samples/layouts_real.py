"""Layouts seen in real plans nobody here wrote: unfamiliar header wordings
with full-width objective rows, start and finish dates, a two-row grouped
header, action cards, and small trackers with no header row.  Each builder
draws one PDF and returns its expected items."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from council_plans.schema.items import TEXT_FIELDS
from samples import content
from samples.pdfdraw import A4_LANDSCAPE, A4_PORTRAIT, HELVETICA, TIMES, Doc, PageStyle, wrap
from samples.tables import Block, Column, Rag, SectionRow, TableStyle, TableWriter, draw_table, record_row
from samples.variant import LANDSCAPES, PORTRAITS, Variant, running

Items = list[dict[str, Any]]

OBJECTIVES = [
    "Strategic objective 1: Children and young people are safe and well",
    "Strategic objective 2: Families get the right help at the right time",
    "Strategic objective 3: A stable, skilled and supported workforce",
    "Strategic objective 4: Partners hold each other to account",
]
SHARED_LEADS = ["Director of Children's Services / Head of Early Help", "Service Manager, Quality Assurance",
                "Principal Social Worker and Workforce Lead", "Head of Service\nIRO Manager"]


def _committed_row(a: dict[str, str], k: int) -> dict[str, Any]:
    row = record_row(a, {"action": "action", "timescale": "timescale", "outcome": "outcome",
                         "success_measure": "success"})
    row["lead"] = SHARED_LEADS[k % len(SHARED_LEADS)] if k % 3 == 0 else a["lead"]
    if k % 4:  # the measure column is empty for most rows
        row["success_measure"] = ""
    return row


def delivery_plan(path: Path, v: Variant) -> Items:
    """A council delivery plan worded nothing like the usual headers ("What we
    have committed to | Led by | Timescal e | Measure | Shared Outcome"), the
    header word wrapped mid-word, header on a shaded band and reworded when
    repeated, a full-width objective row above each group of actions, leads
    naming several roles, a measure column empty for most rows."""
    font = v.font(HELVETICA, 8.0)
    doc = Doc(path, PageStyle(v.pick(A4_LANDSCAPE, LANDSCAPES), (44, 50, 44, 56),
                              decorate=running(font.regular, footer="Cabinet - Appendix A", page_numbers=True)),
              title="Children's Services Delivery Plan")
    v.title_block(doc, "Children's Services Delivery Plan 2024-26", font, 1)
    cols = [Column("What we have\ncommitted to", 2.6, "action"), Column("Led by", 1.3, "lead"),
            Column("Timescal\ne", 0.62, "timescale"), Column("Measure", 1.6, "success_measure"),
            Column("Shared Outcome", 1.8, "outcome")]
    records = iter(v.take(content.ACTIONS, 40))
    entries: list = []
    k = 0
    for objective in v.take(OBJECTIVES, v.count(3, 2, 4)):
        entries.append(SectionRow(objective))
        for _ in range(v.count(4, 2, 5)):
            entries.append(Block([_committed_row(next(records), k)]))
            k += 1
    style = TableStyle(font, header_fill="1F4E79", header_color="FFFFFF", section_fill="DDEBF7",
                       repeat_wording={"action": "What we have\ncommitted to do", "timescale": "Timescal\nes"})
    items = draw_table(doc, cols, entries, style)
    doc.close()
    return items


def start_finish(path: Path, v: Variant) -> Items:
    """A work plan with Start and Finish columns (finish -> timescale, start
    -> extra), an unlabelled number column and a "Position at ..." column."""
    font = v.font(TIMES, 9.0)
    doc = Doc(path, PageStyle(v.pick(A4_PORTRAIT, PORTRAITS), (56, 60, 56, 60)), title="Panel work plan")
    v.title_block(doc, "Panel work plan 2024-25", font, 1)
    cols = [Column("", 0.35, "ref"), Column("Activity", 2.4, "action"), Column("Start", 0.9),
            Column("Finish", 0.9, "timescale"), Column("Accountable", 1.1, "lead"),
            Column("Position at 31 March", 2.0, "progress")]
    starts = ["January 2024", "April 2024", "May 2024 (brought forward)", "June 2024", "September 2024"]
    entries = []
    for n, a in enumerate(v.take(content.ACTIONS, v.count(7, 4, 9)), 1):
        row = record_row(a, {"action": "action", "timescale": "timescale", "lead": "lead", "progress": "progress"})
        row["ref"], row["Start"] = f"{n}.", starts[n % len(starts)]
        entries.append(Block([row]))
    items = draw_table(doc, cols, entries, TableStyle(font, header_fill=None, repeat_header=True))
    doc.close()
    return items


class GroupedWriter(TableWriter):
    """A header of two rows: group names over the column names (INTENT over
    one column, IMPLEMENTATION over three, IMPACT over two)."""

    groups: list[tuple[str, int]] = [("INTENT", 1), ("IMPLEMENTATION", 3), ("IMPACT", 2)]

    def header_height(self) -> float:
        return super().header_height() + self._height(1)

    def draw_header(self, repeat: bool = False) -> None:
        h, f, doc = self._height(1), self.style.font, self.doc
        k = 0
        for name, span in self.groups:
            x0 = self.xs[k][0]
            width = sum(w for _, w in self.xs[k:k + span])
            doc.rect(x0, doc.y, width, h, fill="C9C9C9", stroke=True)
            doc.text(x0 + self.style.pad + 0.5, doc.y + self.style.pad + f.size * 0.85, name, f.bold, f.size)
            k += span
        doc.y += h
        super().draw_header(repeat)


def grouped_header(path: Path, v: Variant) -> Items:
    """A school template: INTENT / IMPLEMENTATION / IMPACT over terse column
    names ("What", "How", "Who", "When", "Evidence", "RAG")."""
    font = v.font(HELVETICA, 8.0)
    doc = Doc(path, PageStyle(v.pick(A4_LANDSCAPE, LANDSCAPES), (44, 50, 44, 50)), title="School development plan")
    v.title_block(doc, "School Development Plan 2024-25", font, 1)
    cols = [Column("What", 1.8, "outcome"), Column("How", 2.4, "action"), Column("Who", 1.0, "lead"),
            Column("When", 0.9, "timescale"), Column("Evidence", 1.9, "success_measure"),
            Column("RAG", 0.6, "rag")]
    entries = [Block([{**record_row(a, {"outcome": "outcome", "action": "action", "lead": "lead",
                                        "timescale": "timescale", "success_measure": "success"}),
                       "rag": v.rag_fill(k)}]) for k, a in enumerate(v.take(content.ACTIONS, v.count(6, 3, 8)))]
    items = GroupedWriter(doc, cols, TableStyle(font, header_fill="E7E6E6")).draw(entries)
    doc.close()
    return items


CARD_LABELS = [("Task", "action"), ("Owned by", "lead"), ("Deadline", "timescale"), ("RAG status", "rag")]


def _card(doc: Doc, font, a: dict[str, str], rag: Rag, section: str) -> dict[str, Any]:
    """One action card: a two-column ruled table, labels on the left."""
    x0, width = doc.left, doc.frame_width * 0.7
    lw, pad, lead = width * 0.25, 2.5, font.leading
    values = {"action": a["action"], "lead": a["lead"], "timescale": a["timescale"], "rag": ""}
    lines = {f: wrap(values[f], font.regular, font.size, width - lw - 2 * pad - 1) for _, f in CARD_LABELS}
    need = sum(2 * pad + max(1, len(ls)) * lead for ls in lines.values()) + 10
    if doc.space_left() < need:
        doc.new_page()
    page = doc.page
    for label, f in CARD_LABELS:
        h = 2 * pad + max(1, len(lines[f])) * lead
        doc.rect(x0, doc.y, lw, h, fill="F2F2F2", stroke=True)
        doc.rect(x0 + lw, doc.y, width - lw, h, fill=rag.fill if f == "rag" else None, stroke=True)
        doc.text(x0 + pad + 0.5, doc.y + pad + font.size * 0.85, label, font.bold, font.size)
        for i, line in enumerate(lines[f]):
            doc.text(x0 + lw + pad + 0.5, doc.y + pad + font.size * 0.85 + i * lead, line, font.regular, font.size)
        doc.y += h
    doc.y += 10
    item: dict[str, Any] = {name: None for name in TEXT_FIELDS}
    item.update({f: " ".join(lines[f]) for _, f in CARD_LABELS[:3]})
    item.update(section=section, rag=rag.level, page_first=page, page_last=page, extra={})
    return item


def action_cards(path: Path, v: Variant) -> Items:
    """One small ruled table per action ("Task / Owned by / Deadline / RAG
    status", RAG as a fill only), cards grouped under headings."""
    font = v.font(HELVETICA, 8.5)
    doc = Doc(path, PageStyle(v.pick(A4_PORTRAIT, PORTRAITS), (56, 56, 56, 56)), title="Action cards")
    v.title_block(doc, "Improvement Board: action cards", font, 1)
    records = iter(v.take(content.ACTIONS, 30))
    items: Items = []
    k = 0
    for section in v.take(content.SECTIONS, v.count(2, 2, 3)):
        doc.ensure(90)
        doc.paragraph(section, font.bold, 11)
        for _ in range(v.count(3, 2, 4)):
            items.append(_card(doc, font, next(records), v.rag_fill(k), section))
            k += 1
    doc.close()
    return items


INITIALS = ["JB", "SM", "HT/SBM", "KL", "PW, JB", "DB"]
STATUS = [("green", "Green"), ("amber", "Amber"), ("blue", "Complete"), ("red", "Red")]


def headerless_trackers(path: Path, v: Variant) -> Items:
    """Small ruled tables with no header row, each under a heading printed
    outside it: action text, owner initials, a due date and a status word."""
    font = v.font(TIMES, 9.0)
    doc = Doc(path, PageStyle(v.pick(A4_PORTRAIT, PORTRAITS), (56, 60, 56, 60)), title="Action tracker")
    v.title_block(doc, "Leadership team action tracker", font, 1)
    cols = [Column("", 3.0, "action"), Column(" ", 0.8, "lead"), Column("  ", 1.0, "timescale"),
            Column("   ", 0.9, "rag")]
    records = iter(v.take(content.ACTIONS, 30))
    items: Items = []
    k = 0
    for section in v.take(content.SECTIONS, v.count(3, 2, 4)):
        entries = []
        for _ in range(v.count(3, 2, 4)):
            a = next(records)
            level, word = STATUS[k % len(STATUS)]
            entries.append(Block([{"action": a["action"], "lead": INITIALS[k % len(INITIALS)],
                                   "timescale": a["timescale"].split("\n")[0], "rag": Rag(level, label=word)}]))
            k += 1
        tw = HeaderlessWriter(doc, cols, TableStyle(font, header_fill=None, split_rows=False), section=section)
        doc.paragraph(section, font.bold, 11, keep_with=tw.start_height(entries))
        items += tw.draw(entries)
    doc.close()
    return items


class HeaderlessWriter(TableWriter):
    """A table drawn without any header row."""

    def header_height(self) -> float:
        return 0.0

    def draw_header(self, repeat: bool = False) -> None:
        return None
