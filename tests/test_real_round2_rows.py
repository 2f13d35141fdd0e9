"""Real plans, round 2: rows and values - quarterly commentary, numbered
themes, list rows, unlabelled action columns, bands, dates and metadata."""
from __future__ import annotations

import pytest

from council_plans.parsers.assemble import Assembler, PageSummary
from council_plans.parsers.columns.headers import header_map
from council_plans.parsers.metadata.detect import detect_document_info
from council_plans.parsers.tables.bands import is_label_band, is_side_band
from council_plans.parsers.tables.grid import Grid, GridCell, GridRow
from council_plans.parsers.values.dates import due_date
from council_plans.parsers.values.vocab import unligature

WIDTH = 100.0


def grid_of(rows: list[list[str]], page: int = 1) -> Grid:
    ncols = len(rows[0])
    grid = Grid(page=page, bbox=(0, 0, WIDTH * ncols, 20 * len(rows)), col_x=[WIDTH * k for k in range(ncols)])
    for r, texts in enumerate(rows):
        cells: list[GridCell | None] = [GridCell(t, (WIDTH * k, 20 * r, WIDTH * (k + 1), 20 * r + 20), bold=r == 0)
                                        for k, t in enumerate(texts)]
        grid.rows.append(GridRow(cells, 20 * r, 20 * r + 20))
    return grid


def items_of(rows: list[list[str]]):
    asm = Assembler()
    asm.feed_page(PageSummary(1, 800, 600, [], [grid_of(rows)]), [])
    return asm


def test_the_latest_filled_quarter_is_the_progress_and_earlier_quarters_stay_in_extra():
    asm = items_of([
        ["Action", "Lead", "Due", "Q1", "Q2", "Q3"],
        ["Develop a housing strategy with partners", "Jo Bloggs", "March 2025",
         "Scoping work has been done", "Draft shared with the board", ""],
        ["Review the allocations policy for families", "Ann Smith", "June 2025",
         "Consultation has started with tenants", "", ""],
    ])
    first, second = asm.items
    assert first.progress == "Draft shared with the board" and first.extra["Q1"] == "Scoping work has been done"
    assert second.progress == "Consultation has started with tenants"


def test_a_numbered_row_that_the_next_rows_extend_is_their_theme():
    asm = items_of([
        ["Ref", "Action", "Lead", "Timescale"],
        ["1", "Improving housing", "", ""],
        ["1.1", "Develop a housing strategy with partners", "Jo Bloggs", "March 2025"],
        ["1.2", "Review the allocations policy for families", "Ann Smith", "June 2025"],
    ])
    assert [it.ref for it in asm.items] == ["1.1", "1.2"]
    assert {it.section for it in asm.items} == {"1 Improving housing"}


def test_a_numbered_row_with_its_own_lead_and_date_stays_an_action():
    asm = items_of([
        ["Ref", "Action", "Lead", "Timescale"],
        ["1", "Develop a housing strategy with partners", "Jo Bloggs", "March 2025"],
        ["1.1", "Consult tenants on the draft strategy", "Ann Smith", "June 2025"],
    ])
    assert [it.ref for it in asm.items] == ["1", "1.1"]


def test_a_list_printed_one_entry_a_row_joins_the_action_above_with_a_warning():
    asm = items_of([
        ["Action", "Lead", "Timescale"],
        ["Commission support services from local providers", "Jo Bloggs", "March 2025"],
        ["Citizens Advice", "", ""],
        ["Food bank network", "", ""],
        ["Review the allocations policy for families", "Ann Smith", "June 2025"],
    ])
    assert [it.action for it in asm.items] == [
        "Commission support services from local providers Citizens Advice Food bank network",
        "Review the allocations policy for families"]
    assert any("list inside a plan table" in w for w in asm.warnings)


def test_an_unlabelled_column_of_long_text_is_the_action():
    columns = [[("1", None), ("2", None)],
               [("Circulate the revised terms of reference to members", None),
                ("Arrange a workshop on the budget options", None)],
               [("JB", None), ("AS", None)], [("March 2025", None), ("June 2025", None)]]
    hm = header_map(["ITEM", "", "BY WHOM", "BY WHEN"], 3, columns)
    assert hm is not None and hm.fields == ["ref", "action", "lead", "timescale"]


def test_a_column_covered_by_a_merged_label_is_not_an_unlabelled_action():
    columns = [[("2018/19", None)], [("Staff use planning well in every class", None)], [("", None)]]
    assert header_map(["Academic year", None, "Date updated"], 3, columns) is None


def _cell(text: str, x0: float, x1: float, bold: bool = False) -> GridCell:
    return GridCell(text, (x0, 0, x1, 20), bold=bold)


def test_a_row_of_short_bold_capital_labels_is_a_label_band():
    row = GridRow([_cell("INTENT", 0, 100, True), _cell("IMPLEMENTATION", 100, 200, True), None,
                   _cell("IMPACT", 300, 400, True)], 0, 20)
    assert is_label_band(row)
    assert not is_label_band(GridRow([_cell("Develop the plan", 0, 100, True), _cell("JB", 100, 200, True)], 0, 20))


def test_a_theme_cell_merged_across_most_columns_with_a_short_note_is_a_side_band():
    cells: list[GridCell | None] = [_cell("Key indicator 1: engagement of all pupils", 0, 400), None, None, None,
                                    _cell("35%", 400, 500)]
    assert is_side_band(cells, 0, 500)
    plain: list[GridCell | None] = [_cell("Develop a plan with partners in the area", 0, 350),
                                    _cell("March 2025", 350, 420), _cell("JB", 420, 500)]
    assert not is_side_band(plain, 0, 500)


@pytest.mark.parametrize("text, iso", [
    ("2027", "2027-12-31"), ("March ‘25", "2025-03-31"), ("March ’25", "2025-03-31"),
    ("11.01.11", "2011-01-11"), ("See 2.1.3", None), ("31.13.19", None),
])
def test_dates_a_timescale_cell_prints(text, iso):
    assert due_date(text) == iso


def test_ligatures_are_spelled_out():
    assert unligature("eﬀective ﬁnance ﬂow") == "effective finance flow"


def test_a_paper_reference_alone_is_not_the_title():
    info = detect_document_info(["TB(4)1.i\nStatus update on Board actions from last meeting 19.11.10\n"])
    assert info.title == "Status update on Board actions from last meeting 19.11.10"


def test_a_column_label_alone_is_not_the_title():
    info = detect_document_info(["Actions\nCommunity Safety Plan 2019/20\n"])
    assert info.title == "Community Safety Plan 2019/20"


def test_as_followed_by_a_date_gives_the_as_at_date():
    assert detect_document_info(["Board Action Log as 19 July 2011\n"]).as_at == "2011-07-19"


@pytest.mark.parametrize("title", ["Accessibility Plan 2019-2022", "Accessibility Plan 2019-22"])
def test_a_multi_year_span_is_the_period(title):
    info = detect_document_info([title + "\n"])
    assert (info.period, info.period_start, info.period_end) == ("2019-22", "2019-04-01", "2022-03-31")


def test_a_headerless_log_of_action_initials_and_status_words_is_read_and_keeps_the_words():
    asm = items_of([
        ["Circulate the revised terms of reference to all members", "JB", "New"],
        ["Arrange a workshop on the budget options for next year", "AS", "Ongoing"],
        ["Review the risk register with the audit committee", "KL", "Completed"],
    ])
    assert [(it.lead, it.progress, it.rag) for it in asm.items] == [
        ("JB", "New", None), ("AS", "Ongoing", None), ("KL", "Completed", "blue")]


def test_a_headerless_table_of_actions_that_falls_short_is_named_in_a_warning():
    asm = items_of([
        ["Review the revised terms of reference with all members", "Agreed at the last meeting"],
        ["Arrange a workshop on the budget options for next year", "Discussed at length"],
    ])
    assert asm.items == []
    assert any("no header row" in w and "not read as an action plan" in w for w in asm.warnings)


def test_scoring_settings_have_defaults_and_reject_unknown_keys():
    from council_plans.parsers.columns.roles import ASSIGN
    from council_plans.parsers.columns.scoring import SCORING, ScoringSettings

    assert ScoringSettings.from_dict({"assign": 0.6}).assign == 0.6 and SCORING.assign == ASSIGN
    with pytest.raises(ValueError, match="unknown scoring setting"):
        ScoringSettings.from_dict({"asign": 0.6})
