"""Layouts drawn independently of the real plans (samples/layouts_round3.py)
and the header rules they exposed: boxes that hide a table's columns, a tall
two-row header, a header whose wrap is told from the first body row by its
type."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from council_plans.parsers import extract
from council_plans.parsers.columns.roles import header_evidence
from council_plans.parsers.page.textlines import Line, Word
from council_plans.parsers.tables.borderless import find_header

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
