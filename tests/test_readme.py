"""The README works for a stranger: its two set-up lines make their own
virtualenv, CI runs the same test line, no instruction points outside the
repository, and the documented shell completion works."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

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
