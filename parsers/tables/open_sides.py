"""Tables printed without their outer borders.

Slides and many Word tables drop the left or right border: the row rules
run out to the table's edge, the column rules are drawn inside, but nothing
closes the outer side, so the outer column never forms a cell and its text
(often the action or the ref) is lost. Where three or more row rules end at
the same x, column rules cross them inside, and no rule runs down that end,
the missing side is drawn back in, row by row.
Row rules alone (a borderless table's header and bottom rules) are left
alone: with no column rule crossing them they are not a ruled table.
"""
from __future__ import annotations

#: row rules whose ends are this close share an end
END_TOLERANCE = 3.0
#: fewest row rules that must end together for a side to be drawn back in
MIN_ROW_RULES = 3
#: a side counts as present when a column rule there covers this share of it
COVERED = 0.9

Edge = dict


def _groups(ends: list[tuple[float, Edge]]) -> list[list[Edge]]:
    out: list[list[tuple[float, Edge]]] = []
    for x, e in sorted(ends, key=lambda p: p[0]):
        if out and x - out[-1][-1][0] <= END_TOLERANCE:
            out[-1].append((x, e))
        else:
            out.append([(x, e)])
    return [[e for _, e in g] for g in out if len(g) >= MIN_ROW_RULES]


def _side(x: float, top: float, bottom: float) -> Edge:
    return {"x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0.0, "height": bottom - top,
            "orientation": "v"}


def _covered(x: float, top: float, bottom: float, verticals: list[Edge]) -> bool:
    need = (bottom - top) * COVERED
    return any(abs(v["x0"] - x) <= END_TOLERANCE and min(v["bottom"], bottom) - max(v["top"], top) >= need
               for v in verticals)


def _crossed(a: Edge, b: Edge, verticals: list[Edge]) -> bool:
    """A column rule inside both row rules runs from one to the other."""
    lo, hi = max(a["x0"], b["x0"]), min(a["x1"], b["x1"])
    return any(lo + END_TOLERANCE < v["x0"] < hi - END_TOLERANCE
               and v["top"] <= a["top"] + END_TOLERANCE and v["bottom"] >= b["top"] - END_TOLERANCE
               for v in verticals)


def close_open_sides(edges: list[Edge]) -> list[Edge]:
    """``edges`` plus the outer sides missing from tables whose row rules
    and column rules show where they are (see module doc): between two
    consecutive row rules ending together, crossed by a column rule running
    from one to the other, with no rule down that end."""
    rows = [e for e in edges if e["orientation"] == "h"]
    verticals = [e for e in edges if e["orientation"] == "v"]
    if len(rows) < MIN_ROW_RULES or not verticals:
        return edges
    added: list[Edge] = []
    for key in ("x0", "x1"):
        for group in _groups([(e[key], e) for e in rows]):
            group.sort(key=lambda e: e["top"])
            for a, b in zip(group, group[1:]):
                x = (a[key] + b[key]) / 2
                if not _covered(x, a["top"], b["top"], verticals) and _crossed(a, b, verticals):
                    added.append(_side(x, a["top"], b["top"]))
    return edges + added
