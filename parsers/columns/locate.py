"""Where a grid's column roles come from: a header row (one row, or two rows
where the upper one groups the lower), the left column of an action "card",
or - for small tables printed without a header - the cells themselves.

Every way ends in the same :class:`~.roles.RoleMap` and the same evidence
test (:mod:`.roles`), so a card or a headerless table is held to the same
standard as a table with a header: an action plus two other plan roles.
"""
from __future__ import annotations

from council_plans.parsers.columns.content import Cell, content_scores
from council_plans.parsers.columns.headers import HeaderMap, header_map, near_miss
from council_plans.parsers.columns.roles import CONTENT_ONLY, RoleMap, content_map
from council_plans.parsers.tables.bands import is_label_band
from council_plans.parsers.tables.grid import Grid, GridRow

#: rows under a candidate header whose cells are sampled for content evidence
SAMPLE_ROWS = 15


def _texts(row: GridRow) -> list[str | None]:
    return [c.text if c is not None else None for c in row.cells]


def columns_below(grid: Grid, start: int) -> list[list[Cell]]:
    """Text and fill of the cells under each column, from row ``start`` on."""
    cols: list[list[Cell]] = [[] for _ in range(grid.ncols)]
    taken = 0
    for row in grid.rows[start:]:
        if row.full_width:
            continue
        for k, c in enumerate(row.cells[:grid.ncols]):
            if c is not None and not c.span_above:
                cols[k].append((c.text, c.fill))
        taken += 1
        if taken >= SAMPLE_ROWS:
            break
    return cols


def _first_text_rows(grid: Grid, n: int = 3) -> list[int]:
    """Indexes of the first ``n`` rows that hold text and are not full-width
    bands (thin empty decoration rows are passed over)."""
    out = [i for i, r in enumerate(grid.rows) if not r.full_width and any(
        c is not None and c.text and not c.span_above for c in r.cells)]
    return out[:n]


def grouped_labels(upper: GridRow, lower: GridRow) -> tuple[list[str | None], list[str | None]]:
    """Labels and group names of a two-row header: each lower cell and the
    upper cell standing over it (an upper cell merged across columns covers
    those to its right, which the grid gives as ``None``). A tall cell over
    both rows is its column's label."""
    labels: list[str | None] = []
    groups: list[str | None] = []
    over: str | None = None
    for u, lo in zip(upper.cells, lower.cells):
        if u is not None:
            over = u.text or None
        text = lo.text if lo is not None and not lo.span_above else None
        if u is not None and u.span_above or lo is not None and lo.span_above:
            labels.append(text or over)
            groups.append(None)
        else:
            labels.append(text or over)
            groups.append(over if text else None)
    return labels, groups


def header_row(grid: Grid, min_fields: int) -> tuple[int, HeaderMap] | None:
    """The first row (of the first three) that reads as an action-plan header,
    judged with the cells under it; a two-row grouped header counts as one
    (the index returned is then its lower row). Remembered on the grid: the
    assembler and the metadata pass both ask."""
    key = f"_header_row_{min_fields}"
    if key not in grid.__dict__:
        grid.__dict__[key] = _find_header_row(grid, min_fields)
    return grid.__dict__[key]


def _find_header_row(grid: Grid, min_fields: int) -> tuple[int, HeaderMap] | None:
    for i in _first_text_rows(grid):
        row = grid.rows[i]
        hm = header_map(_texts(row), min_fields, columns_below(grid, i + 1))
        nxt = grid.rows[i + 1] if i + 1 < len(grid.rows) else None
        if nxt is not None and not nxt.full_width and _grouping(row, nxt):
            labels, groups = grouped_labels(row, nxt)
            two = header_map(labels, min_fields, columns_below(grid, i + 2), groups)
            if two and (hm is None or len(two.roles) >= len(hm.roles)):
                return i + 1, two
        if hm and is_label_band(row):  # "INTENT | IMPACT" over the column names: a group band
            lower = _labels_under(grid, i, min_fields)
            if lower is not None:
                return lower
        if hm:
            return i, hm
    return None


def _labels_under(grid: Grid, i: int, min_fields: int) -> tuple[int, HeaderMap] | None:
    """The header row printed under the label band ``i`` (empty rows between
    passed over), read with the band's labels as its group names."""
    later = [j for j in _first_text_rows(grid, SAMPLE_ROWS) if j > i][:1]
    if not later:
        return None
    j = later[0]
    labels, groups = grouped_labels(grid.rows[i], grid.rows[j])
    hm = header_map(labels, min_fields, columns_below(grid, j + 1), groups)
    return (j, hm) if hm else None


def _grouping(upper: GridRow, lower: GridRow) -> bool:
    """Does ``upper`` hold fewer, wider cells than ``lower`` (a band of group
    names over the column names)? Columns whose name is one tall cell over
    both rows count in ``lower`` too (``span_above``): "Action | Lead |
    Timescale (Start, Finish)" is five names over six columns."""
    n_up = sum(1 for c in upper.cells if c is not None and not c.span_above)
    own = sum(1 for c in lower.cells if c is not None and c.text and not c.span_above)
    tall = sum(1 for c in lower.cells if c is not None and c.span_above)
    return own >= 1 and own + tall > n_up >= 1


def headerless_map(grid: Grid, min_fields: int) -> RoleMap | None:
    """Roles of a small table with no header row, from its cells alone."""
    body = [r for r in grid.rows if not r.full_width]
    if grid.ncols < 3 or len(body) < 2:
        return None
    return content_map(columns_below(grid, 0), min_fields)


def follows_columns(grid: Grid, col_x: list[float] | None, roles: RoleMap,
                    tolerance: float = 3.0) -> bool:
    """A small table printed without a header, drawn with the very columns of
    the plan table before it (the next theme's rows under their own heading),
    continues that plan even when it has too few rows for content alone to
    name its columns: its column edges match, and at least two short-value
    columns (lead, timescale, RAG, ref) hold what those roles hold."""
    if not col_x or grid.ncols != len(col_x):
        return False
    if any(abs(a - b) > tolerance for a, b in zip(grid.col_x, col_x)):
        return False
    columns = columns_below(grid, 0)
    agree = sum(content_scores(columns[k]).get(field, 0.0) >= 0.5
                for k, field in enumerate(roles.fields[:len(columns)])
                if field in ("lead", "timescale", "rag", "ref"))
    return agree >= 2


#: a cell ending in a full stop with this many words, or any cell of more than
#: ``HEADER_LABEL_WORDS``, is a sentence: never a column label
SENTENCE_WORDS = 4
HEADER_LABEL_WORDS = 20


def _sentence(text: str | None) -> bool:
    words = (text or "").split()
    return (len(words) >= SENTENCE_WORDS and words[-1].endswith(".")) or len(words) > HEADER_LABEL_WORDS


def cut_row_header(grid: Grid, i: int, col_x: list[float] | None, roles: RoleMap) -> bool:
    """Is the row ``i`` the lexicon took for a header, in a table printed at
    the top of the next page with the very columns of the open plan table
    (:func:`follows_columns`), a body row instead (the end of the row the page
    break cut, or the next row under it)? It is when one of its cells is a
    sentence: labels never are."""
    return any(map(_sentence, _texts(grid.rows[i]))) and follows_columns(grid, col_x, roles)


def shortfall(grid: Grid, min_fields: int) -> str | None:
    """A warning for a grid whose first rows read like a plan header but do
    not qualify, naming its columns and what was missing."""
    for i in _first_text_rows(grid):
        cells = _texts(grid.rows[i])
        why = near_miss(cells, columns_below(grid, i + 1), min_fields)
        if why:
            shown = " | ".join((c or "").replace("\n", " ")[:40] for c in cells)
            return f"page {grid.page}: table with columns '{shown}' not read as an action plan: {why}"
    return _headerless_shortfall(grid, min_fields)


#: a headerless table is warned about when this many rows hold actions
HEADERLESS_WARN_ROWS = 2


def _headerless_shortfall(grid: Grid, min_fields: int) -> str | None:
    """A warning for a table with no header whose cells hold actions (and
    something beside them) but too few other plan columns to qualify."""
    body = [r for r in grid.rows if not r.full_width]
    if grid.ncols < 2 or len(body) < HEADERLESS_WARN_ROWS:
        return None
    scores = [content_scores(col) for col in columns_below(grid, 0)]
    if not any(sc.get("action", 0.0) >= CONTENT_ONLY for sc in scores):
        return None
    found = sorted({r for sc in scores for r, v in sc.items()
                    if v >= CONTENT_ONLY and r in ("lead", "timescale", "rag", "progress")})
    first = " | ".join((t or "")[:30] for t in _texts(body[0]))
    return (f"page {grid.page}: table with no header row ('{first}') not read as an action plan: its cells hold "
            f"actions but only {', '.join(found) or 'no other plan column'} beside them; "
            f"an action plan needs {min_fields - 1}")
