"""Score plan series, action links and reported changes against a series truth
file (``samples/series.py`` writes one), reading only the analysts' views.

    python samples/series_score.py                   # ingest samples/series into a temp SQLite
    python samples/series_score.py --db URL --truth samples/series/series-truth.json

A link is a pair (action in version k-1, action in version k) of one series;
precision and recall count such pairs, including split links. Actions are
matched to the truth by file and printed order, and their texts checked.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from council_plans.db.query import run_query

TRUTH = Path(__file__).resolve().parent / "series" / "series-truth.json"
Key = tuple[str, int, str]  # (series name, version number from 1, action key)


def _file_versions(truth: dict) -> dict[str, tuple[str, int, dict]]:
    out = {}
    for s in truth["series"]:
        for i, v in enumerate(s["versions"]):
            for f in v["files"]:
                out[f] = (s["name"], i, v)
    return out


def truth_links(truth: dict) -> set[tuple[str, int, str, str]]:
    """(series, version, parent key, key) for every link between consecutive versions."""
    return {(s["name"], k, p, a["key"]) for s in truth["series"]
            for k, v in enumerate(s["versions"][1:], 2) for a in v["actions"] for p in a["parents"]}


def key_map(url: str, truth: dict) -> tuple[dict[int, Key], list[str]]:
    """action_id -> (series, key) from action_history; problems found on the way."""
    files = _file_versions(truth)
    _, rows = run_query("SELECT file_name, action_id, action FROM action_history "
                        "ORDER BY document_id, action_id", url)
    by_file: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for file_name, action_id, text in rows:
        by_file[file_name].append((action_id, text))
    keys, problems = {}, []
    for file_name, actions in by_file.items():
        if file_name not in files:
            problems.append(f"{file_name}: not in the truth")
            continue
        name, index, version = files[file_name]
        if len(actions) != len(version["actions"]):
            problems.append(f"{file_name}: {len(actions)} actions, truth {len(version['actions'])}")
        for (action_id, text), want in zip(actions, version["actions"]):
            if text != want["action"]:
                problems.append(f"{file_name}: {text!r} != {want['action']!r}")
            keys[action_id] = (name, index + 1, want["key"])
    return keys, problems


def score_links(url: str, truth: dict) -> dict[str, Any]:
    """Link precision and recall, and how the documents were grouped."""
    keys, problems = key_map(url, truth)
    _, rows = run_query("SELECT action_id, prev_action_id FROM action_history "
                        "WHERE prev_action_id IS NOT NULL", url)
    predicted = set()
    for action_id, prev_id in rows:
        (name, k, key), before = keys[action_id], keys.get(prev_id, ("?", 0, "?"))
        same = before[:2] == (name, k - 1)
        predicted.add((name if same else "?", k, before[2], key))
    wanted = truth_links(truth)
    hit = len(predicted & wanted)
    return {"links_true": len(wanted), "links_found": len(predicted), "links_correct": hit,
            "precision": hit / len(predicted) if predicted else 0.0,
            "recall": hit / len(wanted) if wanted else 1.0,
            "wrong": sorted(predicted - wanted), "missed": sorted(wanted - predicted),
            "problems": problems}


def expected_changes(truth: dict) -> dict[tuple[str, int, str], dict[str, Any]]:
    """(series, version_after, key) -> the change the truth says happened."""
    out = {}
    for s in truth["series"]:
        for k in range(1, len(s["versions"])):
            before = {a["key"]: a for a in s["versions"][k - 1]["actions"]}
            after = s["versions"][k]["actions"]
            continued = {p for a in after if a["parents"] == [a["key"]] for p in a["parents"]}
            for a in after:
                b = before.get(a["key"]) if a["parents"] == [a["key"]] else None
                out[(s["name"], k + 1, a["key"])] = {
                    "new": int(b is None), "dropped": 0,
                    "rag": (b["rag"] if b else None, a["rag"]),
                    "due": (b["due_date"] if b else None, a["due_date"])}
            for key, b in before.items():
                if key not in continued:
                    out[(s["name"], k + 1, key)] = {"new": 0, "dropped": 1,
                                                   "rag": (b["rag"], None),
                                                   "due": (b["due_date"], None)}
    return out


def reported_changes(url: str, truth: dict) -> dict[tuple[str, int, str], dict[str, Any]]:
    """The same, read from the action_changes view."""
    keys, _ = key_map(url, truth)
    _, rows = run_query("SELECT action_before, action_after, version_after, new, dropped, "
                        "rag_before, rag_after, due_date_before, due_date_after "
                        "FROM action_changes", url)
    out = {}
    for before, after, version, new, dropped, rb, ra, db, da in rows:
        name, _, key = keys[after if after is not None else before]
        out[(name, version, key)] = {"new": new, "dropped": dropped, "rag": (rb, ra),
                                     "due": (_iso(db), _iso(da))}
    return out


def _iso(value: Any) -> str | None:
    return None if value is None else str(value)[:10]


def ingest_samples(folder: Path, url: str) -> None:
    from council_plans.ingest.pipeline import ingest_paths

    ingest_paths(sorted(str(p) for p in folder.glob("*.pdf")), db_url=url)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="database already holding the series (default: ingest samples)")
    ap.add_argument("--truth", type=Path, default=TRUTH)
    args = ap.parse_args(argv)
    truth = json.loads(args.truth.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'series.db'}"
        if not args.db:
            ingest_samples(args.truth.parent, url)
        links = score_links(url, truth)
        want, got = expected_changes(truth), reported_changes(url, truth)
    agree = sum(got.get(k) == v for k, v in want.items())
    print(f"links: {links['links_correct']}/{links['links_found']} found correct, "
          f"{links['links_true']} true; precision {links['precision']:.3f} "
          f"recall {links['recall']:.3f}")
    print(f"changes: {agree}/{len(want)} (version, action) changes reported as the truth says; "
          f"{len(set(got) - set(want))} extra")
    for label in ("wrong", "missed", "problems"):
        for entry in links[label]:
            print(f"{label}: {entry}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
