"""parsers.values.leads: a lead-officer cell -> the people and posts it names.

Most cells below are printed in real council plans (Wolverhampton 2016/17 and
2017/18 improvement plans, Telford & Wrekin 2016-17, Wolverhampton's 2022
ILACS action plan); PDF extraction has already joined their lines.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from council_plans.parsers.values.leads import split_leads

SEED_LEADS = [
    ("Alison Hinds", ["Alison Hinds"]),
    ("Julian Cunningham Dawn Williams", ["Julian Cunningham", "Dawn Williams"]),
    ("Jo Farley Louise Haughton", ["Jo Farley", "Louise Haughton"]),
    ("Julian Cunningham Jayne McNulty", ["Julian Cunningham", "Jayne McNulty"]),
    ("Sara Roach Dawn Williams", ["Sara Roach", "Dawn Williams"]),
    ("Julian Cunningham Rachel King Andrew Wolverson",
     ["Julian Cunningham", "Rachel King", "Andrew Wolverson"]),
    ("Julian Cunningham Alison Hinds Rachel King Andrew Wolverson Suzanne Smith Dawn Williams",
     ["Julian Cunningham", "Alison Hinds", "Rachel King", "Andrew Wolverson", "Suzanne Smith",
      "Dawn Williams"]),
    ("Alison Hinds (CFUG) Helena Kucharczyk", ["Alison Hinds (CFUG)", "Helena Kucharczyk"]),
    ("Alison Hinds (CFUG) Helena Kucharczyk Alison Hinds (CFUG) Fiona Cozens",
     ["Alison Hinds (CFUG)", "Helena Kucharczyk", "Fiona Cozens"]),
    ("Rachel Warrender Alison Hinds (CFUG) Andrew Wolverson",
     ["Rachel Warrender", "Alison Hinds (CFUG)", "Andrew Wolverson"]),
    ("Louise Haughton Susan Serventi Louise Haughton", ["Louise Haughton", "Susan Serventi"]),
    ("Alison Hinds Sally Nash Alison Hinds Sally Nash Alison Hinds Sally Nash",
     ["Alison Hinds", "Sally Nash"]),
    ("Alison Hinds Julian Cunningham FC", ["Alison Hinds", "Julian Cunningham", "FC"]),
    ("Clare Hall-Salter", ["Clare Hall-Salter"]),
    ("SEMT Chair – Dawn Williams", ["SEMT Chair – Dawn Williams"]),
    ("Chair of SCR Committee/ Board Manager", ["Chair of SCR Committee", "Board Manager"]),
    ("L&D Board Chair/Board Manager", ["L&D Board Chair", "Board Manager"]),
    ("CDOP Chair/ Board Manager", ["CDOP Chair", "Board Manager"]),
    ("WSCB Chair/Board Manager", ["WSCB Chair", "Board Manager"]),
    ("Chair of Quality Committee/ Chair of Performance Committee/ Board Manager",
     ["Chair of Quality Committee", "Chair of Performance Committee", "Board Manager"]),
    ("Heads of Service", ["Heads of Service"]),
    ("Heads of Service Louise Haughton", ["Heads of Service", "Louise Haughton"]),
    ("All Heads of Service Louise Haughton", ["All Heads of Service", "Louise Haughton"]),
    ("Children’s Services Senior Leadership Team",
     ["Children’s Services Senior Leadership Team"]),
    ("Emma Bennett, Executive Director for Families",
     ["Emma Bennett, Executive Director for Families"]),
    ("JM", ["JM"]),
    ("DM", ["DM"]),
    ("JM/SS", ["JM", "SS"]),
    ("SM/ SP", ["SM", "SP"]),
    ("DM/JR", ["DM", "JR"]),
    ("LM GM", ["LM", "GM"]),
    ("CT DW GM", ["CT", "DW", "GM"]),
    ("L A", ["LA"]),
    ("Jazmine/Helen", ["Jazmine", "Helen"]),
    ("As per Team Meetings", ["As per Team Meetings"]),
    ("Serventi", ["Serventi"]),
]


@pytest.mark.parametrize(("cell", "expected"), SEED_LEADS)
def test_real_lead_cells_split_into_people_and_posts(cell, expected):
    assert split_leads(cell) == expected


def test_the_seed_table_has_at_least_twenty_real_cells():
    assert len(SEED_LEADS) >= 20


@pytest.mark.parametrize(("cell", "expected"), [
    ("Emma Bennett, Alison Hinds", ["Emma Bennett", "Alison Hinds"]),
    ("Emma Bennett and Alison Hinds", ["Emma Bennett", "Alison Hinds"]),
    ("Emma Bennett & Alison Hinds", ["Emma Bennett", "Alison Hinds"]),
    ("Emma Bennett; Alison Hinds", ["Emma Bennett", "Alison Hinds"]),
])
def test_explicit_separators_split_names(cell, expected):
    assert split_leads(cell) == expected


@pytest.mark.parametrize("role", [
    "Head of Service", "Director of Children's Services",
    "Head of Safeguarding and Quality Assurance",
    "Chair of SCR Committee", "Board Manager", "Principal Social Worker", "Strategic Director",
])
def test_roles_and_titles_stay_whole(role):
    assert split_leads(role) == [role]


def test_a_name_printed_beside_a_role_without_a_separator_is_its_own_entry():
    assert split_leads("Head of School Organisation Bill Hague") == [
        "Head of School Organisation", "Bill Hague"]
    assert split_leads("Dawn Williams Head of Safeguarding") == [
        "Dawn Williams", "Head of Safeguarding"]


def test_a_title_after_a_comma_belongs_to_the_name_before_it():
    assert split_leads("Louise Haughton, Principal Social Worker") == [
        "Louise Haughton, Principal Social Worker"]


def test_a_role_and_person_joined_by_a_colon_are_one_entry():
    assert split_leads("Lead HofS: Helen Bakewell") == ["Lead HofS: Helen Bakewell"]


def test_an_odd_run_of_names_is_not_guessed_at():
    assert split_leads("Harnaik Singh Khun-Khun") == ["Harnaik Singh Khun-Khun"]


def test_name_particles_stay_with_the_surname_when_pairing():
    assert split_leads("Ludwig van Beethoven Jo Farley") == ["Ludwig van Beethoven", "Jo Farley"]


def test_apostrophes_in_names_do_not_break_pairing():
    assert split_leads("Peter O'Neill Udey Singh") == ["Peter O'Neill", "Udey Singh"]


def test_line_breaks_inside_a_cell_are_joined_before_splitting():
    assert split_leads("Julian\nCunningham Rachel\nKing") == ["Julian Cunningham", "Rachel King"]


@pytest.mark.parametrize("empty", [None, "", "   ", "\n"])
def test_an_empty_cell_names_nobody(empty):
    assert split_leads(empty) == []


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_any_text_splits_into_non_empty_distinct_entries(text):
    entries = split_leads(text)
    assert all(e and e == e.strip() for e in entries)
    assert len({e.lower() for e in entries}) == len(entries)
