"""Council names: finding them in printed text and spelling each one way.

An authority is only ever a council the register of UK local authorities
knows (:mod:`parsers.metadata.register`), named by a council's name
("Kent County Council", "KCC", "City of Wolverhampton Council",
"Wolverhampton City Council"): text that merely ends in "Council" ("Ask for:
Georgina Little / Council Chamber", "Youth Council") names none, and neither
does a mention of a place in prose ("Children's services in Telford and
Wrekin"). Every spelling of a council is stored as its register's official
name. A name the register does not know is only kept when a user gives it
explicitly (``--authority``), tidied by :func:`canonical_authority`.
Pure text, no I/O.
"""
from __future__ import annotations

import re
from functools import lru_cache
from collections import Counter

from council_plans.parsers.metadata.register import AuthorityRecord, lookup, mentions

__all__ = ["authority_from", "canonical_authority", "cased", "collapse_spacing",
           "council_names", "is_council_name", "title_case"]

_SMALL_WORDS = frozenset("of and the upon on in under cum le by for with at to".split())
#: a council's web or e-mail domain ("@kent.gov.uk", "www.wolverhampton.gov.uk")
_GOV_DOMAIN = re.compile(r"\b([a-z][a-z-]*)\.gov\.uk\b", re.I)
#: evidence needed to name a document's council: one heading or running-header
#: mention (3), or two mentions in running text or contact addresses
_MIN_SCORE = 2
_COVER_LINES = 3
#: a field whose value is the council ("Referring body<TAB>City of Wolverhampton Council")
_LABELLED = re.compile(r"^(?:referring body|(?:local )?authority|council|organi[sz]ation|"
                       r"(?:produced|published|prepared) by|report (?:of|from))\s*:?\s+", re.I)


@lru_cache(maxsize=4096)
def collapse_spacing(text: str) -> str:
    """"C O U N C I L" -> "COUNCIL" (letter-spaced headings); remembered,
    as each line is read by several of the metadata readers."""
    return _LETTER_SPACED.sub(_unspaced, text)


_LETTER_SPACED = re.compile(r"\b(?:[A-Z] ){3,}[A-Z]\b")


def _unspaced(m: re.Match[str]) -> str:
    return m.group().replace(" ", "")


def title_case(text: str) -> str:
    """Title-case words printed all upper or all lower; leave mixed-case words
    (McNulty) alone; small words ("of", "and", "cum") stay lower case."""
    def fix(word: str, first: bool) -> str:
        parts = word.split("-")
        for i, part in enumerate(parts):
            if part.islower() or part.isupper():
                low = part.lower()
                keep_low = low in _SMALL_WORDS and not (first and i == 0)
                parts[i] = low if keep_low else low[:1].upper() + low[1:]
        return "-".join(parts)
    return " ".join(fix(w, i == 0) for i, w in enumerate(text.split()))


def cased(text: str) -> str:
    """Text printed in capitals, title-cased; anything else unchanged."""
    return title_case(text) if text.isupper() else text


def canonical_authority(name: str) -> str:
    """One spelling per council: any spelling the register knows is its
    official name ("KCC" -> "Kent County Council"); another name (given by a
    user) is kept, title-cased, with an abbreviated suffix spelled out
    ("Burton-cum-Walden PC" stays a parish council, not invented into the
    register)."""
    cleaned = " ".join(collapse_spacing(name).split()).strip(" .,;:'\"“”")
    cleaned = re.sub(r"^the\s+", "", cleaned, flags=re.I)
    known = lookup(cleaned)
    if known:
        return known.official_name
    cleaned = re.sub(r"\bM\.?B\.?C\.?$", "Metropolitan Borough Council", cleaned)
    cleaned = re.sub(r"\bB\.?C\.?$", "Borough Council", cleaned)
    cleaned = re.sub(r"\bD\.?C\.?$", "District Council", cleaned)
    return title_case(cleaned)


def council_names(text: str) -> list[str]:
    """Official names of the councils one line of text names, in order."""
    return list(dict.fromkeys(r.official_name for r in mentions(collapse_spacing(text))))


def is_council_name(text: str) -> bool:
    """Whether the whole text is a council's name ("KENT COUNTY COUNCIL"),
    not a sentence or heading that mentions one."""
    known = lookup(collapse_spacing(text))
    return known is not None and bool(mentions(collapse_spacing(text)))


def _domain_councils(line: str) -> list[AuthorityRecord]:
    """Councils whose .gov.uk domain a line prints ("john.betts@kent.gov.uk")."""
    if not _GOV_DOMAIN.search(line):
        return []  # most lines: no generator made
    found = (lookup(m[1].replace("-", " ")) for m in _GOV_DOMAIN.finditer(line))
    return [r for r in found if r is not None]


def authority_from(lines: list[str], running: list[str],
                   first_page: list[str] | None = None) -> str | None:
    """The council a document is from, by its official name, or None.

    A council named on a line of its own (or as a field's value: "Referring
    body: ..."), in a running header, or by its
    bare name ("Torbay") as one of the cover's first lines counts 3; a
    mention in a sentence, by initials ("KCC") or a council e-mail/web
    address counts 1, initials only for a council otherwise named. The best
    scored needs :data:`_MIN_SCORE` (one passing mention, "supported by
    Suffolk County Council", is not whose paper it is); ties go to the
    first seen."""
    score: Counter[str] = Counter()
    names: dict[str, str] = {}

    def count(record: AuthorityRecord, weight: int) -> None:
        score[record.code] += weight
        names.setdefault(record.code, record.official_name)

    cover = [c for c in (first_page or []) if c.strip()][:_COVER_LINES]
    for line in cover:
        place = lookup(line) if len(line.split()) <= 6 else None
        if place and not mentions(line):
            count(place, 3)
    by_initials: Counter[str] = Counter()
    for in_header, line in [(True, c) for c in running] + [(False, c) for c in lines]:
        text = collapse_spacing(line)
        whole = is_council_name(_LABELLED.sub("", line))
        every = mentions(text)
        named = mentions(text, initials=False) if every else []
        for record in named:
            count(record, 3 if in_header or whole else 1)
        by_initials.update(r.code for r in every)
        by_initials.subtract(r.code for r in named)
        for record in _domain_councils(line):
            count(record, 1)
    for code in list(score):  # "KCC" backs a council named otherwise; alone
        score[code] += by_initials[code]  # it may be another body ("FCC")
    if not score:
        return None
    best = max(score, key=lambda code: score[code])  # first seen among equals
    return names[best] if score[best] >= _MIN_SCORE else None
