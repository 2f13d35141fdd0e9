"""Recognise action-plan header rows by meaning.

Councils word the same column many ways ("Timescale", "By when", "Date due",
"Target date", "Led by", "Timescal e" wrapped mid-word...). The wording
evidence lives in :mod:`.lexicon` (known whole wordings first, then stems and
phrases for wordings nobody listed); :mod:`.roles` combines it with what the
column's cells hold and decides whether the table is an action plan. This
module is the entry point the table finders and the assembler call.
Cells that match nothing are kept as ``extra`` columns.
"""
from __future__ import annotations

from council_plans.parsers.columns.content import CELL_TESTS, Cell, content_scores
from council_plans.parsers.columns.lexicon import ROLES, header_scores, normalise
from council_plans.parsers.columns.roles import (ASSIGN, RoleMap, describe_shortfall, header_evidence,
                                                 labelled_roles, qualifies, role_map)


def clean_header(text: str | None) -> str:
    """Lower-case, single-spaced, without trailing punctuation or "(s)"."""
    return normalise(text)


def field_for_header(text: str | None) -> str | None:
    """Map one header cell's text to a contract field by its words alone, or None."""
    scores = header_scores(text)
    best = max((s, -ROLES.index(r), r) for r, s in scores.items()) if scores else None
    if best is None or best[0] < ASSIGN or best[2] == "extra":
        return None
    return best[2]


HeaderMap = RoleMap


def header_map(cells: list[str | None], min_fields: int = 3,
               columns: list[list[Cell]] | None = None,
               groups: list[str | None] | None = None) -> HeaderMap | None:
    """Return a HeaderMap when ``cells`` look like an action-plan header row.

    ``columns`` (the cells under each header cell, text and fill) lets content
    settle what the words leave open. The row must read as labels (two plan
    roles named by header words) and name an action column plus at least
    ``min_fields - 1`` other roles: performance-indicator, glossary and agenda
    tables share words like "Lead" or "Status" but never have an action column.
    """
    if labelled_roles(header_evidence(cells, groups)) < 2 or not _shorter_than_body(cells, columns):
        return None  # cheap checks first: content is scored only for rows that read as labels
    if _reads_as_data(cells, columns):
        return None
    rm, _ = role_map(cells, columns, groups)
    return rm if qualifies(rm.fields, min_fields) else None


def _mean_words(texts: list[str | None]) -> float:
    words = [len(t.split()) for t in texts if t and t.strip()]
    return sum(words) / len(words) if words else 0.0


def _shorter_than_body(cells: list[str | None], columns: list[list[Cell]] | None) -> bool:
    """Header cells are labels: a row whose cells run (on average) to more
    than three words and more than 60% of the length of the cells under it
    is a data row, however plan-like its words ("Literacy Lead",
    "... interventions ...")."""
    head = _mean_words(cells)
    if head <= 3 or not columns:
        return True
    return head <= 0.6 * _mean_words([t for col in columns for t, _ in col])


#: roles whose cell test says "this is a value, not a label"
_VALUE_ROLES = ("ref", "action", "lead", "timescale")


def _reads_as_data(cells: list[str | None], columns: list[list[Cell]] | None) -> bool:
    """A row whose cells hold what their columns hold (a reference over
    references, a dated cell over dates, a name over names, a sentence opening
    with a verb over actions) is a data row, however plan-like its words: the
    first row of a table continued on a new page without its header. Half of
    the row's filled cells, and at least two, must read so; one dated header
    ("Position at 31 March") over a column of dates does not make a data row."""
    if not columns:
        return False
    hits = filled = 0
    for text, column in zip(cells, columns):
        if not text or not text.strip():
            continue
        filled += 1
        scores = content_scores(column)
        role = max((r for r in _VALUE_ROLES if r in scores), key=lambda r: scores[r], default=None)
        hits += bool(role and scores[role] >= 0.6 and CELL_TESTS[role](text, None))
    return hits >= 2 and 2 * hits >= filled


def near_miss(cells: list[str | None], columns: list[list[Cell]] | None = None,
              min_fields: int = 3) -> str | None:
    """Why a row that reads like a plan header was not taken as one, or None
    when it does not look like a plan header at all (or qualifies)."""
    rm, labelled = role_map(cells, columns)
    if (qualifies(rm.fields, min_fields) and labelled >= 2) or not _shorter_than_body(cells, columns):
        return None
    specific = rm.roles & {"lead", "timescale", "milestone", "progress"}
    if labelled < 2 or not (("action" in rm.roles and specific) or len(specific) >= 3):
        return None
    return describe_shortfall(rm, min_fields)
