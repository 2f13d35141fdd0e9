"""parsers.values.dates: timescale cells -> due dates, document dates, financial years.

The first table holds timescale cells exactly as printed in real council
plans (Wolverhampton 2016/17 and 2017/18 plans, Telford & Wrekin's 2016-17
plan, Wolverhampton's 2022 Ofsted action plan), with the due date each must
give under the rules in the module docstring.
"""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from council_plans.parsers.values.dates import due_date, find_dates, parse_date, period_bounds, period_label

SEED_TIMESCALES = [
    # Wolverhampton Children's Services Improvement Plan 2016/17
    ("March 2017", "2017-03-31"),
    ("October 2016", "2016-10-31"),
    ("September 2016", "2016-09-30"),
    ("December 2016", "2016-12-31"),
    ("April 2017", "2017-04-30"),
    ("July 2016", "2016-07-31"),
    ("June 2016", "2016-06-30"),
    ("November 2016", "2016-11-30"),
    ("May 2016", "2016-05-31"),
    ("Soft Launch July 2017", "2017-07-31"),
    ("Ongoing", None),
    ("Quarterly", None),
    ("All statements converted to EHCPs by end of March 2018. All LDAs converted to EHCPs "
     "by end of August 2016", "2018-03-31"),
    ("250501 2010", None),
    # Wolverhampton Children and Young People Service Plan 2017/18
    ("31 st March 2017", "2017-03-31"),
    ("30 th April 2017", "2017-04-30"),
    ("5 th May 2017", "2017-05-05"),
    ("15 th May 2017", "2017-05-15"),
    ("14 th May 2017", "2017-05-14"),
    ("12 th May 2017", "2017-05-12"),
    ("31st July 2017", "2017-07-31"),
    ("30 th September 2017", "2017-09-30"),
    ("30 th June 2017", "2017-06-30"),
    ("31st October 2017", "2017-10-31"),
    ("30 th November 2017", "2017-11-30"),
    ("31st December 2017", "2017-12-31"),
    ("28 th February 2017", "2017-02-28"),
    ("1 st April 2018", "2018-04-01"),
    ("31 st July 2018", "2018-07-31"),
    ("September 2017", "2017-09-30"),
    ("Bi-monthly", None),
    ("Termly audits", None),
    ("TIMESCALES", None),
    ("31 st March 2018 31 st May 2017", "2018-03-31"),
    ("31 st March 2017 30 th September 2017", "2017-09-30"),
    ("30 th September 2017 30 th September 2017", "2017-09-30"),
    ("31 st March 2017 31 st July 2017 31 st March 2018", "2018-03-31"),
    ("30 th June 2017 31 st March 2017 31 st October 2017", "2017-10-31"),
    ("31 st May 2017 30 th September 2017 31 st July 2018", "2018-07-31"),
    ("31st March 2017 31st March 2017 31st March 2017 31st March 2018", "2018-03-31"),
    ("June 2017 January 2018 September 2017", "2018-01-31"),
    ("31st July 2017 Dates as per the plan 31st July 2017", "2017-07-31"),
    ("28 th February 2017 31 st May 2017, monthly thereafter", "2017-05-31"),
    ("31 st May 2017 31 st September 2017", "2017-09-30"),  # no 31 September: month end
    # Telford & Wrekin "Getting to Good" Improvement Plan 2016-17
    ("January 2017", "2017-01-31"),
    ("September 2016 and quarterly", "2016-09-30"),
    ("September 2016 and ongoing", "2016-09-30"),
    ("Framework agreed: October 2016", "2016-10-31"),
    ("Evaluation complete: January 2017", "2017-01-31"),
    ("Stage 1 Core elements: February 2017 Stage 2: all Trix policies/procedures December 2017",
     "2017-12-31"),
    ("Training to begin: March 2017 End: March 2018", "2018-03-31"),
    ("Training to begin: March 2017 End:", None),
    ("Training begins: May 2017", None),
    ("Started April 2016 Project end March 2018", "2018-03-31"),
    ("Began September 2016", None),
    # Wolverhampton ILACS action plan 2022
    ("August 2022", "2022-08-31"),
    ("31 July 2022", "2022-07-31"),
    ("31 July 2022 31 July 2022", "2022-07-31"),
    ("31 January 2023", "2023-01-31"),
    ("Sept 2022", "2022-09-30"),
    ("Half-termly", None),
    ("On going", None),
    ("27 th April 27 th May", None),
]


@pytest.mark.parametrize(("timescale", "expected"), SEED_TIMESCALES)
def test_real_timescale_cells_give_the_documented_due_date(timescale, expected):
    assert due_date(timescale) == expected


def test_the_seed_table_is_large_and_covers_both_dates_and_nulls():
    assert len({t for t, _ in SEED_TIMESCALES}) >= 40
    assert sum(e is None for _, e in SEED_TIMESCALES) >= 10


@pytest.mark.parametrize(("timescale", "expected"), [
    ("30th Sept 2017", "2017-09-30"),
    ("end of March 2018", "2018-03-31"),
    ("By end of June 2017", "2017-06-30"),
    ("31/03/2017", "2017-03-31"),
    ("31/03/17", "2017-03-31"),
    ("Mar-17", "2017-03-31"),
    ("Dec 16", "2016-12-31"),
    ("Feb 2020", "2020-02-29"),
    ("2017-03-31", "2017-03-31"),
    ("16.01.2019", "2019-01-16"),
    ("Sep 19 - Aug 20", "2020-08-31"),
])
def test_other_printed_forms_of_a_date_or_month(timescale, expected):
    assert due_date(timescale) == expected


@pytest.mark.parametrize(("timescale", "expected"), [
    ("Q1 2017/18", "2017-06-30"),
    ("Q2 2017/18", "2017-09-30"),
    ("Q3 2017/18", "2017-12-31"),
    ("Q4 2017/18", "2018-03-31"),
    ("Quarter Two 2017-2018", "2017-09-30"),
    ("Q3 17/18", "2017-12-31"),
    ("2017/18", "2018-03-31"),
    ("2016 – 17", "2017-03-31"),
    ("2017-2018", "2018-03-31"),
])
def test_quarters_and_financial_years_end_on_the_uk_financial_calendar(timescale, expected):
    assert due_date(timescale) == expected


@pytest.mark.parametrize(("timescale", "expected"), [
    ("Spring 2017", "2017-05-31"),
    ("Summer 2017", "2017-08-31"),
    ("Autumn 2017", "2017-11-30"),
    ("Winter 2017/18", "2018-02-28"),
    ("Autumn term 2017", "2017-12-31"),
    ("Spring term 2017/18", "2018-04-30"),
    ("Summer term 2018", "2018-07-31"),
])
def test_seasons_and_school_terms_are_due_at_their_documented_end(timescale, expected):
    assert due_date(timescale) == expected


@pytest.mark.parametrize("ambiguous", [
    "Q3 2017", "Q2", "Winter 2017", "2015-2025", "TBC", "Complete", "Monthly",
    "N/A", "", "   ", None, "From April 2017", "Since January 2016", "31 March",
])
def test_text_that_does_not_pin_down_a_deadline_gives_none(ambiguous):
    assert due_date(ambiguous) is None


def test_an_explicit_end_of_year_is_the_last_of_december():
    assert due_date("by end of 2018") == "2018-12-31"


def test_a_start_date_is_ignored_but_the_end_of_a_range_is_kept():
    assert due_date("From April 2017 to March 2018") == "2018-03-31"


@given(st.lists(st.sampled_from([
    "March", "Dec", "Q3", "Spring", "by", "end", "of", "31", "st", "16", "2017", "17/18",
    "2016/17", "Ongoing", "-", "/", "TBC", "and", "27", "th", "May", "Quarterly", "2018",
]), max_size=8).map(" ".join))
@settings(max_examples=300, deadline=None)
def test_a_due_date_never_names_a_year_the_text_does_not(text):
    result = due_date(text)
    if result is not None:
        year = int(result[:4])
        printed = {int(y) for y in re.findall(r"\d{4}", text)}
        printed |= {2000 + int(y) for y in re.findall(r"(?<!\d)\d{2}(?!\d)", text)}
        assert year in printed or year - 1 in printed  # year - 1: end of a financial year


@pytest.mark.parametrize(("text", "expected"), [
    ("22nd August 2016", "2016-08-22"),
    ("13 July 2022", "2022-07-13"),
    ("Wednesday, 13 July 2022", "2022-07-13"),
    ("16 MAY 2018", "2018-05-16"),
    ("14/06/2017", "2017-06-14"),
    ("13TH JULY, 2022", "2022-07-13"),
    ("Thursday, 30th January, 2025, at 10.00 am", "2025-01-30"),
    ("Date: 22nd August 2016", "2016-08-22"),
    ("Minutes - 11 April 2018", "2018-04-11"),
    ("August 22, 2016", "2016-08-22"),
    ("22-Aug-2016", "2016-08-22"),
    ("2016-08-22T10:00", "2016-08-22"),  # only dateutil reads this one
])
def test_parse_date_reads_plain_dates_as_documents_print_them(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["March 2017", "2016/17", "the 5th", "Page 7", "", None,
                                  "Review Date:", "31 February"])
def test_parse_date_never_completes_a_partial_date(text):
    assert parse_date(text) is None


@pytest.mark.parametrize(("text", "bounds"), [
    ("2016/17", ("2016-04-01", "2017-03-31")),
    ("2017-2018", ("2017-04-01", "2018-03-31")),
    ("2016 – 17", ("2016-04-01", "2017-03-31")),
    ("2022-2023", ("2022-04-01", "2023-03-31")),
    ("Improvement Plan 2016/2017", ("2016-04-01", "2017-03-31")),
    ("1999/00", ("1999-04-01", "2000-03-31")),
])
def test_period_bounds_span_april_to_march(text, bounds):
    assert period_bounds(text) == bounds


@pytest.mark.parametrize(("text", "bounds"), [
    ("2018-2020", ("2018-04-01", "2020-03-31")),
    ("2019-22", ("2019-04-01", "2022-03-31")),
    ("Accessibility Plan 2019-2022", ("2019-04-01", "2022-03-31")),
])
def test_a_plan_over_several_years_spans_april_of_the_first_to_march_of_the_last(text, bounds):
    assert period_bounds(text) == bounds


def test_a_year_alone_as_a_deadline_is_the_end_of_that_year():
    assert due_date("2027") == "2027-12-31"


@pytest.mark.parametrize("text", ["March 2017", "", None, "2017"])
def test_period_bounds_is_none_without_a_financial_year(text):
    assert period_bounds(text) is None


def test_period_label_normalises_how_the_year_is_written():
    labels = {period_label(t) for t in ("2016/17", "2016-2017", "2016 – 17", "2016/2017")}
    assert labels == {"2016/17"}


def test_find_dates_reports_each_date_with_its_precision_in_reading_order():
    found = find_dates("Q3 2017/18 then 31 st May 2018 and Spring 2019, by 2017/18")
    assert [(d.iso, d.precision) for d in found] == [
        ("2017-12-31", "quarter"), ("2018-05-31", "day"), ("2019-05-31", "season"),
        ("2018-03-31", "fy")]


@given(st.one_of(st.text(), st.lists(st.sampled_from([
    "Spring", "Winter", "Q1", "Q4", "0000", "9999", "0000/01", "2099/00", "March", "31", "st",
    "00", "/", "-", ".", "0000-00-00", "29/02/1900", "Sept", "end of", "9999-12-31"]),
    max_size=10).map(" ".join)))
@settings(max_examples=300, deadline=None)
def test_no_text_makes_the_date_functions_raise(text):
    for result in (due_date(text), parse_date(text)):
        assert result is None or re.fullmatch(r"(19|20|21)\d\d-\d\d-\d\d", result)
    assert period_bounds(text) is None or len(period_bounds(text)) == 2
