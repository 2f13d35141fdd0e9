"""plans compare, history and report name the versions they compare, show old
and new wording, say what a link matched, and use one vocabulary of change
kinds; unknown series and self-merges are usage errors."""
from __future__ import annotations

import html
import re

import pytest
from click.testing import CliRunner

from council_plans.cli import main
from council_plans.compare.changes import CHANGE_KINDS, UNCHANGED
from council_plans.db.query import run_query
from council_plans.ingest.pipeline import ingest_paths
from samples.series_score import TRUTH

SERIES_FILES = sorted(str(p) for p in TRUTH.parent.glob("*.pdf"))


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    db = f"sqlite:///{tmp_path_factory.mktemp('cmp') / 'series.db'}"
    ingest_paths(SERIES_FILES, db_url=db)
    return db


def _series(url: str, authority_word: str) -> int:
    _, rows = run_query("SELECT DISTINCT series_id, authority FROM action_history", url)
    return next(s for s, a in rows if authority_word in a)


def _plans(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_compare_names_the_two_versions_it_compares(url):
    code, out, _ = _plans("compare", str(_series(url, "Wolverhampton")), "--db", url)
    assert code == 0
    assert ("version 3 (wolves-q3.pdf, as at 2024-12-31) -> "
            "version 4 (wolves-q4.pdf, as at 2025-03-31)") in out.splitlines()[0]


def test_compare_names_the_versions_on_stderr_so_csv_stays_parseable(url):
    code, out, err = _plans("compare", str(_series(url, "Wolverhampton")), "--db", url,
                            "--format", "csv")
    assert code == 0 and out.startswith("change,")
    assert "-> version 4 (wolves-q4.pdf" in err


def test_a_reworded_action_shows_its_old_and_new_wording(url):
    _, out, _ = _plans("compare", str(_series(url, "Wolverhampton")), "--db", url,
                       "--format", "json")
    import json

    reworded = [r for r in json.loads(out) if "reworded" in r["change"]]
    assert (
        "Recruit forever families and long term foster carers to improve the fostering resource.",
        "Recruit forever families and long term foster carers to increase the fostering resource."
    ) in [(r["action_before"], r["action"]) for r in reworded]
    assert all(r["action_before"] is None for r in json.loads(out) if "reworded" not in r["change"])


def _compared(url: str, word: str) -> dict[str, dict]:
    import json

    _, out, _ = _plans("compare", str(_series(url, word)), "--db", url, "--format", "json")
    return {r["action"]: r for r in json.loads(out)}


def test_a_split_action_continues_its_track_in_its_first_part_and_the_rest_is_new(url):
    rows = _compared(url, "Telford")
    kept = rows["Ensure that young people get swift access to appropriate education provision."]
    assert kept["change"] == "rag; reworded"
    assert kept["action_before"].endswith("provision and reduce delay between placements.")
    assert kept["link"] == "kept part of 'Ensure that young people get swift…' (text 100)"
    split = rows["Reduce delay between placements."]
    assert (split["change"], split["link"]) == (
        "new", "split off 'Ensure that young people get swift…' (text 100)")


def test_an_action_reworded_and_renumbered_in_one_version_continues_its_track(url):
    row = _compared(url, "Wolverhampton")[
        "Make sure initial child protection conferences are held within timescales."]
    assert (row["change"], row["ref_before"], row["ref_after"]) == ("reworded; renumbered", "2.1", "2.6")
    assert row["link"].startswith("same section, text ")


def _compare_rows(url: str) -> list[tuple[str, str]]:
    import json

    out = []
    for word in ("Telford", "Wolverhampton"):
        _, text, _ = _plans("compare", str(_series(url, word)), "--db", url, "--format", "json")
        out += [(r["change"], r["action"]) for r in json.loads(text)]
    return out


def _report_rows(path) -> list[tuple[str, str]]:
    page = path.read_text(encoding="utf-8")
    table = page.split("What changed in each series' latest version", 1)[1].split("</table>")[0]
    rows = []
    for tr in re.findall(r"<tr>(.*?)</tr>", table)[1:]:
        cells = [html.unescape(c) for c in re.findall(r"<td>(?:<a [^>]*>)?(.*?)(?:</a>)?</td>", tr)]
        rows.append((cells[2], cells[4].split(" -> ")[-1]))
    return rows


def test_report_lists_the_same_changes_with_the_same_names_as_compare(url, tmp_path):
    out = tmp_path / "r.html"
    code, _, err = _plans("report", "--out", str(out), "--db", url)
    assert code == 0, err
    assert sorted(_report_rows(out)) == sorted(_compare_rows(url))
    words = {w for change, _ in _compare_rows(url) for w in change.split("; ")}
    assert words <= set(CHANGE_KINDS) and "RAG move" not in out.read_text(encoding="utf-8")


def test_history_names_each_version_change_in_the_same_words(url):
    import json

    _, out, _ = _plans("compare", str(_series(url, "Wolverhampton")), "--db", url, "--format", "json")
    slipped = next(r for r in json.loads(out) if r["change"] == "rag; slipped")
    _, text, _ = _plans("history", str(slipped["track_id"]), "--db", url, "--format", "json")
    changes = [r["change"] for r in json.loads(text)]
    assert changes[0] is None and changes[-1] == "rag; slipped"
    assert all(c == UNCHANGED or set(c.split("; ")) <= set(CHANGE_KINDS) for c in changes[1:])


def test_links_in_a_plan_without_refs_say_the_text_matched_not_a_ref(url):
    _, rows = run_query("SELECT DISTINCT link_method FROM action_history "
                        "WHERE ref IS NULL AND link_method IS NOT NULL", url)
    assert {r[0] for r in rows} <= {"text", "section", "part", "split"}
    _, out, _ = _plans("compare", str(_series(url, "Telford")), "--db", url, "--format", "csv")
    assert "same text" in out and ",ref 100" not in out


def test_comparing_a_series_that_does_not_exist_is_an_error(url):
    code, _, err = _plans("compare", "99", "--db", url)
    assert (code, err.strip()) == (2, "error: no series 99 (see plans series list)")


def test_merging_a_series_into_itself_is_an_error(url):
    sid = str(_series(url, "Telford"))
    code, _, err = _plans("series", "merge", sid, sid, "--db", url)
    assert code == 2 and "cannot be merged into itself" in err


def test_the_action_changes_view_names_every_change_as_compare_does(db_url):
    from council_plans.compare.compare import compare_versions

    ingest_paths([f for f in SERIES_FILES if "wolves" in f or "telford-mar" in f
                  or "telford-nov" in f], db_url=db_url)
    _, pairs = run_query("SELECT DISTINCT b.id, a.id FROM series_version a JOIN series_version b "
                         "ON b.series_id = a.series_id AND b.ordinal = a.ordinal - 1", db_url)
    assert len(pairs) == 4
    for before, after in pairs:
        _, rows = compare_versions(db_url, before, after, include_unchanged=True)
        _, view = run_query("SELECT change, track_id FROM action_changes v JOIN series_version sv "
                            "ON sv.series_id = v.series_id AND sv.ordinal = v.version_after "
                            f"WHERE sv.id = {after}", db_url)
        assert sorted(view) == sorted((r[0], r[1]) for r in rows)
