"""Text printed turned 90 degrees inside a ruled table's cell.

A plan may print a priority or theme sideways in a narrow merged cell down
the left of the rows it covers ("Priority 1: Safeguarding", reading upwards).
The page model drops sideways characters as margin stamps
(:func:`parsers.page.noise.upright_chars`); the cells of a ruled grid take
back those that fall inside them, since a stamp is printed in the margin,
never inside a table's ruling. Their text is read as it reads turned upright.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable

from council_plans.parsers.page.rotate import text_rotation
from council_plans.parsers.page.textlines import Char, cell_text, is_bold

#: clockwise angles of text read as turned a quarter (down the page, up the page)
DOWN, UP = 90, 270


def sideways(chars: Iterable[Char]) -> list[Char]:
    """Characters turned a quarter either way (not upside down)."""
    return [c for c in chars if not c.get("upright", True) and text_rotation(c) in (DOWN, UP)]


def _upright_box(ch: Char, angle: int) -> Char:
    """``ch`` with its box turned so its line reads left to right."""
    x0, top, x1, bottom = ch["x0"], ch["top"], ch["x1"], ch["bottom"]
    box = (-bottom, x0, -top, x1) if angle == UP else (top, -x1, bottom, -x0)
    return {**ch, "x0": box[0], "top": box[1], "x1": box[2], "bottom": box[3]}


def sideways_text(chars: list[Char]) -> tuple[str, bool]:
    """(text, bold) of a cell's sideways characters, read turned upright."""
    angle = Counter(text_rotation(c) for c in chars).most_common(1)[0][0]
    turned = [_upright_box(c, angle) for c in chars if text_rotation(c) == angle]
    letters = [c for c in turned if c["text"].isalpha()]
    bold = bool(letters) and sum(is_bold(c.get("fontname")) for c in letters) * 2 > len(letters)
    return cell_text(turned), bold
