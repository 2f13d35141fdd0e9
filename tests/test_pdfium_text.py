"""Text read from pdfium in one call is the text pypdfium2's helpers give.

Triage reads each run's text with :class:`PageText.bounded` (one call into a
page-sized buffer) and a text page's characters with ``char_codes`` (one
call, checked over an array); both must give what the slower, plain ways
give: pypdfium2's ``get_text_bounded`` and one ``FPDFText_GetUnicode`` per
character.
"""
from __future__ import annotations

import random
from pathlib import Path

import pypdfium2
import pytest

from council_plans.parsers.page.pdfium_calls import calls, char_codes, handle
from council_plans.parsers.page.pdfium_text import PageText
from samples.make_bad import _pdf, _stream

SAMPLES = sorted((Path(__file__).parent.parent / "samples" / "pdfs").glob("*.pdf"))
GRINNING_FACE = "\U0001F600"  # outside the BMP: a surrogate pair in UTF-16

_CMAP = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /Pair def /CMapType 2 def
1 begincodespacerange <00> <FF> endcodespacerange
1 beginbfchar <41> <D83DDE00> endbfchar
endcmap CMapName currentdict /CMap defineresource pop end end"""


def _pair_pdf() -> bytes:
    """One page whose "A"s read, through a ToUnicode map, as a character
    outside the BMP, on two lines."""
    content = b"BT /F1 24 Tf 72 700 Td (xAy) Tj 0 -40 Td (zAw) Tj ET"
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 6 0 R"
        b" /Resources << /Font << /F1 4 0 R >> >> >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 5 0 R >>",
        _stream(b"", _CMAP),
        _stream(b"", content),
    ])


def _rectangles(textpage: pypdfium2.PdfTextPage, rng: random.Random) -> list[tuple[float, ...]]:
    """Every text run's rectangle, and random ones over the page."""
    rects = [textpage.get_rect(i) for i in range(textpage.count_rects())]
    for _ in range(20):
        x0, x1 = sorted(rng.uniform(0, 850) for _ in range(2))
        y0, y1 = sorted(rng.uniform(0, 850) for _ in range(2))
        rects.append((x0, y0, x1, y1))
    return rects


def _pages(data: bytes | Path):
    pdf = pypdfium2.PdfDocument(data)
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            yield textpage
            textpage.close()
            page.close()
    finally:
        pdf.close()


@pytest.mark.parametrize("pdf", SAMPLES[::3], ids=lambda p: p.stem)
def test_text_of_a_rectangle_in_one_call_is_what_pypdfium2_reads_in_two(pdf):
    rng = random.Random(pdf.stem)
    compared = 0
    for textpage in _pages(pdf):
        page = PageText(calls(), textpage)
        for left, bottom, right, top in _rectangles(textpage, rng):
            assert page.bounded(left, bottom, right, top) == textpage.get_text_bounded(left, bottom, right, top)
            compared += 1
    assert compared > 20


def _first_textpage(data: bytes | Path) -> pypdfium2.PdfTextPage:
    return pypdfium2.PdfDocument(data)[0].get_textpage()  # the text page keeps its page and document


def test_text_with_a_surrogate_pair_is_read_as_pypdfium2_reads_it():
    textpage = _first_textpage(_pair_pdf())
    page = PageText(calls(), textpage)
    assert GRINNING_FACE in textpage.get_text_range()
    for rect in [(0, 0, 612, 792), (60, 690, 200, 740), (60, 650, 200, 690), (70, 600, 90, 800)]:
        assert page.bounded(*rect) == textpage.get_text_bounded(*rect)


def test_text_longer_than_the_buffer_is_read_by_pypdfium2():
    textpage = _first_textpage(SAMPLES[0])
    page = PageText(calls(), textpage)
    page.size = 8  # a buffer too small for the page's text
    whole = textpage.get_text_bounded(0, 0, 2000, 2000)
    assert len(whole) > page.size
    assert page.bounded(0, 0, 2000, 2000) == whole


@pytest.mark.parametrize("data", [SAMPLES[0], SAMPLES[-1], _pair_pdf()], ids=["first", "last", "pair"])
def test_character_codes_in_one_call_are_the_codes_read_one_by_one(data):
    fn = calls()
    for textpage in _pages(data):
        raw = handle(textpage.raw)
        count = fn.FPDFText_CountChars(raw)
        assert char_codes(fn, raw, count) == [fn.FPDFText_GetUnicode(raw, i) for i in range(count)]
