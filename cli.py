"""Command-line interface: parses arguments and calls library functions.

Every command is a thin wrapper so it can be tested with click's CliRunner.
"""
from __future__ import annotations

import functools
import sys
from dataclasses import dataclass
from typing import Any, Callable

import click

from council_plans.commands.options import allow_unsafe_role_option, db_option, format_option, print_rows, \
    warn_unregistered
from council_plans.parsers import ExtractSettings, PlanError
from council_plans.parsers.settings import ENGINES


class PlansGroup(click.Group):
    """The ``plans`` group: a database that cannot be opened (bad URL, no
    driver, server down, database not created) is one error line and exit 2
    for every command, here in one place rather than in each command."""

    def invoke(self, ctx: click.Context):
        from council_plans.db.errors import DatabaseUnavailable

        try:
            return super().invoke(ctx)
        except DatabaseUnavailable as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(2)


@click.group(cls=PlansGroup)
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


@dataclass(frozen=True)
class Limits:
    """The robustness limits :func:`limit_options` adds, handed to the command as ``limits``."""

    timeout_seconds: float
    max_pages: int
    max_mb: float
    max_memory_mb: int | None
    engine: str = ExtractSettings.engine  # the page model (--engine), given with the limits

    def settings(self) -> ExtractSettings:
        """ExtractSettings holding these limits, every other field at its default."""
        return ExtractSettings(timeout_seconds=self.timeout_seconds, max_pages=self.max_pages,
                               max_bytes=int(self.max_mb * 2**20), max_memory_mb=self.max_memory_mb,
                               engine=self.engine)


def limit_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the robustness limits (timeout, pages, size, memory) to a command;
    it receives them as one typed ``limits`` argument (:class:`Limits`)."""

    @functools.wraps(command)
    def with_limits(*args: Any, timeout_seconds: float, max_pages: int, max_mb: float,
                    max_memory_mb: int | None, engine: str, **kwargs: Any) -> Any:
        limits = Limits(timeout_seconds, max_pages, max_mb, max_memory_mb, engine)
        return command(*args, limits=limits, **kwargs)

    d = ExtractSettings()
    decorated: Callable[..., Any] = with_limits
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
                     show_default=True,
                     help="How far the parsing process's address space may grow while it reads a document, MiB."),
        click.option("--engine", type=click.Choice(ENGINES), default=d.engine, show_default=True,
                     help="Page model: pdfium (fast) or pdfplumber (pdfminer, the reference)."),
    ):
        decorated = option(decorated)
    return decorated


@main.command()
@click.argument("pdf", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "table"]), default="table",
              show_default=True, help="Output format.")
@click.option("--pages", help="Only read these pages, e.g. 3-9.")
@click.option("--no-provenance", is_flag=True, help="Leave bounding boxes out of JSON.")
@click.option("--ocr", is_flag=True, help="OCR image-only pages first (needs ocrmypdf).")
@click.option("--authority", help="Council name to record instead of the one detected.")
@click.option("--profiles", "profiles_file", type=click.Path(exists=True, dir_okay=False),
              help="Layout profiles (TOML, as plans profiles export writes) to read tables with.")
@limit_options
def extract(pdf: str, fmt: str, pages: str | None, no_provenance: bool, ocr: bool,
            authority: str | None, profiles_file: str | None, limits: Limits) -> None:
    """Print the action items found in PDF."""
    from council_plans.api import extract as extract_pdf
    from council_plans.commands.output import render_extraction, warning_lines
    from council_plans.review.profiles import CorrectionError, read_profile_file

    first, last = _page_range(pages)
    warn_unregistered(authority)
    try:
        profiles = read_profile_file(profiles_file) if profiles_file else ()
    except CorrectionError as exc:
        raise click.BadParameter(str(exc), param_hint="--profiles") from None
    settings: ExtractSettings = limits.settings().with_(first_page=first, last_page=last, ocr=ocr,
                                                        authority=authority, profiles=profiles)
    try:  # in a killable child process: the limits hold even for a hostile file
        result = extract_pdf(pdf, settings=settings, isolated=True)
    except (PlanError, FileNotFoundError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    click.echo(render_extraction(result, fmt, provenance=not no_provenance), nl=False)
    for line in warning_lines(result):  # stderr in every format, so csv keeps them too
        click.echo(line, err=True)


# --- database: ingest, db upgrade, query, export (README: Database) ---



@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Parse in this many processes.")
@click.option("--force", is_flag=True, help="Re-parse documents already imported; replace their rows.")
@click.option("--authority", help="Council name to use instead of the one detected.")
@click.option("--ocr", is_flag=True, help="OCR image-only pages first (needs ocrmypdf).")
@click.option("--keep-pages", type=click.Path(file_okay=False),
              help="Also save images of the pages items were read from here (for plans serve --pages).")
@click.option("--cluster", envvar="PLANS_CLUSTER",
              help="Parse and store on a Dask cluster: tcp://SCHEDULER:8786, or local:N to run N "
                   "at a time here (default: $PLANS_CLUSTER; needs the [cluster] extra). "
                   "PATHs may then also be http(s):// or file:// URLs; --workers is unused.")
@limit_options
def ingest(paths: tuple[str, ...], db_url: str | None, workers: int, force: bool,
           authority: str | None, ocr: bool, keep_pages: str | None, cluster: str | None,
           limits: Limits) -> None:
    """Import PDFs (files, directories, globs) into the database.

    Exit status: 0 all imported or already there, 3 some files failed,
    4 every file failed, 2 usage error, 130 / 143 interrupted (Ctrl-C / SIGTERM).
    """
    from council_plans.api import Database
    from council_plans.ingest.discover import NoPDFsFound
    from council_plans.ingest.pipeline import BatchInterrupted
    from council_plans.ingest.pool import sigterm_interrupts
    from council_plans.ingest.progress import interrupted_line, reporter_for, summary
    from council_plans.parsers.errors import OCRUnavailable

    settings: ExtractSettings = limits.settings().with_(ocr=ocr)
    warn_unregistered(authority)
    reporter = reporter_for(sys.stderr)
    database = Database(db_url)
    try:
        if cluster:
            report = _ingest_on_cluster(database, paths, cluster, force, authority, settings,
                                        reporter)
        else:
            with sigterm_interrupts():
                report = database.ingest(paths, workers=workers, force=force,
                                         authority=authority, reporter=reporter, settings=settings)
    except (NoPDFsFound, OCRUnavailable) as exc:  # before the batch: nothing was written
        raise click.UsageError(str(exc)) from None
    except BatchInterrupted as stop:  # workers already stopped; stored documents are whole
        reporter.close()
        click.echo(summary(stop.report))
        click.echo(interrupted_line(stop), err=True)
        sys.exit(stop.exit_code)
    finally:
        reporter.close()
    if keep_pages:
        ids = [o.document_id for o in report.outcomes if o.document_id is not None]
        click.echo(f"kept {database.keep_pages(ids, keep_pages)} page images "
                   f"in {keep_pages}", err=True)
    click.echo(summary(report))
    sys.exit(report.exit_code)


def _ingest_on_cluster(database, paths, address, force, authority, settings, reporter):
    from council_plans.ingest.cluster.batch import ClusterError

    try:
        return database.ingest_on_cluster(paths, address, force=force, authority=authority,
                                          settings=settings, reporter=reporter)
    except ClusterError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)


@main.group("db")
def db_group() -> None:
    """Manage the database schema."""


@db_group.command("upgrade")
@db_option
def db_upgrade(db_url: str | None) -> None:
    """Apply the schema migrations (Alembic) up to the newest."""
    from council_plans.api import Database

    revisions = Database(db_url).upgrade()
    click.echo(f"database at revision {', '.join(sorted(revisions))}")


@db_group.command("create")
@db_option
@click.option("--reader", default="plans_reader", show_default=True,
              help="PostgreSQL: the login role given SELECT only, for plans query / export.")
def db_create(db_url: str | None, reader: str) -> None:
    """Create the database (PostgreSQL: CREATE DATABASE; SQLite: the file and
    its directory) if it does not exist, and apply the migrations."""
    from council_plans.api import Database

    database = Database(db_url)
    state = "created" if database.create() else "already exists"
    click.echo(f"database {database.describe()} {state}; at revision "
               f"{', '.join(sorted(database.revisions()))}")
    if database.is_postgresql():
        click.echo(database.grant_reader(reader))


class SqlCommand(click.Command):
    """A command whose SQL argument may start with ``--`` (an SQL comment):
    such an argument is moved behind ``--`` so click does not read it as an option."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if "--" not in args:
            sql = [a for a in args if a.startswith("--") and (a[2:3].isspace() or "\n" in a)]
            if sql:
                args = [a for a in args if a not in sql] + ["--", *sql]
        return super().parse_args(ctx, args)


@main.command(cls=SqlCommand)
@click.argument("sql", required=False)
@click.option("-f", "--file", "sql_file", type=click.Path(dir_okay=False, allow_dash=True),
              help="Read the SQL from this file ('-': standard input).")
@db_option
@format_option
@allow_unsafe_role_option
def query(sql: str | None, sql_file: str | None, db_url: str | None, fmt: str,
          allow_unsafe_role: bool) -> None:
    """Run one read-only SQL statement and print the result.

    SQL is the argument, '-' for standard input, or -f FILE.
    """
    from council_plans.api import Database
    from council_plans.db.query import QueryError, QueryUsageError, read_sql

    try:
        cols, rows = Database(db_url).query(read_sql(sql, sql_file, sys.stdin),
                                            role_check=not allow_unsafe_role)
    except QueryUsageError as exc:
        raise click.UsageError(str(exc)) from None
    except QueryError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    print_rows(cols, rows, fmt)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "parquet", "xlsx"]), default=None,
              help="Output format (default: from the -o file's extension, else csv).")
@click.option("--output", "-o",
              help="File to write; - for stdout (default: stdout; action_items.parquet for parquet).")
@db_option
@allow_unsafe_role_option
def export(fmt: str | None, output: str | None, db_url: str | None,
           allow_unsafe_role: bool) -> None:
    """Write the action_items view (one row per item) as CSV, JSON, Parquet or Excel."""
    from council_plans.api import Database
    from council_plans.commands.export import ExportError, check_target, export_format, write_export
    from council_plans.db.query import QueryError

    try:
        fmt = fmt or export_format(output or "-")
        output = output or (f"action_items.{fmt}" if fmt in ("parquet", "xlsx") else "-")
        if output != "-":
            check_target(output)  # before the query: a typo costs nothing
    except ExportError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    try:
        cols, rows = Database(db_url).action_items(role_check=not allow_unsafe_role)
        write_export(cols, rows, fmt, sys.stdout.buffer if output == "-" else output)
    except (QueryError, ExportError, RuntimeError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    if output != "-":
        click.echo(f"wrote {len(rows)} row{'s' if len(rows) != 1 else ''} to {output}", err=True)


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
@click.option("--authority", required=True,
              help="Council name recorded on every document (any spelling the register knows).")
@click.option("--committee", "committees", multiple=True,
              help="Committee title (or id) to follow; repeat for several; default: all.")
@click.option("--contact", envvar="PLANS_CONTACT", help=_CONTACT_HELP)
@click.option("--allow-host", "allow_hosts", multiple=True,
              help="Another host (HOST or HOST:PORT) the site may link or redirect to.")
@click.option("--no-check", is_flag=True,
              help="Do not check the committees against the site's list (offline).")
@db_option
def watch_add_moderngov(site: str, authority: str, committees: tuple[str, ...],
                        contact: str | None, allow_hosts: tuple[str, ...], no_check: bool,
                        db_url: str | None) -> None:
    """Watch a ModernGov site (its mgWebService.asmx web service)."""
    from council_plans.commands.watch import add_moderngov

    add_moderngov(db_url, site, authority, committees, contact, not no_check, allow_hosts)


@watch_group.command("list")
@db_option
def watch_list(db_url: str | None) -> None:
    """List watched sources and how their last run went."""
    from council_plans.api import Database
    from council_plans.commands.watch import format_sources

    click.echo(format_sources(Database(db_url).watch_sources()), nl=False)


@watch_group.command("status")
@db_option
@format_option
def watch_status(db_url: str | None, fmt: str) -> None:
    """Watched papers waiting to be retried after a passing failure, or given up on."""
    from council_plans.api import Database

    print_rows(*Database(db_url).watch_status(), fmt)


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
@db_option
@click.option("--cluster", envvar="PLANS_CLUSTER",
              help="Check the sources in parallel on a Dask cluster (tcp://SCHEDULER:8786 or "
                   "local:N; default: $PLANS_CLUSTER); --store must be a path every worker sees.")
def watch_run(since, until, source_ids: tuple[int, ...], store: str, contact: str | None,
              interval: float, timeout: float, retries: int, db_url: str | None,
              cluster: str | None) -> None:
    """Check every source once and ingest new papers (for cron / systemd timers).

    Exit status: 0 clean, 3 some errors, 4 no source could be checked,
    5 another run holds a source's lock, 2 usage error (also: no sources),
    130 / 143 interrupted (Ctrl-C / SIGTERM). Every line starts with the UTC time.
    """
    from council_plans.api import Database
    from council_plans.commands.watch import run_and_report
    from council_plans.ingest.moderngov.http import HttpSettings

    http = HttpSettings(contact=contact or "", min_interval=interval, timeout=timeout,
                        max_retries=retries)
    sys.exit(run_and_report(lambda: Database(db_url).watch_run(
        store, since=since.date() if since else None, until=until.date() if until else None,
        source_ids=source_ids, http=http, cluster=cluster)))


from council_plans.commands.watch import WATCH_COMMANDS as _WATCH_COMMANDS  # noqa: E402

for _command in _WATCH_COMMANDS:
    watch_group.add_command(_command)


# --- inspect and serve: see what was extracted (README: Seeing what was extracted) ---

from council_plans.commands.view import COMMANDS as _VIEW_COMMANDS  # noqa: E402

for _command in _VIEW_COMMANDS:
    main.add_command(_command)

# --- what was imported: documents, show, errors, remove (README: Managing imports) ---

from council_plans.commands.manage import COMMANDS as _MANAGE_COMMANDS  # noqa: E402

for _command in _MANAGE_COMMANDS:
    main.add_command(_command)

# --- series, compare, history, report (README: Comparing versions): in cli_series.py ---
from council_plans.commands.series import COMMANDS as _SERIES_COMMANDS  # noqa: E402

for _command in _SERIES_COMMANDS:
    main.add_command(_command)

# --- review, fix, profiles (README: Reviewing and correcting): in commands/review.py ---
from council_plans.commands.review import COMMANDS as _REVIEW_COMMANDS  # noqa: E402

for _command in _REVIEW_COMMANDS:
    main.add_command(_command)


if __name__ == "__main__":
    main()
