"""``plans serve``: the database in Datasette, with every item's source page.

Datasette (the optional extra ``[serve]``) gives analysts tables, views,
facets and SQL over the SQLite file; this module adds, as a Datasette
plugin, what it cannot know: descriptions and canned queries
(:mod:`ingest.serve_meta`), the views listed first, a link from every
``item_id`` to an item page, and that page itself: the item's fields, its
document's metadata and the PDF page(s) it was read from with its cells
outlined (boxes from ``cell_box``). Pages are rendered on request from the
document's stored ``source_path`` or taken from the page-image cache that
``plans ingest --keep-pages DIR`` writes.

Read-only twice over: Datasette opens the file with ``mode=ro``, and any
request other than GET/HEAD is answered 405 before it reaches Datasette.
"""
from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from council_plans.review.pageimage import (CACHE_SCALE, PageImageError, cached_page, page_size,
                                            png_bytes, render_page)
from council_plans.review.serve_meta import datasette_metadata
from council_plans.schema.errors import CouncilPlansError

PLUGIN = "council-plans"
TEMPLATES = Path(__file__).resolve().parent / "templates"
#: width in CSS pixels the item page shows a page at
PAGE_WIDTH_PX = 900
#: path segments that name nothing here
DOT_SEGMENTS = frozenset({".", ".."})
#: largest id SQLite stores (a 64-bit signed INTEGER)
MAX_ROW_ID = 2**63 - 1
ITEM_FIELDS = ("authority", "plan_title", "period", "section", "ref", "action", "milestone",
               "timescale", "due_date", "lead", "leads", "progress", "rag", "as_at",
               "success_measure", "outcome", "page_first", "page_last", "parser_version")
DOCUMENT_FIELDS = ("file_name", "title", "authority", "committee", "meeting_date",
                   "published_date", "page_count", "sha256", "source_path", "source_url",
                   "imported_at", "parser_version", "warnings")


class ServeError(CouncilPlansError):
    """The server cannot start; ``str`` is one line for the user."""


def sqlite_file(db: str | None) -> Path:
    """The SQLite file named by ``--db`` (a path or a ``sqlite:///`` URL)."""
    from sqlalchemy.engine import make_url

    from council_plans.db.engine import resolve_url

    if db and "://" not in db:
        path = Path(db)
    else:
        url = make_url(resolve_url(db))
        if url.get_backend_name() != "sqlite":
            raise ServeError(f"{url.render_as_string(hide_password=True)}: plans serve needs a "
                             "SQLite file (Datasette serves SQLite only)")
        path = Path(url.database or "")
    if not path.is_file():
        raise ServeError(f"{path}: no such database file")
    try:
        with sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True) as conn:
            conn.execute("SELECT 1 FROM cell_box LIMIT 1").fetchall()
    except sqlite3.DatabaseError as exc:
        raise ServeError(f"{path}: not a plans database ({exc})") from None
    return path


def build_datasette(db_path: Path, pages_dir: Path | None = None):
    """A Datasette instance over ``db_path`` with this module as its plugin."""
    try:
        from datasette.app import Datasette
        from datasette.plugins import pm
    except ImportError:
        raise ServeError("plans serve needs Datasette: pip install 'council-plans[serve]'") from None
    from council_plans.review import serve_review  # the review queue and table pages

    for plugin, name in ((sys.modules[__name__], PLUGIN), (serve_review, serve_review.PLUGIN)):
        if not pm.is_registered(plugin):
            pm.register(plugin, name=name)
    metadata = datasette_metadata(Path(db_path).stem)
    metadata["plugins"] = {PLUGIN: {"pages": str(pages_dir) if pages_dir else None}}
    return Datasette([str(db_path)], metadata=metadata, template_dir=str(TEMPLATES),
                     settings={"sql_time_limit_ms": 3000})


def run_server(db_path: Path, host: str = "127.0.0.1", port: int = 8001,
               pages_dir: Path | None = None) -> None:
    """Serve until interrupted (uvicorn, one process)."""
    import uvicorn

    ds = build_datasette(db_path, pages_dir)
    asyncio.run(ds.invoke_startup())
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning")


# --- the plugin ---------------------------------------------------------------------------

try:
    from datasette import hookimpl
except ImportError:  # without the [serve] extra the module still imports (ServeError says why)
    def hookimpl(f):
        return f


@hookimpl
def asgi_wrapper(datasette):
    """Refuse every request that could change something; a path with ``.``
    or ``..`` segments names nothing here (Datasette would answer 500)."""
    def wrap(app):
        async def read_only(scope, receive, send):
            if scope["type"] == "http" and scope["method"] not in ("GET", "HEAD"):
                await _plain(send, 405, b"read-only: only GET and HEAD\n", (b"allow", b"GET, HEAD"))
                return
            if scope["type"] == "http" and DOT_SEGMENTS & set(scope.get("path", "").split("/")):
                await _plain(send, 404, b"not found\n")
                return
            await app(scope, receive, send)
        return read_only
    return wrap


async def _plain(send, status: int, body: bytes, *headers: tuple[bytes, bytes]) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain"), *headers]})
    await send({"type": "http.response.body", "body": body})


def _row_id(text: str) -> int | None:
    """A URL's id as an int, or None past what a SQLite INTEGER holds (no such row)."""
    value = int(text)
    return value if value <= MAX_ROW_ID else None


@hookimpl
def render_cell(value, column, table, datasette):
    """Every item id links to the item's page view."""
    from markupsafe import Markup, escape

    if (column == "item_id" or (table == "milestone" and column == "id")) and isinstance(value, int):
        url = datasette.urls.path(f"/-/item/{value}")
        return Markup(f'<a class="plans-item-link" href="{escape(url)}">{value}&nbsp;(page)</a>')
    return None


@hookimpl
def register_routes():
    return [(r"^/-/item/(?P<item_id>\d+)$", item_view),
            (r"^/-/page/(?P<document_id>\d+)/(?P<page>\d+)\.png$", page_png)]


def _pages_dir(datasette) -> Path | None:
    value = (datasette.plugin_config(PLUGIN) or {}).get("pages")
    return Path(value) if value else None


async def _one(db, sql: str, params: list) -> dict[str, Any] | None:
    rows = (await db.execute(sql, params)).rows
    return dict(rows[0]) if rows else None


async def item_view(datasette, request):
    """The item's fields, its document, and its source pages with its cells outlined."""
    from datasette.utils.asgi import Response

    db = datasette.get_database()
    item_id = _row_id(request.url_vars["item_id"])
    item = None if item_id is None else await _one(
        db, "SELECT * FROM action_items WHERE item_id = ?", [item_id])
    if item is None:
        return Response.html(f"<h1>No item {request.url_vars['item_id']}</h1>", status=404)
    doc = await _one(db, "SELECT d.*, a.name AS authority FROM document d LEFT JOIN authority a "
                         "ON a.id = d.authority_id WHERE d.id = ?", [item["document_id"]])
    boxes = [dict(r) for r in (await db.execute(
        "SELECT field, page, x0, top, x1, bottom FROM cell_box WHERE milestone_id = ? "
        "ORDER BY page, top, x0", [item_id])).rows]
    pages = await asyncio.to_thread(page_panels, datasette, doc, boxes)
    corrected = await corrected_fields(db, item_id)
    context = {"item": item, "corrected": corrected, "fields": [(f, item.get(f)) for f in ITEM_FIELDS],
               "document": [(f, doc.get(f)) for f in DOCUMENT_FIELDS], "pages": pages,
               "database": db.name, "page_width_px": PAGE_WIDTH_PX}
    return Response.html(await datasette.render_template("item.html", context, request=request))


async def corrected_fields(db, item_id: int) -> set[str]:
    """Fields of the item a person corrected (none on a database from before 0005_review)."""
    try:
        rows = (await db.execute("SELECT field FROM correction_history WHERE item_id = ? "
                                 "AND kind = 'value'", [item_id])).rows
    except sqlite3.OperationalError:
        return set()
    return {r["field"] for r in rows}


def page_panels(datasette, doc: dict, boxes: list[dict]) -> list[dict]:
    """Per page: the image URL, its size in points and the boxes as percentages."""
    panels = []
    for page in sorted({b["page"] for b in boxes}):
        panel: dict[str, Any] = {"page": page, "boxes": [],
                                 "src": datasette.urls.path(f"/-/page/{doc['id']}/{page}.png")}
        try:
            width, height = _page_size(_pages_dir(datasette), doc, page)
        except PageImageError as exc:
            panels.append({**panel, "error": str(exc)})
            continue
        panel.update(width=width, height=height)
        for b in (b for b in boxes if b["page"] == page):
            panel["boxes"].append({
                **b, "left": round(100 * b["x0"] / width, 4), "top_pc": round(100 * b["top"] / height, 4),
                "width": round(100 * (b["x1"] - b["x0"]) / width, 4),
                "height": round(100 * (b["bottom"] - b["top"]) / height, 4)})
        panels.append(panel)
    return panels


def _source(doc: dict) -> Path:
    """The stored PDF, if it is still the file that was imported."""
    path = Path(doc["source_path"] or "")
    if not doc["source_path"] or not path.is_file():
        raise PageImageError(f"{doc['file_name']}: source PDF not found at {doc['source_path']} "
                             "and no cached page image (ingest with --keep-pages DIR, serve "
                             "with --pages DIR)")
    if doc["size_bytes"] and os.path.getsize(path) != doc["size_bytes"]:
        raise PageImageError(f"{path}: the file has changed since it was imported")
    return path


def _page_size(pages_dir: Path | None, doc: dict, page: int) -> tuple[float, float]:
    cached = cached_page(pages_dir, doc["sha256"], page)
    return cached[1] if cached else page_size(_source(doc), page)


@lru_cache(maxsize=32)
def _rendered(path: str, mtime: float, page: int) -> bytes:
    """Recently shown pages stay rendered (keyed by the file's mtime)."""
    image, _ = render_page(Path(path), page, CACHE_SCALE)
    return png_bytes(image)


def page_image(pages_dir: Path | None, doc: dict, page: int) -> bytes:
    """PNG of a document's page: from the cache, else rendered from the PDF."""
    cached = cached_page(pages_dir, doc["sha256"], page)
    if cached:
        return cached[0]
    path = _source(doc)
    return _rendered(str(path), path.stat().st_mtime, page)


async def page_png(datasette, request):
    from datasette.utils.asgi import Response

    doc_id = _row_id(request.url_vars["document_id"])
    doc = None if doc_id is None else await _one(
        datasette.get_database(), "SELECT * FROM document WHERE id = ?", [doc_id])
    if doc is None:
        return Response.text("no such document", status=404)
    try:
        data = await asyncio.to_thread(page_image, _pages_dir(datasette), doc,
                                       int(request.url_vars["page"]))
    except PageImageError as exc:
        return Response.text(str(exc), status=404)
    return Response(data, content_type="image/png",
                    headers={"cache-control": "max-age=3600"})
