"""A page reduced to the objects the table parsers use.

Parsers never hold a pdfplumber page directly: they take a :class:`PageView`,
so rotation fixes and noise removal are plain transformations of lists of
dicts, and tests can build views by hand.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Obj = dict[str, Any]


@dataclass
class PageView:
    number: int  # 1-based page number in the document
    width: float
    height: float
    chars: list[Obj]  # pdfplumber char dicts: text, x0, x1, top, bottom, fontname, size, upright, matrix
    edges: list[Obj] = field(default_factory=list)  # ruling lines: x0, x1, top, bottom, orientation "h"/"v"
    fills: list[Obj] = field(default_factory=list)  # colourful filled rects: x0, x1, top, bottom, color
    rotation: int = 0  # the page's /Rotate as pdfplumber reports it
    images: int = 0  # number of image objects (scanned pages have one big image and no chars)


def page_view(page: Any) -> PageView:
    """Build a :class:`PageView` from a pdfplumber page."""
    from .geometry import edges_of, fills_of

    return PageView(
        number=page.page_number,
        width=float(page.width),
        height=float(page.height),
        chars=list(page.chars),
        edges=edges_of(page),
        fills=fills_of(page),
        rotation=int(getattr(page, "rotation", 0) or 0),
        images=len(page.images),
    )
