"""``plans watch`` from the command line: add/list/run, exit codes, the lock,
and a run killed mid-download that the next run completes."""
from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from council_plans.cli import main
from council_plans.db.engine import get_engine, session_scope
from council_plans.ingest.moderngov.watch import EXIT_LOCKED, EXIT_OK, source_lock
from council_plans.schema.watch import WatchAttachment
from tests.fake_moderngov import CHILDREN, WINDOW, Fault, doc_path, example_council, wait_for_download
from tests.fake_moderngov import direct_to_localhost  # noqa: F401 (autouse fixture)

ROOT = Path(__file__).resolve().parent.parent
RANGE = ["--since", WINDOW[0].isoformat(), "--until", WINDOW[1].isoformat()]


@pytest.fixture()
def council():
    with example_council() as fake:
        yield fake


@pytest.fixture()
def paths(tmp_path):
    return {"db": f"sqlite:///{tmp_path / 'plans.db'}", "store": str(tmp_path / "store")}


def _cli(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env=env or {"PLANS_CONTACT": "cli@example.org"})


def _add(council, paths) -> None:
    res = _cli("watch", "add", "moderngov", "--site", council.site, "--authority",
               "Example Council", "--committee", CHILDREN, "--db", paths["db"])
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("added source 1: Example Council")
    assert [r.path for r in council.log] == ["/mgWebService.asmx/GetCommittees"]  # checked
    council.log.clear()


STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ ", re.M)


def unstamped(text: str) -> str:
    """Output without the UTC time each line of ``watch run`` starts with."""
    return STAMP.sub("", text)


def _run_args(paths, *extra: str) -> list[str]:
    return ["watch", "run", "--db", paths["db"], "--store", paths["store"], "--interval", "0",
            "--timeout", "5", *RANGE, *extra]


def test_add_list_and_run_print_the_source_and_a_summary_line(council, paths):
    _add(council, paths)
    res = _cli(*_run_args(paths))
    assert res.exit_code == EXIT_OK, res.output
    assert unstamped(res.stdout).strip() == ("watch: sources checked 1, meetings 2, "
                                             "new documents 2, items 6, errors 0")
    assert all("cli@example.org" in r.headers["User-Agent"] for r in council.log)
    listing = _cli("watch", "list", "--db", paths["db"]).output
    assert f"Example Council\t{council.site}\t{CHILDREN}\tlast clean run " in listing


def test_a_source_added_with_a_contact_keeps_using_it_when_the_run_has_none(council, paths):
    _add(council, paths)  # PLANS_CONTACT=cli@example.org is stored with the source
    res = _cli(*_run_args(paths), env={"PLANS_CONTACT": ""})
    assert res.exit_code == EXIT_OK and "warning" not in res.stderr
    assert all("cli@example.org" in r.headers["User-Agent"] for r in council.log)


def test_a_run_with_no_contact_at_all_warns_but_still_runs(council, paths):
    res = _cli("watch", "add", "moderngov", "--site", council.site, "--authority", "X",
               "--db", paths["db"], env={"PLANS_CONTACT": ""})
    assert res.exit_code == 0
    res = _cli(*_run_args(paths), env={"PLANS_CONTACT": ""})
    assert res.exit_code == EXIT_OK
    assert "warning: X (" in res.stderr and "no contact in the User-Agent" in res.stderr
    assert "contact:" not in council.log[0].headers["User-Agent"]


def test_a_source_whose_lock_is_held_is_skipped_with_exit_5(council, paths):
    _add(council, paths)
    with source_lock(Path(paths["store"]), 1):
        res = _cli(*_run_args(paths))
    assert res.exit_code == EXIT_LOCKED, res.output
    assert "skipped: Example Council" in res.stderr and "another run holds" in res.stderr
    assert "sources checked 0" in res.stdout and "locked 1" in res.stdout
    assert council.log == []
    assert _cli(*_run_args(paths)).exit_code == EXIT_OK  # released: the next run works


def test_an_unknown_source_id_or_an_inverted_window_is_a_usage_error(paths):
    res = _cli(*_run_args(paths, "--source", "99"))
    assert res.exit_code == 2 and "no watch source with id 99" in res.stderr
    res = _cli(*_run_args(paths, "--since", "2018-01-01"))
    assert res.exit_code == 2 and "--since 2018-01-01 is after --until 2017-12-31" in res.stderr


def test_a_run_killed_mid_download_leaves_nothing_half_done_and_the_next_run_finishes(
        council, paths):
    _add(council, paths)
    slow = doc_path(5502)
    council.fault(slow, Fault(drip=0.5, chunk=128))  # the second paper trickles in
    proc = subprocess.Popen([sys.executable, "-m", "council_plans.cli", *_run_args(paths)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tmp_dir = Path(paths["store"]) / "tmp" / "source-1"
    try:
        wait_for_download(lambda: council.requests_for(slow) and any(tmp_dir.glob("*.part")), proc)
    finally:
        proc.kill()
        proc.wait()
    assert list(tmp_dir.glob("*.part"))  # the partial exists only under a temp name
    _assert_store_holds_only_complete_files(Path(paths["store"]))
    assert _rows(paths) == {5501: "ingested"}  # nothing claims the killed download

    res = _cli(*_run_args(paths))
    assert res.exit_code == EXIT_OK, res.output
    assert "new documents 1" in res.stdout
    assert _rows(paths) == {5501: "ingested", 5502: "ingested"}
    assert [r.status for r in council.requests_for(doc_path(5501))] == [200, 304]
    assert not list(tmp_dir.glob("*.part"))
    _assert_store_holds_only_complete_files(Path(paths["store"]))


def _assert_store_holds_only_complete_files(store: Path) -> None:
    for pdf in (store / "documents").rglob("*.pdf"):
        assert hashlib.sha256(pdf.read_bytes()).hexdigest() == pdf.stem


def _rows(paths) -> dict[int, str]:
    with session_scope(get_engine(paths["db"])) as s:
        return {a.attachment_id: a.status for a in s.scalars(select(WatchAttachment))
                if a.sha256}
