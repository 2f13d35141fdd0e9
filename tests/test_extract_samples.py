"""The extractor against the generated samples in ``samples/pdfs``.

Each sample covers one layout feature and carries the items a perfect
extractor returns (written by ``samples/make_samples.py`` from the data it drew).
The first test compares every sample in full; the named tests below pin the
feature each layout exists for, so a regression names what broke.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import pytest

from council_plans.parsers import extract

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "pdfs"
FIELDS = ("section", "ref", "action", "milestone", "timescale", "lead", "progress", "rag",
          "success_measure", "outcome", "page_first", "page_last", "extra")


def norm(v):
    if isinstance(v, str):
        return re.sub(r"\s+", " ", v).strip() or None
    if isinstance(v, dict):
        return {k: norm(x) for k, x in v.items()}
    return v


@lru_cache(maxsize=None)
def run(name: str):
    return extract(SAMPLES / f"{name}.pdf")


def expected(name: str) -> list[dict]:
    return json.loads((SAMPLES / f"{name}.expected.json").read_text())["items"]


def got(name: str) -> list[dict]:
    return [it.to_dict(provenance=False) for it in run(name).items]


def sample_names() -> list[str]:
    return sorted(p.name[: -len(".expected.json")] for p in SAMPLES.glob("*.expected.json"))


@pytest.mark.parametrize("name", sample_names())
def test_sample_extracts_exactly_its_expected_items(name):
    want, have = expected(name), got(name)
    assert len(have) == len(want), [it["action"][:40] for it in have]
    for i, (w, h) in enumerate(zip(want, have)):
        for f in FIELDS:
            assert norm(h.get(f)) == norm(w.get(f)), f"{name} item {i} field {f}"


def test_there_is_a_sample_for_every_layout_feature():
    names = set(sample_names())
    for feature in ("ruled-rag-fill", "ruled-theme-rows", "ruled-merged-milestones", "ruled-ref-columns",
                    "borderless", "rag-text", "themes-small-tables", "no-plan",
                    "missing-header-continuation", "rotated-page"):
        assert feature in names


def test_action_merged_across_milestone_rows_is_repeated_on_each_milestone():
    items = got("ruled-merged-milestones")
    by_action: dict[str, list[dict]] = {}
    for it in items:
        by_action.setdefault(it["action"], []).append(it)
    spans = [group for group in by_action.values() if len(group) >= 3]
    assert spans, "the sample has an action spanning three or more milestones"
    for group in spans:
        assert len({it["milestone"] for it in group}) == len(group)
        assert len({it["ref"] for it in group}) == 1


def test_merged_action_cut_by_a_page_break_keeps_its_whole_text_on_both_pages():
    items = got("ruled-merged-milestones")
    crossing = [it for it in items if it["page_first"] != it["page_last"] or
                any(o["action"] == it["action"] and o["page_first"] != it["page_first"] for o in items)]
    assert crossing
    want = {w["action"] for w in expected("ruled-merged-milestones")}
    assert {it["action"] for it in crossing} <= want


def test_row_broken_across_pages_is_one_item_spanning_both_pages():
    for name in ("ruled-rag-fill", "ruled-theme-rows", "borderless"):
        assert any(it["page_last"] > it["page_first"] for it in got(name)), name


def test_ref_printed_before_the_action_text_moves_to_ref():
    items = got("ruled-rag-fill")
    assert all(it["ref"] for it in items)
    assert not any(re.match(r"\d+\.\d+\s", it["action"]) for it in items)


def test_rag_is_read_from_any_shade_of_cell_fill():
    rags = {it["rag"] for it in got("ruled-rag-fill")}
    assert {"red", "amber", "green"} <= rags


def test_colour_only_status_column_becomes_rag_and_unknown_columns_go_to_extra():
    items = got("ruled-ref-columns")
    assert {"red", "amber", "green", "blue"} <= {it["rag"] for it in items}
    assert all("Resources required" in it["extra"] for it in items)
    assert all(it["outcome"] and it["success_measure"] for it in items)


def test_rag_written_as_words_is_normalised():
    assert {it["rag"] for it in got("rag-text")} <= {"red", "amber", "green", "blue"}
    assert "blue" in {it["rag"] for it in got("rag-text")}


def test_theme_rows_inside_the_table_set_the_section_of_the_rows_below():
    sections = [it["section"] for it in got("ruled-theme-rows")]
    assert len(set(sections)) >= 2 and None not in sections


def test_theme_heading_above_a_table_is_its_section_not_the_line_between():
    sections = {it["section"] for it in got("themes-small-tables")}
    assert all(s.startswith("Theme") for s in sections)


def test_borderless_table_columns_come_from_header_positions():
    items = got("borderless")
    assert items and all(it["ref"] and it["timescale"] for it in items)


def test_agenda_pack_noise_is_not_table_content():
    for it in got("ruled-theme-rows"):
        for value in (it["action"], it["progress"] or "", it["lead"] or ""):
            assert not re.search(r"\bPage \d+\b", value)
            assert "Agenda Item" not in value


def test_tables_that_are_not_action_plans_give_no_items():
    assert got("no-plan") == []


def test_every_item_keeps_page_and_bounding_boxes_inside_the_page():
    for name in sample_names():
        result = run(name)
        for it in result.items:
            assert 1 <= it.page_first <= it.page_last <= result.source.pages
            assert it.boxes["action"]
            for boxes in it.boxes.values():
                for b in boxes:
                    assert 0 <= b.x0 <= b.x1 and 0 <= b.top <= b.bottom
                    assert 1 <= b.page <= it.page_last  # a merged action may sit on an earlier page


def test_page_range_limits_what_is_read():
    full = run("ruled-theme-rows")
    first = extract(SAMPLES / "ruled-theme-rows.pdf",
                    settings=__import__("parsers").ExtractSettings(first_page=1, last_page=2))
    assert 0 < len(first.items) < len(full.items)
    assert all(it.page_last <= 2 for it in first.items)
