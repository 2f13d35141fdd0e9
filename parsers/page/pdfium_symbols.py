"""What pdfminer reads for the characters of the standard symbol fonts.

A ZapfDingbats or Symbol font that is not embedded and has no
``/Encoding`` is read by pdfminer through StandardEncoding (code 0x6E of
ZapfDingbats is "n"), while pdfium maps each code to the symbol's own
Unicode (U+25A0, a black square).  Plans draw timeline bars and ticks with
these fonts, so the two engines would give different cell text.  pdfium's
mapping is learnt once by setting every code in a blank in-memory page
and reading the text back; inverting it gives, per pdfium character, the
text pdfminer gives for the same code.
"""
from __future__ import annotations

import ctypes
from functools import lru_cache

from pdfminer.encodingdb import EncodingDB

#: fonts whose built-in encoding pdfium applies and pdfminer does not
SYMBOL_FONTS = ("ZapfDingbats", "Symbol")
#: single-byte codes a simple font can draw
CODES = range(1, 256)
_PAGE_SIZE = 600.0
_FONT_SIZE = 10.0


def _pdfium_unicode(font: str) -> list[int]:
    """The Unicode pdfium gives each code of standard font ``font``."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument.new()
    try:
        page = doc.new_page(_PAGE_SIZE, _PAGE_SIZE)
        obj = raw.FPDFPageObj_NewTextObj(doc.raw, font.encode("ascii"), ctypes.c_float(_FONT_SIZE))
        codes = (ctypes.c_uint * len(CODES))(*CODES)
        raw.FPDFText_SetCharcodes(obj, codes, len(CODES))
        raw.FPDFPage_InsertObject(page.raw, obj)
        raw.FPDFPage_GenerateContent(page.raw)
        textpage = page.get_textpage()
        got = [raw.FPDFText_GetUnicode(textpage.raw, i) for i in range(raw.FPDFText_CountChars(textpage.raw))]
        textpage.close()
        page.close()
    finally:
        doc.close()
    return got if len(got) == len(CODES) else []


@lru_cache(maxsize=len(SYMBOL_FONTS))
def pdfminer_text(font: str) -> dict[str, str]:
    """pdfium's character -> pdfminer's text, for standard symbol ``font``
    (empty when pdfium's mapping could not be read one code per character)."""
    if font not in SYMBOL_FONTS:
        return {}
    standard = EncodingDB.get_encoding("StandardEncoding")
    out: dict[str, str] = {}
    for code, unicode in zip(CODES, _pdfium_unicode(font)):
        out.setdefault(chr(unicode), standard.get(code, f"(cid:{code})"))
    return out


__all__ = ["SYMBOL_FONTS", "pdfminer_text"]
