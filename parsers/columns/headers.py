"""Recognise action-plan header rows by meaning.

Councils word the same column many ways ("Timescale", "By when", "Date due",
"Target date", "Led by", "Timescal e" wrapped mid-word...). The known whole
wordings are kept here as ordered patterns (:data:`EXACT`, the first match
wins, so "Action number" is a ref before "Action" is an action); they are the
top tier of the header evidence in :mod:`.lexicon`, which adds stems and
phrases for wordings nobody listed. :mod:`.roles` combines that evidence with
what the column's cells hold and decides whether the table is an action plan.
Cells that match nothing are kept as ``extra`` columns.
"""
from __future__ import annotations

import re

from council_plans.parsers.columns.content import Cell
from council_plans.parsers.columns.lexicon import ROLES, header_scores, normalise
from council_plans.parsers.columns.roles import ASSIGN, RoleMap, describe_shortfall, qualifies, role_map

_PATTERNS: list[tuple[str, str]] = [
    ("ref", r"^(ref|ref no|reference|ref number|no|number|item no|action (no|number|ref|reference)|"
            r"rec(ommendation)? (no|number|ref)|id|#)$"),
    ("lead", r"^(action owner|owner|lead|leads|lead officers?|lead\(s\)|lead officer\(s\)|"
             r"lead person|lead manager|lead role|responsible( officers?| person| lead| manager)?|"
             r"who is responsible|who|accountable( officer| lead)?|by whom|lead responsibility)$"),
    ("progress", r"^(progress( to date| update| made| report| and impact| comments?| so far)?|"
                 r"update|updates|latest update|status update|current (status|position|progress)|"
                 r"comments?|commentary|performance.*|position statement|evidence of progress|"
                 r"progress/evidence|impact to date|(status|position) (at|as at|as of) .*)$"),
    ("rag", r"^(rag|rag rating|rag status|rag rated|rating|rag\s*\(.*\)|overall rag|"
            r"b?rag)$"),
    ("milestone", r"^(key )?milestones?( and key tasks)?$|^key tasks$|^interim milestones$"),
    ("timescale", r"^(timescales?|time ?frame|timeline|date due|due date|due|by when|when|"
                  r"deadline|target date|target completion date|completion date|date|"
                  r"target timescale|by date|end date|implementation date)$"),
    ("success_measure", r"^(success measures?|measures? of success|success criteria|"
                        r"how will we (know|measure).*|what success looks like|"
                        r"measurable outcomes?|evidence of impact|impact measures?|kpis?)$"),
    ("outcome", r"^((expected |intended |desired )?outcomes?|what difference will it make.*)$"),
    ("action", r"^((key |specific |improvement |planned |agreed )?actions?( required| to be taken|"
               r" planned)?|tasks?|what (we will|will we|are we going to) do|"
               r"what needs to happen|activity|activities|action description)$"),
]
EXACT = [(f, re.compile(rx)) for f, rx in _PATTERNS]


def clean_header(text: str | None) -> str:
    """Lower-case, single-spaced, without trailing punctuation or "(s)"."""
    return normalise(text)


def field_for_header(text: str | None) -> str | None:
    """Map one header cell's text to a contract field by its words alone, or None."""
    scores = header_scores(text, EXACT)
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
    rm, labelled = role_map(cells, columns, groups)
    if labelled < 2 or not qualifies(rm.fields, min_fields) or not _shorter_than_body(cells, columns):
        return None
    return rm


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
