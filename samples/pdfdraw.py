"""A small page-flow layer over a reportlab canvas.

Layouts are written in *logical* coordinates measured from the top-left of
the page as the reader sees it, so one table routine can draw on an upright
page, on a page carrying ``/Rotate 90`` and on a portrait sheet with the table
printed sideways: only the transform set up at the start of each page differs.
The canvas is always created with ``invariant=1`` so output is byte-stable.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from reportlab import rl_config
from reportlab.lib.colors import HexColor, black
from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

rl_config.invariant = 1

A4_PORTRAIT = A4
A4_LANDSCAPE = (A4[1], A4[0])
LETTER_PORTRAIT = letter
LETTER_LANDSCAPE = (letter[1], letter[0])

#: upright: drawn as read; rotate90: page dict carries /Rotate 90 and the
#: content is drawn turned so it reads upright on screen; sideways: portrait
#: sheet with the landscape content printed turned 90 degrees.
MODES = ("upright", "rotate90", "sideways")


@dataclass
class PageStyle:
    """Size, margins and running decorations of a run of pages."""

    size: tuple[float, float]  # logical (width, height), as the reader sees it
    margins: tuple[float, float, float, float] = (50, 50, 50, 50)  # left, top, right, bottom
    mode: str = "upright"
    decorate: Callable[["Doc"], None] | None = None

    def physical(self) -> tuple[float, float]:
        w, h = self.size
        return (w, h) if self.mode == "upright" else (h, w)


@dataclass
class Font:
    """A regular/bold pair of the standard PDF fonts plus a body size."""

    regular: str = "Helvetica"
    bold: str = "Helvetica-Bold"
    size: float = 8.0

    @property
    def leading(self) -> float:
        return round(self.size * 1.2, 2)


HELVETICA = ("Helvetica", "Helvetica-Bold")
TIMES = ("Times-Roman", "Times-Bold")


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Break ``text`` into printed lines; ``\\n`` forces a break.

    Refuses to break inside a word: the expected JSON joins lines with single
    spaces, which is only the cell text if every break falls on a space."""
    lines: list[str] = []
    for para in text.split("\n"):
        if para.strip():
            lines.extend(simpleSplit(para, font, size, width))
    if " ".join(lines).split() != text.split():
        raise ValueError(f"column too narrow for a word in {text[:40]!r}")
    return lines


@dataclass
class Doc:
    """One PDF being written: a canvas, the current page and a y cursor."""

    path: Path
    style: PageStyle
    title: str = ""
    page: int = 0
    y: float = 0.0
    _canvas: Canvas | None = field(default=None, repr=False)
    _pending: PageStyle | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self._canvas = Canvas(str(self.path), pagesize=self.style.physical(),
                              invariant=1, pageCompression=1)
        self._canvas.setTitle(self.title)
        self._canvas.setAuthor("council-plans sample generator")
        self._canvas.setCreator("council-plans samples")
        self._begin()

    # -- pages -----------------------------------------------------------
    @property
    def canvas(self) -> Canvas:
        assert self._canvas is not None
        return self._canvas

    @property
    def width(self) -> float:
        return self.style.size[0]

    @property
    def height(self) -> float:
        return self.style.size[1]

    @property
    def left(self) -> float:
        return self.style.margins[0]

    @property
    def frame_width(self) -> float:
        return self.width - self.style.margins[0] - self.style.margins[2]

    @property
    def bottom_limit(self) -> float:
        return self.height - self.style.margins[3]

    def space_left(self) -> float:
        return self.bottom_limit - self.y

    def _begin(self) -> None:
        c = self.canvas
        self.page += 1
        # reportlab swaps the MediaBox of a /Rotate 90 page itself, so such a
        # page is given its displayed (logical) size to get a portrait MediaBox.
        rotated = self.style.mode == "rotate90"
        c.setPageSize(self.style.size if rotated else self.style.physical())
        c.setPageRotation(90 if rotated else 0)
        c.saveState()
        if self.style.mode != "upright":
            c.translate(self.style.physical()[0], 0)
            c.rotate(90)
        self.y = self.style.margins[1]
        if self.style.decorate:
            self.style.decorate(self)

    def new_page(self, style: PageStyle | None = None) -> None:
        """Finish the current page and start the next, optionally restyled."""
        self.canvas.restoreState()
        self.canvas.showPage()
        if style is not None:
            self.style = style
        self._begin()

    def ensure(self, height: float) -> None:
        """Start a new page unless ``height`` points still fit on this one."""
        if self.space_left() < height:
            self.new_page()

    def close(self) -> int:
        self.canvas.restoreState()
        self.canvas.showPage()
        self.canvas.save()
        return self.page

    # -- drawing primitives (logical, top-down coordinates) ---------------
    def text(self, x: float, baseline: float, s: str, font: str, size: float,
             color: str | None = None) -> None:
        c = self.canvas
        c.setFillColor(HexColor("#" + color) if color else black)
        c.setFont(font, size)
        c.drawString(x, self.height - baseline, s)

    def text_up(self, x: float, baseline: float, s: str, font: str, size: float) -> None:
        """Text turned 90 degrees, reading bottom to top (margin stamps)."""
        c = self.canvas
        c.saveState()
        c.setFillColor(black)
        c.setFont(font, size)
        c.translate(x, self.height - baseline)
        c.rotate(90)
        c.drawString(0, 0, s)
        c.restoreState()

    def rect(self, x: float, top: float, w: float, h: float, fill: str | None = None,
             stroke: bool = True, line_width: float = 0.5) -> None:
        c = self.canvas
        if fill:
            c.setFillColor(HexColor("#" + fill))
        c.setStrokeColor(black)
        c.setLineWidth(line_width)
        c.rect(x, self.height - top - h, w, h, stroke=int(stroke), fill=int(bool(fill)))

    def hline(self, x0: float, x1: float, y: float, color: str = "4472C4", width: float = 1) -> None:
        c = self.canvas
        c.setStrokeColor(HexColor("#" + color))
        c.setLineWidth(width)
        c.line(x0, self.height - y, x1, self.height - y)

    # -- flowing text ----------------------------------------------------
    def paragraph(self, text: str, font: str, size: float, color: str | None = None,
                  space_after: float = 6, leading: float | None = None,
                  keep_with: float = 0) -> None:
        """Flow ``text`` over the frame width, breaking pages between lines.

        ``keep_with`` is the height of what must follow on the same page
        (a heading keeps with the start of its table)."""
        leading = leading or round(size * 1.25, 2)
        lines = wrap(text, font, size, self.frame_width)
        self.ensure(len(lines) * leading + (space_after + keep_with if keep_with else 0))
        for line in lines:
            self.ensure(leading)
            self.text(self.left, self.y + size, line, font, size, color)
            self.y += leading
        self.y += space_after

    def doc_title(self, text: str, font: str, size: float = 24, color: str = "1F3864") -> None:
        """Big document title with a rule under it, Word 'Title' style."""
        self.paragraph(text, font, size, color=color, space_after=4)
        self.hline(self.left, self.left + self.frame_width, self.y)
        self.y += 12
