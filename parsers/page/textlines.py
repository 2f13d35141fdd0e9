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


def in_row_order(chars: list[Char]) -> np.ndarray:
    """The indices of ``chars`` in ``sorted(..., key=_row_order)`` order: a
    stable lexical sort on the same keys, the tops rounded exactly as
    ``round`` rounds them (:func:`parsers.page.rounding.round_places`)."""
    return np.lexsort((column(chars, "x0"), np.array(round_places(column(chars, "top"), 1))))


def _in_row_order(chars: list[Char]) -> list[Char]:
    """``sorted(chars, key=_row_order)``: over arrays for many characters."""
    if len(chars) < ARRAY_ORDER_FROM:
        return sorted(chars, key=_row_order)
    return list(map(chars.__getitem__, in_row_order(chars).tolist()))


def group_rows(chars: Iterable[Char], tolerance: float = 2.5, ordered: bool = False) -> list[list[Char]]:
    """Cluster characters into text rows by their vertical position (each
    row's first character's top decides; called for every cell and page);
    ``ordered``: the characters are in :func:`_in_row_order`'s order already."""
    rows: list[list[Char]] = []
    row: list[Char] = []
    first_top = 0.0
    listed = chars if isinstance(chars, list) else list(chars)
    for ch in listed if ordered else _in_row_order(listed):
        top = ch["top"]
        if row and abs(first_top - top) <= tolerance:
            row.append(ch)
        else:
            row, first_top = [ch], top
            rows.append(row)
    by_x = itemgetter("x0")
    for r in rows:
        r.sort(key=by_x)
    return rows


def _split_words(row: list[Char], gap_ratio: float) -> list[list[Char]]:
    words: list[list[Char]] = []
    word: list[Char] = []
    prev_x1: float | None = None  # None: the next character starts a word
    for ch in row:
        if ch["text"].isspace():
            prev_x1 = None
            continue
        if prev_x1 is None or ch["x0"] - prev_x1 > float(ch.get("size") or 10) * gap_ratio:
            word = [ch]
            words.append(word)
        else:
            word.append(ch)
        prev_x1 = ch["x1"]
    return words


def words_of(row: list[Char], gap_ratio: float = GAP_RATIO) -> list[Word]:
    """Words of one text row: split at space characters or at visible gaps."""
    out = []
    for w in _split_words(row, gap_ratio):
        fonts = {c.get("fontname") for c in w}  # a word is nearly always set in one font
        if len(fonts) == 1:
            bold = is_bold(fonts.pop())  # all or none of its characters: the majority
        else:
            bold = sum([is_bold(c.get("fontname")) for c in w]) * 2 > len(w)
        out.append(Word(
            text="".join([c["text"] for c in w]),
            x0=min([c["x0"] for c in w]), top=min([c["top"] for c in w]),
            x1=max([c["x1"] for c in w]), bottom=max([c["bottom"] for c in w]),
            size=max([float(c.get("size") or 0) for c in w]),
            bold=bold,
        ))
    return out


def lines_of(chars: Iterable[Char]) -> list[Line]:
    """Text lines of a set of characters, top to bottom."""
    out = []
    for row in group_rows(chars):
        words = words_of(row)
        if words:
            out.append(Line(words))
    return out


def cell_text(chars: list[Char], ordered: bool = False) -> str:
    """The text of a cell: its lines joined with single spaces (the words'
    text only: no word boxes are made, a table has thousands of cells);
    ``ordered``: as :func:`group_rows`."""
    if not chars:
        return ""
    return " ".join(["".join([c["text"] for c in w]) for row in group_rows(chars, ordered=ordered)
                     for w in _split_words(row, GAP_RATIO)])


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
