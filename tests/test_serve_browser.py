"""``plans serve`` in a real browser: Debian's headless Chromium, driven by
Playwright's Python package (no browser download: ``executable_path``).

From the action_items view a click on an item's link opens its page view;
the highlighted boxes must be drawn over the page image exactly where the
stored ``cell_box`` rows say the cells are (checked on screenshot pixels).
"""
from __future__ import annotations

import io
import os
import sqlite3
from pathlib import Path

import pytest

pytest.importorskip("datasette", reason="plans serve needs the [serve] extra")
sync_api = pytest.importorskip("playwright.sync_api", reason="the browser test needs playwright")

from PIL import Image  # noqa: E402

from council_plans.review.pageimage import page_size  # noqa: E402
from tests.serve_harness import SAMPLES, running_server, sample_db  # noqa: E402

CHROMIUM = os.environ.get("PLANS_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
HIGHLIGHT = (255, 0, 170)

if not Path(CHROMIUM).exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return sample_db(tmp_path_factory.mktemp("browser") / "plans.db", ["ruled-rag-fill", "rotated-page"])


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def near(pixel, colour, tol: int = 40) -> bool:
    return all(abs(a - b) <= tol for a, b in zip(pixel[:3], colour))


def open_item_from_view(browser, base: str, document: str):
    """Open action_items for ``document`` and click the first item's link."""
    page = browser.new_page(viewport={"width": 1200, "height": 1000}, device_scale_factor=1)
    page.goto(f"{base}/plans/action_items?document={document}&_sort=position")
    link = page.locator("a.plans-item-link").first
    item_id = int(link.inner_text().split()[0].replace("\xa0(page)", ""))
    link.click()
    page.wait_for_url(f"**/-/item/{item_id}")
    page.wait_for_function("() => [...document.images].every(i => i.complete && i.naturalWidth > 0)")
    return page, item_id


def stored_boxes(db: Path, item_id: int) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT page, field, x0, top, x1, bottom FROM cell_box "
                            "WHERE milestone_id = ?", (item_id,)).fetchall()


@pytest.mark.parametrize("document", ["ruled-rag-fill.pdf", "rotated-page.pdf"])
def test_clicking_an_item_shows_its_cells_highlighted_where_they_are_stored(browser, db, document):
    with running_server(db) as base:
        page, item_id = open_item_from_view(browser, base, document)
        boxes = stored_boxes(db, item_id)
        assert boxes
        checked = 0
        for number in sorted({b[0] for b in boxes}):
            panel = page.locator(f".plans-page[data-page='{number}'] img")
            rect = panel.bounding_box()
            shot = Image.open(io.BytesIO(panel.screenshot())).convert("RGB")
            width_pt, _ = page_size(SAMPLES / document, number)
            k = rect["width"] / width_pt
            for _, field, x0, top, x1, bottom in (b for b in boxes if b[0] == number):
                left, right = round(x0 * k), round(x1 * k)
                mid_y = round((top + bottom) / 2 * k)
                assert near(shot.getpixel((left + 1, mid_y)), HIGHLIGHT), f"{field} left edge"
                assert near(shot.getpixel((right - 2, mid_y)), HIGHLIGHT), f"{field} right edge"
                outside = (left - 6, mid_y)
                if outside[0] > 0 and not any(b[2] * k - 8 <= outside[0] <= b[4] * k + 8
                                              for b in boxes if b[0] == number):
                    assert not near(shot.getpixel(outside), HIGHLIGHT), f"{field} spills left"
                checked += 1
        assert checked == len(boxes)
        page.close()

