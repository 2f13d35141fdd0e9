"""Quarterly commentary in a row cut by a page break: the end of the quarter
that became the progress goes on in the progress, not back into ``extra``."""
from __future__ import annotations

from council_plans.parsers.columns.roles import RoleMap
from council_plans.parsers.rows import ExtraColumn, build_item, merge_continuation
from council_plans.parsers.tables.grid import GridCell

LABELS = ["Action", "Q1 update", "Q2 update"]
ROLES = RoleMap(fields=["action", None, None], labels=LABELS, quarters=[1, 2])


def cell(text: str, top: float = 100.0) -> GridCell:
    return GridCell(text=text, bbox=(0.0, top, 10.0, top + 10.0))


def test_the_cut_end_of_the_latest_quarter_goes_on_in_the_progress():
    first = {"action": cell("Review the offer"), ExtraColumn("Q1 update"): cell("Half of the schools"),
             ExtraColumn("Q2 update"): cell("")}
    item = build_item(first, ROLES, 1, None, None)
    assert item is not None and item.progress == "Half of the schools" and item.extra == {}
    merge_continuation(item, {ExtraColumn("Q1 update"): cell("have signed up", 40.0)}, 2, ROLES)
    assert item.progress == "Half of the schools have signed up"
    assert item.extra == {} and item.page_last == 2


def test_the_cut_end_of_an_earlier_quarter_stays_in_extra():
    first = {"action": cell("Review the offer"), ExtraColumn("Q1 update"): cell("Scoping done"),
             ExtraColumn("Q2 update"): cell("Pilot started")}
    item = build_item(first, ROLES, 1, None, None)
    assert item is not None and item.progress == "Pilot started"
    merge_continuation(item, {ExtraColumn("Q1 update"): cell("in April", 40.0)}, 2, ROLES)
    assert item.extra == {"Q1 update": "Scoping done in April"} and item.progress == "Pilot started"
