"""Column roles a person set, applied by the parser: layout profiles keyed by
header signature (a council's own profile before a general one), column
corrections by header text or number, ``ignore``, and the JSON naming the
profile applied."""
from __future__ import annotations

import pytest

from council_plans.parsers import ExtractSettings, extract
from council_plans.parsers.columns.overrides import (ColumnRole, LayoutProfile, RoleOverrideError,
                                                     header_signature, override_roles)
from council_plans.parsers.columns.roles import RoleMap
from review_samples import draw_quarter

HEADERS = ["Task", "Actioned by", "Owned by", "Work outstanding", "RAG status"]
SCORED = RoleMap(["action", "lead", None, "progress", "rag"], HEADERS)
SIGNATURE = "5:task|actioned by|owned by|work outstanding|rag status"
RIGHT = ("action", "extra", "lead", "progress", "rag")


def _roles(**kwargs) -> tuple[list[str | None], str | None]:
    rm, profile = override_roles(SCORED, sha256="abc", page=1, index=1, authority="Telford", **kwargs)
    return rm.fields, profile


def test_the_signature_ignores_case_spacing_and_trailing_punctuation():
    assert header_signature(["TASK ", "Actioned  by:", "Owned by", "Work outstanding.", "RAG status"]) \
        == SIGNATURE


def test_a_councils_own_profile_wins_over_a_general_one_and_others_are_ignored():
    general = LayoutProfile("general", SIGNATURE, RIGHT)
    own = LayoutProfile("telford", SIGNATURE, ("action", "extra", "extra", "lead", "rag"), "Telford")
    other = LayoutProfile("wolves", SIGNATURE, ("action",) * 5, "Wolverhampton")
    assert _roles(profiles=[other, general, own]) == (["action", None, None, "lead", "rag"], "telford")
    assert _roles(profiles=[other, general]) == (["action", None, "lead", "progress", "rag"], "general")
    assert _roles(profiles=[other]) == (SCORED.fields, None)


def test_a_column_correction_moves_a_role_and_only_touches_its_own_table():
    mine = [ColumnRole("abc", 1, 1, "Owned by", "lead"), ColumnRole("abc", 1, 1, "2", "ignore")]
    assert _roles(columns=mine) == (["action", "ignore", "lead", "progress", "rag"], None)
    elsewhere = [ColumnRole("abc", 2, 1, "Owned by", "lead"), ColumnRole("xyz", 1, 1, "3", "lead")]
    assert _roles(columns=elsewhere) == (SCORED.fields, None)


def test_an_unknown_column_or_role_is_one_clear_error():
    with pytest.raises(RoleOverrideError, match="no column 'Owner'.*3='Owned by'"):
        _roles(columns=[ColumnRole("abc", 1, 1, "Owner", "lead")])
    with pytest.raises(RoleOverrideError, match="unknown role 'boss'"):
        _roles(columns=[ColumnRole("abc", 1, 1, "3", "boss")])


def test_extraction_reads_with_the_profile_says_so_and_drops_ignored_columns(tmp_path):
    pdf = tmp_path / "q1.pdf"
    expected = draw_quarter(pdf, 1)
    profile = LayoutProfile("task-log", SIGNATURE, ("action", "lead", "ignore", "progress", "rag"))
    got = extract(pdf, ExtractSettings(profiles=(profile,)))
    assert [i.lead for i in got.items] == [e["lead"] for e in expected]
    assert all(i.extra == {} for i in got.items)
    assert got.to_dict()["tables"][0]["profile"] == "task-log"
    assert extract(pdf).to_dict()["tables"][0]["profile"] is None


def test_a_correction_that_no_longer_fits_its_table_is_a_warning_not_a_failure(tmp_path):
    pdf = tmp_path / "q1.pdf"
    draw_quarter(pdf, 1)
    sha = extract(pdf).source.sha256
    stale = (ColumnRole(sha, 1, 1, "Owner", "lead"), ColumnRole(sha, 1, 1, "Owned by", "lead"))
    got = extract(pdf, ExtractSettings(column_roles=stale))
    assert got.tables[0].roles == ("action", "extra", "lead", "progress", "rag")
    assert [w for w in got.warnings if "not applied" in w] == [
        "page 1: table 1: correction Owner=lead not applied: no column 'Owner' in the table "
        "(columns: 1='Task', 2='Actioned by', 3='Owned by', 4='Work outstanding', 5='RAG status')"]
