"""What ``plans serve`` tells Datasette about the database: titles,
table and column descriptions, hidden bookkeeping tables and the canned
queries analysts ask for first. Plain data, kept apart from the server code.

The canned queries are SQLite SQL (Datasette serves SQLite files).
"""
from __future__ import annotations

from typing import Any

PROVENANCE = ("Every extracted row carries provenance: document_id, page_first, page_last, "
              "a box on the first page (bbox_*, PDF points from the top-left corner) and "
              "the parser_version.")

TABLES: dict[str, str] = {
    "action_items": "One flat row per extracted item (a milestone row of a plan's table), joins "
                    "done. Each item_id links to the source page with the item's cells highlighted.",
    "rag_summary": "The RAG mix per authority and plan.",
    "authority": "A council, under its canonical name.",
    "authority_alias": "A spelling of a council's name seen in a document or given by a user.",
    "document": "One distinct PDF (by sha256) and what it says about itself.",
    "plan": "An action plan found in a document. " + PROVENANCE,
    "section": "A theme of a plan (heading above a table, or a full-width row inside one).",
    "action": "An action of a plan; an action merged over several milestone rows is one row.",
    "milestone": "A row of a plan's table: a milestone of an action, or the action's own row "
                 "(text NULL) when the plan has no milestone column.",
    "person": "A lead officer (a name or initials), per authority.",
    "lead": "A person named in a milestone row's lead cell.",
    "progress_update": "Progress and RAG reported on a milestone in a document.",
    "extra_field": "A table column the extraction contract does not name, per row.",
    "cell_box": "Every box a field of a row was read from (fine-grained provenance).",
    "ingest_error": "A file that could not be imported, with a one-line reason.",
    "plan_table": "How each table was read as a plan: headers, the role of each column, "
                  "the layout profile applied. Its page: /-/table/DOCUMENT/POSITION.",
    "correction": "A person's correction (plans fix), kept across re-imports: keyed by the "
                  "document's sha256 and the item's place on the page.",
    "layout_profile": "Column roles for every table with the same headers (plans profiles).",
    "correction_history": "Every correction with the item it applies to now and the value the "
                          "parser gave (the original). The review queue: /-/review.",
    "watch_source": "A ModernGov site followed by `plans watch`.",
    "watch_meeting": "A meeting seen on a watched site.",
    "watch_attachment": "A paper linked to a watched meeting, and what became of it.",
}

COLUMNS: dict[str, dict[str, str]] = {
    "action_items": {
        "item_id": "milestone.id; opens the item's source page",
        "due_date": "ISO date read from timescale (end of a period: 'Q3 2017' is 2017-12-31)",
        "lead": "the lead cell as printed", "leads": "people named as lead, '; '-separated",
        "rag": "red, amber, green, blue (complete) or NULL",
        "as_at": "date the progress is reported at (as-at date, else meeting date)",
        "page_first": "first page the item was read from (1-based)",
    },
    "document": {
        "sha256": "identity of the PDF's bytes", "source_path": "absolute path at import",
        "pages_without_text": "JSON list of pages with no text layer",
        "warnings": "JSON list of the parser's warnings",
    },
    "cell_box": {"field": "contract field, or the header text of an extra column",
                 "page": "1-based page", "x0": "PDF points from the page's left edge",
                 "top": "PDF points from the page's top edge"},
    "milestone": {"lead_raw": "the lead cell as printed", "timescale": "as printed",
                  "position": "0-based order of the item in its document"},
    "progress_update": {"rag": "red, amber, green, blue (complete) or NULL"},
}

QUERIES: dict[str, dict[str, Any]] = {
    "overdue_per_council": {
        "title": "Overdue actions per council",
        "description": "Items whose due date has passed (before as_of; empty means today) and "
                       "that are not reported complete (blue).",
        "sql": """SELECT authority, count(*) AS overdue, min(due_date) AS oldest_due,
       count(CASE WHEN rag = 'red' THEN 1 END) AS red,
       count(CASE WHEN rag = 'amber' THEN 1 END) AS amber,
       count(CASE WHEN rag IS NULL THEN 1 END) AS no_rag
FROM action_items
WHERE due_date < coalesce(nullif(:as_of, ''), date('now'))
  AND coalesce(rag, '') <> 'blue'
GROUP BY authority
ORDER BY overdue DESC""",
    },
    "rag_mix_per_theme": {
        "title": "RAG mix per theme",
        "description": "Red / amber / green / blue counts for each section (theme) of each plan.",
        "sql": """SELECT authority, plan_title, section AS theme, count(*) AS items,
       count(CASE WHEN rag = 'red' THEN 1 END) AS red,
       count(CASE WHEN rag = 'amber' THEN 1 END) AS amber,
       count(CASE WHEN rag = 'green' THEN 1 END) AS green,
       count(CASE WHEN rag = 'blue' THEN 1 END) AS blue,
       count(CASE WHEN rag IS NULL THEN 1 END) AS no_rag
FROM action_items
GROUP BY authority, plan_title, section
ORDER BY authority, plan_title, theme""",
    },
    "plan_versions_side_by_side": {
        "title": "One plan's versions side by side",
        "description": "Every action of the plans titled plan_title, with its RAG in each "
                       "document (version) that reports it, oldest first.",
        "sql": """SELECT ref, min(action) AS action, count(DISTINCT document_id) AS versions,
       group_concat(coalesce(as_at, meeting_date, document) || ': ' || coalesce(rag, '-'),
                    ' | ') AS rag_by_version
FROM (SELECT * FROM action_items WHERE plan_title = :plan_title
      ORDER BY coalesce(as_at, meeting_date), document_id, position)
GROUP BY ref
ORDER BY min(position)""",
    },
}


def datasette_metadata(database: str) -> dict[str, Any]:
    """Datasette metadata for the database Datasette names ``database``."""
    tables: dict[str, dict[str, Any]] = {
        name: {"description": text, **({"columns": COLUMNS[name]} if name in COLUMNS else {})}
        for name, text in TABLES.items()
    }
    tables["alembic_version"] = {"hidden": True}
    tables["action_items"]["sort"] = "item_id"
    return {
        "title": "Council action plans",
        "description": "Action items extracted from council improvement and action plan PDFs. "
                       "Start with the action_items view; every item links to its source page.",
        "databases": {database: {"tables": tables, "queries": QUERIES}},
    }
