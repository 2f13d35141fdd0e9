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
code gives), and rounding is Python's ``round(x, DECIMALS)`` (half to even
on the exact binary value): the scaled value rounded to an integer and
divided back (a correctly rounded division, as Python's own result is
the double nearest the decimal), with ``round`` itself for the rare value
whose scaled form lies too near a half to be sure.
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from council_plans.parsers.page.pdfium_paths import DECIMALS
from council_plans.parsers.page.textlines import Char

_SCALE = 10.0 ** DECIMALS
#: a scaled value this near a half is rounded by ``round`` itself: the
#: float product's error is at most ``|v| * 2**-53`` (< 1e-7 below ``_LARGE``)
_NEAR_HALF = 1e-6
#: scaled values from here on are rounded by ``round`` itself
_LARGE = 1e9


def round_places(values: np.ndarray) -> list[float]:
    """``[round(v, DECIMALS) for v in values]``, the same floats, vectorised."""
    with np.errstate(over="ignore", invalid="ignore"):  # huge or odd values: round() below
        scaled = values * _SCALE
        whole = np.rint(scaled)
        out = whole / _SCALE
        unsure = ~(np.abs(scaled) < _LARGE) | (np.abs(np.abs(scaled - whole) - 0.5) < _NEAR_HALF)
    for i in np.flatnonzero(unsure):
        out[i] = round(float(values[i]), DECIMALS)
    return out.tolist()


def _offsets(runs: Sequence[Any]) -> np.ndarray:
    """Each character's run's box offsets as rows (a page has a few runs
    shared by thousands of characters: each run's row is made once)."""
    first = {id(run): run for run in runs}
    slot = {key: i for i, key in enumerate(first)}
    return np.array([run.offsets for run in first.values()])[[slot[id(run)] for run in runs]]


def char_boxes(placed: Sequence[tuple[str, Any, float, float, float]],
               coeffs: tuple[float, ...]) -> list[Char]:
    """Char dicts of ``placed`` characters: (text, run, x, y, advance) with
    the origin in user space and the run's box offsets (see
    :class:`parsers.page.pdfium_chars._Run`); ``coeffs``: the page frame's
    and the device matrix's six numbers each."""
    if not placed:
        return []
    texts, runs, xs, ys, advs = zip(*placed)
    ox, oy, adv = np.array(xs), np.array(ys), np.array(advs)
    lx, ly, hx, hy, ka, kb = _offsets(runs).T
    ta, tb, tc, td, te, tf, ca, cb, cc, cd, ce, cf = coeffs
    px, py = ta * ox + tc * oy + te, tb * ox + td * oy + tf
    ax, ay = px + lx, py + ly
    bx, by = px + ka * adv + hx, py + kb * adv + hy
    swap_x, swap_y = ax > bx, ay > by
    ax, bx = np.where(swap_x, bx, ax), np.where(swap_x, ax, bx)
    ay, by = np.where(swap_y, by, ay), np.where(swap_y, ay, by)
    columns = zip(texts, runs, round_places(ax), round_places(ay), round_places(bx), round_places(by),
                  round_places(by - ay), (ca * ox + cc * oy + ce).tolist(), (cb * ox + cd * oy + cf).tolist())
    return [{"text": text, "x0": x0, "top": top, "x1": x1, "bottom": bottom, "fontname": run.fontname,
             "size": size, "upright": run.upright, "matrix": (*run.linear, e, f),
             "non_stroking_color": run.color}
            for text, run, x0, top, x1, bottom, size, e, f in columns]


__all__ = ["char_boxes", "round_places"]
