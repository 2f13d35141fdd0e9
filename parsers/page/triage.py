"""Page triage at pdfium speed: which pages may hold a table at all?

Most pages of a committee agenda pack are prose, minutes and letters, yet
pdfminer's layout pass (which every pdfplumber page pays) costs ~0.1 s a
page.  pdfium reads a page's text runs and drawing objects in a millisecond
or two, so every page is first sketched with pypdfium2 and only pages whose
*geometry* allows a table go through the full page model:

* rulings: thin horizontal/vertical paths and boxes (cell borders, cell or
  header fills), or any colourful fill (a RAG cell);
* text columns: lines cut by wide gaps into three or more runs (the cells of
  a borderless row: a plan table has at least three columns);
* anything the sketch cannot judge (rotated pages, image-only or blank
  pages, a file pdfium will not open) is parsed in full.

No header wording is consulted: councils use wordings no list knows.  A
skipped page still yields its text lines (margin lines for running-furniture
learning; every line on the first pages, where document metadata is read),
as pdfium text runs joined into phrases.
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

import numpy as np
from pypdfium2 import PdfiumError

from council_plans.parsers.page.geometry import is_colourful
from council_plans.parsers.page.noise import MARGIN
from council_plans.parsers.page.pdfium_calls import (PDFIUM_HYPHENS, SURROGATE_BITS, SURROGATE_MASK, calls,
                                                     char_codes, handle)
from council_plans.parsers.page.pdfium_paths import IMAGE, PATH, PageObject, PathCalls, page_objects
from council_plans.parsers.page.pdfium_text import PageText
from council_plans.parsers.page.textlayer import PageStatus, status_of
from council_plans.parsers.page.textlines import CharColumns, Line, Word, columns_of, lines_of

#: a gap wider than this many run heights separates two cells (``phrases_of`` uses 0.6 em)
WIDE_GAP = 0.6
#: thinner than this (pt) a path is a ruling line, not a box
THIN = 2.5
#: more path objects than this on a page: judged ruled without looking closer
BUSY_PATHS = 600
#: a path with more segments than this (a rectangle has 4 or 5) may be a whole grid
GRID_SEGMENTS = 12

Box = tuple[float, float, float, float]  # x0, top, x1, bottom (top-down, like pdfplumber)


@dataclass
class Run:
    """Text run(s) on one line with no wide gap between them."""

    box: Box
    pieces: list[Box] = field(default_factory=list)

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]


@dataclass
class Sketch:
    """What triage saw on one page and why it may hold a table (``reason``)."""

    number: int
    width: float
    height: float
    #: upright runs grouped into lines, top to bottom: all of them on a page
    #: judged to hold no table, else those the verdict read (:func:`read_columns`)
    lines: list[list[Run]]
    reason: str | None = None  # None: no table possible here
    top_y: float = 0.0  # pdfium's y of the page top (to turn boxes back into PDF space)
    #: the page's objects (for the page model), while the page is open
    objects: list[PageObject] = field(default_factory=list, repr=False)

    @property
    def may_hold_table(self) -> bool:
        return self.reason is not None


def _box(rect: tuple[float, float, float, float], top_y: float) -> Box:
    left, bottom, right, top = rect
    return (left, top_y - top, right, top_y - bottom)


def _paths(objects: list[PageObject], top_y: float) -> tuple[list[Box], bool, int]:
    """Boxes of every path object (forms opened), whether one is a colourful
    area fill (a RAG cell; thin coloured rulings do not count), and the
    number of images.  A large path of many segments (a whole grid drawn as
    one path) is given as ``BUSY_PATHS + 1`` boxes: judged ruled.  pdfium's
    functions with integer handles (:mod:`parsers.page.pdfium_calls`)."""
    R = calls()
    paths = PathCalls(R)
    boxes: list[Box] = []
    colourful, images = False, 0
    l, b, r, t = (ctypes.c_float() for _ in range(4))
    for obj, kind, _ in objects:
        if kind == PATH and R.FPDFPageObj_GetBounds(obj, l, b, r, t):
            box = _box((l.value, b.value, r.value, t.value), top_y)
            boxes.append(box)
            if (box[2] - box[0] > 20 and box[3] - box[1] > 20
                    and R.FPDFPath_CountSegments(obj) > GRID_SEGMENTS):
                boxes.extend([box] * BUSY_PATHS)
            if not colourful and box[2] - box[0] > THIN and box[3] - box[1] > THIN:
                path = ctypes.c_void_p(obj)
                if paths.filled(path):
                    fill = paths.colour(paths.fill, path)
                    colourful = fill is not None and is_colourful(fill)
        elif kind == IMAGE:
            images += 1
    return boxes, colourful, images


def _ruled(boxes: list[Box]) -> bool:
    """Three or more distinct vertical rulings (or box sides) side by side
    over a common stretch of the page: the column lines of a grid.  A lone
    framed panel, or two panels one above the other, has only two."""
    if len(boxes) > BUSY_PATHS:
        return True
    sides: list[tuple[float, float, float]] = []  # x, top, bottom
    for x0, top, x1, bottom in boxes:
        if bottom - top < 6:
            continue  # a horizontal ruling or a dot
        sides.append((x0, top, bottom))
        if x1 - x0 > THIN:  # a box: both sides
            sides.append((x1, top, bottom))
    for _, top, bottom in sides:
        xs = sorted(x for x, t, b in sides if t < bottom - 2 and b > top + 2)
        distinct = 1 + sum(1 for a, b in zip(xs, xs[1:]) if b - a > 2)
        if xs and distinct >= 3:
            return True
    return False


def _runs(textpage, top_y: float) -> list[Box]:
    """Upright text runs of the page (pdfium's rectangles, one call each,
    with integer handles: :mod:`parsers.page.pdfium_calls`; a page set a
    glyph at a time has thousands)."""
    fn, raw = calls(), handle(textpage.raw)
    count = fn.FPDFText_CountRects(raw, 0, -1)
    if count == -1:
        raise PdfiumError("Failed to count rectangles.")
    get, page = fn.bare("FPDFText_GetRect"), ctypes.c_void_p(raw)
    sides = [ctypes.c_double() for _ in range(4)]
    left, top, right, bottom = sides
    refs = [ctypes.byref(side) for side in sides]
    out = []
    for i in range(count):
        if not get(page, i, *refs):
            raise PdfiumError("Failed to get rectangle.")
        x0, x1, high, low = left.value, right.value, top_y - top.value, top_y - bottom.value
        if low - high > 14 and low - high > 1.5 * (x1 - x0):
            continue  # a sideways stamp ("Page 40" up the margin)
        out.append((x0, high, x1, low))
    return out


def group_lines(boxes: list[Box]) -> list[list[Run]]:
    """Runs sharing a line (vertical centres within half a run height), left
    to right, joined where no wide gap separates them."""
    return list(line_runs(boxes))


def line_runs(boxes: list[Box]) -> Iterator[list[Run]]:
    """:func:`group_lines` one line at a time, top to bottom: each line is
    given once no later box can join it, so a reader may stop early."""
    row: list[Box] = []
    top = bottom = 0.0  # the row's span (min/max written out: a page has hundreds of runs)
    for box in sorted(boxes, key=lambda b: ((b[1] + b[3]) / 2, b[0])):
        b_top, b_bottom = box[1], box[3]
        if row:
            overlap = (b_bottom if b_bottom < bottom else bottom) - (b_top if b_top > top else top)
            h_span, h_box = bottom - top, b_bottom - b_top
            if overlap >= 0.5 * (h_box if h_box < h_span else h_span):
                top = b_top if b_top < top else top
                bottom = b_bottom if b_bottom > bottom else bottom
                row.append(box)
                continue
            yield _joined(row)
        top, bottom = b_top, b_bottom
        row = [box]
    if row:
        yield _joined(row)


def _joined(row: list[Box]) -> list[Run]:
    """A line's boxes left to right, joined into runs where no wide gap separates them."""
    runs: list[Run] = []
    pieces: list[Box] = []
    x0 = top = x1 = bottom = 0.0  # the run being joined (its box written out: a page has thousands)
    for box in sorted(row):
        b_x0, b_top, b_x1, b_bottom = box
        if pieces and b_x0 - x1 <= max(bottom - top, b_bottom - b_top, 4.0) * WIDE_GAP:
            x0, top, x1, bottom = min(x0, b_x0), min(top, b_top), max(x1, b_x1), max(bottom, b_bottom)
            pieces.append(box)
            continue
        if pieces:
            runs.append(Run((x0, top, x1, bottom), pieces))
        x0, top, x1, bottom = box
        pieces = [box]
    if pieces:
        runs.append(Run((x0, top, x1, bottom), pieces))
    return runs


def read_columns(lines: Iterable[list[Run]], height: float) -> tuple[list[list[Run]], bool]:
    """Does the page show text columns: three or more runs on one line in
    the body, or on two lines anywhere?  With the lines read to decide: all
    of them when it does not (a skipped page's text is read from them),
    else those up to the line that decided (the page is parsed in full, and
    the rest would go unread)."""
    read: list[list[Run]] = []
    cut = 0
    for runs in lines:
        read.append(runs)
        if len(runs) >= 3:
            cut += 1
            if cut >= 2 or height * MARGIN < runs[0].box[1] < height * (1 - MARGIN):
                return read, True
    return read, False


def _status(text: str, images: int) -> PageStatus:
    written = "".join(text.split())  # what ``\s`` matches is what ``str.split`` splits at: str.isspace
    return status_of(len(written) - written.count("\ufffd"), images)


def sketch_page(page, textpage, number: int) -> Sketch:
    """Sketch one page: its runs, rulings and the verdict.  Its text lines
    are grouped only when the verdict needs them (text columns are the last
    test; a skipped page always gets that far): a page judged by its rulings
    or fills is parsed in full, and nothing reads its sketch's lines."""
    left, bottom, right, top = page.get_mediabox()
    width, height = right - left, top - bottom
    text = textpage.get_text_range()
    sketch = Sketch(number, width, height, [], top_y=top)
    sketch.objects = page_objects(handle(page.raw), calls())
    boxes, colourful, images = _paths(sketch.objects, top)
    if page.get_rotation():
        sketch.reason = "rotated page"
    elif _status(text, images) != "text":
        sketch.reason = "no text layer to judge"
    elif colourful:
        sketch.reason = "colourful fill"
    elif _ruled(boxes):
        sketch.reason = "rulings"
    else:
        sketch.lines, columns = read_columns(line_runs(_runs(textpage, top)), height)
        if columns:
            sketch.reason = "text columns"
    return sketch


#: a skipped page beyond the metadata pages also gives this many first body
#: lines, bold or not: its heading is the section of action cards that follow
HEAD_LINES = 8


def text_lines(textpage, sketch: Sketch, everything: bool) -> list[Line]:
    """Text lines of a skipped page as parser :class:`Line` objects.

    ``everything`` (the first pages, where document metadata is read): from
    pdfium's characters through the same :func:`lines_of` as a full parse,
    so titles and dates read identically.  Otherwise the margin lines, what
    furniture learning looks at, and the first ``HEAD_LINES`` body lines
    (a page of prose opening "Objective 2: ..." names the cards after it):
    one word per run, read by the run's box, bold from the weight of its
    first character."""
    text = PageText(calls(), textpage)
    if everything:
        lines = lines_of(page_chars(textpage, sketch.top_y))
        for line in _head(lines, sketch.height):
            for w in line.words:
                w.bold = text.bold_at(w.x0, sketch.top_y - (w.top + w.bottom) / 2, w.bottom - w.top)
        return lines
    return _run_lines(text, sketch, sketch.top_y)


def _head(lines: list[Line], height: float) -> list[Line]:
    """The first ``HEAD_LINES`` lines of a page's body (margins left out)."""
    body = [ln for ln in lines if height * MARGIN <= ln.bottom and ln.top <= height * (1 - MARGIN)]
    return body[:HEAD_LINES]


def _run_lines(page: PageText, sketch: Sketch, top_y: float) -> list[Line]:
    out = []
    body = 0
    for runs in sketch.lines:
        box = runs[0].box
        in_body = sketch.height * MARGIN <= box[3] and box[1] <= sketch.height * (1 - MARGIN)
        if in_body:
            body += 1
            if body > HEAD_LINES:
                continue
        words = []
        for run in runs:
            x0, top, x1, bottom = run.box
            text = " ".join(page.bounded(x0, top_y - bottom, x1, top_y - top).split())
            if text:
                bold = in_body and page.bold_at(x0, top_y - (top + bottom) / 2, run.height)
                words.append(Word(text, x0, top, x1, bottom, run.height, bold))
        if words:
            out.append(Line(words))
    return out


#: a font size below this (pt) is the text matrix's scale left out, not a size
MIN_FONT_SIZE = 3.0


def page_chars(textpage, top_y: float) -> CharColumns:
    """pdfium's upright characters as the columns line building reads (text,
    box, size; no font name: boldness is read for a page's first lines
    only, by :func:`text_lines`).  A per-character loop: used only for the
    few skipped pages whose every line matters."""
    fn, page = calls(), handle(textpage.raw)
    raw, rect = ctypes.c_void_p(page), fn.raw.FS_RECTF()
    at = ctypes.byref(rect)
    box, angle, size = (fn.bare("FPDFText_GetLooseCharBox"), fn.bare("FPDFText_GetCharAngle"),
                        fn.bare("FPDFText_GetFontSize"))
    kept: list[tuple[int, float, float, float, float, float]] = []
    add = kept.append
    for i, code in enumerate(char_codes(fn, page, fn.FPDFText_CountChars(page))):
        if code == 10 or code == 13 or (code & SURROGATE_MASK) == SURROGATE_BITS or not box(raw, i, at):
            continue
        turn = angle(raw, i)
        if turn < 0.01 or turn > 6.27:  # upright (radians); sideways stamps are left out
            add((code, rect.left, rect.top, rect.right, rect.bottom, size(raw, i)))
    if not kept:
        return columns_of([])
    codes, left, top, right, bottom, sizes = np.array(kept, dtype=float).T  # codes are exact in a float
    texts = ["-" if t in PDFIUM_HYPHENS else t for t in map(chr, codes.astype(int).tolist())]
    return CharColumns(texts, left, top_y - top, right, top_y - bottom,
                       _sizes(sizes, top - bottom), np.zeros(len(texts), bool))


def _sizes(font_sizes: np.ndarray, box_heights: np.ndarray) -> np.ndarray:
    """pdfium's font sizes, or the character box's height where a producer
    sets a unit font and scales it with the text matrix (pdfium then says 1)."""
    return np.where(font_sizes >= MIN_FONT_SIZE, font_sizes, box_heights)


class Triage:
    """pdfium's view of a document, opened once; ``None`` pages are unjudged."""

    def __init__(self, data: bytes) -> None:
        import pypdfium2 as pdfium

        self.pdf = pdfium.PdfDocument(data)
        self.page: Any = None  # the page of the last text page given out (for the page model)

    def __len__(self) -> int:
        return len(self.pdf)

    def pages(self, numbers: range) -> Iterator[tuple[int, object, Sketch]]:
        """``(number, pdfium text page, sketch)`` per page; the text page is
        valid until the next one is produced (for :func:`text_lines`)."""
        for number in numbers:
            page = self.page = self.pdf[number - 1]
            textpage = page.get_textpage()
            sketch = None
            try:
                sketch = sketch_page(page, textpage, number)
                yield number, textpage, sketch
            finally:
                if sketch is not None:
                    sketch.objects = []  # their handles die with the page
                textpage.close()
                page.close()
                self.page = None

    def close(self) -> None:
        self.pdf.close()


def open_triage(data: bytes, pages: int) -> Triage | None:
    """A :class:`Triage` over ``data``, or ``None`` when pdfium cannot open it
    or counts pages differently (then every page is parsed in full)."""
    try:
        triage = Triage(data)
    except Exception:  # pdfium refuses some files pdfminer reads: no triage then
        return None
    if len(triage) != pages:
        triage.close()
        return None
    return triage
