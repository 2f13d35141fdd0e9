"""Layouts from real plans, round 2: a status column of words drawn over
fills split line by line, and quarterly commentary columns. Each builder
draws one PDF and returns its expected items."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from samples import content
from samples.pdfdraw import A4_LANDSCAPE, A4_PORTRAIT, HELVETICA, TIMES, Doc, PageStyle
from samples.tables import Block, Column, Rag, TableStyle, TableWriter
from samples.variant import LANDSCAPES, PORTRAITS, Variant

Items = list[dict[str, Any]]

#: status words as trackers print them, with the fill the cell carries (or None)
STATUS_WORDS = [("blue", "Completed", "4F81BD"), ("green", "On track for due date", "9BBB59"),
                ("amber", "Plan in place", "F79646"), (None, "Commenced", None),
                ("blue", "Done", None), ("green", "On track", "92D050")]


class SplitFillWriter(TableWriter):
    """Status cells painted as a cell-sized fill with one more fill of the
    same colour behind each text line, as Word and print filters do: every
    fill's sides are in the file, but no line is visible."""

    def _draw_cells(self, top: float, height: float, cells: dict[str, list[str]],
                    fills: dict[str, str | None], bold: bool = False, color: str | None = None) -> None:
        for col, (x, w) in zip(self.columns, self.xs):
            fill = fills.get(col.key)
            if not fill or bold or col.key not in cells:
                continue
            self.doc.rect(x, top, w, height, fill=fill, stroke=False)
            for i in range(len(cells[col.key])):
                self.doc.rect(x + 2, top + self.style.pad + i * self.lead, w - 4, self.lead, fill=fill, stroke=False)
        super()._draw_cells(top, height, cells, {} if not bold else fills, bold, color)


def status_words(path: Path, v: Variant) -> Items:
    """An action tracker "Action | Due | Status": the Status cell holds words
    ("Completed", "On track for due date", "Commenced") - kept as progress -
    and often a fill drawn as several rectangles (RAG from the fill, else from
    a whole-cell RAG word)."""
    font = v.font(TIMES, 10.0)
    doc = Doc(path, PageStyle(v.pick(A4_PORTRAIT, PORTRAITS), (40, 60, 40, 60)), title="Status update")
    v.title_block(doc, "Status update on actions from the last meeting", font, 0)
    cols = [Column("Action", 3.2, "action"), Column("Due", 1.0, "timescale"), Column("Status", 1.1, "rag")]
    entries = []
    words = []
    for k, a in enumerate(v.take(content.ACTIONS, v.count(9, 6, 12))):
        level, word, fill = STATUS_WORDS[k % len(STATUS_WORDS)]
        entries.append(Block([{"action": a["action"], "timescale": a["timescale"].split("\n")[0],
                               "rag": Rag(level, fill=fill, label=word)}]))
        words.append(word)
    style = TableStyle(font, header_fill="D9D9D9", split_rows=False)
    items = SplitFillWriter(doc, cols, style).draw(entries)
    doc.close()
    for item, word in zip(items, words):
        item["progress"] = word
    return items


QUARTERS = ["Q1 update", "Q2 update", "Q3 update"]


def quarterly_commentary(path: Path, v: Variant) -> Items:
    """A delivery plan with one commentary column per quarter, filled up to
    a different quarter on each row: the latest filled quarter is the
    progress, the earlier ones stay in ``extra``."""
    font = v.font(HELVETICA, 8.0)
    doc = Doc(path, PageStyle(v.pick(A4_LANDSCAPE, LANDSCAPES), (40, 50, 40, 56)), title="Delivery plan")
    v.title_block(doc, "Corporate delivery plan: quarterly monitoring", font, 0)
    cols = [Column("Action", 2.4, "action"), Column("Lead", 1.0, "lead"), Column("Due", 0.8, "timescale")]
    cols += [Column(q, 1.8, None) for q in QUARTERS]
    entries, filled = [], []
    for k, a in enumerate(v.take(content.ACTIONS, v.count(8, 5, 10))):
        n = 1 + k % len(QUARTERS)
        notes = [a["progress"].split(". ")[min(i, len(a["progress"].split(". ")) - 1)] if i < n else ""
                 for i in range(len(QUARTERS))]
        row = {"action": a["action"], "lead": a["lead"].split("\n")[0], "timescale": a["timescale"].split("\n")[0]}
        row.update(dict(zip(QUARTERS, notes)))
        entries.append(Block([row]))
        filled.append(n)
    items = TableWriter(doc, cols, TableStyle(font, header_fill="DDEBF7")).draw(entries)
    doc.close()
    for item, n in zip(items, filled):
        item["progress"] = item["extra"].pop(QUARTERS[n - 1], None)
    return items
