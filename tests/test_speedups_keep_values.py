"""The speed-ups of the page model and the column scoring give exactly the
values of the plain code they replace: rounding over arrays is Python's
``round``, and remembered column scores are the scores, handed out as copies."""
from __future__ import annotations

import math
import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from council_plans.parsers.columns.content import content_scores
from council_plans.parsers.page.geometry import centre_in, centres_outside
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
    chars = []
    for _ in range(2000):
        x, y = rng.uniform(0, 600), rng.uniform(0, 800)
        chars.append({"x0": x, "x1": x + rng.uniform(0, 8), "top": y, "bottom": y + rng.uniform(0, 10)})
    boxes = [(50.0, 60.0, 300.0, 400.0), (299.5, 100.0, 580.0, 420.25), (0.0, 700.0, 600.0, 700.0)]
    assert centres_outside(chars, boxes) == [c for c in chars if not any(centre_in(c, b) for b in boxes)]


def test_remembered_column_scores_are_copies_a_caller_may_change():
    column = [("Develop and implement the new quality assurance framework", None),
              ("Review the domestic violence pathway with partners", None)]
    first = content_scores(column)
    assert first.get("action")
    first.clear()
    assert content_scores(list(column)) and content_scores(column)["action"] > 0
