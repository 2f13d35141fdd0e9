"""Our indexed table geometry gives exactly what pdfplumber's gives.

Every step - merged edges, edges kept by length, crossings, cells, tables -
is run by pdfplumber's function (the reference) and ours on the same input
and compared by ``repr``, so float values must agree bit for bit and lists
in order. Inputs: the ruling lines of every page of the repo's samples (as
the ruled finder receives them, seams removed), the rulings camelot finds
in the scanned sample's images, and random edge sets built to snap, join,
cross and nearly cross."""
from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfplumber import table as reference
from pdfplumber.utils import filter_edges, obj_to_bbox

from council_plans.parsers.page.pdfium_model import PdfiumPages
from council_plans.parsers.tables import cell_geometry as ours
from council_plans.parsers.tables.open_sides import close_open_sides
from council_plans.parsers.tables.ruled import CROSSING, MIN_EDGE, SNAP, cell_groups
from council_plans.parsers.tables.seams import without_seams

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SAMPLE_PDFS = sorted(p for folder in ("pdfs", "scanned", "series") for p in (SAMPLES / folder).glob("*.pdf"))
KEYS = ("x0", "top", "x1", "bottom", "width", "height", "orientation")


def _edges(edges: list[dict]) -> str:
    return repr([tuple(e[k] for k in KEYS) for e in edges])


def _crossings(crossings: dict) -> tuple[str, dict]:
    """Crossings as pdfplumber's cells read them: the boxes of the edges at each point."""
    return repr(sorted(crossings)), {p: (set(map(obj_to_bbox, m["v"])), set(map(obj_to_bbox, m["h"])))
                                     for p, m in crossings.items()}


def assert_same_geometry(ruling: list[dict], snap: float = SNAP, join: float = SNAP,
                         min_length: float = MIN_EDGE, crossing: float = CROSSING) -> int:
    """Each step of ours equals pdfplumber's on the same input; returns the number of cells."""
    plumber_in = [dict(e, width=e["x1"] - e["x0"], height=e["bottom"] - e["top"]) for e in ruling]
    merged = reference.merge_edges(plumber_in, snap, snap, join, join)
    assert _edges(ours.merge_edges(ruling, snap=snap, join=join)) == _edges(merged)
    long = filter_edges(merged, min_length=min_length)
    assert _edges(ours.long_edges(merged, min_length)) == _edges(long)
    edges = close_open_sides(long)
    crossings = reference.edges_to_intersections(edges, crossing, crossing)
    mine = ours.edges_to_intersections(edges, crossing, crossing)
    assert (repr(sorted(mine)), mine) == _crossings(crossings)
    cells = reference.intersections_to_cells(crossings)
    assert repr(ours.intersections_to_cells(mine)) == repr(cells)
    assert repr(ours.cells_to_tables(cells)) == repr(reference.cells_to_tables(cells))
    return len(cells)


def _page_rulings(path: Path) -> list[list[dict]]:
    """The ruling lines of each page as the ruled finder gets them."""
    doc = pdfium.PdfDocument(path)
    model = PdfiumPages()
    out = []
    try:
        for i in range(len(doc)):
            page = doc[i]
            text = page.get_textpage()
            view = model.view(page, text, i + 1)
            out.append(without_seams(view.edges, view.fills))
            text.close()
            page.close()
    finally:
        doc.close()
    return out


@pytest.mark.parametrize("path", SAMPLE_PDFS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_sample_page_gets_pdfplumbers_edges_crossings_cells_and_tables(path: Path):
    for ruling in _page_rulings(path):
        assert_same_geometry(ruling)


def test_the_samples_hold_enough_ruled_tables_for_the_comparison_to_mean_something():
    cells = sum(assert_same_geometry(r) for p in SAMPLE_PDFS if p.parent.name == "pdfs" for r in _page_rulings(p))
    assert cells > 500


def test_rulings_found_in_the_scanned_samples_images_get_pdfplumbers_geometry():
    pytest.importorskip("camelot", reason="needs the [scanned] extra")
    import numpy as np

    from council_plans.parsers.tables.image_ruled import RESOLUTION, ruling_edges

    scale = RESOLUTION / 72
    for path in sorted((SAMPLES / "scanned").glob("*.pdf")):
        doc = pdfium.PdfDocument(path)
        try:
            for i in range(len(doc)):
                rgb = np.asarray(doc[i].render(scale=scale).to_pil().convert("RGB"))
                ruling = ruling_edges(np.ascontiguousarray(rgb[:, :, ::-1]), 1 / scale, 1 / scale)
                assert assert_same_geometry(ruling) > 0 and cell_groups(ruling)
        finally:
            doc.close()


def _rule(orientation: str, at: float, start: float, end: float) -> dict[str, Any]:
    if orientation == "h":
        return {"x0": start, "x1": end, "top": at, "bottom": at, "orientation": "h"}
    return {"x0": at, "x1": at, "top": start, "bottom": end, "orientation": "v"}


#: offsets that land just inside, on and just past the 3-point tolerances
JITTER = st.sampled_from([0.0, 0.0, 0.1, -0.25, 0.5, 1.0, 2.9, 3.0, -3.0, 3.1, 4.5, 1 / 3, 0.1 + 0.2])
SPOT = st.builds(lambda k, j: k * 20.0 + j, st.integers(0, 8), JITTER)
RULE = st.builds(lambda o, at, a, b: _rule(o, at, min(a, b), max(a, b)), st.sampled_from("hv"), SPOT, SPOT, SPOT)


@settings(max_examples=400, deadline=None)
@given(st.lists(RULE, max_size=45), st.sampled_from([0.0, 1.0, 3.0]), st.sampled_from([0.0, 3.0]))
def test_random_rulings_get_pdfplumbers_geometry(ruling, snap, join):
    assert_same_geometry(ruling, snap=snap, join=join)


def _table(rng: random.Random, left: float, top: float) -> list[dict]:
    """A ruled table with rules broken at random, split in pieces, nudged
    off the grid and sometimes left without outer sides."""
    xs = sorted(left + rng.uniform(0, 400) for _ in range(rng.randint(2, 7)))
    ys = sorted(top + rng.uniform(0, 300) for _ in range(rng.randint(2, 12)))
    out = []
    for orientation, across, along in (("h", ys, xs), ("v", xs, ys)):
        for k, at in enumerate(across):
            for a, b in zip(along, along[1:]):
                if rng.random() < 0.15 or (orientation == "v" and k in (0, len(across) - 1) and rng.random() < 0.3):
                    continue
                nudge = rng.choice([0.0, 0.0, rng.uniform(-3.5, 3.5)])
                out.append(_rule(orientation, at + nudge, a - rng.uniform(0, 4), b + rng.uniform(-4, 4)))
    return out


def test_random_tables_side_by_side_and_stacked_get_pdfplumbers_geometry():
    rng = random.Random(21)
    cells = 0
    for _ in range(150):
        ruling = [e for _ in range(rng.randint(1, 4))
                  for e in _table(rng, rng.uniform(0, 300), rng.uniform(0, 500))]
        rng.shuffle(ruling)
        cells += assert_same_geometry(ruling)
    assert cells > 1000
