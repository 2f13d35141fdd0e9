"""The one place where the roles of a table become final.

Every way of reading a table (a header row, a card, a headerless table, a
table continuing the columns of the one before) ends in :func:`final_roles`,
which applies the rules that need the whole column and - as the last word -
the user's column-role overrides (review,
:func:`council_plans.parsers.columns.overrides.override_roles`, applied by the
assembler right after :func:`final_roles`).

Rules applied here. *Quarterly commentary*: columns "Q1" ... "Q4" holding
sentences are read together, the latest filled quarter of each row being its
progress (the others stay in ``extra``). *A status column of words keeps its
words*. A column
scored as ``rag`` whose cells hold words other than RAG words ("Completed",
"On track for due date", "Instructions issued") is a status column: its text
is progress (after any narrative progress column), and the RAG is derived
from the cell's fill or a whole-cell RAG word. A column of RAG words alone
("Red", "Amber", "G", "Complete") or of colour-only cells stays ``rag``.
"""
from __future__ import annotations

import re
from dataclasses import replace

from council_plans.parsers.columns.content import Cell
from council_plans.parsers.columns.roles import RoleMap
from council_plans.parsers.values.vocab import RAG_WORD_CELL


def is_status_words(cells: list[Cell]) -> bool:
    """Does a column hold status words that are not RAG words alone?"""
    texts = [t.strip() for t, _ in cells if t and t.strip()]
    return any(not RAG_WORD_CELL.match(t) for t in texts)


#: a quarter's column: "Q1", "Q2 update", "Quarter 3", "Quarter four 2024/25"
QUARTER_LABEL = re.compile(r"^(q[1-4]|quarter\s*([1-4]|one|two|three|four))\b", re.I)
#: quarter columns are commentary when one of them averages this many words a cell
COMMENTARY_WORDS = 3.0


def _mean_words(cells: list[Cell]) -> float:
    words = [len(t.split()) for t, _ in cells if t and t.strip()]
    return sum(words) / len(words) if words else 0.0


def quarter_columns(roles: RoleMap, columns: list[list[Cell]]) -> list[int]:
    """Columns of quarterly commentary (two or more quarter columns, one of
    them holding sentences, not ticks or dates), when no other column is the
    progress: the latest filled quarter of a row is its progress."""
    ks = [k for k, label in enumerate(roles.labels) if QUARTER_LABEL.match(label.strip())
          and roles.fields[k] in (None, "progress", "timescale")]
    if len(ks) < 2 or any(roles.fields[k] == "progress" for k in range(roles.width) if k not in ks):
        return []
    if max(_mean_words(columns[k]) for k in ks if k < len(columns)) < COMMENTARY_WORDS:
        return []
    return ks


def final_roles(roles: RoleMap, columns: list[list[Cell]]) -> RoleMap:
    """The roles a table is read with (see module doc); ``columns`` are the
    cells under each column (text and fill)."""
    quarters = quarter_columns(roles, columns)
    if quarters:
        fields = [None if k in quarters else f for k, f in enumerate(roles.fields)]
        roles = replace(roles, fields=fields, quarters=quarters)
    k = roles.column_of("rag")
    if k is None or k >= len(columns) or not is_status_words(columns[k]):
        return roles
    fields = list(roles.fields)
    if "progress" in fields:
        return replace(roles, status=k)
    fields[k] = "progress"
    return replace(roles, fields=fields, status=k)
