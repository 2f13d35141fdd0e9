"""Series and track ids keep their meaning through split, merge and rebuild,
and the links are a function of the set of documents, not of the order they
were imported in (SQLite and PostgreSQL)."""
from __future__ import annotations

import random

from council_plans.db.engine import get_engine
from council_plans.db.query import run_query
from council_plans.compare.series_admin import document_ids, merge_series, rebuild_series, split_series
from council_plans.ingest.pipeline import ingest_paths
from samples.series_score import TRUTH

SERIES_FILES = sorted(str(p) for p in TRUTH.parent.glob("*.pdf"))
SHUFFLE_SEEDS = (1, 2, 3)


def _meaning(url: str) -> dict[int, tuple]:
    """track id -> (series id, authority, file and text of its first action)."""
    _, rows = run_query("SELECT track_id, series_id, authority, file_name, action FROM action_history "
                        "ORDER BY track_id, version_no", url)
    out: dict[int, tuple] = {}
    for track, series, authority, file_name, action in rows:
        out.setdefault(track, (series, authority, file_name, action))
    return out


def _series_documents(url: str) -> dict[int, set[str]]:
    _, rows = run_query("SELECT sd.series_id, d.file_name FROM series_document sd "
                        "JOIN document d ON d.id = sd.document_id", url)
    out: dict[int, set[str]] = {}
    for series, name in rows:
        out.setdefault(series, set()).add(name)
    return out


def _kept_meaning(before: dict[int, tuple], after: dict[int, tuple]) -> list[int]:
    """Track ids that exist after but now mean another action (must be none)."""
    return [t for t, (_, authority, file_name, action) in after.items()
            if t in before and before[t][1:] != (authority, file_name, action)]


def test_track_and_series_ids_keep_their_meaning_through_split_merge_and_rebuild(db_url):
    ingest_paths(SERIES_FILES, db_url=db_url)
    engine = get_engine(db_url)
    seen, groups = _meaning(db_url), _series_documents(db_url)
    wolves = next(s for s, names in groups.items() if "wolves-q1.pdf" in names)
    new = split_series(engine, wolves, document_ids(engine, ["wolves-q1.pdf"]))
    after_split = _meaning(db_url)
    assert _kept_meaning(seen, after_split) == []
    merge_series(engine, wolves, [new])
    assert _kept_meaning(seen, _meaning(db_url)) == []
    assert _meaning(db_url) == seen
    rebuild_series(engine)
    assert _meaning(db_url) == seen
    assert _series_documents(db_url) == groups
    engine.dispose()


def test_rebuild_keeps_every_id_when_nothing_was_overridden(db_url):
    ingest_paths(SERIES_FILES, db_url=db_url)
    seen, groups = _meaning(db_url), _series_documents(db_url)
    engine = get_engine(db_url)
    rebuild_series(engine)
    rebuild_series(engine)
    assert (_meaning(db_url), _series_documents(db_url)) == (seen, groups)
    engine.dispose()


def _structure(url: str) -> set[frozenset]:
    """Each track as the set of (file, ref, action) it holds: no ids."""
    _, rows = run_query("SELECT track_id, file_name, ref, action, link_method FROM action_history", url)
    tracks: dict[int, set] = {}
    for track, *rest in rows:
        tracks.setdefault(track, set()).add(tuple(rest))
    return {frozenset(t) for t in tracks.values()}


def _forget_dates(url: str) -> None:
    """Take every date off the versions (many real papers print none)."""
    from sqlalchemy import text

    engine = get_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE plan SET as_at = NULL"))
        conn.execute(text("UPDATE document SET meeting_date = NULL, published_date = NULL"))
    rebuild_series(engine)
    engine.dispose()


def test_three_shuffled_import_orders_give_the_same_series_and_tracks(tmp_path):
    dated, undated = [], []
    for seed in SHUFFLE_SEEDS:
        files = list(SERIES_FILES)
        random.Random(seed).shuffle(files)
        url = f"sqlite:///{tmp_path / f'order-{seed}.db'}"
        ingest_paths(files, db_url=url)
        imported = _structure(url)
        engine = get_engine(url)
        rebuild_series(engine)
        engine.dispose()
        assert _structure(url) == imported
        dated.append(imported)
        _forget_dates(url)
        undated.append(_structure(url))
    assert dated[0] == dated[1] == dated[2]
    assert undated[0] == undated[1] == undated[2]


def test_reading_a_document_again_keeps_the_ids_of_the_tracks_it_starts(db_url):
    ingest_paths(SERIES_FILES, db_url=db_url)
    seen = _meaning(db_url)
    first = next(f for f in SERIES_FILES if f.endswith("telford-jul.pdf"))
    report = ingest_paths([first], db_url=db_url, force=True)
    assert report.outcomes[0].status == "imported" and report.outcomes[0].replaced
    assert _meaning(db_url) == seen
    _, orphans = run_query("SELECT COUNT(*) FROM action_track t WHERE NOT EXISTS "
                           "(SELECT 1 FROM tracked_action a WHERE a.track_id = t.id)", db_url)
    assert orphans == [(0,)]
