"""Output files and error lines a user meets: report and export paths, real
.xlsx, tables that do not fit, extract warnings in every format, a port in
use, a council the register does not know."""
from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from council_plans.cli import main
from council_plans.ingest.pipeline import ingest_paths
from council_plans.commands.termtable import table_text

ROOT = Path(__file__).resolve().parent.parent
RAG_FILL = ROOT / "samples" / "pdfs" / "ruled-rag-fill.pdf"
SERIES = sorted(str(p) for p in (ROOT / "samples" / "series").glob("wolves-q[34].pdf"))
NARROW = 80


def _plans(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env={"COLUMNS": str(NARROW), **(env or {})})


@pytest.fixture(scope="module")
def series_db(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('out') / 'series.db'}"
    ingest_paths(SERIES, db_url=url)
    return url


def test_a_report_into_a_missing_directory_is_one_error_line(series_db, tmp_path):
    res = _plans("report", "--out", str(tmp_path / "no" / "dir" / "r.html"), "--db", series_db)
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert res.stderr == (f"error: {tmp_path}/no/dir/r.html: directory {tmp_path}/no/dir does not "
                          f"exist (mkdir -p {tmp_path}/no/dir)\n")


def test_a_report_named_without_an_extension_is_written_as_html(series_db, tmp_path):
    res = _plans("report", "--out", str(tmp_path / "rep"), "--db", series_db)
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith(f"wrote {tmp_path}/rep.html (")
    assert (tmp_path / "rep.html").read_text(encoding="utf-8").startswith("<!doctype html>")
    assert not (tmp_path / "rep").exists()


def test_export_to_xlsx_writes_a_real_workbook(series_db, tmp_path):
    import pandas as pd

    out = tmp_path / "x.xlsx"
    res = _plans("export", "-o", str(out), "--db", series_db)
    assert res.exit_code == 0, res.output
    sheet = pd.read_excel(out, sheet_name="action_items")
    assert len(sheet) == 28 and "action" in sheet.columns


@pytest.mark.parametrize("name,reason", [
    ("no/dir/x.csv", "directory {tmp}/no/dir does not exist (mkdir -p {tmp}/no/dir)"),
    ("x.xls", "no export format for .xls files: name it .csv, .json, .parquet or .xlsx, "
              "or give --format")])
def test_export_to_a_missing_directory_or_unknown_extension_is_one_line(series_db, tmp_path,
                                                                       name, reason):
    target = tmp_path / name
    res = _plans("export", "-o", str(target), "--db", series_db)
    assert res.exit_code == 2
    assert res.stderr == f"error: {target}: {reason.format(tmp=tmp_path)}\n"
    assert not target.exists()


def _never_cut(text: str, width: int) -> None:
    assert all(len(line) <= width for line in text.splitlines())
    boxed = [line for line in text.splitlines() if line.startswith(("│", "┃"))]
    assert all(line.endswith(("│", "┃")) for line in boxed)


def test_a_table_whose_long_text_would_be_squeezed_is_printed_as_row_blocks():
    cols = ["id", "file", "stage", "class", "message", "attempts", "last_seen"]
    row = (1, "agenda.pdf", "parse", "NotAPDF",
           "not a PDF file (looks like plain text; no %PDF- header)", 1, "2026-12-06 01:32")
    text = table_text(cols, [row], width=NARROW)
    assert text.startswith("row 1 ")
    assert "message    not a PDF file (looks like plain text; no %PDF- header)" in text
    _never_cut(text, NARROW)


def test_plans_show_and_errors_off_a_terminal_are_never_cut(tmp_path):
    url = f"sqlite:///{tmp_path / 'p.db'}"
    bad = tmp_path / "agenda.pdf"
    bad.write_text("hello")
    ingest_paths([str(bad), str(RAG_FILL)], db_url=url)
    shown = _plans("show", "ruled-rag-fill.pdf", "--db", url)
    assert shown.exit_code == 0
    assert "page       1" in shown.stdout and "\npa\n" not in shown.stdout
    _never_cut(shown.stdout, NARROW)
    errors = _plans("errors", "--db", url).stdout
    _never_cut(errors, NARROW)
    message = [line for line in errors.splitlines() if line.startswith("message")]
    assert message == ["message    not a PDF file (looks like plain text; no %PDF- header)"]


@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_extract_writes_its_warnings_to_stderr_in_every_format(fmt):
    res = _plans("extract", str(RAG_FILL), "--pages", "2-9", "--format", fmt)
    assert res.exit_code == 0
    assert ("warning: " in res.stderr and
            "pages 2-9 asked for, but the document has 3 pages: read pages 2-3" in res.stderr)
    if fmt != "json":
        assert "pages 2-9 asked for" not in res.stdout


def test_serve_on_a_port_in_use_is_one_line_and_exit_2(series_db):
    pytest.importorskip("datasette")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        res = _plans("serve", "--db", series_db, "--port", str(port))
    assert res.exit_code == 2
    assert "serving" not in res.output
    assert res.stderr.startswith(f"error: cannot listen on 127.0.0.1:{port}: ")
    assert res.stderr.count("\n") == 1


def test_an_authority_the_register_does_not_know_is_warned_about():
    res = _plans("extract", str(RAG_FILL), "--format", "csv", "--authority", "Made Up Council")
    assert res.exit_code == 0
    assert ("warning: 'Made Up Council' is not in the register of UK local authorities"
            in res.stderr)
    known = _plans("extract", str(RAG_FILL), "--format", "csv", "--authority", "Wolverhampton")
    assert "not in the register" not in known.stderr
