"""Tables with neither rulings nor a header: text set in columns.

An action log printed under a heading as plain tabbed text ("3 | Update the
risk register | DH | 15/11/2024 | New") has no rule for the ruled finder and
no header for the borderless one, so it would vanish without a word. Its
columns are found from the text itself: several lines of three or more
phrases whose starts line up, at x positions no word of the block runs
across (gutters). The rows are then cut like a borderless table's, and the
assembler reads the grid from its content alone, with the stricter bar it
uses for any table without a header (an action column of sentences and two
more plan columns), naming a plan-like block that falls short in warnings.
"""
from __future__ import annotations

from statistics import median

from council_plans.parsers.page.geometry import union
from council_plans.parsers.page.textlines import Line, lines_outside
from council_plans.parsers.tables.body_edges import SAME_X, ends_table
from council_plans.parsers.tables.borderless import PageContext, rows_under
from council_plans.parsers.tables.grid import Grid, TextColumns
from council_plans.parsers.tables.phrases import SAME_SIZE, phrases_of, runs_across
from council_plans.parsers.values.vocab import REF_CELL

#: the kind of a grid cut from text columns with no header and no rulings
HEADERLESS_TEXT = "headerless-text"
#: a line takes part in a column block when it has this many phrases
MIN_PHRASES = 3
#: a block needs this many such lines (its rows)
MIN_ROWS = 2
#: a column start must begin a phrase on this share of the block's many-phrase lines
SHARE = 0.6


def _block_lines(lines: list[Line], i: int) -> tuple[list[Line], int]:
    """Lines from ``i`` on that are close together (no gap that ends a table)."""
    block = [lines[i]]
    j = i + 1
    while j < len(lines) and not ends_table(lines[j].top - block[-1].bottom, lines[j]):
        block.append(lines[j])
        j += 1
    return block, j


def _rich(block: list[Line]) -> list[Line]:
    return [ln for ln in block if len(phrases_of(ln)) >= MIN_PHRASES]


def _column_starts(rich: list[Line]) -> list[float]:
    """x positions where phrases start on most of the many-phrase lines and
    no word of those lines runs across."""
    if len(rich) < MIN_ROWS:
        return []
    line_starts = [[p.x0 for p in phrases_of(ln)] for ln in rich]
    starts = sorted(x for xs in line_starts for x in xs)
    out: list[float] = []
    for x in starts:
        if out and x - out[-1] <= SAME_X:
            continue
        lines_with = sum(any(abs(y - x) <= SAME_X for y in xs) for xs in line_starts)
        if lines_with >= SHARE * len(rich) and not any(runs_across(ln, x, SAME_X) for ln in rich):
            out.append(x)
    return out


def _ref_column(run: list[Line], bounds: list[float]) -> int | None:
    """0 when every many-phrase line opens with a reference ("3", "A.2"):
    then a new reference starts a new row even where the rows are set with
    no space between them."""
    firsts = [phrases_of(ln)[0] for ln in _rich(run)]
    if all(abs(p.x0 - bounds[0]) <= SAME_X and REF_CELL.fullmatch(p.text) for p in firsts):
        return 0
    return None


def _runs(block: list[Line], bounds: list[float]) -> list[list[Line]]:
    """The block cut at lines that run across a column start or are set in
    other type than its rows (a heading or a paragraph between two tables)."""
    rich = _rich(block)
    size = median(ln.size for ln in rich)
    bold = sum(ln.bold for ln in rich) * 2 > len(rich)
    runs: list[list[Line]] = [[]]
    for ln in block:
        other_type = abs(ln.size - size) > SAME_SIZE or (ln.bold and not bold)
        if other_type or any(runs_across(ln, x, SAME_X) for x in bounds[1:]):
            runs.append([])
        else:
            runs[-1].append(ln)
    return [r for r in runs if len(_rich(r)) >= MIN_ROWS]


def headerless_text_grids(lines: list[Line], ctx: PageContext, grids: list[Grid], min_fields: int) -> list[Grid]:
    """Column blocks of the page's loose text outside the tables found so far."""
    free = lines_outside(lines, (g.bbox for g in grids))
    out: list[Grid] = []
    i = 0
    while i < len(free):
        block, i = _block_lines(free, i)
        bounds = _column_starts(_rich(block))
        if len(bounds) < MIN_PHRASES:
            continue
        out += [g for g in (_grid_of(run, bounds, ctx, min_fields) for run in _runs(block, bounds))
                if g is not None]
    return out


def _grid_of(run: list[Line], bounds: list[float], ctx: PageContext, min_fields: int) -> Grid | None:
    first = next(k for k, ln in enumerate(run) if len(phrases_of(ln)) >= MIN_PHRASES)
    x_end = max(w.x1 for ln in run for w in ln.words)
    columns = TextColumns(bounds=tuple(bounds), x_end=x_end, fill_end=x_end, ref_col=_ref_column(run, bounds))
    rows, _ = rows_under(run, first, columns, ctx, min_fields, run[first].top)
    if len(rows) < MIN_ROWS:
        return None
    box = union(c.bbox for r in rows for c in r.cells if c is not None)
    if box is None:
        return None
    return Grid(page=ctx.page, bbox=(bounds[0], box[1], x_end, box[3]), col_x=list(bounds), rows=rows,
                kind=HEADERLESS_TEXT, columns=columns)

