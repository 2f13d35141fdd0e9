"""``plans documents``, ``show``, ``errors``, ``remove`` and the 0003_cascade
migration, on SQLite and PostgreSQL."""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, insert, select, text

sys.path.insert(0, str(Path(__file__).parent))
from plan_pdfs import make_plan_pdf, plan_rows

from council_plans.cli import main
from council_plans.db.engine import (current_revisions, downgrade, get_engine,
                                     head_revisions, session_scope, upgrade)
from council_plans.schema.models import (EXTRACTED_TABLES, Document, IngestError,
                                         Person)
from council_plans.schema.watch import WatchAttachment, WatchMeeting, WatchSource

ROWS = 3


def run(*args: str, **kwargs):
    return CliRunner().invoke(main, list(args), catch_exceptions=False, **kwargs)


def as_json(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def _loaded_templates(tmp_path_factory) -> dict:
    """Per backend, a database with the three plans imported once, which tests copy."""
    pdfs = tmp_path_factory.mktemp("pdfs")
    for tag in ("alpha", "beta", "gamma"):
        make_plan_pdf(pdfs / f"{tag}.pdf", tag, ROWS)
    return {"pdfs": pdfs, "dir": tmp_path_factory.mktemp("three")}


def _import_three(url: str, pdfs: Path) -> None:
    from council_plans.ingest.pipeline import ingest_paths

    engine = get_engine(url)
    for tag in ("alpha", "beta", "gamma"):  # one at a time: ids 1, 2, 3
        assert ingest_paths([pdfs / f"{tag}.pdf"], engine=engine).exit_code == 0
    engine.dispose()  # a PostgreSQL template must have no open connections


@pytest.fixture
def three(request, db_url, _loaded_templates) -> tuple[str, Path]:
    """A new database holding three imported plans: alpha (1), beta (2), gamma (3)."""
    import shutil

    from sqlalchemy.engine import make_url

    pdfs, url = _loaded_templates["pdfs"], make_url(db_url)
    backend = url.get_backend_name()
    if backend == "sqlite":
        template = _loaded_templates["dir"] / "three.db"
        if backend not in _loaded_templates:
            _import_three(f"sqlite:///{template}", pdfs)
            _loaded_templates[backend] = template
        shutil.copy(template, url.database)
        return db_url, pdfs
    from council_plans.db.server import create_database, drop_database

    server = request.getfixturevalue("pg_server_url")
    if backend not in _loaded_templates:
        template = create_database(server)
        _import_three(template, pdfs)
        _loaded_templates[backend] = make_url(template).database
    drop_database(server, url.database)
    create_database(server, url.database, template=_loaded_templates[backend])
    return db_url, pdfs


def counts_by_document(url: str, tables=EXTRACTED_TABLES) -> dict[str, dict[int, int]]:
    """Per extracted table, rows per document id; plus people and documents."""
    engine = get_engine(url)
    with session_scope(engine) as s:
        out = {m.__tablename__: dict(s.execute(select(m.document_id, func.count())
                                               .group_by(m.document_id)).all())
               for m in tables}
        out["document"] = {i: 1 for i in s.scalars(select(Document.id))}
        out["person"] = {0: s.scalar(select(func.count()).select_from(Person))}
    engine.dispose()
    return out


def orphans(url: str) -> dict[str, int]:
    """Rows whose parent row is gone, for every foreign key of the extracted
    tables, and people no lead names."""
    def missing(column: str, parent: str) -> str:
        return f"{column} NOT IN (SELECT id FROM {parent})"

    checks = {m.__tablename__: [missing("document_id", "document")] for m in EXTRACTED_TABLES}
    for table, column, parent in (
            ("section", "plan_id", "plan"), ("action", "plan_id", "plan"),
            ("action", "section_id", "section"), ("milestone", "action_id", "action"),
            ("lead", "milestone_id", "milestone"), ("lead", "person_id", "person"),
            ("progress_update", "milestone_id", "milestone"),
            ("extra_field", "milestone_id", "milestone"), ("cell_box", "milestone_id", "milestone")):
        checks[table].append(missing(column, parent))
    checks["person"] = ["id NOT IN (SELECT person_id FROM lead)"]
    engine = get_engine(url)
    with engine.connect() as conn:
        found = {t: conn.scalar(text(f"SELECT count(*) FROM {t} WHERE {' OR '.join(conds)}"))
                 for t, conds in checks.items()}
    engine.dispose()
    return {t: n for t, n in found.items() if n}


def test_documents_lists_id_file_authority_plan_as_at_items_and_import_time(three):
    url, _ = three
    rows = as_json(run("documents", "--db", url, "--format", "json"))
    assert [(r["id"], r["file"], r["items"]) for r in rows] == [
        (1, "alpha.pdf", ROWS), (2, "beta.pdf", ROWS), (3, "gamma.pdf", ROWS)]
    assert list(rows[0]) == ["id", "file", "authority", "plan", "as_at", "items", "imported"]
    assert rows[0]["plan"] and len(rows[0]["imported"]) == len("2026-01-01 00:00")
    table = run("documents", "--db", url).stdout
    assert "beta.pdf" in table and "(3 rows)" in table


def test_show_prints_a_documents_items_in_order_by_id_name_or_sha256(three):
    url, tmp = three
    expected = [r[2] for r in plan_rows("beta", ROWS)]
    engine = get_engine(url)
    with engine.connect() as conn:
        sha = conn.scalar(select(Document.sha256).where(Document.id == 2))
    engine.dispose()
    for ref in ("2", "beta.pdf", str(tmp / "beta.pdf"), sha[:10]):
        items = as_json(run("show", ref, "--db", url, "--format", "json"))
        assert [i["milestone"] for i in items] == expected, ref
    table = run("show", "2", "--db", url).stdout
    assert table.startswith(f"document 2: beta.pdf ({ROWS} items, 1 pages, sha256 {sha[:12]})")


def test_show_and_remove_of_an_unknown_document_exit_2_and_change_nothing(three):
    url, _ = three
    before = counts_by_document(url)
    shown = run("show", "99", "--db", url)
    assert shown.exit_code == 2 and shown.stderr.startswith("error: 99: no such document")
    removed = run("remove", "1", "99", "--db", url)
    assert removed.exit_code == 2 and "nothing removed" in removed.stderr
    assert counts_by_document(url) == before


def test_remove_deletes_the_document_and_every_row_hanging_off_it_and_nothing_else(three):
    url, _ = three
    before = counts_by_document(url)
    assert before["milestone"] == {1: ROWS, 2: ROWS, 3: ROWS}
    result = run("remove", "beta.pdf", "3", "--db", url)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [f"removed document 2: beta.pdf ({ROWS} items)",
                                          f"removed document 3: gamma.pdf ({ROWS} items)"]
    after = counts_by_document(url)
    for table, per_doc in before.items():
        if table != "person":
            assert after[table] == {d: n for d, n in per_doc.items() if d == 1}, table
    assert orphans(url) == {}  # people too: none is left that no lead names
    items = as_json(run("query", "SELECT DISTINCT document FROM action_items", "--db", url,
                        "--format", "json", "--allow-unsafe-role"))  # superuser test server
    assert items == [{"document": "alpha.pdf"}]


def test_the_database_itself_cascades_a_deleted_document(three):
    """Not our code: a plain DELETE on ``document`` (foreign keys on, SQLite too)."""
    url, _ = three
    engine = get_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM document WHERE id = 1"))
    engine.dispose()
    after = counts_by_document(url)
    assert all(1 not in after[m.__tablename__] for m in EXTRACTED_TABLES)
    assert after["milestone"] == {2: ROWS, 3: ROWS}


def test_a_removed_watched_document_keeps_its_attachment_row_without_a_document(three):
    url, _ = three
    engine = get_engine(url)
    with session_scope(engine) as s:
        source = WatchSource(kind="moderngov", site="https://example.org", authority="X")
        s.add(source)
        s.flush()
        meeting = WatchMeeting(source_id=source.id, meeting_id=7)
        s.add(meeting)
        s.flush()
        s.execute(insert(WatchAttachment).values(
            source_id=source.id, meeting_row_id=meeting.id, attachment_id=1, url="u",
            status="ingested", sha256="0" * 64, document_id=2, attempts=1))
    assert run("remove", "2", "--db", url).exit_code == 0
    with session_scope(engine) as s:
        row = s.scalars(select(WatchAttachment)).one()
        assert (row.status, row.document_id) == ("ingested", None)
    engine.dispose()


def test_errors_lists_failures_newest_first_and_a_later_import_clears_them(tmp_path, db_url):
    older, newer = tmp_path / "older.pdf", tmp_path / "newer.pdf"
    older.write_text("not a pdf at all")
    assert run("ingest", str(older), "--db", db_url).exit_code == 4
    newer.write_bytes(b"%PDF-1.4 truncated")
    assert run("ingest", str(newer), "--db", db_url).exit_code == 4
    rows = as_json(run("errors", "--db", db_url, "--format", "json"))
    assert [r["file"] for r in rows] == ["newer.pdf", "older.pdf"]
    assert rows[1]["class"] == "NotAPDF" and "older.pdf" in rows[1]["message"]
    make_plan_pdf(older, "older", ROWS)  # fixed in place, then imported
    assert run("ingest", str(older), "--db", db_url).exit_code == 0
    rows = as_json(run("errors", "--db", db_url, "--format", "json"))
    assert [r["file"] for r in rows] == ["newer.pdf"]


def test_ingesting_an_imported_file_again_says_it_was_skipped_and_how_to_re_read(three):
    url, tmp = three
    result = run("ingest", str(tmp / "alpha.pdf"), "--db", url, "--authority", "Leeds")
    assert result.exit_code == 0
    assert f"skipped {tmp / 'alpha.pdf'} (already imported; use --force to re-read)" \
        in result.stderr


def test_the_progress_bar_also_prints_skipped_files(three):
    from council_plans.ingest.pipeline import ingest_paths
    from council_plans.ingest.progress import BarReporter

    url, tmp = three
    stream = io.StringIO()
    bar = BarReporter(stream)
    ingest_paths([tmp / "beta.pdf"], db_url=url, reporter=bar)
    bar.close()
    assert "already imported; use --force to re-read" in " ".join(stream.getvalue().split())


def test_cascade_migration_keeps_every_row_and_can_be_undone(three):
    url, _ = three
    older = [m for m in EXTRACTED_TABLES if m.__tablename__ != "plan_table"]  # 0005's goes below it
    before = counts_by_document(url, older)
    engine = get_engine(url)
    downgrade(engine, "0002_watch")
    assert current_revisions(engine) == {"0002_watch"}
    assert counts_by_document(url, older) == before
    upgrade(engine)
    assert current_revisions(engine) == head_revisions()
    engine.dispose()
    assert counts_by_document(url, older) == before and orphans(url) == {}
    assert run("remove", "1", "--db", url).exit_code == 0
    assert counts_by_document(url)["milestone"] == {2: ROWS, 3: ROWS}


def test_removing_and_listing_work_on_an_error_only_database(tmp_path, db_url):
    (tmp_path / "x.pdf").write_text("no")
    run("ingest", str(tmp_path / "x.pdf"), "--db", db_url)
    assert as_json(run("documents", "--db", db_url, "--format", "json")) == []
    engine = get_engine(db_url)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(IngestError)) == 1
    engine.dispose()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_orphan_check_finds_rows_a_delete_without_foreign_keys_leaves(three):
    """The control for ``orphans``: with foreign keys off nothing cascades."""
    import sqlite3

    from sqlalchemy.engine import make_url

    url, _ = three
    conn = sqlite3.connect(make_url(url).database)  # foreign keys off by default
    conn.execute("DELETE FROM document WHERE id = 2")
    conn.commit()
    conn.close()
    assert set(orphans(url)) == {m.__tablename__ for m in EXTRACTED_TABLES} - {"extra_field"}
