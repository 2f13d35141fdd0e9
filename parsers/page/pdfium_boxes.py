"""pdfminer's character boxes for a whole page at once, over numpy arrays.

A page holds thousands of characters and each box is the same few
multiplications and additions, then rounding to the decimals pdfplumber's
coordinates keep.  Done one character at a time in Python that was about a
third of the pdfium page model's time (five ``round`` calls alone cost
over a microsecond a character); over arrays it is a few vectorised
operations, and the per-character Python left is building the dicts the
parsers read.

Nothing may move by a bit: the arithmetic runs in the scalar formula's
order in float64 (IEEE operations, so each value is the one the scalar
code gives), and rounding is Python's ``round(x, DECIMALS)``
(:func:`parsers.page.rounding.round_places`).
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from council_plans.parsers.page.pdfium_paths import DECIMALS
from council_plans.parsers.page.rounding import round_places
from council_plans.parsers.page.textlines import Char


def _rounded(values: np.ndarray) -> list[float]:
    return round_places(values, DECIMALS)


def _offsets(runs: Sequence[Any]) -> np.ndarray:
    """Each character's run's box offsets as rows (a page has a few runs
    shared by thousands of characters: each run's row is made once)."""
    first = dict.fromkeys(runs)  # runs hash by identity: two C-level passes, no Python per character
    slot = {run: i for i, run in enumerate(first)}
    return np.array([run.offsets for run in first])[list(map(slot.__getitem__, runs))]


def char_boxes(placed: Sequence[tuple[str, Any, float, float, float]],
               coeffs: tuple[float, ...]) -> list[Char]:
    """Char dicts of ``placed`` characters: (text, run, x, y, advance) with
    the origin in user space and the run's box offsets (see
    :class:`parsers.page.pdfium_chars._Run`); ``coeffs``: the page frame's
    six numbers."""
    if not placed:
        return []
    texts, runs, xs, ys, advs = zip(*placed)
    ox, oy, adv = np.array(xs), np.array(ys), np.array(advs)
    lx, ly, hx, hy, ka, kb = _offsets(runs).T
    ta, tb, tc, td, te, tf = coeffs
    px, py = ta * ox + tc * oy + te, tb * ox + td * oy + tf
    ax, ay = px + lx, py + ly
    bx, by = px + ka * adv + hx, py + kb * adv + hy
    swap_x, swap_y = ax > bx, ay > by
    ax, bx = np.where(swap_x, bx, ax), np.where(swap_x, ax, bx)
    ay, by = np.where(swap_y, by, ay), np.where(swap_y, ay, by)
    columns = zip(texts, runs, _rounded(ax), _rounded(ay), _rounded(bx), _rounded(by), _rounded(by - ay))
    # "matrix": the run's linear part, shared by its characters (which way the text runs
    # is all that is read of it; a per-character tuple was a fifth of this function's time)
    return [{"text": text, "x0": x0, "top": top, "x1": x1, "bottom": bottom, "fontname": run.fontname,
             "size": size, "upright": run.upright, "matrix": run.linear, "non_stroking_color": run.color}
            for text, run, x0, top, x1, bottom, size in columns]


__all__ = ["char_boxes"]
