"""A page reduced to the objects the table parsers use.

Parsers never hold a pdfplumber page directly: they take a :class:`PageView`,
so rotation fixes and noise removal are plain transformations of lists of
dicts, and tests can build views by hand.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage, LTRect

from council_plans.parsers.page.geometry import RGB, is_colourful, same_colour, to_rgb

Obj = dict[str, Any]
#: a filled line or curve with this many points or more is a closed shape (its last point repeats the first)
CLOSED_SHAPE_POINTS = 4


@dataclass
class PageView:
    number: int  # 1-based page number in the document
    width: float
    height: float
    #: pdfplumber char dicts: text, x0, x1, top, bottom, fontname, size, upright, matrix (the text
    #: matrix; from the pdfium model its linear part ``a, b, c, d`` only, which way the text runs)
    chars: list[Obj]
    edges: list[Obj] = field(default_factory=list)  # ruling lines: x0, x1, top, bottom, orientation "h"/"v"
    fills: list[Obj] = field(default_factory=list)  # colourful filled rects: x0, x1, top, bottom, color
    rotation: int = 0  # the page's /Rotate as pdfplumber reports it
    images: int = 0  # number of image objects (scanned pages have one big image and no chars)
    image_area: float = 0.0  # square points the images cover (a scan: about the whole page)


def page_view(page: Any) -> PageView:
    """Build a :class:`PageView` from a pdfplumber page's layout.

    pdfplumber turns every pdfminer object into a dict of all its attributes
    (colour spaces, graphic state, paths...), which costs about half the time
    of reading a page. We take only what the parsers use straight from
    ``page.layout`` (the same pdfminer objects, the same coordinate frame:
    y measured from the top, MediaBox offsets applied as pdfplumber does).
    """
    frame = _Frame(float(page.height), float(page.mediabox[0]), float(page.mediabox[1]))
    view = PageView(number=page.page_number, width=float(page.width), height=float(page.height),
                    chars=[], rotation=int(getattr(page, "rotation", 0) or 0))
    _collect(page.layout, frame, view)
    return view


@dataclass(frozen=True)
class _Frame:
    height: float
    dx: float
    dy: float

    def box(self, obj: Any) -> tuple[float, float, float, float]:
        return (obj.x0 + self.dx, self.height - obj.y1 + self.dy,
                obj.x1 + self.dx, self.height - obj.y0 + self.dy)

    def point(self, pt: tuple[float, float]) -> tuple[float, float]:
        return (pt[0] + self.dx, self.height - pt[1] + self.dy)


def _collect(container: Any, frame: _Frame, view: PageView) -> None:
    """Walk the layout tree (figures hold nested objects) into ``view``."""
    for obj in container:
        if isinstance(obj, LTChar):
            view.chars.append(_char(obj, frame))
        elif isinstance(obj, LTRect):
            _rect(obj, frame, view)
        elif isinstance(obj, LTCurve):  # LTLine too
            _segments(obj, frame, view)
        elif isinstance(obj, LTImage):
            view.images += 1
            view.image_area += max(obj.width, 0) * max(obj.height, 0)
        elif isinstance(obj, LTContainer):
            _collect(obj, frame, view)


def _char(obj: Any, frame: _Frame) -> Obj:
    x0, top, x1, bottom = frame.box(obj)
    ncolor = obj.graphicstate.ncolor
    return {"text": obj.get_text(), "x0": x0, "top": top, "x1": x1, "bottom": bottom,
            "fontname": obj.fontname, "size": obj.size, "upright": obj.upright,
            "matrix": obj.matrix,
            "non_stroking_color": ncolor if isinstance(ncolor, tuple) else (ncolor,)}


def edge(x0: float, top: float, x1: float, bottom: float, orientation: str) -> Obj:
    return {"x0": x0, "top": top, "x1": x1, "bottom": bottom, "orientation": orientation}


def _rect(obj: Any, frame: _Frame, view: PageView) -> None:
    rect_shapes(view, frame.box(obj), *_paint(obj))


def rect_shapes(view: PageView, box: tuple[float, float, float, float], fill: RGB | None,
                outlined: bool = False) -> None:
    """A rectangle's four sides rule like lines (as in pdfplumber); a colourful
    ``fill`` is kept for RAG cells.  Shared by both page engines."""
    x0, top, x1, bottom = box
    view.edges += [edge(x0, top, x1, top, "h"), edge(x0, bottom, x1, bottom, "h"),
                   edge(x0, top, x0, bottom, "v"), edge(x1, top, x1, bottom, "v")]
    if fill is not None:
        view.fills.append({"x0": x0, "top": top, "x1": x1, "bottom": bottom, "color": fill,
                           "outlined": outlined})


def outlined_fill(stroked: bool, stroke: RGB | None, fill: RGB) -> bool:
    """Is a filled shape also stroked in another colour (its sides are drawn rules,
    never seams inside one coloured cell: ``parsers/tables/seams.py``)?
    ``stroke`` is ``None`` when its colour cannot be read as RGB."""
    return stroked and (stroke is None or not same_colour(stroke, fill))


def _paint(obj: Any) -> tuple[RGB | None, bool]:
    """(colourful fill or None, outlined) of a pdfminer shape."""
    fill = to_rgb(obj.non_stroking_color) if getattr(obj, "fill", False) else None
    if fill is None or not is_colourful(fill):
        return None, False
    stroked = bool(getattr(obj, "stroke", False))
    return fill, outlined_fill(stroked, to_rgb(obj.stroking_color) if stroked else None, fill)


def _segments(obj: Any, frame: _Frame, view: PageView) -> None:
    """Horizontal and vertical segments of lines and curves; diagonals rule nothing.
    A filled closed path (a cell shaded with a 4-point path, not a rectangle)
    is kept as a fill over its bounding box, like a filled rectangle."""
    pts = [frame.point(p) for p in obj.pts]
    fill, outlined = _paint(obj)
    curve_shapes(view, pts, frame.box(obj), fill, outlined)


def curve_shapes(view: PageView, pts: list[tuple[float, float]], box: tuple[float, float, float, float],
                 fill: RGB | None, outlined: bool = False) -> None:
    """A line's or curve's rulings, and its colourful ``fill`` (over ``box``)
    when it is a closed shape of four or more points.  Shared by both engines."""
    if fill is not None and len(pts) >= CLOSED_SHAPE_POINTS:
        view.fills.append({"x0": box[0], "top": box[1], "x1": box[2], "bottom": box[3], "color": fill,
                           "outlined": outlined})
    segment_edges(view, pts)


def segment_edges(view: PageView, pts: list[tuple[float, float]]) -> None:
    """Horizontal and vertical segments of lines and curves; diagonals rule nothing."""
    for (ax, ay), (bx, by) in zip(pts, pts[1:]):
        if ay == by:
            view.edges.append(edge(min(ax, bx), ay, max(ax, bx), ay, "h"))
        elif ax == bx:
            view.edges.append(edge(ax, min(ay, by), ax, max(ay, by), "v"))
