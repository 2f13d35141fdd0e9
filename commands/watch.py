"""What ``plans watch`` prints and checks around the library calls (README:
Watching ModernGov sites): the timestamped lines a cron log keeps, the summary
of a run stopped by Ctrl-C / SIGTERM, the committee and council checks of
``watch add``, and ``watch remove``. ``cli.py`` defines the ``watch`` group and
its options; the work is done here so each command stays a thin wrapper.
"""
from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING, Callable

import click

from council_plans.commands.options import db_option, warn_unregistered

if TYPE_CHECKING:
    from council_plans.ingest.moderngov.watch import RunSummary
    from council_plans.schema.watch import WatchSource

EXIT_USAGE = 2


def stamp(text: str) -> str:
    """``text`` with the UTC time in front of every line (cron logs have none)."""
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return "\n".join(f"{now} {line}" for line in text.splitlines())


def say(text: str, err: bool = False) -> None:
    click.echo(stamp(text), err=err)


def print_summary(summary: RunSummary) -> None:
    """Each source's warnings, errors and skips (stderr), then the summary line."""
    for report in summary.sources:
        for note in report.warnings:
            say(f"warning: {report.label}: {note}", err=True)
        for err in report.errors:
            say(f"error: {report.label}: {err}", err=True)
        if report.status == "locked":
            say(f"skipped: {report.label}", err=True)
    say(f"watch: {summary.line()}")


def run_and_report(run: Callable[[], RunSummary]) -> int:
    """Run the watcher, print what it did, return the exit status; Ctrl-C and
    SIGTERM end like an interrupted ``plans ingest`` (summary, 130 / 143)."""
    from council_plans.ingest.cluster.batch import ClusterError
    from council_plans.ingest.pool import sigterm_interrupts
    from council_plans.ingest.moderngov.watch import WatchError
    from council_plans.ingest.moderngov.stop import WatchInterrupted

    try:
        with sigterm_interrupts():
            summary = run()
    except (WatchError, ClusterError) as exc:
        say(f"error: {exc}", err=True)
        return EXIT_USAGE
    except WatchInterrupted as stop:
        print_summary(stop.summary)
        say(stop.line(), err=True)
        return stop.exit_code
    print_summary(summary)
    return summary.exit_code


def add_moderngov(db_url: str | None, site: str, authority: str, committees: tuple[str, ...],
                  contact: str | None, check: bool, allow_hosts: tuple[str, ...] = ()) -> None:
    """``plans watch add moderngov``: add the source (its committees checked
    against the site's list unless ``check`` is off) and warn about a council
    the register does not know."""
    from council_plans.api import Database
    from council_plans.ingest.moderngov.watch import WatchError
    from council_plans.ingest.moderngov.admin import SourceCheckError

    try:
        source, created = Database(db_url).watch_add(site, authority, committees, contact=contact,
                                                     allow_hosts=allow_hosts, check=check)
    except (WatchError, SourceCheckError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    warn_unregistered(authority)
    click.echo(f"{'added' if created else 'updated'} source {source.id}: {source.authority} "
               f"({source.site})")


def format_sources(sources: list[WatchSource]) -> str:
    """One line per source for ``plans watch list``."""
    from council_plans.ingest.moderngov.watch import committees_of

    if not sources:
        return "no watch sources (add one with: plans watch add moderngov ...)\n"
    lines = []
    for s in sources:
        committees = "; ".join(committees_of(s)) or "all committees"
        last = s.last_success_at.strftime("%Y-%m-%d %H:%M") if s.last_success_at else "never"
        state = f"last clean run {last}" + (f", last error: {s.last_error}" if s.last_error else "")
        lines.append(f"{s.id}\t{s.kind}\t{s.authority}\t{s.site}\t{committees}\t{state}")
    return "\n".join(lines) + "\n"


@click.command("remove")
@click.argument("source_ids", type=int, nargs=-1, required=True)
@db_option
def watch_remove(source_ids: tuple[int, ...], db_url: str | None) -> None:
    """Stop watching sources (ids from plans watch list); documents already
    imported stay."""
    from council_plans.api import Database
    from council_plans.ingest.moderngov.admin import SourceCheckError

    try:
        removed = Database(db_url).watch_remove(source_ids)
    except SourceCheckError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    for source in removed:
        click.echo(f"removed source {source.id}: {source.authority} ({source.site})")


#: commands cli.py adds to the ``plans watch`` group
WATCH_COMMANDS = [watch_remove]
