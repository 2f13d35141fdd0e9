"""Layouts drawn independently of the real plans, round 3: a table drawn
with shading only (a dark header band, every other row shaded across all
but the status column), a two-row header whose column names are tall cells
beside a "Timescale" group over Start and Finish, and a borderless table
whose bold header wraps over two lines. Each builder draws one PDF and
returns its expected items."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth

from samples import content
from samples.pdfdraw import A4_LANDSCAPE, HELVETICA, Doc, PageStyle
from samples.tables import Block, Column, Rag, TableStyle, TableWriter, record_row
from samples.variant import LANDSCAPES, Variant

Items = list[dict[str, Any]]

BAND = "1F3864"
SHADE = "F2F2F2"
MARGINS = (44, 50, 44, 50)
PLAN_KEYS = ("action", "lead", "timescale", "progress")


def _start(path: Path, v: Variant, short: str, title: str, size: float = 8.0) -> tuple[Doc, Any]:
    """A landscape document with its title block; (doc, font)."""
    font = v.font(HELVETICA, size)
    doc = Doc(path, PageStyle(v.pick(A4_LANDSCAPE, LANDSCAPES), MARGINS), title=short)
    v.title_block(doc, title, font, 1)
    return doc, font


def _entries(v: Variant, keys: tuple[str, ...], extra: Any, counts: tuple[int, int, int]) -> list[Block]:
    """One row per action drawn from the content pool: ``keys`` of the record,
    plus what ``extra(k)`` gives the k-th row (ref, RAG, start date)."""
    return [Block([{**record_row(a, {key: key for key in keys}), **extra(k)}])
            for k, a in enumerate(v.take(content.ACTIONS, v.count(*counts)))]


def _draw(doc: Doc, writer: TableWriter, entries: list[Block]) -> Items:
    items = writer.draw(entries)
    doc.close()
    return items


class ShadedWriter(TableWriter):
    """No rulings: the header is a dark band in white type, and every other
    body row is one shaded rectangle across all columns but the last (the
    status column, filled by its own RAG colour), so the only boxes on the
    page cut the table into two "columns"."""

    shaded = False

    def draw_header(self, repeat: bool = False) -> None:
        h, f = self.header_height(), self.style.font
        x0 = self.xs[0][0]
        self.doc.rect(x0, self.doc.y, sum(w for _, w in self.xs), h, fill=BAND, stroke=False)
        for col, (x, _) in zip(self.columns, self.xs):
            self.doc.text(x + self.style.pad + 0.5, self.doc.y + self.style.pad + f.size * 0.85, col.header,
                          f.bold, f.size, "FFFFFF")
        self.doc.y += h

    def _draw_cells(self, top: float, height: float, cells: dict[str, list[str]],
                    fills: dict[str, str | None], bold: bool = False, color: str | None = None) -> None:
        if not bold:
            self.shaded = not self.shaded
            if self.shaded:
                x0, (xl, _) = self.xs[0][0], self.xs[-1]
                self.doc.rect(x0, top, xl - x0, height, fill=SHADE, stroke=False)
        super()._draw_cells(top, height, cells, fills, bold, color)


def shaded_bands(path: Path, v: Variant) -> Items:
    """Ref | What we will do | Lead | By when | RAG, drawn with fills only."""
    doc, font = _start(path, v, "Corporate parenting", "Corporate Parenting Action Plan")
    cols = [Column("Ref", 0.4, "ref"), Column("What we will do", 3.0, "action"), Column("Lead", 1.2, "lead"),
            Column("By when", 0.9, "timescale"), Column("RAG", 0.5, "rag")]
    entries = _entries(v, ("action", "lead", "timescale"),
                       lambda k: {"ref": f"CP{k + 1:02d}", "rag": v.rag_fill(k)}, (7, 4, 9))
    style = TableStyle(font, ruled=False, header_fill=None, split_rows=False)
    return _draw(doc, ShadedWriter(doc, cols, style), entries)


class TallGroupWriter(TableWriter):
    """A two-row header: every column name is one tall cell over both rows,
    except "Timescale", printed over its two columns Start and Finish."""

    group = "Timescale"
    grouped = ("Start", "Finish")

    def header_height(self) -> float:
        return 2 * self._height(1)

    def draw_header(self, repeat: bool = False) -> None:
        h, f, doc, pad = self._height(1), self.style.font, self.doc, self.style.pad
        fill = self.style.header_fill
        spots = [(col.header, x, w) for col, (x, w) in zip(self.columns, self.xs)]
        starts = [i for i, (name, _, _) in enumerate(spots) if name in self.grouped]
        for i, (name, x, w) in enumerate(spots):
            if i in starts:
                doc.rect(x, doc.y + h, w, h, fill=fill, stroke=True)
                doc.text(x + pad + 0.5, doc.y + h + pad + f.size * 0.85, name, f.bold, f.size)
            else:
                doc.rect(x, doc.y, w, 2 * h, fill=fill, stroke=True)
                doc.text(x + pad + 0.5, doc.y + pad + f.size * 0.85, name, f.bold, f.size)
        x0, width = spots[starts[0]][1], sum(spots[i][2] for i in starts)
        doc.rect(x0, doc.y, width, h, fill=fill, stroke=True)
        doc.text(x0 + pad + 0.5, doc.y + pad + f.size * 0.85, self.group, f.bold, f.size)
        doc.y += 2 * h


def tall_grouped_header(path: Path, v: Variant) -> Items:
    """Action | Responsible | Timescale (Start, Finish) | Update | Status:
    the finish is the timescale, the start goes to ``extra``."""
    doc, font = _start(path, v, "Improvement plan", "Improvement plan: progress report to scrutiny")
    cols = [Column("Action", 2.6, "action"), Column("Responsible", 1.1, "lead"), Column("Start", 0.8, None),
            Column("Finish", 0.8, "timescale"), Column("Update", 2.4, "progress"), Column("Status", 0.6, "rag")]
    entries = _entries(v, PLAN_KEYS, lambda k: {"Start": "April 2016", "rag": v.rag_fill(k)}, (6, 4, 8))
    return _draw(doc, TallGroupWriter(doc, cols, TableStyle(font, header_fill="E2EFDA")), entries)


def wrapped_bold_header(path: Path, v: Variant) -> Items:
    """A borderless table whose bold header wraps over two lines in several
    columns ("Action to be / taken", "Responsible / officer") without the
    second line naming any more roles: both lines are the header."""
    doc, font = _start(path, v, "Action plan", "Action plan following the inspection")
    cols = [Column("Ref", 0.4, "ref"), Column("Action to be\ntaken", 2.6, "action"),
            Column("Responsible\nofficer", 1.2, "lead"), Column("Completion\ndate", 0.9, "timescale"),
            Column("Progress update\n(this quarter)", 2.4, "progress")]
    entries = _entries(v, PLAN_KEYS, lambda k: {"ref": str(k + 1)}, (6, 4, 8))
    style = TableStyle(font, ruled=False, header_fill=None, split_rows=False)
    return _draw(doc, TableWriter(doc, cols, style), entries)


class CentredHeaderWriter(TableWriter):
    """No rulings but a rule under the header; header labels centred over
    left-aligned cells; the header is not repeated on the next page."""

    def draw_header(self, repeat: bool = False) -> None:
        h, f, doc = self.header_height(), self.style.font, self.doc
        for col, (x, w) in zip(self.columns, self.xs):
            for i, text in enumerate(self._lines(col, col.header, bold=True)):
                left = x + (w - stringWidth(text, f.bold, f.size)) / 2
                doc.text(left, doc.y + self.style.pad + f.size * 0.85 + i * self.lead, text, f.bold, f.size)
        doc.hline(self.xs[0][0], self.xs[-1][0] + self.xs[-1][1], doc.y + h, color="000000", width=0.8)
        doc.y += h


def centred_header_continued(path: Path, v: Variant) -> Items:
    """A borderless plan whose bold labels are centred over left-aligned
    columns (the labels start right of their columns' text) and whose rows go
    on over the next pages with no header there, a row cut by the page break
    going on at the top of the next page."""
    doc, font = _start(path, v, "Service plan", "Service plan: actions for the year")
    cols = [Column("Ref", 0.5, "ref"), Column("Action", 3.0, "action"), Column("Lead officer", 1.3, "lead"),
            Column("Deadline", 0.9, "timescale"), Column("Update", 2.6, "progress")]
    entries = _entries(v, PLAN_KEYS, lambda k: {"ref": f"{k // 6 + 1}.{k % 6 + 1}"}, (24, 18, 30))
    style = TableStyle(font, ruled=False, header_fill=None, repeat_header=False, split_rows=True, pad=4.0)
    return _draw(doc, CentredHeaderWriter(doc, cols, style), entries)


class NoHeaderWriter(TableWriter):
    """Rows only: no header row, no rulings (text set in columns)."""

    def header_height(self) -> float:
        return 0.0

    def draw_header(self, repeat: bool = False) -> None:
        return None


#: status words of an action log: (RAG level the word gives, the word)
LOG_STATUS = [("blue", "Complete"), (None, "Ongoing"), (None, "New"), (None, "Ongoing")]
LOG_OWNERS = ["JS", "KM", "DH", "PW / RT", "SB"]


def headerless_text_log(path: Path, v: Variant) -> Items:
    """A board's action log as plain text in columns (no rulings, no header
    row: number, action, owner initials, date, status word) under bold
    headings, in two groups."""
    doc, font = _start(path, v, "Board actions", "Improvement Board: actions", 9.0)
    cols = [Column("No", 0.4, "ref"), Column("Action", 4.0, "action"), Column("Owner", 0.7, "lead"),
            Column("Date", 0.9, "timescale"), Column("Status", 0.9, "rag")]
    style = TableStyle(font, ruled=False, header_fill=None, split_rows=False, pad=3.0)
    items: Items = []
    actions = v.take(content.ACTIONS, 10)
    for g, heading in enumerate(("Actions arising", "Actions carried forward")):
        doc.paragraph(heading, font.bold, 11, space_after=4)
        entries, words = [], []
        for k in range(5):
            level, word = LOG_STATUS[(g * 5 + k) % len(LOG_STATUS)]
            a = actions[g * 5 + k]
            entries.append(Block([{"ref": str(g * 5 + k + 1), "action": a["action"],
                                   "lead": LOG_OWNERS[k], "timescale": f"{10 + k}/0{g + 3}/2025",
                                   "rag": Rag(level, label=word)}]))
            words.append(word)
        drawn = NoHeaderWriter(doc, cols, style, section=heading).draw(entries)
        for item, word in zip(drawn, words):
            item["progress"] = word
        items += drawn
        doc.y += 14
    doc.close()
    return items
