"""Command-line input edge cases: empty globs and folders, page ranges past
the end, ``--max-pages`` with ``--pages``, ``--ocr`` without ocrmypdf, and
export targets (format from the extension, ``-o -`` for stdout)."""
from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, func, select

from council_plans.cli import main
from council_plans.schema.models import IngestError

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "pdfs"
THREE_PAGES = SAMPLES / "ruled-rag-fill.pdf"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def error_rows(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.scalar(select(func.count()).select_from(IngestError))
    finally:
        engine.dispose()


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'plans.db'}"


def test_a_glob_matching_no_pdf_is_a_usage_error_that_writes_nothing(tmp_path, url):
    (tmp_path / "minutes.txt").write_text("not a plan")
    result = run("ingest", str(tmp_path / "*.pdf"), "--db", url)
    assert result.exit_code == 2
    assert "no PDF found in" in result.output and "*.pdf" in result.output
    assert not (tmp_path / "plans.db").exists()


def test_a_directory_without_pdfs_is_a_usage_error_even_beside_good_files(tmp_path, url):
    empty = tmp_path / "papers"
    empty.mkdir()
    (empty / "notes.txt").write_text("minutes")
    good = shutil.copy(THREE_PAGES, tmp_path / "good.pdf")
    result = run("ingest", str(good), str(empty), "--db", url)
    assert result.exit_code == 2
    assert f"no PDF found in '{empty}'" in result.output
    assert not (tmp_path / "plans.db").exists()


def test_a_glob_that_matches_pdfs_still_imports_them(tmp_path, url):
    shutil.copy(THREE_PAGES, tmp_path / "a.pdf")
    result = run("ingest", str(tmp_path / "*.pdf"), "--db", url)
    assert result.exit_code == 0, result.output
    assert error_rows(url) == 0


def test_pages_past_the_end_of_the_document_give_a_warning():
    result = run("extract", str(THREE_PAGES), "--pages", "2-9", "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["warnings"][0] == ("pages 2-9 asked for, but the document has 3 pages: "
                                  "read pages 2-3")
    assert doc["items"] and {it["page_first"] for it in doc["items"]} <= {2, 3}


def test_a_range_inside_the_document_gives_no_page_warning():
    result = run("extract", str(THREE_PAGES), "--pages", "1-3", "--format", "json")
    assert not [w for w in json.loads(result.stdout)["warnings"] if "asked for" in w]


def test_max_pages_counts_the_pages_asked_for_not_the_whole_document():
    whole = run("extract", str(THREE_PAGES), "--max-pages", "2", "--format", "json")
    assert whole.exit_code == 2 and "3 pages > limit 2" in whole.stderr
    part = run("extract", str(THREE_PAGES), "--max-pages", "2", "--pages", "2-3", "--format", "json")
    assert part.exit_code == 0, part.stderr
    assert json.loads(part.stdout)["items"]
    over = run("extract", str(THREE_PAGES), "--max-pages", "1", "--pages", "2-3")
    assert over.exit_code == 2 and "2 pages asked for > limit 1" in over.stderr


def test_ocr_without_ocrmypdf_is_one_usage_error_before_the_batch(tmp_path, url, monkeypatch):
    for name in ("a.pdf", "b.pdf"):
        shutil.copy(THREE_PAGES, tmp_path / name)
    (tmp_path / "b.pdf").write_bytes((tmp_path / "b.pdf").read_bytes() + b"\n")  # distinct sha
    bare = tmp_path / "bin"
    bare.mkdir()
    monkeypatch.setenv("PATH", str(bare))  # neither ocrmypdf nor tesseract on it
    result = run("ingest", str(tmp_path / "*.pdf"), "--ocr", "--db", url)
    assert result.exit_code == 2
    assert result.output.count("ocrmypdf and tesseract are not installed") == 1
    assert "ingesting" not in result.output
    assert not (tmp_path / "plans.db").exists()


@pytest.fixture
def loaded(url: str) -> str:
    assert run("ingest", str(THREE_PAGES), "--db", url).exit_code == 0
    return url


def test_export_infers_parquet_from_the_file_extension(loaded, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    target = tmp_path / "items.parquet"
    result = run("export", "-o", str(target), "--db", loaded, "--allow-unsafe-role")
    assert result.exit_code == 0, result.output
    assert target.read_bytes()[:4] == b"PAR1"
    table = pq.read_table(target)
    assert table.num_rows == 14 and "action" in table.column_names


def test_export_infers_json_from_the_file_extension(loaded, tmp_path):
    target = tmp_path / "items.json"
    assert run("export", "-o", str(target), "--db", loaded, "--allow-unsafe-role").exit_code == 0
    assert len(json.loads(target.read_text())) == 14


def test_export_to_dash_writes_to_stdout(loaded, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("export", "-o", "-", "--db", loaded)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("item_id,authority,")
    assert len(result.stdout.splitlines()) == 15
    assert not (tmp_path / "-").exists()


def test_export_parquet_to_dash_writes_parquet_bytes_to_stdout(loaded):
    pq = pytest.importorskip("pyarrow.parquet")
    result = run("export", "--format", "parquet", "-o", "-", "--db", loaded)
    assert result.exit_code == 0
    assert pq.read_table(io.BytesIO(result.stdout_bytes)).num_rows == 14
