"""A borderless table that goes on over the next page without its header.

A ruled table's rows on the next page are found by their rulings whatever
is printed above them; a borderless table's are found only by its header,
and a Word table without rulings whose header row is not set to repeat
prints none on the next page. Its rows there would be lost in silence. So
a borderless plan table that runs to the foot of its page hands its columns
(:class:`TextColumns`) to the next page, and the lines at the top of that
page that sit in those columns (several of them starting a phrase at a
column start, none crossing a column) are read as its rows. The assembler
still checks that their content continues the table (the lead, date and
RAG columns hold what those roles hold) before they become items.
"""
from __future__ import annotations

from council_plans.parsers.page.textlines import Line
from council_plans.parsers.tables.body_edges import ends_table
from council_plans.parsers.tables.borderless import PageContext, rows_under
from council_plans.parsers.tables.grid import CONTINUED, Grid, TextColumns
from council_plans.parsers.tables.phrases import phrases_of, runs_across
from council_plans.parsers.page.geometry import union

#: a table ends at the foot of its page when its last row is in this lowest share of the page
FOOT_SHARE = 0.25
#: a phrase starts at a column start when this close to it (points)
AT_START = 3.0
#: a line sits in the columns when phrases start at this many column starts
MIN_ALIGNED = 2
#: the first row starting in the columns must be within this many lines of the top of the page
#: (a running header, or the tail of a row cut by the page break, may come first)
FIRST_LINES = 12


def carried_columns(grids: list[Grid], page_height: float) -> TextColumns | None:
    """The columns the page's lowest table hands on: a borderless table
    (or one continued here) whose last row reaches the foot of the page."""
    if not grids:
        return None
    last = max(grids, key=lambda g: g.bbox[3])
    if last.columns is None or last.bbox[3] < page_height * (1 - FOOT_SHARE):
        return None
    return last.columns


def _aligned(line: Line, columns: TextColumns) -> bool:
    starts = [p.x0 for p in phrases_of(line)]
    hits = sum(any(abs(x - b) <= AT_START for x in starts) for b in columns.bounds)
    return hits >= min(MIN_ALIGNED, len(columns.bounds))


def _in_inner_columns(line: Line, columns: TextColumns) -> bool:
    """Text in the columns after the first only, each phrase starting at its
    column's start, none crossing a column: how the end of a row cut by the
    page break looks (a page number or running title at the margin starts at
    no such column)."""
    inner = columns.bounds[1:]
    starts = [p.x0 for p in phrases_of(line)]
    if not all(any(abs(x - b) <= AT_START for b in inner) for x in starts):
        return False
    return not any(runs_across(line, b, AT_START) for b in inner)


def _tail_line(line: Line, below: Line, columns: TextColumns) -> bool:
    """Is ``line``, right above ``below``, the end of a row cut by the page break?"""
    return not ends_table(below.top - line.bottom, below) and _in_inner_columns(line, columns)


def _tail_only(above: list[Line], columns: TextColumns) -> list[Line]:
    """The top lines of a page that hold only the end of the last row (the
    table ends on this page without starting another row)."""
    start = next((k for k, ln in enumerate(above[:FIRST_LINES]) if _in_inner_columns(ln, columns)), None)
    if start is None:
        return []
    tail = [above[start]]
    for ln in above[start + 1:]:
        if not _tail_line(tail[-1], ln, columns) or not _in_inner_columns(ln, columns):
            break
        tail.append(ln)
    return tail


def continued_grid(lines: list[Line], ctx: PageContext, columns: TextColumns, grids: list[Grid],
                   min_fields: int) -> Grid | None:
    """The rows at the top of this page cut at the columns carried from the
    page before, or None where the page does not start with such rows."""
    top_of_tables = min((g.bbox[1] for g in grids), default=float("inf"))
    above = [ln for ln in lines if ln.bottom <= top_of_tables]
    first = next((k for k, ln in enumerate(above[:FIRST_LINES]) if _aligned(ln, columns)), None)
    if first is None:
        above, first = _tail_only(above, columns), 0
        if not above:
            return None
    while first > 0 and _tail_line(above[first - 1], above[first], columns):
        first -= 1
    rows, _ = rows_under(above, first, columns, ctx, min_fields, above[first].top)
    if not rows:
        return None
    box = union(c.bbox for r in rows for c in r.cells if c is not None)
    if box is None:
        return None
    bbox = (min(columns.bounds[0], box[0]), box[1], columns.x_end, box[3])
    return Grid(page=ctx.page, bbox=bbox, col_x=list(columns.bounds), rows=rows, kind=CONTINUED, columns=columns)
