"""Seams inside one coloured cell are not rulings; the sides of outlined fills are."""
from __future__ import annotations

import random

from council_plans.parsers.page.geometry import same_colour
from council_plans.parsers.tables.seams import SEAM_TOLERANCE, SIDES_AT_ONCE, seam_keys, without_seams

AMBER = (1.0, 0.75, 0.0)


def _fill(top: float, bottom: float, outlined: bool) -> dict:
    return {"x0": 10.0, "x1": 60.0, "top": top, "bottom": bottom, "color": AMBER, "outlined": outlined}


def _edge(y: float) -> dict:
    return {"x0": 10.0, "x1": 60.0, "top": y, "bottom": y, "orientation": "h"}


def test_a_cell_painted_as_two_abutting_fills_has_a_seam_between_them():
    fills = [_fill(100, 112, False), _fill(112, 124, False)]
    assert seam_keys(fills) == {(112.0, 10.0, 60.0)}
    assert without_seams([_edge(100), _edge(112), _edge(124)], fills) == [_edge(100), _edge(124)]


def test_two_outlined_cells_of_one_colour_one_above_the_other_keep_the_rule_between_them():
    fills = [_fill(100, 112, True), _fill(112, 124, True)]
    assert seam_keys(fills) == set()
    assert len(without_seams([_edge(100), _edge(112), _edge(124)], fills)) == 3


def _loop_seam_keys(fills: list[dict]) -> set:
    """The per-pair loop the array version replaced: the reference."""
    keys = set()
    for g in fills:
        if g.get("outlined"):
            continue
        for y in (g["top"], g["bottom"]):
            low, high = y - SEAM_TOLERANCE, y + SEAM_TOLERANCE
            above = below = False
            for f in fills:
                if (f["x0"] - SEAM_TOLERANCE <= g["x0"] and g["x1"] <= f["x1"] + SEAM_TOLERANCE
                        and f["top"] - SEAM_TOLERANCE <= low and high <= f["bottom"] + SEAM_TOLERANCE
                        and same_colour(f["color"], g["color"])):
                    above, below = above or f["top"] < low, below or f["bottom"] > high
            if above and below:
                keys.add((round(y, 1), round(g["x0"], 1), round(g["x1"], 1)))
    return keys


def test_seams_found_over_arrays_are_the_seams_of_the_pairwise_loop():
    rng = random.Random(4)
    # within one colour, exactly on its tolerance, just past it, another colour
    colours = [AMBER, (1.0, 0.76, 0.0), (1.0, 0.75, 0.02), (1.0, 0.77, 0.01), (0.0, 0.7, 0.3)]
    found = 0
    for _ in range(300):
        spots = [rng.choice([0.0, 12.0, 24.0, 36.0]) + rng.choice([0.0, 0.0, 0.5, 1.0, -1.0, 1.5]) for _ in range(6)]
        fills = []
        for _ in range(rng.randint(1, 30)):
            x0, x1 = sorted(rng.sample(spots, 2))
            top, bottom = sorted(rng.sample(spots, 2))
            fills.append({"x0": x0 * 4, "x1": x1 * 4, "top": top, "bottom": bottom,
                          "color": rng.choice(colours), "outlined": rng.random() < 0.1})
        keys = seam_keys(fills)
        assert keys == _loop_seam_keys(fills)
        found += len(keys)
        rules = [{"x0": f["x0"], "x1": f["x1"], "top": y, "bottom": y, "orientation": rng.choice("hhv")}
                 for f in fills for y in (f["top"], f["bottom"], f["top"] + 0.04)]
        assert without_seams(rules, fills) == [e for e in rules if e["orientation"] == "v" or (
            round(e["top"], 1), round(e["x0"], 1), round(e["x1"], 1)) not in keys]
    assert found > 100


def test_a_page_of_many_fills_is_compared_in_blocks_with_the_same_seams():
    rng = random.Random(9)
    fills = [_fill(12.0 * rng.randint(0, 40), 12.0 * rng.randint(41, 60), False) for _ in range(SIDES_AT_ONCE)]
    fills += [dict(_fill(12.0 * k, 12.0 * k + 12, False), x0=5.0) for k in range(30)]
    assert len(fills) * 2 > SIDES_AT_ONCE
    assert seam_keys(fills) == _loop_seam_keys(fills) != set()
