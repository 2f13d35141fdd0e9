"""Run the README's command transcripts and compare what they print.

A transcript is a fenced block whose lines start with ``$ `` (a command, with
``\\`` continuing it on the next line) followed by the output the README shows
for it. Each transcript runs in a fresh folder holding what the README's
reader has at that point: ``samples/`` (the repository's), ``papers/`` (three
sample plans and a text file named ``agenda.pdf``), the sample plans
themselves, and ``plans.db`` holding ``ruled-rag-fill.pdf`` (what the README's
first line imports) unless the transcript starts by importing.

Compared after :func:`normalise` (times, rates, timestamps, file sizes); a
line that is only ``…`` or ``...`` stands for any number of lines. Commands
that need what a test cannot have (:data:`SKIP`: a PostgreSQL server at a
given address, a Dask cluster, a server left running, a benchmark's figures,
a corpus outside the repository) are left out, with the reason.

``python tests/support/readme_transcripts.py [LINE]`` prints what each
transcript (or the one starting at README line LINE) prints now.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
#: command fragment -> why the command is not run
SKIP = {
    "bench/": "a benchmark: its figures depend on the machine and its load",
    "postgresql://": "needs a PostgreSQL server at the address shown",
    "--cluster": "needs a Dask cluster",
    "plans serve": "starts a server that runs until stopped",
    "real-plans/": "a corpus kept outside the repository",
}
#: what the first set-up line runs after its pip install (its output follows "Output of the first line")
DEMO_MARK = "Output of the first line"
MIN_COLUMNS = 80
COMMAND_TIMEOUT = 600
_FENCE = re.compile(r"^(?P<indent>[ ]*)```[^\n]*\n(?P<body>.*?)^(?P=indent)```", re.M | re.S)
_VOLATILE = [
    (re.compile(r"time: [\d.]+s \([\d.]+ documents/s, [\d.]+ items/s\)"), "time: <time>"),
    (re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d"), "<yyyy-mm-dd hh:mm>"),
    (re.compile(r"\((\d+) charts?, \d+ bytes\)"), r"(\1 charts, <size> bytes)"),
]
_WILDCARD = {"…", "..."}


@dataclass
class Step:
    command: str
    expected: list[str] = field(default_factory=list)


@dataclass
class Transcript:
    line: int  #: README line of the block's first command
    heading: str
    steps: list[Step]

    @property
    def name(self) -> str:
        return f"line {self.line}: {self.heading}"

    def columns(self) -> int:
        """The terminal width the shown output was made at (80 unless wider lines show)."""
        return max([MIN_COLUMNS, *(len(x) for s in self.steps for x in s.expected)])

    def starts_by_importing(self) -> bool:
        return self.steps[0].command.startswith("plans ingest")


def skip_reason(command: str) -> str | None:
    return next((why for part, why in SKIP.items() if part in command), None)


def _steps(lines: list[str]) -> list[Step]:
    steps: list[Step] = []
    continued = False
    for line in lines:
        if continued:
            steps[-1].command += " " + line.strip().rstrip("\\").strip()
            continued = line.rstrip().endswith("\\")
        elif line.startswith("$ "):
            steps.append(Step(line[2:].rstrip().rstrip("\\").strip()))
            continued = line.rstrip().endswith("\\")
        elif steps:
            steps[-1].expected.append(line.rstrip())
    return steps


def _heading(text: str, pos: int) -> str:
    found = re.findall(r"^#+ (.+)$", text[:pos], re.M)
    return found[-1] if found else "(top)"


def _demo(text: str) -> Transcript | None:
    """The README's first line (after its pip install) and the output it shows."""
    setup = re.search(r"```sh\n(.*?)```", text, re.S)
    mark = text.find(DEMO_MARK)
    shown = _FENCE.search(text, mark) if setup and mark >= 0 else None
    if not setup or not shown:
        return None
    demo = setup.group(1).splitlines()[0].split("pip install -e . && ", 1)[1]
    line = text[:shown.start()].count("\n") + 1
    return Transcript(line, "set-up line", [Step(demo, shown.group("body").splitlines())])


def transcripts(text: str | None = None) -> list[Transcript]:
    """Every transcript of the README, in order."""
    text = README.read_text(encoding="utf-8") if text is None else text
    found = [t for t in [_demo(text)] if t]
    for m in _FENCE.finditer(text):
        indent = len(m.group("indent"))
        lines = [line[indent:] for line in m.group("body").splitlines()]
        if not any(line.startswith("$ ") for line in lines):
            continue
        first = next(i for i, line in enumerate(lines) if line.startswith("$ "))
        line_no = text[:m.start()].count("\n") + 2 + first
        found.append(Transcript(line_no, _heading(text, m.start()), _steps(lines)))
    return found


def normalise(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        for pattern, repl in _VOLATILE:
            line = pattern.sub(repl, line)
        out.append(line.rstrip())
    while out and not out[-1]:
        out.pop()
    return out


def matches(expected: list[str], actual: list[str]) -> bool:
    """``actual`` is what ``expected`` shows (a whole line of ``…`` = any lines)."""
    parts = ["(?:[^\n]*\n)*?" if line.strip() in _WILDCARD else re.escape(line) + "\n"
             for line in normalise(expected)]
    return re.fullmatch("".join(parts), "".join(x + "\n" for x in normalise(actual))) is not None


def prepare(folder: Path, base_db: Path | None) -> None:
    """The reader's folder (see module doc)."""
    samples = ROOT / "samples" / "pdfs"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "samples").symlink_to(ROOT / "samples")
    papers = folder / "papers"
    papers.mkdir()
    for name in ("borderless.pdf", "missing-header-continuation.pdf", "ruled-rag-fill.pdf"):
        shutil.copyfile(samples / name, papers / name)
    (papers / "agenda.pdf").write_text("Agenda\n1. Apologies\n2. Minutes\n", encoding="utf-8")
    for pdf in samples.glob("*.pdf"):
        shutil.copyfile(pdf, folder / pdf.name)
    if base_db is not None:
        shutil.copyfile(base_db, folder / "plans.db")


def environment(columns: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PLANS_") and k not in ("COLUMNS", "LINES")}
    bin_dir = str(Path(sys.executable).parent)
    return {**env, "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
            "COLUMNS": str(columns), "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT)}


def run_step(command: str, folder: Path, columns: int) -> list[str]:
    """What ``command`` prints (stdout and stderr, in order) in ``folder``."""
    done = subprocess.run(["bash", "-c", command], cwd=folder, env=environment(columns),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=COMMAND_TIMEOUT)
    return done.stdout.splitlines()


def base_database(folder: Path) -> Path:
    """plans.db after the README's first line (ruled-rag-fill.pdf imported)."""
    db = folder / "plans.db"
    folder.mkdir(parents=True, exist_ok=True)
    if not db.exists():
        run_step(f"plans ingest {ROOT / 'samples' / 'pdfs' / 'ruled-rag-fill.pdf'}", folder,
                 MIN_COLUMNS)
    return db


def run(transcript: Transcript, folder: Path, base_db: Path) -> list[tuple[Step, list[str]]]:
    """Each step that is run, with what it printed."""
    prepare(folder, None if transcript.starts_by_importing() else base_db)
    return [(step, run_step(step.command, folder, transcript.columns()))
            for step in transcript.steps if not skip_reason(step.command)]


def main(argv: list[str]) -> int:
    import tempfile

    wanted = int(argv[0]) if argv else None
    with tempfile.TemporaryDirectory() as tmp:
        base = base_database(Path(tmp) / "base")
        for i, t in enumerate(transcripts()):
            if wanted is not None and t.line != wanted:
                continue
            print(f"=== {t.name} ({t.columns()} columns)")
            for step, got in run(t, Path(tmp) / f"t{i}", base):
                print(f"$ {step.command}")
                print("\n".join(got))
                print("--- matches" if matches(step.expected, got) else "--- DIFFERS")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
