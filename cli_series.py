"""The ``plans series|compare|history|report`` commands (README: Comparing
versions): argument parsing only, over ``db.series_admin``, ``db.compare`` and
``db.report``. Registered on the ``plans`` group by ``cli.py``.
"""
from __future__ import annotations

import sys

import click

from council_plans.cli_options import db_option, format_option, print_rows



def _series_call(fn, *args):  # noqa: ANN001, ANN202 - any library call
    """Run a series library call; its named errors become one line and exit 2."""
    from council_plans.db.query import QueryError
    from council_plans.db.series import SeriesError

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
    from council_plans.db.engine import get_engine
    from council_plans.db.series_admin import list_series

    rows = list_series(get_engine(db_url))
    cols = list(rows[0]) if rows else ["series_id"]
    print_rows(cols, [tuple(r.values()) for r in rows], fmt)


@series_group.command("merge")
@click.argument("target", type=int)
@click.argument("others", type=int, nargs=-1, required=True)
@db_option
def series_merge(target: int, others: tuple[int, ...], db_url: str | None) -> None:
    """Put every document of the OTHERS series into series TARGET (pinned)."""
    from council_plans.db.engine import get_engine
    from council_plans.db.series_admin import merge_series

    moved = _series_call(merge_series, get_engine(db_url), target, list(others))
    click.echo(f"moved {moved} document(s) into series {target}")


@series_group.command("split")
@click.argument("series_id", type=int)
@click.argument("documents", nargs=-1, required=True)
@db_option
def series_split(series_id: int, documents: tuple[str, ...], db_url: str | None) -> None:
    """Move DOCUMENTS (ids or file names) of SERIES_ID into a new series (pinned)."""
    from council_plans.db.engine import get_engine
    from council_plans.db.series_admin import document_ids, split_series

    engine = get_engine(db_url)
    ids = _series_call(document_ids, engine, list(documents))
    new = _series_call(split_series, engine, series_id, ids)
    click.echo(f"moved {len(ids)} document(s) from series {series_id} into new series {new}")


@series_group.command("rebuild")
@db_option
def series_rebuild(db_url: str | None) -> None:
    """Recompute every series and tracked action (user merges/splits kept)."""
    from council_plans.db.engine import get_engine
    from council_plans.db.series_admin import rebuild_series

    click.echo(f"rebuilt {rebuild_series(get_engine(db_url))} series")


@click.command()
@click.argument("what", nargs=-1, required=True)
@click.option("--all", "include_unchanged", is_flag=True, help="List unchanged actions too.")
@format_option
@db_option
def compare(what: tuple[str, ...], include_unchanged: bool, fmt: str, db_url: str | None) -> None:
    """What changed: `compare SERIES_ID` (its last two versions) or
    `compare DOC_A DOC_B` (document ids or file names)."""
    from council_plans.db.compare import compare_versions, describe_versions, versions_to_compare
    from council_plans.db.engine import get_engine
    from council_plans.db.series_admin import document_ids

    if len(what) == 1 and what[0].isdigit():
        a, b = _series_call(versions_to_compare, db_url, int(what[0]))
    elif len(what) == 2:
        docs = _series_call(document_ids, get_engine(db_url), list(what))
        a, b = _series_call(versions_to_compare, db_url, None, tuple(docs))
    else:
        raise click.UsageError("give a series id, or two documents")
    pair = _series_call(describe_versions, db_url, a, b)
    click.echo(f"comparing {pair.line()}", err=fmt != "table")  # csv/json stay parseable
    cols, rows = _series_call(compare_versions, db_url, a, b, include_unchanged)
    print_rows(cols, rows, fmt)


@click.command()
@click.argument("track_id", type=int)
@format_option
@db_option
def history(track_id: int, fmt: str, db_url: str | None) -> None:
    """One tracked action through every version of its plan."""
    from council_plans.db.compare import track_history

    cols, rows = _series_call(track_history, db_url, track_id)
    print_rows(cols, rows, fmt)


@click.command()
@click.option("--out", "out", type=click.Path(dir_okay=False), default="report.html",
              show_default=True, help="HTML file to write.")
@db_option
def report(out: str, db_url: str | None) -> None:
    """Write a self-contained HTML report: RAG mix over time, overdue share,
    slippage, what changed (needs the 'report' extra: matplotlib)."""
    from pathlib import Path

    from council_plans.db.report import ReportError, write_report

    try:
        done = _series_call(write_report, db_url, Path(out))
    except ReportError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    click.echo(f"wrote {done['path']} ({done['charts']} charts, {done['bytes']} bytes)")


#: the commands cli.py adds to ``plans``
COMMANDS = [series_group, compare, history, report]
