"""What changed between two versions of a plan, and one action's path
(``plans compare``, ``plans history``), read from the ``action_history`` view
through the read-only query engine.

Two versions are compared by track: an action on the same track in both is
continued (its RAG, due date, ref, text and progress compared); a track only
in the older version is ``dropped``, only in the newer one ``new`` (an action
split off another is ``new`` with link method ``split``).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from council_plans.db.query import run_query
from council_plans.compare.series import SeriesError

COMPARE_COLUMNS = ["change", "track_id", "ref_before", "ref_after", "action", "rag_before",
                   "rag_after", "due_date_before", "due_date_after", "slipped_days",
                   "page_after", "link"]
HISTORY_COLUMNS = ["version_no", "as_at", "file_name", "document_id", "page_first", "ref",
                   "action", "rag", "due_date", "progress", "link_method", "link_score"]


def _rows(sql: str, url: str | None) -> list[dict[str, Any]]:
    cols, rows = run_query(sql, url)
    return [dict(zip(cols, r)) for r in rows]


def _date(value: Any) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(str(value)[:10])


def versions_to_compare(url: str | None, series_id: int | None = None,
                        documents: tuple[int, ...] | None = None) -> tuple[int, int]:
    """Version ids: a series' last two, or the versions holding two documents."""
    if documents is None:
        if series_id is None:  # int(None) raised a TypeError here; the same, now saying why
            raise TypeError("versions_to_compare needs a series id or two documents")
        found = _rows(f"SELECT id FROM series_version WHERE series_id = {int(series_id)} "
                      "ORDER BY ordinal DESC", url)
        if len(found) < 2:
            raise SeriesError(f"series {series_id} has {len(found)} version(s); nothing to compare")
        return found[1]["id"], found[0]["id"]
    ids = ", ".join(str(int(d)) for d in documents)
    by_document = {r["document_id"]: r for r in _rows(
        "SELECT sd.document_id, sd.series_id, sd.version_id, v.ordinal FROM series_document sd "
        f"JOIN series_version v ON v.id = sd.version_id WHERE sd.document_id IN ({ids})", url)}
    for d in documents:
        if d not in by_document:
            raise SeriesError(f"document {d} holds no plan version (no items, or not imported)")
    a, b = (by_document[d] for d in documents)
    if a["series_id"] != b["series_id"]:
        raise SeriesError(f"documents {documents[0]} and {documents[1]} are in different series "
                          f"({a['series_id']}, {b['series_id']}); see plans series merge")
    a, b = sorted((a, b), key=lambda r: r["ordinal"])
    return a["version_id"], b["version_id"]


def _changes(before: dict | None, after: dict | None) -> list[str]:
    if before is None:
        return ["new"]
    if after is None:
        return ["dropped"]
    out = []
    if before["rag"] != after["rag"]:
        out.append("completed" if after["rag"] == "blue" else "rag")
    due_a, due_b = _date(before["due_date"]), _date(after["due_date"])
    if due_a and due_b and due_a != due_b:
        out.append("slipped" if due_b > due_a else "brought forward")
    if before["action"] != after["action"]:
        out.append("reworded")
    if (before["ref"] or "") != (after["ref"] or ""):
        out.append("renumbered")
    return out


def _link(before: dict | None, after: dict | None) -> str | None:
    """The newer action's link, when it links the two compared versions' actions
    (or it was split off): "method score"."""
    if after is None or not after["link_method"]:
        return None
    if before is None and after["link_method"] != "split":
        return None
    return f"{after['link_method']} {after['link_score']:g}"


def compare_versions(url: str | None, version_a: int, version_b: int,
                     include_unchanged: bool = False) -> tuple[list[str], list[tuple]]:
    """One row per track that changed between the two versions (see module doc)."""
    if version_a == version_b:
        return COMPARE_COLUMNS, []
    rows = _rows("SELECT * FROM action_history WHERE version_id IN "
                 f"({int(version_a)}, {int(version_b)}) ORDER BY version_no, action_id", url)
    before = {r["track_id"]: r for r in rows if r["version_id"] == version_a}
    after = {r["track_id"]: r for r in rows if r["version_id"] == version_b}
    out = []
    for track in [*after, *(t for t in before if t not in after)]:
        a, b = before.get(track), after.get(track)
        change = _changes(a, b)
        if not change and not include_unchanged:
            continue
        due_a, due_b = _date(a and a["due_date"]), _date(b and b["due_date"])
        shown = b or a
        assert shown is not None, "every track comes from before or after"
        out.append(("; ".join(change) or "unchanged", track, a and a["ref"], b and b["ref"],
                    shown["action"], a and a["rag"], b and b["rag"], due_a, due_b,
                    (due_b - due_a).days if due_a and due_b else None,
                    b and b["page_first"],
                    _link(a, b)))
    return COMPARE_COLUMNS, out


def track_history(url: str | None, track_id: int) -> tuple[list[str], list[tuple]]:
    """Every version of one tracked action, oldest first."""
    rows = _rows(f"SELECT * FROM action_history WHERE track_id = {int(track_id)} "
                 "ORDER BY version_no", url)
    if not rows:
        raise SeriesError(f"no tracked action {track_id}")
    return HISTORY_COLUMNS, [tuple(r[c] for c in HISTORY_COLUMNS) for r in rows]
