"""Column roles from header words and cell content, and the evidence test
that decides whether a table is an action plan (parsers/columns/)."""
from __future__ import annotations

import pytest

from council_plans.parsers import extract
from council_plans.parsers.columns.content import content_scores, is_action, is_lead, is_timescale
from council_plans.parsers.columns.headers import field_for_header, header_map, near_miss
from council_plans.parsers.columns.roles import content_map
from tests.table_pdf import draw_ruled_table

GREEN = (0.0, 0.69, 0.31)


def col(*texts: str, fill=None) -> list[tuple[str, object]]:
    return [(t, fill) for t in texts]


@pytest.mark.parametrize("text,field", [
    ("What we have committed to", "action"), ("Key deliverables", "action"), ("Priority action", "action"),
    ("Area for improvement", "action"), ("Recommendation", "action"), ("What will we do?", "action"),
    ("Intervention", "action"), ("Activity", "action"), ("Commitment", "action"),
    ("Led by", "lead"), ("Accountable", "lead"), ("Responsible Manager", "lead"), ("Owner(s)", "lead"),
    ("Lead Dept", "lead"), ("Owned by", "lead"),
    ("When", "timescale"), ("Completion by", "timescale"), ("Q1 24/25", "timescale"), ("Finish date", "timescale"),
    ("Progress commentary", "progress"), ("Position at 31 March", "progress"), ("Current status", "progress"),
    ("Status at October 2013", "progress"), ("Review and impact", "progress"),
    ("Shared Outcome", "outcome"), ("Desired outcome", "outcome"), ("Measure", "success_measure"),
    ("Start date", None), ("Resources and costings", None), ("Current good practice", None),
])
def test_unfamiliar_header_wordings_map_by_stem_and_phrase(text, field):
    assert field_for_header(text) == field


@pytest.mark.parametrize("text,field", [("Timescal e", "timescale"), ("Respon sible", "lead"),
                                        ("Mile stones", "milestone")])
def test_header_words_wrapped_mid_word_still_map(text, field):
    assert field_for_header(text) == field


def test_a_status_column_holding_narrative_is_progress_and_one_holding_colour_is_rag():
    narrative = col("Work has started with schools and the first audits were completed in May.",
                    "The review was agreed by the board and is now being implemented.")
    hm = header_map(["Action", "Lead", "Status"], columns=[col("Review the offer"), col("JB"), narrative])
    assert hm is not None and hm.fields == ["action", "lead", "progress"]
    hm = header_map(["Action", "Lead", "Status"], columns=[col("Review the offer"), col("JB"), col("", "", fill=GREEN)])
    assert hm is not None and hm.fields == ["action", "lead", "rag"]


def test_a_target_column_of_dates_is_the_timescale_but_target_alone_names_nothing():
    assert field_for_header("Target") is None
    hm = header_map(["Action", "Owner", "Target"],
                    columns=[col("Review the offer"), col("JB"), col("March 2025", "Q2 24/25", "Ongoing")])
    assert hm is not None and hm.fields == ["action", "lead", "timescale"]


def test_an_unlabelled_column_of_short_numbers_is_the_ref():
    hm = header_map(["", "Task", "Finish date", "Lead"],
                    columns=[col("1.", "2.", "3"), col("Produce a web page"), col("May 2024"), col("Will Perrin")])
    assert hm is not None and hm.fields == ["ref", "action", "timescale", "lead"]


def test_objectives_beside_an_action_column_are_the_outcome():
    hm = header_map(["Objectives", "Actions to be taken", "Lead", "Time"])
    assert hm is not None and hm.fields == ["outcome", "action", "lead", "timescale"]


def test_a_column_of_figures_cannot_be_the_action_even_under_an_action_header():
    cols = [col("Up to and including February 2025"), col("8"), col("6"), col("4")]
    cells = ["Due date for review", "Actions completed", "Actions partially complete", "Actions outstanding"]
    assert header_map(cells, columns=cols) is None


def test_a_data_row_is_never_taken_for_a_header_because_the_cells_under_it_look_right():
    row = ["Year 2 pupils to accelerate progress in phonics with a clear plan",
           "Additional teacher interventions and assessments for the whole cohort", "Literacy Lead", ""]
    body = [col("Children to develop resilience and stamina for writing across the school"),
            col("Introduce units of work for writing and train all staff to use them"),
            col("Literacy Lead"), col("")]
    assert header_map(row, columns=body) is None


@pytest.mark.parametrize("text", ["Develop a new quality assurance framework", "To consolidate the work with GPs",
                                  "Cabinet Office Transparency Team to work with the Home Office"])
def test_long_cells_opening_with_a_verb_read_as_actions(text):
    assert is_action(text)


@pytest.mark.parametrize("text,lead", [("JB", True), ("HT/SBM", True), ("Head, Deputy and SENDCo", True),
                                       ("Will Perrin", True), ("March 2017", False),
                                       ("Review the early help offer", False)])
def test_initials_names_and_job_titles_read_as_leads(text, lead):
    assert is_lead(text) is lead


@pytest.mark.parametrize("text", ["Q1 24/25", "By Summer 2020", "Ongoing", "31/03/2025", "Spring term"])
def test_dates_quarters_terms_and_ongoing_read_as_timescales(text):
    assert is_timescale(text)


def test_a_headerless_table_is_recognised_by_content_alone():
    cols = [col("Agree and implement a common assessment", "Review and refresh the strategy"),
            col("JB", "HT/SBM"), col("October 2025", "Ongoing"), col("Green", "Complete")]
    rm = content_map(cols)
    assert rm is not None and rm.fields == ["action", "lead", "timescale", "rag"]


def test_a_headerless_glossary_is_not_a_plan():
    cols = [col("CIN", "LAC", "IRO"), col("Child in need of help", "Looked after child", "Independent reviewer")]
    assert content_map(cols) is None
    assert content_scores(col("CIN", "LAC")).get("action") is None


def test_a_plan_like_header_short_of_roles_is_explained_not_skipped():
    why = near_miss(["What we have committed to", "Led by", "Notes"],
                    [col("Develop the offer for families"), col("Head of Service"), col("")])
    assert why is not None and "besides the action" in why
    assert near_miss(["Acronym", "Full title"]) is None


def test_extract_warns_about_a_plan_like_table_it_does_not_read(tmp_path):
    rows = [["Develop the early help offer for families", "Head of Early Help", "see appendix"]]
    pdf = draw_ruled_table(tmp_path / "short.pdf", ["What we have committed to", "Led by", "Notes"], rows)
    result = extract(pdf)
    assert result.items == []
    assert any(w.startswith("page 1: table with columns 'What we have committed to | Led by | Notes' "
                            "not read as an action plan") for w in result.warnings)


def test_a_committed_to_table_with_led_by_and_timescale_is_read(tmp_path):
    rows = [["Develop the early help\noffer for families", "Head of Early Help\nPrincipal Social Worker",
             "Q2 2025/26", "More families helped early"]]
    header = ["What we have\ncommitted to", "Led by", "Timescal\ne", "Measure"]
    item, = extract(draw_ruled_table(tmp_path / "committed.pdf", header, rows)).items
    assert (item.action, item.lead, item.timescale, item.success_measure) == (
        "Develop the early help offer for families", "Head of Early Help Principal Social Worker",
        "Q2 2025/26", "More families helped early")


def test_a_quarter_column_full_of_commentary_is_progress_not_the_deadline():
    commentary = col("Work has started with schools and the first audits were completed in May this year.",
                     "The review was agreed by the board and is now being implemented across teams.")
    hm = header_map(["Action", "Lead", "Target date", "Q1 24/25", "Q2 24/25"],
                    columns=[col("Review the offer for families"), col("JB"), col("March 2025"),
                             commentary, commentary])
    assert hm is not None and hm.fields == ["action", "lead", "timescale", "progress", None]
