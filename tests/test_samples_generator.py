"""The sample generator is deterministic, its expected JSON follows the
extraction contract, and each sample really shows the layout feature it is
named after (checked in the PDF itself, not in the generator's bookkeeping)."""
from __future__ import annotations

import functools
import hashlib
import json
import re
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from samples.make_samples import SAMPLES, generate, make_bulk
from samples.variant import ALL_SHADES
from council_plans.schema.items import TEXT_FIELDS

COMMITTED = Path(__file__).resolve().parent.parent / "samples" / "pdfs"
ITEM_KEYS = set(TEXT_FIELDS) | {"page_first", "page_last", "extra"}
RAGS = {None, "red", "amber", "green", "blue"}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fresh")
    generate(out)
    return out


def expected(name: str, folder: Path = COMMITTED) -> list[dict]:
    return json.loads((folder / f"{name}.expected.json").read_text(encoding="utf-8"))["items"]


def contract_problems(json_path: Path) -> list[str]:
    """Everything wrong with one expected.json against the contract."""
    doc = json.loads(json_path.read_text(encoding="utf-8"))
    pdf = json_path.with_name(doc["document"])
    problems = [] if pdf.exists() and json_path.name == f"{pdf.stem}.expected.json" else ["document name"]
    n_pages = len(PdfReader(pdf).pages)
    for k, item in enumerate(doc["items"]):
        if set(item) != ITEM_KEYS:
            problems.append(f"item {k}: keys {sorted(set(item) ^ ITEM_KEYS)}")
            continue
        for name in TEXT_FIELDS:
            v = item[name]
            if v is not None and (not isinstance(v, str) or v != " ".join(v.split()) or not v):
                problems.append(f"item {k}: {name} not normalised text: {v!r}")
        if not item["action"]:
            problems.append(f"item {k}: empty action")
        if item["rag"] not in RAGS:
            problems.append(f"item {k}: rag {item['rag']!r}")
        if not 1 <= item["page_first"] <= item["page_last"] <= n_pages:
            problems.append(f"item {k}: pages {item['page_first']}-{item['page_last']} of {n_pages}")
        if not all(isinstance(a, str) and isinstance(b, str) and b for a, b in item["extra"].items()):
            problems.append(f"item {k}: extra {item['extra']!r}")
    return problems


@functools.lru_cache(maxsize=None)
def page_streams(pdf: Path) -> list[str]:
    """Each page's characters in drawing order, whitespace removed."""
    with pdfplumber.open(pdf) as doc:
        return ["".join(c["text"] for c in p.chars if not c["text"].isspace()) for p in doc.pages]


def spread(text: str, run: list[str]) -> bool:
    """True when ``text`` reads on as consecutive pieces over the pages in
    ``run``, every page holding a piece (a row continued page to page)."""
    pos = 0
    for page in run:
        lo, hi = 0, len(text) - pos  # longest piece of text[pos:] printed on this page
        while lo < hi:
            mid = (lo + hi + 1) // 2
            lo, hi = (mid, hi) if text[pos:pos + mid] in page else (lo, mid - 1)
        if lo == 0:
            return False
        pos += lo
    return pos == len(text)


def squash(text: str) -> str:
    return "".join(text.split())


def test_generating_twice_gives_identical_bytes(tmp_path: Path, fresh: Path) -> None:
    again = generate(tmp_path)
    assert len(again) == len(SAMPLES)
    for pdf in again:
        for f in (pdf, pdf.with_name(pdf.stem + ".expected.json")):
            assert f.read_bytes() == (fresh / f.name).read_bytes(), f.name


def test_committed_samples_match_a_fresh_generation(fresh: Path) -> None:
    committed = sorted(p.name for p in COMMITTED.iterdir())
    assert committed == sorted(p.name for p in fresh.iterdir())
    for name in committed:
        assert (COMMITTED / name).read_bytes() == (fresh / name).read_bytes(), name


def test_committed_samples_stay_small() -> None:
    assert sum(p.stat().st_size for p in COMMITTED.iterdir()) < 2_000_000


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_expected_json_follows_the_extraction_contract(name: str) -> None:
    assert contract_problems(COMMITTED / f"{name}.expected.json") == []


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_each_item_is_printed_from_page_first_to_page_last(name: str) -> None:
    """Cells of a one-page row are whole on that page; in a row across pages
    some cells are not whole on page_first and every such cell reads on in
    pieces over page_first..page_last.  (Action and ref are left out: merged
    ones may sit on an earlier page than the milestone row.)"""
    pages = page_streams(COMMITTED / f"{name}.pdf")
    for item in expected(name):
        own = [squash(item[f]) for f in TEXT_FIELDS
               if f not in ("section", "rag", "ref", "action") and item[f]]
        own += [squash(v) for v in item["extra"].values()]
        first = pages[item["page_first"] - 1]
        if item["page_first"] == item["page_last"]:
            assert own and all(t in first for t in own), item
        else:
            run = pages[item["page_first"] - 1:item["page_last"]]
            rest = [t for t in own if t not in first]
            assert rest and all(spread(t, run) for t in rest), item
        action, last = squash(item["action"]), item["page_last"]
        assert any(spread(action, pages[a:b]) for a in range(last) for b in range(a + 1, last + 1))
        assert item["ref"] is None or any(squash(item["ref"]) in p for p in pages[:last])


def test_rag_fill_sample_uses_every_shade_and_breaks_rows_across_pages() -> None:
    items = expected("ruled-rag-fill")
    with pdfplumber.open(COMMITTED / "ruled-rag-fill.pdf") as pdf:
        fills = {tuple(round(c, 3) for c in r["non_stroking_color"])
                 for p in pdf.pages for r in p.rects if r["fill"]}
    for _, hex_fill in ALL_SHADES:
        rgb = tuple(round(int(hex_fill[i:i + 2], 16) / 255, 3) for i in (0, 2, 4))
        assert rgb in fills, hex_fill
    assert any(i["page_first"] < i["page_last"] for i in items)
    assert all(re.fullmatch(r"\d+\.\d+", i["ref"]) for i in items)
    assert not any(i["action"].startswith(i["ref"]) for i in items)
    assert len({i["section"] for i in items}) >= 2


def test_theme_rows_sample_is_an_agenda_pack_with_stamps_on_every_page() -> None:
    items = expected("ruled-theme-rows")
    assert min(i["page_first"] for i in items) >= 2  # page 1 is the agenda cover
    assert any(i["page_first"] < i["page_last"] for i in items)
    assert len({i["section"] for i in items}) >= 2
    with pdfplumber.open(COMMITTED / "ruled-theme-rows.pdf") as pdf:
        for n, page in enumerate(pdf.pages, 1):
            sideways = "".join(c["text"] for c in page.chars if not c["upright"])
            assert re.search(r"Page\s*\d+", sideways), n
            if n > 1:
                assert "Agenda Item No: 6" in page.extract_text()


def test_merged_sample_repeats_the_action_on_each_milestone_even_across_pages() -> None:
    items = expected("ruled-merged-milestones")
    groups: dict[tuple, list[dict]] = {}
    for i in items:
        groups.setdefault((i["ref"], i["action"]), []).append(i)
    multi = [g for g in groups.values() if len(g) >= 2]
    assert multi and all(len({i["milestone"] for i in g}) == len(g) for g in multi)
    assert any(len({i["page_first"] for i in g}) > 1 for g in multi)


def test_ref_columns_sample_keeps_unknown_columns_in_extra() -> None:
    items = expected("ruled-ref-columns")
    assert all(i["extra"].get("Resources required") for i in items)
    assert all(i["ref"] and i["outcome"] and i["success_measure"] for i in items)
    assert any(i["rag"] is None for i in items) and any(i["rag"] for i in items)


def test_borderless_sample_has_no_ruling_and_a_row_across_pages() -> None:
    items = expected("borderless")
    with pdfplumber.open(COMMITTED / "borderless.pdf") as pdf:
        assert all(not (p.rects or p.lines or p.curves) for p in pdf.pages)
    assert any(i["page_first"] < i["page_last"] for i in items)
    assert any(i["ref"].startswith("Ofsted ") for i in items)
    assert "OFSTED ACTION PLAN" in {i["section"] for i in items}


def test_rag_text_sample_prints_the_rag_as_words() -> None:
    words = {"red": "Red", "amber": "Amber", "green": "Green", "blue": "Complete"}
    items = expected("rag-text")
    pages = page_streams(COMMITTED / "rag-text.pdf")
    for i in items:
        assert i["rag"] in words and words[i["rag"]] in pages[i["page_first"] - 1]


def test_no_plan_sample_has_tables_but_no_items() -> None:
    assert expected("no-plan") == []
    with pdfplumber.open(COMMITTED / "no-plan.pdf") as pdf:
        assert sum(len(p.find_tables()) for p in pdf.pages) >= 3


def test_continuation_page_has_plan_rows_but_no_header() -> None:
    items = expected("missing-header-continuation")
    assert {i["page_first"] for i in items} == {1, 2}
    with pdfplumber.open(COMMITTED / "missing-header-continuation.pdf") as pdf:
        texts = [p.extract_text() for p in pdf.pages]
    assert "Progress update" in texts[0] and "Progress update" not in texts[1]
    assert "Budget line" in texts[1]


def test_rotated_sample_has_a_rotate_90_page_and_a_sideways_page_with_items() -> None:
    items = expected("rotated-page")
    reader = PdfReader(COMMITTED / "rotated-page.pdf")
    assert [p.get("/Rotate", 0) for p in reader.pages] == [0, 90, 0]
    assert {i["page_first"] for i in items} == {2, 3}
    with pdfplumber.open(COMMITTED / "rotated-page.pdf") as pdf:
        assert not any(c["upright"] for c in pdf.pages[2].chars)


def test_bulk_files_are_reproducible_distinct_and_valid(tmp_path: Path) -> None:
    a = make_bulk(tmp_path / "a", 4, seed=9)
    b = make_bulk(tmp_path / "b", 4, seed=9)
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    assert len({hashlib.sha256(p.read_bytes()).hexdigest() for p in a}) == 4
    for pdf in a:
        json_path = pdf.with_name(pdf.stem + ".expected.json")
        assert contract_problems(json_path) == []
        assert json.loads(json_path.read_text(encoding="utf-8"))["items"]


def test_generate_rejects_unknown_sample_names(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no-such-layout"):
        generate(tmp_path, ["no-such-layout"])
