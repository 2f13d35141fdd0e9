"""Rows cut by a page break and wide cards, as generated holdout plans print
them: a cut row's fragment is no list entry, a table without rulings merges
no cells, and a card's value may open with a label's word."""
from __future__ import annotations

from council_plans.parsers.assemble import Assembler, PageSummary
from council_plans.parsers.columns.headers import HeaderMap
from council_plans.parsers.rows import continuation_kind, record_of
from council_plans.parsers.tables.cards import card_of
from council_plans.parsers.tables.grid import Grid, GridCell, GridRow
from council_plans.schema.items import ActionItem

HEADER = ["Action", "Lead", "Timescale", "Progress"]


def _grid(page: int, rows: list[list[str | None]], kind: str = "ruled", header: bool = True) -> Grid:
    """Rows of cells 100 pt wide; the first row bold when it is a ``header``."""
    width = len(rows[0])
    grid = Grid(page=page, bbox=(0, 0, 100 * width, 20 * len(rows)), col_x=[100 * k for k in range(width)],
                kind=kind)
    for r, texts in enumerate(rows):
        y = 20.0 * r
        grid.rows.append(GridRow([GridCell(text=t, bbox=(100 * k, y, 100 * k + 100, y + 20), bold=header and r == 0)
                                  if t is not None else None for k, t in enumerate(texts)], y, y + 20))
    return grid


def test_the_fragment_of_a_row_cut_by_a_page_break_joins_its_row_and_is_not_a_list_entry():
    asm = Assembler()
    asm.feed_page(PageSummary(1, 600, 800, [], [_grid(1, [HEADER, [
        "Embed the targeted early help offer to assist in identifying families who require", "Jo Bloggs",
        "June 2017", "Work has commenced"]])]), [])
    asm.feed_page(PageSummary(2, 600, 800, [], [_grid(2, [HEADER, ["targeted early help", "", "", ""]])]), [])
    [item] = asm.items
    assert item.action.endswith("who require targeted early help") and item.page_last == 2
    assert not any("list inside a plan table" in w for w in asm.warnings)


MILESTONE_HEADER = ["Ref", "Action", "Milestones", "Timescale", "Lead", "Progress"]


def _prev() -> ActionItem:
    return ActionItem(action="Improve recording of when a child is first seen", ref="LIP 5.1",
                      milestone="Review the single assessment form", timescale="31st March 2017",
                      lead="Alison Hinds", progress="Form has been updated")


def test_a_row_without_action_or_ref_on_the_next_page_continues_the_cut_row_in_a_table_without_rulings():
    hm = HeaderMap(fields=["ref", "action", "milestone", "timescale", "lead", "progress"], labels=MILESTONE_HEADER)
    row = _grid(2, [["", "", "Establish a local performance indicator", "14th May 2017", "Louise Haughton",
                     "Work in progress"]]).rows[0]
    rec = record_of(row, hm)
    assert continuation_kind(_prev(), rec, hm, merges=False) == "row"
    assert continuation_kind(_prev(), rec, hm, merges=True) is None  # ruled: the next milestone of a merged action


def test_a_card_value_opening_with_a_labels_word_is_a_value():
    grid = _grid(1, [["Task", "Raise awareness of the Independent Visitor Service", "Owned by", "Tilly Heigh"],
                     ["Method", "Workshops with partner agencies", "Deadline", "December 2016"],
                     ["Progress", "Performance: 8 open referrals, 4 matched, 2 awaiting re-match", "RAG status",
                      ""]])
    card = card_of(grid, 3)
    assert card is not None
    roles = dict(zip(card.roles.labels, card.roles.fields))
    assert roles["Progress"] == "progress" and roles["Task"] == "action"


COLUMNS_X = [46.0, 205.0, 406.0, 551.0, 637.0, 717.0, 800.0]


def _wide(page: int, rows: list[tuple[list[str], tuple[float, float, float] | None]], header: bool) -> Grid:
    """A six-column ruled grid with uneven widths, the last column a RAG fill."""
    grid = Grid(page=page, bbox=(46, 0, 800, 40 * len(rows)), col_x=COLUMNS_X[:-1])
    for r, (texts, fill) in enumerate(rows):
        y = 40.0 * r
        grid.rows.append(GridRow([GridCell(text=t, bbox=(COLUMNS_X[k], y, COLUMNS_X[k + 1], y + 40),
                                           bold=header and r == 0, fill=fill if k == 5 and r else None)
                                  for k, t in enumerate(texts)], y, y + 40))
    return grid


def test_the_end_of_a_cut_row_atop_the_next_page_with_the_same_columns_is_not_taken_for_a_header():
    green = (0.33, 0.51, 0.21)
    page1 = _wide(1, [(["Action", "Progress", "Success Measure", "Lead", "Timescales", "RAG Rating"], None),
                      (["4.2 Ensure that lessons from Serious Case Reviews are effectively disseminated",
                        "Briefings relating to local, regional and national messages are planned at timely "
                        "intervals throughout", "The impact of training and workshops has a direct correlation "
                        "to messages", "Chair of SCR Committee / Board", "Ongoing", ""], green)], header=True)
    page2 = _wide(2, [(["across the partnership.", "the year. The SCR committee is utilising a number of "
                        "multi-agency learning events to share findings.", "received from learning from SCRs "
                        "Multi-agency learning event held", "Manager", "", ""], green),
                      (["4.3 Continue to safely reduce numbers of LAC to ensure the right children are in care at "
                        "the right time.", "LAC reduced from 778 in 2014/15 to 638 as at 8th August 2016. The "
                        "target for 2016/17 is between 550 and 580. Robust tracking process in place.",
                        "Reduction in LAC Improved outcomes for vulnerable children & young people", "Alison Hinds",
                        "April 2017", ""], green)], header=False)
    page2.rows[0].cells[5].fill = green  # type: ignore[union-attr]
    asm = Assembler()
    asm.feed_page(PageSummary(1, 842, 595, [], [page1]), [])
    asm.feed_page(PageSummary(2, 842, 595, [], [page2]), [])
    assert [it.ref for it in asm.items] == ["4.2", "4.3"]
    assert asm.items[0].action.endswith("effectively disseminated across the partnership.")
    assert asm.items[0].lead == "Chair of SCR Committee / Board Manager" and asm.items[0].page_last == 2


def test_the_note_beside_a_theme_band_lands_in_the_extra_of_the_items_under_it():
    grid = _grid(1, [HEADER, ["Improve the engagement of all pupils in regular physical activity", "PE lead",
                              "July 2019", "Active playtimes are a daily event"]])
    band = GridCell(text="Key indicator 1: The engagement of all pupils", bbox=(0, 20, 300, 60))
    rows = [GridRow([band, None, None, GridCell("Percentage of total allocation:", (300, 20, 400, 40))], 20, 40,
                    full_width=True),
            GridRow([GridCell(band.text, band.bbox, span_above=True), None, None, GridCell("35%", (300, 40, 400, 60))],
                    40, 60, full_width=True)]
    grid.rows[1:1] = rows
    asm = Assembler()
    asm.feed_page(PageSummary(1, 600, 800, [], [grid]), [])
    [item] = asm.items
    assert item.section == band.text and item.extra == {"Percentage of total allocation": "35%"}


def test_a_band_note_without_a_label_is_kept_as_a_note():
    from council_plans.parsers.themes import band_notes

    assert band_notes("Across other areas %") == {"note": "Across other areas %"}
    assert band_notes("Budget: £4,000") == {"Budget": "£4,000"}
    assert band_notes("") == {}


def test_a_row_of_sentences_under_the_cut_row_on_the_next_page_is_not_taken_for_a_header():
    green = (0.33, 0.51, 0.21)
    labels = ["Action", "Progress", "Success Measure", "Lead", "Timescales", "RAG Rating"]
    page1 = _wide(1, [(labels, None), (["4.1 Improve the quality and timeliness of pathway plans",
                                        "Pathway Plan dip sample completed in April 2016. Assessing risk",
                                        "Statutory timescales met. Clear, SMART, outcome focused pathway",
                                        "Alison Hinds", "September 2016", ""], green)], header=True)
    page2 = _wide(2, [(["", "training is planned.", "plans informed by the young person.", "", "", ""], green),
                      (["4.2 Increase business support capacity in the Independent Reviewing Service.",
                        "2017-18: 91% of meeting notes distributed within 20 days.",
                        "80% of meeting notes distributed within 20 days.", "Clare Hall-Salter", "January 2017", ""],
                       green),
                      (["4.3 Establish a stable workforce and reduce reliance on agency staff across the service.",
                        "Children's Services Workforce Development Plan 2016/17 agreed by the Children's Workforce "
                        "Development Group on 10th May 2016. Reduction by £0.5m in agency overspend in 2015/16.",
                        "Reduced vacancies Reduced turnover Reduced reliance on agency staff across all teams",
                        "Jo Farley Louise Haughton", "March 2017", ""], green),
                      (["4.4 To ensure that young people get swift access to appropriate mental health services.",
                        "Performance: 8 open referrals, 4 matched, 2 awaiting re-match, 2 on waiting list. Provider "
                        "changing May 2018 and a new pathway is being agreed with partners.",
                        "Young people are seen within agreed timescales and report improved wellbeing",
                        "Rachel King Bill Hague", "April 2017", ""], green)], header=False)
    asm = Assembler()
    asm.feed_page(PageSummary(1, 842, 595, [], [page1]), [])
    asm.feed_page(PageSummary(2, 842, 595, [], [page2]), [])
    assert [it.ref for it in asm.items] == ["4.1", "4.2", "4.3", "4.4"]
    assert asm.items[1].lead == "Clare Hall-Salter" and asm.items[0].progress.endswith("risk training is planned.")
