"""What a user and a cron job see of ``plans watch``: an interrupted run's
summary and exit status, a run with no sources, ``watch remove``, committee
and council checks at ``watch add``, papers named by their agenda title, and
timestamped log lines."""
from __future__ import annotations

import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from council_plans.cli import main
from council_plans.db.engine import get_engine, session_scope
from council_plans.ingest.moderngov.watch import WatchOptions
from council_plans.schema.models import Document
from tests.fake_moderngov import CHILDREN, WINDOW, Fault, doc_path, wait_for_download
from tests.fake_moderngov import council_fixture, direct_to_localhost  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parent.parent
RANGE = ["--since", WINDOW[0].isoformat(), "--until", WINDOW[1].isoformat()]
STAMPED = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \S")


@pytest.fixture()
def paths(tmp_path):
    return {"db": f"sqlite:///{tmp_path / 'plans.db'}", "store": str(tmp_path / "store")}


def _cli(*args: str):
    return CliRunner().invoke(main, list(args), env={"PLANS_CONTACT": "cli@example.org"})


def _add(council, paths, *extra: str):
    return _cli("watch", "add", "moderngov", "--site", council.site, "--db", paths["db"], *extra)


def _run_args(paths) -> list[str]:
    return ["watch", "run", "--db", paths["db"], "--store", paths["store"], "--interval", "0",
            "--timeout", "5", *RANGE]


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_run_prints_its_summary_and_exits_128_plus_the_signal(council, paths,
                                                                            tmp_path, signum):
    assert _add(council, paths, "--authority", "Example Council", "--committee",
                CHILDREN).exit_code == 0
    slow = doc_path(5502)
    council.fault(slow, Fault(drip=0.5, chunk=128))  # the second paper trickles in
    err_log = tmp_path / "stderr.txt"
    with open(err_log, "w") as err:
        proc = subprocess.Popen([sys.executable, "-m", "council_plans.cli", *_run_args(paths)],
                                cwd=ROOT, stdout=subprocess.PIPE, stderr=err, text=True,
                                env={**_env(), "PLANS_CONTACT": "cli@example.org"})
        try:
            wait_for_download(lambda: council.requests_for(slow), proc)
            proc.send_signal(signum)
            out, _ = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
    stderr = err_log.read_text()
    assert proc.returncode == 128 + signum, stderr
    assert "Aborted" not in stderr and "Traceback" not in stderr
    assert re.search(r"watch: sources checked 0, meetings 1, new documents 1, items \d+, errors 0 "
                     r"\(interrupted 1\)", out), out
    assert f"interrupted by {signal.Signals(signum).name}: 0 of 1 source(s) checked" in stderr


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != "PLANS_CONTACT"}


def test_a_run_with_no_sources_is_a_usage_error_naming_the_database(paths):
    res = _cli(*_run_args(paths))
    assert res.exit_code == 2
    assert "error: no watch sources in sqlite:///" in res.stderr and "is --db right?" in res.stderr


def test_watch_remove_stops_watching_a_source_and_keeps_its_documents(council, paths):
    _add(council, paths, "--authority", "Example Council", "--committee", CHILDREN)
    assert _cli(*_run_args(paths)).exit_code == 0
    res = _cli("watch", "remove", "1", "--db", paths["db"])
    assert (res.exit_code, res.stdout) == (0, f"removed source 1: Example Council ({council.site})\n")
    assert "no watch sources" in _cli("watch", "list", "--db", paths["db"]).stdout
    with session_scope(get_engine(paths["db"])) as s:
        assert len(list(s.scalars(select(Document)))) == 2
    res = _cli("watch", "remove", "1", "--db", paths["db"])
    assert res.exit_code == 2 and "no watch source with id 1" in res.stderr


def test_a_committee_the_site_does_not_have_is_refused_with_its_near_matches(council, paths):
    res = _add(council, paths, "--authority", "Example Council", "--committee",
               "Childrens Services Improvment Board")
    assert res.exit_code == 2
    assert ("no committee called 'Childrens Services Improvment Board' on the site; "
            f"did you mean {CHILDREN!r}") in res.stderr
    assert "no watch sources" in _cli("watch", "list", "--db", paths["db"]).stdout
    res = _add(council, paths, "--authority", "Example Council", "--committee", "children's "
               "services improvement board")
    assert res.exit_code == 0  # any case: stored as the site spells it
    assert CHILDREN in _cli("watch", "list", "--db", paths["db"]).stdout


def test_another_spelling_of_the_same_council_updates_its_source(council, paths):
    first = _add(council, paths, "--authority", "City of Wolverhampton Council")
    again = _add(council, paths, "--authority", "Wolverhampton", "--committee", CHILDREN)
    assert first.stdout.startswith("added source 1: City of Wolverhampton Council")
    assert again.stdout.startswith("updated source 1: City of Wolverhampton Council")
    assert "warning" not in first.stderr + again.stderr
    listing = _cli("watch", "list", "--db", paths["db"]).stdout.splitlines()
    assert len(listing) == 1 and CHILDREN in listing[0]


def test_a_council_the_register_does_not_know_is_added_with_a_warning(council, paths):
    res = _add(council, paths, "--authority", "Made Up Council")
    assert res.exit_code == 0
    assert "warning: 'Made Up Council' is not in the register of UK local authorities" in res.stderr


def test_papers_are_named_by_their_agenda_title_and_shown_by_that_name(council, paths):
    _add(council, paths, "--authority", "Example Council", "--committee", CHILDREN)
    assert _cli(*_run_args(paths)).exit_code == 0
    with session_scope(get_engine(paths["db"])) as s:
        docs = {d.file_name: d.source_url for d in s.scalars(select(Document))}
    assert docs == {"Improvement plan & update 5501.pdf": council.site + doc_path(5501),
                    "Improvement plan & update 5502.pdf": council.site + doc_path(5502)}
    res = _cli("show", "Improvement plan & update 5501.pdf", "--db", paths["db"], "--format", "csv")
    assert res.exit_code == 0 and len(res.stdout.splitlines()) > 1


def test_every_line_a_run_prints_starts_with_the_utc_time(council, paths):
    _add(council, paths, "--authority", "Example Council", "--committee", CHILDREN, "--committee",
         "40")
    council.fault(doc_path(5502), Fault(status=404), Fault(status=404), Fault(status=404),
                  Fault(status=404))
    res = _cli(*_run_args(paths))
    lines = (res.stdout + res.stderr).splitlines()
    assert any("error:" in line for line in lines) and any("watch:" in line for line in lines)
    assert [line for line in lines if not STAMPED.match(line)] == []


def test_the_readme_says_what_date_window_a_first_run_covers():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    d = WatchOptions()
    sentence = (f"A first run (no clean run yet) looks at meetings from {d.lookback_days} days "
                f"before today to {d.lookahead_days} days ahead")
    assert sentence in " ".join(readme.split())
