"""Recognise action-plan header rows by meaning.

Councils word the same column many ways ("Timescale", "By when", "Date due",
"Target date"...). Each header cell is mapped to a contract field by ordered
patterns; the first pattern that matches wins, so specific wordings ("Action
number", "Status update") are listed before the general ones ("Action",
"Status"). Cells that match nothing are kept as ``extra`` columns.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_PATTERNS: list[tuple[str, str]] = [
    ("ref", r"^(ref|ref no|reference|ref number|no|number|item no|action (no|number|ref|reference)|"
            r"rec(ommendation)? (no|number|ref)|id|#)$"),
    ("lead", r"^(action owner|owner|lead|leads|lead officers?|lead\(s\)|lead officer\(s\)|"
             r"lead person|lead manager|lead role|responsible( officers?| person| lead| manager)?|"
             r"who is responsible|who|accountable( officer| lead)?|by whom|lead responsibility)$"),
    ("progress", r"^(progress( to date| update| made| report| and impact| comments?| so far)?|"
                 r"update|updates|latest update|status update|current (status|position|progress)|"
                 r"comments?|commentary|performance.*|position statement|evidence of progress|"
                 r"progress/evidence|impact to date)$"),
    ("rag", r"^(rag|rag rating|rag status|rag rated|status|rating|rag\s*\(.*\)|overall rag|"
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
               r" planned)?|tasks?|objectives?|what (we will|will we|are we going to) do|"
               r"what needs to happen|activity|activities|what|action description)$"),
]
_COMPILED = [(f, re.compile(rx)) for f, rx in _PATTERNS]

#: second chance for wordier headers ("Progress against milestones", "RAG
#: status at Q2"): a distinctive keyword anywhere in the cell. The action column
#: is never guessed this way, so non-plan tables stay out.
_KEYWORDS = [(f, re.compile(rx)) for f, rx in [
    ("ref", r"^(ref|rec)\b.*\b(no|number)\b"),
    ("rag", r"\brag\b"),
    ("lead", r"\b(lead officer|responsib|owner|accountab)"),
    ("progress", r"\b(progress|update|commentary)\b"),
    ("milestone", r"\bmilestone"),
    ("timescale", r"\b(timescale|time ?frame|deadline|target date|due date|date due|by when|completion date)"),
    ("success_measure", r"\bsuccess\b|\bmeasures?\b"),
    ("outcome", r"\boutcomes?\b"),
    ("action", r"^(key |improvement |specific )?actions?\b(?! (owner|lead|no|number|ref|by))"),
]]


def clean_header(text: str | None) -> str:
    """Lower-case, single-spaced, without trailing punctuation or ':' parts."""
    t = re.sub(r"\s+", " ", (text or "")).strip().lower()
    t = re.sub(r"(?<=[a-z])- (?=[a-z])", "", t)  # "Time- scale" wrapped in its cell
    t = t.replace("’", "'").rstrip("?:.*")
    t = re.sub(r"\s*\(s\)", "s", t) if t.endswith("(s)") and not t.startswith("lead") else t
    return t.strip()


def field_for_header(text: str | None) -> str | None:
    """Map one header cell's text to a contract field, or None."""
    t = clean_header(text)
    if not t or len(t) > 80:
        return None
    for field, rx in _COMPILED:
        if rx.search(t):
            return field
    # "Performance: is the action making a difference?" and similar
    head = t.split(":")[0].strip()
    if head != t:
        return field_for_header(head)
    for field, rx in _KEYWORDS:
        if rx.search(t):
            return field
    return None


@dataclass
class HeaderMap:
    """Which column holds which field; ``extra`` columns keep their header text."""

    fields: list[str | None]  # per column: contract field or None
    labels: list[str]  # per column: header text as printed (single-spaced)

    def column_of(self, field: str) -> int | None:
        return self.fields.index(field) if field in self.fields else None

    @property
    def width(self) -> int:
        return len(self.fields)


def header_map(cells: list[str | None], min_fields: int = 3) -> HeaderMap | None:
    """Return a HeaderMap when ``cells`` look like an action-plan header row.

    A header names at least ``min_fields`` distinct contract fields, one of
    which is the action itself: performance-indicator, glossary and agenda
    tables share words like "Lead" or "Status" but never have an action column.
    """
    fields: list[str | None] = []
    seen: set[str] = set()
    for c in cells:
        f = field_for_header(c)
        if f in seen:
            f = None  # second "Progress" column and the like: keep as extra
        if f:
            seen.add(f)
        fields.append(f)
    if "action" not in seen or len(seen) < min_fields:
        return None
    labels = [re.sub(r"\s+", " ", c or "").strip() for c in cells]
    # a column with neither field nor label is padding, not data
    return HeaderMap(fields, labels)
