"""Plan series and tracked actions on the generated sample series, checked
against the generator's truth through the analysts' views, on SQLite and
PostgreSQL."""
from __future__ import annotations

import json

import pytest

from council_plans.db.query import run_query
from samples.series import generate
from samples.series_score import (TRUTH, expected_changes, ingest_samples, reported_changes,
                                  score_links)

SERIES_DIR = TRUTH.parent
TRUTH_DATA = json.loads(TRUTH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def series_url(request, tmp_path_factory):
    """A database holding the committed sample series, imported once per backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('series') / 'plans.db'}"
        ingest_samples(SERIES_DIR, url)
        yield url
        return
    from sqlalchemy.engine import make_url

    from council_plans.db.server import create_database, drop_database

    server = request.getfixturevalue("pg_server_url")
    url = create_database(server)
    ingest_samples(SERIES_DIR, url)
    yield url
    drop_database(server, make_url(url).database)


def test_every_link_between_versions_matches_the_generator_truth(series_url):
    score = score_links(series_url, TRUTH_DATA)
    assert score["problems"] == []
    assert score["wrong"] == [] and score["missed"] == []
    assert score["precision"] >= 0.99 and score["recall"] >= 0.97
    assert score["links_true"] == 56


def test_every_rag_move_slip_drop_and_new_action_is_reported(series_url):
    want = expected_changes(TRUTH_DATA)
    got = reported_changes(series_url, TRUTH_DATA)
    assert got == want
    moves = [k for k, v in want.items() if v["rag"][0] and v["rag"][1] and v["rag"][0] != v["rag"][1]]
    slips = [k for k, v in want.items() if v["due"][0] and v["due"][1] and v["due"][0] != v["due"][1]]
    assert len(moves) >= 15 and len(slips) >= 7  # the script seeds this many


def test_slipped_days_are_the_difference_of_due_dates(series_url):
    _, rows = run_query("SELECT due_date_before, due_date_after, slipped_days FROM action_changes "
                        "WHERE slipped_days <> 0", series_url)
    import datetime as dt

    assert rows
    for before, after, days in rows:
        assert (dt.date.fromisoformat(str(after)[:10])
                - dt.date.fromisoformat(str(before)[:10])).days == days


def test_the_same_version_printed_in_two_packs_is_counted_once(series_url):
    _, rows = run_query("SELECT version_no, source_documents, COUNT(*) FROM action_history "
                        "WHERE authority = 'City of Wolverhampton Council' "
                        "GROUP BY version_no, source_documents ORDER BY version_no", series_url)
    wolves = next(s for s in TRUTH_DATA["series"] if s["name"] == "wolves")
    assert [(r[0], r[1], r[2]) for r in rows] == [
        (i, len(v["files"]), len(v["actions"])) for i, v in enumerate(wolves["versions"], 1)]


def test_authority_summary_reads_the_latest_version_of_each_series(series_url):
    _, rows = run_query("SELECT authority, actions, overdue, blue, dropped_not_completed, "
                        "latest_as_at FROM authority_summary ORDER BY authority", series_url)
    got = {r[0]: r[1:] for r in rows}
    for series in TRUTH_DATA["series"]:
        last = series["versions"][-1]
        overdue = sum(a["due_date"] < last["as_at"] and a["rag"] != "blue" for a in last["actions"])
        complete = sum(a["rag"] == "blue" for a in last["actions"])
        dropped = sum(v["dropped"] and v["rag"][0] != "blue"
                      for k, v in expected_changes(TRUTH_DATA).items() if k[0] == series["name"])
        actions, got_overdue, blue, got_dropped, as_at = got[series["authority"]]
        assert (actions, got_overdue, blue, got_dropped) == (len(last["actions"]), overdue,
                                                            complete, dropped)
        assert str(as_at)[:10] == last["as_at"]


def test_latest_actions_flags_overdue_by_the_version_date(series_url):
    _, rows = run_query("SELECT due_date, as_at, rag, overdue, days_overdue FROM latest_actions",
                        series_url)
    assert rows and any(r[3] for r in rows) and not all(r[3] for r in rows)
    for due, as_at, rag, overdue, days in rows:
        late = str(due)[:10] < str(as_at)[:10] and rag != "blue"
        assert overdue == int(late)
        assert (days is not None and days > 0) == late


def test_links_record_their_method_and_score(series_url):
    _, rows = run_query("SELECT link_method, MIN(link_score), COUNT(*) FROM action_history "
                        "WHERE prev_action_id IS NOT NULL GROUP BY link_method", series_url)
    methods = {r[0]: (r[1], r[2]) for r in rows}
    assert set(methods) == {"ref", "text", "split", "part", "section"}
    assert all(score >= 60 for score, _ in methods.values())


def test_importing_in_reverse_order_gives_the_same_links(tmp_path):
    from council_plans.ingest.pipeline import ingest_paths

    url = f"sqlite:///{tmp_path / 'rev.db'}"
    ingest_paths(sorted((str(p) for p in SERIES_DIR.glob("*.pdf")), reverse=True), db_url=url)
    score = score_links(url, TRUTH_DATA)
    assert (score["wrong"], score["missed"], score["problems"]) == ([], [], [])
    assert reported_changes(url, TRUTH_DATA) == expected_changes(TRUTH_DATA)


def test_generating_the_series_again_gives_the_committed_files(tmp_path):
    generate(tmp_path)
    for fresh in sorted(tmp_path.iterdir()):
        assert fresh.read_bytes() == (SERIES_DIR / fresh.name).read_bytes(), fresh.name
    assert {p.name for p in tmp_path.iterdir()} == {p.name for p in SERIES_DIR.iterdir()}


def test_pandas_loaders_give_the_views_with_real_dates(series_url):
    from council_plans.compare.frames import action_changes, action_history, authority_summary

    history = action_history(series_url)
    assert len(history) == sum(len(v["actions"]) for s in TRUTH_DATA["series"]
                               for v in s["versions"])
    assert str(history["as_at"].dtype).startswith("datetime64")
    assert str(history["due_date"].dtype).startswith("datetime64")
    changes = action_changes(series_url)
    want = sum((dt_after - dt_before).days for dt_before, dt_after in (
        (_d(v["due"][0]), _d(v["due"][1])) for v in expected_changes(TRUTH_DATA).values()
        if v["due"][0] and v["due"][1]))
    assert changes["slipped_days"].sum() == want > 0
    assert set(authority_summary(series_url)["authority"]) == {
        s["authority"] for s in TRUTH_DATA["series"]}


def _d(iso: str):
    import datetime as dt

    return dt.date.fromisoformat(iso)


def test_views_carry_register_codes_themes_and_role_levels(series_url):
    _, rows = run_query("SELECT DISTINCT authority, authority_code, gss_code FROM action_history "
                        "ORDER BY authority", series_url)
    assert rows == [("City of Wolverhampton Council", "WLV", "E08000031"),
                    ("Telford & Wrekin Council", "TFW", "E06000020")]
    _, rows = run_query("SELECT theme, lead_role, COUNT(*) FROM latest_actions "
                        "GROUP BY theme, lead_role", series_url)
    themes = {r[0] for r in rows}
    assert {"leadership", "help_and_protection", "children_in_care"} <= themes
    assert {r[1] for r in rows} >= {"head_of_service", "manager"}
