"""``plans inspect`` draws what the parsers saw, where they saw it.

Every sample is drawn; the item outlines must be the extraction's own cell
boxes, numbered like the expected items of the sample, and the PNG written
must carry the item's colour on each outline (read back from the pixels).
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from council_plans.cli import main
from council_plans.review.inspect_page import SCALE, InspectError, inspect_pdf
from council_plans.review.pageimage import to_pixels
from council_plans.parsers import extract

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "pdfs"
NAMES = sorted(p.name[: -len(".expected.json")] for p in SAMPLES.glob("*.expected.json"))


@lru_cache(maxsize=None)
def drawn(name: str):
    return inspect_pdf(SAMPLES / f"{name}.pdf")


def expected_items(name: str) -> list[dict]:
    return json.loads((SAMPLES / f"{name}.expected.json").read_text())["items"]


@pytest.mark.parametrize("name", NAMES)
def test_item_outlines_are_the_extractions_cell_boxes(name):
    extraction = extract(SAMPLES / f"{name}.pdf")
    want = {(n, b.page, round(b.x0, 2), round(b.top, 2), round(b.x1, 2), round(b.bottom, 2))
            for n, it in enumerate(extraction.items, 1) for bs in it.boxes.values() for b in bs}
    have = {(s.item, shot.page, *(round(v, 2) for v in s.bbox))
            for shot in drawn(name) for s in shot.shapes if s.kind == "item"}
    assert have == want


@pytest.mark.parametrize("name", NAMES)
def test_each_page_numbers_the_expected_items_printed_on_it(name):
    for shot in drawn(name):
        numbers = {s.item for s in shot.shapes if s.kind == "item"}
        want = {n for n, it in enumerate(expected_items(name), 1)
                if it["page_first"] <= shot.page <= it["page_last"]}
        assert want <= numbers, f"{name} page {shot.page}"
        # the only other boxes: a merged action cell carried to its next milestone
        for n in numbers - want:
            assert {s.field for s in shot.shapes if s.item == n} == {"action"}


@pytest.mark.parametrize("name", NAMES)
def test_header_roles_cover_every_field_the_expected_items_fill(name):
    filled = {f for it in expected_items(name) for f, v in it.items()
              if v and f in ("ref", "action", "milestone", "timescale", "lead", "progress",
                             "success_measure", "outcome")}
    roles = {s.label for shot in drawn(name) for s in shot.shapes if s.kind == "header"}
    # a ref printed inside the action cell ("1.2 Do X") has no column of its own
    assert filled - {"ref"} <= roles


def _later_cover(shapes, i, point) -> bool:
    """Whether a shape drawn after shapes[i] may paint over ``point``."""
    x, y = point
    for s in shapes[i + 1:]:
        x0, y0, x1, y1 = to_pixels(s.bbox, SCALE)
        if x0 - 3 <= x <= x1 + 3 and y0 - 3 <= y <= y1 + 3 and s.kind in ("item", "rag"):
            return True
    return False


def test_written_png_has_each_items_colour_on_its_outline(tmp_path):
    checked = 0
    for name in NAMES:
        for shot in inspect_pdf(SAMPLES / f"{name}.pdf", out=tmp_path / name):
            image = Image.open(shot.path).convert("RGB")
            for i, s in enumerate(shot.shapes):
                if s.kind != "item":
                    continue
                x0, y0, x1, y1 = to_pixels(s.bbox, SCALE)
                point = (x0 + 1, (y0 + y1) // 2)
                if _later_cover(shot.shapes, i, point):
                    continue
                assert image.getpixel(point) == s.colour, f"{name} p{shot.page} item {s.item}"
                checked += 1
    assert checked > 100


def test_dropped_stamps_and_running_headers_are_marked_on_their_page():
    shot = next(s for s in drawn("ruled-theme-rows") if s.page == 3)
    dropped = [s for s in shot.shapes if s.kind == "dropped"]
    labels = sorted(s.label for s in dropped)
    assert "stamp" in labels and "furniture" in labels
    stamp = next(s for s in dropped if s.label == "stamp")
    assert stamp.bbox[3] - stamp.bbox[1] > stamp.bbox[2] - stamp.bbox[0]  # printed sideways


def test_rag_read_from_each_fill_is_the_rag_of_the_item_in_that_row():
    extraction = extract(SAMPLES / "ruled-rag-fill.pdf")
    rows = 0
    for shot in drawn("ruled-rag-fill"):
        for rag in (s for s in shot.shapes if s.kind == "rag"):
            middle = (rag.bbox[1] + rag.bbox[3]) / 2
            items = {s.item for s in shot.shapes
                     if s.kind == "item" and s.field != "action" and s.bbox[1] < middle < s.bbox[3]}
            assert len(items) == 1
            assert extraction.items[items.pop() - 1].rag == rag.label
            rows += 1
    assert rows >= len(extraction.items)


def test_sideways_table_is_drawn_in_the_page_frame():
    shot = next(s for s in drawn("rotated-page") if s.page == 3)
    table = next(s for s in shot.shapes if s.kind == "table")
    for s in shot.shapes:
        if s.kind in ("item", "header"):
            assert table.bbox[0] - 1 <= s.bbox[0] and s.bbox[2] <= table.bbox[2] + 1
            assert table.bbox[1] - 1 <= s.bbox[1] and s.bbox[3] <= table.bbox[3] + 1


def test_cli_draws_one_page_and_reports_what_it_drew(tmp_path):
    out = tmp_path / "p2.png"
    result = CliRunner().invoke(main, ["inspect", str(SAMPLES / "borderless.pdf"), "--page", "2",
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "page 2, 1 table(s)" in result.output
    assert Image.open(out).size[0] == round(842 * SCALE) or Image.open(out).size[0] > 1000


def test_cli_all_writes_one_png_per_page_with_a_table(tmp_path):
    result = CliRunner().invoke(main, ["inspect", str(SAMPLES / "ruled-theme-rows.pdf"), "--all",
                                       "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f"ruled-theme-rows-p{n}.png" for n in (2, 3, 4)]


def test_page_past_the_end_is_one_clear_error():
    with pytest.raises(InspectError, match="no page 9 \\(the document has 2\\)"):
        inspect_pdf(SAMPLES / "borderless.pdf", [9])
    result = CliRunner().invoke(main, ["inspect", str(SAMPLES / "borderless.pdf"), "--page", "9"])
    assert result.exit_code == 2
    assert "borderless.pdf: no page 9" in result.output


def test_inspect_needs_a_page_or_all():
    result = CliRunner().invoke(main, ["inspect", str(SAMPLES / "borderless.pdf")])
    assert result.exit_code == 2
    assert "--page N or --all" in result.output


def test_a_file_that_is_not_a_pdf_is_one_error_line_naming_it(tmp_path):
    bogus = tmp_path / "minutes.pdf"
    bogus.write_text("these are the minutes, not a PDF")
    result = CliRunner().invoke(main, ["inspect", str(bogus), "--page", "1"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "minutes.pdf" in lines[0]
