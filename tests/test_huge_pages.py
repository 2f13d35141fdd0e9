"""A page that declares a huge MediaBox becomes a picture of bounded size.

A 631-byte PDF may declare a 14400-point square page; rendered at the
ordinary scale that was 466 million pixels (16 GB during ``plans inspect``).
Every place that turns a page into an image caps the pixels instead.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PIL import Image

from council_plans.parsers.page.pixels import MAX_RENDER_PIXELS, capped_resolution, \
    capped_scale
from council_plans.review.pageimage import render_page

HUGE = 14400
PLANS = str(Path(sys.executable).parent / "plans")


def huge_pdf(path: Path, side: int = HUGE) -> Path:
    """A minimal one-page PDF with a ``side`` x ``side`` point MediaBox and one line of text."""
    stream = b"BT /F1 400 Tf 100 100 Td (Huge) Tj ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>" % (side, side),
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def test_the_scale_is_capped_in_pixels_and_left_alone_for_ordinary_pages():
    assert capped_scale((595, 842), 2.0) == 2.0
    scale = capped_scale((HUGE, HUGE), 1.5)
    assert (HUGE * scale) ** 2 <= MAX_RENDER_PIXELS * 1.0001
    assert capped_resolution((595, 842), 150) == 150


def test_rendering_a_huge_page_gives_a_bounded_picture(tmp_path):
    image, size = render_page(huge_pdf(tmp_path / "huge.pdf"), 1, 1.5)
    assert size == (HUGE, HUGE)
    assert image.width * image.height <= MAX_RENDER_PIXELS


def test_inspect_of_a_huge_page_writes_a_bounded_picture(tmp_path):
    pdf = huge_pdf(tmp_path / "huge.pdf")
    out = tmp_path / "shot.png"
    result = subprocess.run([PLANS, "inspect", str(pdf), "--page", "1", "--out", str(out)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    with Image.open(out) as shot:
        page_pixels = shot.width * shot.width  # the legend adds rows below a square page
        assert page_pixels <= MAX_RENDER_PIXELS * 1.01
