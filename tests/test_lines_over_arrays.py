"""A page's lines are built over arrays and read the same as character by character.

:func:`parsers.page.textlines.lines_of` groups a page's characters into rows
and words over numpy arrays; a cell's text (:func:`cell_text`) still does it
one character at a time.  The loop that built lines before is kept here as
the reference (rows from ``group_rows``, words from ``_split_words``, each
word boxed around its characters, its largest size, bold when most of its
characters' fonts are): both must give the same lines, word for word and
number for number, on every sample page and on random characters placed on
the edges that matter (tops tied after rounding, rows at the tolerance,
gaps at the limit, spaces, missing sizes, mixed fonts).  The skipped pages'
characters come from pdfium's per-character calls in one loop
(:func:`parsers.page.triage.page_chars`); they must be what pypdfium2's own
calls read."""
from __future__ import annotations

import random
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from council_plans.parsers.page.noise import upright_chars
from council_plans.parsers.page.pdfium_calls import PDFIUM_HYPHENS
from council_plans.parsers.page.textlines import (GAP_RATIO, ROW_TOLERANCE, Char, Line, Word, _split_words,
                                                  cell_text, columns_of, group_rows, is_bold, lines_of)
from council_plans.parsers.page.triage import MIN_FONT_SIZE, page_chars

from tests.test_cell_index import SAMPLE_PDFS, _views


def loop_lines(chars: list[Char]) -> list[Line]:
    """Lines one character at a time (the code :func:`lines_of` replaced)."""
    out = []
    for row in group_rows(chars):
        words = []
        for w in _split_words(row):
            words.append(Word("".join(c["text"] for c in w), min(c["x0"] for c in w), min(c["top"] for c in w),
                              max(c["x1"] for c in w), max(c["bottom"] for c in w),
                              max(float(c.get("size") or 0) for c in w),
                              sum(is_bold(c.get("fontname")) for c in w) * 2 > len(w)))
        if words:
            out.append(Line(words))
    return out


@pytest.mark.parametrize("path", SAMPLE_PDFS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_sample_pages_lines_are_the_lines_the_loop_builds(path: Path):
    for view in _views(path):
        chars = upright_chars(view.chars)
        assert lines_of(chars) == loop_lines(chars), f"page {view.number}"


def _random_chars(rng: random.Random, n: int) -> list[Char]:
    chars = []
    for _ in range(n):
        top = rng.choice([100.0, 100.04, 100.05, 100.15, 100.0 + ROW_TOLERANCE, 102.6, 140.0, 141.0])
        x0 = rng.choice([10.0, 11.0, 12.75, 13.0, 14.5, 20.0]) + rng.choice([0.0, 0.25])
        size = rng.choice([10.0, 10.0, 0.0, None, 9.0])
        width = rng.choice([1.0, 2.0, 0.75])  # gaps of 1.75 and 2: one word at size 10, two at 9
        chars.append({"text": rng.choice("ab c\u00a0dE-é"), "x0": x0, "top": top, "x1": x0 + width,
                      "bottom": top + 9.5 + rng.random(), "size": size,
                      "fontname": rng.choice(["Arial", "Arial-Bold", None, "ABCDEF+Calibri,Bold"])})
    return chars


def test_random_characters_on_the_row_and_word_limits_make_the_lines_the_loop_makes():
    rng = random.Random(7)
    assert 9 * GAP_RATIO < 1.75 < 10 * GAP_RATIO < 2
    for n in [0, 1, 2, 5, 31, 32, 33, 200] * 20:
        chars = _random_chars(rng, n)
        lines = lines_of(chars)
        assert lines == loop_lines(chars)
        assert lines_of(columns_of(chars)) == lines
        assert " ".join(ln.text for ln in lines) == cell_text(chars)


def test_a_page_of_only_spaces_has_no_lines():
    spaces = [{"text": " ", "x0": 10.0 * i, "top": 100.0, "x1": 10.0 * i + 3, "bottom": 110.0, "size": 10.0}
              for i in range(40)]
    assert lines_of(spaces) == [] == loop_lines(spaces)


def _pypdfium2_chars(textpage, top_y: float) -> list[Char]:
    """The upright characters of a text page through pypdfium2's own per-character calls."""
    out = []
    for i in range(textpage.count_chars()):
        text = textpage.get_text_range(i, 1)
        if text in ("\r", "\n", "") or len(text) != 1:
            continue
        left, bottom, right, top = textpage.get_charbox(i, loose=True)
        turn = pdfium_c.FPDFText_GetCharAngle(textpage, i)
        if 0.01 <= turn <= 6.27:
            continue
        size = pdfium_c.FPDFText_GetFontSize(textpage, i)
        out.append({"text": "-" if text in PDFIUM_HYPHENS else text, "x0": left, "top": top_y - top,
                    "x1": right, "bottom": top_y - bottom,
                    "size": size if size >= MIN_FONT_SIZE else top - bottom})
    return out


@pytest.mark.parametrize("path", SAMPLE_PDFS[:6], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_skipped_pages_characters_are_those_pypdfium2_reads(path: Path):
    doc = pdfium.PdfDocument(path)
    try:
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            top_y = page.get_mediabox()[3]
            cols = page_chars(textpage, top_y)
            expected = _pypdfium2_chars(textpage, top_y)
            assert cols.texts == [c["text"] for c in expected]
            for key in ("x0", "top", "x1", "bottom", "size"):
                assert getattr(cols, key).tolist() == [c[key] for c in expected], key
            assert not cols.bold.any()
            textpage.close()
            page.close()
    finally:
        doc.close()
