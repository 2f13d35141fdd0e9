"""Which characters and fills fall in which cell of a ruled grid, by arrays.

Every grid of a page used to walk all the page's characters in Python and
every cell all the page's fills; a page of three tables walked its text three
times. The page's characters are placed once (centres as arrays, sorted
down the page) and shared by its grids, so a cell looks only at the
characters level with it; a cell's fills are those whose boxes reach into it.
The answers are those of the plain loops (tests/test_cell_index.py).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from council_plans.parsers.page.geometry import BBox, column
from council_plans.parsers.page.textlines import Char, columns_of, in_row_order


class PlacedChars:
    """Characters with their centres as arrays and their order down the
    page: made once per page, read by each of its grids."""

    def __init__(self, chars: list[Char]):
        self.chars = chars
        #: their columns (also what the page's loose lines are built from)
        self.columns = cols = columns_of(chars)
        self.x = (cols.x0 + cols.x1) / 2
        self.y = (cols.top + cols.bottom) / 2
        self.band = np.floor_divide(self.y, CellIndex.BAND)
        self.order = np.argsort(self.y, kind="stable")
        self.y_sorted = self.y[self.order]
        self._rank: np.ndarray | None = None

    @property
    def rank(self) -> np.ndarray:
        """Each character's place in reading order, rows first: the stable
        order of ``textlines._in_row_order`` over the whole page.  Any subset
        put in this order is in that function's order too (its ties keep
        the page's order, as a stable sort of the subset does), so a cell
        given its characters this way need not sort them again."""
        if self._rank is None:
            order = in_row_order(self.columns)
            self._rank = np.empty(len(order), dtype=np.intp)
            self._rank[order] = np.arange(len(order))
        return self._rank

    def __len__(self) -> int:
        return len(self.chars)

    def outside(self, boxes: list[BBox], pad: float = 0.5) -> np.ndarray:
        """Indices, in order, of the characters whose centre lies in none of
        ``boxes`` padded by ``pad`` (sides included: the comparisons of
        :func:`parsers.page.geometry.centre_in`)."""
        out = np.ones(len(self.chars), dtype=bool)
        for x0, top, x1, bottom in boxes:
            out &= ~((self.x >= x0 - pad) & (self.x <= x1 + pad) & (self.y >= top - pad) & (self.y <= bottom + pad))
        return np.flatnonzero(out)

    def level(self, top: float, bottom: float) -> np.ndarray:
        """Indices of the characters whose centre's height is within ``top..bottom``."""
        return self.order[np.searchsorted(self.y_sorted, top, "left"):np.searchsorted(self.y_sorted, bottom, "right")]

    def within(self, box: BBox) -> list[Char]:
        """The characters whose centre lies in ``box`` (sides included), in the order given."""
        level = self.level(box[1], box[3])
        x = self.x[level]
        inside = np.sort(level[(x >= box[0]) & (x <= box[2])])
        return [self.chars[i] for i in inside.tolist()]


class CellIndex:
    """Assign characters to cell boxes: a character goes to the first box
    (in list order) holding its centre, padded by :attr:`PAD`, among the
    boxes reaching into the character's band of :attr:`BAND` points (a
    centre within the pad above a box's first band is not in it: the bands
    were once a hash table, and the cells they gave are kept). The characters
    level with the grid are tested against all its boxes at once."""

    BAND = 24.0

    #: a character's centre this far outside a box still belongs to it
    PAD = 0.5

    def __init__(self, boxes: list[BBox]):
        self.boxes = boxes
        pad, band = self.PAD, self.BAND
        #: a row per box: padded left, right, top, bottom; first and last band
        self.sides = np.array([(b[0] - pad, b[2] + pad, b[1] - pad, b[3] + pad, b[1] // band, b[3] // band)
                               for b in boxes], dtype=float).reshape(-1, 6)

    def assign(self, chars: list[Char] | PlacedChars, in_rows: bool = False) -> list[list[Char]]:
        """The characters of each box, in the order given (``in_rows``: in
        reading order, :attr:`PlacedChars.rank`)."""
        placed = chars if isinstance(chars, PlacedChars) else PlacedChars(chars)
        if not self.boxes:
            return []
        left, right, top, bottom, first, last = self.sides.T
        level = placed.level(top.min(), bottom.max())
        found, owners = [_NONE], [_NONE]
        step = max(1, AT_ONCE // len(self.boxes))
        for start in range(0, len(level), step):
            part = level[start:start + step]
            x, y, band = placed.x[part, None], placed.y[part, None], placed.band[part, None]
            inside = (x >= left) & (x <= right) & (y >= top) & (y <= bottom) & (band >= first) & (band <= last)
            hit = inside.any(axis=1)
            found.append(part[hit])
            owners.append(inside.argmax(axis=1)[hit])  # the first box holding it
        hits = np.concatenate(found)
        return _split(placed.chars, hits, np.concatenate(owners), len(self.boxes),
                      placed.rank[hits] if in_rows else hits)


#: most comparisons (boxes x characters or fills) made in one array
AT_ONCE = 1 << 20
_NONE = np.zeros(0, dtype=np.intp)


def _split(objs: list[Any], found: np.ndarray, owners: np.ndarray, n: int,
           keys: np.ndarray | None = None) -> list[list[Any]]:
    """``objs[found[i]]`` put in list ``owners[i]`` of ``n``, each list in
    the order of ``keys`` (by default the order of ``objs``)."""
    order = np.lexsort((found if keys is None else keys, owners))
    ordered = found[order].tolist()
    out, start = [], 0
    for count in np.bincount(owners, minlength=n).tolist():
        out.append([objs[i] for i in ordered[start:start + count]])
        start += count
    return out


class FillIndex:
    """A page's fills as arrays, so each cell is measured only against the
    fills reaching into it (in paint order): a fill that does not overlap a
    cell never decides its colour (:func:`parsers.tables.grid.dominant_fill`)."""

    def __init__(self, fills: list[dict[str, Any]]):
        self.fills = fills
        self.x0, self.top, self.x1, self.bottom = (column(fills, k) for k in ("x0", "top", "x1", "bottom"))

    def over_each(self, boxes: list[BBox]) -> list[list[dict[str, Any]]]:
        """For each box, the fills whose boxes reach into it."""
        if not self.fills or not boxes:
            return [[] for _ in boxes]
        found, owners = [_NONE], [_NONE]
        step = max(1, AT_ONCE // len(self.fills))
        for start in range(0, len(boxes), step):
            b = np.array(boxes[start:start + step], dtype=float)
            near = ((self.x0 < b[:, 2:3]) & (self.x1 > b[:, 0:1])
                    & (self.top < b[:, 3:4]) & (self.bottom > b[:, 1:2]))
            rows, cols = np.nonzero(near)
            found.append(cols)
            owners.append(rows + start)
        return _split(self.fills, np.concatenate(found), np.concatenate(owners), len(boxes))
