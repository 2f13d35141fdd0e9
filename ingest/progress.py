"""Progress of a batch: a rich progress bar on a terminal, plain log lines
otherwise (CI logs, pipes), and the end-of-batch summary."""
from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from council_plans.words import counted
from council_plans.ingest.pipeline import FAILED, IMPORTED, SKIPPED, BatchInterrupted, BatchReport, FileOutcome

if TYPE_CHECKING:  # rich is imported when a bar is shown
    from rich.progress import TaskID


class _Counts:
    def __init__(self) -> None:
        self.total = self.done = self.pages = self.items = self.errors = 0

    def add(self, outcome: FileOutcome) -> None:
        self.done += 1
        if outcome.status == IMPORTED:
            self.pages += outcome.pages
            self.items += outcome.items
        elif outcome.status == FAILED:
            self.errors += 1


def describe(outcome: FileOutcome) -> str:
    """One line about one file."""
    if outcome.status == IMPORTED:
        verb = "replaced" if outcome.replaced else "imported"
        return (f"{verb} {outcome.path} ({counted(outcome.items, 'item')}, "
                f"{counted(outcome.pages, 'page')})")
    if outcome.status == SKIPPED and outcome.same_as:
        return f"skipped {outcome.path} (the same file as {outcome.same_as} in this batch)"
    if outcome.status == SKIPPED:
        return f"skipped {outcome.path} (already imported; use --force to re-read)"
    return f"failed {outcome.error_class}: {outcome.error}"


class LogReporter:
    """One plain line per file, for logs."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.counts = _Counts()

    def start(self, total: int) -> None:
        self.counts.total = total
        print(f"ingesting {counted(total, 'file')}", file=self.stream, flush=True)

    def working(self, path: str) -> None:
        """Log lines name each file when it is done (see :meth:`advance`)."""

    def advance(self, outcome: FileOutcome) -> None:
        self.counts.add(outcome)
        width = len(str(self.counts.total))
        print(f"[{self.counts.done:>{width}}/{self.counts.total}] {describe(outcome)}",
              file=self.stream, flush=True)

    def close(self) -> None:
        pass


class BarReporter:
    """A rich progress bar with files, pages, items, errors and the name of
    the file being parsed (cut to fit the terminal); failures printed above it."""

    def __init__(self, stream: TextIO | None = None) -> None:
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                   TimeElapsedColumn)
        from rich.table import Column

        self.console = Console(file=stream or sys.stderr)
        self.counts = _Counts()
        self.progress = Progress(
            TextColumn("files"), BarColumn(bar_width=20), MofNCompleteColumn(),
            TextColumn("pages {task.fields[pages]}  items {task.fields[items]}  "
                       "errors {task.fields[errors]}"),
            TimeElapsedColumn(),
            TextColumn("{task.fields[current]}", markup=False,
                       table_column=Column(ratio=1, no_wrap=True, overflow="ellipsis")),
            console=self.console, transient=False, expand=True)
        self.task: TaskID | None = None

    def start(self, total: int) -> None:
        self.counts.total = total
        self.progress.start()
        self.task = self.progress.add_task("ingest", total=total, pages=0, items=0, errors=0,
                                           current="")

    def working(self, path: str) -> None:
        """Name the file being parsed now (its name, not its whole path)."""
        self.progress.update(self._task(), current=Path(path).name or path)
        self.progress.refresh()

    def advance(self, outcome: FileOutcome) -> None:
        self.counts.add(outcome)
        if outcome.status != IMPORTED:  # what the database holds is not what was asked for
            self.progress.console.print(describe(outcome), markup=False, highlight=False)
        c = self.counts
        current = "" if c.done >= c.total else self.progress.tasks[0].fields["current"]
        self.progress.update(self._task(), advance=1, pages=c.pages, items=c.items, errors=c.errors,
                             current=current)

    def _task(self) -> TaskID:
        assert self.task is not None, "the batch calls start() before it reports any file"
        return self.task

    def close(self) -> None:
        self.progress.stop()


def reporter_for(stream: TextIO | None = None) -> LogReporter | BarReporter:
    """A bar when ``stream`` is a terminal, log lines otherwise."""
    stream = stream or sys.stderr
    isatty = getattr(stream, "isatty", lambda: False)
    return BarReporter(stream) if isatty() else LogReporter(stream)


def summary(report: BatchReport) -> str:
    """The end-of-batch summary (documents, items, errors, time)."""
    secs = max(report.seconds, 1e-9)
    imported = report.count(IMPORTED)
    lines = [
        f"documents: {imported} imported, {report.count(SKIPPED)} skipped (already imported), "
        f"{report.count(FAILED)} failed",
        f"items: {report.items}  pages: {report.pages}  errors: {report.count(FAILED)}  "
        f"time: {report.seconds:.1f}s ({imported / secs:.2f} documents/s, "
        f"{report.items / secs:.1f} items/s)",
    ]
    if report.not_pdf:
        lines.append(f"not PDFs, skipped: {len(report.not_pdf)} "
                     f"({', '.join(report.not_pdf[:5])}{' ...' if len(report.not_pdf) > 5 else ''})")
    return "\n".join(lines)


def interrupted_line(stop: BatchInterrupted) -> str:
    """What an interrupted batch says last: the signal and how far it got."""
    done = len(stop.report.outcomes)
    return (f"interrupted by {signal.Signals(stop.signum).name}: {done} of {stop.total} file(s) "
            f"done, {stop.total - done} not started or not stored; workers stopped")
