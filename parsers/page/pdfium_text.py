"""A pdfium text page read by rectangle and by position, for page triage.

A skipped page gives its margin lines and first body lines as pdfium runs,
each run's text read by its rectangle and its boldness from the character
at its start.  pdfium answers both by walking every character of the text
page, in C; the cost is in how often it is asked:

* pypdfium2's ``get_text_bounded`` asks for a rectangle's text twice (once
  for its length, once to copy it).  :meth:`PageText.bounded` asks once,
  into a buffer sized for the whole page, and gives the same string;
* handles are plain integers (:mod:`parsers.page.pdfium_calls`), so no
  call wraps pointers.
"""
from __future__ import annotations

import ctypes
import codecs
from typing import Any

from council_plans.parsers.page.pdfium_calls import Calls, handle
from council_plans.parsers.page.textlines import is_bold

#: UTF-16 units the text of a rectangle can take per character of the page:
#: the character (a surrogate pair at most) and a line break pdfium puts
#: before it when the text moves to another line
UNITS_PER_CHAR = 4
#: bytes enough for a font's name
FONT_NAME_BYTES = 128
#: pdfium's font weight from which a character is bold
BOLD_WEIGHT = 600


class PageText:
    """Text and boldness of one open pypdfium2 text page."""

    def __init__(self, fn: Calls, textpage: Any) -> None:
        self.fn, self.textpage, self.page = fn, textpage, handle(textpage.raw)
        self.size = UNITS_PER_CHAR * (max(fn.FPDFText_CountChars(self.page), 0) + 1)
        self._buffer: ctypes.Array[ctypes.c_ushort] | None = None  # made at the first call

    def bounded(self, left: float, bottom: float, right: float, top: float) -> str:
        """The text inside a rectangle (PDF space), as pypdfium2's
        ``get_text_bounded`` gives it: that asks pdfium for the text's length,
        then for that many UTF-16 units.  One call into a page-sized buffer
        gives the same units whenever each character is one unit; a text
        that decodes shorter than its units (a surrogate pair pdfium counted
        as one character), or one that fills the buffer, is read
        by pypdfium2 itself.  (pdfium copies a terminating NUL when the buffer
        has room; the length it reports leaves it out.)"""
        if self._buffer is None:
            self._buffer = (ctypes.c_ushort * self.size)()
        got = self.fn.FPDFText_GetBoundedText(self.page, left, top, right, bottom, self._buffer, self.size)
        if got <= 0:
            return ""
        if got < self.size:
            if self._buffer[got - 1] == 0:
                got -= 1  # pdfium's terminator (it never copies a NUL character)
            text = codecs.decode(memoryview(self._buffer)[:got], "utf-16-le", "ignore")
            if len(text) == got:  # a character per unit: no pair, no lone surrogate dropped
                return text
        return str(self.textpage.get_text_bounded(left, bottom, right, top))

    def bold_at(self, x: float, y: float, height: float) -> bool:
        """Is the character starting a run at (``x``, PDF ``y``) bold?"""
        i = self.fn.FPDFText_GetCharIndexAtPos(self.page, x + height * 0.25, y, height * 0.5, height * 0.5)
        return i >= 0 and self.bold_char(i)

    def bold_char(self, i: int) -> bool:
        """Is character ``i`` bold: a bold weight, or a bold font name (a
        standard font, "Helvetica-Bold", has no weight to read)?"""
        if self.fn.FPDFText_GetFontWeight(self.page, i) >= BOLD_WEIGHT:
            return True
        name = ctypes.create_string_buffer(FONT_NAME_BYTES)
        flags = ctypes.c_int()
        n = self.fn.FPDFText_GetFontInfo(self.page, i, name, FONT_NAME_BYTES, ctypes.byref(flags))
        return 0 < n <= FONT_NAME_BYTES and is_bold(name.value.decode("latin-1"))


__all__ = ["PageText"]
