"""Unusual pages: scanned (no text layer), blank, and sideways ones."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pdfplumber
import pytest

from council_plans.parsers import extract
from council_plans.parsers.errors import NoTextLayer
from council_plans.parsers.page.pageview import PageView, page_view
from council_plans.parsers.page.rotate import make_upright, page_bbox, page_text_rotation, turn_page
from council_plans.parsers.page.textlayer import check_text_layer, page_has_text, page_status

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "pdfs"


def _char(text: str, x: float = 10, top: float = 10) -> dict:
    return {"text": text, "x0": x, "x1": x + 5, "top": top, "bottom": top + 8,
            "upright": True, "matrix": (8, 0, 0, 8, x, 800 - top)}


def _view(number: int, text: str = "", images: int = 0) -> PageView:
    chars = [_char(ch, 10 + 6 * i) for i, ch in enumerate(text)]
    return PageView(number=number, width=600, height=800, chars=chars, images=images)


def test_a_scan_with_a_page_number_stamp_still_has_no_text_layer():
    assert page_status(_view(1, "Page 40", images=1)) == "image-only"
    assert not page_has_text(_view(1, "Page 40", images=1))


def test_a_page_with_text_and_a_logo_has_a_text_layer():
    assert page_has_text(_view(1, "Children's Services Improvement Plan 2016/17", images=1))
    assert page_has_text(_view(1, "Appendix A"))


def test_a_page_of_cid_codes_has_no_usable_text():
    view = _view(1, images=1)
    view.chars = [_char("(cid:12)", 10 + 6 * i) for i in range(60)]
    assert page_status(view) == "image-only"


def test_blank_and_scanned_pages_are_warned_about_one_by_one():
    views = [_view(1, "Action plan for the service"), _view(2, images=1), _view(3)]
    missing, warnings = check_text_layer([(v.number, page_status(v)) for v in views], "plan.pdf")
    assert missing == [2, 3]
    assert warnings[0].startswith("page 2: no text layer")
    assert warnings[1].startswith("page 3: blank")


def test_no_page_with_text_raises_no_text_layer_naming_the_file():
    with pytest.raises(NoTextLayer, match=r"^scan\.pdf: no text layer .*2 image-only and 1 blank"):
        views = [_view(1, images=1), _view(2, "p1", images=1), _view(3)]
        check_text_layer([(v.number, page_status(v)) for v in views], "scan.pdf")


# -- rotation -----------------------------------------------------------------

TEXT = [("Action plan 2016/17: quarter three update", 60, 80),
        ("Ref  Action  Lead officer  Timescale  Progress", 60, 120),
        ("1.1  Review the front door arrangements  Dawn Williams  March 2017", 60, 140)]


def _draw(angle: int) -> bytes:
    """The same upright content drawn turned clockwise by ``angle`` (text
    running down for 90, up for 270, upside down for 180), plus a box."""
    from reportlab.pdfgen.canvas import Canvas

    w, h = 595.0, 842.0
    size = (h, w) if angle in (90, 270) else (w, h)
    out = io.BytesIO()
    c = Canvas(out, pagesize=size, invariant=1)
    if angle == 90:
        c.translate(0, w)
        c.rotate(-90)
    elif angle == 270:
        c.translate(h, 0)
        c.rotate(90)
    elif angle == 180:
        c.translate(w, h)
        c.rotate(180)
    c.setFont("Helvetica", 10)
    for text, x, top in TEXT:
        c.drawString(x, h - top, text)
    c.rect(50, h - 160, 400, 60)
    c.showPage()
    c.save()
    return out.getvalue()


def _first_view(data: bytes) -> PageView:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return page_view(pdf.pages[0])


@pytest.mark.parametrize("angle", [90, 180, 270])
def test_a_sideways_or_upside_down_page_is_turned_to_match_the_upright_one(angle):
    upright = _first_view(_draw(0))
    turned = _first_view(_draw(angle))
    assert page_text_rotation(turned) == angle
    fixed = make_upright(turned)
    assert (fixed.width, fixed.height) == pytest.approx((upright.width, upright.height))
    for a, b in zip(fixed.chars, upright.chars, strict=True):
        assert a["text"] == b["text"]
        assert (a["x0"], a["top"], a["x1"], a["bottom"]) == pytest.approx(
            (b["x0"], b["top"], b["x1"], b["bottom"]), abs=0.01)
        assert a["upright"] and text_runs_right(a)
    assert sorted((round(e["x0"]), round(e["top"]), e["orientation"]) for e in fixed.edges) == \
        sorted((round(e["x0"]), round(e["top"]), e["orientation"]) for e in upright.edges)


def text_runs_right(char: dict) -> bool:
    a, b = char["matrix"][:2]
    return a > 0 and abs(b) < 1e-6


def test_an_upright_page_is_left_alone():
    view = _first_view(_draw(0))
    assert make_upright(view) is view


def test_a_vertical_page_stamp_in_the_margin_does_not_turn_the_page():
    view = _first_view(_draw(0))
    stamp = _first_view(_draw(90)).chars[:7]  # a few characters running down the page
    view.chars = view.chars + stamp
    assert page_text_rotation(view) == 0
    assert make_upright(view) is view


def test_pdfplumber_already_applies_the_rotate_entry():
    """/Rotate 90 with content drawn to read upright on screen: pdfplumber
    presents it upright, so nothing needs turning."""
    with pdfplumber.open(SAMPLES / "rotated-page.pdf") as pdf:
        page = pdf.pages[1]
        assert page.rotation == 90 and page.width > page.height
        view = page_view(page)
    assert page_text_rotation(view) == 0


def test_tables_on_rotated_and_sideways_pages_extract_like_upright_ones():
    expected = json.loads((SAMPLES / "rotated-page.expected.json").read_text())["items"]
    got = extract(SAMPLES / "rotated-page.pdf").items
    assert [(i.page_first, i.ref, i.action) for i in got] == \
        [(e["page_first"], e["ref"], e["action"]) for e in expected]
    assert {e["page_first"] for e in expected} == {2, 3}  # /Rotate page and sideways page


@pytest.mark.parametrize("angle", [90, 180, 270])
def test_boxes_found_on_a_turned_page_map_back_onto_the_original_page(angle):
    turned = _first_view(_draw(angle))
    fixed = make_upright(turned)
    for before, after in zip(turned.chars, fixed.chars, strict=True):
        box = (after["x0"], after["top"], after["x1"], after["bottom"])
        assert page_bbox(box, angle, fixed.width, fixed.height) == pytest.approx(
            (before["x0"], before["top"], before["x1"], before["bottom"]), abs=1e-6)


def test_item_boxes_on_rotated_and_sideways_pages_lie_on_the_page_pdfplumber_shows():
    path = SAMPLES / "rotated-page.pdf"
    with pdfplumber.open(path) as pdf:
        sizes = {p.page_number: (p.width, p.height) for p in pdf.pages}
    for item in extract(path).items:
        for boxes in item.boxes.values():
            for b in boxes:
                w, h = sizes[b.page]
                assert 0 <= b.x0 <= b.x1 <= w + 0.5 and 0 <= b.top <= b.bottom <= h + 0.5, b


def test_a_characters_linear_matrix_turns_as_its_full_text_matrix_does():
    """The pdfium page model gives a character's matrix as its linear part
    only; turning a page must read those characters as it reads full ones."""
    chars = [{"text": "x", "x0": 10.0, "top": 20.0, "x1": 15.0, "bottom": 30.0, "upright": m[0] > 0, "matrix": m}
             for m in [(0.0, -8.0, 8.0, 0.0, 100.0, 200.0), (0.0, 8.0, -8.0, 0.0, 5.0, 6.0),
                       (8.0, 0.0, 0.0, 8.0, 1.0, 2.0), (-8.0, 0.0, 0.0, -8.0, 3.0, 4.0)]]
    full = PageView(number=1, width=600.0, height=800.0, chars=chars)
    linear = PageView(number=1, width=600.0, height=800.0, chars=[{**c, "matrix": c["matrix"][:4]} for c in chars])
    for angle in (90, 180, 270):
        a, b = turn_page(full, angle).chars, turn_page(linear, angle).chars
        assert [c["matrix"][:4] for c in a] == [c["matrix"] for c in b]
        assert [c["upright"] for c in a] == [c["upright"] for c in b]
        assert any(c["upright"] for c in b) and not all(c["upright"] for c in b)
