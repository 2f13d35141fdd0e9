"""The pdfium page model against the pdfplumber one (the reference).

Every page of every sample is read by both engines and compared: each
character within 0.5 pt with the same text, the same ruling edges and
colourful fills, the same page size; differences are counted by class.  The
items extracted with either engine must be identical (provenance boxes
within 0.15 pt).  The shared corpora (``$PLANS_SHARED``, else the sibling
``shared`` folder) are compared too when present.
"""
from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pytest

from council_plans.parsers.document import extract_document
from council_plans.parsers.page.pageview import PageView, page_view
from council_plans.parsers.page.pdfium_model import PdfiumPages
from council_plans.parsers.settings import ExtractSettings

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples" / "pdfs").glob("*.pdf")) + sorted((ROOT / "samples" / "scanned").glob("*.pdf"))
SHARED = Path(os.environ.get("PLANS_SHARED") or ROOT.parent / "shared") / "corpus"
#: the comparison contract of the issue: same characters within half a point
TOLERANCE = 0.5
#: provenance boxes of items may differ by float noise (pdfium keeps 32-bit floats)
BOX_TOLERANCE = 0.15
#: pdfium gives colours as 8-bit channels
COLOUR_TOLERANCE = 1.5 / 255
#: pdfium's text page keeps one space of a run of spaces: words split the same
ALLOWED = {"space missing"}


def _near(a: dict, b: dict, keys: tuple[str, ...]) -> float:
    return max(abs(a[k] - b[k]) for k in keys)


def _match(ref: list[dict], got: list[dict], keys: tuple[str, ...], same: Any) -> tuple[list, list]:
    """(unmatched of ``ref``, unmatched of ``got``): nearest unused partner
    with ``same(a, b)`` within the tolerance."""
    pool: dict[Any, list[int]] = {}
    for j, g in enumerate(got):
        pool.setdefault(same(g), []).append(j)
    used: set[int] = set()
    missing = []
    for r in ref:
        options = [j for j in pool.get(same(r), []) if j not in used]
        best = min(options, key=lambda j: _near(r, got[j], keys), default=None)
        if best is None or _near(r, got[best], keys) > TOLERANCE:
            missing.append(r)
        else:
            used.add(best)
    return missing, [g for j, g in enumerate(got) if j not in used]


def _pairs(ref: list[dict], got: list[dict], keys: tuple[str, ...]) -> list[tuple[dict, dict]]:
    """Each of ``ref`` with its nearest of ``got`` within the tolerance."""
    out = []
    for r in ref:
        best = min(got, key=lambda g: _near(r, g, keys), default=None)
        if best is not None and _near(r, best, keys) <= TOLERANCE:
            out.append((r, best))
    return out


def differences(a: PageView, b: PageView) -> Counter[str]:
    """Difference classes between two views of one page, counted."""
    out: Counter[str] = Counter()
    box = ("x0", "top", "x1", "bottom")
    missing, extra = _match(a.chars, b.chars, box, lambda c: c["text"])
    for c in missing:
        out["space missing" if c["text"].isspace() else "char missing"] += 1
    for c in extra:
        out["space extra" if c["text"].isspace() else "char extra"] += 1
    missing, extra = _match(a.edges, b.edges, box, lambda e: e["orientation"])
    out["edge missing"] += len(missing)
    out["edge extra"] += len(extra)
    missing, extra = _match(a.fills, b.fills, box, lambda f: None)
    out["fill missing"] += len(missing)
    out["fill extra"] += len(extra)
    paired = _pairs(a.fills, b.fills, box)
    out["fill colour"] += sum(max(abs(p - q) for p, q in zip(f["color"], g["color"])) > COLOUR_TOLERANCE
                              for f, g in paired)
    out["fill outline"] += sum(f.get("outlined") != g.get("outlined") for f, g in paired)
    if abs(a.width - b.width) > TOLERANCE or abs(a.height - b.height) > TOLERANCE or a.rotation != b.rotation:
        out["page size or rotation"] += 1
    if a.images != b.images:
        out["image count"] += 1
    return +out


def document_differences(path: Path) -> Counter[str]:
    total: Counter[str] = Counter()
    with pdfplumber.open(path) as pdf:
        models = PdfiumPages(pdf.pages)
        doc = pdfium.PdfDocument(path)
        try:
            for i, page in enumerate(pdf.pages):
                pp = doc[i]
                tp = pp.get_textpage()
                total += differences(page_view(page), models.view(pp, tp, i + 1))
                tp.close()
                pp.close()
        finally:
            doc.close()
    return total


def _items(path: Path, engine: str) -> list[dict]:
    ex = extract_document(path.read_bytes(), path.name, ExtractSettings(engine=engine))
    return [dict(it.__dict__) for it in ex.items] + [{"warnings": ex.warnings}]


def same_items(a: list[dict], b: list[dict]) -> bool:
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        bx, by = x.get("boxes", {}), y.get("boxes", {})
        if {k: v for k, v in x.items() if k != "boxes"} != {k: v for k, v in y.items() if k != "boxes"}:
            return False
        if bx.keys() != by.keys() or any(len(bx[k]) != len(by[k]) for k in bx):
            return False
        for k in bx:
            for u, v in zip(bx[k], by[k]):
                if u.page != v.page or max(abs(u.x0 - v.x0), abs(u.top - v.top), abs(u.x1 - v.x1),
                                           abs(u.bottom - v.bottom)) > BOX_TOLERANCE:
                    return False
    return True


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_pdfium_reads_the_same_page_model_as_pdfplumber_from_every_sample(path):
    found = document_differences(path)
    assert set(found) <= ALLOWED, dict(found)


@pytest.mark.parametrize("path", [p for p in SAMPLES if not p.name.endswith(".image.pdf")],
                         ids=lambda p: p.name)
def test_both_engines_extract_identical_items_from_every_sample(path):
    assert same_items(_items(path, "pdfplumber"), _items(path, "pdfium"))


def test_an_unknown_engine_is_refused_with_the_known_ones_named():
    with pytest.raises(ValueError, match="pdfium, pdfplumber"):
        ExtractSettings(engine="mupdf")
    with pytest.raises(ValueError):
        ExtractSettings.from_dict({"engine": "pdfminer"})


def test_a_crashed_pdfium_read_is_retried_by_pdfminer_alone():
    retry = ExtractSettings(engine="pdfium").without_pdfium()
    assert (retry.engine, retry.triage, retry.uses_pdfium) == ("pdfplumber", False, False)


def _shared(folder: str) -> list[Path]:
    return sorted((SHARED / folder).glob("*.pdf")) if (SHARED / folder).is_dir() else []


@pytest.mark.skipif(not _shared("dev"), reason="shared dev corpus absent (set PLANS_SHARED)")
@pytest.mark.parametrize("path", _shared("dev"), ids=lambda p: p.name)
def test_both_engines_extract_identical_items_from_the_dev_corpus(path):
    assert same_items(_items(path, "pdfplumber"), _items(path, "pdfium"))
