"""Layouts drawn independently of the real plans (samples/layouts_round3.py)
and the rules they exposed: boxes that hide a table's columns, a tall
two-row header, a header whose wrap is told from the first body row by its
type, labels centred over their columns, a borderless table going on over
pages without its header."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from council_plans.parsers import extract
from council_plans.parsers.columns.roles import header_evidence
from council_plans.parsers.page.textlines import Line, Word
from council_plans.parsers.tables.body_edges import body_bounds
from council_plans.parsers.tables.borderless import PageContext, find_header
from council_plans.parsers.tables.phrases import phrases_of
from council_plans.parsers.tables.continued import carried_columns, continued_grid
from council_plans.parsers.tables.grid import Grid, TextColumns
from council_plans.parsers.tables.headerless_text import headerless_text_grids
from council_plans.parsers.columns.locate import headerless_map

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "pdfs"


@lru_cache(maxsize=None)
def items(name: str) -> list[dict]:
    return [it.to_dict(provenance=False) for it in extract(SAMPLES / f"{name}.pdf").items]


def line(top: float, *phrases: tuple[float, str], size: float = 10.0, bold: bool = False) -> Line:
    """A text line of phrases starting at the given x, words 5 pt apart."""
    words = []
    for x, text in phrases:
        for w in text.split():
            width = len(w) * size * 0.5
            words.append(Word(w, x, top, x + width, top + size, size, bold))
            x += width + 2.5
    return Line(words)


HEADER_X = (40.0, 90.0, 300.0, 420.0, 520.0)


def test_table_drawn_only_with_shading_is_read_from_its_header_words():
    got = items("shaded-bands")
    assert got and all(it["ref"] and it["action"] and it["lead"] and it["timescale"] for it in got)


def test_status_fill_of_a_borderless_last_column_gives_the_rag():
    assert items("shaded-bands") and all(it["rag"] in ("red", "amber", "green", "blue") for it in items("shaded-bands"))


def test_finish_under_a_timescale_group_is_the_timescale_and_start_goes_to_extra():
    got = items("tall-grouped-header")
    assert got and all(it["timescale"] != "April 2016" and it["extra"].get("Start") == "April 2016" for it in got)


def test_tall_header_cells_beside_a_group_do_not_make_the_lower_header_row_an_item():
    assert not any(it["action"] == "Action" or it["timescale"] == "Finish" for it in items("tall-grouped-header"))


def test_label_under_a_group_keeps_its_own_role_when_the_group_names_another():
    start, finish = header_evidence(["Start", "Finish"], ["Timescale", "Timescale"])
    assert start["extra"] > start.get("timescale", 0.0)
    assert max(finish, key=finish.get) == "timescale"


def test_label_naming_no_role_takes_its_group_role():
    (q1,) = header_evidence(["Comments"], ["Progress"])
    assert max(q1, key=q1.get) == "progress"


def test_bold_header_wrapped_over_two_lines_is_one_header():
    got = items("wrapped-bold-header")
    assert got and not any(it["action"] == "taken" for it in got)
    assert all(it["ref"] and it["lead"] and it["timescale"] for it in got)


def test_bold_second_line_of_a_bold_header_is_stacked_onto_it():
    head = line(60, *zip(HEADER_X, ("Ref", "Action to be", "Responsible", "Completion", "Progress")), bold=True)
    wrap = line(72, *zip(HEADER_X[1:], ("taken", "officer", "date", "update")), bold=True)
    found = find_header([head, wrap], 0, 3)
    assert found is not None and found[1] == 2


def test_first_body_row_set_in_smaller_type_is_not_taken_as_the_header_s_second_line():
    head = line(60, *zip(HEADER_X, ("No", "Recommendation", "Action", "Lead", "Timescale")))
    body = line(71, *zip(HEADER_X, ("1", "Strengthen management oversight", "Review the offer",
                                    "Head of Early Help", "March 2025")), size=8.0)
    found = find_header([head, body], 0, 3)
    assert found is not None and found[1] == 1


def test_borderless_labels_centred_over_their_columns_cut_cells_where_the_text_starts():
    got = [it for it in items("centred-header-continued") if it["page_first"] == 1]
    assert got and all(it["ref"] and it["lead"] and it["timescale"] for it in got)


def test_borderless_rows_going_on_over_pages_without_a_header_continue_the_table():
    pages = {it["page_first"] for it in items("centred-header-continued")}
    assert pages == {1, 2, 3}


def test_a_borderless_row_cut_by_the_page_break_is_one_item_over_both_pages():
    cut = [it for it in items("centred-header-continued") if it["page_last"] != it["page_first"]]
    assert len(cut) == 1 and cut[0]["ref"] and cut[0]["progress"]


def columns_at(*bounds: float) -> TextColumns:
    return TextColumns(bounds=bounds, x_end=800.0, fill_end=790.0)


def test_a_borderless_table_hands_its_columns_on_only_when_it_runs_to_the_foot_of_the_page():
    cols = columns_at(40.0, 90.0, 300.0)
    low = Grid(page=1, bbox=(40, 500, 800, 790), col_x=list(cols.bounds), kind="borderless", columns=cols)
    high = Grid(page=1, bbox=(40, 100, 800, 300), col_x=list(cols.bounds), kind="borderless", columns=cols)
    assert carried_columns([low], 842) == cols
    assert carried_columns([high], 842) is None


def test_prose_at_the_top_of_the_next_page_is_not_read_as_rows_of_the_table_before():
    prose = [line(60, (40.0, "The board agreed the plan and asked for a report on progress in six months")),
             line(72, (40.0, "time, with the views of children and families included in that report."))]
    ctx = PageContext(2, 842.0, [], [])
    assert continued_grid(prose, ctx, columns_at(40.0, 90.0, 300.0, 420.0), [], 3) is None


def header_phrases(*labels: tuple[float, str]) -> list:
    return phrases_of(line(60, *labels, bold=True))


def test_centred_labels_move_each_column_start_to_where_its_text_starts():
    cols = header_phrases((60.0, "Ref"), (180.0, "Action"), (360.0, "Lead"))
    body = [line(80 + 12 * k, (40.0, f"{k}.1"), (90.0, "Review the offer"), (330.0, "Head of Service"))
            for k in range(3)]
    assert body_bounds([*body], 0, cols) == [40.0, 90.0, 330.0]


def test_wide_gaps_of_justified_text_are_not_taken_for_a_column_start():
    cols = header_phrases((40.0, "Ref"), (90.0, "Action"), (330.0, "Lead"))
    justified = [line(80, (40.0, "1"), (90.0, "Review the early"), (200.0, "help offer"), (330.0, "Head of")),
                 line(92, (90.0, "publish a revised pathway"), (200.0, "across"), (330.0, "Service")),
                 line(104, (90.0, "across the partnership and schools")),
                 line(116, (40.0, "2"), (90.0, "Recruit two officers"), (330.0, "HR"))]
    assert body_bounds(justified, 0, cols)[2] == 330.0
    assert 200.0 not in body_bounds(justified, 0, cols)


def test_an_action_log_set_in_text_columns_with_no_header_or_rulings_is_read():
    got = items("headerless-text-log")
    assert len(got) == 10
    assert all(it["ref"] and it["lead"] and it["timescale"] and it["progress"] for it in got)
    assert {it["section"] for it in got} == {"Actions arising", "Actions carried forward"}


def test_text_in_columns_that_holds_no_actions_is_no_table_of_items():
    ctx = PageContext(1, 842.0, [], [])
    contacts = [line(100 + 18 * k, (40.0, name), (200.0, role), (400.0, phone))
                for k, (name, role, phone) in enumerate([("Jane Smith", "Chair", "01632 960001"),
                                                         ("Amir Khan", "Vice-chair", "01632 960002"),
                                                         ("Lucy Brown", "Clerk", "01632 960003")])]
    grids = headerless_text_grids(contacts, ctx, [], 3)
    assert len(grids) == 1  # the columns are found ...
    assert headerless_map(grids[0], 3) is None  # ... but nothing in them reads as an action plan


def test_a_paragraph_is_not_taken_for_text_columns():
    ctx = PageContext(1, 842.0, [], [])
    prose = [line(100 + 12 * k, (40.0, "The board noted the report and agreed to receive a further update"))
             for k in range(4)]
    assert headerless_text_grids(prose, ctx, [], 3) == []


def test_rows_of_a_numbered_text_log_set_with_no_space_between_them_stay_apart():
    ctx = PageContext(1, 842.0, [], [])
    log = [line(100 + 11 * k, (40.0, str(k + 1)), (70.0, f"Write to the schools about item {k}"), (400.0, "JS"),
                (460.0, "30/09/2025")) for k in range(4)]
    (grid,) = headerless_text_grids(log, ctx, [], 3)
    assert len(grid.rows) == 4
