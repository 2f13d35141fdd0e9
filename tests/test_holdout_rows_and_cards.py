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


def _grid(page: int, rows: list[list[str | None]], kind: str = "ruled") -> Grid:
    width = len(rows[0])
    grid = Grid(page=page, bbox=(0, 0, 100 * width, 20 * len(rows)), col_x=[100 * k for k in range(width)],
                kind=kind)
    for r, texts in enumerate(rows):
        y = 20.0 * r
        grid.rows.append(GridRow([GridCell(text=t, bbox=(100 * k, y, 100 * k + 100, y + 20), bold=r == 0)
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
