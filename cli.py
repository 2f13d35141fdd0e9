"""Command-line interface: parses arguments and calls library functions.

Every command is a thin wrapper so it can be tested with click's CliRunner.
"""
from __future__ import annotations

import sys

import click

from council_plans.parsers import ExtractSettings, PlanError


@click.group()
@click.version_option(package_name="council-plans")
def main() -> None:
    """Turn council improvement / action plan PDFs into data."""


def _page_range(text: str | None) -> tuple[int | None, int | None]:
    if not text:
        return None, None
    first, _, last = text.partition("-")
    try:
        lo = int(first)
        hi = int(last) if last else lo
    except ValueError:
        raise click.BadParameter(f"{text!r} is not a page range like 3-9") from None
    if lo < 1 or hi < lo:
        raise click.BadParameter(f"{text!r} is not a page range like 3-9")
    return lo, hi


def limit_options(command):  # noqa: ANN001, ANN201 - click decorator
    """Add the robustness limits (timeout, pages, size, memory) to a command."""
    d = ExtractSettings()
    for option in (
        click.option("--timeout", "timeout_seconds", type=click.FloatRange(0, min_open=True),
                     default=d.timeout_seconds, show_default=True,
                     help="Seconds one document may take; its parsing process is killed after."),
        click.option("--max-pages", type=click.IntRange(1), default=d.max_pages,
                     show_default=True, help="Refuse documents with more pages."),
        click.option("--max-mb", type=click.FloatRange(0, min_open=True),
                     default=d.max_bytes / 2**20, show_default=True,
                     help="Refuse files larger than this many MiB."),
        click.option("--max-memory-mb", type=click.IntRange(64), default=d.max_memory_mb,
                     show_default=True, help="Address-space limit of the parsing process, MiB."),
    ):
        command = option(command)
    return command


def limit_settings(timeout_seconds: float, max_pages: int, max_mb: float,
                   max_memory_mb: int | None, **other: object) -> ExtractSettings:
    """ExtractSettings from :func:`limit_options` values plus other fields."""
    return ExtractSettings(timeout_seconds=timeout_seconds, max_pages=max_pages,
                           max_bytes=int(max_mb * 2**20), max_memory_mb=max_memory_mb, **other)


@main.command()
@click.argument("pdf", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "table"]), default="table",
              show_default=True, help="Output format.")
@click.option("--pages", help="Only read these pages, e.g. 3-9.")
@click.option("--no-provenance", is_flag=True, help="Leave bounding boxes out of JSON.")
@click.option("--ocr", is_flag=True, help="OCR image-only pages first (needs ocrmypdf).")
@limit_options
def extract(pdf: str, fmt: str, pages: str | None, no_provenance: bool, ocr: bool,
            **limits: object) -> None:
    """Print the action items found in PDF."""
    from council_plans.ingest.output import render_extraction
    from council_plans.ingest.worker import run_extraction as run_extract  # limits enforced in a child

    first, last = _page_range(pages)
    settings = limit_settings(first_page=first, last_page=last, ocr=ocr, **limits)
    try:
        result = run_extract(pdf, settings)
    except (PlanError, FileNotFoundError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    click.echo(render_extraction(result, fmt, provenance=not no_provenance), nl=False)


# --- database: ingest, db upgrade, query, export (README: Database) ---

_DB_HELP = "SQLAlchemy database URL (default: $PLANS_DATABASE_URL, else ./plans.db)."


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", "db_url", help=_DB_HELP)
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Parse in this many processes.")
@click.option("--force", is_flag=True, help="Re-parse documents already imported; replace their rows.")
@click.option("--authority", help="Council name to use instead of the one detected.")
@click.option("--ocr", is_flag=True, help="OCR image-only pages first (needs ocrmypdf).")
@limit_options
def ingest(paths: tuple[str, ...], db_url: str | None, workers: int, force: bool,
           authority: str | None, ocr: bool, **limits: object) -> None:
    """Import PDFs (files, directories, globs) into the database.

    Exit status: 0 all imported or already there, 3 some files failed,
    4 every file failed, 2 usage error, 130 / 143 interrupted (Ctrl-C / SIGTERM).
    """
    from council_plans.ingest.pipeline import BatchInterrupted, ingest_paths
    from council_plans.ingest.pool import sigterm_interrupts
    from council_plans.ingest.progress import interrupted_line, reporter_for, summary

    reporter = reporter_for(sys.stderr)
    try:
        with sigterm_interrupts():
            report = ingest_paths(paths, db_url=db_url, workers=workers, force=force,
                                  authority=authority, reporter=reporter,
                                  settings=limit_settings(ocr=ocr, **limits))
    except BatchInterrupted as stop:  # workers already stopped; stored documents are whole
        reporter.close()
        click.echo(summary(stop.report))
        click.echo(interrupted_line(stop), err=True)
        sys.exit(stop.exit_code)
    finally:
        reporter.close()
    for path in report.not_pdf:
        click.echo(f"skipped (not a PDF): {path}", err=True)
    click.echo(summary(report))
    sys.exit(report.exit_code)


@main.group("db")
def db_group() -> None:
    """Manage the database schema."""


@db_group.command("upgrade")
@click.option("--db", "db_url", help=_DB_HELP)
def db_upgrade(db_url: str | None) -> None:
    """Apply the schema migrations (Alembic) up to the newest."""
    from council_plans.db.engine import current_revisions, get_engine, upgrade

    engine = get_engine(db_url)
    upgrade(engine)
    click.echo(f"database at revision {', '.join(sorted(current_revisions(engine)))}")


@main.command()
@click.argument("sql")
@click.option("--db", "db_url", help=_DB_HELP)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
def query(sql: str, db_url: str | None, fmt: str) -> None:
    """Run one read-only SQL statement and print the result."""
    from council_plans.db.query import QueryError, run_query
    from council_plans.ingest.export import render

    try:
        cols, rows = run_query(sql, db_url)
    except QueryError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(render(cols, rows, fmt), nl=False)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "parquet"]), default="csv",
              show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False),
              help="File to write (default: stdout; action_items.parquet for parquet).")
@click.option("--db", "db_url", help=_DB_HELP)
def export(fmt: str, output: str | None, db_url: str | None) -> None:
    """Write the action_items view (one row per item) as CSV, JSON or Parquet."""
    from pathlib import Path

    from council_plans.db.query import QueryError, action_items
    from council_plans.ingest.export import render, write_export

    try:
        cols, rows = action_items(db_url)
    except QueryError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    if output is None and fmt != "parquet":
        click.echo(render(cols, rows, fmt), nl=False)
        return
    target = Path(output or "action_items.parquet")
    try:
        write_export(cols, rows, fmt, target)
    except RuntimeError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(f"wrote {len(rows)} rows to {target}", err=True)


# --- watch: scheduled pickup from ModernGov sites (README: Watching ModernGov sites) ---

_CONTACT_HELP = "Contact (email or URL) sent in the User-Agent (default: $PLANS_CONTACT)."


@main.group("watch")
def watch_group() -> None:
    """Follow council ModernGov sites and ingest newly published papers."""


@watch_group.group("add")
def watch_add() -> None:
    """Add (or update) a watched source."""


@watch_add.command("moderngov")
@click.option("--site", required=True, help="Site address, e.g. https://democracy.example.gov.uk")
@click.option("--authority", required=True, help="Council name recorded on every document.")
@click.option("--committee", "committees", multiple=True,
              help="Committee title (or id) to follow; repeat for several; default: all.")
@click.option("--contact", envvar="PLANS_CONTACT", help=_CONTACT_HELP)
@click.option("--db", "db_url", help=_DB_HELP)
def watch_add_moderngov(site: str, authority: str, committees: tuple[str, ...],
                        contact: str | None, db_url: str | None) -> None:
    """Watch a ModernGov site (its mgWebService.asmx web service)."""
    from council_plans.db.engine import get_engine
    from council_plans.ingest.watch import WatchError, add_source

    try:
        source, created = add_source(get_engine(db_url), site, authority, committees, contact)
    except WatchError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    click.echo(f"{'added' if created else 'updated'} source {source.id}: {source.authority} "
               f"({source.site})")


@watch_group.command("list")
@click.option("--db", "db_url", help=_DB_HELP)
def watch_list(db_url: str | None) -> None:
    """List watched sources and how their last run went."""
    from council_plans.db.engine import get_engine
    from council_plans.ingest.watch import format_sources, list_sources

    click.echo(format_sources(list_sources(get_engine(db_url))), nl=False)


@watch_group.command("run")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]),
              help="First meeting date to look at (default: 60 days before the last clean run).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]),
              help="Last meeting date to look at (default: 60 days from today).")
@click.option("--source", "source_ids", type=int, multiple=True, help="Only this source id.")
@click.option("--store", envvar="PLANS_STORE", default="plans-store", show_default=True,
              type=click.Path(file_okay=False), help="Directory for downloaded PDFs and locks.")
@click.option("--contact", envvar="PLANS_CONTACT", help=_CONTACT_HELP)
@click.option("--interval", type=click.FloatRange(0), default=1.0, show_default=True,
              help="Minimum seconds between requests to one host.")
@click.option("--timeout", type=click.FloatRange(0.1), default=30.0, show_default=True,
              help="Network timeout in seconds.")
@click.option("--retries", type=click.IntRange(0, 10), default=4, show_default=True,
              help="Retries after 429/5xx/connection errors.")
@click.option("--db", "db_url", help=_DB_HELP)
def watch_run(since, until, source_ids: tuple[int, ...], store: str, contact: str | None,
              interval: float, timeout: float, retries: int, db_url: str | None) -> None:
    """Check every source once and ingest new papers (for cron / systemd timers).

    Exit status: 0 clean, 3 some errors, 4 no source could be checked,
    5 another run holds a source's lock, 2 usage error.
    """
    from pathlib import Path

    from council_plans.db.engine import get_engine
    from council_plans.ingest.http import HttpSettings
    from council_plans.ingest.watch import WatchError, WatchOptions, run_watch

    options = WatchOptions(since=since.date() if since else None,
                           until=until.date() if until else None, source_ids=source_ids)
    http = HttpSettings(contact=contact or "", min_interval=interval, timeout=timeout,
                        max_retries=retries)
    try:
        summary = run_watch(get_engine(db_url), Path(store), options, http)
    except WatchError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    for report in summary.sources:
        for note in report.warnings:
            click.echo(f"warning: {report.label}: {note}", err=True)
        for err in report.errors:
            click.echo(f"error: {report.label}: {err}", err=True)
        if report.status == "locked":
            click.echo(f"skipped: {report.label}", err=True)
    click.echo(f"watch: {summary.line()}")
    sys.exit(summary.exit_code)


if __name__ == "__main__":
    main()
