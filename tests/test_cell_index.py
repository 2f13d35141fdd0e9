"""Characters and fills go to the cells the plain loops gave them.

The array index of :mod:`parsers.tables.cell_index` replaced a per-character
loop over a banded hash of the boxes, and every cell measured against every
fill. The loops are kept here as the reference; the index must give each
box the same characters (the same objects, in the same order) and each cell
the same dominant fill, on the cells of every sample page and on random
boxes and characters placed on the edges that matter (padded sides, band
boundaries, shared cell borders)."""
from __future__ import annotations

import math
import random
from collections import defaultdict
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest

from council_plans.parsers.page.pdfium_model import PdfiumPages
from council_plans.parsers.page.textlines import Char, _row_order
from council_plans.parsers.tables import cell_index
from council_plans.parsers.tables.cell_index import CellIndex, FillIndex, PlacedChars
from council_plans.parsers.tables.grid import dominant_fill
from council_plans.parsers.tables.ruled import find_cell_groups

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SAMPLE_PDFS = sorted(p for folder in ("pdfs", "series") for p in (SAMPLES / folder).glob("*.pdf"))
BAND, PAD = CellIndex.BAND, CellIndex.PAD


def loop_assign(boxes: list[tuple[float, float, float, float]], chars: list[Char]) -> list[list[Char]]:
    """The per-character loop the index replaced."""
    bands: dict[int, list[int]] = defaultdict(list)
    for i, b in enumerate(boxes):
        for band in range(int(b[1] // BAND), int(b[3] // BAND) + 1):
            bands[band].append(i)
    per: list[list[Char]] = [[] for _ in boxes]
    for ch in chars:
        x, y = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        for i in bands.get(int(y // BAND), ()):
            b = boxes[i]
            if b[0] - PAD <= x <= b[2] + PAD and b[1] - PAD <= y <= b[3] + PAD:
                per[i].append(ch)
                break
    return per


def _ids(per: list[list[Char]]) -> list[list[int]]:
    return [[id(c) for c in cell] for cell in per]


def _views(path: Path):
    doc = pdfium.PdfDocument(path)
    model = PdfiumPages()
    try:
        for i in range(len(doc)):
            page = doc[i]
            text = page.get_textpage()
            yield model.view(page, text, i + 1)
            text.close()
            page.close()
    finally:
        doc.close()


@pytest.mark.parametrize("path", SAMPLE_PDFS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_sample_cell_gets_the_characters_and_fill_the_loops_gave_it(path: Path):
    for view in _views(path):
        placed, fills = PlacedChars(view.chars), FillIndex(view.fills)
        for group in find_cell_groups(view):
            index = CellIndex(group)
            assert _ids(index.assign(placed)) == _ids(loop_assign(group, view.chars))
            in_rows = [sorted(cell, key=_row_order) for cell in loop_assign(group, view.chars)]
            assert _ids(index.assign(placed, in_rows=True)) == _ids(in_rows)
            near = fills.over_each(group)
            assert [dominant_fill(b, fs) for b, fs in zip(group, near)] == [dominant_fill(b, view.fills) for b in group]


def _near_edges(rng: random.Random, boxes: list) -> list[float]:
    """Values on, a hair either side of, and near the padded sides and band boundaries."""
    spots = [v for b in boxes for v in (b[0] - PAD, b[1] - PAD, b[2] + PAD, b[3] + PAD, b[1], b[3])]
    spots += [k * BAND for k in range(-1, 12)]
    out = []
    for v in spots:
        out += [v, math.nextafter(v, -math.inf), math.nextafter(v, math.inf), v + rng.uniform(-1, 1)]
    return out


def _char(x: float, y: float, w: float, h: float) -> Char:
    return {"x0": x - w / 2, "x1": x + w / 2, "top": y - h / 2, "bottom": y + h / 2, "text": "a"}


def test_characters_on_padded_sides_and_band_boundaries_go_to_the_box_the_loop_chose_and_sides_count_as_in():
    rng = random.Random(21)
    for _ in range(60):
        xs = sorted(rng.uniform(-20, 500) for _ in range(rng.randint(2, 6)))
        ys = sorted(rng.uniform(-30, 280) for _ in range(rng.randint(2, 8)))
        ys[rng.randrange(len(ys))] = BAND * rng.randint(0, 10)  # a border on a band boundary
        boxes = [(a, t, b, u) for t, u in zip(ys, ys[1:]) for a, b in zip(xs, xs[1:])]
        rng.shuffle(boxes)
        spots = _near_edges(rng, boxes)
        chars = [_char(rng.choice(spots), rng.choice(spots), rng.choice([0.0, 3.0, 5.5]), rng.choice([0.0, 8.0]))
                 for _ in range(1500)]
        assert _ids(CellIndex(boxes).assign(chars)) == _ids(loop_assign(boxes, chars))
        placed = PlacedChars(chars)
        for box in boxes:
            assert _ids([placed.within(box)]) == _ids([[c for c in chars if _centre_in(c, box)]])


def _centre_in(c: Char, box: tuple[float, float, float, float]) -> bool:
    """The test the ruled finder's header check applied to every character of the page."""
    return box[1] <= (c["top"] + c["bottom"]) / 2 <= box[3] and box[0] <= (c["x0"] + c["x1"]) / 2 <= box[2]


def test_band_of_an_array_of_centres_is_pythons_floor_division():
    rng = random.Random(5)
    values = [k * BAND + d for k in range(-3, 40) for d in (0.0, 1e-9, -1e-9, 0.5)]
    values += [math.nextafter(v, s) for v in values for s in (-math.inf, math.inf)]
    values += [rng.uniform(-100, 2000) for _ in range(5000)] + [-0.0, 0.0]
    assert np.floor_divide(np.array(values), BAND).tolist() == [v // BAND for v in values]


def test_a_cells_dominant_fill_among_the_fills_over_it_is_its_dominant_fill_among_all():
    rng = random.Random(8)
    colours = [(1.0, 0.0, 0.0), (0.0, 0.8, 0.2), (1.0, 0.75, 0.0), (0.3, 0.3, 0.9)]
    for _ in range(200):
        grid = [rng.choice([0.0, 20.0, 40.0, 60.0]) + rng.choice([0.0, 0.0, 0.5, -0.5]) for _ in range(8)]
        fills = []
        for _ in range(rng.randint(0, 25)):
            x0, x1 = sorted(rng.sample(grid, 2))
            t, b = sorted(rng.sample(grid, 2))
            fills.append({"x0": x0, "top": t, "x1": x1, "bottom": b, "color": rng.choice(colours)})
        boxes = []
        for _ in range(20):
            x0, x1 = sorted(rng.sample(grid, 2))
            t, b = sorted(rng.sample(grid, 2))
            boxes.append((x0, t, x1, b))
        near = FillIndex(fills).over_each(boxes)
        assert [dominant_fill(b, fs) for b, fs in zip(boxes, near)] == [dominant_fill(b, fills) for b in boxes]


def test_characters_and_fills_compared_in_many_small_blocks_land_where_one_block_puts_them(monkeypatch):
    rng = random.Random(13)
    boxes = [(x * 50.0, y * 20.0, x * 50.0 + 50, y * 20.0 + 20) for y in range(12) for x in range(6)]
    chars = [_char(rng.uniform(-5, 305), rng.uniform(-5, 245), 4.0, 8.0) for _ in range(3000)]
    fills = [{"x0": rng.uniform(0, 300), "top": rng.uniform(0, 240), "x1": 310.0, "bottom": 250.0, "color": (1, 0, 0)}
             for _ in range(40)]
    whole = _ids(CellIndex(boxes).assign(chars)), FillIndex(fills).over_each(boxes)
    monkeypatch.setattr(cell_index, "AT_ONCE", 7)
    assert (_ids(CellIndex(boxes).assign(chars)), FillIndex(fills).over_each(boxes)) == whole
    assert whole[0] == _ids(loop_assign(boxes, chars))


def test_a_cells_characters_given_in_reading_order_are_those_it_would_sort_itself():
    rng = random.Random(34)
    boxes = [(x * 60.0, y * 30.0, x * 60.0 + 60, y * 30.0 + 30) for y in range(8) for x in range(5)]
    rng.shuffle(boxes)
    for _ in range(40):
        # tops a hair from a rounding half and shared x0s: ties the order must break as a stable sort does
        tops = [k * 0.05 + rng.choice([0.0, 1e-12, -1e-12]) for k in range(0, 4800, 7)]
        chars = [_char(rng.choice([5.0, 5.0, 65.0, rng.uniform(0, 300)]), rng.choice(tops), 4.0, 8.0)
                 for _ in range(800)]
        in_rows = [sorted(cell, key=_row_order) for cell in loop_assign(boxes, chars)]
        assert _ids(CellIndex(boxes).assign(chars, in_rows=True)) == _ids(in_rows)
