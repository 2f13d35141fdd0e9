"""``plans serve``: Datasette over the database, read-only, with item pages.

A real ``plans serve`` process answers on 127.0.0.1; requests are plain HTTP.
"""
from __future__ import annotations

import hashlib
import io
import json
import shutil
import sqlite3
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("datasette", reason="plans serve needs the [serve] extra")

from PIL import Image

from council_plans.cli import main
from council_plans.review.pageimage import CACHE_SCALE
from council_plans.review.serve import ServeError, sqlite_file
from tests.serve_harness import (SAMPLES, grow_db, running_server, sample_db,
                                 summary, time_cold_renders, time_item_pages)

NAMES = ["ruled-rag-fill", "borderless", "rotated-page"]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return sample_db(tmp_path_factory.mktemp("serve") / "plans.db", NAMES)


@pytest.fixture(scope="module")
def server(db):
    with running_server(db) as base:
        yield base


def get(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:
            return resp.status, resp.read(), resp.headers.get("content-type", "")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), exc.headers.get("content-type", "")


def rows(server: str, path: str, **params) -> list[dict]:
    query = urllib.parse.urlencode({**params, "_shape": "array"})
    status, body, _ = get(f"{server}/plans/{path}.json?{query}")
    assert status == 200, body[:300]
    return json.loads(body)


def sql(db: Path, text: str, *args) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(text, args).fetchall()


def test_database_page_lists_the_views_before_the_tables(server):
    html = get(f"{server}/plans")[1].decode()
    assert html.index('href="/plans/action_items"') < html.index('id="tables"')
    assert "One flat row per extracted item" in html
    assert "alembic_version" not in html.split('id="tables"')[1].split("hidden table")[0]


def test_tables_and_columns_carry_descriptions(server):
    html = get(f"{server}/plans/cell_box")[1].decode()
    assert "Every box a field of a row was read from" in html
    meta = json.loads(get(f"{server}/-/metadata.json")[1])
    columns = meta["databases"]["plans"]["tables"]["action_items"]["columns"]
    assert "item_id" in columns and "rag" in columns


def test_overdue_per_council_counts_items_past_due_and_not_complete(server, db):
    got = rows(server, "overdue_per_council", as_of="2017-06-01")
    want = sql(db, "SELECT authority, count(*) FROM action_items WHERE due_date < '2017-06-01' "
                   "AND (rag IS NULL OR rag <> 'blue') GROUP BY authority")
    assert {(r["authority"], r["overdue"]) for r in got} == set(want)
    assert sum(r["overdue"] for r in got) > 0


def test_rag_mix_per_theme_adds_up_to_every_item(server, db):
    got = rows(server, "rag_mix_per_theme")
    total = sql(db, "SELECT count(*) FROM action_items")[0][0]
    assert sum(r["items"] for r in got) == total
    for r in got:
        assert r["red"] + r["amber"] + r["green"] + r["blue"] + r["no_rag"] == r["items"]


def test_plan_versions_puts_each_actions_rag_per_document_in_one_row(server, db):
    title, = sql(db, "SELECT plan_title FROM action_items WHERE rag IS NOT NULL LIMIT 1")[0]
    got = rows(server, "plan_versions_side_by_side", plan_title=title)
    refs = sql(db, "SELECT count(DISTINCT ref) FROM action_items WHERE plan_title = ?", title)[0][0]
    assert len(got) == refs
    assert all(r["versions"] >= 1 and ": " in r["rag_by_version"] for r in got)


def test_every_item_id_links_to_its_page_view(server, db):
    status, body, _ = get(f"{server}/plans/action_items?_size=max")
    links = set(int(i) for i in __import__("re").findall(r'href="/-/item/(\d+)"', body.decode()))
    assert links == {i for (i,) in sql(db, "SELECT item_id FROM action_items")}


def test_item_page_outlines_each_stored_cell_box_on_its_page(server, db):
    item_id, doc_id = sql(db, "SELECT item_id, document_id FROM action_items "
                              "WHERE document = 'ruled-rag-fill.pdf' ORDER BY position LIMIT 1")[0]
    html = get(f"{server}/-/item/{item_id}")[1].decode()
    stored = sql(db, "SELECT field, x0, top, x1, bottom FROM cell_box WHERE milestone_id = ?", item_id)
    assert len(stored) >= 4
    for field, x0, top, x1, bottom in stored:
        assert f'data-field="{field}" data-bbox="{x0},{top},{x1},{bottom}"' in html
    assert f'src="/-/page/{doc_id}/1.png"' in html
    assert "ruled-rag-fill.pdf" in html and "sha256" in html  # the document's metadata


def test_page_image_is_the_pdf_page_rendered_at_the_cache_scale(server, db):
    doc_id, = sql(db, "SELECT id FROM document WHERE file_name = 'rotated-page.pdf'")[0]
    status, body, ctype = get(f"{server}/-/page/{doc_id}/2.png")
    assert status == 200 and ctype == "image/png"
    assert Image.open(io.BytesIO(body)).size == (round(841.89 * CACHE_SCALE), round(595.28 * CACHE_SCALE))
    assert get(f"{server}/-/page/{doc_id}/99.png")[0] == 404
    assert get(f"{server}/-/item/999999")[0] == 404


def test_server_refuses_writes_and_the_file_is_unchanged(server, db):
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    request = urllib.request.Request(f"{server}/plans", data=b"sql=DELETE FROM document", method="POST")
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(request, timeout=10)
    assert exc.value.code == 405
    query = urllib.parse.urlencode({"sql": "DELETE FROM cell_box"})
    assert get(f"{server}/plans.json?{query}")[0] == 400
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


@pytest.mark.parametrize("path", ["/-/item/99999999999999999999999",
                                  "/-/page/99999999999999999999999/1.png", "/..", "/.",
                                  "/plans/..", "/./plans", "/../../etc/passwd",
                                  "/-/../-/versions.json"])
def test_dot_segments_and_ids_too_large_for_sqlite_are_not_found(server, path):
    import http.client

    host, port = server.split("//")[1].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    conn.request("GET", path)  # sent as written: no client-side normalising
    assert conn.getresponse().status == 404
    conn.close()


def test_server_binds_only_the_loopback_address_by_default(server):
    port = int(server.rsplit(":", 1)[1])
    listening = []
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        if state == "0A" and int(local.split(":")[1], 16) == port:
            listening.append(local.split(":")[0])
    assert listening == ["0100007F"]  # 127.0.0.1


def test_pages_kept_at_ingest_are_shown_after_the_pdf_has_gone(tmp_path):
    pdf = tmp_path / "moved.pdf"
    shutil.copy(SAMPLES / "borderless.pdf", pdf)
    db_path, pages = tmp_path / "kept.db", tmp_path / "pages"
    result = CliRunner().invoke(main, ["ingest", str(pdf), "--db", f"sqlite:///{db_path}",
                                       "--keep-pages", str(pages)])
    assert result.exit_code == 0, result.output
    assert "kept 2 page images" in result.output
    pdf.unlink()
    item_id, = sql(db_path, "SELECT item_id FROM action_items LIMIT 1")[0]
    with running_server(db_path) as base:  # no cache: the page says why there is no image
        assert "source PDF not found" in get(f"{base}/-/item/{item_id}")[1].decode()
    with running_server(db_path, "--pages", str(pages)) as base:
        html = get(f"{base}/-/item/{item_id}")[1].decode()
        assert "plans-box" in html and "not found" not in html
        assert get(f"{base}/-/page/1/1.png")[0] == 200


def test_serve_names_a_missing_or_non_sqlite_database_in_one_line(tmp_path):
    with pytest.raises(ServeError, match="no such database file"):
        sqlite_file(str(tmp_path / "none.db"))
    with pytest.raises(ServeError, match="needs a SQLite file"):
        sqlite_file("postgresql://user@localhost/plans")
    (tmp_path / "other.db").write_bytes(b"not sqlite at all" * 100)
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "other.db")])
    assert result.exit_code == 2
    assert "other.db: not a plans database" in result.output


def test_item_pages_of_a_10000_item_database_are_timed_and_printed(tmp_path, capsys):
    """The figure is printed, not asserted (README: Seeing what was extracted)."""
    big = sample_db(tmp_path / "big.db", ["ruled-theme-rows"])
    total = grow_db(big, 10_000)
    assert total >= 10_000
    assert sql(big, "SELECT count(*) FROM document")[0][0] == -(-10_000 // 16)
    with running_server(big) as base:
        ids = list(range(1, total + 1, total // 40))[:40]
        get(f"{base}/-/item/{ids[-1]}")  # the first request imports modules and opens the file
        cold = time_cold_renders(base, 1, [2, 3, 4])
        html, with_image = time_item_pages(base, ids)
    assert len(html) == len(with_image) == len(ids)
    with capsys.disabled():
        print(f"\nplans serve, {total} items in the database:\n"
              f"  item page HTML:           {summary(html)}\n"
              f"  HTML + its page image:    {summary(with_image)}\n"
              f"  first render of a page:   {summary(cold)}")
