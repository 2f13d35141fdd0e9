"""``plans inspect`` and ``plans serve``: seeing what was extracted, on the
page and beside every row. Thin wrappers over :mod:`ingest.inspect_page` and
:mod:`ingest.serve`, registered on the ``plans`` group by :mod:`cli`.
"""
from __future__ import annotations

import sys

import click

from council_plans.parsers import ExtractSettings, PlanError


@click.command("inspect")
@click.argument("pdf", type=click.Path(dir_okay=False))
@click.option("--page", "page", type=click.IntRange(1), help="Page to draw (1-based).")
@click.option("--all", "all_pages", is_flag=True, help="Draw every page that has a table.")
@click.option("--out", type=click.Path(), help="PNG file for --page (default: NAME-pN.png); "
              "directory for --all (default: current directory).")
def inspect_command(pdf: str, page: int | None, all_pages: bool, out: str | None) -> None:
    """Draw what the parsers saw on a page: tables, header roles, items,
    sections, dropped furniture and RAG."""
    from pathlib import Path

    from council_plans.ingest.worker import limit_memory
    from council_plans.review.inspect_page import InspectError, inspect_pdf

    if (page is None) == (not all_pages):
        raise click.UsageError("give either --page N or --all")
    target = Path(out) if out else (Path(f"{Path(pdf).stem}-p{page}.png") if page else Path("."))
    limit = ExtractSettings().max_memory_mb
    limit_memory(limit)  # the limit an ingest worker has: this process parses and draws
    try:
        done = inspect_pdf(pdf, [page] if page else None, target)
    except (InspectError, PlanError, FileNotFoundError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except MemoryError:
        click.echo(f"error: {pdf}: needs more than {limit} MiB of memory; refused", err=True)
        sys.exit(2)
    if not done:
        click.echo(f"{pdf}: no page with a table", err=True)
    for shot in done:
        counts = {k: sum(s.kind == k for s in shot.shapes) for k in ("table", "header", "section", "dropped")}
        items = len({s.item for s in shot.shapes if s.kind == "item"})
        click.echo(f"{shot.path}: page {shot.page}, {counts['table']} table(s), {counts['header']} "
                   f"header cells, {items} items, {counts['section']} section rows, "
                   f"{counts['dropped']} dropped")



@click.command()
@click.option("--db", "db_url", help="SQLite file or sqlite:/// URL (default: $PLANS_DATABASE_URL, "
              "else ./plans.db).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (give 0.0.0.0 only on a trusted network).")
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True)
@click.option("--pages", "pages_dir", type=click.Path(file_okay=False),
              help="Page-image cache written by plans ingest --keep-pages.")
def serve(db_url: str | None, host: str, port: int, pages_dir: str | None) -> None:
    """Browse the database in Datasette (read-only), each item beside its source page."""
    from pathlib import Path

    from council_plans.review.ports import PortInUse, check_port
    from council_plans.review.serve import ServeError, run_server, sqlite_file

    try:
        path = sqlite_file(db_url)
        check_port(host, port)
        click.echo(f"serving {path} read-only at http://{host}:{port}/", err=True)
        run_server(path, host, port, Path(pages_dir) if pages_dir else None)
    except (ServeError, PortInUse) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)


COMMANDS = (inspect_command, serve)
