"""Page triage (pdfium) never skips a page that holds an item, and does skip
the prose of an agenda pack without changing what is extracted.

Recall is checked on every corpus with truth: the generated samples and the
agenda pack always; the shared development corpus and real plans when
present (``$PLANS_SHARED``, else the repository's sibling ``shared`` folder).
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from council_plans.parsers import ExtractSettings, extract
from council_plans.parsers.page.triage import open_triage

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "pdfs"
SHARED = Path(os.environ.get("PLANS_SHARED") or ROOT.parent / "shared")


def pages_with_items(truth: Path) -> set[int]:
    """Pages an item starts, runs or ends on: from its page numbers when the
    truth gives them, else the pages where its action's first and last words
    are printed."""
    items = json.loads(truth.read_text())["items"]
    if all("page_first" in it for it in items):
        return {p for it in items for p in range(it["page_first"], it["page_last"] + 1)}
    texts = page_texts(truth.with_name(truth.name.split(".")[0] + ".pdf"))
    pages: set[int] = set()
    for it in items:
        words = it["action"].split()
        for two, one in ((words[:2], words[:1]), (words[-2:], words[-1:])):
            # two words may be cut by a line break inside the cell: then one
            found = ({n for n, text in texts.items() if _compact(" ".join(two)) in text}
                     or {n for n, text in texts.items() if _compact(one[0]) in text})
            assert found, f"{truth.name}: {' '.join(two)!r} printed on no page"
            pages |= found
    return pages


def _compact(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def page_texts(pdf: Path) -> dict[int, str]:
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    try:
        return {i + 1: _compact(page.get_textpage().get_text_range()) for i, page in enumerate(doc)}
    finally:
        doc.close()


def skipped_pages(pdf: Path) -> set[int]:
    data = pdf.read_bytes()
    import pypdfium2

    n = len(pypdfium2.PdfDocument(data))
    triage = open_triage(data, n)
    assert triage is not None, pdf
    try:
        return {number for number, _, sketch in triage.pages(range(1, n + 1))
                if not sketch.may_hold_table}
    finally:
        triage.close()


def truth_pairs(folder: Path, suffix: str) -> list[tuple[Path, Path]]:
    return [(t.with_name(t.name[: -len(suffix)] + ".pdf"), t) for t in sorted(folder.glob(f"*{suffix}"))
            if t.with_name(t.name[: -len(suffix)] + ".pdf").exists()]


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    from samples.pack import make_pack

    return make_pack(tmp_path_factory.mktemp("pack"), pages=120)


@pytest.mark.parametrize("pdf,truth", truth_pairs(SAMPLES, ".expected.json"), ids=lambda p: p.name)
def test_triage_keeps_every_sample_page_that_holds_an_item(pdf, truth):
    assert not pages_with_items(truth) & skipped_pages(pdf)


@pytest.mark.parametrize("corpus", ["dev", "real-plans"])
def test_triage_keeps_every_page_that_holds_an_item_in_the_shared_corpora(corpus):
    folder = SHARED / "corpus" / corpus
    if not folder.is_dir():
        pytest.skip(f"{folder} not present (set PLANS_SHARED to the shared reference folder)")
    pairs = truth_pairs(folder, ".truth.json")
    assert pairs
    missed = {pdf.name: sorted(pages_with_items(truth) & skipped_pages(pdf)) for pdf, truth in pairs}
    assert {name: pages for name, pages in missed.items() if pages} == {}


def test_triage_keeps_the_plans_of_an_agenda_pack_and_skips_most_of_its_prose(pack):
    truth = pack.with_name(pack.stem + ".expected.json")
    skipped = skipped_pages(pack)
    assert not pages_with_items(truth) & skipped
    import pypdfium2

    assert len(skipped) >= 0.6 * len(pypdfium2.PdfDocument(pack))


def _norm(value):
    return re.sub(r"\s+", " ", value).strip() or None if isinstance(value, str) else value


def test_an_agenda_pack_read_with_triage_gives_exactly_its_expected_items(pack):
    want = json.loads(pack.with_name(pack.stem + ".expected.json").read_text())["items"]
    got = [it.to_dict(provenance=False) for it in extract(pack).items]
    assert len(got) == len(want)
    for w, g in zip(want, got):
        assert {k: _norm(g.get(k)) for k in w} == {k: _norm(v) for k, v in w.items()}


@pytest.mark.parametrize("name", ["rotated-page", "ruled-theme-rows", "rag-text"])
def test_triage_changes_nothing_in_what_a_sample_extracts(name):
    on = extract(SAMPLES / f"{name}.pdf")
    off = extract(SAMPLES / f"{name}.pdf", ExtractSettings(triage=False))
    assert [it.to_dict() for it in on.items] == [it.to_dict() for it in off.items]
    assert on.document == off.document and on.warnings == off.warnings


def test_a_file_pdfium_cannot_open_is_read_without_triage():
    assert open_triage(b"%PDF-1.4 not really", 1) is None
