"""Generate the scanned ruled sample: a ruled plan as an office scanner and
OCR leave it, whose tables have rulings only in the page image.

    python samples/make_scanned.py              # -> samples/scanned/ (needs ocrmypdf)
    python samples/make_scanned.py --out /tmp/scanned

The plan pages of ``samples/pdfs/ruled-theme-rows.pdf`` (its cover left out)
are rendered to black-and-white 300 dpi pictures and put back as an
image-only PDF (``NAME.image.pdf``: what the scanner produced), then OCR'd
with ``ocrmypdf`` as ``plans --ocr`` does (``NAME.pdf``: invisible OCR text
over the picture). ``NAME.expected.json`` holds the source sample's items
with their pages renumbered and no RAG (a black-and-white scan keeps no
colour). The image step is byte-stable; OCR output is not (ocrmypdf stamps
its own IDs and dates), which is why the OCR'd file is committed.
"""
from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repo root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from samples.make_bad import image_only

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "pdfs" / "ruled-theme-rows.pdf"
NAME = "ruled-theme-rows-scan"
DEFAULT_OUT = HERE / "scanned"
#: the source's first page is a cover sheet, not part of the plan
FIRST_PAGE = 2


def plan_pages(data: bytes, first: int = FIRST_PAGE) -> bytes:
    """The PDF from page ``first`` on."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(data)).pages[first - 1:]:
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def expected_items(first: int = FIRST_PAGE) -> list[dict]:
    """The source sample's items on the scanned pages: pages renumbered, no RAG."""
    source = json.loads(SOURCE.with_suffix("").with_suffix(".expected.json").read_text())
    items = []
    for item in source["items"]:
        item = dict(item, rag=None, page_first=item["page_first"] - first + 1,
                    page_last=item["page_last"] - first + 1)
        items.append(item)
    return items


def generate(out_dir: Path = DEFAULT_OUT) -> Path:
    """Write ``NAME.image.pdf``, its OCR'd ``NAME.pdf`` and ``NAME.expected.json``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    scan = out_dir / f"{NAME}.image.pdf"
    scan.write_bytes(image_only(plan_pages(SOURCE.read_bytes()), dpi=300, mode="1"))
    target = out_dir / f"{NAME}.pdf"
    subprocess.run(["ocrmypdf", "--output-type", "pdf", "--optimize", "0", "--quiet", "-l", "eng",
                    str(scan), str(target)], check=True)
    manifest = {"document": target.name, "source": SOURCE.name, "first_source_page": FIRST_PAGE,
                "items": expected_items()}
    (out_dir / f"{NAME}.expected.json").write_text(
        json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    args = ap.parse_args(argv)
    for path in sorted(generate(args.out).parent.glob(f"{NAME}*")):
        print(f"{path.name:40} {path.stat().st_size:>8} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
