"""Which characters and fills fall in which cell of a ruled grid, by arrays.

Every grid of a page used to walk all the page's characters in Python and
every cell all the page's fills; a page of three tables walked its text three
times. The page's characters are placed once (centres as arrays, sorted
down the page) and shared by its grids, so a cell looks only at the
characters level with it; a cell's fills are those whose boxes reach into it.
The answers are those of the plain loops (tests/test_cell_index.py).
"""
from __future__ import annotations

from operator import itemgetter
from typing import Any

import numpy as np

from council_plans.parsers.page.geometry import BBox
from council_plans.parsers.page.textlines import Char


class PlacedChars:
    """Characters with their centres as arrays and their order down the
    page: made once per page, read by each of its grids."""

    def __init__(self, chars: list[Char]):
        self.chars = chars
        self.x = (_column(chars, "x0") + _column(chars, "x1")) / 2
        self.y = (_column(chars, "top") + _column(chars, "bottom")) / 2
        self.band = np.floor_divide(self.y, CellIndex.BAND)
        self.order = np.argsort(self.y, kind="stable")
        self.y_sorted = self.y[self.order]

    def __len__(self) -> int:
        return len(self.chars)

    def level(self, top: float, bottom: float) -> np.ndarray:
        """Indices of the characters whose centre's height is within ``top..bottom``."""
        return self.order[np.searchsorted(self.y_sorted, top, "left"):np.searchsorted(self.y_sorted, bottom, "right")]

    def within(self, box: BBox) -> list[Char]:
        """The characters whose centre lies in ``box`` (sides included), in the order given."""
        level = self.level(box[1], box[3])
        x = self.x[level]
        inside = np.sort(level[(x >= box[0]) & (x <= box[2])])
        return [self.chars[i] for i in inside.tolist()]


def _column(objs: list[dict[str, Any]], key: str) -> np.ndarray:
    return np.fromiter(map(itemgetter(key), objs), float, len(objs))


class CellIndex:
    """Assign characters to cell boxes: a character goes to the first box
    (in list order) holding its centre, padded by :attr:`PAD`, among the
    boxes reaching into the character's band of :attr:`BAND` points (a
    centre within the pad above a box's first band is not in it: the bands
    were once a hash table, and the cells they gave are kept)."""

    BAND = 24.0

    #: a character's centre this far outside a box still belongs to it
    PAD = 0.5

    def __init__(self, boxes: list[BBox]):
        self.boxes = boxes
        pad = self.PAD
        #: each box's padded sides (left, right, top, bottom) and its first and last band
        self.sides = [(b[0] - pad, b[2] + pad, b[1] - pad, b[3] + pad) for b in boxes]
        self.bands = [(float(b[1] // self.BAND), float(b[3] // self.BAND)) for b in boxes]

    def assign(self, chars: list[Char] | PlacedChars) -> list[list[Char]]:
        """The characters of each box, in the order given."""
        placed = chars if isinstance(chars, PlacedChars) else PlacedChars(chars)
        taken = np.zeros(len(placed), dtype=bool)
        per = []
        for (left, right, top, bottom), (first, last) in zip(self.sides, self.bands):
            level = placed.level(top, bottom)
            x, band = placed.x[level], placed.band[level]
            inside = level[(x >= left) & (x <= right) & (band >= first) & (band <= last) & ~taken[level]]
            taken[inside] = True
            inside.sort()
            per.append([placed.chars[i] for i in inside.tolist()])
        return per


class FillIndex:
    """A page's fills as arrays, so each cell is measured only against the
    fills reaching into it (in paint order): a fill that does not overlap a
    cell never decides its colour (:func:`parsers.tables.grid.dominant_fill`)."""

    def __init__(self, fills: list[dict[str, Any]]):
        self.fills = fills
        self.x0, self.top, self.x1, self.bottom = (_column(fills, k) for k in ("x0", "top", "x1", "bottom"))

    def over(self, box: BBox) -> list[dict[str, Any]]:
        """The fills whose boxes reach into ``box``."""
        near = (self.x0 < box[2]) & (self.x1 > box[0]) & (self.top < box[3]) & (self.bottom > box[1])
        return [self.fills[i] for i in np.flatnonzero(near).tolist()]
