"""Turn characters into words, lines and cell text.

pdfplumber's own ``extract_text`` is built for whole pages; cells need only
"join the lines with single spaces", which is cheaper to do directly and is
what the extraction contract asks for.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import Any, Iterable

import numpy as np

from council_plans.parsers.page.geometry import BBox, centre_in, column
from council_plans.parsers.page.rounding import round_places

Char = dict[str, Any]

#: a gap wider than this share of the font size between two characters splits a word
GAP_RATIO = 0.18
#: the font size a character without one is taken to have (for :data:`GAP_RATIO`)
NO_SIZE = 10.0
#: a character whose top is within this many points of a row's first character's joins the row
ROW_TOLERANCE = 2.5
_BOLD_MARKERS = ("bold", "black", "heavy", "semibold", "demi", ",b")


@lru_cache(maxsize=512)
def is_bold(fontname: str | None) -> bool:
    f = (fontname or "").lower()
    return any(m in f for m in _BOLD_MARKERS)


@dataclass
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool


@dataclass
class Line:
    """A run of words sharing a baseline, left to right."""

    words: list[Word] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def bbox(self) -> BBox:
        return (min(w.x0 for w in self.words), min(w.top for w in self.words),
                max(w.x1 for w in self.words), max(w.bottom for w in self.words))

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def size(self) -> float:
        return max(w.size for w in self.words)

    @property
    def bold(self) -> bool:
        letters = [w for w in self.words if any(map(str.isalpha, w.text))]
        return bool(letters) and all(w.bold for w in letters)


def _row_order(c: Char) -> tuple[float, float]:
    return (round(c["top"], 1), c["x0"])


#: from this many characters rows are ordered over arrays (measured: below
#: it a cell's few characters are quicker sorted one by one)
ARRAY_ORDER_FROM = 32


def in_row_order(chars: list[Char] | CharColumns) -> np.ndarray:
    """The indices of ``chars`` in ``sorted(..., key=_row_order)`` order: a
    stable lexical sort on the same keys, the tops rounded exactly as
    ``round`` rounds them (:func:`parsers.page.rounding.round_places`)."""
    if isinstance(chars, CharColumns):
        return _lexical_rows(chars.x0, chars.top)
    return _lexical_rows(column(chars, "x0"), column(chars, "top"))


def _lexical_rows(x0: np.ndarray, top: np.ndarray) -> np.ndarray:
    return np.lexsort((x0, np.array(round_places(top, 1))))


def _in_row_order(chars: list[Char]) -> list[Char]:
    """``sorted(chars, key=_row_order)``: over arrays for many characters."""
    if len(chars) < ARRAY_ORDER_FROM:
        return sorted(chars, key=_row_order)
    return list(map(chars.__getitem__, in_row_order(chars).tolist()))


def group_rows(chars: Iterable[Char], ordered: bool = False) -> list[list[Char]]:
    """Cluster characters into text rows by their vertical position (each
    row's first character's top decides; called for every cell and page);
    ``ordered``: the characters are in :func:`_in_row_order`'s order already."""
    rows: list[list[Char]] = []
    row: list[Char] = []
    first_top = 0.0
    listed = chars if isinstance(chars, list) else list(chars)
    for ch in listed if ordered else _in_row_order(listed):
        top = ch["top"]
        if row and abs(first_top - top) <= ROW_TOLERANCE:
            row.append(ch)
        else:
            row, first_top = [ch], top
            rows.append(row)
    by_x = itemgetter("x0")
    for r in rows:
        r.sort(key=by_x)
    return rows


def _split_words(row: list[Char]) -> list[list[Char]]:
    """A row's characters in words: a space or a gap wider than
    :data:`GAP_RATIO` of the next character's font size ends a word (one
    character at a time, for a cell's few; :func:`lines_of` does it over
    arrays for a page)."""
    words: list[list[Char]] = []
    word: list[Char] = []
    prev_x1: float | None = None  # None: the next character starts a word
    for ch in row:
        if ch["text"].isspace():
            prev_x1 = None
            continue
        if prev_x1 is None or ch["x0"] - prev_x1 > float(ch.get("size") or NO_SIZE) * GAP_RATIO:
            word = [ch]
            words.append(word)
        else:
            word.append(ch)
        prev_x1 = ch["x1"]
    return words


@dataclass(frozen=True)
class CharColumns:
    """A page's characters as columns (what line building reads of them):
    a page has thousands, and the passes over them run as array operations
    instead of a dict lookup per character per pass."""

    texts: list[str]
    x0: np.ndarray
    top: np.ndarray
    x1: np.ndarray
    bottom: np.ndarray
    size: np.ndarray  #: 0 where a character has none
    bold: np.ndarray  #: its font's name says bold (:func:`is_bold`)

    def take(self, indices: np.ndarray) -> CharColumns:
        """The characters at ``indices``, in that order."""
        return CharColumns(list(map(self.texts.__getitem__, indices.tolist())), self.x0[indices],
                           self.top[indices], self.x1[indices], self.bottom[indices], self.size[indices],
                           self.bold[indices])


def columns_of(chars: list[Char]) -> CharColumns:
    """The columns of char dicts."""
    fonts = [c.get("fontname") for c in chars]
    flags = {f: is_bold(f) for f in set(fonts)}
    n = len(chars)
    return CharColumns([c["text"] for c in chars], column(chars, "x0"), column(chars, "top"),
                       column(chars, "x1"), column(chars, "bottom"),
                       np.fromiter((c.get("size") or 0 for c in chars), float, n),
                       np.fromiter(map(flags.__getitem__, fonts), bool, n))


def _row_ids(tops: list[float]) -> np.ndarray:
    """Row number of each character, the characters in row order (the rule
    of :func:`group_rows`)."""
    out = [0] * len(tops)
    row, first = -1, 0.0
    for i, top in enumerate(tops):
        if row < 0 or not abs(first - top) <= ROW_TOLERANCE:
            row, first = row + 1, top
        out[i] = row
    return np.array(out, dtype=np.intp)


def lines_of(chars: Iterable[Char] | CharColumns) -> list[Line]:
    """Text lines of a set of characters, top to bottom: the rows of
    :func:`group_rows`, each split into words as :func:`cell_text` splits
    them (at a space or a gap wider than :data:`GAP_RATIO` of the font
    size), over arrays: a page's lines are thousands of characters.  A word
    is boxed around its characters, takes their largest size and is bold
    when most of its characters' fonts are."""
    cols = chars if isinstance(chars, CharColumns) else columns_of(list(chars))
    if not cols.texts:
        return []
    order, rows = _reading_order(cols)
    texts = list(map(cols.texts.__getitem__, order.tolist()))
    solid = np.fromiter((not t.isspace() for t in texts), bool, len(texts))
    x0, x1, size = cols.x0[order], cols.x1[order], cols.size[order]
    starts = solid.copy()  # a word starts after a space, at a row's start or after a visible gap
    starts[1:] &= ~solid[:-1] | (rows[1:] != rows[:-1]) | (x0[1:] - x1[:-1] > _gap_limits(size[1:]))
    keep = np.flatnonzero(solid)
    firsts = np.flatnonzero(starts[keep])
    if not len(firsts):
        return []
    lengths = np.diff(np.append(firsts, len(keep)))
    kept = order[keep]
    solid_texts = list(map(texts.__getitem__, keep.tolist()))
    words = zip(firsts.tolist(), (firsts + lengths).tolist(),
                *(np.minimum.reduceat(v[kept], firsts).tolist() for v in (cols.x0, cols.top)),
                *(np.maximum.reduceat(v[kept], firsts).tolist() for v in (cols.x1, cols.bottom, cols.size)),
                (np.add.reduceat(cols.bold[kept].astype(np.intp), firsts) * 2 > lengths).tolist(),
                rows[keep][firsts].tolist())
    out: list[Line] = []
    last_row = -1
    for start, end, wx0, wtop, wx1, wbottom, wsize, bold, row in words:
        word = Word("".join(solid_texts[start:end]), wx0, wtop, wx1, wbottom, wsize, bold)
        if row != last_row:
            out.append(Line([word]))
            last_row = row
        else:
            out[-1].words.append(word)
    return out


def _reading_order(cols: CharColumns) -> tuple[np.ndarray, np.ndarray]:
    """(the characters' indices in reading order, each one's row number):
    the rows of :func:`group_rows`, each left to right (a stable sort, as
    its rows are sorted)."""
    order = _lexical_rows(cols.x0, cols.top)
    rows = _row_ids(cols.top[order].tolist())
    return order[np.lexsort((cols.x0[order], rows))], np.sort(rows)


def _gap_limits(sizes: np.ndarray) -> np.ndarray:
    """The widest gap inside a word after each character (see :func:`_split_words`)."""
    return np.where(sizes == 0, NO_SIZE, sizes) * GAP_RATIO


def cell_text(chars: list[Char], ordered: bool = False) -> str:
    """The text of a cell: its lines joined with single spaces (the words'
    text only: no word boxes are made, a table has thousands of cells);
    ``ordered``: as :func:`group_rows`."""
    if not chars:
        return ""
    return " ".join(["".join([c["text"] for c in w]) for row in group_rows(chars, ordered=ordered)
                     for w in _split_words(row)])


def lines_outside(lines: Iterable[Line], boxes: Iterable[BBox]) -> list[Line]:
    """The lines whose centre lies in none of ``boxes`` (the text outside
    the tables found on a page), by the test characters get: :func:`centre_in`."""
    outer = list(boxes)
    kept = []
    for line in lines:
        x0, top, x1, bottom = line.bbox
        obj = {"x0": x0, "top": top, "x1": x1, "bottom": bottom}
        if not any(centre_in(obj, box) for box in outer):
            kept.append(line)
    return kept
