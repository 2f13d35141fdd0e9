"""Layout quirks drawn one at a time (see tests/table_pdf.py)."""
from __future__ import annotations

from council_plans.parsers import extract
from tests.table_pdf import draw_ruled_table

HEADER = ["Ref", "Action", "Time-\nscale", "Lead officer / team", "Progress against milestones"]


def test_bold_capitals_row_in_unmerged_cells_is_a_theme_not_an_item(tmp_path):
    rows = [["", "THEME 1: EARLY HELP", "", "", ""],
            ["1.1", "Review the early help offer", "March 2017", "Dawn Williams", "On track"],
            ["", "THEME 2: WORKFORCE", "", "", ""],
            ["2.1", "Recruit permanent social workers", "June 2017", "Emma Bennett", "Ongoing"]]
    pdf = draw_ruled_table(tmp_path / "themes.pdf", HEADER, rows, bold_rows=frozenset({0, 2}))
    items = extract(pdf).items
    assert [(it.section, it.ref) for it in items] == [("THEME 1: EARLY HELP", "1.1"),
                                                     ("THEME 2: WORKFORCE", "2.1")]


def test_wordy_and_wrapped_header_cells_still_map_to_fields(tmp_path):
    rows = [["1.1", "Review the early help offer", "March 2017", "Dawn Williams", "On track"]]
    item, = extract(draw_ruled_table(tmp_path / "wordy.pdf", HEADER, rows)).items
    assert (item.timescale, item.lead, item.progress) == ("March 2017", "Dawn Williams", "On track")
    assert item.due_date == "2017-03-31"


def test_plain_bold_action_text_is_not_mistaken_for_a_theme(tmp_path):
    rows = [["", "Review the early help offer", "", "", ""],
            ["1.2", "Audit case files", "May 2017", "Dawn Williams", "Done"]]
    items = extract(draw_ruled_table(tmp_path / "bold.pdf", HEADER, rows, bold_rows=frozenset({0}))).items
    assert [it.action for it in items] == ["Review the early help offer", "Audit case files"]
    assert all(it.section is None for it in items)


def test_borderless_table_under_a_shaded_header_band_is_still_read(tmp_path):
    rows = [["1.1", "Review the early help offer", "March 2017", "Dawn Williams", "On track"],
            ["1.2", "Audit case files", "May 2017", "Emma Bennett", "Done"]]
    pdf = draw_ruled_table(tmp_path / "band.pdf", HEADER, rows, ruled=False,
                           header_fill=(0.85, 0.85, 0.85))
    items = extract(pdf).items
    assert [(it.ref, it.action, it.lead) for it in items] == [
        ("1.1", "Review the early help offer", "Dawn Williams"), ("1.2", "Audit case files", "Emma Bennett")]
