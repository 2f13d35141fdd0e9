"""RAG status from a cell's fill colour or its text.

Councils print RAG either as a coloured cell with no text, or as a word. Any
shade counts: we classify by hue, so C00000, FF0000 and E06666 are all red.
"""
from __future__ import annotations

import colorsys
import re

from council_plans.parsers.page.geometry import RGB, is_colourful
from council_plans.parsers.values.vocab import RAG_FAMILIES, RAG_WORD_ONLY

_TEXT = [(name, re.compile(rf"^({words})\b", re.I)) for name, words in RAG_FAMILIES]


def rag_from_colour(rgb: RGB | None) -> str | None:
    """Classify a fill colour as red / amber / green / blue, or None."""
    if rgb is None or not is_colourful(rgb):
        return None
    h, s, v = colorsys.rgb_to_hsv(*rgb)
    deg = h * 360
    if deg < 14 or deg >= 330:
        return "red"
    if deg < 65:
        return "amber"
    if deg < 170:
        return "green"
    if deg < 260:
        return "blue"
    return None


#: a colour of each RAG level, for a cell whose level is known from elsewhere than
#: its own colour (a mark the page's key names): classifies back to its level
SWATCHES: dict[str, RGB] = {"red": (0.9, 0.1, 0.1), "amber": (1.0, 0.75, 0.0),
                            "green": (0.0, 0.69, 0.31), "blue": (0.36, 0.61, 0.84)}


def swatch(level: str) -> RGB:
    """The colour that stands for ``level`` (see :data:`SWATCHES`)."""
    return SWATCHES[level]


def rag_from_text(text: str | None) -> str | None:
    """Read a RAG word ("Red", "Amber", "Green", "Complete", "G") from a cell."""
    if not text:
        return None
    t = text.strip().strip(".:;-")
    for name, rx in _TEXT:
        if rx.match(t):
            return name
    return None


_WORD_ONLY = RAG_WORD_ONLY


def rag_word(text: str | None) -> str | None:
    """A RAG read from a narrative column only when the whole cell is one RAG
    word ("Complete.", "Green"): "On track ..." there is progress, not a RAG."""
    t = (text or "").strip().strip(".:;!-")
    return rag_from_text(t) if _WORD_ONLY.match(t) else None
