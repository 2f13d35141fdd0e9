"""Python's ``round(x, n)`` over numpy arrays, the same floats.

Per-character loops that round coordinates (pdfplumber's boxes keep a few
decimals; text rows are ordered by their top to a tenth of a point) spend
more on the ``round`` calls than on anything else; over arrays it is a few
vectorised operations.  Nothing may move by a bit: ``round`` is half to
even on the exact binary value, so the scaled value is rounded to an
integer and divided back (a correctly rounded division, as Python's own
result is the double nearest the decimal), and ``round`` itself decides the
rare value whose scaled form lies too near a half to be sure.
"""
from __future__ import annotations

import numpy as np

#: a scaled value this near a half is rounded by ``round`` itself: the
#: float product's error is at most ``|v| * 2**-53`` (< 1e-7 below ``_LARGE``)
_NEAR_HALF = 1e-6
#: scaled values from here on are rounded by ``round`` itself
_LARGE = 1e9


def round_places(values: np.ndarray, decimals: int) -> list[float]:
    """``[round(v, decimals) for v in values]``, vectorised."""
    scale = 10.0 ** decimals
    with np.errstate(over="ignore", invalid="ignore"):  # huge or odd values: round() below
        scaled = values * scale
        whole = np.rint(scaled)
        out = whole / scale
        unsure = ~(np.abs(scaled) < _LARGE) | (np.abs(np.abs(scaled - whole) - 0.5) < _NEAR_HALF)
    for i in np.flatnonzero(unsure):
        out[i] = round(float(values[i]), decimals)
    return out.tolist()


__all__ = ["round_places"]
