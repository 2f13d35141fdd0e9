"""The common shape every table finder produces: rows of cells with text,
bounding box, boldness and fill colour. Ruled and borderless finders both
emit :class:`Grid`, so the assembly step does not care how a table was drawn."""
from __future__ import annotations

from dataclasses import dataclass, field

from council_plans.parsers.page.geometry import BBox, RGB, area, overlap
from council_plans.parsers.page.textlines import Char, cell_text, is_bold
from council_plans.parsers.values.vocab import unligature


@dataclass
class GridCell:
    text: str
    bbox: BBox
    bold: bool = False
    fill: RGB | None = None  # the cell's dominant colourful fill, if any
    span_above: bool = False  # covered by a vertically merged cell from the row above

    @property
    def empty(self) -> bool:
        return not self.text


@dataclass
class GridRow:
    cells: list[GridCell | None]
    top: float
    bottom: float
    full_width: bool = False  # one cell spanning the whole table (a theme row)

    def texts(self) -> list[str | None]:
        return [c.text if c is not None and not c.span_above else None for c in self.cells]


@dataclass(frozen=True)
class TextColumns:
    """How a borderless table's text lines are cut into cells: column
    starts, where the last column's text and fill end, the ref column. Kept
    on the table's grid so that its rows going on over the next page without
    the header are cut the same way."""

    bounds: tuple[float, ...]
    x_end: float
    fill_end: float
    ref_col: int | None = None


#: the kind of a grid read on a page from the columns of a borderless table on the page before
CONTINUED = "borderless-continued"


@dataclass
class Grid:
    page: int
    bbox: BBox
    col_x: list[float]  # left edge of each column
    rows: list[GridRow] = field(default_factory=list)
    kind: str = "ruled"
    columns: TextColumns | None = None  # borderless grids: how their lines were cut

    @property
    def ncols(self) -> int:
        return len(self.col_x)


def make_cell(box: BBox, chars: list[Char], fills: list[dict], ordered: bool = False) -> GridCell:
    """Build a cell: text, boldness and the colourful fill covering it
    (``ordered``: ``chars`` are in reading order already, :func:`cell_text`)."""
    text = unligature(cell_text(chars, ordered))
    letters = [c for c in chars if c["text"].isalpha()]
    bold = bool(letters) and sum(is_bold(c.get("fontname")) for c in letters) * 2 > len(letters)
    return GridCell(text=text, bbox=box, bold=bold, fill=dominant_fill(box, fills))


#: overlaps within this share of each other count as equal: the fill painted
#: later (on top) is the one seen
SAME_OVERLAP = 0.99


def dominant_fill(box: BBox, fills: list[dict]) -> RGB | None:
    """The fill covering most of ``box`` (at least a third of it); between
    fills covering it equally (a page background and the cell's own shade)
    the one painted last, which is the colour on the page. ``fills`` holds
    only colourful fills in paint order (see :func:`parsers.page.pageview.page_view`)."""
    best, best_area = None, area(box) / 3
    for f in fills:
        a = overlap(box, (f["x0"], f["top"], f["x1"], f["bottom"]))
        if a > best_area or (best is not None and a >= best_area * SAME_OVERLAP):
            best, best_area = f["color"], max(a, best_area)
    return best
