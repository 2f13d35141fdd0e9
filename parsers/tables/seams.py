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

import numpy as np

from council_plans.parsers.page.geometry import SAME_COLOUR

#: points within which two fill sides count as touching or coinciding
SEAM_TOLERANCE = 1.0
#: pages with more fills than this are not searched for seams (cost guard)
MAX_FILLS = 1500
#: fill sides compared with every fill in one go (bounds the arrays: sides x fills)
SIDES_AT_ONCE = 256

_Key = tuple[float, float, float]


def _colour_on_both_sides(sides: np.ndarray, colours: np.ndarray,
                          boxes: np.ndarray, fill_colours: np.ndarray) -> np.ndarray:
    """For each fill side ``(y, x0, x1)`` of colour ``colours[i]``: does a
    fill of that colour spanning ``x0..x1`` continue above ``y``, and one
    below it?  Every side is asked about every fill (``boxes``: their
    ``x0, top, x1, bottom``), as arrays: a side per row, a fill per column."""
    y, x0, x1 = (sides[:, k:k + 1] for k in range(3))
    low, high = y - SEAM_TOLERANCE, y + SEAM_TOLERANCE
    left, top, right, bottom = (boxes[:, k] for k in range(4))
    spans = ((left - SEAM_TOLERANCE <= x0) & (x1 <= right + SEAM_TOLERANCE)
             & (top - SEAM_TOLERANCE <= low) & (high <= bottom + SEAM_TOLERANCE))
    for k in range(fill_colours.shape[1]):  # same_colour, channel by channel
        spans &= np.abs(fill_colours[:, k] - colours[:, k:k + 1]) < SAME_COLOUR
    above, below = np.any(spans & (top < low), axis=1), np.any(spans & (bottom > high), axis=1)
    return np.asarray(above & below)


def seam_keys(fills: list[dict]) -> set[_Key]:
    """(y, x0, x1) of every horizontal fill side that is a seam."""
    if len(fills) > MAX_FILLS:
        return set()
    sides = [(y, g["x0"], g["x1"], g["color"]) for g in fills if not g.get("outlined")  # outlined: drawn rules
             for y in (g["top"], g["bottom"])]
    if not sides:
        return set()
    boxes = np.array([(f["x0"], f["top"], f["x1"], f["bottom"]) for f in fills], dtype=float)
    fill_colours = np.array([f["color"] for f in fills], dtype=float)
    keys: set[_Key] = set()
    for start in range(0, len(sides), SIDES_AT_ONCE):
        block = sides[start:start + SIDES_AT_ONCE]
        seams = _colour_on_both_sides(np.array([s[:3] for s in block], dtype=float),
                                      np.array([s[3] for s in block], dtype=float), boxes, fill_colours)
        keys.update(_key(y, x0, x1) for (y, x0, x1, _), seam in zip(block, seams.tolist()) if seam)
    return keys


#: fill sides and rules are compared at this many decimals
_PLACES = 1


def _place(v: float) -> float:
    return round(v, _PLACES)


def _key(y: float, x0: float, x1: float) -> _Key:
    return (_place(y), _place(x0), _place(x1))


def without_seams(edges: list[dict], fills: list[dict]) -> list[dict]:
    """``edges`` less the horizontal seams inside same-coloured cells."""
    keys = seam_keys(fills)
    if not keys:
        return edges
    heights = {k[0] for k in keys}  # most rules are at no seam's height: one rounding tells
    return [e for e in edges if e["orientation"] != "h" or _place(e["top"]) not in heights
            or _key(e["top"], e["x0"], e["x1"]) not in keys]
