"""The public Python API: what ``import council_plans`` offers, and what every
``plans`` command is a thin wrapper over.

    import council_plans as cp
    result = cp.extract("plan.pdf", pages=(3, 9))       # an Extraction (dataclasses)
    db = cp.Database("sqlite:///plans.db")              # default: $PLANS_DATABASE_URL, else ./plans.db
    db.ingest(["papers/"], workers=2)                   # a BatchReport
    db.query("SELECT count(*) FROM action_items")       # (columns, rows), read-only
    db.frame("action_items")                            # a pandas DataFrame of a view

Every error raised on purpose derives from :class:`CouncilPlansError`.
Exit codes belong to the CLI, never to this module.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from council_plans.parsers.settings import ExtractSettings
from council_plans.schema.items import Extraction

if TYPE_CHECKING:  # heavy imports (SQLAlchemy, pandas) only when a method needs them
    import pandas as pd
    from sqlalchemy import Engine

    from council_plans.compare.compare import VersionPair
    from council_plans.db.manage import Removed
    from council_plans.ingest.moderngov.http import HttpSettings
    from council_plans.ingest.moderngov.watch import RunSummary
    from council_plans.ingest.pipeline import BatchReport, Reporter
    from council_plans.review.corrections import FixResult
    from council_plans.review.profiles import Profile
    from council_plans.review.queue import ReviewEntry
    from council_plans.schema.watch import WatchSource

__all__ = ["Database", "Rows", "extract"]

#: one row set: column names and row tuples (what ``plans query`` prints)
Rows = tuple[list[str], list[tuple]]


def extract(path: str | os.PathLike[str], pages: tuple[int, int] | None = None,
            settings: ExtractSettings | None = None, *, isolated: bool = False) -> Extraction:
    """Extract the action items of the PDF at ``path``.

    ``pages`` is a 1-based inclusive ``(first, last)`` range (it overrides the
    settings' range). ``isolated=True`` parses in a separate process that the
    settings' timeout and memory limit can kill (what ``plans extract`` does, so a
    hostile file cannot hang or exhaust the caller); by default it parses in this
    process, as pdfplumber would.
    """
    settings = settings or ExtractSettings()
    if pages is not None:
        settings = settings.with_(first_page=pages[0], last_page=pages[1])
    if isolated:
        from council_plans.ingest.worker import run_extraction

        return run_extraction(os.fspath(path), settings)
    from council_plans.parsers import extract as parse

    return parse(os.fspath(path), settings)


@dataclass
class Database:
    """A plans database (SQLite file or PostgreSQL), by SQLAlchemy URL.

    ``url=None`` means ``$PLANS_DATABASE_URL``, else ``sqlite:///./plans.db``.
    Writing calls create and migrate the schema as needed; reading calls refuse a
    database that does not exist yet (:class:`DatabaseUnavailable`).
    """

    url: str | None = None

    # --- engines -------------------------------------------------------------------
    def engine(self) -> Engine:
        """An engine that creates the database on first use (writes)."""
        from council_plans.db.engine import get_engine

        return get_engine(self.url)

    def existing_engine(self) -> Engine:
        """An engine for a database that must already exist (reads)."""
        from council_plans.db.engine import existing_engine

        return existing_engine(self.url)

    # --- schema --------------------------------------------------------------------
    def create(self) -> bool:
        """Create the database if missing (PostgreSQL ``CREATE DATABASE``, SQLite file
        and folder), then migrate; True when it was created."""
        from council_plans.db.manage import create_database

        created, engine = create_database(self.url)
        engine.dispose()
        return created

    def upgrade(self) -> set[str]:
        """Apply the schema migrations; returns the revisions now current."""
        from council_plans.db.engine import current_revisions, upgrade

        engine = self.engine()
        upgrade(engine)
        return current_revisions(engine)

    def is_postgresql(self) -> bool:
        from council_plans.db.engine import parse_url

        return parse_url(self.url).get_backend_name() == "postgresql"

    def grant_reader(self, role: str) -> str:
        """PostgreSQL: make ``role`` a login role that can only read our tables
        (for ``plans query`` / ``export``); one line saying what was done."""
        from council_plans.db.manage import make_reader

        engine = self.engine()
        try:
            return make_reader(engine, role)
        finally:
            engine.dispose()

    def revisions(self) -> set[str]:
        from council_plans.db.engine import current_revisions

        return current_revisions(self.engine())

    def describe(self) -> str:
        """The URL without its password, for messages."""
        from council_plans.db.manage import describe_database

        return describe_database(self.engine())

    # --- importing -----------------------------------------------------------------
    def ingest(self, paths: Iterable[str | os.PathLike[str]], *, workers: int = 1,
               force: bool = False, authority: str | None = None,
               settings: ExtractSettings | None = None,
               reporter: Reporter | None = None) -> BatchReport:
        """Parse and store PDFs (files, folders, globs): one transaction per
        document, failures recorded and the batch carried on."""
        from council_plans.ingest.pipeline import ingest_paths

        return ingest_paths(paths, db_url=self.url, workers=workers, force=force,
                            authority=authority, reporter=reporter, settings=settings)

    def ingest_on_cluster(self, paths: Iterable[str], address: str, *, force: bool = False,
                          authority: str | None = None, settings: ExtractSettings | None = None,
                          reporter: Reporter | None = None) -> BatchReport:
        """:meth:`ingest` with the parsing on a Dask cluster (``tcp://…`` or ``local:N``)."""
        from council_plans.ingest.cluster.batch import ingest_on_cluster

        return ingest_on_cluster(paths, address, db_url=self.url, force=force,
                                 authority=authority, settings=settings, reporter=reporter)

    def keep_pages(self, document_ids: Sequence[int], folder: str | os.PathLike[str]) -> int:
        """Save images of the pages items were read from (for ``plans serve --pages``)."""
        from council_plans.review.pageimage import keep_pages

        return keep_pages(self.engine(), list(document_ids), Path(folder))

    # --- reading -------------------------------------------------------------------
    def query(self, sql: str, *, role_check: bool = False) -> Rows:
        """Run one read-only SQL statement (writes and file access are refused;
        with ``role_check``, on PostgreSQL, so is a role that could do more than
        read: :mod:`db.reader`)."""
        from council_plans.db.query import run_query

        return run_query(sql, self.url, role_check=role_check)

    def action_items(self, *, role_check: bool = False) -> Rows:
        """The ``action_items`` view, one row per item (``role_check`` as :meth:`query`)."""
        from council_plans.db.query import action_items

        return action_items(self.url, role_check=role_check)

    def frame(self, view: str = "action_items") -> pd.DataFrame:
        """A view as a pandas DataFrame, dates typed: ``action_items``, ``documents``
        or a comparison view (``action_history``, ``action_changes``,
        ``latest_actions``, ``authority_summary``); another name is refused with a
        ValueError."""
        from council_plans.compare import frames

        loader = {"action_items": frames.action_items, "documents": frames.documents}.get(view)
        return loader(self.url) if loader is not None else frames.view_frame(view, self.url)

    def documents(self) -> Rows:
        """One row per imported document."""
        from council_plans.db.manage import list_documents

        return list_documents(self.existing_engine())

    def document(self, ref: str) -> tuple[Any, Rows]:
        """One document (id, sha256 prefix, file name or path) and its items."""
        from council_plans.db.manage import document_items

        return document_items(self.existing_engine(), ref)

    def errors(self) -> Rows:
        """Files that failed to import, newest first."""
        from council_plans.db.manage import list_errors

        return list_errors(self.existing_engine())

    def remove(self, refs: Sequence[str]) -> list[Removed]:
        """Delete documents and everything read from them, in one transaction
        (each taken out of its plan series first); an unknown ref removes nothing."""
        from council_plans.compare.lifecycle import remove_documents

        return remove_documents(self.existing_engine(), refs)

    # --- comparing versions --------------------------------------------------------
    def series(self) -> list[dict[str, Any]]:
        """One dict per plan series."""
        from council_plans.compare.series_admin import list_series

        return list_series(self.engine())

    def merge_series(self, target: int, others: Sequence[int]) -> int:
        from council_plans.compare.series_admin import merge_series

        return merge_series(self.engine(), target, list(others))

    def split_series(self, series_id: int, documents: Sequence[str]) -> tuple[int, list[int]]:
        """Move ``documents`` (ids or names) into a new series; returns it and the ids."""
        from council_plans.compare.series_admin import document_ids, split_series

        ids = document_ids(self.engine(), list(documents))
        return split_series(self.engine(), series_id, ids), ids

    def rebuild_series(self) -> int:
        from council_plans.compare.series_admin import rebuild_series

        return rebuild_series(self.engine())

    def compare(self, series_id: int | None = None, documents: Sequence[str] = (),
                include_unchanged: bool = False) -> Rows:
        """What changed between a series' last two versions, or two documents."""
        from council_plans.compare.compare import compare_versions, versions_to_compare
        from council_plans.compare.series_admin import document_ids

        docs = tuple(document_ids(self.engine(), list(documents))) if documents else ()
        a, b = versions_to_compare(self.url, series_id, docs or None)
        return compare_versions(self.url, a, b, include_unchanged)

    def versions_compared(self, series_id: int | None = None,
                          documents: Sequence[str] = ()) -> VersionPair:
        """Which two versions :meth:`compare` compares: documents and as-at dates."""
        from council_plans.compare.compare import describe_versions, versions_to_compare
        from council_plans.compare.series_admin import document_ids

        docs = tuple(document_ids(self.engine(), list(documents))) if documents else ()
        return describe_versions(self.url, *versions_to_compare(self.url, series_id, docs or None))

    def history(self, track_id: int) -> Rows:
        """One tracked action through every version of its plan."""
        from council_plans.compare.compare import track_history

        return track_history(self.url, track_id)

    def report(self, out: str | os.PathLike[str]) -> dict[str, Any]:
        """Write the self-contained HTML report; returns path, charts and bytes."""
        from council_plans.compare.report import write_report

        return write_report(self.url, Path(out))

    # --- review and correction (council_plans.review) ---------------------------------
    def review(self, limit: int | None = None) -> list[ReviewEntry]:
        """What needs a person's eye, most doubtful first."""
        from council_plans.review import review

        return review(self.existing_engine(), limit)

    def fix(self, item: int | None = None, **how: Any) -> FixResult:
        """Correct an item (``values={...}`` or ``drop=True``) or a table's column
        roles (``document=, page=, table=, roles={...}``); see :func:`review.fix`."""
        from council_plans.review import fix

        return fix(self.existing_engine(), item, **how)

    def undo(self, correction_id: int) -> FixResult:
        """Withdraw a correction and read its document again."""
        from council_plans.review.corrections import undo

        return undo(self.existing_engine(), correction_id)

    def save_profile(self, name: str, document: str, page: int, table: int,
                     **how: Any) -> tuple[Profile, list[int]]:
        """Save a table's roles as a layout profile (and re-read documents it fits)."""
        from council_plans.review.profiles import save_profile

        return save_profile(self.existing_engine(), name, document, page, table, **how)

    def profiles(self) -> list[Profile]:
        from council_plans.review.profiles import list_profiles

        return list_profiles(self.existing_engine())

    def profile(self, name: str) -> Profile:
        from council_plans.review.profiles import get_profile

        return get_profile(self.existing_engine(), name)

    def remove_profile(self, name: str) -> Profile:
        from council_plans.review.profiles import remove_profile

        return remove_profile(self.existing_engine(), name)

    def export_profiles(self, names: Sequence[str] | None = None) -> str:
        """The layout profiles as TOML text."""
        from council_plans.review.profiles import export_profiles

        return export_profiles(self.existing_engine(), list(names) if names else None)

    def import_profiles(self, toml_text: str, source: str = "profiles") -> list[Profile]:
        """Add (or replace, by name) the profiles of TOML text, all or none."""
        from council_plans.review.profiles import import_profiles

        return import_profiles(self.existing_engine(), toml_text, source)

    # --- watching ModernGov sites (README: Watching ModernGov sites) -----------------
    def watch_add(self, site: str, authority: str, committees: Sequence[str] = (), *,
                  contact: str | None = None, allow_hosts: Sequence[str] = (), check: bool = True,
                  http: HttpSettings | None = None) -> tuple[WatchSource, bool]:
        """Watch a ModernGov site for ``authority``'s papers, or update the source
        already watching it: ``committees`` by title or id (default all), checked
        against the site's own list unless ``check`` is off. Returns (source, created)."""
        from council_plans.ingest.moderngov.admin import site_committees
        from council_plans.ingest.moderngov.http import HttpSettings
        from council_plans.ingest.moderngov.watch import add_source, normalise_site

        http = http or HttpSettings(contact=contact or "")
        available = site_committees(normalise_site(site), http) if check and committees else None
        return add_source(self.engine(), site, authority, tuple(committees), contact,
                          allow_hosts=tuple(allow_hosts), available=available)

    def watch_sources(self) -> list[WatchSource]:
        """The watched sources, by id, with how their last run went."""
        from council_plans.ingest.moderngov.watch import list_sources

        return list_sources(self.engine())

    def watch_status(self) -> Rows:
        """Watched papers waiting to be retried after a passing failure, or given up on."""
        from council_plans.ingest.moderngov.retry import unresolved

        return unresolved(self.engine())

    def watch_run(self, store: str | os.PathLike[str], *, since: dt.date | None = None,
                  until: dt.date | None = None, source_ids: Sequence[int] = (),
                  http: HttpSettings | None = None, cluster: str | None = None) -> RunSummary:
        """Check every source (or ``source_ids``) once and ingest new papers,
        downloading into ``store``; on a Dask ``cluster`` (address or local:N),
        one task per source. Raises ``WatchInterrupted`` on Ctrl-C / SIGTERM."""
        from council_plans.ingest.moderngov.watch import WatchOptions, run_watch

        options = WatchOptions(since=since, until=until, source_ids=tuple(source_ids))
        if cluster:
            from council_plans.ingest.cluster.watch import run_watch_on_cluster

            return run_watch_on_cluster(self.engine(), Path(store), cluster, options, http)
        return run_watch(self.engine(), Path(store), options, http)

    def watch_remove(self, source_ids: Sequence[int]) -> list[WatchSource]:
        """Stop watching sources (all or none); documents already imported stay."""
        from council_plans.ingest.moderngov.admin import remove_sources

        return remove_sources(self.engine(), tuple(source_ids))
