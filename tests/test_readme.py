"""The README works for a stranger: its two set-up lines make their own
virtualenv, CI runs the same test line, no instruction points outside the
repository, the documented shell completion works, every command transcript
prints what it shows, and the figures it quotes (test count, newest
migration) are current."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
VENV = "python3 -m venv .venv && . .venv/bin/activate && "


def setup_lines() -> list[str]:
    """The commands of the README's first code block."""
    block = re.search(r"```sh\n(.*?)```", README, re.S).group(1)
    return [line for line in block.splitlines() if line.strip()]


def test_the_readme_opens_with_two_set_up_lines_that_make_a_virtualenv():
    demo, tests = setup_lines()
    assert demo.startswith(VENV + "pip install -e . && plans ingest samples/pdfs/")
    assert "plans query" in demo
    assert tests == VENV + "pip install -e '.[dev]' && python -m pytest -q"


def test_ci_runs_the_readme_test_line_verbatim():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [ln for ln in ci.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    assert commands[-1] == setup_lines()[1]


def test_no_instruction_points_outside_the_repository():
    texts = {"README.md": README}
    for folder in ("bench", "samples"):
        for path in sorted((ROOT / folder).glob("*.py")):
            texts[f"{folder}/{path.name}"] = path.read_text(encoding="utf-8")
    offenders = {name for name, text in texts.items() if re.search(r"\.\./shared|/work/", text)}
    assert offenders == set()


def test_readme_bulk_figures_use_the_number_of_plans_they_name():
    named = set(re.findall(r"(\d+) generated (?:bulk )?plans", README))
    commands = set(re.findall(r"--bulk (\d+)", README))
    assert named and commands and named == commands == {"200"}


def test_documented_bash_completion_prints_a_completion_script():
    env = dict(os.environ, _PLANS_COMPLETE="bash_source")
    got = subprocess.run([sys.executable, "-c", "from council_plans.cli import main; main(prog_name='plans')"],
                         capture_output=True, text=True, env=env, timeout=60)
    assert got.returncode == 0
    assert "_plans_completion()" in got.stdout and "complete -o nosort -F _plans_completion plans" in got.stdout
    assert 'eval "$(_PLANS_COMPLETE=bash_source plans)"' in README


# -- the README's transcripts print what they show ---------------------------------------

sys.path.insert(0, str(ROOT / "tests"))
from support.readme_transcripts import (base_database, matches, normalise, run,  # noqa: E402
                                        skip_reason, transcripts)

TRANSCRIPTS = transcripts()


@pytest.fixture(scope="module")
def readme_db(tmp_path_factory):
    """plans.db as the README's first line leaves it (ruled-rag-fill.pdf imported)."""
    return base_database(tmp_path_factory.mktemp("readme-base"))


@pytest.mark.parametrize("transcript", TRANSCRIPTS, ids=[t.name for t in TRANSCRIPTS])
def test_each_readme_command_block_prints_the_output_it_shows(transcript, readme_db, tmp_path):
    if all(skip_reason(s.command) for s in transcript.steps):
        pytest.skip(skip_reason(transcript.steps[0].command))
    for step, got in run(transcript, tmp_path / "reader", readme_db):
        assert matches(step.expected, got), (
            f"README line {transcript.line}: $ {step.command}\n--- shown\n"
            + "\n".join(normalise(step.expected)) + "\n--- printed\n" + "\n".join(normalise(got)))


def test_the_transcript_runner_finds_the_commands_and_compares_with_wildcards():
    demo = TRANSCRIPTS[0]
    assert demo.steps[0].command.startswith("plans ingest samples/pdfs/ruled-rag-fill.pdf && ")
    series = next(t for t in TRANSCRIPTS if any("plans compare 2" in s.command for s in t.steps))
    assert len(series.steps) >= 5
    assert matches(["a", "…", "z"], ["a", "b", "c", "z"]) and not matches(["a", "z"], ["a", "b", "z"])
    assert matches(["items: 3  time: 4.2s (0.24 documents/s, 3.4 items/s)"],
                   ["items: 3  time: 0.9s (1.10 documents/s, 9.0 items/s)"])


def test_the_readme_names_the_newest_migration():
    from council_plans.db.engine import head_revisions

    shown = set(re.findall(r"at revision (\w+)", README))
    assert shown and shown <= set(head_revisions())


def test_the_readme_test_count_is_within_a_tenth_of_the_collected_count():
    said = int(re.search(r"about ([\d,]+) tests", README).group(1).replace(",", ""))
    out = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
                         cwd=ROOT, capture_output=True, text=True, timeout=600).stdout
    collected = int(re.search(r"(\d+) tests? collected", out).group(1))
    assert abs(said - collected) <= collected / 10, (said, collected)
