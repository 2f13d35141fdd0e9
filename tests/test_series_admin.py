"""Overriding series grouping, rebuilding, re-importing, and the series CLI
commands, on SQLite and PostgreSQL."""
from __future__ import annotations

import json

from click.testing import CliRunner

from council_plans.cli import main
from council_plans.db.engine import get_engine
from council_plans.db.query import run_query
from council_plans.compare.series_admin import document_ids, merge_series, rebuild_series, split_series
from council_plans.ingest.pipeline import ingest_paths
from samples.series_score import TRUTH, score_links

TRUTH_DATA = json.loads(TRUTH.read_text(encoding="utf-8"))
TELFORD = [str(TRUTH.parent / f"telford-{m}.pdf") for m in ("jul", "nov", "mar")]
WOLVES = [str(TRUTH.parent / f"wolves-{q}.pdf") for q in ("q1", "q2", "q2-pack")]


def _only(truth: dict, files: list[str]) -> dict:
    """The truth restricted to the versions of ``files``."""
    names = {f.rsplit("/", 1)[1] for f in files}
    out = {"series": []}
    for s in truth["series"]:
        versions = [v for v in s["versions"] if set(v["files"]) & names]
        if versions:
            out["series"].append({**s, "versions": versions})
    return out


def _versions(url: str) -> list[tuple]:
    _, rows = run_query("SELECT series_id, version_no, file_name, COUNT(*) FROM action_history "
                        "GROUP BY series_id, version_no, file_name ORDER BY 1, 2", url)
    return rows


def _links(url: str) -> set[tuple]:
    _, rows = run_query("SELECT action_id, prev_action_id, link_method, link_score "
                        "FROM action_history", url)
    return set(rows)


def test_split_is_kept_by_rebuild_and_undone_by_merge(db_url):
    ingest_paths(TELFORD, db_url=db_url)
    engine = get_engine(db_url)
    (series,) = {r[0] for r in _versions(db_url)}
    new = split_series(engine, series, document_ids(engine, ["telford-mar.pdf"]))
    assert [(r[0], r[1], r[2]) for r in _versions(db_url)] == [
        (series, 1, "telford-jul.pdf"), (series, 2, "telford-nov.pdf"), (new, 1, "telford-mar.pdf")]
    rebuild_series(engine)
    assert {r[2] for r in _versions(db_url) if r[1] == 1} == {"telford-jul.pdf", "telford-mar.pdf"}
    merge_series(engine, series, [new])
    assert [r[1:3] for r in _versions(db_url)] == [
        (1, "telford-jul.pdf"), (2, "telford-nov.pdf"), (3, "telford-mar.pdf")]
    score = score_links(db_url, _only(TRUTH_DATA, TELFORD))
    assert (score["wrong"], score["missed"], score["problems"]) == ([], [], [])
    engine.dispose()


def test_rebuild_gives_the_links_importing_gave(db_url):
    ingest_paths([*WOLVES, *TELFORD], db_url=db_url)
    before = _links(db_url)
    engine = get_engine(db_url)
    assert rebuild_series(engine) == 2
    assert {r[:1] + r[2:] for r in _links(db_url)} == {r[:1] + r[2:] for r in before}
    engine.dispose()


def test_forced_reimport_of_a_duplicate_pack_keeps_one_version(db_url):
    ingest_paths(WOLVES, db_url=db_url)
    report = ingest_paths(WOLVES[2:], db_url=db_url, force=True)
    assert report.outcomes[0].status == "imported"
    versions = _versions(db_url)
    assert [(r[1], r[3]) for r in versions] == [(1, 12), (2, 14)]
    score = score_links(db_url, _only(TRUTH_DATA, WOLVES))
    assert (score["wrong"], score["missed"]) == ([], [])


def test_cli_compare_history_and_series_list(db_url):
    ingest_paths(TELFORD, db_url=db_url)
    run = CliRunner().invoke
    listed = run(main, ["series", "list", "--format", "json", "--db", db_url])
    assert listed.exit_code == 0, listed.output
    (series,) = json.loads(listed.output)
    assert (series["versions"], series["documents"]) == (3, 3)
    out = run(main, ["compare", str(series["series_id"]), "--format", "json", "--db", db_url])
    assert out.exit_code == 0, out.output
    changes = {r["change"] for r in json.loads(out.stdout)}  # stderr names the versions
    assert {"dropped", "slipped", "rag"} <= changes
    pair = run(main, ["compare", "telford-jul.pdf", "telford-nov.pdf", "--format", "csv",
                      "--db", db_url])
    assert pair.exit_code == 0 and "completed" in pair.output and "new" in pair.output
    track = json.loads(out.stdout)[0]["track_id"]
    hist = run(main, ["history", str(track), "--format", "json", "--db", db_url])
    assert hist.exit_code == 0 and len(json.loads(hist.output)) >= 2
    rebuilt = run(main, ["series", "rebuild", "--db", db_url])
    assert (rebuilt.exit_code, rebuilt.output) == (0, "rebuilt 1 series\n")


def test_cli_errors_are_one_line_and_exit_2(db_url):
    ingest_paths(TELFORD[:1], db_url=db_url)
    run = CliRunner().invoke
    for args in (["history", "999"], ["compare", "999"], ["compare", "nope.pdf", "telford-jul.pdf"],
                 ["series", "merge", "1", "999"], ["series", "split", "1", "telford-jul.pdf"]):
        result = run(main, [*args, "--db", db_url])
        assert result.exit_code == 2, (args, result.output)
        assert result.output.startswith("error: ") and result.output.count("\n") == 1, result.output


def _store(engine, sha: str, title: str, as_at: str, actions: list[str]) -> None:
    from council_plans.db.engine import session_scope
    from council_plans.compare.lifecycle import store_document
    from council_plans.schema.items import SourceMeta
    from council_plans.schema.items import ActionItem, DocumentInfo, Extraction, SourceInfo

    info = DocumentInfo(title=title, plan_title=title, authority="Telford & Wrekin Council",
                        as_at=as_at)
    items = [ActionItem(action=a, ref=str(i), page_first=1, page_last=1)
             for i, a in enumerate(actions, 1)]
    extraction = Extraction(SourceInfo(f"{sha}.pdf", sha * 64, 1), info, items, parser_version="t")
    with session_scope(engine) as s:
        store_document(s, extraction, SourceMeta(file_name=f"{sha}.pdf"))


def test_a_retitled_plan_of_the_same_council_joins_its_series_by_shared_actions(db_url):
    from council_plans.compare.series_admin import list_series

    engine = get_engine(db_url)
    plan = ["Recruit foster carers.", "Reduce agency staff.", "Audit child protection plans.",
            "Refresh the supervision policy.", "Launch the placement panel."]
    _store(engine, "a", "Children's Services Improvement Plan", "2024-06-30", plan)
    _store(engine, "b", "Ofsted Action Plan: Progress Update", "2024-09-30",
           plan[:4] + ["Open a new contact centre."])
    _store(engine, "c", "Youth Justice Plan", "2024-09-30", ["Cut reoffending.", "Fund a worker."])
    listed = list_series(engine)
    assert [(s["versions"], s["documents"]) for s in listed] == [(2, 2), (1, 1)]
    score = run_query("SELECT link_method, COUNT(*) FROM action_history "
                      "WHERE prev_action_id IS NOT NULL GROUP BY link_method", db_url)[1]
    assert score == [("ref", 4)]
    engine.dispose()


def test_forced_reimport_of_a_document_split_into_its_own_series_keeps_it_there(db_url):
    ingest_paths(TELFORD, db_url=db_url)
    engine = get_engine(db_url)
    (series,) = {r[0] for r in _versions(db_url)}
    alone = split_series(engine, series, document_ids(engine, ["telford-mar.pdf"]))
    report = ingest_paths(TELFORD[2:], db_url=db_url, force=True)
    assert report.outcomes[0].status == "imported", report.outcomes[0].error
    assert [(r[0], r[2]) for r in _versions(db_url)] == [
        (series, "telford-jul.pdf"), (series, "telford-nov.pdf"), (alone, "telford-mar.pdf")]
    engine.dispose()
