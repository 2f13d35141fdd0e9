"""The ``plans series|compare|history|report`` commands (README: Comparing
versions): argument parsing only, over :class:`council_plans.Database`.
Registered on the ``plans`` group by ``cli.py``.
"""
from __future__ import annotations

import sys

import click

from council_plans.commands.options import db_option, format_option, print_rows



def _series_call(fn, *args):
    """Run a series library call; its named errors become one line and exit 2."""
    from council_plans.db.query import QueryError
    from council_plans.compare.series import SeriesError

    try:
        return fn(*args)
    except (SeriesError, QueryError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)


@click.group("series")
def series_group() -> None:
    """List plan series and override how documents are grouped."""


@series_group.command("list")
@format_option
@db_option
def series_list(fmt: str, db_url: str | None) -> None:
    """One line per series: authority, plan, versions, documents, latest date."""
    from council_plans.api import Database

    rows = Database(db_url).series()
    cols = list(rows[0]) if rows else ["series_id"]
    print_rows(cols, [tuple(r.values()) for r in rows], fmt)


@series_group.command("merge")
@click.argument("target", type=int)
@click.argument("others", type=int, nargs=-1, required=True)
@db_option
def series_merge(target: int, others: tuple[int, ...], db_url: str | None) -> None:
    """Put every document of the OTHERS series into series TARGET (pinned)."""
    from council_plans.api import Database

    moved = _series_call(Database(db_url).merge_series, target, others)
    click.echo(f"moved {moved} document(s) into series {target}")


@series_group.command("split")
@click.argument("series_id", type=int)
@click.argument("documents", nargs=-1, required=True)
@db_option
def series_split(series_id: int, documents: tuple[str, ...], db_url: str | None) -> None:
    """Move DOCUMENTS (ids or file names) of SERIES_ID into a new series (pinned)."""
    from council_plans.api import Database

    new, ids = _series_call(Database(db_url).split_series, series_id, documents)
    click.echo(f"moved {len(ids)} document(s) from series {series_id} into new series {new}")


@series_group.command("rebuild")
@db_option
def series_rebuild(db_url: str | None) -> None:
    """Recompute every series and tracked action (user merges/splits kept)."""
    from council_plans.api import Database

    click.echo(f"rebuilt {Database(db_url).rebuild_series()} series")


@click.command()
@click.argument("what", nargs=-1, required=True)
@click.option("--all", "include_unchanged", is_flag=True, help="List unchanged actions too.")
@format_option
@db_option
def compare(what: tuple[str, ...], include_unchanged: bool, fmt: str, db_url: str | None) -> None:
    """What changed: `compare SERIES_ID` (its last two versions) or
    `compare DOC_A DOC_B` (document ids or file names)."""
    from council_plans.api import Database

    series_id: int | None
    documents: tuple[str, ...]
    if len(what) == 1 and what[0].isdigit():
        series_id, documents = int(what[0]), ()
    elif len(what) == 2:
        series_id, documents = None, what
    else:
        raise click.UsageError("give a series id, or two documents")
    database = Database(db_url)
    pair = _series_call(database.versions_compared, series_id, documents)
    click.echo(f"comparing {pair.line()}", err=fmt != "table")  # csv/json stay parseable
    cols, rows = _series_call(database.compare, series_id, documents, include_unchanged)
    print_rows(cols, rows, fmt)


@click.command()
@click.argument("track_id", type=int)
@format_option
@db_option
def history(track_id: int, fmt: str, db_url: str | None) -> None:
    """One tracked action through every version of its plan."""
    from council_plans.api import Database

    cols, rows = _series_call(Database(db_url).history, track_id)
    print_rows(cols, rows, fmt)


@click.command()
@click.option("--out", "out", type=click.Path(dir_okay=False), default="report.html",
              show_default=True, help="HTML file to write.")
@db_option
def report(out: str, db_url: str | None) -> None:
    """Write a self-contained HTML report: RAG mix over time, overdue share,
    slippage, what changed (needs the 'report' extra: matplotlib)."""
    from council_plans.api import Database
    from council_plans.compare.report import ReportError

    try:
        done = _series_call(Database(db_url).report, out)
    except ReportError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    click.echo(f"wrote {done['path']} ({done['charts']} charts, {done['bytes']} bytes)")


#: the commands cli.py adds to ``plans``
COMMANDS = [series_group, compare, history, report]
