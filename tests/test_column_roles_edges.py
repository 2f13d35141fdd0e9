"""Column-role edge cases met in generated bulk plans: a data row at the top of
a continued page, one date per milestone in a timescale cell, and a theme's
two-row table drawn without a header under the plan table before it."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from bench.scoring import score
from council_plans.parsers import extract
from council_plans.parsers.columns.content import content_scores, is_timescale
from council_plans.parsers.columns.headers import header_map



def col(*texts: str) -> list[tuple[str, None]]:
    return [(t, None) for t in texts]


def test_a_data_row_over_its_own_columns_is_never_a_header():
    row = ["A08", "Review SGO arrangements to ensure children have the security and support they need.",
           "Angela Yapp", "February 2017", "No special guardianship arrangements broke down during the year."]
    below = [col("A09", "A10", "A11"),
             col("To implement the action plan arising from the joint inspection of youth justice services.",
                 "Raise awareness of the Independent Visitor Service with children and young people.",
                 "Recruit an additional Consultant Social Worker within Family Connect."),
             col("Sally Nash", "Tilly Heigh", "Debbie Lloyd"),
             col("March 2017", "December 2016", "January 2017"),
             col("Inspection action plan reviewed at YOT Management Board on 27th July.",
                 "Performance: 8 open referrals, 4 matched, 2 awaiting re-match.",
                 "70% of referral decisions made within 24 hours and 98% within 3 days.")]
    assert header_map(row, 3, below) is None
    header = ["Ref", "Action", "Lead", "Timescale", "Progress"]
    assert header_map(header, 3, below).fields == ["ref", "action", "lead", "timescale", "progress"]


def test_a_header_naming_a_date_over_a_column_of_dates_is_still_a_header():
    header = ["Action", "Lead officer", "Position at 31 March 2017"]
    below = [col("Review the supervision policy and publish it to all staff.",
                 "Develop a single quality assurance framework for all teams."),
             col("Head of Service", "Practice Manager"),
             col("Completed in February 2017", "Drafted; consultation ends April 2017")]
    assert header_map(header, 3, below) is not None


def test_a_cell_listing_one_date_per_milestone_is_a_timescale_not_narrative():
    dates = "30th September 2017 30th September 2017 31st March 2017 30th April 2017"
    assert is_timescale(dates)
    scores = content_scores(col(dates, "31st May 2017 30th April 2017", "31st March 2018"))
    assert "narrative" not in scores and scores["timescale"] == 1.0


@lru_cache(maxsize=1)
def _bulk(tmp: str) -> Path:
    from samples.make_samples import make_bulk  # the repository root is on sys.path (conftest)

    make_bulk(Path(tmp), 113, 3)
    return Path(tmp)


@pytest.mark.parametrize("number", ["00049", "00050", "00090", "00113"])
def test_generated_plans_that_once_lost_rows_or_columns_read_whole(number, tmp_path_factory):
    folder = _bulk(str(tmp_path_factory.getbasetemp() / "bulk-3"))
    pdf = folder / f"bulk-3-{number}.pdf"
    truth = json.loads(pdf.with_name(pdf.stem + ".expected.json").read_text())["items"]
    got = score(truth, [it.to_dict(provenance=False) for it in extract(pdf).items])
    assert (got.f1, got.cell_accuracy, got.fields["section"]) == (1.0, 1.0, 1.0)
