"""Header recognition by meaning and RAG classification, cell by cell."""
from __future__ import annotations

import pytest

from council_plans.parsers.columns.headers import field_for_header, header_map
from council_plans.parsers.values.rag import rag_from_colour, rag_from_text


@pytest.mark.parametrize("text,field", [
    ("Action", "action"), ("Task", "action"), ("Objective", "action"), ("What we will do", "action"),
    ("Actions", "action"), ("Milestones", "milestone"), ("Key milestones", "milestone"),
    ("Timescale", "timescale"), ("Timeframe", "timescale"), ("Date due", "timescale"),
    ("By when", "timescale"), ("Deadline", "timescale"), ("Target date", "timescale"),
    ("Lead", "lead"), ("Lead officer(s)", "lead"), ("Lead Officers", "lead"),
    ("Who is responsible?", "lead"), ("Responsible officer", "lead"), ("Owner", "lead"),
    ("Progress", "progress"), ("Update", "progress"), ("Progress to date", "progress"),
    ("Status update", "progress"), ("Performance: is the action making a difference?", "progress"),
    ("Ref", "ref"), ("No.", "ref"), ("Action number", "ref"), ("Action\nNumber", "ref"),
    ("RAG", "rag"), ("RAG rating", "rag"), ("Status", "rag"), ("Rag rating", "rag"),
    ("Success Measure", "success_measure"), ("Outcome", "outcome"),
    ("Resources required", None), ("Indicator", None), ("Target", None), ("Term", None),
])
def test_header_wording_maps_to_its_contract_field(text, field):
    assert field_for_header(text) == field


def test_header_row_is_recognised_in_any_column_order_and_keeps_unknown_columns():
    cells = ["Lead", "Resources required", "By when", "Objective", "Update"]
    hm = header_map(cells)
    assert hm is not None
    assert hm.fields == ["lead", None, "timescale", "action", "progress"]
    assert hm.labels[1] == "Resources required"


@pytest.mark.parametrize("cells", [
    ["Indicator", "Lead", "2020/21", "2021/22", "Target"],  # performance indicators
    ["Acronym", "Full Title"],  # glossary
    ["Item", "Description", "Lead", "Report"],  # work programme / agenda
    ["Item No.", "Title", "Pages"],
])
def test_tables_without_an_action_column_are_not_action_plans(cells):
    assert header_map(cells) is None


def test_a_second_column_of_the_same_meaning_is_kept_as_extra():
    hm = header_map(["Action", "Progress", "Progress Q2", "Lead"])
    assert hm is not None and hm.fields.count("progress") == 1


@pytest.mark.parametrize("rgb,rag", [
    ((0.75, 0.0, 0.0), "red"), ((1.0, 0.0, 0.0), "red"), ((0.88, 0.4, 0.4), "red"),
    ((1.0, 0.75, 0.0), "amber"), ((0.93, 0.49, 0.19), "amber"), ((1.0, 1.0, 0.0), "amber"),
    ((0.0, 0.69, 0.31), "green"), ((0.33, 0.51, 0.21), "green"), ((0.57, 0.82, 0.31), "green"),
    ((0.36, 0.61, 0.84), "blue"), ((0.44, 0.66, 0.86), "blue"),
    ((1.0, 1.0, 1.0), None), ((0.85, 0.85, 0.85), None), ((0.0, 0.0, 0.0), None), (None, None),
])
def test_fill_colour_shades_classify_as_rag(rgb, rag):
    assert rag_from_colour(rgb) == rag


@pytest.mark.parametrize("text,rag", [
    ("Red", "red"), ("AMBER", "amber"), ("Green", "green"), ("Complete", "blue"),
    ("Completed", "blue"), ("Blue", "blue"), ("G", "green"), ("", None), ("Ongoing", None),
])
def test_rag_words_are_normalised(text, rag):
    assert rag_from_text(text) == rag
