"""``council_plans.compare.frames``: pandas DataFrames from the database, the same on
SQLite and PostgreSQL."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from council_plans.compare import frames as load
from council_plans.db.query import run_query
from council_plans.ingest.pipeline import ingest_paths

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "pdfs" / "ruled-rag-fill.pdf"


@pytest.fixture
def loaded(db_url: str) -> str:
    report = ingest_paths([SAMPLE], db_url=db_url, authority="City of Wolverhampton Council")
    assert report.exit_code == 0
    return db_url


def test_action_items_frame_has_every_item_with_the_view_columns(loaded):
    df = load.action_items(loaded)
    cols, rows = run_query("SELECT * FROM action_items", loaded)
    assert list(df.columns) == cols and len(df) == len(rows) == 14
    assert list(df["ref"][:3]) == ["1.0", "1.1", "1.2"]
    assert df["authority"].unique().tolist() == ["City of Wolverhampton Council"]


def test_action_items_dates_are_datetimes_that_compare(loaded):
    df = load.action_items(loaded)
    assert pd.api.types.is_datetime64_any_dtype(df["due_date"])
    assert df["due_date"].iloc[0] == pd.Timestamp("2016-07-31")
    assert pd.isna(df.loc[df["ref"] == "2.2", "due_date"]).all()  # printed without a date
    overdue = df[df["due_date"] < pd.Timestamp("2017-01-01")]
    assert set(overdue["ref"]) >= {"1.0", "2.0"}


def test_documents_frame_has_one_row_per_document_with_its_council(loaded):
    df = load.documents(loaded)
    assert len(df) == 1
    row = df.iloc[0]
    assert row["file_name"] == "ruled-rag-fill.pdf" and row["item_count"] == 14
    assert row["authority"] == "City of Wolverhampton Council"
    assert row["page_count"] == 3 and len(row["sha256"]) == 64
    assert pd.api.types.is_datetime64_any_dtype(df["imported_at"])


def test_frame_runs_any_read_only_query(loaded):
    df = load.frame("SELECT rag, count(*) AS n FROM action_items GROUP BY rag ORDER BY rag", loaded)
    assert df["n"].sum() == 14 and "green" in set(df["rag"])
