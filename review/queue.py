"""The review queue: what needs a person's eye, most doubtful first.

Evidence, strongest first, each turned into a *doubt* in [0, 1]:

* a table read with low confidence (``plan_table.confidence``, when the
  parser computes one): doubt = 1 - confidence;
* one header read several ways in one document: the same printed headers
  (same signature) given different column roles in different tables is a
  layout the scorer cannot settle from the cells of one table;
* a column read as RAG whose cells print words that are no RAG rating
  ("Commenced", "Instructions issued"): the text is kept nowhere, so the
  column is probably progress or status;
* a table's items with neither a lead nor a date, or no action, a table with
  no lead or no date column, and the share of its columns kept only as
  ``extra``: roles probably missed;
* a near-miss table named in the document's warnings, and a document that
  looks like a plan (warnings about plan-like tables) but gave no items;
* a correction the latest parse of its document found no item (or table)
  for, e.g. after a parser change moved a row.

A table a person has corrected (a column-role correction or a profile) is
not listed again. Every entry names the document, page and reason, and the
``plans serve`` page that shows it.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import Engine, text

#: doubt of a header read more than one way in one document
INCONSISTENT = 0.9
#: doubt of a near-miss table named in warnings
NEAR_MISS = 0.5
#: doubt of a plan-like document that gave no items
NO_ITEMS = 0.8
#: weights of the item evidence: share missing lead and date, share with no action
W_MISSING, W_NO_ACTION = 0.6, 0.8
#: weight of the share of items whose RAG cell holds text that is no RAG word (kept nowhere)
W_LOST = 0.8
#: weight of the share of a table's columns kept only as ``extra``, counted from this share on
W_EXTRA, EXTRA_SHARE = 0.5, 0.5
#: doubt of a correction that no longer finds its item or table in the latest parse
STRANDED = 0.7
#: doubt of a table with no lead column, or no date column (the roles most plans print)
NO_COLUMN = 0.3
#: entries below this doubt are not listed
FLOOR = 0.05

_PAGE = re.compile(r"^page (\d+):")


@dataclass(frozen=True)
class ReviewEntry:
    """One line of the queue."""

    doubt: float
    document_id: int
    document: str
    page: int | None
    table: int | None  # 1-based order of the table on ``page``
    reason: str
    where: str  # path of the plans serve page that shows it

    def as_row(self) -> tuple:
        return (round(self.doubt, 2), self.document, self.page, self.table, self.reason, self.where)


COLUMNS = ["doubt", "document", "page", "table", "reason", "see"]

_TABLES = text("""
SELECT t.document_id, d.file_name, t.position, t.page_first, t.page_index, t.headers, t.roles,
       t.confidence, t.reasons, t.signature, t.corrected,
       (SELECT COUNT(*) FROM milestone m WHERE m.document_id = t.document_id
           AND m.table_index = t.position) AS items,
       (SELECT COUNT(*) FROM milestone m WHERE m.document_id = t.document_id
           AND m.table_index = t.position AND m.lead_raw IS NULL AND m.timescale IS NULL
           AND m.due_date IS NULL) AS bare,
       (SELECT COUNT(*) FROM milestone m WHERE m.document_id = t.document_id
           AND m.table_index = t.position
           AND EXISTS (SELECT 1 FROM cell_box b WHERE b.milestone_id = m.id AND b.field = 'rag')
           AND NOT EXISTS (SELECT 1 FROM progress_update p WHERE p.milestone_id = m.id
                           AND p.rag IS NOT NULL)) AS lost_rag
FROM plan_table t JOIN document d ON d.id = t.document_id
ORDER BY t.document_id, t.position
""")


def _table_doubt(row) -> tuple[float, list[str]]:
    reasons: list[str] = []
    doubt = 1.0 - row.confidence
    if doubt > 0:
        why = "; ".join(json.loads(row.reasons or "[]")) or "low confidence"
        reasons.append(f"read with confidence {row.confidence:.2f} ({why})")
    roles = json.loads(row.roles)
    extra = sum(r == "extra" for r in roles) / len(roles) if roles else 0.0
    if row.items:
        bare = row.bare / row.items
        if bare:
            reasons.append(f"{row.bare} of {row.items} items have neither a lead nor a date")
        doubt = max(doubt, W_MISSING * bare)
        if row.lost_rag:
            reasons.append(f"{row.lost_rag} of {row.items} items print words in the RAG column that "
                           "are no RAG rating, so they are kept nowhere (a progress or status column?)")
            doubt = max(doubt, W_LOST * row.lost_rag / row.items)
    missing = [r for r in ("lead", "timescale") if r not in roles]
    if missing:
        reasons.append(f"no {' or '.join(missing)} column")
        doubt = max(doubt, NO_COLUMN)
    if extra >= EXTRA_SHARE:
        reasons.append(f"{sum(r == 'extra' for r in roles)} of {len(roles)} columns kept only as extra")
        doubt = max(doubt, W_EXTRA * extra)
    return doubt, reasons


def _where_table(document_id: int, position: int) -> str:
    return f"/-/table/{document_id}/{position}"


def table_entries(rows: Iterable) -> list[ReviewEntry]:
    """Entries for tables: groups of one header read several ways, then the rest."""
    rows = [r for r in rows if not r.corrected]
    groups: dict[tuple[int, str], list] = {}
    for r in rows:
        if r.signature:
            groups.setdefault((r.document_id, r.signature), []).append(r)
    grouped: set[tuple[int, int]] = set()
    out = []
    for (doc, _), members in groups.items():
        readings = {r.roles for r in members}
        if len(readings) > 1:
            first = members[0]
            pages = sorted({r.page_first for r in members})
            heads = " | ".join(json.loads(first.headers))[:70]
            out.append(ReviewEntry(
                INCONSISTENT, doc, first.file_name, first.page_first, first.page_index,
                f"{len(members)} tables headed '{heads}' (pages {pages[0]}-{pages[-1]}) read "
                f"{len(readings)} different ways: set the roles once (plans fix --role, --profile)",
                _where_table(doc, first.position)))
            grouped |= {(r.document_id, r.position) for r in members}
    for r in rows:
        if (r.document_id, r.position) in grouped:
            continue
        doubt, reasons = _table_doubt(r)
        if doubt >= FLOOR:
            out.append(ReviewEntry(doubt, r.document_id, r.file_name, r.page_first, r.page_index,
                                   "; ".join(reasons), _where_table(r.document_id, r.position)))
    return out


def item_entries(engine: Engine) -> list[ReviewEntry]:
    """Items with no action text (one line per item)."""
    sql = text("SELECT item_id, document_id, document, page_first FROM action_items "
               "WHERE (action IS NULL OR TRIM(action) = '') AND corrected = 0")
    with engine.connect() as conn:
        return [ReviewEntry(W_NO_ACTION, r.document_id, r.document, r.page_first, None,
                            "item with no action", f"/-/item/{r.item_id}")
                for r in conn.execute(sql)]


def warning_entries(engine: Engine) -> list[ReviewEntry]:
    """Near-miss tables and corrections that no longer fit named in warnings,
    and plan-like documents with no items."""
    out = []
    with engine.connect() as conn:
        docs = conn.execute(text("SELECT id, file_name, item_count, warnings FROM document"))
        for doc in docs:
            warnings = json.loads(doc.warnings or "[]")
            near = [w for w in warnings if "not read as an action plan" in w]
            if near and not doc.item_count:
                out.append(ReviewEntry(NO_ITEMS, doc.id, doc.file_name, None, None,
                                       f"looks like a plan ({len(near)} plan-like tables) but gave no items",
                                       f"/-/document/{doc.id}"))
            stale = [w for w in warnings if ": correction " in w and " not applied: " in w]
            for doubt, listed in ((NEAR_MISS, near), (STRANDED, stale)):
                for w in listed:
                    m = _PAGE.match(w)
                    out.append(ReviewEntry(doubt, doc.id, doc.file_name, int(m.group(1)) if m else None,
                                           None, w, f"/-/document/{doc.id}"))
    return out


def stranded_entries(engine: Engine) -> list[ReviewEntry]:
    """Corrections the latest parse of their document did not find a place for."""
    sql = text("SELECT correction_id, document_id, document, kind, field, item, page, table_on_page "
               "FROM correction_history WHERE applied = 0 AND document_id IS NOT NULL")
    with engine.connect() as conn:
        return [ReviewEntry(STRANDED, r.document_id, r.document, r.page, r.table_on_page,
                            f"correction {r.correction_id} ({r.kind} {r.field or ''} of "
                            f"{r.item or 'a table'}) no longer finds its "
                            f"{'table' if r.kind == 'role' else 'item'}: check it (correction_history)",
                            f"/-/document/{r.document_id}")
                for r in conn.execute(sql)]


def review(engine: Engine, limit: int | None = None) -> list[ReviewEntry]:
    """The queue, most doubtful first (then by document and page)."""
    with engine.connect() as conn:
        tables = list(conn.execute(_TABLES))
    entries = (table_entries(tables) + item_entries(engine) + warning_entries(engine)
               + stranded_entries(engine))
    entries.sort(key=lambda e: (-e.doubt, e.document_id, e.page or 0, e.table or 0))
    return entries[:limit] if limit else entries
