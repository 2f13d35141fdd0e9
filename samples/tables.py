"""Draw tables row by row and record what a perfect extractor returns.

Every expected item is built from the lines actually printed (joined with
single spaces) and from the page numbers where the row's parts were actually
drawn, so the expected JSON cannot drift from the PDF.  Rows may break across
pages, action/ref cells may be merged over several milestone rows, and
full-width theme rows change the section of the rows below them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union

from council_plans.schema.items import TEXT_FIELDS
from samples.pdfdraw import Doc, Font, wrap

RAG_LEVELS = ("red", "amber", "green", "blue")


@dataclass(frozen=True)
class Column:
    """One table column. ``field`` is a contract field name, ``"rag"``, or
    ``None`` for a column the contract does not name (it goes to ``extra``)."""

    header: str  # "\n" forces a break inside the header cell
    width: float  # relative weight
    field: str | None = None

    @property
    def key(self) -> str:
        return self.field or self.header_text

    @property
    def header_text(self) -> str:
        return " ".join(self.header.split())


@dataclass(frozen=True)
class Rag:
    """A RAG cell: ``fill`` paints the cell, ``label`` prints text in it."""

    level: str | None
    fill: str | None = None
    label: str | None = None


Cell = Union[str, Rag]


@dataclass
class Block:
    """One action: usually one row; with ``merged`` cells, several milestone
    rows sharing the merged texts (keys are column keys, plus ``"ref"`` for a
    reference printed at the start of the action text)."""

    rows: list[dict[str, Cell]]
    merged: dict[str, str] = field(default_factory=dict)


@dataclass
class SectionRow:
    """A full-width merged row naming the theme of the rows below it."""

    text: str


Entry = Union[Block, SectionRow]


@dataclass
class TableStyle:
    font: Font
    ruled: bool = True
    header_fill: str | None = "D9D9D9"
    header_color: str | None = None
    repeat_header: bool = True
    split_rows: bool = True
    section_fill: str | None = None
    pad: float = 2.5
    ref_in_action: bool = False
    min_split_lines: int = 2
    gap_after: float = 14
    #: header wording on repeated (continuation) headers, by column key: real
    #: plans reword a column slightly on later pages ("Timescale"/"Timescales")
    repeat_wording: dict[str, str] | None = None


class TableWriter:
    """Lays one table out on a :class:`Doc`, page by page."""

    def __init__(self, doc: Doc, columns: list[Column], style: TableStyle,
                 section: str | None = None, record: bool = True) -> None:
        self.doc, self.columns, self.style = doc, columns, style
        self.section, self.record = section, record
        self.items: list[dict[str, Any]] = []
        total = sum(c.width for c in columns)
        x = doc.left
        self.xs: list[tuple[float, float]] = []
        for col in columns:
            w = doc.frame_width * col.width / total
            self.xs.append((x, w))
            x += w
        self.fresh = False  # True right after a page break inside the table

    # -- geometry ------------------------------------------------------------
    @property
    def lead(self) -> float:
        return self.style.font.leading

    def _height(self, n_lines: int) -> float:
        return 2 * self.style.pad + max(1, n_lines) * self.lead

    def _fit_lines(self) -> int:
        return int((self.doc.space_left() - 2 * self.style.pad) // self.lead)

    def _lines(self, col: Column, text: str, bold: bool = False) -> list[str]:
        f = self.style.font
        return wrap(text, f.bold if bold else f.regular, f.size, self.xs[self.columns.index(col)][1]
                    - 2 * self.style.pad - 1)

    def _cell_text(self, col: Column, row: dict[str, Cell], merged: dict[str, str]) -> Cell:
        value: Cell = merged.get(col.key, row.get(col.key, ""))
        if col.field == "action" and self.style.ref_in_action:
            ref = merged.get("ref", row.get("ref"))
            value = f"{ref} {value}" if ref else value
        return value

    def _block_lines(self, row: dict[str, Cell], merged: dict[str, str],
                     cols: list[Column]) -> dict[str, list[str]]:
        out = {}
        for col in cols:
            value = self._cell_text(col, row, merged)
            if isinstance(value, Rag):
                value = value.label or ""
            out[col.key] = self._lines(col, value)
        return out

    # -- drawing -------------------------------------------------------------
    def _draw_cells(self, top: float, height: float, cells: dict[str, list[str]],
                    fills: dict[str, str | None], bold: bool = False, color: str | None = None) -> None:
        st, doc = self.style, self.doc
        font = st.font.bold if bold else st.font.regular
        for col, (x, w) in zip(self.columns, self.xs):
            if col.key not in cells:
                continue
            fill = fills.get(col.key)
            if fill or st.ruled:
                doc.rect(x, top, w, height, fill=fill, stroke=st.ruled)
            for i, line in enumerate(cells[col.key]):
                doc.text(x + st.pad + 0.5, top + st.pad + st.font.size * 0.85 + i * self.lead,
                         line, font, st.font.size, color)

    def header_height(self) -> float:
        return self._height(max(len(self._lines(c, c.header, bold=True)) for c in self.columns))

    def draw_header(self, repeat: bool = False) -> None:
        h = self.header_height()
        words = (self.style.repeat_wording or {}) if repeat else {}
        cells = {c.key: self._lines(c, words.get(c.key, c.header), bold=True) for c in self.columns}
        fills = {c.key: self.style.header_fill for c in self.columns}
        self._draw_cells(self.doc.y, h, cells, fills, bold=True, color=self.style.header_color)
        self.doc.y += h

    def _new_page(self) -> None:
        self.doc.new_page()
        if self.style.repeat_header:
            self.draw_header(repeat=True)
        self.fresh = True

    def _min_height(self, entry: Entry) -> float:
        """Least height that must fit before starting ``entry`` on a page."""
        if isinstance(entry, SectionRow):
            return self._section_height(entry)
        lines = self._block_lines(entry.rows[0], entry.merged, self.columns)
        n = max(len(v) for v in lines.values())
        if entry.merged or not self.style.split_rows:
            return self._height(n)
        return self._height(min(n, self.style.min_split_lines))

    def _section_height(self, row: SectionRow) -> float:
        w = sum(w for _, w in self.xs) - 2 * self.style.pad - 1
        f = self.style.font
        return self._height(len(wrap(row.text, f.bold, f.size, w)))

    def draw_section(self, row: SectionRow, next_min: float) -> None:
        h = self._section_height(row)
        if self.doc.space_left() < h + next_min:
            self._new_page()
        st, doc = self.style, self.doc
        x0, _ = self.xs[0]
        width = sum(w for _, w in self.xs)
        if st.ruled or st.section_fill:
            doc.rect(x0, doc.y, width, h, fill=st.section_fill, stroke=st.ruled)
        f = st.font
        for i, line in enumerate(wrap(row.text, f.bold, f.size, width - 2 * st.pad - 1)):
            doc.text(x0 + st.pad + 0.5, doc.y + st.pad + f.size * 0.85 + i * self.lead,
                     line, f.bold, f.size)
        doc.y += h
        self.section = " ".join(row.text.split())
        self.fresh = False

    def _draw_simple(self, row: dict[str, Cell]) -> list[int]:
        """One row, split over pages line by line where it does not fit."""
        lines = self._block_lines(row, {}, self.columns)
        fills = {c.key: row[c.key].fill for c in self.columns if isinstance(row.get(c.key), Rag)}
        n = max(1, max(len(v) for v in lines.values()))
        pos, pages = 0, []
        while True:
            cap = self._fit_lines()
            if n - pos <= cap:
                self._part(lines, pos, n, fills, n - pos)
                pages.append(self.doc.page)
                return pages
            if cap >= self.style.min_split_lines and (self.style.split_rows or self.fresh):
                self._part(lines, pos, pos + cap, fills, cap)
                pages.append(self.doc.page)
                pos += cap
            elif self.fresh:
                raise ValueError("row does not fit on an empty page")
            self._new_page()

    def _part(self, lines: dict[str, list[str]], a: int, b: int, fills: dict[str, str | None],
              n_lines: int) -> None:
        h = self._height(n_lines)
        self._draw_cells(self.doc.y, h, {k: v[a:b] for k, v in lines.items()}, fills)
        self.doc.y += h
        self.fresh = False

    def _draw_merged(self, block: Block) -> list[list[int]]:
        """Milestone rows sharing merged cells; breaks only between rows, the
        merged texts flowing into each page's part of the merged cell."""
        mcols = [c for c in self.columns if c.key in block.merged]
        rcols = [c for c in self.columns if c.key not in block.merged]
        mlines = self._block_lines({}, block.merged, mcols)
        need = max(len(v) for v in mlines.values())
        subs = [self._block_lines(r, block.merged, rcols) for r in block.rows]
        heights = [self._height(max(len(v) for v in s.values())) for s in subs]
        used, part, pages = 0, [], []  # part: [(index, height)]

        def close() -> None:
            nonlocal used, part
            top = self.doc.y - sum(h for _, h in part)
            total = sum(h for _, h in part)
            take = need - used if len(pages) == len(subs) else \
                int((total - 2 * self.style.pad) // self.lead)
            cells = {k: v[used:used + take] for k, v in mlines.items()}
            self._draw_cells(top, total, cells, {})
            used += min(take, need - used)
            part = []

        for i, row in enumerate(block.rows):
            for attempt in range(2):
                h = heights[i]
                if i == len(subs) - 1:
                    h = max(h, self._height(need - used) - sum(x for _, x in part))
                if h <= self.doc.space_left():
                    break
                if attempt:
                    raise ValueError("milestone row does not fit on an empty page")
                if part:
                    close()
                self._new_page()
            fills = {c.key: row[c.key].fill for c in rcols if isinstance(row.get(c.key), Rag)}
            self._draw_cells(self.doc.y, h, subs[i], fills)
            self.doc.y += h
            part.append((i, h))
            pages.append([self.doc.page])
            self.fresh = False
        close()
        return pages

    # -- expected items ---------------------------------------------------------
    def _item(self, row: dict[str, Cell], merged: dict[str, str], pages: list[int]) -> dict[str, Any]:
        item: dict[str, Any] = {name: None for name in TEXT_FIELDS}
        item["section"] = self.section
        extra: dict[str, str] = {}
        lines = self._block_lines(row, merged, self.columns)
        for col in self.columns:
            text = " ".join(lines[col.key]) or None
            value = merged.get(col.key, row.get(col.key))
            if col.field == "rag":
                item["rag"] = value.level if isinstance(value, Rag) else None
            elif col.field:
                item[col.field] = text
            elif text:
                extra[col.header_text] = text
        if self.style.ref_in_action:
            ref = merged.get("ref", row.get("ref"))
            if ref:
                assert item["action"].startswith(f"{ref} ")
                item["action"] = item["action"][len(ref) + 1:]
                item["ref"] = ref
        item["page_first"], item["page_last"] = pages[0], pages[-1]
        item["extra"] = extra
        return item

    # -- driver ----------------------------------------------------------------
    def start_height(self, entries: list[Entry]) -> float:
        """Height the header plus the start of the first entry need; a
        heading printed above the table keeps with this much."""
        return self.header_height() + (self._min_height(entries[0]) if entries else 0)

    def draw(self, entries: list[Entry]) -> list[dict[str, Any]]:
        if self.doc.space_left() < self.start_height(entries):
            self.doc.new_page()
        self.draw_header()
        self.fresh = False
        for k, entry in enumerate(entries):
            if isinstance(entry, SectionRow):
                nxt = self._min_height(entries[k + 1]) if k + 1 < len(entries) else 0
                self.draw_section(entry, nxt)
            elif entry.merged:
                for row, pages in zip(entry.rows, self._draw_merged(entry)):
                    self._keep(row, entry.merged, pages)
            else:
                self._keep(entry.rows[0], {}, self._draw_simple(entry.rows[0]))
        self.doc.y += self.style.gap_after
        return self.items

    def _keep(self, row: dict[str, Cell], merged: dict[str, str], pages: list[int]) -> None:
        if self.record:
            self.items.append(self._item(row, merged, pages))


def draw_table(doc: Doc, columns: list[Column], entries: list[Entry], style: TableStyle,
               section: str | None = None, record: bool = True) -> list[dict[str, Any]]:
    """Draw one table; return its expected items ([] when ``record`` is off)."""
    return TableWriter(doc, columns, style, section, record).draw(entries)


def record_row(record: dict[str, str], keys: dict[str, str], ref: str | None = None,
               rag: "Rag | None" = None) -> dict[str, Any]:
    """Table cells from a content record: ``keys`` maps a row key (contract
    field or extra header) to the record's key; ref and RAG only when given."""
    row: dict[str, Any] = {col: record[key] for col, key in keys.items()}
    if ref:
        row["ref"] = ref
    if rag is not None:
        row["rag"] = rag
    return row
