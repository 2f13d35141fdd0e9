"""Characters of a page read with pdfium, boxed as pdfminer boxes them.

pdfminer's character box is not the glyph's ink: it runs from the origin
along the advance width, and from ``descent * size`` below the baseline to
one font size above that, both corners put through the character's matrix
(so a sideways character's "size" is its advance, as in pdfminer).  pdfium's
``FPDFText_GetCharBox`` is the tight ink box and its loose box scales the
font's ascent-descent to one size, so neither is used as it is: the box is
rebuilt from pdfium's origin, matrix, font size and advance (the loose box's
width) with pdfminer's descent — from the AFM metrics pdfminer ships for the
standard 14 fonts, else the font descriptor's ``/Descent`` as pdfium reads it.
"""
from __future__ import annotations

import ctypes
from typing import Any

from pdfminer.fontmetrics import FONT_METRICS

from council_plans.parsers.page.pdfium_boxes import char_boxes
from council_plans.parsers.page.pdfium_calls import PDFIUM_HYPHENS, Calls, char_codes
from council_plans.parsers.page.pdfium_fonts import DocumentFonts, FontFacts
from council_plans.parsers.page.pdfium_paths import CHANNEL_MAX, Affine
from council_plans.parsers.page.pdfium_symbols import pdfminer_text
from council_plans.parsers.page.textlines import Char

#: PDF glyph metrics are in thousandths of the font size
GLYPH_UNITS = 1000.0
#: a matrix entry smaller than this counts as zero (the text is turned)
TINY = 1e-6
_NAME_BUFFER = 256
#: advance of a space whose font does not say, per unit of font size
SPACE_EM = 0.25


class _Run:
    """What the characters of one text object share, with the matrices
    composed once: ``to_page`` (user space -> pdfplumber's frame) and
    ``device`` (-> pdfminer's device space, for ``matrix`` and ``upright``),
    and the box corners' offsets from the origin that do not depend on the
    character (per-character work is a few additions)."""

    __slots__ = ("fontname", "size", "widths", "remap", "matrix", "color", "loose", "upright",
                 "fixed", "offsets", "linear")

    def __init__(self, fontname: str, size: float, descent: float, widths: dict[str, float] | None,
                 remap: dict[str, str] | None, matrix: Affine, to_page: Affine, device: Affine,
                 color: tuple[float, ...]) -> None:
        self.fontname, self.size, self.widths, self.remap = fontname, size, widths, remap
        self.matrix, self.color = matrix, color
        #: pdfium's loose box gives the advance (it scales by the matrix's ``a``)
        self.loose = abs(matrix.a) >= abs(matrix.b) and abs(matrix.a) > TINY
        self.upright = device.a * device.d > 0 and device.b * device.c <= 0
        #: advances always from ``widths`` (AFM fonts), not only for the characters it lists
        self.fixed = widths is not None and (remap is not None or fontname in FONT_METRICS)
        low = descent * size
        high = low + size
        k = to_page
        # corner (0, low) and (advance, high) in text space, less the origin, in the page frame
        self.offsets = (k.c * low, k.d * low, k.c * high, k.d * high, k.a, k.b)
        self.linear = (device.a, device.b, device.c, device.d)


#: a character placed on the page: (text, run, x, y, advance), origin in user space
Placed = tuple[str, _Run, float, float, float]


def _font_name(font: int, fn: Calls) -> str:
    buf = ctypes.create_string_buffer(_NAME_BUFFER)
    n = fn.FPDFFont_GetBaseFontName(font, buf, _NAME_BUFFER)
    return buf.raw[:max(0, n - 1)].decode("latin-1") if n else ""


def _standard(name: str) -> dict[str, Any] | None:
    """pdfminer's AFM metrics of a standard 14 name (or an alias pdfminer
    knows, e.g. Arial).  Without the font dictionary, a font pdfium calls
    so is taken as standard when it is not embedded (pdfium drops a subset
    tag, "ABCDEF+Arial" -> "Arial"; pdfminer never matches a tagged name)."""
    if name not in FONT_METRICS:
        return None
    descriptor, widths = FONT_METRICS[name]
    return {"name": str(descriptor.get("FontName", name)), "remap": pdfminer_text(name) or None,
            "descent": float(str(descriptor.get("Descent", 0))) / GLYPH_UNITS,
            "widths": {ch: float(w) / GLYPH_UNITS for ch, w in widths.items() if isinstance(ch, str)}}


Facts = tuple[str, float, "dict[str, float] | None", "dict[str, str] | None"]


def _font_facts(font: int, fn: Calls, known: FontFacts | None) -> Facts:
    """(font name, descent per unit of size, AFM advances or None, text
    remap or None) as pdfminer sees them: from the font dictionary when
    ``known`` (:mod:`parsers.page.pdfium_fonts`), else guessed: the AFM
    tables of a standard font that is not embedded, the descent pdfium
    reads, forced negative as pdfminer does."""
    if known is not None:
        std = _standard(known.name) if known.afm else None
        if std is not None:
            return known.name, known.descent, std["widths"], std["remap"]
        return known.name, known.descent, dict(known.advances) or None, None
    name = _font_name(font, fn)
    std = None if fn.FPDFFont_GetIsEmbedded(font) else _standard(name)
    if std is not None:
        return std["name"], -abs(std["descent"]), std["widths"], std["remap"]
    d = ctypes.c_float()
    descent = d.value if fn.FPDFFont_GetDescent(font, ctypes.c_float(1.0), d) else 0.0
    return name, -abs(descent), None, None


def _linear(m: Affine) -> Affine:
    return Affine(m.a, m.b, m.c, m.d)


class CharReader:
    """Reads the characters of one document's pdfium text pages; each font
    is looked up once (font handles are only valid within their document)."""

    def __init__(self, fn: Calls, known: DocumentFonts | None = None) -> None:
        self.fn = fn
        self.fonts: dict[int, Facts] = {}
        self.known = known
        self.number = 0
        self.runs: dict[int, _Run] = {}  # by text object
        self.alike: dict[tuple, _Run] = {}  # by font, size, matrix and colour
        self.drift: dict[int, float] = {}  # by text object: pdfminer's advances minus pdfium's so far
        self.rgba = [ctypes.c_uint() for _ in range(4)]
        self.size, self.matrix = ctypes.c_float(), fn.raw.FS_MATRIX()
        #: out-parameters and functions for :meth:`_run`, taken bare
        self.at_rgba = [ctypes.byref(c) for c in self.rgba]
        self.at_size, self.at_matrix = ctypes.byref(self.size), ctypes.byref(self.matrix)
        self.at_page = ctypes.c_void_p()
        self.object_matrix = fn.bare("FPDFPageObj_GetMatrix")
        self.bare = tuple(map(fn.bare, ("FPDFTextObj_GetFontSize", "FPDFText_GetMatrix", "FPDFTextObj_GetFont",
                                        "FPDFPageObj_GetFillColor")))
        self.textpage = 0
        self.frames = (Affine(), Affine())
        self.coeffs = tuple(Affine())
        self.origin = (ctypes.c_double(), ctypes.c_double())
        self.box = fn.raw.FS_RECTF()
        self.sides = tuple(ctypes.c_double() for _ in range(4))
        #: pdfium's loose and ink character boxes for :meth:`_advance`, taken bare
        self.boxes = (fn.bare("FPDFText_GetLooseCharBox"), fn.bare("FPDFText_GetCharBox"))
        self.at_box, self.at_sides = ctypes.byref(self.box), tuple(map(ctypes.byref, self.sides))

    def _font(self, font: int) -> Facts:
        if font not in self.fonts:
            known = self.known.facts(self.number, _font_name(font, self.fn)) if self.known else None
            self.fonts[font] = _font_facts(font, self.fn, known)
        return self.fonts[font]

    def _alike(self, font: int, size: float, m: tuple[float, float, float, float], filled: int) -> _Run:
        """The run drawn in ``font`` at ``size`` with linear matrix ``m`` and
        the fill colour just read into ``self.rgba`` (``filled``: it was):
        text objects drawn alike share one (PDFs that place every glyph on
        its own make one object per character)."""
        rgba = self.rgba
        key = (font, size, *m, filled and (rgba[0].value, rgba[1].value, rgba[2].value))
        run = self.alike.get(key)
        if run is None:
            name, descent, widths, remap = self._font(font)
            color = tuple(c.value / CHANNEL_MAX for c in rgba[:3]) if filled else (0.0,)
            to_page, ctm = self.frames
            matrix = Affine(*m)
            run = self.alike[key] = _Run(name, size, descent, widths, remap, matrix,
                                         matrix.then(_linear(to_page)), matrix.then(_linear(ctm)), color)
        return run

    def _run(self, index: int, textobj: int) -> _Run:
        """The run of the text object character ``index`` is drawn by, read
        with pdfium's bare functions (a page may hold tens of thousands)."""
        font_size, char_matrix, get_font, fill_colour = self.bare
        obj = ctypes.c_void_p(textobj)
        font_size(obj, self.at_size)
        char_matrix(self.at_page, index, self.at_matrix)
        m = self.matrix
        run = self.runs[textobj] = self._alike(get_font(obj) or 0, self.size.value, (m.a, m.b, m.c, m.d),
                                               fill_colour(obj, *self.at_rgba))
        return run

    def _advance(self, index: int, run: _Run) -> float:
        """pdfium's advance width in text space (font size included)."""
        m = run.matrix
        loose_box, ink_box = self.boxes
        if run.loose and loose_box(self.at_page, index, self.at_box):
            return (self.box.right - self.box.left) / m.a
        left, right, bottom, top = self.sides  # turned text: the ink box along the baseline
        if not ink_box(self.at_page, index, *self.at_sides):
            return 0.0
        along = top.value - bottom.value if abs(m.b) > abs(m.a) else right.value - left.value
        scale = (m.a * m.a + m.b * m.b) ** 0.5
        return abs(along) / scale if scale > TINY else 0.0

    def _texts(self, count: int) -> list[str]:
        """The characters' text (:func:`parsers.page.pdfium_calls.char_codes`)."""
        return list(map(chr, char_codes(self.fn, self.textpage, count)))

    def chars(self, textpage: int, to_page: Affine, ctm: Affine, number: int = 0) -> list[Char]:
        """Every real (not generated) character of ``textpage`` (page
        ``number``) as a char dict: placed here, boxed all at once
        (:func:`parsers.page.pdfium_boxes.char_boxes`)."""
        fn, placed = self.fn, list[Placed]()
        self._start(textpage, to_page, ctm, number)
        ox, oy = self.origin
        at_x, at_y, page = ctypes.byref(ox), ctypes.byref(oy), ctypes.c_void_p(textpage)
        get_object, get_origin = fn.bare("FPDFText_GetTextObject"), fn.bare("FPDFText_GetCharOrigin")
        runs, add = self.runs, placed.append
        last_obj, last_x, last_y = 0, 0.0, 0.0
        for i, text in enumerate(self._texts(fn.FPDFText_CountChars(textpage))):
            textobj = get_object(page, i)
            if not textobj:
                continue  # generated by pdfium (spaces, line breaks)
            run = runs.get(textobj) or self._run(i, textobj)
            get_origin(page, i, at_x, at_y)
            x, y = ox.value, oy.value
            if textobj == last_obj and x == last_x and y == last_y and not text.isspace() and placed:
                glyph = placed[-1]  # one glyph, several characters ("fi"): one char in pdfminer
                placed[-1] = (glyph[0] + text, *glyph[1:])
                continue
            last_obj, last_x, last_y = textobj, x, y
            if text in PDFIUM_HYPHENS:
                text = "-"
            elif run.remap is not None:
                text = run.remap.get(text, text)
            if run.remap is not None and run.loose:
                adv, x, y = self._afm_placed(textobj, run, text, self._advance(i, run), x, y)
            elif run.widths is not None and (run.fixed or text in run.widths):
                adv = run.widths.get(text, 0.0) * run.size
            else:
                adv = self._advance(i, run)
            add((text, run, x, y, adv))
        return self.boxed(placed)

    def _start(self, textpage: int, to_page: Affine, ctm: Affine, number: int) -> None:
        """Forget the last page's text objects and take this page's frames."""
        self.number = number
        self.runs.clear()  # text objects live as long as their page
        self.alike.clear()  # the runs hold this page's frames
        self.drift.clear()
        self.textpage, self.frames = textpage, (to_page, ctm)
        self.at_page = ctypes.c_void_p(textpage)
        self.coeffs = tuple(to_page)

    def _afm_placed(self, textobj: int, run: _Run, text: str, adv: float, x: float,
                    y: float) -> tuple[float, float, float]:
        """(advance, x, y) by the AFM widths pdfminer reads a standard symbol
        font with: pdfium draws ZapfDingbats and Symbol with its own metrics,
        so every later character of the text object moves by the difference.
        (For the other standard fonts pdfium places characters where
        pdfminer does, though its loose boxes are a little narrower.)"""
        afm = run.widths.get(text, 0.0) * run.size if run.widths is not None else adv
        shift = self.drift.get(textobj, 0.0)
        self.drift[textobj] = shift + afm - adv
        return afm, x + run.matrix.a * shift, y + run.matrix.b * shift

    def boxed(self, placed: list[Placed]) -> list[Char]:
        """Char dicts of characters placed on the current page."""
        return char_boxes(placed, self.coeffs)

    def lone_space(self, textobj: int, chain: Affine) -> Placed | None:
        """A text object that gave the text page no character: a lone space
        (``chain``: the matrices of the forms it is drawn in).

        pdfium leaves out text objects holding only a space (PDFs that place
        every glyph on its own, e.g. from Word) and generates spaces of its
        own from the gaps, which cannot be told from inferred ones; pdfminer
        keeps the space.  It is put at the object's origin, a standard space
        wide (its advance is not exposed; only its position splits words);
        placed, to be boxed with the page's others (:meth:`boxed`)."""
        m = self.matrix  # the page's characters are read: free to reuse
        if textobj in self.runs:  # it gave characters (asking pdfium for an object's text costs a
            return None           # walk over the whole text page, and is empty for every other object)
        font_size, _, get_font, fill_colour = self.bare
        obj = ctypes.c_void_p(textobj)
        if not font_size(obj, self.at_size) or not self.object_matrix(obj, self.at_matrix):
            return None
        run = self._alike(get_font(obj) or 0, self.size.value, Affine(m.a, m.b, m.c, m.d).then(_linear(chain))[:4],
                          fill_colour(obj, *self.at_rgba))
        width = (run.widths or {}).get(" ", SPACE_EM) * run.size  # AFM or /Widths
        return (" ", run, *chain.apply(m.e, m.f), width)
