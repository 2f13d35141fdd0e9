"""Terminal output: tables as wide as the terminal, whole column names, NULL
apart from an empty string, "1 item" not "1 items", and a progress bar that
names the file being parsed."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from council_plans.cli import main
from council_plans.ingest.pipeline import ingest_paths
from council_plans.commands.termtable import table_text
from council_plans.words import counted

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "pdfs"
SAMPLE = SAMPLES / "ruled-rag-fill.pdf"


def run(*args: str, columns: int = 80):
    runner = CliRunner(env={"COLUMNS": str(columns)})
    return runner.invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'plans.db'}"
    assert ingest_paths([SAMPLE], db_url=url).exit_code == 0
    return url


def widest(text: str) -> int:
    return max(len(line) for line in text.splitlines())


def column_text(table: str, k: int) -> str:
    """The words of column ``k`` (0-based) of a boxed table, rows run together."""
    cells = [ln.split("│")[k + 1] for ln in table.splitlines() if ln.startswith("│")]
    return " ".join(" ".join(cells).split())


@pytest.mark.parametrize("columns", [60, 100, 240])
def test_query_tables_are_as_wide_as_the_terminal_at_most(loaded, columns):
    sql = "SELECT section, ref, action, progress, due_date FROM action_items"
    out = run("query", sql, "--db", loaded, columns=columns).stdout
    assert widest(out) <= columns
    # long cells are wrapped, not cut: every word of a long progress text is there
    # (at 60 columns three text columns would be squeezed: the rows become blocks)
    boxed = out.startswith("┏")
    assert boxed == (columns > 60)
    text = column_text(out, 3) if boxed else " ".join(out.split())
    assert "regional consultant from DfE." in text


def test_a_wide_terminal_uses_its_width_for_long_cells(loaded):
    sql = "SELECT action, progress FROM action_items"
    narrow = run("query", sql, "--db", loaded, columns=80).stdout
    wide = run("query", sql, "--db", loaded, columns=240).stdout
    assert widest(wide) > 200 and len(wide.splitlines()) < len(narrow.splitlines())


def test_select_star_shows_every_column_name_whole(loaded):
    from council_plans.db.query import action_items

    cols, _ = action_items(loaded)
    out = run("query", "SELECT * FROM action_items LIMIT 2", "--db", loaded, columns=80).stdout
    assert widest(out) <= 80
    words = set(out.split())
    assert [c for c in cols if c not in words] == []
    assert out.rstrip().endswith("(2 rows)")


def test_null_is_shown_apart_from_an_empty_string(loaded):
    out = run("query", "SELECT NULL AS missing, '' AS blank, 'x' AS some", "--db", loaded).stdout
    header, cells = [ln for ln in out.splitlines() if "│" in ln or "┃" in ln]
    assert header.split("┃")[1:4] == [" missing ", " blank ", " some "]
    assert [c.strip() for c in cells.split("│")[1:4]] == ["NULL", "", "x"]


def test_one_row_is_one_row_not_one_rows(loaded):
    out = run("query", "SELECT 1 AS n", "--db", loaded).stdout
    assert out.rstrip().endswith("(1 row)")


def test_counted_uses_the_singular_for_exactly_one():
    assert [counted(n, "item") for n in (0, 1, 2)] == ["0 items", "1 item", "2 items"]
    assert counted(1, "entry") == "1 entry" and counted(3, "entry") == "3 entries"


def test_extract_table_fits_the_terminal_and_counts_items_in_the_singular(tmp_path):
    from council_plans.parsers import extract
    from council_plans.commands.output import render_extraction

    result = extract(SAMPLE)
    result.items = result.items[:1]
    text = render_extraction(result, "table", width=70)
    assert widest(text) <= 70
    assert f"{SAMPLE}: 1 action item\n" in text
    out = run("extract", str(SAMPLE), columns=120).stdout
    assert widest(out) <= 120 and ": 14 action items" in out


def test_table_text_wraps_a_long_word_instead_of_overflowing():
    text = table_text(["url"], [["https://example.org/" + "x" * 200]], width=50)
    assert widest(text) <= 50 and "x" * 40 in text


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_names_each_file_while_it_is_parsed(tmp_path):
    from council_plans.ingest.progress import BarReporter

    for name in ("first-plan.pdf", "second-plan.pdf"):
        shutil.copy(SAMPLE, tmp_path / name)
    (tmp_path / "second-plan.pdf").write_bytes(SAMPLE.read_bytes() + b"\n")  # distinct sha256
    stream = _Terminal()
    bar = BarReporter(stream)
    bar.console.size = (120, 40)
    report = ingest_paths([tmp_path], db_url=f"sqlite:///{tmp_path / 'p.db'}", reporter=bar)
    bar.close()
    assert report.exit_code == 0
    shown = stream.getvalue()
    assert "first-plan.pdf" in shown and "second-plan.pdf" in shown
    assert str(tmp_path) not in shown  # the name, not the whole path
