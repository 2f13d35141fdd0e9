"""A page drawn from the document pdfium already holds open has the pixels
pdfplumber's ``to_image`` gives, so scans read the same either way."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pdfplumber
import pypdfium2
import pytest

from council_plans.parsers.page.render import draws_as_plumber, pdfium_picture, plumber_picture
from samples.make_bad import _pdf

ROOT = Path(__file__).parent.parent
PAGES = [*sorted((ROOT / "samples" / "scanned").glob("*.pdf")), sorted((ROOT / "samples" / "pdfs").glob("*.pdf"))[0]]


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
@pytest.mark.parametrize("dpi", [72, 150])
def test_an_open_pdfium_page_renders_to_pdfplumbers_pixels(path, dpi):
    data = path.read_bytes()
    pdf = pypdfium2.PdfDocument(data)
    assert draws_as_plumber(pdf)
    with pdfplumber.open(path) as plumber:
        want = plumber_picture(plumber.pages[0], dpi)
    got = pdfium_picture(pdf[0], dpi)
    assert got.shape == want.shape and got.shape[2] == 3
    assert got.flags["C_CONTIGUOUS"]
    assert np.array_equal(got, want)


def test_a_document_with_a_form_is_drawn_by_pdfplumber():
    data = _pdf([b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [] >> >>",
                 b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"])
    assert not draws_as_plumber(pypdfium2.PdfDocument(data))
