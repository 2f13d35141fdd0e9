"""``plans serve`` pages for review: the queue (``/-/review``), a table as it
was read (``/-/table/DOC/POSITION``: its page with the table outlined and the
role of each column) and a document's warnings (``/-/document/DOC``).
Registered as a second Datasette plugin beside :mod:`review.serve`; read-only
like it (every query is a SELECT through Datasette's read connection).
Editing stays on the command line (``plans fix``): no Datasette write plugin
is used, so the served file is never opened for writing.
"""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy import create_engine

from council_plans.review.queue import ReviewEntry, review

try:
    from datasette import hookimpl
except ImportError:  # without the [serve] extra the module still imports
    def hookimpl(f):
        return f

PLUGIN = "council-plans-review"
#: width in CSS pixels the table page shows a page at (as the item page does)
PAGE_WIDTH_PX = 900


@hookimpl
def register_routes():
    return [(r"^/-/review$", review_view),
            (r"^/-/table/(?P<document_id>\d+)/(?P<position>\d+)$", table_view),
            (r"^/-/document/(?P<document_id>\d+)$", document_view)]


def _queue(path: str) -> list[ReviewEntry]:
    engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    try:
        return review(engine)
    finally:
        engine.dispose()


async def review_view(datasette, request):
    """The review queue, most doubtful first, each line linked to its page."""
    import asyncio

    from datasette.utils.asgi import Response

    from sqlalchemy.exc import OperationalError

    db = datasette.get_database()
    try:
        entries = await asyncio.to_thread(_queue, db.path)
    except OperationalError:
        return Response.html("<h1>Review queue</h1><p>This database predates the review tables: "
                             "run <code>plans db upgrade</code> (or any <code>plans ingest</code>) "
                             "on it first.</p>", status=409)
    context = {"entries": entries, "database": db.name}
    return Response.html(await datasette.render_template("review.html", context, request=request))


async def table_view(datasette, request):
    """One table as read: the page with the table outlined, headers and roles."""
    import asyncio

    from datasette.utils.asgi import Response

    from council_plans.review.serve import page_panels

    db = datasette.get_database()
    doc_id, pos = int(request.url_vars["document_id"]), int(request.url_vars["position"])
    rows = (await db.execute("SELECT * FROM plan_table WHERE document_id = ? AND position = ?",
                             [doc_id, pos])).rows
    doc_rows = (await db.execute("SELECT * FROM document WHERE id = ?", [doc_id])).rows
    if not rows or not doc_rows:
        return Response.html(f"<h1>No table {pos} in document {doc_id}</h1>", status=404)
    table, doc = dict(rows[0]), dict(doc_rows[0])
    box = {"field": "table", "page": table["page_first"], "x0": table["bbox_x0"],
           "top": table["bbox_top"], "x1": table["bbox_x1"], "bottom": table["bbox_bottom"]}
    pages = await asyncio.to_thread(page_panels, datasette, doc, [box])
    columns = list(zip(json.loads(table["headers"]), json.loads(table["roles"])))
    context = {"table": table, "doc": doc, "columns": columns, "pages": pages,
               "database": db.name, "page_width_px": PAGE_WIDTH_PX}
    return Response.html(await datasette.render_template("plan_table.html", context, request=request))


async def document_view(datasette, request):
    """A document's warnings and the tables read from it."""
    from datasette.utils.asgi import Response

    db = datasette.get_database()
    doc_id = int(request.url_vars["document_id"])
    doc_rows = (await db.execute("SELECT * FROM document WHERE id = ?", [doc_id])).rows
    if not doc_rows:
        return Response.html(f"<h1>No document {doc_id}</h1>", status=404)
    doc: dict[str, Any] = dict(doc_rows[0])
    tables = [dict(r) for r in (await db.execute(
        "SELECT position, page_first, page_index, headers, roles, profile, corrected "
        "FROM plan_table WHERE document_id = ? ORDER BY position", [doc_id])).rows]
    context = {"doc": doc, "warnings": json.loads(doc["warnings"] or "[]"), "tables": tables,
               "database": db.name}
    return Response.html(await datasette.render_template("plan_document.html", context,
                                                         request=request))
