"""Papers that failed for a passing reason are asked for again, with backoff,
a bounded number of times, and keep the run's exit code non-zero meanwhile."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from council_plans.cli import main
from council_plans.db.engine import get_engine, session_scope
from council_plans.ingest.moderngov.retry import RetryPolicy
from council_plans.ingest.moderngov.watch import EXIT_OK, EXIT_PARTIAL, WatchOptions, \
    add_source, run_watch
from council_plans.ingest.moderngov.http import HttpSettings
from council_plans.parsers.settings import ExtractSettings
from council_plans.schema.watch import WatchAttachment
from tests.fake_moderngov import (CHILDREN, FileBody, doc_path, example_council, retries_fall_due)
from tests.fake_moderngov import direct_to_localhost  # noqa: F401 (autouse fixture)

FAST = HttpSettings(contact="watch-tests@example.org", min_interval=0.0, timeout=3.0,
                    backoff_base=0.01, backoff_max=0.05, max_retries=0)
PAPER = doc_path(5502)


@pytest.fixture()
def council():
    with example_council() as fake:
        yield fake


@pytest.fixture()
def db(tmp_path, council):
    url = f"sqlite:///{tmp_path / 'plans.db'}"
    add_source(get_engine(url), council.site, "Example Council", (CHILDREN,))
    return url


def _run(db, tmp_path, policy=None, extract=None):
    options = WatchOptions(since=dt.date(2017, 1, 1), until=dt.date(2017, 12, 31),
                           retry=policy or RetryPolicy(), extract=extract or ExtractSettings())
    return run_watch(get_engine(db), tmp_path / "store", options, FAST)


def _row(db) -> WatchAttachment:
    with session_scope(get_engine(db)) as s:
        return s.scalar(select(WatchAttachment).where(WatchAttachment.attachment_id == 5502))


def _serve(council, body: bytes, content_type: str = "application/pdf") -> None:
    council.files[PAPER] = FileBody(body, content_type=content_type)


def test_a_paper_served_once_as_html_is_an_error_and_fetched_again_later(db, tmp_path, council):
    good = council.files[PAPER].body
    _serve(council, b"<html>try later</html>", "text/html")
    first = _run(db, tmp_path)
    assert first.exit_code == EXIT_PARTIAL
    assert any("answered text/html, not a PDF" in e for e in first.errors)
    assert (_row(db).status, _row(db).retries) == ("not-pdf", 1)
    _serve(council, good)
    waiting = _run(db, tmp_path)  # not due yet: reported, not asked
    assert waiting.exit_code == EXIT_PARTIAL and len(council.requests_for(PAPER)) == 1
    retries_fall_due(get_engine(db))
    later = _run(db, tmp_path)
    assert later.exit_code == EXIT_OK, later.errors
    row = _row(db)
    assert (row.status, row.retries, row.retry_after, row.error) == ("ingested", 0, None, None)


def test_a_paper_whose_parse_timed_out_is_retried_and_keeps_its_error_until_then(
        db, tmp_path, council):
    hurried = ExtractSettings(timeout_seconds=0.01)  # the parse is killed: a passing failure
    first = _run(db, tmp_path, extract=hurried)
    assert first.exit_code == EXIT_PARTIAL
    failed = _row(db)
    assert failed.status == "error" and "took longer than the time limit" in failed.error
    assert failed.retries == 1
    _run(db, tmp_path)  # a later run (not due) leaves the error in place
    assert _row(db).error == failed.error and _row(db).status == "error"
    retries_fall_due(get_engine(db))
    assert _run(db, tmp_path).exit_code == EXIT_OK
    assert _row(db).status == "ingested"


def test_a_paper_the_parser_rejects_is_not_retried(db, tmp_path, council):
    _serve(council, b"%PDF-1.4\n" + b"\x00garbage" * 50)
    assert _run(db, tmp_path).exit_code == EXIT_OK  # the file's fault, kept in ingest_error
    assert _row(db).status == "failed"
    retries_fall_due(get_engine(db))
    _run(db, tmp_path)
    assert len(council.requests_for(PAPER, 200)) == 1 and _row(db).status == "failed"  # 304 since


def test_after_max_tries_the_watcher_gives_up_keeps_the_reason_and_lists_it(db, tmp_path,
                                                                           council):
    _serve(council, b"<html>gone</html>", "text/html")
    policy = RetryPolicy(max_tries=2, first_wait=0)
    assert _run(db, tmp_path, policy).exit_code == EXIT_PARTIAL
    assert _run(db, tmp_path, policy).exit_code == EXIT_PARTIAL  # the second failure: gives up
    row = _row(db)
    assert row.status == "gave-up" and row.error.startswith("gave up after 2 tries (not-pdf):")
    assert _run(db, tmp_path, policy).exit_code == EXIT_OK  # given up: no longer asked
    assert len(council.requests_for(PAPER)) == 2
    out = CliRunner().invoke(main, ["watch", "status", "--db", db, "--format", "json"])
    (listed,) = json.loads(out.stdout)
    assert (listed["attachment"], listed["status"], listed["tries"]) == (5502, "gave-up", 2)
    assert "answered text/html" in listed["reason"]


def test_the_wait_grows_with_each_failure_up_to_a_cap():
    policy = RetryPolicy(first_wait=3600, factor=4, max_wait=86400)
    assert [policy.wait(n).total_seconds() for n in (1, 2, 3, 4)] == [3600, 14400, 57600, 86400]
