"""parsers.metadata.register: the shipped register of UK local authorities."""
from __future__ import annotations

import pytest

from council_plans.parsers.metadata.register import (AuthorityRecord, all_records, by_code,
                                                     find_in_text, lookup, name_key)


def test_register_ships_every_authority_past_and_present_with_its_codes():
    records = all_records()
    assert len(records) == 470
    kent = by_code("KEN")
    assert kent == AuthorityRecord(code="KEN", gss_code="E10000016",
                                   official_name="Kent County Council", nice_name="Kent",
                                   nation="England", region="South East", la_type="County")
    assert {r.nation for r in records} == {"England", "Scotland", "Wales", "Northern Ireland"}


@pytest.mark.parametrize("spelling", [
    "City of Wolverhampton Council", "Wolverhampton City Council", "CITY OF WOLVERHAMPTON COUNCIL",
    "Wolverhampton Council", "Wolverhampton", "CWC", "The City of Wolverhampton Council"])
def test_every_spelling_of_wolverhampton_is_one_authority(spelling):
    record = lookup(spelling)
    assert record is not None and record.code == "WLV"
    assert record.official_name == "City of Wolverhampton Council"
    assert record.gss_code == "E08000031"


@pytest.mark.parametrize("spelling, code", [
    ("KCC", "KEN"), ("Kent", "KEN"), ("Kent Council", "KEN"), ("Kent C.C.", "KEN"),
    ("Sandwell MBC", "SAW"), ("Sandwell Council", "SAW"), ("Telford and Wrekin", "TFW"),
    ("Telford & Wrekin Council", "TFW"), ("Birmingham CC", "BIR"), ("St. Helens Council", "SHN"),
    ("London Borough of Brent", "BEN"), ("Brent Council", "BEN"), ("LBHF", "HMF"),
])
def test_short_forms_councils_use_resolve_to_the_register_entry(spelling, code):
    record = lookup(spelling)
    assert record is not None and record.code == code


def test_a_spelling_shared_by_an_abolished_and_a_current_authority_means_the_current_one():
    somerset = lookup("Somerset")
    assert somerset is not None and somerset.code == "SMT" and somerset.current
    old = lookup("Somerset County Council")
    assert old is not None and old.code == "SOM" and not old.current


def test_initials_shared_by_several_current_councils_name_none():
    # Westminster City Council, Warwickshire County Council, Worcestershire ...
    assert lookup("WCC") is None


@pytest.mark.parametrize("name", ["Georgina Little Council", "Youth Council",
                                  "Children in Care Council", "Council Chamber", ""])
def test_names_the_register_does_not_know_are_not_authorities(name):
    assert lookup(name) is None


def test_name_key_ignores_case_ampersands_dots_apostrophes_and_a_leading_the():
    assert name_key("The Borough Council of King’s Lynn & West Norfolk") == \
        "borough council of kings lynn and west norfolk"
    assert name_key("St. Helens  M.B.C.") == "st helens mbc"


def test_text_names_an_authority_only_by_a_councils_name():
    text = ("Ask for: Georgina Little, Council Chamber, Civic Centre. Schools in Kent and "
            "Wolverhampton improved.")
    assert find_in_text(text) == []


def test_text_mentions_are_found_in_order_once_each_longest_name_winning():
    text = ("Report of the Royal Borough of Kingston upon Thames to Kent County Council's "
            "cabinet; KCC agreed, and so did Sandwell MBC and K.C.C. again.")
    assert [r.code for r in find_in_text(text)] == ["KTT", "KEN", "SAW"]


def test_initials_count_in_text_only_in_capitals_and_not_three_letter_lookalikes():
    assert find_in_text("the kcc budget") == []
    assert find_in_text("NYC and SIC are not councils") == []
    # North Yorkshire County Council, abolished in 2023 for North Yorkshire Council
    assert [r.code for r in find_in_text("NYCC scrutiny")] == ["NYK"]


def test_letter_case_and_line_breaks_do_not_hide_a_council_name():
    assert [r.code for r in find_in_text("CITY OF WOLVERHAMPTON\nCOUNCIL")] == ["WLV"]
