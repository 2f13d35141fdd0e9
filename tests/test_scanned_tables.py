"""Ruled tables on scanned pages: rulings found in the page image with
camelot's lattice steps (the ``[scanned]`` extra), cells filled with the OCR
text. The sample is ``samples/scanned/`` (``python samples/make_scanned.py``)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("camelot", reason="needs the [scanned] extra: pip install -e '.[scanned]'")

import numpy as np
from rapidfuzz import fuzz

from council_plans.parsers import extract
from council_plans.parsers.page.pageview import PageView
from council_plans.parsers.tables.grid import Grid
from council_plans.parsers.tables.image_ruled import (ruling_edges,
                                                      wants_image_rulings)
from council_plans.parsers.tables.ruled import cell_groups

SCANNED = Path(__file__).resolve().parent.parent / "samples" / "scanned"
SAMPLE = SCANNED / "ruled-theme-rows-scan.pdf"
TEXT_FIELDS = ("action", "progress", "success_measure", "lead", "timescale")


@pytest.fixture(scope="module")
def scanned():
    expected = json.loads((SCANNED / "ruled-theme-rows-scan.expected.json").read_text())["items"]
    return extract(SAMPLE), expected


def test_every_row_of_the_scanned_plan_is_one_item_with_its_theme_and_pages(scanned):
    result, expected = scanned
    assert len(result.items) == len(expected) == 16
    got = [(it.section, it.page_first, it.page_last) for it in result.items]
    assert got == [(e["section"], e["page_first"], e["page_last"]) for e in expected]


def test_scanned_cells_read_as_the_printed_text_up_to_ocr_noise(scanned):
    result, expected = scanned
    for it, exp in zip(result.items, expected):
        for field in TEXT_FIELDS:
            assert fuzz.ratio(getattr(it, field) or "", exp[field] or "") >= 95, (field, exp["ref"])
        # tesseract may drop the small dot of "1.4"; the digits are all there
        assert (it.ref or "").replace(".", "") == exp["ref"].replace(".", "")


def test_a_black_and_white_scan_has_no_rag_colours(scanned):
    result, _ = scanned
    assert {it.rag for it in result.items} == {None}


def test_without_image_rulings_the_same_scan_reads_wrong(scanned, monkeypatch):
    from council_plans.parsers.tables.finders import FINDERS

    monkeypatch.delitem(FINDERS, "image-ruled")
    fallback = extract(SAMPLE)
    _, expected = scanned
    assert [it.section for it in fallback.items] != [e["section"] for e in expected]


def _ruled_picture(width: int = 1200, height: int = 900) -> np.ndarray:
    """A white page image with a 3 x 4 ruled table drawn in black pixels."""
    img = np.full((height, width, 3), 255, dtype=np.uint8)
    xs, ys = [100, 400, 700, 1100], [100, 250, 400, 550, 700]
    for x in xs:
        img[ys[0]:ys[-1] + 1, x - 1:x + 2] = 0
    for y in ys:
        img[y - 1:y + 2, xs[0]:xs[-1] + 1] = 0
    return img


def test_rulings_drawn_only_as_pixels_become_table_cells():
    edges = ruling_edges(_ruled_picture(), 0.5, 0.5)  # two pixels per point
    groups = cell_groups(edges)
    assert len(groups) == 1 and len(groups[0]) == 12
    lefts = sorted({round(b[0]) for b in groups[0]})
    tops = sorted({round(b[1]) for b in groups[0]})
    assert lefts == [50, 200, 350] and tops == [50, 125, 200, 275]


def test_text_strokes_outside_a_table_are_not_rulings():
    img = np.full((900, 1200, 3), 255, dtype=np.uint8)
    img[100:103, 100:1100] = 0  # a lone underline: no crossing lines, no table
    assert cell_groups(ruling_edges(img, 0.5, 0.5)) == []


def test_only_pages_with_a_large_image_and_no_drawn_table_are_rendered():
    scan = PageView(1, 600, 800, chars=[{"text": "x"}], images=1, image_area=600 * 800)
    logo = PageView(1, 600, 800, chars=[{"text": "x"}], images=1, image_area=80 * 40)
    drawn = Grid(page=1, bbox=(0, 0, 10, 10), col_x=[0, 5])
    assert wants_image_rulings(scan, [])
    assert not wants_image_rulings(logo, [])
    assert not wants_image_rulings(scan, [drawn])
