"""What changed between two versions of a plan, and one action's path
(``plans compare``, ``plans history``), read from the ``action_history`` view
through the read-only query engine.

Two versions are compared by track: an action on the same track in both is
continued (its RAG, due date, ref, text and progress compared); a track only
in the older version is ``dropped``, only in the newer one ``new`` (an action
split off another is ``new`` with link method ``split``). The words are those
of ``compare.changes``, shared with ``plans report``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from council_plans.compare.changes import UNCHANGED, as_date, change_kinds, describe_link
from council_plans.db.query import run_query
from council_plans.compare.series import SeriesError

COMPARE_COLUMNS = ["change", "track_id", "ref_before", "ref_after", "action_before", "action",
                   "rag_before", "rag_after", "due_date_before", "due_date_after", "slipped_days",
                   "page_after", "link"]
HISTORY_COLUMNS = ["version_no", "as_at", "file_name", "document_id", "page_first", "ref",
                   "action", "rag", "due_date", "progress", "change", "link_method", "link_score"]


def _rows(sql: str, url: str | None) -> list[dict[str, Any]]:
    cols, rows = run_query(sql, url)
    return [dict(zip(cols, r)) for r in rows]


@dataclass(frozen=True)
class VersionPair:
    """The two versions ``plans compare`` compares, as a user can check them."""

    series_id: int
    authority: str | None
    plan_title: str | None
    before: dict[str, Any]
    after: dict[str, Any]

    def line(self) -> str:
        """'series 2 (City of ..., Plan): version 3 (wolves-q3.pdf, as at 2024-12-31) ->
        version 4 (wolves-q4.pdf, as at 2025-03-31)'."""
        def one(v: dict[str, Any]) -> str:
            files = ", ".join(v["files"])
            when = f"as at {str(v['as_at'])[:10]}" if v["as_at"] else "no date"
            return f"version {v['ordinal']} ({files}, {when})"

        head = (f"series {self.series_id} ({self.authority or 'authority unknown'}, "
                f"{self.plan_title or 'untitled plan'}): ")
        if self.before["id"] == self.after["id"]:
            return head + f"both are {one(self.after)}"
        return head + f"{one(self.before)} -> {one(self.after)}"


def _series_versions(url: str | None, series_id: int) -> list[dict[str, Any]]:
    if not _rows(f"SELECT id FROM plan_series WHERE id = {int(series_id)}", url):
        raise SeriesError(f"no series {series_id} (see plans series list)")
    return _rows(f"SELECT id FROM series_version WHERE series_id = {int(series_id)} "
                 "ORDER BY ordinal DESC", url)


def versions_to_compare(url: str | None, series_id: int | None = None,
                        documents: tuple[int, ...] | None = None) -> tuple[int, int]:
    """Version ids: a series' last two, or the versions holding two documents."""
    if documents is None:
        if series_id is None:  # int(None) raised a TypeError here; the same, now saying why
            raise TypeError("versions_to_compare needs a series id or two documents")
        found = _series_versions(url, series_id)
        if len(found) < 2:
            raise SeriesError(f"series {series_id} has only {len(found)} version(s); "
                              "nothing to compare")
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


def describe_versions(url: str | None, version_a: int, version_b: int) -> VersionPair:
    """Which documents and dates the two versions are."""
    rows = _rows("SELECT v.id, v.series_id, v.ordinal, v.version_date AS as_at, v.document_id, d.file_name, "
                 "ps.title, au.name AS authority FROM series_version v "
                 "JOIN series_document sd ON sd.version_id = v.id "
                 "JOIN document d ON d.id = sd.document_id "
                 "JOIN plan_series ps ON ps.id = v.series_id "
                 "LEFT JOIN authority au ON au.id = ps.authority_id "
                 f"WHERE v.id IN ({int(version_a)}, {int(version_b)}) "
                 "ORDER BY v.ordinal, d.file_name", url)
    versions: dict[int, dict[str, Any]] = {}
    for r in rows:
        v = versions.setdefault(r["id"], {**r, "files": []})
        v["files"].append(r["file_name"])
    first = rows[0]
    return VersionPair(first["series_id"], first["authority"], first["title"],
                       versions[version_a], versions[version_b])


#: characters of an earlier action's text that name it when it printed no ref
LABEL_CHARS = 40


def _label(ref: str | None, text: str | None) -> str:
    """How a link names the earlier action: its ref, else the start of its text."""
    if ref:
        return ref
    text = " ".join((text or "").split())
    return repr(text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS].rsplit(" ", 1)[0] + "…")


def _prev_refs(url: str | None, rows: list[dict[str, Any]]) -> dict[int, str | None]:
    ids = sorted({int(r["prev_action_id"]) for r in rows if r["prev_action_id"] is not None})
    if not ids:
        return {}
    return {r["id"]: _label(r["ref"], r["text"]) for r in _rows(
        f"SELECT id, ref, text FROM action WHERE id IN ({', '.join(map(str, ids))})", url)}


def _link(before: dict | None, after: dict | None, prev_refs: dict[int, str | None]) -> str | None:
    """What matched, when the newer action links the two compared versions' actions
    (or it was split off another)."""
    if after is None or not after["link_method"]:
        return None
    if before is None and after["link_method"] != "split":
        return None
    return describe_link(after["link_method"], after["link_score"],
                         prev_refs.get(after["prev_action_id"]))


def compare_versions(url: str | None, version_a: int, version_b: int,
                     include_unchanged: bool = False) -> tuple[list[str], list[tuple]]:
    """One row per track that changed between the two versions (see module doc)."""
    if version_a == version_b:
        return COMPARE_COLUMNS, []
    rows = _rows("SELECT * FROM action_history WHERE version_id IN "
                 f"({int(version_a)}, {int(version_b)}) ORDER BY version_no, action_id", url)
    before = {r["track_id"]: r for r in rows if r["version_id"] == version_a}
    after = {r["track_id"]: r for r in rows if r["version_id"] == version_b}
    prev_refs = _prev_refs(url, list(after.values()))
    out = []
    for track in [*after, *(t for t in before if t not in after)]:
        a, b = before.get(track), after.get(track)
        change = change_kinds(a, b)
        if not change and not include_unchanged:
            continue
        due_a, due_b = as_date(a and a["due_date"]), as_date(b and b["due_date"])
        shown = b or a
        assert shown is not None  # every track is in one of the two versions
        old_text = a["action"] if a and b and a["action"] != b["action"] else None
        out.append(("; ".join(change) or UNCHANGED, track, a and a["ref"], b and b["ref"],
                    old_text, shown["action"], a and a["rag"], b and b["rag"], due_a, due_b,
                    (due_b - due_a).days if due_a and due_b else None,
                    b and b["page_first"], _link(a, b, prev_refs)))
    return COMPARE_COLUMNS, out


def track_history(url: str | None, track_id: int) -> tuple[list[str], list[tuple]]:
    """Every version of one tracked action, oldest first."""
    rows = _rows(f"SELECT * FROM action_history WHERE track_id = {int(track_id)} "
                 "ORDER BY version_no", url)
    if not rows:
        raise SeriesError(f"no tracked action {track_id}")
    out, prev = [], None
    for r in rows:
        first = prev is None and r["version_no"] == 1
        later = prev is not None and r["version_no"] == prev["version_no"] + 1
        kinds = [] if first else change_kinds(prev if later else None, r)
        r["change"] = None if first else "; ".join(kinds) or UNCHANGED
        out.append(tuple(r[c] for c in HISTORY_COLUMNS))
        prev = r
    return HISTORY_COLUMNS, out


def latest_changes(url: str | None) -> list[tuple[VersionPair, dict[str, Any]]]:
    """What changed in each series' latest version (series with two or more
    versions), as ``plans compare SERIES`` lists it: (versions, row) pairs."""
    out: list[tuple[VersionPair, dict[str, Any]]] = []
    for series in _rows("SELECT series_id FROM series_version GROUP BY series_id "
                        "HAVING COUNT(*) > 1 ORDER BY series_id", url):
        a, b = versions_to_compare(url, series["series_id"])
        pair = describe_versions(url, a, b)
        cols, rows = compare_versions(url, a, b)
        out.extend((pair, dict(zip(cols, row))) for row in rows)
    return out
