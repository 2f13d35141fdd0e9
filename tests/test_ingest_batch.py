"""``plans ingest`` end to end on real PDFs, on SQLite and PostgreSQL."""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).parent))
from plan_pdfs import make_plan_pdf

from council_plans.cli import main
from council_plans.db.engine import get_engine, session_scope
from council_plans.ingest.pipeline import (EXIT_ALL_FAILED, EXIT_OK, EXIT_PARTIAL, FAILED, IMPORTED,
                             SKIPPED, SourceMeta, ingest_file, ingest_paths)
from council_plans.schema.models import EXTRACTED_TABLES, Document, IngestError, Person

ROWS = 4


@pytest.fixture
def pdf_dir(tmp_path) -> Path:
    """Three good plans, one in a subdirectory, and a text file that is no PDF."""
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    for tag, where in (("alpha", d), ("beta", d), ("gamma", d / "sub")):
        make_plan_pdf(where / f"{tag}.pdf", tag, ROWS)
    (d / "notes.txt").write_text("minutes, not a plan")
    return d


def encrypted_copy(src: Path, dest: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(src).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner")
    with open(dest, "wb") as fh:
        writer.write(fh)
    return dest


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def row_counts(url: str) -> dict[str, int]:
    engine = get_engine(url)
    with session_scope(engine) as s:
        out = {m.__tablename__: s.scalar(select(func.count()).select_from(m))
               for m in (*EXTRACTED_TABLES, Document, IngestError, Person)}
    engine.dispose()
    return out


def rows_of(url: str, doc_id: int, other: bool) -> dict[str, set[int]]:
    """Ids of the extracted rows of one document (or of all the others)."""
    engine = get_engine(url)
    with session_scope(engine) as s:
        out = {}
        for m in EXTRACTED_TABLES:
            cond = m.document_id != doc_id if other else m.document_id == doc_id
            out[m.__tablename__] = set(s.scalars(select(m.id).where(cond)))
    engine.dispose()
    return out


def test_ingesting_the_same_files_twice_leaves_identical_row_counts(pdf_dir, db_url):
    first = run("ingest", str(pdf_dir), "--db", db_url)
    assert first.exit_code == EXIT_OK, first.output
    counts = row_counts(db_url)
    assert counts["document"] == 3 and counts["milestone"] == 3 * ROWS
    second = run("ingest", str(pdf_dir), "--db", db_url)
    assert second.exit_code == EXIT_OK
    assert "0 imported, 3 skipped" in second.stdout
    assert row_counts(db_url) == counts


def test_force_with_two_copies_of_a_file_says_the_second_is_a_copy_not_already_imported(
        pdf_dir, tmp_path):
    import shutil

    db = f"sqlite:///{tmp_path / 'copies.db'}"
    copies = tmp_path / "copies"
    copies.mkdir()
    for name in ("a.pdf", "b.pdf"):
        shutil.copy(pdf_dir / "beta.pdf", copies / name)
    assert run("ingest", str(copies / "a.pdf"), "--db", db).exit_code == 0
    result = run("ingest", str(copies), "--db", db, "--force")
    assert result.exit_code == 0
    assert f"skipped {copies / 'b.pdf'} (the same file as {copies / 'a.pdf'} in this batch)" \
        in result.output
    assert "already imported;" not in result.output


def test_force_replaces_exactly_the_rows_of_the_named_document(pdf_dir, db_url):
    assert run("ingest", str(pdf_dir), "--db", db_url).exit_code == EXIT_OK
    engine = get_engine(db_url)
    with engine.connect() as conn:
        doc_id = conn.scalar(select(Document.id).where(Document.file_name == "beta.pdf"))
    engine.dispose()
    others, mine, counts = rows_of(db_url, doc_id, True), rows_of(db_url, doc_id, False), \
        row_counts(db_url)
    result = run("ingest", str(pdf_dir / "beta.pdf"), "--db", db_url, "--force")
    assert result.exit_code == EXIT_OK and "replaced" in result.stderr
    assert rows_of(db_url, doc_id, True) == others  # nobody else's rows touched
    new_mine = rows_of(db_url, doc_id, False)
    assert all(new_mine[t].isdisjoint(mine[t]) for t in mine if mine[t])  # all re-written
    assert {t: len(v) for t, v in new_mine.items()} == {t: len(v) for t, v in mine.items()}
    assert row_counts(db_url) == counts


def test_corrupt_and_encrypted_files_are_recorded_and_the_good_ones_imported(pdf_dir, db_url,
                                                                           tmp_path):
    good = (pdf_dir / "alpha.pdf").read_bytes()
    (pdf_dir / "corrupt.pdf").write_bytes(good[: len(good) // 3])
    encrypted_copy(pdf_dir / "alpha.pdf", pdf_dir / "locked.pdf")
    result = run("ingest", str(pdf_dir), "--db", db_url)
    assert result.exit_code == EXIT_PARTIAL, result.output
    assert "3 imported, 0 skipped (already imported), 2 failed" in result.stdout
    engine = get_engine(db_url)
    with session_scope(engine) as s:
        errors = {e.file_name: e for e in s.scalars(select(IngestError))}
        assert s.scalar(select(func.count()).select_from(Document)) == 3
    engine.dispose()
    assert set(errors) == {"corrupt.pdf", "locked.pdf"}
    assert errors["locked.pdf"].error_class == "EncryptedPDF"
    assert errors["corrupt.pdf"].stage == "parse"
    for err in errors.values():
        assert "\n" not in err.message and err.file_name in err.message
        assert len(err.sha256) == 64
    again = run("ingest", str(pdf_dir), "--db", db_url)  # failures are retried, not duplicated
    assert again.exit_code == EXIT_PARTIAL
    assert row_counts(db_url)["ingest_error"] == 2


def test_a_batch_where_every_file_fails_exits_with_4(tmp_path, db_url):
    (tmp_path / "empty.pdf").write_bytes(b"")
    (tmp_path / "text.pdf").write_text("this is not a PDF")
    result = run("ingest", str(tmp_path / "*.pdf"), "--db", db_url)
    assert result.exit_code == EXIT_ALL_FAILED
    assert row_counts(db_url)["ingest_error"] == 2


def test_files_directories_and_globs_are_expanded_and_non_pdfs_skipped(pdf_dir, db_url):
    report = ingest_paths([str(pdf_dir / "alpha.pdf"), str(pdf_dir / "sub"),
                           str(pdf_dir / "b*.pdf"), str(pdf_dir / "notes.txt")], db_url=db_url)
    assert sorted(Path(o.path).name for o in report.outcomes) == ["alpha.pdf", "beta.pdf",
                                                                  "gamma.pdf"]
    assert report.not_pdf == [str(pdf_dir / "notes.txt")]
    assert report.exit_code == EXIT_OK


def test_a_missing_path_is_a_recorded_failure(pdf_dir, db_url):
    report = ingest_paths([str(pdf_dir / "alpha.pdf"), str(pdf_dir / "nope.pdf")], db_url=db_url)
    assert [o.status for o in report.outcomes] == [FAILED, IMPORTED]
    assert report.exit_code == EXIT_PARTIAL


def test_two_workers_store_the_same_rows_as_one(pdf_dir, db_url, tmp_path):
    serial_url = f"sqlite:///{tmp_path / 'serial.db'}"
    ingest_paths([pdf_dir], db_url=serial_url, workers=1)
    report = ingest_paths([pdf_dir], db_url=db_url, workers=2)
    assert report.count(IMPORTED) == 3
    assert row_counts(db_url) == row_counts(serial_url)


def test_authority_option_overrides_the_detected_authority(pdf_dir, db_url):
    result = run("ingest", str(pdf_dir / "alpha.pdf"), "--db", db_url,
                 "--authority", "City of Wolverhampton Council")
    assert result.exit_code == EXIT_OK
    from council_plans.db.names import canonical_authority

    out = run("query", "SELECT DISTINCT authority FROM action_items", "--db", db_url,
              "--format", "json", "--allow-unsafe-role")  # superuser test server
    assert json.loads(out.stdout) == [
        {"authority": canonical_authority("City of Wolverhampton Council")}]


def test_ingest_file_applies_source_metadata_and_skips_a_duplicate(pdf_dir, db_url):
    engine = get_engine(db_url)
    meta = SourceMeta(source_url="https://example.org/doc?id=1", committee="Cabinet",
                      meeting_id="42", meeting_date="2017-05-04", published_date="2017-04-27",
                      file_name="Cabinet report 4 May.pdf")
    first = ingest_file(pdf_dir / "alpha.pdf", engine, meta=meta)
    again = ingest_file(pdf_dir / "alpha.pdf", engine, meta=meta)
    assert (first.status, first.items, again.status) == (IMPORTED, ROWS, SKIPPED)
    assert again.document_id == first.document_id
    with session_scope(engine) as s:
        doc = s.get(Document, first.document_id)
        assert (doc.source_url, doc.committee, doc.meeting_id, str(doc.meeting_date),
                str(doc.published_date), doc.file_name) == (
            "https://example.org/doc?id=1", "Cabinet", "42", "2017-05-04", "2017-04-27",
            "Cabinet report 4 May.pdf")
    engine.dispose()


def test_an_odd_file_name_is_stored_and_read_back_exactly(tmp_path, db_url):
    name = "Plan 'draft' \"v2\" \u200f\u05e9\u05dc\u05d5\u05dd \U0001F4C4.pdf"
    make_plan_pdf(tmp_path / name, "odd", 2)
    assert run("ingest", str(tmp_path / name), "--db", db_url).exit_code == EXIT_OK
    out = run("query", "SELECT file_name FROM document", "--db", db_url, "--format", "json",
              "--allow-unsafe-role")  # superuser test server
    assert json.loads(out.stdout) == [{"file_name": name}]


def test_log_lines_are_plain_when_not_a_terminal(pdf_dir, db_url):
    from council_plans.ingest.progress import LogReporter

    stream = io.StringIO()
    ingest_paths([pdf_dir], db_url=db_url, reporter=LogReporter(stream))
    lines = stream.getvalue().splitlines()
    assert lines[0] == "ingesting 3 files"
    assert lines[1].startswith("[1/3] imported ") and lines[1].endswith(f"({ROWS} items, 1 page)")


SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "pdfs"


@pytest.mark.skipif(not list(SAMPLES.glob("*.pdf")), reason="samples/pdfs not generated")
def test_ingesting_the_project_samples_twice_leaves_identical_row_counts(db_url):
    first = ingest_paths([SAMPLES], db_url=db_url, workers=2)
    assert first.count(IMPORTED) == len(list(SAMPLES.glob("*.pdf")))
    counts = row_counts(db_url)
    out = run("query", "SELECT count(*) AS n FROM action_items", "--db", db_url, "--format", "json",
              "--allow-unsafe-role")  # superuser test server
    assert json.loads(out.stdout) == [{"n": first.items}]  # every parsed item, once
    second = ingest_paths([SAMPLES], db_url=db_url)
    assert second.count(SKIPPED) == len(first.outcomes) and second.exit_code == EXIT_OK
    assert row_counts(db_url) == counts


def test_a_copy_under_another_name_in_the_same_batch_is_a_duplicate(pdf_dir, db_url):
    (pdf_dir / "alpha-copy.pdf").write_bytes((pdf_dir / "alpha.pdf").read_bytes())
    report = ingest_paths([pdf_dir], db_url=db_url)
    assert sorted(o.status for o in report.outcomes) == [IMPORTED] * 3 + [SKIPPED]
    assert row_counts(db_url)["document"] == 3


def test_without_db_option_the_env_url_then_plans_db_in_the_cwd_is_used(pdf_dir, tmp_path,
                                                                         monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PLANS_DATABASE_URL", raising=False)
    assert run("ingest", str(pdf_dir / "alpha.pdf")).exit_code == EXIT_OK
    assert (tmp_path / "plans.db").is_file()
    env_db = tmp_path / "from-env.db"
    monkeypatch.setenv("PLANS_DATABASE_URL", f"sqlite:///{env_db}")
    assert run("ingest", str(pdf_dir / "beta.pdf")).exit_code == EXIT_OK
    assert row_counts(f"sqlite:///{env_db}")["document"] == 1
    assert row_counts(f"sqlite:///{tmp_path / 'plans.db'}")["document"] == 1


def test_db_upgrade_creates_the_schema_and_can_run_again(empty_db_url):
    from council_plans.db.engine import head_revisions

    for _ in range(2):
        result = run("db", "upgrade", "--db", empty_db_url)
        assert result.exit_code == 0
        assert result.stdout.strip() == f"database at revision {', '.join(sorted(head_revisions()))}"


def test_the_progress_bar_counts_files_pages_items_and_errors(pdf_dir, tmp_path):
    from council_plans.ingest.progress import BarReporter

    (pdf_dir / "broken.pdf").write_bytes(b"%PDF-1.4 nothing else")
    bar = BarReporter(io.StringIO())
    ingest_paths([pdf_dir], db_url=f"sqlite:///{tmp_path / 'bar.db'}", reporter=bar)
    bar.close()
    task = bar.progress.tasks[0]
    assert (task.completed, task.total) == (4, 4)
    assert (task.fields["items"], task.fields["pages"], task.fields["errors"]) == (3 * ROWS, 3, 1)
