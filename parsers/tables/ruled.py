"""Tables drawn with ruling lines (Word and Excel exports).

Cell boxes come from pdfplumber's edge-intersection algorithm (in the
indexed form of :mod:`parsers.tables.cell_geometry`), fed with the page
view's edges so rotated views work the same; the text of each cell is
assigned here in one pass over the characters instead of one crop per cell.
"""
from __future__ import annotations

from council_plans.parsers.page.geometry import BBox
from council_plans.parsers.tables.bands import is_side_band
from council_plans.parsers.tables.cell_geometry import (cells_to_tables, edges_to_intersections,
                                                        intersections_to_cells, long_edges, merge_edges)
from council_plans.parsers.tables.open_sides import close_open_sides
from council_plans.parsers.tables.seams import without_seams
from council_plans.parsers.tables.sideways import sideways, sideways_text
from council_plans.parsers.tables.cell_index import CellIndex, FillIndex, PlacedChars
from council_plans.parsers.tables.grid import Grid, GridCell, GridRow, make_cell
from council_plans.parsers.columns.headers import header_map
from council_plans.parsers.page.pageview import PageView
from council_plans.parsers.page.textlines import Char, lines_of
from council_plans.parsers.tables.borderless import phrases_of

SNAP = 3.0
MIN_EDGE = 3.0
#: a column edge this close to a row edge (either way) meets it
CROSSING = 3.0


def find_cell_groups(view: PageView) -> list[list[BBox]]:
    """Groups of cell boxes, one group per ruled table on the page."""
    return cell_groups(without_seams(view.edges, view.fills))


def cell_groups(ruling: list[dict]) -> list[list[BBox]]:
    """Groups of cell boxes from ruling lines (``x0, top, x1, bottom,
    orientation``), one group per table: drawn lines, or lines found in a
    page image (:mod:`parsers.tables.image_ruled`)."""
    if len(ruling) < 4:
        return []
    edges = close_open_sides(long_edges(merge_edges(ruling, snap=SNAP, join=SNAP), MIN_EDGE))
    inter = edges_to_intersections(edges, CROSSING, CROSSING)
    cells = intersections_to_cells(inter)
    return [g for g in cells_to_tables(cells) if len(g) >= 2]


def _starts(values: list[float], tolerance: float = 2.0) -> list[float]:
    """Distinct column (or row) starts, near-equal ones merged."""
    out: list[float] = []
    for v in sorted({round(v, 1) for v in values}):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


#: a column narrower than this holds no text: it is the inset of a shaded
#: band or a double rule, not a column
SLIVER = 8.0


def _without_slivers(cols: list[float], right: float) -> list[float]:
    ends = cols[1:] + [right]
    kept = [x for x, end in zip(cols, ends) if end - x >= SLIVER]
    return kept or cols[:1]


def _nearest(starts: list[float], values: list[float]) -> dict[float, int]:
    """The index of the start nearest each value (the first of equals),
    worked out once per distinct value: a row's cells share their top."""
    return {v: min(range(len(starts)), key=lambda i: abs(starts[i] - v)) for v in set(values)}


def _rows_of(group: list[BBox]) -> tuple[list[float], list[list[BBox | None]]]:
    """Cell boxes placed in rows and columns. Sliver columns (shaded header
    bands drawn a few points inside the table's rules) are folded into their
    neighbour; where two boxes land in one slot the wider one is kept."""
    cols = _without_slivers(_starts([c[0] for c in group]), max(c[2] for c in group))
    group = [c for c in group if c[2] - c[0] >= SLIVER] or group
    row_tops = _starts([c[1] for c in group])
    grid: list[list[BBox | None]] = [[None] * len(cols) for _ in row_tops]
    row_of, col_of = _nearest(row_tops, [c[1] for c in group]), _nearest(cols, [c[0] for c in group])
    for c in group:
        r, k = row_of[c[1]], col_of[c[0]]
        old = grid[r][k]
        if old is None or c[2] - c[0] > old[2] - old[0]:
            grid[r][k] = c
    return cols, grid


def build_grid(view: PageView, group: list[BBox], chars: list[Char] | PlacedChars,
               turned: list[Char] | PlacedChars | None = None, fills: FillIndex | None = None) -> Grid:
    """Turn one group of cell boxes and the page's characters into a Grid;
    a cell with no upright text reads the sideways characters in it (``turned``).
    The grids of one page share its placed characters and ``fills`` (``view.fills``)."""
    cols, boxes = _rows_of(group)
    flat = [b for row in boxes for b in row if b is not None]
    index = CellIndex(flat)
    fills = fills or FillIndex(view.fills)
    cell_of = {b: make_cell(b, cs, fs, ordered=True)
               for b, cs, fs in zip(flat, index.assign(chars, in_rows=True), fills.over_each(flat))}
    if turned:
        for box, cs in zip(flat, index.assign(turned)):
            if cs and cell_of[box].empty:
                cell_of[box].text, cell_of[box].bold = sideways_text(cs)
    x1 = max(b[2] for b in flat)
    bbox = (min(b[0] for b in flat), min(b[1] for b in flat), x1, max(b[3] for b in flat))
    grid = Grid(page=view.number, bbox=bbox, col_x=cols, kind="ruled")
    for r, row in enumerate(boxes):
        cells: list[GridCell | None] = []
        present = [b for b in row if b is not None]
        top = min(b[1] for b in present) if present else bbox[1]
        for k, b in enumerate(row):
            cells.append(cell_of[b] if b is not None else _covered(boxes, r, k, cols, top, cell_of))
        bottom = max(b[3] for b in present) if present else top
        full = len(present) == 1 and len(cols) > 1 and present[0][2] - present[0][0] >= 0.9 * (x1 - bbox[0])
        full = full or is_side_band(cells, bbox[0], x1) or _under_band(cells, grid.rows)
        grid.rows.append(GridRow(cells=cells, top=top, bottom=bottom, full_width=full))
    return grid


def _under_band(cells: list[GridCell | None], rows: list[GridRow]) -> bool:
    """A row whose first cell is the lower part of a band's merged cell
    belongs to that band (its side notes continue beside it)."""
    return bool(rows) and rows[-1].full_width and cells[0] is not None and cells[0].span_above


def _covered(boxes: list[list[BBox | None]], r: int, k: int, cols: list[float], top: float,
             cell_of: dict[BBox, GridCell]) -> GridCell | None:
    """A missing cell is either covered from the left (None) or from above
    (a vertically merged cell: returned with ``span_above`` set)."""
    for kk in range(k - 1, -1, -1):
        left = boxes[r][kk]
        if left is not None:
            if left[2] > cols[k] + 1:
                return None
            break
    for rr in range(r - 1, -1, -1):
        above = boxes[rr][k]
        if above is not None:
            if above[3] <= top + 1:
                return None
            src = cell_of[above]
            return GridCell(text=src.text, bbox=src.bbox, bold=src.bold, fill=src.fill, span_above=True)
    return None


def ruled_grids(view: PageView, chars: list[Char] | PlacedChars) -> list[Grid]:
    """All ruled tables of a page with at least two rows and two columns
    (``chars``: its upright characters, placed or not)."""
    groups = find_cell_groups(view)
    if not groups:
        return []
    grids = []
    placed = chars if isinstance(chars, PlacedChars) else PlacedChars(chars)
    turned, fills = PlacedChars(sideways(view.chars)), FillIndex(view.fills)
    for group in groups:
        g = build_grid(view, group, placed, turned, fills)
        if g.ncols >= 2 and not _header_band(g) and not _hides_columns(g, placed):
            grids.append(g)
    return grids


#: the first rows of a grid in which a header hidden by its boxes is looked for
HEADER_ROWS = 3
#: boxes that cut a table into this many columns or more are taken as its columns
#: (shading that hides columns leaves two or three)
HIDDEN_BELOW_COLS = 4


def _hides_columns(grid: Grid, chars: PlacedChars) -> bool:
    """Boxes that cut the table into fewer columns than its header names:
    shaded bands and coloured status cells of a table drawn without rulings
    (alternate rows filled across all but the status column give two
    "columns"). Its text is left to the borderless finder, which takes the
    columns from the header's words."""
    if grid.ncols >= HIDDEN_BELOW_COLS:
        return False
    rows = grid.rows[:HEADER_ROWS]
    near = chars.within((grid.bbox[0], rows[0].top, grid.bbox[2], rows[-1].bottom))
    for row in rows:
        if header_map([c.text if c is not None else None for c in row.cells]) is not None:
            return False  # the boxes give the header its own cells
        band = [c for c in near if row.top <= (c["top"] + c["bottom"]) / 2 <= row.bottom]
        for line in lines_of(band):
            phrases: list[str | None] = [p.text for p in phrases_of(line)]
            if len(phrases) > grid.ncols and header_map(phrases) is not None:
                return True
    return False


def _header_band(grid: Grid) -> bool:
    """A single row of boxes that reads as a header is the shaded header band
    of a borderless table, not a table: its text is left to the borderless
    finder, which reads the rows under it. (A single data row is kept: it may
    be the tail of a row cut by a page break.)"""
    if len(grid.rows) != 1:
        return False
    return header_map([c.text if c is not None else None for c in grid.rows[0].cells]) is not None
