"""Drawings of a page read with pdfium, shaped as pdfminer shapes them.

pdfminer turns every painted subpath into an ``LTLine`` (``ml``/``mlh``),
an ``LTRect`` (a closed, axis-aligned ``mlllh``/``mllll``) or an ``LTCurve``
(anything else; its points are the end points of the segments, Bézier
control points left out), and :mod:`parsers.page.pageview` rules edges and
fills from those.  pdfium keeps a path as a list of segments (``re`` becomes
move, three lines and a closing line; ``h`` back to the start becomes a
line with a close flag); :func:`subpaths` rebuilds pdfminer's operator
strings from them so :func:`shape_edges` can apply pdfminer's rules.
"""
from __future__ import annotations

import ctypes
from itertools import repeat
from typing import Any, Callable, Container, Iterator, NamedTuple

from council_plans.parsers.page.geometry import is_colourful
from council_plans.parsers.page.pageview import PageView, curve_shapes, outlined_fill, rect_shapes

TEXT, PATH, IMAGE, FORM = 1, 2, 3, 5
_LINETO, _BEZIERTO, _MOVETO = 0, 1, 2
#: pdfium gives a Bézier curve as three points: two controls, then the end
BEZIER_POINTS = 3
#: coordinates are rounded to this many decimals: pdfium holds them as
#: 32-bit floats, pdfminer as 64-bit; rounding recovers the written numbers
DECIMALS = 3
#: colour channels come from pdfium as integers 0..255
CHANNEL_MAX = 255.0

Point = tuple[float, float]


class Affine(NamedTuple):
    """A PDF matrix ``(a, b, c, d, e, f)``: ``x' = a x + c y + e``, ``y' = b x + d y + f``
    (a named tuple: made for every text object and path, it is built three
    times faster than a frozen dataclass)."""

    a: float = 1.0
    b: float = 0.0
    c: float = 0.0
    d: float = 1.0
    e: float = 0.0
    f: float = 0.0

    def apply(self, x: float, y: float) -> Point:
        return (self.a * x + self.c * y + self.e, self.b * x + self.d * y + self.f)

    def then(self, o: "Affine") -> "Affine":
        """This transformation followed by ``o``."""
        return Affine(self.a * o.a + self.b * o.c, self.a * o.b + self.b * o.d,
                      self.c * o.a + self.d * o.c, self.c * o.b + self.d * o.d,
                      self.e * o.a + self.f * o.c + o.e, self.e * o.b + self.f * o.d + o.f)


def page_frame(mediabox: tuple[float, float, float, float],
               rotation: int) -> tuple[Affine, Affine, float, float]:
    """(PDF user space -> pdfplumber's top-down frame, -> pdfminer's device
    space, width, height).

    pdfminer draws the page through a CTM that applies ``/Rotate`` and moves
    the MediaBox origin to 0; pdfplumber then flips y and adds its own
    MediaBox offsets back (see ``pageview._Frame``).  Both steps in one matrix."""
    x0, y0, x1, y1 = (round(v, DECIMALS) for v in mediabox)
    ctm = {90: Affine(0, -1, 1, 0, -y0, x1), 180: Affine(-1, 0, 0, -1, x1, y1),
           270: Affine(0, 1, -1, 0, y1, -x0)}.get(rotation, Affine(1, 0, 0, 1, -x0, -y0))
    lx0, lx1 = sorted((x0, x1))
    ly0, ly1 = sorted((y0, y1))
    if rotation in (90, 270):
        lx0, ly0, lx1, ly1 = ly0, lx0, ly1, lx1
    width, height = lx1 - lx0, ly1 - ly0
    flip = Affine(1, 0, 0, -1, lx0, height - ly0)  # pdfplumber: top = height - y + mediabox[1]
    return ctm.then(flip), ctm, width, height


def _matrix(obj: int, fn: Any) -> Affine:
    m = fn.raw.FS_MATRIX()
    return _affine(m, fn.FPDFPageObj_GetMatrix(obj, m))


def _affine(m: Any, read: int) -> Affine:
    """The ``FS_MATRIX`` pdfium read into ``m``; identity when it could not (``read`` false)."""
    return Affine(m.a, m.b, m.c, m.d, m.e, m.f) if read else Affine()


class PathCalls:
    """pdfium's path functions taken bare, with their out-parameters made
    once (a page may hold thousands of paths, each a few calls a segment)."""

    def __init__(self, fn: Any) -> None:
        self.count, self.point, self.kind, self.close, self.mode, self.matrix, self.fill, self.stroke = map(
            fn.bare, ("FPDFPath_CountSegments", "FPDFPathSegment_GetPoint", "FPDFPathSegment_GetType",
                      "FPDFPathSegment_GetClose", "FPDFPath_GetDrawMode", "FPDFPageObj_GetMatrix",
                      "FPDFPageObj_GetFillColor", "FPDFPageObj_GetStrokeColor"))
        self.segment = fn.bare_handle("FPDFPath_GetPathSegment")
        self.xy = (ctypes.c_float(), ctypes.c_float())
        self.at_xy = tuple(map(ctypes.byref, self.xy))
        self.ints = (ctypes.c_int(), ctypes.c_int())
        self.at_ints = tuple(map(ctypes.byref, self.ints))
        self.rgba = tuple(ctypes.c_uint() for _ in range(4))
        self.at_rgba = tuple(map(ctypes.byref, self.rgba))
        self.m = fn.raw.FS_MATRIX()
        self.at_m = ctypes.byref(self.m)

    def segments(self, obj: ctypes.c_void_p) -> list[tuple[int, float, float, bool]]:
        """(type, x, y, closes) of each segment of path ``obj``."""
        (x, y), (at_x, at_y) = self.xy, self.at_xy
        get, point, kind, close = self.segment, self.point, self.kind, self.close
        out = []
        for i in range(self.count(obj)):
            seg = get(obj, i)
            point(seg, at_x, at_y)
            out.append((kind(seg), x.value, y.value, bool(close(seg))))
        return out

    def transform(self, obj: ctypes.c_void_p) -> Affine:
        """Path ``obj``'s matrix (:func:`_matrix`, read bare)."""
        return _affine(self.m, self.matrix(obj, self.at_m))

    def colour(self, get: Any, obj: ctypes.c_void_p) -> tuple[float, float, float] | None:
        """The colour ``get`` (:attr:`fill` or :attr:`stroke`) reads of ``obj``, channels 0..1."""
        if not get(obj, *self.at_rgba):
            return None
        r, g, b, _ = self.rgba
        return (r.value / CHANNEL_MAX, g.value / CHANNEL_MAX, b.value / CHANNEL_MAX)

    def filled(self, obj: ctypes.c_void_p) -> bool:
        """Is path ``obj`` filled (its stroke flag is then in ``ints[1]``)?"""
        return bool(self.mode(obj, *self.at_ints)) and bool(self.ints[0].value)

    def paint(self, obj: ctypes.c_void_p) -> tuple[tuple[float, float, float] | None, bool]:
        """(colourful fill or None, outlined in another colour) of a path object,
        as :func:`parsers.page.pageview._paint` reads a pdfminer shape."""
        if not self.filled(obj):
            return None, False
        fill = self.colour(self.fill, obj)
        if fill is None or not is_colourful(fill):
            return None, False
        stroked = bool(self.ints[1].value)
        return fill, outlined_fill(stroked, self.colour(self.stroke, obj) if stroked else None, fill)


def subpaths(segments: list[tuple[int, float, float, bool]]) -> Iterator[tuple[str, list[Point]]]:
    """pdfminer's (operators, points) per subpath of pdfium's segments."""
    shape, pts, bezier = "", list[Point](), 0
    for kind, x, y, close in segments:
        if kind == _MOVETO:
            if shape:
                yield shape, pts
            shape, pts, bezier = "m", [(x, y)], 0
            continue
        if kind == _BEZIERTO:
            bezier += 1
            if bezier % BEZIER_POINTS:
                continue  # a control point: pdfminer keeps only the end point
            shape += "c"
        else:
            shape += "l"
        pts.append((x, y))
        if close and pts:
            shape += "h"
            pts.append(pts[0])
    if shape:
        yield shape, pts


def classify(shape: str, pts: list[Point]) -> tuple[str, list[Point]]:
    """pdfminer's verdict on one subpath: ("line" | "rect" | "curve" | "", points)."""
    if shape[:1] != "m":
        return "", []
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape, pts = shape[:-2] + "h", pts[:-2] + pts[-1:]  # a redundant "l" before "h"
    if shape in ("mlh", "ml"):
        return "line", pts[:2]
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
            y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if pts[0] == pts[4] and square:
            return "rect", [pts[0], pts[2]]
    return "curve", pts


def add_path(handle: int, calls: PathCalls, to_page: Affine, view: PageView) -> None:
    """Edges (and a colourful fill) of one path object into ``view``."""
    obj = ctypes.c_void_p(handle)
    a, b, c, d, e, f = calls.transform(obj).then(to_page)
    paint: tuple[tuple[float, float, float] | None, bool] | None = None  # read once, when a shape needs it
    for shape, pts in subpaths(calls.segments(obj)):
        kind, points = classify(shape, pts)
        if not kind:
            continue
        # Affine.apply, then rounded (written out: a page may hold thousands of paths)
        placed = [(round(a * x + c * y + e, DECIMALS), round(b * x + d * y + f, DECIMALS)) for x, y in points]
        if paint is None:
            paint = calls.paint(obj)
        xs, ys = [p[0] for p in placed], [p[1] for p in placed]
        box = (min(xs), min(ys), max(xs), max(ys))
        if kind == "rect":
            rect_shapes(view, box, *paint)
        else:
            curve_shapes(view, placed, box, *paint)


#: a page object: (handle, pdfium type, the product of the matrices of the
#: forms it is drawn in, identity at the top level, in user space)
PageObject = tuple[int, int, Affine]


def page_objects(page: int, fn: Any) -> list[PageObject]:
    """Every object of a page in drawing order, form XObjects opened.  Read
    once per page: triage judges the page by it, the page model draws it."""
    out: list[PageObject] = []
    on_page = fn.bare("FPDFPage_GetObject")  # the page's own objects may be tens of thousands
    handles = list(map(on_page, repeat(ctypes.c_void_p(page)), range(fn.FPDFPage_CountObjects(page))))
    _add_objects(handles, Affine(), fn, out)
    return out


def _add_objects(handles: list[int], chain: Affine, fn: Any, out: list[PageObject]) -> None:
    kinds = list(map(fn.FPDFPageObj_GetType, handles))  # no Python frame per object: a page may hold thousands
    if FORM not in kinds:
        out.extend(zip(handles, kinds, repeat(chain)))
        return
    in_form = fn.FPDFFormObj_GetObject
    for obj, kind in zip(handles, kinds):
        if kind == FORM:
            members = list(map(in_form, repeat(obj), range(fn.FPDFFormObj_CountObjects(obj))))
            _add_objects(members, _matrix(obj, fn).then(chain), fn, out)
        else:
            out.append((obj, kind, chain))


def add_drawings(objects: list[PageObject], fn: Any, to_page: Affine, view: PageView,
                 on_text: Callable[[int, Affine], None] = lambda obj, chain: None,
                 known_text: Container[int] = ()) -> None:
    """Rulings, fills and images of a page's ``objects``
    (:func:`page_objects`) into ``view``; text objects are handed to
    ``on_text`` with their form chain, except ``known_text`` (those the text
    page gave characters: a page may hold thousands)."""
    l, b, r, t = (ctypes.c_float() for _ in range(4))
    paths = PathCalls(fn)
    frames: dict[Affine, Affine] = {}  # by chain: most objects share one
    for obj, kind, chain in objects:
        if kind == TEXT:
            if obj not in known_text:
                on_text(obj, chain)
            continue
        frame = frames.get(chain)
        if frame is None:
            frame = frames[chain] = chain.then(to_page)
        if kind == PATH:
            add_path(obj, paths, frame, view)
        elif kind == IMAGE and fn.FPDFPageObj_GetBounds(obj, l, b, r, t):
            (ax, ay), (bx, by) = frame.apply(l.value, b.value), frame.apply(r.value, t.value)
            view.images += 1
            view.image_area += abs(bx - ax) * abs(by - ay)
