"""The review pages of ``plans serve`` in Debian's headless Chromium: the queue
lists a doubtful table and its link opens the table's page with the table
outlined over the page image; a corrected item's page marks the corrected
value and links to the correction history, which holds the original."""
from __future__ import annotations

import sqlite3

import pytest

pytest.importorskip("datasette", reason="plans serve needs the [serve] extra")
sync_api = pytest.importorskip("playwright.sync_api", reason="the browser test needs playwright")

from council_plans.db.engine import get_engine  # noqa: E402
from council_plans.ingest.pipeline import ingest_paths  # noqa: E402
from council_plans.review import fix  # noqa: E402
from tests.review_samples import draw_quarter  # noqa: E402
from tests.serve_harness import running_server  # noqa: E402
from tests.test_serve_browser import ARGS, CHROMIUM  # noqa: E402  (skips without Chromium)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    out = tmp_path_factory.mktemp("review")
    pdf, db = out / "q1.pdf", out / "plans.db"
    draw_quarter(pdf, 1)
    engine = get_engine(f"sqlite:///{db}")
    ingest_paths([pdf], engine=engine)
    with sqlite3.connect(db) as conn:
        item_id = conn.execute("SELECT MIN(item_id) FROM action_items").fetchone()[0]
    fix(engine, item_id, values={"lead": "Director of Children's Services"}, author="tester")
    engine.dispose()
    with sqlite3.connect(db) as conn:
        item_id = conn.execute("SELECT item_id FROM action_items WHERE corrected = 1").fetchone()[0]
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        with running_server(db) as base:
            yield browser, base, item_id
        browser.close()


def test_the_review_page_lists_the_table_and_opens_it_outlined_on_its_page(served):
    browser, base, _ = served
    page = browser.new_page(viewport={"width": 1200, "height": 1000})
    page.goto(f"{base}/-/review")
    entries = page.locator("tr.plans-review-entry")
    assert entries.count() == 1
    assert "no timescale column" in entries.first.inner_text()
    entries.first.locator("a").click()
    page.wait_for_url("**/-/table/1/0")
    page.wait_for_function("() => [...document.images].every(i => i.complete && i.naturalWidth > 0)")
    roles = page.locator("table.plans-columns td:nth-child(3)").all_inner_texts()
    assert roles == ["action", "extra", "lead", "progress", "rag"]
    box = page.locator(".plans-box").bounding_box()
    image = page.locator(".plans-page img").bounding_box()
    assert box is not None and image is not None
    assert image["x"] <= box["x"] and box["x"] + box["width"] <= image["x"] + image["width"] + 1
    assert 0 < box["height"] < image["height"]


def test_a_corrected_item_is_marked_and_links_to_its_history(served):
    browser, base, item_id = served
    page = browser.new_page(viewport={"width": 1200, "height": 1000})
    page.goto(f"{base}/-/item/{item_id}")
    assert page.locator(".plans-corrected-note").count() == 1
    row = page.locator("tr.plans-corrected")
    assert row.count() == 1 and "Director of Children's Services" in row.inner_text()
    page.locator("a.plans-history").click()
    page.wait_for_load_state()
    body = page.locator("body").inner_text()
    assert "DCI Simpson" in body and "Director of Children's Services" in body and "tester" in body
