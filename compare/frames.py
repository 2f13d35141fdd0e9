"""pandas DataFrames straight from a plans database, for notebooks and scripts.

    from council_plans.compare import frames as load
    items = load.action_items("sqlite:///plans.db")      # one row per item
    docs = load.documents()                              # $PLANS_DATABASE_URL, else ./plans.db
    history = load.action_history("sqlite:///plans.db")  # the comparison views (README: Comparing versions)

Every loader reads through the same read-only connection as ``plans query``
(text decoded exactly, see :mod:`council_plans.schema.text`) and returns the
same columns on SQLite and PostgreSQL, with date columns as ``datetime64``
so they compare and resample the same on both. A new loader is one SQL
statement handed to :func:`frame`.
"""
from __future__ import annotations

from typing import Iterable

import pandas as pd

from council_plans.db.query import DATE_COLUMNS, action_items as _action_item_rows, run_query

DOCUMENT_SQL = """
SELECT d.id AS document_id, d.file_name, au.name AS authority, d.title, d.committee,
       d.meeting_id, d.meeting_date, d.published_date, d.page_count, d.size_bytes,
       d.item_count, d.source_url, d.source_path, d.sha256, d.parser_version, d.imported_at
FROM document d LEFT JOIN authority au ON au.id = d.authority_id
ORDER BY d.id
"""


def frame(sql: str, db_url: str | None = None, dates: Iterable[str] = ()) -> pd.DataFrame:
    """The result of one read-only SQL statement; the columns named in
    ``dates`` (or known as dates, see ``DATE_COLUMNS``) become ``datetime64``."""
    cols, rows = run_query(sql, db_url)
    return _typed(pd.DataFrame.from_records(rows, columns=cols), dates)


def action_items(db_url: str | None = None) -> pd.DataFrame:
    """The ``action_items`` view (one row per item) in document order."""
    cols, rows = _action_item_rows(db_url)
    return _typed(pd.DataFrame.from_records(rows, columns=cols))


def documents(db_url: str | None = None) -> pd.DataFrame:
    """One row per imported document, with its council's canonical name."""
    return frame(DOCUMENT_SQL, db_url, dates=("published_date", "imported_at"))


#: comparison view -> (its date columns, its row order)
VIEWS = {
    "action_history": (("as_at", "due_date"), "series_id, track_id, version_no"),
    "action_changes": (("as_at_before", "as_at_after", "due_date_before", "due_date_after"),
                       "series_id, version_after, track_id"),
    "latest_actions": (("as_at", "due_date"), "series_id, track_id"),
    "authority_summary": (("latest_as_at",), "authority, period"),
}


def view_frame(view: str, db_url: str | None = None) -> pd.DataFrame:
    """Every row of one comparison view, in a stable order."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; one of {', '.join(VIEWS)}")
    dates, order = VIEWS[view]
    return frame(f"SELECT * FROM {view} ORDER BY {order}", db_url, dates)


def action_history(db_url: str | None = None) -> pd.DataFrame:
    """One row per tracked action per version."""
    return view_frame("action_history", db_url)


def action_changes(db_url: str | None = None) -> pd.DataFrame:
    """One row per track and pair of consecutive versions."""
    return view_frame("action_changes", db_url)


def latest_actions(db_url: str | None = None) -> pd.DataFrame:
    """The latest version of every series, with overdue flags."""
    return view_frame("latest_actions", db_url)


def authority_summary(db_url: str | None = None) -> pd.DataFrame:
    """Per authority and period: actions, RAG mix, overdue, slippage, completion."""
    return view_frame("authority_summary", db_url)


def _typed(df: pd.DataFrame, dates: Iterable[str] = ()) -> pd.DataFrame:
    for col in set(dates) | DATE_COLUMNS:
        if col in df.columns:
            df[col] = pd.to_datetime(df[col], utc=col == "imported_at", errors="coerce")
    return df


__all__ = ["action_changes", "action_history", "action_items", "authority_summary", "documents",
           "frame", "latest_actions", "view_frame"]
