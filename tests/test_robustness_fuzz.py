"""Property and fuzz tests over the parsers' inputs.

Whatever bytes come in, ``extract_bytes`` either returns an extraction in
which every item has an action and every box lies on its page, or raises one
of the named errors (never :class:`InternalError`, which means a bug of ours).
"""
from __future__ import annotations

import signal
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from council_plans.parsers import extract_bytes
from council_plans.parsers.errors import InternalError, PlanError
from council_plans.parsers.page.load import open_pdf
from council_plans.parsers.settings import ExtractSettings
from council_plans.schema.items import Extraction

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = {p.name: p.read_bytes() for p in (ROOT / "samples" / "pdfs").glob("*.pdf")
           if p.stat().st_size < 9000}  # the small ones: fuzzing re-parses them many times
FUZZ = settings(max_examples=15, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


class Hang(BaseException):
    """Raised by the alarm: a BaseException so no ``except Exception`` eats it."""


@contextmanager
def no_hang(seconds: int = 90):
    def alarm(signum, frame):
        raise Hang(f"parser still running after {seconds}s")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def page_sizes(data: bytes) -> dict[int, tuple[float, float]]:
    """Page sizes as the parser saw them (through the same repair path)."""
    with open_pdf(data, "fuzzed.pdf", ExtractSettings()) as pdf:
        return {p.page_number: (float(p.width), float(p.height)) for p in pdf.pages}


def assert_sound(result: Extraction, data: bytes) -> None:
    """No item without an action; every box inside its page."""
    sizes = page_sizes(data) if result.items else {}
    for item in result.items:
        assert item.action and item.action.strip(), item
        assert 1 <= item.page_first <= item.page_last <= result.source.pages
        for boxes in item.boxes.values():
            for b in boxes:
                w, h = sizes[b.page]
                assert -0.5 <= b.x0 <= b.x1 <= w + 0.5, (b, w)
                assert -0.5 <= b.top <= b.bottom <= h + 0.5, (b, h)


def extract_or_named_error(data: bytes) -> Extraction | PlanError:
    with no_hang():
        try:
            result = extract_bytes(data, "fuzzed.pdf")
        except PlanError as exc:
            assert not isinstance(exc, InternalError), str(exc)
            assert "\n" not in str(exc) and str(exc).startswith("fuzzed.pdf: ")
            return exc
    assert_sound(result, data)
    return result


@st.composite
def mutated_pdf(draw) -> bytes:
    data = bytearray(SAMPLES[draw(st.sampled_from(sorted(SAMPLES)))])
    kind = draw(st.sampled_from(["truncate", "flip", "delete", "insert", "duplicate"]))
    at = draw(st.integers(0, len(data) - 1))
    if kind == "truncate":
        return bytes(data[:at])
    if kind == "flip":
        for pos, value in draw(st.lists(st.tuples(st.integers(0, len(data) - 1),
                                                  st.integers(0, 255)), min_size=1, max_size=30)):
            data[pos] = value
        return bytes(data)
    span = draw(st.integers(1, 400))
    if kind == "delete":
        return bytes(data[:at] + data[at + span:])
    if kind == "insert":
        return bytes(data[:at]) + draw(st.binary(min_size=1, max_size=200)) + bytes(data[at:])
    return bytes(data[:at] + data[at:at + span] + data[at:])


@FUZZ
@given(mutated_pdf())
def test_mutated_sample_pdfs_give_sound_items_or_a_named_error(data):
    extract_or_named_error(data)


@FUZZ
@given(st.binary(max_size=3000).map(lambda b: b"%PDF-1.4\n" + b))
def test_random_bytes_behind_a_pdf_header_give_a_named_error(data):
    result = extract_or_named_error(data)
    assert isinstance(result, PlanError) or not result.items


# -- random header wordings and column orders -----------------------------------

WORDINGS = {
    "ref": ["Ref", "Ref No", "Reference", "No.", "Action Number"],
    "action": ["Action", "Actions", "Key Actions", "Objective", "What we will do", "Task"],
    "milestone": ["Milestone", "Key milestones", "Milestones"],
    "timescale": ["Timescale", "By when", "Due date", "Target date", "Deadline"],
    "lead": ["Lead", "Lead Officer", "Responsible officer", "Owner", "Action owner"],
    "progress": ["Progress", "Update", "Progress to date", "Comments", "Latest update"],
    "success_measure": ["Success measures", "Success criteria", "Measures of success"],
    None: ["Resources required", "Partner agencies", "Budget"],
}
ACTIONS = ["Review the front door arrangements with partners",
           "Recruit two additional social workers to the assessment team",
           "Refresh the supervision policy and audit compliance quarterly",
           "Launch the placement stability panel",
           "Publish the local offer for care leavers"]
CELL = {"ref": lambda i: f"{i + 1}.1", "milestone": lambda i: f"Milestone {i + 1} agreed by board",
        "timescale": lambda i: f"{i + 1} March 2017", "lead": lambda i: "Dawn Williams",
        "progress": lambda i: f"On track; report {i + 1} received", None: lambda i: "None",
        "success_measure": lambda i: "Audit shows improvement"}


@st.composite
def plan_table(draw) -> tuple[list[tuple[str, str | None]], int, bool]:
    optional = draw(st.lists(st.sampled_from(["ref", "milestone", "timescale", "lead", "progress",
                                              "success_measure", None]),
                             min_size=2, max_size=5, unique=True))
    fields = draw(st.permutations(["action", *optional]))
    columns = [(draw(st.sampled_from(WORDINGS[f])), f) for f in fields]
    return columns, draw(st.integers(1, 5)), draw(st.booleans())


def render(columns: list[tuple[str, str | None]], rows: int, ruled: bool, path: Path) -> None:
    from samples.pdfdraw import A4_LANDSCAPE, Doc, Font, PageStyle
    from samples.tables import Block, Column, TableStyle, draw_table

    doc = Doc(path, PageStyle(A4_LANDSCAPE), title="Improvement plan")
    doc.paragraph("Improvement Plan 2016/17", "Helvetica-Bold", 14)
    cols = [Column(header, 3.0 if f == "action" else 1.5, f) for header, f in columns]
    entries = [Block([{c.key: (ACTIONS[i] if c.field == "action" else CELL[f](i))
                       for c, (_, f) in zip(cols, columns)}]) for i in range(rows)]
    draw_table(doc, cols, entries, TableStyle(Font(), ruled=ruled,
                                              header_fill="D9D9D9" if ruled else None))
    doc.close()


@FUZZ
@given(plan_table())
def test_any_header_wording_and_column_order_gives_sound_items(tmp_path_factory, table):
    columns, rows, ruled = table
    path = tmp_path_factory.mktemp("plan") / "plan.pdf"
    render(columns, rows, ruled, path)
    data = path.read_bytes()
    result = extract_or_named_error(data)
    assert isinstance(result, Extraction), str(result)
    drawn = {" ".join(a.split()) for a in ACTIONS[:rows]}
    invented = [i.action for i in result.items if " ".join(i.action.split()) not in drawn]
    assert not invented, f"actions that were never printed: {invented}"
