"""Seams inside one coloured cell are not rulings; the sides of outlined fills are."""
from __future__ import annotations

from council_plans.parsers.tables.seams import seam_keys, without_seams

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
