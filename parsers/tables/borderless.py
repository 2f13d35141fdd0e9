"""Tables with no ruling lines: columns come from the header's word positions.

A header line (or two or three stacked lines, for headers like "Action /
Number") whose phrases name action-plan fields fixes the columns; body lines
below are cut into cells at the column starts and into rows at the vertical
gaps that separate rows (wider than the leading inside a cell).
"""
from __future__ import annotations

from dataclasses import dataclass

from council_plans.parsers.page.geometry import BBox, union
from council_plans.parsers.tables.grid import Grid, GridCell, GridRow, TextColumns, dominant_fill
from council_plans.parsers.columns.headers import header_map
from council_plans.parsers.values.refs import REF_START
from council_plans.parsers.values.vocab import REF_CELL, unligature
from council_plans.parsers.page.textlines import Line, Word
from council_plans.parsers.tables.body_edges import body_bounds, ends_table
from council_plans.parsers.tables.phrases import SAME_SIZE, Phrase, phrases_of


def _same_type(first: Line, line: Line) -> bool:
    """Is ``line`` set like the header line ``first`` (every word the same
    size, bold where the header is bold)? A header wraps in its own type; the
    first body row under it is usually set smaller or lighter."""
    size = first.size
    if any(abs(w.size - size) > SAME_SIZE for w in line.words):
        return False
    return line.bold or not first.bold


def _stack(columns: list[Phrase], line: Line, first: Line) -> list[Phrase] | None:
    """Add a header continuation line under existing columns, or None if its
    phrases do not sit under them or it is not set like the header."""
    if not _same_type(first, line):
        return None
    merged = [Phrase(list(c.words)) for c in columns]
    for ph in phrases_of(line):
        hits = [c for c in merged if ph.x0 < c.x1 + 2 and ph.x1 > c.x0 - 2]
        if len(hits) != 1:
            return None
        hits[0].words.extend(ph.words)
    return merged


def find_header(lines: list[Line], i: int, min_fields: int) -> tuple[list[Phrase], int] | None:
    """Header columns starting at line ``i`` and the number of lines used."""
    cols = phrases_of(lines[i])
    if len(cols) < min_fields:
        return None
    best = None
    hm = header_map([c.text for c in cols], min_fields)
    if hm:
        best = (cols, 1, sum(f is not None for f in hm.fields))
    for extra in (1, 2):
        j = i + extra
        if j >= len(lines) or lines[j].top - lines[j - 1].bottom > lines[j].size * 0.8:
            break
        stacked = _stack(cols, lines[j], lines[i])
        if stacked is None:
            break
        cols = stacked
        hm = header_map([c.text for c in cols], min_fields)
        n = sum(f is not None for f in hm.fields) if hm else 0
        if hm and (best is None or n > best[2] or n == best[2] and _bold_wrap(lines[i], lines[j])):
            best = (cols, extra + 1, n)
    return (best[0], best[1]) if best else None


def _bold_wrap(first: Line, line: Line) -> bool:
    """A bold line of two or more phrases right under a bold header line
    continues it ("Action to be / taken", "Responsible / officer") even when
    it names no further role: body rows are not set bold, and a bold section
    row is one phrase."""
    return first.bold and line.bold and len(phrases_of(line)) >= 2


def _row_cells(lines: list[Line], bounds: list[float], x_end: float, fills: list[dict],
               fill_end: float | None = None) -> list[GridCell]:
    """A row's cells: words by column. The last column runs to ``x_end``
    (its text may run on to the margin) but its fill is looked for only up to
    ``fill_end``, the right end of its header: an empty status cell filled
    red is a third of the band to the margin at most."""
    per: list[list[Word]] = [[] for _ in bounds]
    for line in lines:
        for w in line.words:
            per[column_of(w.x0, bounds)].append(w)
    top = min(line.top for line in lines)
    bottom = max(line.bottom for line in lines)
    cells = []
    for k, words in enumerate(per):
        band = (bounds[k], top - 1, bounds[k + 1] if k + 1 < len(bounds) else x_end, bottom + 1)
        box = union((w.x0, w.top, w.x1, w.bottom) for w in words) or band
        text = unligature(" ".join(w.text for w in sorted(words, key=lambda w: (round(w.top), w.x0))))
        bold = bool(words) and all(w.bold for w in words if any(ch.isalpha() for ch in w.text))
        if fill_end is not None and k + 1 == len(bounds) and fill_end > bounds[k]:
            band = (band[0], band[1], fill_end, band[3])
        cells.append(GridCell(text=text, bbox=box, bold=bold, fill=dominant_fill(band, fills)))
    return cells


def _crosses(line: Line, bounds: list[float]) -> bool:
    return any(w.x0 < b - 2 < w.x1 - 2 for w in line.words for b in bounds[1:])


def _is_section(lines: list[Line], cells: list[GridCell]) -> bool:
    filled = [c for c in cells if c.text]
    return len(lines) == 1 and lines[0].bold and (len(filled) == 1 or len(filled) < len(cells) // 2)


@dataclass
class PageContext:
    """What the body reader needs of the page besides its text lines."""

    page: int
    width: float
    fills: list[dict]
    rules: list[tuple[float, float, float]]  # horizontal rules: y, x0, x1


def horizontal_rules(edges: list[dict]) -> list[tuple[float, float, float]]:
    return sorted((e["top"], e["x0"], e["x1"]) for e in edges if e["orientation"] == "h")


def borderless_grids(lines: list[Line], ctx: PageContext, min_fields: int = 3) -> list[Grid]:
    """Find header-led borderless tables among a page's text lines."""
    grids: list[Grid] = []
    i = 0
    while i < len(lines):
        found = find_header(lines, i, min_fields)
        if not found:
            i += 1
            continue
        cols, used = found
        grid, i = _read_body(lines, i, cols, used, ctx, min_fields)
        grids.append(grid)
    return grids


def _ruled_between(ctx: PageContext, top: float, bottom: float, x0: float, x1: float) -> bool:
    """Is there a horizontal rule across most of the table between two lines?"""
    need = (x1 - x0) * 0.4
    return any(top - 0.5 <= y <= bottom + 0.5 and min(rx1, x1) - max(rx0, x0) >= need
               for y, rx0, rx1 in ctx.rules)


def column_of(x0: float, bounds: list[float]) -> int:
    """The column a word starting at ``x0`` belongs to (left of the first
    column start counts as the first column)."""
    return max(i for i, b in enumerate(bounds) if x0 >= b - 2 or i == 0)


def _col_text(line: Line, bounds: list[float], col: int) -> str:
    return " ".join(w.text for w in line.words if column_of(w.x0, bounds) == col)


def _starts_ref(group: list[Line], line: Line, bounds: list[float], ref_col: int | None) -> bool:
    """Does this line open a new ref in the ref column (e.g. "Ofsted 2.1", or a
    row number "3") while the row so far already holds a whole ref (not
    "Ofsted" wrapped above "2.1")?"""
    if ref_col is None:
        return False
    text = _col_text(line, bounds, ref_col).strip()
    if not (REF_START.match(text) or REF_CELL.fullmatch(text)):
        return False
    so_far = " ".join(_col_text(g, bounds, ref_col) for g in group).strip()
    return bool(REF_START.fullmatch(so_far) or REF_CELL.fullmatch(so_far))


def _read_body(lines: list[Line], i: int, cols: list[Phrase], used: int,
               ctx: PageContext, min_fields: int) -> tuple[Grid, int]:
    hm = header_map([c.text for c in cols], min_fields)
    columns = TextColumns(bounds=tuple(body_bounds(lines, i + used, cols)),
                          x_end=max(max(c.x1 for c in cols), ctx.width - 20), fill_end=cols[-1].x1,
                          ref_col=hm.column_of("ref") if hm else None)
    header_lines = lines[i:i + used]
    head_cells: list[GridCell | None] = [GridCell(text=c.text, bbox=(c.x0, min(w.top for w in c.words), c.x1,
                                               max(w.bottom for w in c.words)), bold=True)
                  for c in cols]
    rows = [GridRow(cells=head_cells, top=header_lines[0].top, bottom=header_lines[-1].bottom)]
    body, j = rows_under(lines, i + used, columns, ctx, min_fields, header_lines[-1].bottom)
    rows += body
    bounds = list(columns.bounds)
    bbox: BBox = (min(bounds[0], min(c.x0 for c in cols)), rows[0].top, columns.x_end, rows[-1].bottom)
    return Grid(page=ctx.page, bbox=bbox, col_x=bounds, rows=rows, kind="borderless", columns=columns), j


def rows_under(lines: list[Line], j: int, columns: TextColumns, ctx: PageContext, min_fields: int,
               prev_bottom: float) -> tuple[list[GridRow], int]:
    """Body rows from line ``j`` on, cut at ``columns``, until a wide gap, a
    new header or a line that crosses the columns (prose below the table)."""
    bounds, ends = list(columns.bounds), (columns.x_end, columns.fill_end)
    rows: list[GridRow] = []
    group: list[Line] = []
    while j < len(lines):
        line = lines[j]
        gap = line.top - prev_bottom
        if ends_table(gap, line) or find_header(lines, j, min_fields):
            break
        if group and (gap > line.size * 0.45 or _starts_ref(group, line, bounds, columns.ref_col)
                      or _ruled_between(ctx, prev_bottom, line.top, bounds[0], columns.x_end)):
            rows.append(_make_row(group, bounds, ends, ctx.fills))
            group = []
        if _crosses(line, bounds) and not line.bold:
            break
        group.append(line)
        prev_bottom = line.bottom
        j += 1
    if group:
        rows.append(_make_row(group, bounds, ends, ctx.fills))
    return rows, j


def _make_row(group: list[Line], bounds: list[float], ends: tuple[float, float], fills: list[dict]) -> GridRow:
    """One body row; ``ends``: where the last column's text and its fill end."""
    cells = _row_cells(group, bounds, ends[0], fills, ends[1])
    top = min(line.top for line in group)
    bottom = max(line.bottom for line in group)
    if _is_section(group, cells):
        text = group[0].text
        box = group[0].bbox
        return GridRow(cells=[GridCell(text=text, bbox=box, bold=True)] + [None] * (len(bounds) - 1),
                       top=top, bottom=bottom, full_width=True)
    return GridRow(cells=list[GridCell | None](cells), top=top, bottom=bottom)
