"""The comparison views as pandas DataFrames, for Python users.

    from council_plans.db.series_load import action_history
    df = action_history("sqlite:///plans.db")

Read through the read-only query engine (:func:`db.query.run_query`), so the
same call works on SQLite and PostgreSQL and cannot change the database;
date columns come back as ``datetime64`` on both backends.
"""
from __future__ import annotations

import pandas as pd

from council_plans.db.query import run_query

#: view -> its columns holding dates
DATE_COLUMNS = {
    "action_history": ("as_at", "due_date"),
    "action_changes": ("as_at_before", "as_at_after", "due_date_before", "due_date_after"),
    "latest_actions": ("as_at", "due_date"),
    "authority_summary": ("latest_as_at",),
}
_ORDER = {
    "action_history": "series_id, track_id, version_no",
    "action_changes": "series_id, version_after, track_id",
    "latest_actions": "series_id, track_id",
    "authority_summary": "authority, period",
}


def view_frame(view: str, db_url: str | None = None) -> pd.DataFrame:
    """Every row of one comparison view (see README: Comparing versions)."""
    if view not in DATE_COLUMNS:
        raise ValueError(f"unknown view {view!r}; one of {', '.join(DATE_COLUMNS)}")
    cols, rows = run_query(f"SELECT * FROM {view} ORDER BY {_ORDER[view]}", db_url)
    frame = pd.DataFrame.from_records(rows, columns=cols)
    for col in DATE_COLUMNS[view]:
        frame[col] = pd.to_datetime(frame[col].map(lambda v: None if v is None else str(v)[:10]))
    return frame


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
