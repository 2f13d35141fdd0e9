"""The speed-ups of the page model and the column scoring give exactly the
values of the plain code they replace: rounding over arrays is Python's
``round``, and remembered column scores are the scores, handed out as copies."""
from __future__ import annotations

import math
import random
import re
from collections import Counter

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from council_plans.parsers.columns.content import content_scores
from council_plans.parsers.page.geometry import centre_in
from council_plans.parsers.tables.cell_index import PlacedChars
from council_plans.parsers.page.pageview import PageView
from council_plans.parsers.page.rotate import _turn_counts, text_rotation
from council_plans.parsers.page.textlayer import readable_chars
from council_plans.parsers.page.textlayer import MIN_CHARS_OVER_IMAGE
from council_plans.parsers.page.noise import MARGIN
from council_plans.parsers.page.triage import _status, group_lines, line_runs, read_columns
from council_plans.parsers.page.rounding import round_places


def _same_floats(got: list[float], want: list[float]) -> bool:
    """Bit for bit: equal, with the same sign of zero (and NaN where NaN)."""
    return len(got) == len(want) and all(
        (math.isnan(g) and math.isnan(w)) or (g == w and math.copysign(1.0, g) == math.copysign(1.0, w))
        for g, w in zip(got, want))


def test_rounding_over_arrays_gives_pythons_round_on_values_a_hair_from_a_half():
    rng = random.Random(7)
    halves = [(k + 0.5) / 1000 for k in range(-20000, 20000)]  # 0.0005, 0.0015, ... as the nearest doubles
    near = [math.nextafter(v, direction) for v in halves for direction in (-math.inf, math.inf)]
    page = [rng.uniform(-50, 900) for _ in range(20000)]
    values = halves + near + page + [0.0, -0.0, -0.0004, 1e12 + 0.0005, -1e15]
    assert _same_floats(round_places(np.array(values), 3), [round(v, 3) for v in values])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(allow_nan=False, allow_infinity=False, width=64), min_size=1, max_size=40))
def test_rounding_over_arrays_gives_pythons_round_on_any_finite_floats(values):
    assert _same_floats(round_places(np.array(values), 3), [round(v, 3) for v in values])


def test_rounding_to_a_tenth_over_arrays_gives_pythons_round_next_to_halves():
    halves = [(k + 0.5) / 10 for k in range(-20000, 20000)]  # 0.05, 0.15, ... (text row tops)
    near = [math.nextafter(v, direction) for v in halves for direction in (-math.inf, math.inf)]
    values = halves + near + [0.0, -0.0, 841.89, 1e12 + 0.05]
    assert _same_floats(round_places(np.array(values), 1), [round(v, 1) for v in values])


def test_characters_outside_every_box_are_those_centre_in_leaves_out():
    rng = random.Random(3)
    boxes = [(50.0, 60.0, 300.0, 400.0), (299.5, 100.0, 580.0, 420.25), (0.0, 700.0, 600.0, 700.0)]
    edges_x = [v + d for b in boxes for v in (b[0] - 0.5, b[2] + 0.5) for d in (-0.25, 0.0, 0.25)]
    edges_y = [v + d for b in boxes for v in (b[1] - 0.5, b[3] + 0.5) for d in (-0.25, 0.0, 0.25)]
    chars = []
    for _ in range(3000):
        x, y = rng.choice([rng.uniform(0, 600)] + edges_x), rng.choice([rng.uniform(0, 800)] + edges_y)
        w, h = rng.choice([0.0, 2.0, rng.uniform(0, 8)]), rng.choice([0.0, 4.0, rng.uniform(0, 10)])
        chars.append({"text": "x", "x0": x - w / 2, "x1": x + w / 2, "top": y - h / 2, "bottom": y + h / 2})
    placed = PlacedChars(chars)
    kept = [chars[i] for i in placed.outside(boxes).tolist()]
    assert kept == [c for c in chars if not any(centre_in(c, b) for b in boxes)]
    assert 0 < len(kept) < len(chars)


def test_remembered_column_scores_are_copies_a_caller_may_change():
    column = [("Develop and implement the new quality assurance framework", None),
              ("Review the domestic violence pathway with partners", None)]
    first = content_scores(column)
    assert first.get("action")
    first.clear()
    assert content_scores(list(column)) and content_scores(column)["action"] > 0


_CID = re.compile(r"^\(cid:\d+\)$")
_TEXTS = ["a", "W", " ", "", None, "\ufffd", "(cid:12)", "(cid:x)", "fi", "  ", "\t", "\u00a0", "\n", "é"]
_MATRICES = [(1, 0, 0, 1, 5, 6), (0.0, -1.0, 1.0, 0.0, 2, 3), (-1, 0, 0, -1, 0, 0), (0, 1, -1, 0, 1, 1),
             (-0.0, 1.0, 1, 0, 0, 0), None, (), (1.0,), (0.7, 0.7, -0.7, 0.7, 0, 0)]


def _random_page(rng: random.Random, with_odd_matrices: bool) -> PageView:
    chars = []
    for _ in range(rng.randint(0, 60)):
        ch: dict = {"text": rng.choice(_TEXTS), "upright": rng.random() < 0.8}
        matrix = rng.choice(_MATRICES if with_odd_matrices else _MATRICES[:5])
        if matrix is not None or rng.random() < 0.5:
            ch["matrix"] = matrix
        chars.append(ch)
    return PageView(number=1, width=600, height=800, chars=chars)


def _old_readable(view: PageView) -> int:
    n = 0
    for ch in view.chars:
        text = ch.get("text") or ""
        if text.strip() and not _CID.match(text) and text != "\ufffd":
            n += 1
    return n


def _plain_turn_counts(chars: list[dict]) -> list[tuple[int, int]]:
    """Each direction's count, in first-seen order (ties go to the first), one character at a time."""
    counts: Counter[int] = Counter()
    for ch in chars:
        counts[text_rotation(ch)] += 1
    return list(counts.items())


def test_readable_characters_counted_at_c_speed_are_those_the_plain_loop_counts():
    rng = random.Random(11)
    for _ in range(3000):
        page = _random_page(rng, with_odd_matrices=True)
        assert readable_chars(page) == _old_readable(page)


def test_a_pages_text_directions_counted_by_matrix_are_the_per_character_counts():
    rng = random.Random(5)
    for trial in range(4000):
        page = _random_page(rng, with_odd_matrices=trial % 2 == 0)
        if trial % 3 == 0:  # enough turned text to turn the page
            page.chars += [{"text": "x", "matrix": (0.0, -1.0, 1.0, 0.0, 0, 0), "upright": False}] * 12
        written = [ch for ch in page.chars if (ch.get("text") or "").strip()]
        assert list(_turn_counts(written).items()) == _plain_turn_counts(written)



def _plain_row_grouping(boxes: list[tuple[float, float, float, float]]) -> list[list[tuple]]:
    """Triage's grouping of text runs into rows, written with min/max."""
    lines: list[tuple[list[float], list[tuple]]] = []
    for box in sorted(boxes, key=lambda b: ((b[1] + b[3]) / 2, b[0])):
        span = lines[-1][0] if lines else None
        overlap = min(span[1], box[3]) - max(span[0], box[1]) if span else 0.0
        if span and overlap >= 0.5 * min(span[1] - span[0], box[3] - box[1]):
            span[0], span[1] = min(span[0], box[1]), max(span[1], box[3])
            lines[-1][1].append(box)
        else:
            lines.append(([box[1], box[3]], [box]))
    return [row for _, row in lines]


def test_triage_groups_runs_into_the_rows_min_and_max_give():
    rng = random.Random(2)
    for _ in range(3000):
        boxes = []
        for _ in range(rng.randint(0, 80)):
            x, y = rng.uniform(0, 600), rng.choice([rng.uniform(0, 800), float(rng.randint(0, 40) * 12)])
            boxes.append((x, y, x + rng.uniform(0, 80), y + rng.choice([0.0, 1.0, 8.0, 10.0, rng.uniform(0, 20)])))
        rows = _plain_row_grouping(boxes)
        got = group_lines(boxes)
        assert [sorted(b for run in line for b in run.pieces) for line in got] == [sorted(r) for r in rows]


def _random_boxes(rng: random.Random) -> list[tuple[float, float, float, float]]:
    boxes = []
    for _ in range(rng.randint(0, 80)):
        x, y = rng.uniform(0, 600), rng.choice([rng.uniform(0, 800), float(rng.randint(0, 40) * 12)])
        boxes.append((x, y, x + rng.choice([rng.uniform(0, 80), 4.0]), y + rng.choice([0.0, 8.0, 10.0])))
    return boxes


def _columns_over_every_line(lines: list, height: float) -> bool:
    """The text-columns rule as first written, over every line of the page."""
    cut = [ln for ln in lines if len(ln) >= 3]
    body = [ln for ln in cut if height * MARGIN < ln[0].box[1] < height * (1 - MARGIN)]
    return len(cut) >= 2 or bool(body)


def test_triage_stops_reading_lines_once_they_show_columns_and_judges_as_every_line_would():
    rng = random.Random(8)
    verdicts = set()
    for _ in range(2000):
        boxes = _random_boxes(rng)
        every = group_lines(boxes)
        read, columns = read_columns(line_runs(boxes), 842.0)
        assert columns == _columns_over_every_line(every, 842.0)
        shown = [[run.pieces for run in line] for line in read]
        assert shown == [[run.pieces for run in line] for line in every[:len(read)]]
        assert columns or len(read) == len(every)  # a page without columns gives all its lines
        verdicts.add((columns, len(read) < len(every)))
    assert {(False, False), (True, True)} <= verdicts  # both verdicts, and pages left part unread


def _regex_status(text: str, images: int) -> str:
    """Triage's text-layer verdict as first written: readable = not ``\\s``, not U+FFFD."""
    readable = len(re.sub(r"[\s\ufffd]", "", text))
    if images:
        return "text" if readable >= MIN_CHARS_OVER_IMAGE else "image-only"
    return "text" if readable else "blank"


def test_triage_counts_a_pages_readable_text_as_the_regex_did():
    rng = random.Random(55)
    blanks = [c for c in map(chr, range(0x3000 + 1)) if c.isspace()] + ["\ufffd", "\u200b", "\xad"]
    for _ in range(400):
        share = rng.random()  # of letters: pages from blank to full, either side of the image threshold
        text = "".join(rng.choice("aZ9.é") if rng.random() < share else rng.choice(blanks)
                       for _ in range(rng.randint(0, 3 * MIN_CHARS_OVER_IMAGE)))
        for images in (0, 1):
            assert _status(text, images) == _regex_status(text, images)
