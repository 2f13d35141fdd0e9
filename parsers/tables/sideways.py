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
from typing import Callable, Iterable

from council_plans.parsers.page.geometry import BBox
from council_plans.parsers.page.rotate import box_mapper, text_rotation
from council_plans.parsers.page.textlines import Char, cell_text, is_bold

#: clockwise angles of text read as turned a quarter (down the page, up the page)
DOWN, UP = 90, 270


def sideways(chars: Iterable[Char]) -> list[Char]:
    """Characters turned a quarter either way (not upside down)."""
    return [c for c in chars if not c.get("upright", True) and text_rotation(c) in (DOWN, UP)]


def _upright_box(ch: Char, turn: Callable[[BBox], BBox]) -> Char:
    """``ch`` with its box turned so its line reads left to right."""
    box = turn((ch["x0"], ch["top"], ch["x1"], ch["bottom"]))
    return {**ch, "x0": box[0], "top": box[1], "x1": box[2], "bottom": box[3]}


def sideways_text(chars: list[Char]) -> tuple[str, bool]:
    """(text, bold) of a cell's sideways characters, read turned upright."""
    angle = Counter(text_rotation(c) for c in chars).most_common(1)[0][0]
    turn = box_mapper(angle, 0.0, 0.0)  # the page turn's mapping; where the page is does not matter here
    turned = [_upright_box(c, turn) for c in chars if text_rotation(c) == angle]
    letters = [c for c in turned if c["text"].isalpha()]
    bold = bool(letters) and sum(is_bold(c.get("fontname")) for c in letters) * 2 > len(letters)
    return cell_text(turned), bold
