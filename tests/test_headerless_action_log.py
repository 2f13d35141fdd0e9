"""A small table with no header whose actions do not open with a verb."""
from __future__ import annotations

from council_plans.parsers.columns.roles import content_map

ACTIONS = ["To work with other authorities in the region to consider delivering a joined up emergency duty system.",
           "Missing Children Operational Group to data match the reports between the police and the local authority."]


def _columns(*cols: list[str]) -> list[list[tuple[str, None]]]:
    return [[(t, None) for t in col] for col in cols]


def test_the_first_column_of_text_beside_owner_date_and_status_is_the_action_of_a_headerless_log():
    rm = content_map(_columns(ACTIONS, ["JB", "SM"], ["April 2017", "Began September 2016"], ["Green", "Amber"]))
    assert rm is not None and rm.fields == ["action", "lead", "timescale", "rag"]


def test_text_right_of_the_owner_column_or_beside_unnamed_columns_is_not_taken_for_the_action():
    assert content_map(_columns(["JB", "SM"], ["April 2017", "May 2017"], ["Green", "Amber"], ACTIONS)) is None
    figures = ["7,800.0 4,000.0", "250.0 500.0"]
    assert content_map(_columns(ACTIONS, ["JB", "SM"], ["April 2017", "May 2017"], ["Green", "Amber"],
                                figures, ["ASCH code", "CYPE code"])) is None
