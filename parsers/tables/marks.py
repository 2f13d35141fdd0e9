"""RAG shown as a small coloured mark inside a cell, and the key that names the marks.

Some plans leave the status cell white and print a coloured dot in it (a
filled circle drawn as a path, or a "●" in a coloured font), or a tick; a key
on the page ("● Complete  ● On track  ● At risk") says what each mark means.
The table finders give such a cell no fill (the dot covers far less than the
third of the cell :func:`tables.grid.dominant_fill` needs), so after they
have run :func:`mark_cells` gives every unfilled cell holding a mark the
colour its mark stands for, and takes the glyph out of its text: downstream,
the cell reads as a coloured cell, and the one colour classification
(:func:`values.rag.rag_from_colour`) names it. Where the key pairs a mark with
a completion word ("Complete", "Done") or the mark's colour names no RAG (a
purple dot, a black tick), the key's word decides.

A mark is a colourful filled shape no bigger than :data:`MARK_SIZE` each way
and about as wide as high (a dot or a square, not a border drawn as a fill),
or one character in a symbol font or from the geometric-shape and tick
blocks of Unicode: coloured, or a black tick or cross. List bullets (black,
or "•") are never marks; nor is a mark in a cell of long text (a coloured
bullet in a narrative), so no printed word is lost.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from council_plans.parsers.page.geometry import RGB, BBox, is_colourful, to_rgb
from council_plans.parsers.page.textlines import Char
from council_plans.parsers.tables.grid import Grid, GridCell
from council_plans.parsers.values.rag import rag_from_colour, rag_from_text, swatch

#: largest width and height of a drawn shape read as a mark (points)
MARK_SIZE = 16.0
#: smallest width and height of one, and how much longer than wide it may be: a
#: dot or a square, never a thin filled rectangle drawn as a cell's border
MARK_MIN_SIDE = 2.5
MARK_ASPECT = 2.0
#: a cell holding more words than this beside its mark is narrative, the mark decoration
MARK_CELL_WORDS = 8
#: words of a key's label at most ("Some slippage expected")
LABEL_WORDS = 5
#: a key's label starts within this many of its characters' size after the mark
LABEL_GAP_EM = 1.5
#: and ends at a gap wider than this (em), or at the next mark
LABEL_BREAK_EM = 0.8
#: a gap wider than this (em) between two characters of a label is a space
SPACE_EM = 0.15
#: colours equal to this many decimals are one mark colour
COLOUR_DECIMALS = 2

_SYMBOL_FONT = re.compile(r"dingbat|wingding|webding", re.I)


def _chars(*spans: tuple[int, int]) -> frozenset[str]:
    return frozenset(chr(c) for lo, hi in spans for c in range(lo, hi + 1))


#: ticks and crosses, which mean something in black too: Unicode, ZapfDingbats codes
#: (pdfminer's text for them: "3"-"8"), Wingdings' private-use codes
_TICK_CHARS = _chars((0x2610, 0x2612), (0x2713, 0x2718), (0x221A, 0x221A))
#: geometric shapes and ballot marks that are marks in any font ("•" and "▪" are bullets)
_MARK_CHARS = _TICK_CHARS | _chars((0x25A0, 0x25A0), (0x25C6, 0x25CF), (0x25D8, 0x25D9), (0x25FC, 0x25FE),
                                   (0x2605, 0x2605), (0x2B1B, 0x2B1B), (0x2B24, 0x2B24))


@lru_cache(maxsize=256)
def _symbol_font(fontname: str) -> bool:
    return bool(_SYMBOL_FONT.search(fontname))
_DINGBAT_TICKS = {"zapfdingbats": "345678", "wingdings": "\uf0fb\uf0fc\uf0fd\uf0fe"}


#: what makes two marks the same: glyph ("" for a drawn shape) and rounded colour
MarkKey = tuple[str, "tuple[float, ...] | None"]


@dataclass(frozen=True)
class Mark:
    box: BBox
    colour: RGB | None
    glyph: str | None = None  # the character's text; None for a drawn shape

    @property
    def key(self) -> MarkKey:
        """What makes two marks the same mark: glyph and colour."""
        colour = tuple(round(c, COLOUR_DECIMALS) for c in self.colour) if self.colour else None
        return (self.glyph or "", colour)

    @property
    def colour_key(self) -> MarkKey | None:
        """The key of a drawn shape of this mark's colour: a key drawn as dots
        names glyphs of the same colour too (never black ones)."""
        return ("", self.key[1]) if self.colour is not None and is_colourful(self.colour) else None


def _is_tick(ch: Char) -> bool:
    font = str(ch.get("fontname") or "").lower()
    return ch["text"] in _TICK_CHARS or any(
        name in font and ch["text"] in codes for name, codes in _DINGBAT_TICKS.items())


def glyph_mark(ch: Char) -> Mark | None:
    """The mark a character draws, if it is one."""
    text = ch.get("text", "")
    if len(text) != 1 or not (text in _MARK_CHARS or _symbol_font(str(ch.get("fontname") or ""))):
        return None
    colour = to_rgb(ch.get("non_stroking_color"))
    if (colour is None or not is_colourful(colour)) and not _is_tick(ch):
        return None
    return Mark((ch["x0"], ch["top"], ch["x1"], ch["bottom"]), colour, text)


def page_marks(chars: Iterable[Char], fills: Iterable[dict]) -> list[Mark]:
    """Every mark of a page: small colourful shapes, then mark characters."""
    marks = [Mark((f["x0"], f["top"], f["x1"], f["bottom"]), f["color"]) for f in fills if _dot_sized(f)]
    return marks + [m for m in map(glyph_mark, _may_be_marks(chars)) if m is not None]


def _may_be_marks(chars: Iterable[Char]) -> list[Char]:
    """The characters :func:`glyph_mark` may take, in order: a mark
    character, or any in a symbol font (a page holds thousands of
    characters, next to none of them either)."""
    listed = chars if isinstance(chars, list) else list(chars)
    symbol = {f for f in {c.get("fontname") for c in listed} if _symbol_font(str(f or ""))}
    if not symbol:
        return [c for c in listed if c.get("text", "") in _MARK_CHARS]
    return [c for c in listed if c.get("text", "") in _MARK_CHARS or c.get("fontname") in symbol]


def _dot_sized(fill: dict) -> bool:
    w, h = fill["x1"] - fill["x0"], fill["bottom"] - fill["top"]
    return MARK_MIN_SIDE <= min(w, h) and max(w, h) <= min(MARK_SIZE, MARK_ASPECT * min(w, h))


def _label(mark: Mark, rows: dict[int, list[Char]], band: float) -> str | None:
    """The words printed just right of ``mark`` on its line, up to a wide gap."""
    cy = (mark.box[1] + mark.box[3]) / 2
    near = [c for c in rows.get(int(cy // band), []) + rows.get(int(cy // band) + 1, [])
            + rows.get(int(cy // band) - 1, []) if c["top"] <= cy <= c["bottom"] and c["x0"] >= mark.box[2] - 0.5]
    near.sort(key=lambda c: c["x0"])
    if not near or near[0]["x0"] - mark.box[2] > LABEL_GAP_EM * near[0]["size"] or glyph_mark(near[0]):
        return None
    text, prev = "", None
    for c in near:
        if glyph_mark(c) or (prev is not None and c["x0"] - prev["x1"] > LABEL_BREAK_EM * c["size"]):
            break
        if prev is not None and c["x0"] - prev["x1"] > SPACE_EM * c["size"]:
            text += " "
        text, prev = text + c["text"], c
    text = " ".join(text.split())
    return text if any(ch.isalpha() for ch in text) and len(text.split()) <= LABEL_WORDS else None


def legend(marks: list[Mark], chars: list[Char]) -> dict[MarkKey | None, str]:
    """The page's key: mark -> the word printed beside it, where every mark
    of that kind followed by a word is followed by the same word."""
    band = max((c["bottom"] - c["top"] for c in chars), default=1.0) or 1.0
    rows: dict[int, list[Char]] = defaultdict(list)
    for c in chars:
        rows[int((c["top"] + c["bottom"]) / 2 // band)].append(c)
    seen: dict[MarkKey | None, set[str]] = defaultdict(set)
    for m in marks:
        label = _label(m, rows, band)
        if label:
            for k in {m.key, m.colour_key} - {None}:
                seen[k].add(label.strip(" :-=").lower())
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


def mark_level(mark: Mark, key: dict[MarkKey | None, str]) -> str | None:
    """The RAG a mark stands for: a completion word in the key wins, then the
    mark's colour, then the key's word."""
    word = rag_from_text(key.get(mark.key) or key.get(mark.colour_key))
    if word == "blue":
        return word
    return rag_from_colour(mark.colour) or word


def _strip(text: str, glyphs: list[str]) -> str:
    """``text`` without one whole-word occurrence of each glyph."""
    tokens = text.split()
    for g in glyphs:
        if g in tokens:
            tokens.remove(g)
    return " ".join(tokens)


def _mark_cell(cell: GridCell, marks: list[Mark], key: dict[MarkKey | None, str]) -> None:
    inside = sorted((m for m in marks if _centre_in(m.box, cell.bbox)), key=lambda m: (m.box[1], m.box[0]))
    levels = [(m, mark_level(m, key)) for m in inside]
    found = next(((m, lv) for m, lv in levels if lv is not None), None)
    if found is None:
        return
    text = _strip(cell.text, [m.glyph for m in inside if m.glyph])
    if len(text.split()) > MARK_CELL_WORDS:
        return
    mark, level = found
    cell.text = text
    cell.fill = mark.colour if mark.colour is not None and rag_from_colour(mark.colour) == level else swatch(level)


def _centre_in(box: BBox, cell: BBox) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return cell[0] <= cx <= cell[2] and cell[1] <= cy <= cell[3]


def mark_cells(grids: list[Grid], chars: list[Char], fills: list[dict]) -> None:
    """Give each unfilled cell of ``grids`` that holds a mark the colour of
    what the mark stands for (see the module docstring)."""
    unfilled = [c for g in grids for row in g.rows for c in row.cells if c is not None and c.fill is None]
    if not unfilled:
        return  # nothing a mark could colour: the page's characters are not looked at
    marks = page_marks(chars, fills)
    if not marks:
        return
    cells = [c for c in unfilled if any(_centre_in(m.box, c.bbox) for m in marks)]
    if not cells:
        return
    key = legend(marks, chars)
    for cell in cells:
        _mark_cell(cell, marks, key)
