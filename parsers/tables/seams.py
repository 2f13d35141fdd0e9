"""Edges nobody can see: the seams inside one coloured cell.

Word and print filters often paint a shaded cell as several rectangles (one
per text line, or a cell-sized fill with line-sized fills on top). Every
rectangle's sides count as ruling lines, so without this step a green status
cell drawn as three fills splits one table row into three. A horizontal side
of a colourful fill is a seam - not a rule - when, across its whole length,
the same colour continues on both sides: it lies inside a larger fill of that
colour, or another fill of that colour abuts it. Rules drawn in black (or as
uncoloured rectangles) are never fills, so they are never dropped; nor are the
sides of a fill outlined in another colour (a cell filled and stroked): two
amber cells one above the other are two rows.
"""
from __future__ import annotations

from council_plans.parsers.page.geometry import RGB, same_colour

#: points within which two fill sides count as touching or coinciding
SEAM_TOLERANCE = 1.0
#: pages with more fills than this are not searched for seams (cost guard)
MAX_FILLS = 1500

_Key = tuple[float, float, float]


def _colour_on_both_sides(y: float, x0: float, x1: float, colour: RGB, fills: list[dict]) -> bool:
    """Does a fill of ``colour`` spanning ``x0..x1`` continue above ``y``, and
    one below it?  Every side of every fill is asked about every fill, so the
    cheap comparisons of position come before the colour's."""
    above = below = False
    low, high = y - SEAM_TOLERANCE, y + SEAM_TOLERANCE
    for f in fills:
        if (f["x0"] - SEAM_TOLERANCE <= x0 and x1 <= f["x1"] + SEAM_TOLERANCE
                and f["top"] - SEAM_TOLERANCE <= low and high <= f["bottom"] + SEAM_TOLERANCE
                and same_colour(f["color"], colour)):
            above, below = above or f["top"] < low, below or f["bottom"] > high
            if above and below:
                return True
    return False


def seam_keys(fills: list[dict]) -> set[_Key]:
    """(y, x0, x1) of every horizontal fill side that is a seam."""
    if len(fills) > MAX_FILLS:
        return set()
    keys: set[_Key] = set()
    for g in fills:
        if g.get("outlined"):  # its sides are drawn rules
            continue
        for y in (g["top"], g["bottom"]):
            if _colour_on_both_sides(y, g["x0"], g["x1"], g["color"], fills):
                keys.add(_key(y, g["x0"], g["x1"]))
    return keys


def _key(y: float, x0: float, x1: float) -> _Key:
    return (round(y, 1), round(x0, 1), round(x1, 1))


def without_seams(edges: list[dict], fills: list[dict]) -> list[dict]:
    """``edges`` less the horizontal seams inside same-coloured cells."""
    keys = seam_keys(fills)
    if not keys:
        return edges
    return [e for e in edges if e["orientation"] != "h" or _key(e["top"], e["x0"], e["x1"]) not in keys]
