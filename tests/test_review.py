"""Review and correction on SQLite and PostgreSQL: a column-role fix saved as a
layout profile reads next quarter's plan right; item corrections survive
--force, plans remove and a parser-version bump; the queue lists doubtful
tables; profiles travel as TOML."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from council_plans.db.engine import get_engine
from council_plans.compare.lifecycle import remove_documents
from council_plans.db.query import run_query
from council_plans.ingest.pipeline import ingest_paths
from council_plans.review import (export_profiles, fix, import_profiles, list_profiles,
                                  remove_profile, review, save_profile)
from council_plans.review.corrections import reread
from review_samples import draw_quarter

ACTIONER_LEADS = {"Actioned by": "lead", "Owned by": "extra"}


@pytest.fixture(scope="module")
def quarters(tmp_path_factory):
    out = tmp_path_factory.mktemp("quarters")
    return [(out / f"q{q}.pdf", draw_quarter(out / f"q{q}.pdf", q)) for q in (1, 2)]


def _items(url: str, name: str) -> list[dict]:
    cols, rows = run_query(f"SELECT * FROM action_items WHERE document = '{name}' ORDER BY position", url)
    return [dict(zip(cols, r)) for r in rows]


def test_a_role_fix_saved_as_a_profile_reads_next_quarters_plan_right(db_url, quarters):
    (q1, _), (q2, expected_q2) = quarters
    ingest_paths([q1], db_url=db_url)
    assert [i["lead"] for i in _items(db_url, "q1.pdf")][0] == "DCI Simpson"  # not this council's lead
    engine = get_engine(db_url)
    fix(engine, document="q1.pdf", page=1, table=1, roles=ACTIONER_LEADS, author="tester")
    save_profile(engine, "task-log", "q1.pdf", 1, 1, author="tester")
    ingest_paths([q2], db_url=db_url)
    got = _items(db_url, "q2.pdf")
    assert [i["lead"] for i in got] == [e["lead"] for e in expected_q2]
    assert [i["progress"] for i in got] == [e["progress"] for e in expected_q2]
    assert {i["corrected"] for i in got} == {1}
    _, rows = run_query("SELECT t.profile FROM plan_table t JOIN document d ON d.id = t.document_id "
                        "WHERE d.file_name = 'q2.pdf'", db_url)
    assert rows == [("task-log",)]
    engine.dispose()


def test_item_fixes_survive_force_remove_and_a_new_parser_version(db_url, quarters, monkeypatch):
    (q1, _), _ = quarters
    ingest_paths([q1], db_url=db_url)
    engine = get_engine(db_url)
    first, second, third = _items(db_url, "q1.pdf")
    fix(engine, first["item_id"], values={"lead": "Director of Children's Services"},
        author="tester", reason="the owner")
    third = _items(db_url, "q1.pdf")[2]  # a fix reads the document again: new row ids
    fix(engine, third["item_id"], drop=True, author="tester")

    def check() -> None:
        items = _items(db_url, "q1.pdf")
        assert [i["lead"] for i in items] == ["Director of Children's Services", second["lead"]]
        assert [i["corrected"] for i in items] == [1, 0]
        _, rows = run_query("SELECT field, extracted_value, new_value FROM correction_history "
                            "WHERE kind = 'value'", db_url)
        assert rows == [("lead", first["lead"], "Director of Children's Services")]

    check()
    ingest_paths([q1], db_url=db_url, force=True)
    check()
    remove_documents(engine, ["q1.pdf"])
    ingest_paths([q1], db_url=db_url)
    check()
    monkeypatch.setattr("council_plans.parsers.PARSER_VERSION", "99.0-test")
    _, (doc_id,) = run_query("SELECT id FROM document WHERE file_name = 'q1.pdf'", db_url)
    reread(engine, doc_id[0])
    check()
    assert {i["parser_version"] for i in _items(db_url, "q1.pdf")} == {"99.0-test"}
    engine.dispose()


def test_the_queue_names_a_doubtful_table_until_a_person_sets_its_roles(db_url, quarters):
    url = db_url
    (q1, _), _ = quarters
    ingest_paths([q1], db_url=url)
    before = [e for e in review(url) if e.document == "q1.pdf"]
    assert [(e.page, e.table, e.where) for e in before] == [(1, 1, "/-/table/1/0")]
    assert "no timescale column" in before[0].reason
    fix(url, document="q1.pdf", page=1, table=1, roles=ACTIONER_LEADS)
    assert [e for e in review(url) if e.document == "q1.pdf"] == []


def test_profiles_travel_as_toml_and_unknown_roles_are_refused(tmp_path, quarters):
    src, dst = (f"sqlite:///{tmp_path / n}" for n in ("a.db", "b.db"))
    (q1, _), _ = quarters
    ingest_paths([q1], db_url=src)
    fix(src, document="q1.pdf", page=1, table=1, roles=ACTIONER_LEADS)
    save_profile(get_engine(src), "task-log", "q1.pdf", 1, 1, apply=False)
    text = export_profiles(get_engine(src))
    assert "[[profile]]" in text and 'name = "task-log"' in text
    ingest_paths([q1], db_url=dst)
    assert [p.roles for p in import_profiles(get_engine(dst), text)] == \
        [["action", "lead", "extra", "progress", "rag"]]
    assert [p.name for p in list_profiles(get_engine(dst))] == ["task-log"]
    from council_plans.review import CorrectionError

    with pytest.raises(CorrectionError, match="unknown role 'boss'"):
        import_profiles(get_engine(dst), text.replace('"lead"', '"boss"'))
    remove_profile(get_engine(dst), "task-log")
    assert list_profiles(get_engine(dst)) == []


def test_the_commands_fix_a_column_and_list_the_queue(tmp_path, quarters, monkeypatch):
    from council_plans.cli import main

    url = f"sqlite:///{tmp_path / 'plans.db'}"
    (q1, _), _ = quarters
    ingest_paths([q1], db_url=url)
    runner = CliRunner()
    queue = runner.invoke(main, ["review", "--db", url, "--format", "csv"])
    assert queue.exit_code == 0 and "q1.pdf,1,1," in queue.output
    done = runner.invoke(main, ["fix", "q1.pdf", "--db", url, "--page", "1", "--table", "1",
                                "--role", "Actioned by=lead", "--role", "3=extra", "--profile", "task-log",
                                "--by", "tester"])
    assert done.exit_code == 0, done.output
    assert "saved and applied" in done.output and "-> action, lead, extra, progress, rag" in done.output
    bad = runner.invoke(main, ["fix", "q1.pdf", "--db", url, "--page", "1", "--table", "1",
                               "--role", "Nope=lead"])
    assert bad.exit_code == 2 and "no column 'Nope'" in bad.output
    shown = runner.invoke(main, ["profiles", "show", "task-log", "--db", url])
    assert 'signature = "5:task|actioned by|owned by|work outstanding|rag status"' in shown.output
    runner.invoke(main, ["profiles", "remove", "task-log", "--db", url])
    undone = runner.invoke(main, ["fix", "1", "--undo", "--db", url])
    assert undone.exit_code == 0 and "correction 1: withdrawn and applied" in undone.output
    runner.invoke(main, ["fix", "2", "--undo", "--db", url])
    assert [i["lead"] for i in _items(url, "q1.pdf")][0] == "DCI Simpson"  # read as before the fix


def test_a_status_column_of_words_keeps_them_and_a_role_fix_moves_them(tmp_path):
    from review_samples import COMMITMENTS, draw_status_log

    url = f"sqlite:///{tmp_path / 'plans.db'}"
    draw_status_log(tmp_path / "status.pdf")
    ingest_paths([tmp_path / "status.pdf"], db_url=url)
    items = _items(url, "status.pdf")
    assert [i["progress"] for i in items] == [c[3] for c in COMMITMENTS]  # status words are progress
    (entry,) = [e for e in review(url) if e.document == "status.pdf"]  # the role won by no margin
    assert "column 'Status'" in entry.reason and entry.page == 1 and entry.table == 1
    fix(url, document="status.pdf", page=1, table=1, roles={"Status": "extra"})
    assert [i["progress"] for i in _items(url, "status.pdf")] == [None] * len(COMMITMENTS)
    fix(url, document="status.pdf", page=1, table=1, roles={"Status": "progress"})
    items = _items(url, "status.pdf")
    assert [i["progress"] for i in items] == [c[3] for c in COMMITMENTS]
    assert [i["rag"] for i in items] == ["blue", None, None, None]  # "Done" still reads as complete
    assert [e for e in review(url) if e.document == "status.pdf"] == []


def test_a_correction_that_no_longer_finds_its_item_is_queued(tmp_path, quarters):
    from sqlalchemy import update

    from council_plans.schema.review import Correction

    url = f"sqlite:///{tmp_path / 'plans.db'}"
    (q1, _), _ = quarters
    ingest_paths([q1], db_url=url)
    first = _items(url, "q1.pdf")[0]
    fix(url, first["item_id"], values={"lead": "Someone else"})
    engine = get_engine(url)
    with engine.begin() as conn:  # as if a new parser version had moved the row
        conn.execute(update(Correction).values(item_key="1:999"))
    reread(engine, first["document_id"])
    assert [i["lead"] for i in _items(url, "q1.pdf")][0] == first["lead"]
    stranded = [e for e in review(url) if "no longer finds its item" in e.reason]
    assert [(e.document, e.where) for e in stranded] == [("q1.pdf", "/-/document/1")]
    engine.dispose()


def test_the_public_api_reviews_fixes_and_names_its_errors(tmp_path, quarters):
    import council_plans as cp

    url = f"sqlite:///{tmp_path / 'plans.db'}"
    (q1, _), (_, expected_q2) = quarters
    db = cp.Database(url)
    db.ingest([q1])
    assert [e.document for e in db.review()] == ["q1.pdf"]
    db.fix(document="q1.pdf", page=1, table=1, roles=ACTIONER_LEADS)
    profile, reread_ids = db.save_profile("task-log", "q1.pdf", 1, 1)
    assert profile.roles == ["action", "lead", "extra", "progress", "rag"] and reread_ids == [1]
    assert cp.Database(url).profiles() == [profile]
    with pytest.raises(cp.CouncilPlansError, match="no such profile"):
        db.profile("nope")
    with pytest.raises(cp.CouncilPlansError, match="nothing to fix"):
        db.fix(1)


def test_an_item_key_finds_its_row_when_a_new_parser_moves_it_a_little():
    from council_plans.db.corrections import find_item

    rows = {"3:402": "a", "3:530": "b", "3:530#2": "c", "4:402": "d"}
    assert find_item(rows, "3:404") == "a"  # 2 points lower: the same row
    assert find_item(rows, "3:528#2") == "c"
    assert find_item(rows, "3:420") is None  # another row
    assert find_item(rows, "5:402") is None and find_item(rows, None) is None
