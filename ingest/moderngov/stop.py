"""A ``plans watch run`` stopped by Ctrl-C or SIGTERM ends like an interrupted
``plans ingest``: the summary of what was done, one line saying how far it
got, and exit status 130 / 143 (128 + the signal). Everything stored before
the signal is whole (one transaction per document, attachment rows written
after their document), so the next run fetches only what is missing.
"""
from __future__ import annotations

import signal
from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator

from council_plans.ingest.moderngov.fetch import SourceReport

if TYPE_CHECKING:
    from council_plans.ingest.moderngov.watch import RunSummary
    from council_plans.schema.watch import WatchSource


class WatchInterrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM stopped a run; ``summary`` holds what the sources
    checked so far did (each stored document is whole). Exit status 128 + signum."""

    def __init__(self, summary: RunSummary, signum: int, total: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.summary, self.signum, self.total = summary, int(signum), total

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    def line(self) -> str:
        done = sum(1 for r in self.summary.sources if r.status != "interrupted")
        return (f"interrupted by {signal.Signals(self.signum).name}: {done} of {self.total} "
                "source(s) checked; the next run picks up what this one did not finish")


@contextmanager
def reported_if_interrupted(summary: RunSummary, source: WatchSource,
                             total: int) -> Iterator[None]:
    """Turn a KeyboardInterrupt (Ctrl-C, or SIGTERM as ``ingest.pool.Terminated``)
    into :class:`WatchInterrupted` carrying the summary so far."""
    try:
        yield
    except WatchInterrupted:
        raise
    except KeyboardInterrupt as exc:
        partial = getattr(exc, "report", None) or SourceReport(
            source.id, f"{source.authority} ({source.site})", status="interrupted")
        summary.sources.append(partial)
        raise WatchInterrupted(summary, getattr(exc, "signum", signal.SIGINT), total) from None
