"""An optional record of what the document pass saw, for drawing it.

``plans inspect`` needs more than the extracted items: the outline of every
table, which role each header cell was given, the rows read as sections, the
page furniture and sideways stamps that were dropped, and the RAG read from
each fill. The parser fills a :class:`Trace` when one is passed to it (see
:func:`parsers.document.extract_document`) and does nothing extra otherwise.
Everything is plain data in the page frame of :class:`schema.items.Box`
(PDF points from the page's top-left corner), so the recorder does no I/O.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from council_plans.parsers.page.geometry import BBox
from council_plans.parsers.page.noise import upright_chars
from council_plans.parsers.page.rotate import page_bbox
from council_plans.parsers.page.textlines import Line


@dataclass(frozen=True)
class Mark:
    """One thing the parser decided about a region of a page.

    ``kind`` is ``table``, ``header`` (``label`` is the role: a contract
    field, or ``extra``), ``section``, ``furniture``, ``stamp`` or ``rag``
    (``label`` is the colour read)."""

    kind: str
    page: int
    bbox: BBox
    label: str = ""
    text: str = ""


@dataclass
class Trace:
    """Collects :class:`Mark` objects; ``pages`` limits it to some pages."""

    pages: set[int] | None = None
    marks: list[Mark] = field(default_factory=list)
    #: page -> (angle, width, height) of the turned view text lines were read on
    frames: dict[int, tuple[int, float, float]] = field(default_factory=dict)

    def wants(self, page: int) -> bool:
        return self.pages is None or page in self.pages

    def on_page(self, page: int, kind: str | None = None) -> list[Mark]:
        """The marks of one page, optionally of one kind, in recording order."""
        return [m for m in self.marks if m.page == page and (kind is None or m.kind == kind)]

    def _add(self, kind: str, page: int, bbox: BBox, label: str = "", text: str = "",
             turned: bool = False) -> None:
        """Record a mark; ``turned`` boxes are on the page's turned view."""
        if not self.wants(page):
            return
        if turned and page in self.frames:
            bbox = page_bbox(bbox, *self.frames[page])
        self.marks.append(Mark(kind, page, tuple(float(v) for v in bbox), label, text))

    def saw_view(self, view, angle: int) -> None:
        """The page as it was read (turned upright by ``angle``); its
        sideways characters (margin stamps) are dropped, one mark per run."""
        page = view.number
        self.frames[page] = (angle, view.width, view.height)
        if not self.wants(page):
            return
        chars = view.chars
        kept = {id(c) for c in upright_chars(chars)}
        sideways = [c for c in chars if id(c) not in kept and not c["text"].isspace()]
        for run in _runs(sideways):
            box = (min(c["x0"] for c in run), min(c["top"] for c in run),
                   max(c["x1"] for c in run), max(c["bottom"] for c in run))
            self._add("stamp", page, box, text="".join(c["text"] for c in run), turned=True)

    def saw_furniture(self, page: int, lines: list[Line]) -> None:
        """Running headers, footers and page numbers left out of headings."""
        for ln in lines:
            self._add("furniture", page, ln.bbox, text=ln.text, turned=True)

    def saw_table(self, grid, header_index: int | None, header) -> None:
        """A grid read as (part of) an action table under ``header`` (a
        ``HeaderMap``); ``header_index`` is its header row, None when the grid
        continues a table from the page before."""
        self._add("table", grid.page, grid.bbox, label=grid.kind, turned=True)
        if header_index is not None:
            for k, cell in enumerate(grid.rows[header_index].cells[:header.width]):
                if cell is not None:
                    self._add("header", grid.page, cell.bbox, header.role_label(k), cell.text)

    def saw_rag(self, page: int, cell, rag: str) -> None:
        """The RAG the assembler gave an item and the cell it read it from (a
        ``GridCell``): drawn as decided, never worked out again here."""
        self._add("rag", page, cell.bbox, rag, "fill" if cell.fill else "text")

    def saw_headerless(self, grid, roles) -> None:
        """A table with no header row whose columns were named by their
        content: its first row's cells carry the role each column was given."""
        self._add("table", grid.page, grid.bbox, label=grid.kind, turned=True)
        for k, cell in enumerate(grid.rows[0].cells[:roles.width]):
            if cell is not None:
                self._add("header", grid.page, cell.bbox, roles.fields[k] or "extra",
                          "(by content) " + cell.text)

    def saw_card(self, grid, card) -> None:
        """An action card: its label cells (left column) carry the role each
        row was given."""
        self._add("table", grid.page, grid.bbox, label="card", turned=True)
        for k, row in enumerate(card.rows):
            cell = row.cells[0]
            if cell is not None:
                self._add("header", grid.page, cell.bbox, card.roles.fields[k] or "extra", cell.text)

    def saw_section(self, page: int, row, text: str) -> None:
        """A table row read as a section (theme) heading."""
        cells = [c for c in row.cells if c is not None]
        if cells:
            box = (min(c.bbox[0] for c in cells), min(c.bbox[1] for c in cells),
                   max(c.bbox[2] for c in cells), max(c.bbox[3] for c in cells))
            self._add("section", page, box, text=text)


def _runs(chars: list[dict], gap: float = 4.0) -> list[list[dict]]:
    """Group sideways characters into runs that sit in one column strip."""
    runs: list[list[dict]] = []
    for c in sorted(chars, key=lambda c: (round(c["x0"]), c["top"])):
        last = runs[-1][-1] if runs else None
        if last is not None and abs(last["x0"] - c["x0"]) < 2 and c["top"] - last["bottom"] < gap:
            runs[-1].append(c)
        else:
            runs.append([c])
    return runs
