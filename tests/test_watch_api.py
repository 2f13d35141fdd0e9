"""The watcher through the public API: what ``plans watch add / list / status /
remove`` do is one ``Database`` call each (no network with ``check=False``)."""
from __future__ import annotations

import pytest

import council_plans as cp
from council_plans.ingest.moderngov.admin import SourceCheckError
from council_plans.ingest.moderngov.watch import WatchError, committees_of


def test_a_source_added_through_the_api_is_listed_updated_and_removed(tmp_path):
    db = cp.Database(f"sqlite:///{tmp_path / 'plans.db'}")
    source, created = db.watch_add("https://democracy.example.gov.uk/", "Example Council",
                                   ["Cabinet"], contact="ops@example.org", check=False)
    assert created and source.site == "https://democracy.example.gov.uk"
    again, created_again = db.watch_add("https://democracy.example.gov.uk/mgWebService.asmx",
                                        "Example Council", ["Cabinet", "Scrutiny"], check=False)
    assert not created_again and again.id == source.id
    (only,) = db.watch_sources()
    assert committees_of(only) == ["Cabinet", "Scrutiny"] and only.contact == "ops@example.org"
    columns, rows = db.watch_status()
    assert columns and rows == []
    assert [s.id for s in db.watch_remove([source.id])] == [source.id]
    assert db.watch_sources() == []


def test_the_api_refuses_a_site_that_is_no_web_address_and_an_unknown_source(tmp_path):
    db = cp.Database(f"sqlite:///{tmp_path / 'plans.db'}")
    with pytest.raises(WatchError, match="not an http"):
        db.watch_add("ftp://example.org", "Example Council", check=False)
    with pytest.raises(SourceCheckError):
        db.watch_remove([42])
    assert isinstance(WatchError("x"), cp.CouncilPlansError)
