"""Cell boxes from ruling lines: pdfplumber's table geometry, indexed.

pdfplumber's lattice steps (snap and join the edges, find where they cross,
the smallest cell at each crossing, cells that touch grouped into tables)
compare every edge or point with every other and copy each edge dict on
every move, which made finding the cells of a ruled page cost as much as
reading its text. These functions give the same results bit for bit - the
same edges, crossings, cells and tables in the same order, every float
from the same arithmetic - but sort once and look up instead of scanning
(tests/test_cell_geometry.py holds them to pdfplumber's own functions).
"""
from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections import defaultdict
from itertools import groupby
from operator import itemgetter
from typing import Any, Iterable

Edge = dict[str, Any]
Point = tuple[float, float]
BBox = tuple[float, float, float, float]
#: the boxes of the vertical and of the horizontal edges through a crossing
Meeting = tuple[set[BBox], set[BBox]]
#: a cell's corners: top left, bottom left, top right, bottom right
Corners = tuple[Point, Point, Point, Point]

# an edge while it is snapped and joined: a list indexed by these
X0, TOP, X1, BOTTOM, WIDTH, HEIGHT = range(6)


def merge_edges(ruling: Iterable[Edge], snap: float, join: float) -> list[Edge]:
    """pdfplumber's ``merge_edges`` (snap, then join, the same tolerance
    across and along) of ruling lines ``x0, top, x1, bottom, orientation``
    whose width and height are ``x1 - x0`` and ``bottom - top``. Edges come
    back as dicts of those keys: horizontal ones by row, then vertical ones."""
    lines: dict[str, list[list[float]]] = {"v": [], "h": []}
    for e in ruling:
        x0, top, x1, bottom = e["x0"], e["top"], e["x1"], e["bottom"]
        lines[e["orientation"]].append([x0, top, x1, bottom, x1 - x0, bottom - top])
    if snap > 0:
        lines = {"v": _snap(lines["v"], X0, X1, snap), "h": _snap(lines["h"], TOP, BOTTOM, snap)}
    out = [_edge(e, "h") for e in _joined(lines["h"], TOP, X0, X1, join)]
    return out + [_edge(e, "v") for e in _joined(lines["v"], X0, TOP, BOTTOM, join)]


def _edge(e: list[float], orientation: str) -> Edge:
    return {"x0": e[X0], "top": e[TOP], "x1": e[X1], "bottom": e[BOTTOM], "width": e[WIDTH],
            "height": e[HEIGHT], "orientation": orientation}


def _snap(lines: list[list[float]], key: int, other: int, tolerance: float) -> list[list[float]]:
    """pdfplumber's ``snap_objects``: positions chained within ``tolerance``
    form a cluster; each line moves (``key`` and ``other`` by the same
    amount) to its cluster's mean, summed in the order the lines came.
    Lines come back by cluster, in their order within each."""
    cluster: dict[float, int] = {}
    count, last = 0, None
    for value in sorted({line[key] for line in lines}):
        if last is not None and not value <= last + tolerance:
            count += 1
        cluster[value] = count
        last = value
    groups: dict[int, list[list[float]]] = defaultdict(list)
    for line in lines:
        groups[cluster[line[key]]].append(line)
    out = []
    for k in sorted(groups):
        members = groups[k]
        mean = sum(line[key] for line in members) / len(members)
        for line in members:  # moved in place: the lines are merge_edges' own
            shift = mean - line[key]
            line[key], line[other] = line[key] + shift, line[other] + shift
        out.extend(members)
    return out


def _joined(lines: list[list[float]], across: int, start: int, end: int, tolerance: float) -> list[list[float]]:
    """pdfplumber's ``join_edge_group`` over each run of lines at one exact
    position ``across`` (in position order): lines along one line that
    overlap or leave gaps up to ``tolerance`` become one."""
    out: list[list[float]] = []
    for _, run in groupby(sorted(lines, key=itemgetter(across)), key=itemgetter(across)):
        ordered = sorted(run, key=itemgetter(start))
        joined = [ordered[0]]
        for line in ordered[1:]:
            last = joined[-1]
            if line[start] <= last[end] + tolerance:
                if line[end] > last[end]:
                    _extend(last, end, line[end])
            else:
                joined.append(line)
        out.extend(joined)
    return out


def _extend(line: list[float], end: int, value: float) -> None:
    """pdfplumber's ``resize_object`` of the far end, in place: a row's
    width is measured anew, a column's height grows by what its bottom moved."""
    if end == X1:
        line[WIDTH] = value - line[X0]
    else:
        line[HEIGHT] = line[HEIGHT] + (value - line[BOTTOM])
    line[end] = value


def long_edges(edges: list[Edge], min_length: float) -> list[Edge]:
    """pdfplumber's ``filter_edges`` by length: columns by height, rows by width."""
    return [e for e in edges if e["height" if e["orientation"] == "v" else "width"] >= min_length]


def edges_to_intersections(edges: list[Edge], x_tolerance: float, y_tolerance: float) -> dict[Point, Meeting]:
    """pdfplumber's ``edges_to_intersections``: where a column edge (within
    the tolerances) meets a row edge, keyed ``(column x0, row top)``, with
    the boxes of the edges meeting there (all pdfplumber's cells read of
    them). Rows are found by bisecting their tops, not scanned."""
    rows = sorted((e for e in edges if e["orientation"] == "h"), key=itemgetter("top", "x0"))
    above = [h["top"] + y_tolerance for h in rows]  # rounding keeps both sorted
    below = [h["top"] - y_tolerance for h in rows]
    row_sides = [(h["x0"] - x_tolerance, h["x1"] + x_tolerance, h["top"], _box(h)) for h in rows]
    out: dict[Point, Meeting] = {}
    for v in sorted((e for e in edges if e["orientation"] == "v"), key=itemgetter("x0", "top")):
        x, box = v["x0"], _box(v)
        for left, right, top, row_box in row_sides[bisect_left(above, v["top"]):bisect_right(below, v["bottom"])]:
            if left <= x <= right:
                meeting = out.get((x, top))
                if meeting is None:
                    meeting = out[(x, top)] = (set(), set())
                meeting[0].add(box)
                meeting[1].add(row_box)
    return out


def _box(e: Edge) -> BBox:
    return (e["x0"], e["top"], e["x1"], e["bottom"])


def intersections_to_cells(meetings: dict[Point, Meeting]) -> list[BBox]:
    """pdfplumber's ``intersections_to_cells``: from each crossing (in
    ``(x, y)`` order) the first corner below it on a shared column edge and
    right of it on a shared row edge (nearest first) whose far corner is
    joined to both; crossings are looked up by column and by row."""
    points = sorted(meetings)
    column: dict[float, list[Point]] = defaultdict(list)
    row: dict[float, list[Point]] = defaultdict(list)
    for p in points:  # each list in order: down a column, along a row
        column[p[0]].append(p)
        row[p[1]].append(p)
    seen_in_column: dict[float, int] = defaultdict(int)
    seen_in_row: dict[float, int] = defaultdict(int)
    cells = []
    for p in points:
        seen_in_column[p[0]] += 1
        seen_in_row[p[1]] += 1
        cell = _smallest_cell(p, meetings, column[p[0]][seen_in_column[p[0]]:], row[p[1]][seen_in_row[p[1]]:])
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest_cell(p: Point, meetings: dict[Point, Meeting], below: list[Point], right: list[Point]) -> BBox | None:
    verticals, horizontals = meetings[p]
    across: list[Point] | None = None
    for b in below:
        if verticals.isdisjoint(meetings[b][0]):
            continue
        if across is None:
            across = [r for r in right if not horizontals.isdisjoint(meetings[r][1])]
        for r in across:
            far = meetings.get((r[0], b[1]))
            if far is not None and not far[0].isdisjoint(meetings[r][0]) and not far[1].isdisjoint(meetings[b][1]):
                return (p[0], p[1], r[0], b[1])
    return None


def cells_to_tables(cells: list[BBox]) -> list[list[BBox]]:
    """pdfplumber's ``cells_to_tables``: cells sharing a corner form a table.
    pdfplumber sweeps the remaining cells again and again, taking each that
    touches the table so far; here the sweeps are replayed from an index of
    cells by corner, so each table's cells come in pdfplumber's order. Tables
    of one cell are dropped; the rest are sorted by their top-left cell."""
    corners: list[Corners] = [((x0, top), (x0, bottom), (x1, top), (x1, bottom)) for x0, top, x1, bottom in cells]
    at: dict[Point, list[int]] = defaultdict(list)
    for i, four in enumerate(corners):
        for c in four:
            at[c].append(i)
    queued = [False] * len(cells)
    tables = []
    first = 0
    while True:
        while first < len(cells) and queued[first]:
            first += 1
        if first == len(cells):
            break
        queued[first] = True
        tables.append([cells[i] for i in _sweeps(first, corners, at, queued)])
    ordered = sorted(tables, key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in ordered if len(t) > 1]


def _sweeps(first: int, corners: list[Corners], at: dict[Point, list[int]], queued: list[bool]) -> list[int]:
    """The cells of the table begun by cell ``first``, in the order
    pdfplumber's sweeps take them: a sweep takes, in list order, every cell
    touching the table when the sweep reaches it; one touched behind the
    sweep waits for the next sweep. ``queued`` marks cells taken or waiting."""
    taken: list[int] = []
    table_corners: set[Point] = set()
    ahead, behind = [first], []
    while ahead:
        while ahead:
            i = heapq.heappop(ahead)
            taken.append(i)
            for c in corners[i]:
                if c in table_corners:
                    continue
                table_corners.add(c)
                for j in at[c]:
                    if not queued[j]:
                        queued[j] = True
                        if j > i:
                            heapq.heappush(ahead, j)
                        else:
                            behind.append(j)
        ahead, behind = behind, []
        heapq.heapify(ahead)
    return taken
