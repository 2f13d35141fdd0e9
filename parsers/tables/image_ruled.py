"""Ruled tables whose rulings exist only as pixels: scanned plans (text from
OCR over a page image) and tables whose lines were pasted in as a picture.

Vector parsing (:mod:`parsers.tables.ruled`) sees no ruling lines on such a
page, only one big image. camelot's lattice mode is built for exactly this:
it renders the page, thresholds it and finds horizontal and vertical rulings
with morphological operations (OpenCV). We use those lattice steps
(``adaptive_threshold``, ``find_lines``, ``find_contours``, ``find_joints``)
on the page image, keep the lines inside tables (regions with joints), turn
them into ruling edges in PDF points, and hand them to the same cell and
grid builder as drawn rulings, so merged cells, themes and page-break rows
work as on born-digital plans. The cell text is the page's own (OCR) text.

camelot pulls in OpenCV (~150 MB), so it is the optional extra
``council-plans[scanned]``; without it these pages fall back to the
borderless finder, and :func:`available` is False.

No I/O: the page is rendered in memory (:mod:`parsers.page.render`).
"""
from __future__ import annotations

import importlib.util
from typing import Any

from council_plans.parsers.page.geometry import is_colourful
from council_plans.parsers.page.pageview import PageView, edge
from council_plans.parsers.page.pixels import capped_resolution
from council_plans.parsers.page.render import Picture
from council_plans.parsers.page.textlines import Char
from council_plans.parsers.tables.grid import Grid
from council_plans.parsers.tables.ruled import build_grid, cell_groups

#: render resolution for line finding (dpi): rulings of 0.5 pt stay >= 1 pixel
RESOLUTION = 150
#: camelot lattice's default: lines shorter than 1/15 of the page are not rulings
LINE_SCALE = 40
#: a page qualifies when images cover at least this share of it
MIN_IMAGE_SHARE = 0.3
#: characters tesseract reads from a ruling line ("|", "[", ...) are not text
_RULE_GLYPHS = set("|[]!¦_")


def available() -> bool:
    """True when camelot (and OpenCV) are installed: ``pip install 'council-plans[scanned]'``."""
    return importlib.util.find_spec("camelot") is not None and importlib.util.find_spec("cv2") is not None


def wants_image_rulings(view: PageView, vector_grids: list[Grid]) -> bool:
    """A page with text, no drawn ruled table and a large image: a scan (OCR
    text) or a table pasted in as a picture."""
    return (not vector_grids and bool(view.chars)
            and view.image_area >= MIN_IMAGE_SHARE * view.width * view.height)


def image_ruled_grids(picture: Picture, view: PageView, chars: list[Char]) -> list[Grid]:
    """Ruled tables found in the page's image (``picture`` renders it)."""
    bgr = picture(capped_resolution((view.width, view.height), RESOLUTION))
    edges = ruling_edges(bgr, view.width / bgr.shape[1], view.height / bgr.shape[0])
    text = [c for c in chars if c["text"] not in _RULE_GLYPHS]
    grids = []
    for group in cell_groups(edges):
        grid = build_grid(view, group, text)
        if grid.ncols >= 2:
            grid.kind = "image-ruled"
            _fills_from_image(grid, bgr, view.width / bgr.shape[1], view.height / bgr.shape[0])
            grids.append(grid)
    return grids


def _fills_from_image(grid: Grid, bgr: Any, sx: float, sy: float) -> None:
    """A cell's fill is its median colour in the image when that is a real
    colour: RAG cells of a colour scan classify like drawn fills."""
    import numpy as np

    for row in grid.rows:
        for cell in row.cells:
            if cell is None or cell.fill is not None:
                continue
            x0, top, x1, bottom = cell.bbox
            patch = bgr[int(top / sy) + 3:int(bottom / sy) - 2, int(x0 / sx) + 3:int(x1 / sx) - 2]
            if patch.size:
                b, g, r = np.median(patch.reshape(-1, 3), axis=0) / 255.0
                if is_colourful((r, g, b)):
                    cell.fill = (float(r), float(g), float(b))


def ruling_edges(bgr: Any, sx: float, sy: float) -> list[dict]:
    """Ruling lines of a BGR page image as edges in PDF points (``sx``,
    ``sy``: points per pixel), only those inside a table: a region whose
    horizontal and vertical lines cross at least four times."""
    from camelot.image_processing import adaptive_threshold, find_contours, find_joints, find_lines

    _, threshold = adaptive_threshold(bgr, process_background=False, blocksize=15, c=-2)
    v_mask, v_lines = find_lines(threshold, direction="vertical", line_scale=LINE_SCALE)
    h_mask, h_lines = find_lines(threshold, direction="horizontal", line_scale=LINE_SCALE)
    tables = list(find_joints(find_contours(v_mask, h_mask), v_mask, h_mask))

    def inside(x: float, y: float) -> bool:
        return any(x0 - 3 <= x <= x1 + 3 and top - 3 <= y <= bottom + 3
                   for x0, bottom, x1, top in tables)

    edges = []
    for x, y_end, _, y_start in v_lines:
        if inside(x, (y_start + y_end) / 2):
            edges.append(edge(x * sx, min(y_start, y_end) * sy, x * sx, max(y_start, y_end) * sy, "v"))
    for x_start, y, x_end, _ in h_lines:
        if inside((x_start + x_end) / 2, y):
            edges.append(edge(min(x_start, x_end) * sx, y * sy, max(x_start, x_end) * sx, y * sy, "h"))
    return edges



__all__ = ["available", "image_ruled_grids", "ruling_edges", "wants_image_rulings"]
