"""Layouts drawn independently of the real plans, round 3: RAG shown only as
coloured dots or ticks with a key on the page, priorities printed sideways
in a merged left-hand cell, and a one-row table on a presentation slide.
Each builder draws one PDF and returns its expected items."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.colors import HexColor

from council_plans.schema.items import TEXT_FIELDS
from samples import content
from samples.pdfdraw import A4_LANDSCAPE, HELVETICA, Doc, PageStyle, wrap
from samples.tables import Block, Column, Rag, TableStyle, TableWriter, record_row
from samples.variant import LANDSCAPES, Variant, running

Items = list[dict[str, Any]]

#: the key printed above each dotted table: (level, colour, word); completion is
#: purple, a colour no RAG hue names, so only the key says what it means
DOT_KEY = [("blue", "7030A0", "Complete"), ("green", "00B050", "On track"),
           ("amber", "FFC000", "Some slippage"), ("red", "C00000", "Off track")]
#: ZapfDingbats codes: a filled circle and a heavy tick
DINGBAT_DOT, DINGBAT_TICK = "\u25cf", "\u2714"
DINGBATS = "ZapfDingbats"
DOT_RADIUS = 3.5


def _mark(doc: Doc, x: float, y: float, colour: str, glyph: str | None, size: float) -> None:
    """A coloured mark centred on (x, y) (logical, top-down): a drawn circle,
    or a ZapfDingbats glyph in a coloured font."""
    c = doc.canvas
    c.setFillColor(HexColor("#" + colour))
    if glyph is None:
        c.circle(x, doc.height - y, DOT_RADIUS, stroke=0, fill=1)
        return
    c.setFont(DINGBATS, size)
    c.drawString(x - size * 0.4, doc.height - y - size * 0.35, glyph)


class MarkWriter(TableWriter):
    """RAG cells drawn as a small coloured mark in the middle of the cell
    (a circle, or a glyph when ``glyphs`` names one per level) instead of a fill."""

    def __init__(self, doc: Doc, columns: list[Column], style: TableStyle,
                 glyphs: dict[str, str] | None = None) -> None:
        super().__init__(doc, columns, style)
        self.glyphs = glyphs

    def _draw_cells(self, top: float, height: float, cells: dict[str, list[str]],
                    fills: dict[str, str | None], bold: bool = False, color: str | None = None) -> None:
        super()._draw_cells(top, height, cells, {}, bold, color)
        for col, (x, w) in zip(self.columns, self.xs):
            fill = fills.get(col.key)
            if fill and not bold:
                glyph = self.glyphs.get(fill, DINGBAT_DOT) if self.glyphs is not None else None
                _mark(self.doc, x + w / 2, top + self.style.pad + self.lead / 2, fill, glyph, self.style.font.size)


def _key(doc: Doc, font, entries: list[tuple[str, str, str | None]]) -> None:
    """"Key:" then a mark and its word per entry, on one line."""
    y = doc.y + font.size
    doc.text(doc.left, y, "Key:", font.bold, font.size)
    x = doc.left + 30
    for colour, word, glyph in entries:
        _mark(doc, x + DOT_RADIUS, y - font.size * 0.35, colour, glyph, font.size)
        doc.text(x + 3 * DOT_RADIUS, y, word, font.regular, font.size)
        x += 3 * DOT_RADIUS + doc.canvas.stringWidth(word, font.regular, font.size) + 18
    doc.y += font.leading + 8


def _dot_rows(v: Variant, n: int, first_ref: int) -> list[Block]:
    entries = []
    for k, a in enumerate(v.take(content.ACTIONS, n)):
        level, colour, _ = DOT_KEY[(k + first_ref) % len(DOT_KEY)]
        row = record_row(a, {"action": "action", "lead": "lead", "timescale": "timescale", "progress": "progress"},
                         ref=f"{first_ref + k}", rag=Rag(level, fill=colour))
        row["lead"] = row["lead"].split("\n")[0]
        row["timescale"] = row["timescale"].split("\n")[0]
        entries.append(Block([row]))
    return entries


def rag_dots(path: Path, v: Variant) -> Items:
    """A progress report whose Status column holds only a coloured mark: on
    page 1 a drawn circle in a ruled table, on page 2 a ZapfDingbats dot (a
    black tick for completed actions) in a table with no rulings. A key above
    each table says what the marks mean; completion is shown in purple or as
    a black tick, which only the key can name."""
    font = v.font(HELVETICA, 8.0)
    doc = Doc(path, PageStyle(v.pick(A4_LANDSCAPE, LANDSCAPES), (40, 46, 40, 50)), title="Progress report")
    v.title_block(doc, "Housing improvement plan: progress report", font, 0)
    cols = [Column("Ref", 0.35, "ref"), Column("Action", 2.6, "action"), Column("Lead officer", 1.0, "lead"),
            Column("Target date", 0.8, "timescale"), Column("Status", 0.5, "rag"),
            Column("Commentary", 2.6, "progress")]
    items: Items = []
    _key(doc, font, [(colour, word, None) for _, colour, word in DOT_KEY])
    entries = _dot_rows(v, v.count(5, 3, 6), 1)
    items += MarkWriter(doc, cols, TableStyle(font, header_fill="D9D9D9", split_rows=False)).draw(entries)
    doc.new_page()
    tick_key = [("000000", DOT_KEY[0][2], DINGBAT_TICK)] + [(c, w, DINGBAT_DOT) for _, c, w in DOT_KEY[1:]]
    _key(doc, font, tick_key)
    entries = _dot_rows(v, v.count(5, 3, 6), len(entries) + 1)
    for e in entries:  # completed actions carry a black tick
        rag = e.rows[0]["rag"]
        if isinstance(rag, Rag) and rag.level == "blue":
            e.rows[0]["rag"] = Rag("blue", fill="000000")
    style = TableStyle(font, ruled=False, header_fill=None, split_rows=False)
    items += MarkWriter(doc, cols, style, glyphs={"000000": DINGBAT_TICK}).draw(entries)
    doc.close()
    return items


PRIORITIES = ["Priority 1: Safeguarding", "Priority 2: Early help", "Priority 3: Workforce",
              "Priority 4: Partnerships"]


class RotatedPriorityTable:
    """A ruled table whose first column holds one merged cell per priority,
    its text printed turned 90 degrees (reading upwards) down the rows it spans."""

    def __init__(self, doc: Doc, font, cols: list[tuple[str, float, str]]) -> None:
        self.doc, self.font, self.pad = doc, font, 2.5
        total = sum(w for _, w, _ in cols)
        self.cols, x = [], doc.left
        for header, w, key in cols:
            width = doc.frame_width * w / total
            self.cols.append((header, x, width, key))
            x += width

    def _lines(self, text: str, width: float, bold: bool = False) -> list[str]:
        f = self.font
        return wrap(text, f.bold if bold else f.regular, f.size, width - 2 * self.pad - 1)

    def _height(self, n: int) -> float:
        return 2 * self.pad + max(1, n) * self.font.leading

    def _cells(self, top: float, texts: dict[str, list[str]], bold: bool, fill: str | None = None) -> float:
        h = self._height(max(len(v) for v in texts.values()))
        for _, x, w, key in self.cols[1:] if "priority" not in texts else self.cols:
            self.doc.rect(x, top, w, h, fill=fill)
            for i, line in enumerate(texts[key]):
                self.doc.text(x + self.pad + 0.5, top + self.pad + self.font.size * 0.85 + i * self.font.leading,
                              line, self.font.bold if bold else self.font.regular, self.font.size)
        return h

    def header(self) -> None:
        texts = {key: self._lines(h, w, True) for h, _, w, key in self.cols}
        self.doc.y += self._cells(self.doc.y, texts, True, "D9E1F2")

    def group(self, priority: str, rows: list[dict[str, str]]) -> list[dict[str, Any]]:
        """Rows under one rotated priority cell; the group starts a new page
        when it does not fit."""
        texts = [{key: self._lines(r.get(key, ""), w) for _, _, w, key in self.cols[1:]} for r in rows]
        heights = [self._height(max(len(v) for v in t.values())) for t in texts]
        if self.doc.space_left() < sum(heights):
            self.doc.new_page()
            self.header()
        top, (_, x, w, _) = self.doc.y, self.cols[0]
        for t, h in zip(texts, heights):
            self._cells(self.doc.y, t, False)
            self.doc.y += h
        total = self.doc.y - top
        self.doc.rect(x, top, w, total)
        lines = wrap(priority, self.font.bold, self.font.size, total - 2 * self.pad - 1)
        for i, line in enumerate(lines):  # first line nearest the left edge, reading upwards
            width = self.doc.canvas.stringWidth(line, self.font.bold, self.font.size)
            base_x = x + w / 2 - (len(lines) * self.font.leading) / 2 + (i + 0.8) * self.font.leading
            self.doc.text_up(base_x, top + total / 2 + width / 2, line, self.font.bold, self.font.size)
        section = " ".join(lines)
        out = []
        for t in texts:
            item: dict[str, Any] = {name: None for name in TEXT_FIELDS}
            item.update({key: " ".join(v) or None for key, v in t.items()})
            item.update(section=section, page_first=self.doc.page, page_last=self.doc.page, extra={})
            out.append(item)
        return out


def rotated_priorities(path: Path, v: Variant) -> Items:
    """A delivery plan grouped by priority, the priority printed sideways in a
    merged cell down the left of its rows (the rows' section); a rotated
    "Page N" stamp in the right margin is furniture, not a cell."""
    font = v.font(HELVETICA, 8.0)
    doc = Doc(path, PageStyle(v.pick(A4_LANDSCAPE, LANDSCAPES), (40, 46, 50, 50),
                              decorate=running(font.regular, stamp_from=31)), title="Delivery plan")
    v.title_block(doc, "Children's services delivery plan 2025-26", font, 1)
    table = RotatedPriorityTable(doc, font, [("Priority", 0.42, "priority"), ("Action", 2.6, "action"),
                                             ("Lead", 1.0, "lead"), ("Timescale", 0.8, "timescale"),
                                             ("Progress", 2.6, "progress")])
    table.header()
    records = iter(v.take(content.ACTIONS, 30))
    items: Items = []
    for priority in v.take(PRIORITIES, v.count(4, 2, 4)):
        rows = []
        for _ in range(v.count(3, 2, 4)):
            a = next(records)
            rows.append({"action": a["action"], "lead": a["lead"].split("\n")[0],
                         "timescale": a["timescale"].split("\n")[0], "progress": a["progress"]})
        items += table.group(priority, rows)
    doc.close()
    return items


SLIDE = (720.0, 540.0)  # a 10 x 7.5 inch presentation slide
SLIDE_COLUMNS = [("Action", 2.6, "action"), ("Owner", 1.0, "lead"), ("Due date", 0.9, "timescale"),
                 ("Update", 2.4, "progress")]
#: the slide's table has this many body rows, only the first filled in
SLIDE_ROWS = 5


def slide_table(path: Path, v: Variant) -> Items:
    """A presentation slide printed to PDF: a title, then a table of one
    filled row and four empty ones, header on a dark band with white text,
    body rows banded in pale fills, rules between cells but no left border."""
    font = v.font(HELVETICA, 11.0)
    doc = Doc(path, PageStyle(SLIDE, (36, 40, 36, 40)), title="Board update")
    doc.paragraph("Improvement board: actions agreed", font.bold, 24, color="1F3864", space_after=16)
    total = sum(w for _, w, _ in SLIDE_COLUMNS)
    widths = [doc.frame_width * w / total for _, w, _ in SLIDE_COLUMNS]
    a = v.take(content.ACTIONS, 1)[0]
    values = {"action": a["action"], "lead": a["lead"].split("\n")[0], "timescale": a["timescale"].split("\n")[0],
              "progress": a["progress"].split(". ")[0] + "."}
    pad, lead = 5.0, font.leading
    rows: list[tuple[list[list[str]], bool]] = [
        ([wrap(h, font.bold, font.size, w - 2 * pad - 1) for (h, _, _), w in zip(SLIDE_COLUMNS, widths)], True),
        ([wrap(values[k], font.regular, font.size, w - 2 * pad - 1) for (_, _, k), w in zip(SLIDE_COLUMNS, widths)],
         False)]
    rows += [([[] for _ in widths], False)] * (SLIDE_ROWS - 1)
    c = doc.canvas
    x_end = doc.left + sum(widths)
    for r, (cells, head) in enumerate(rows):
        h = 2 * pad + max(1, max(len(ls) for ls in cells)) * lead
        doc.rect(doc.left, doc.y, sum(widths), h, fill="4472C4" if head else ("CFD5EA" if r % 2 else "E9EBF5"),
                 stroke=False)
        x = doc.left
        for lines, w in zip(cells, widths):
            for i, line in enumerate(lines):
                doc.text(x + pad, doc.y + pad + font.size * 0.85 + i * lead, line,
                         font.bold if head else font.regular, font.size, "FFFFFF" if head else None)
            x += w
        c.setStrokeColorRGB(1, 1, 1)
        c.setLineWidth(1)
        c.line(doc.left, doc.height - doc.y - h, x_end, doc.height - doc.y - h)  # the rule under the row
        doc.y += h
    top = doc.y - sum(2 * pad + max(1, max(len(ls) for ls in cells)) * lead for cells, _ in rows)
    x = doc.left
    for w in widths:  # rules between columns and at the right edge; none at the left
        x += w
        c.line(x, doc.height - top, x, doc.height - doc.y)
    doc.close()
    item: dict[str, Any] = {name: None for name in TEXT_FIELDS}
    item.update({k: " ".join(ls) or None for (_, _, k), ls in zip(SLIDE_COLUMNS, rows[1][0])})
    item.update(page_first=1, page_last=1, extra={})
    return [item]
