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
from dataclasses import dataclass
from typing import Any

from pdfminer.fontmetrics import FONT_METRICS

from council_plans.parsers.page.pdfium_paths import CHANNEL_MAX, DECIMALS, Affine
from council_plans.parsers.page.textlines import Char

#: pdfium's mark for a hyphen at a line end
PDFIUM_HYPHEN = 2
#: PDF glyph metrics are in thousandths of the font size
GLYPH_UNITS = 1000.0
#: a matrix entry smaller than this counts as zero (the text is turned)
TINY = 1e-6
_NAME_BUFFER = 256
#: advance of a space whose font does not say, per unit of font size
SPACE_EM = 0.25


@dataclass(frozen=True)
class _Run:
    """What the characters of one text object share."""

    fontname: str
    size: float  # the font size of the text state (Tf)
    descent: float  # per unit of font size, <= 0
    widths: dict[str, float] | None  # AFM advance per character (standard 14 fonts), per unit of size
    matrix: Affine  # text matrix x CTM, translation left out
    color: tuple[float, ...]


def _font_name(font: Any, raw: Any) -> str:
    buf = ctypes.create_string_buffer(_NAME_BUFFER)
    n = raw.FPDFFont_GetBaseFontName(font, buf, _NAME_BUFFER)
    return buf.raw[:max(0, n - 1)].decode("latin-1") if n else ""


def _descent(font: Any, name: str, raw: Any) -> float:
    """pdfminer's descent (per unit of size): AFM metrics for the standard 14
    names (used by pdfminer whatever the file says), else the descriptor's."""
    if name in FONT_METRICS:
        value = float(str(FONT_METRICS[name][0].get("Descent", 0))) / GLYPH_UNITS
    else:
        d = ctypes.c_float()
        value = d.value if raw.FPDFFont_GetDescent(font, ctypes.c_float(1.0), d) else 0.0
    return -abs(value)  # pdfminer forces a positive /Descent negative


def _afm_widths(name: str) -> dict[str, float] | None:
    """pdfminer reads the standard 14 fonts' advances from its AFM tables, by
    character, whatever ``/Widths`` says (pdfium uses its own font programs)."""
    if name not in FONT_METRICS:
        return None
    return {ch: float(w) / GLYPH_UNITS for ch, w in FONT_METRICS[name][1].items() if isinstance(ch, str)}


class CharReader:
    """Reads the characters of one document's pdfium text pages; each font
    is looked up once (font handles are only valid within their document)."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self.fonts: dict[int, tuple[str, float, dict[str, float] | None]] = {}
        self.runs: dict[int, _Run] = {}
        self.origin = (ctypes.c_double(), ctypes.c_double())
        self.box = raw.FS_RECTF()
        self.sides = tuple(ctypes.c_double() for _ in range(4))

    def _font(self, textobj: Any) -> tuple[str, float, dict[str, float] | None]:
        font = self.raw.FPDFTextObj_GetFont(textobj)
        key = ctypes.cast(font, ctypes.c_void_p).value or 0
        if key not in self.fonts:
            name = _font_name(font, self.raw)
            self.fonts[key] = (name, _descent(font, name, self.raw), _afm_widths(name))
        return self.fonts[key]

    def _run(self, textpage: Any, index: int, textobj: Any) -> _Run:
        key = ctypes.cast(textobj, ctypes.c_void_p).value or 0
        run = self.runs.get(key)
        if run is None:
            raw = self.raw
            name, descent, widths = self._font(textobj)
            size, m = ctypes.c_float(), raw.FS_MATRIX()
            raw.FPDFTextObj_GetFontSize(textobj, size)
            raw.FPDFText_GetMatrix(textpage, index, m)
            rgba = [ctypes.c_uint() for _ in range(4)]
            color = (tuple(c.value / CHANNEL_MAX for c in rgba[:3])
                     if raw.FPDFPageObj_GetFillColor(textobj, *rgba) else (0.0,))
            run = _Run(name, size.value, descent, widths, Affine(m.a, m.b, m.c, m.d), color)
            self.runs[key] = run
        return run

    def _advance(self, textpage: Any, index: int, run: _Run, code: int) -> float:
        """The advance width in text space (font size included)."""
        m = run.matrix
        if run.widths is not None:
            return run.widths.get(chr(code), 0.0) * run.size
        if abs(m.a) >= abs(m.b) and abs(m.a) > TINY and self.raw.FPDFText_GetLooseCharBox(
                textpage, index, self.box):
            return (self.box.right - self.box.left) / m.a
        left, right, bottom, top = self.sides  # turned text: the ink box along the baseline
        if not self.raw.FPDFText_GetCharBox(textpage, index, left, right, bottom, top):
            return 0.0
        along = top.value - bottom.value if abs(m.b) > abs(m.a) else right.value - left.value
        scale = (m.a * m.a + m.b * m.b) ** 0.5
        return abs(along) / scale if scale > TINY else 0.0

    def chars(self, textpage: Any, to_page: Affine, ctm: Affine) -> list[Char]:
        """Every real (not generated) character of ``textpage`` as a char dict."""
        raw, out = self.raw, []
        self.runs.clear()  # text objects live as long as their page
        self.textpage = textpage
        ox, oy = self.origin
        for i in range(raw.FPDFText_CountChars(textpage)):
            textobj = raw.FPDFText_GetTextObject(textpage, i)
            if not textobj or raw.FPDFText_IsGenerated(textpage, i) == 1:
                continue
            code = raw.FPDFText_GetUnicode(textpage, i)
            run = self._run(textpage, i, textobj)
            raw.FPDFText_GetCharOrigin(textpage, i, ox, oy)
            out.append(self._char(code, run, self._advance(textpage, i, run, code),
                                  (ox.value, oy.value), to_page, ctm))
        return out

    def lone_space(self, textobj: Any, frame: Affine, ctm: Affine) -> Char | None:
        """A text object that gave the text page no character: a lone space.

        pdfium leaves out text objects holding only a space (PDFs that place
        every glyph on its own, e.g. from Word) and generates spaces of its
        own from the gaps, which cannot be told from inferred ones; pdfminer
        keeps the space.  It is put at the object's origin, a standard space
        wide (its advance is not exposed; only its position splits words)."""
        raw = self.raw
        key = ctypes.cast(textobj, ctypes.c_void_p).value or 0
        if key in self.runs or raw.FPDFTextObj_GetText(textobj, self.textpage, None, 0) > 2:
            return None
        name, descent, widths = self._font(textobj)
        size, m = ctypes.c_float(), raw.FS_MATRIX()
        if not raw.FPDFTextObj_GetFontSize(textobj, size) or not raw.FPDFPageObj_GetMatrix(textobj, m):
            return None
        run = _Run(name, size.value, descent, widths, Affine(m.a, m.b, m.c, m.d), (0.0,))
        width = (widths or {}).get(" ", SPACE_EM) * size.value
        return self._char(ord(" "), run, width, (m.e, m.f), frame, ctm)

    @staticmethod
    def _char(code: int, run: _Run, adv: float, origin: tuple[float, float],
              to_page: Affine, ctm: Affine) -> Char:
        m = run.matrix
        placed = Affine(m.a, m.b, m.c, m.d, origin[0], origin[1])
        low = run.descent * run.size
        corners = [placed.then(to_page).apply(*p) for p in ((0.0, low), (adv, low + run.size))]
        (ax, ay), (bx, by) = corners
        dev = placed.then(ctm)
        return {"text": "-" if code == PDFIUM_HYPHEN else chr(code),
                "x0": round(min(ax, bx), DECIMALS), "top": round(min(ay, by), DECIMALS),
                "x1": round(max(ax, bx), DECIMALS), "bottom": round(max(ay, by), DECIMALS),
                "fontname": run.fontname, "size": round(abs(by - ay), DECIMALS),
                "upright": dev.a * dev.d > 0 and dev.b * dev.c <= 0,
                "matrix": (dev.a, dev.b, dev.c, dev.d, dev.e, dev.f),
                "non_stroking_color": run.color}
