"""Turn sideways pages upright before table parsing.

pdfplumber 0.11 already applies a page's ``/Rotate`` (pdfminer draws the
page through a rotated CTM and pdfplumber swaps width and height), so its
coordinates are those of the page as a viewer shows it.  What it cannot undo
is content that is *printed* sideways: a landscape table laid on a portrait
page, or a landscape page whose ``/Rotate`` turns it to portrait for printing
(pdfplumber's own ``nics-background-checks-2015-11-rotated.pdf``).  Such
text runs down (or up) the page and every row/column heuristic fails.

:func:`make_upright` looks at the direction of the text: when most readable
characters run the same non-upright way, it turns the whole page (chars,
edges, fills, width/height) so that text reads left to right.  A small
minority of rotated characters, e.g. a "Page 40" stamp printed vertically in
the margin of an upright page, leaves the page alone.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace
from operator import itemgetter
from typing import Any, Callable

from council_plans.parsers.page.pageview import Obj, PageView

#: fewer rotated characters than this never turn a page (margin stamps)
MIN_ROTATED_CHARS = 10
#: share of the readable characters that must run the same rotated way
MIN_ROTATED_SHARE = 0.5

Box = tuple[float, float, float, float]  # x0, top, x1, bottom


def text_rotation(char: Obj) -> int:
    """Clockwise angle (0, 90, 180, 270) by which a char's baseline is
    turned from left-to-right, read from its text matrix."""
    matrix = char.get("matrix")
    if not matrix or len(matrix) < 2:
        return 0 if char.get("upright", True) else 90
    return _turn(matrix[0], matrix[1])


def _turn(a: Any, b: Any) -> int:
    """:func:`text_rotation` of a matrix starting ``a, b``."""
    a, b = float(a), float(b)
    if abs(a) >= abs(b):
        return 0 if a >= 0 else 180
    # PDF y grows upwards: b < 0 means the baseline runs down the page
    return 90 if b < 0 else 270


_FIRST_TWO = itemgetter(0, 1)


def _turn_counts(chars: list[Obj]) -> Counter[int]:
    """How many characters run each way: their matrices' first two numbers
    counted at C speed (a page has a few text directions), each distinct
    pair turned once; characters without a matrix of two numbers one by one."""
    counts: Counter[int] = Counter()
    try:
        pairs = Counter(map(_FIRST_TWO, map(itemgetter("matrix"), chars)))
    except (KeyError, TypeError, IndexError):
        counts.update(map(text_rotation, chars))
        return counts
    for (a, b), n in pairs.items():
        counts[_turn(a, b)] += n
    return counts


def page_text_rotation(view: PageView) -> int:
    """The clockwise angle most of the page's readable text is turned by,
    or 0 when the page should be left as it is."""
    counts = _turn_counts([ch for ch in view.chars if (t := ch.get("text")) and not t.isspace()])
    total = sum(counts.values())
    if not total:
        return 0
    angle, n = counts.most_common(1)[0]
    if angle == 0 or n < MIN_ROTATED_CHARS or n / total < MIN_ROTATED_SHARE:
        return 0
    return angle


def box_mapper(angle: int, width: float, height: float) -> Callable[[Box], Box]:
    """Map a box on the page to the box on the page turned back by ``angle``."""
    w, h = width, height
    if angle == 90:  # text runs down: turn the page a quarter counter-clockwise
        return lambda b: (b[1], w - b[2], b[3], w - b[0])
    if angle == 270:  # text runs up: turn the page a quarter clockwise
        return lambda b: (h - b[3], b[0], h - b[1], b[2])
    return lambda b: (w - b[2], h - b[3], w - b[0], h - b[1])  # 180


def _pdf_turn(angle: int, width: float, height: float) -> tuple[float, ...]:
    """The same turn in PDF space (origin bottom-left, y up) as an affine
    matrix ``(a, b, c, d, e, f)`` for text matrices."""
    if angle == 90:
        return (0.0, 1.0, -1.0, 0.0, height, 0.0)
    if angle == 270:
        return (0.0, -1.0, 1.0, 0.0, 0.0, width)
    return (-1.0, 0.0, 0.0, -1.0, width, height)


def _compose(m: tuple[float, ...], t: tuple[float, ...]) -> tuple[float, ...]:
    """Matrix ``m`` followed by ``t`` (row-vector convention, as in PDF)."""
    a, b, c, d, e, f = m
    ta, tb, tc, td, te, tf = t
    return (a * ta + b * tc, a * tb + b * td, c * ta + d * tc, c * tb + d * td,
            e * ta + f * tc + te, e * tb + f * td + tf)


def _turn_obj(obj: Obj, angle: int, mapper: Callable[[Box], Box], pdf_turn: tuple[float, ...],
              new_height: float) -> Obj:
    """A copy of a char/edge/fill dict with its coordinates turned."""
    out: dict[str, Any] = dict(obj)
    x0, top, x1, bottom = mapper((obj["x0"], obj["top"], obj["x1"], obj["bottom"]))
    out.update(x0=x0, top=top, x1=x1, bottom=bottom)
    if "doctop" in obj:
        out["doctop"] = obj["doctop"] - obj["top"] + top
    if "y0" in obj or "y1" in obj:
        out["y0"], out["y1"] = new_height - bottom, new_height - top
    if "width" in obj:
        out["width"] = x1 - x0
    if "height" in obj:
        out["height"] = bottom - top
    if angle in (90, 270) and obj.get("orientation") in ("h", "v"):
        out["orientation"] = "v" if obj["orientation"] == "h" else "h"
    matrix = obj.get("matrix")
    if matrix and len(matrix) in (4, 6):  # a text matrix, or its linear part (the pdfium model's)
        out["matrix"] = _compose((*map(float, matrix), 0.0, 0.0)[:6], pdf_turn)[:len(matrix)]
        out["upright"] = text_rotation(out) == 0
    if obj.get("pts"):
        out["pts"] = [mapper((px, pt, px, pt))[:2] for px, pt in obj["pts"]]
    return out


def turn_page(view: PageView, angle: int) -> PageView:
    """The page turned back by clockwise ``angle`` (90, 180 or 270)."""
    if angle not in (90, 180, 270):
        return view
    mapper = box_mapper(angle, view.width, view.height)
    swap = angle in (90, 270)
    width, height = (view.height, view.width) if swap else (view.width, view.height)
    pdf_turn = _pdf_turn(angle, view.width, view.height)

    def turn(objs: list[Obj]) -> list[Obj]:
        return [_turn_obj(o, angle, mapper, pdf_turn, height) for o in objs]

    return replace(view, width=width, height=height, chars=turn(view.chars),
                   edges=turn(view.edges), fills=turn(view.fills))


def page_bbox(bbox: Box, angle: int, width: float, height: float) -> Box:
    """Map a box found on a page turned back by ``angle`` (whose turned size
    is ``width`` x ``height``) to the page as pdfplumber presents it, the
    frame :class:`schema.items.Box` provenance is given in."""
    if angle not in (90, 180, 270):
        return bbox
    return box_mapper((360 - angle) % 360, width, height)(bbox)


def make_upright(view: PageView) -> PageView:
    """Return the page with its text reading left to right (the same view
    when it already does, or when only a few margin characters are turned)."""
    return turn_page(view, page_text_rotation(view))


__all__ = ["make_upright", "page_bbox", "page_text_rotation", "text_rotation", "turn_page"]
