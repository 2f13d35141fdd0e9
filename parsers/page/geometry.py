"""Geometry helpers over pdfplumber objects: ruling edges, filled rectangles,
colours and bounding-box arithmetic. Pure functions on dicts and tuples."""
from __future__ import annotations

import colorsys
from operator import itemgetter
from typing import Any, Iterable, Sequence

import numpy as np

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom
RGB = tuple[float, float, float]


def to_rgb(color: Any) -> RGB | None:
    """Normalise a PDF colour (gray, RGB, CMYK tuple) to an RGB triple in 0..1."""
    if color is None or isinstance(color, str):
        return None
    if isinstance(color, (int, float)):
        color = (color,)
    try:
        vals = [float(v) for v in color]
    except (TypeError, ValueError):
        return None
    if len(vals) == 1:
        return (vals[0], vals[0], vals[0])
    if len(vals) == 3:
        return (vals[0], vals[1], vals[2])
    if len(vals) == 4:
        c, m, y, k = vals
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return None


#: largest difference per channel between two colours that count as one
SAME_COLOUR = 0.02


def same_colour(a: RGB, b: RGB) -> bool:
    for x, y in zip(a, b):  # a loop, not all() over a generator: asked for every pair of fills
        if not abs(x - y) < SAME_COLOUR:
            return False
    return True


def is_colourful(rgb: RGB, min_saturation: float = 0.25) -> bool:
    """True when a fill is a real colour rather than white, grey or black."""
    h, s, v = colorsys.rgb_to_hsv(*rgb)
    return s >= min_saturation and v >= 0.2


def area(b: BBox) -> float:
    return max(0.0, b[2] - b[0]) * max(0.0, b[3] - b[1])


def overlap(a: BBox, b: BBox) -> float:
    """Area of the intersection of two boxes."""
    return area((max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])))


def union(boxes: Iterable[BBox]) -> BBox | None:
    boxes = list(boxes)
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def bbox_of(obj: dict[str, Any]) -> BBox:
    return (obj["x0"], obj["top"], obj["x1"], obj["bottom"])


def centre_in(obj: dict[str, Any], box: Sequence[float], pad: float = 0.5) -> bool:
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return box[0] - pad <= cx <= box[2] + pad and box[1] - pad <= cy <= box[3] + pad


def column(objs: Sequence[dict[str, Any]], key: str) -> np.ndarray:
    """``key`` of every object as a float array (for the passes over a
    page's characters or fills that run as array operations)."""
    return np.fromiter(map(itemgetter(key), objs), float, len(objs))
