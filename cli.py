"""Command-line interface: parses arguments and calls library functions.

Every command is a thin wrapper so it can be tested with click's CliRunner.
"""
from __future__ import annotations

import sys

import click

from parsers import ExtractSettings, PlanError


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


@main.command()
@click.argument("pdf", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "table"]), default="table",
              show_default=True, help="Output format.")
@click.option("--pages", help="Only read these pages, e.g. 3-9.")
@click.option("--no-provenance", is_flag=True, help="Leave bounding boxes out of JSON.")
@click.option("--ocr", is_flag=True, help="OCR image-only pages first (needs ocrmypdf).")
def extract(pdf: str, fmt: str, pages: str | None, no_provenance: bool, ocr: bool) -> None:
    """Print the action items found in PDF."""
    from ingest.output import render_extraction
    from parsers import extract as run_extract

    first, last = _page_range(pages)
    settings = ExtractSettings(first_page=first, last_page=last, ocr=ocr)
    try:
        result = run_extract(pdf, settings)
    except (PlanError, FileNotFoundError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    click.echo(render_extraction(result, fmt, provenance=not no_provenance), nl=False)


# --- database: ingest, db upgrade, query, export (see docs/database.md) ---

_DB_HELP = "SQLAlchemy database URL (default: $PLANS_DATABASE_URL, else ./plans.db)."


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", "db_url", help=_DB_HELP)
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Parse in this many processes.")
@click.option("--force", is_flag=True, help="Re-parse documents already imported; replace their rows.")
@click.option("--authority", help="Council name to use instead of the one detected.")
def ingest(paths: tuple[str, ...], db_url: str | None, workers: int, force: bool,
           authority: str | None) -> None:
    """Import PDFs (files, directories, globs) into the database.

    Exit status: 0 all imported or already there, 3 some files failed,
    4 every file failed, 2 usage error.
    """
    from ingest.pipeline import ingest_paths
    from ingest.progress import reporter_for, summary

    reporter = reporter_for(sys.stderr)
    try:
        report = ingest_paths(paths, db_url=db_url, workers=workers, force=force,
                              authority=authority, reporter=reporter)
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
    from db.engine import current_revisions, get_engine, upgrade

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
    from db.query import QueryError, run_query
    from ingest.export import render

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

    from db.query import QueryError, action_items
    from ingest.export import render, write_export

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


if __name__ == "__main__":
    main()
