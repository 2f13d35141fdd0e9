"""A parse runs with fewer young collections and leaves the process's
garbage-collector settings as it found them."""
from __future__ import annotations

import gc
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from council_plans.parsers import extract
from council_plans.parsers.errors import PlanError
from council_plans.parsers.gc_pace import YOUNG_THRESHOLD, fewer_collections
from council_plans.parsers.trace import Trace

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "pdfs" / "ruled-rag-fill.pdf"


@pytest.fixture(autouse=True)
def _default_thresholds():
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*before)


def test_threshold_is_raised_inside_and_put_back_after():
    with fewer_collections():
        assert gc.get_threshold() == (YOUNG_THRESHOLD, 10, 10)
    assert gc.get_threshold() == (700, 10, 10)


def test_a_callers_higher_threshold_or_collection_turned_off_is_kept():
    gc.set_threshold(YOUNG_THRESHOLD * 5, 3, 4)
    with fewer_collections():
        assert gc.get_threshold() == (YOUNG_THRESHOLD * 5, 3, 4)
    gc.set_threshold(0, 10, 10)
    with fewer_collections():
        assert gc.get_threshold()[0] == 0
    assert gc.get_threshold() == (0, 10, 10)


def test_overlapping_parses_in_threads_restore_only_when_the_last_ends():
    first_in, second_done, release = threading.Event(), threading.Event(), threading.Event()

    def first() -> None:
        with fewer_collections():
            first_in.set()
            release.wait(10)

    t = threading.Thread(target=first)
    t.start()
    first_in.wait(10)
    with fewer_collections():
        second_done.set()
    assert gc.get_threshold()[0] == YOUNG_THRESHOLD  # the first parse still runs
    release.set()
    t.join(10)
    assert gc.get_threshold() == (700, 10, 10)


@dataclass
class _SeesThreshold(Trace):
    """A trace that notes the collector's threshold while pages are read."""

    seen: list[int] = field(default_factory=list)

    def saw_view(self, view, angle) -> None:  # type: ignore[no-untyped-def]
        self.seen.append(gc.get_threshold()[0])
        super().saw_view(view, angle)


def test_extraction_reads_pages_under_the_raised_threshold_and_restores_it():
    from council_plans.parsers import extract_bytes

    trace = _SeesThreshold()
    result = extract_bytes(SAMPLE.read_bytes(), SAMPLE.name, trace=trace)
    assert result.items and trace.seen and set(trace.seen) == {YOUNG_THRESHOLD}
    assert gc.get_threshold() == (700, 10, 10)


def test_a_failed_parse_restores_the_threshold_too(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\n this is not a pdf body")
    with pytest.raises(PlanError):
        extract(bad)
    assert gc.get_threshold() == (700, 10, 10)
