"""Council names: finding them in printed text and spelling each one way.

A council is recognised only by a printed council name: "X Council", "X
County Council", "City of X Council", "London Borough of X", "Royal Borough
of X", in any case and even letter-spaced ("C O U N C I L"). Mentions of a
place ("Children's services in Telford and Wrekin") or of bodies that are
not authorities ("Youth Council", "Children in Care Council") do not count.

Spelling: a small alias table (data below, one canonical name per council
with the spellings seen in documents) maps known variants to one name; any
other name is kept, title-cased, with an abbreviated suffix spelled out.
Pure text, no I/O.
"""
from __future__ import annotations

import re
from collections import Counter

__all__ = ["ALIASES", "ALIAS_TABLE", "authority_from", "canonical_authority", "cased",
           "collapse_spacing", "council_names", "title_case"]

#: canonical name -> other spellings printed in documents (case, "&"/"and",
#: punctuation and a leading "The" are ignored when matching)
ALIAS_TABLE: dict[str, tuple[str, ...]] = {
    "City of Wolverhampton Council": ("Wolverhampton", "City of Wolverhampton",
                                      "Wolverhampton City Council", "Wolverhampton Council"),
    "Telford & Wrekin Council": ("Telford and Wrekin", "Telford and Wrekin Borough Council"),
    "Kent County Council": ("Kent", "Kent Council"),
}

_SMALL_WORDS = frozenset("of and the upon on in under cum le by for with at to".split())
_NOT_A_COUNCIL = frozenset("""youth care school schools children children's student students
    pupil pupils members member leader full democratic services service tax town-hall""".split())
_LEADING_NOISE = frozenset("""the a an this our dear referring body to from by report agenda
    minutes meeting and for in of at with""".split())
_WORD = r"[A-Z][\w'’.-]*"
_SUFFIX = (r"(?:(?:County|City|Borough|District|Metropolitan\s+Borough|Metropolitan\s+District"
           r"|Town|Parish|Unitary)\s+)?Council\b")
_COUNCIL_PATTERNS = [
    re.compile(r"\b(?:London|Royal)\s+Borough\s+of\s+" + _WORD
               + r"(?:(?:\s+(?:and|&|upon)\s+|\s+)(?!Council\b)" + _WORD + r"){0,2}"),
    re.compile(r"\bCity\s+of\s+" + _WORD + r"(?:\s+" + _WORD + r"){0,3}?\s+Council\b"),
    re.compile(r"\b" + _WORD + r"(?:(?:\s+(?:and|&|upon|on|under|in)\s+|\s+)" + _WORD
               + r"){0,4}?\s+" + _SUFFIX),
]
_SUFFIX_WORDS = frozenset("county city borough district metropolitan town parish unitary "
                          "council of london royal".split())


def _alias_key(name: str) -> str:
    key = re.sub(r"[^\w\s]", " ", name.lower().replace("&", " and "))
    return re.sub(r"^the\s+", "", " ".join(key.split()))


#: normalised spelling -> canonical name, built from :data:`ALIAS_TABLE`
ALIASES: dict[str, str] = {_alias_key(spelling): canonical
                           for canonical, spellings in ALIAS_TABLE.items()
                           for spelling in (canonical, *spellings)}


def collapse_spacing(text: str) -> str:
    """"C O U N C I L" -> "COUNCIL" (letter-spaced headings)."""
    return re.sub(r"\b(?:[A-Z] ){3,}[A-Z]\b", lambda m: m.group().replace(" ", ""), text)


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
    """One spelling per council: known spellings map through :data:`ALIASES`;
    any other name is kept, title-cased, with an abbreviated suffix spelled
    out ("Sandwell MBC" -> "Sandwell Metropolitan Borough Council")."""
    cleaned = " ".join(collapse_spacing(name).split()).strip(" .,;:'\"“”")
    cleaned = re.sub(r"^the\s+", "", cleaned, flags=re.I)
    if _alias_key(cleaned) in ALIASES:
        return ALIASES[_alias_key(cleaned)]
    cleaned = re.sub(r"\bM\.?B\.?C\.?$", "Metropolitan Borough Council", cleaned)
    cleaned = re.sub(r"\bB\.?C\.?$", "Borough Council", cleaned)
    cleaned = re.sub(r"\bD\.?C\.?$", "District Council", cleaned)
    return title_case(cleaned)


def _place(name: str) -> str:
    """What is left of a council name without its suffix words."""
    return " ".join(w for w in _alias_key(name).split() if w not in _SUFFIX_WORDS)


def council_names(text: str) -> list[str]:
    """Council names printed in one line of text, as printed (capitals
    title-cased), without leading words like "The" or "Referring body"."""
    found: list[str] = []
    for pattern in _COUNCIL_PATTERNS:
        for m in pattern.finditer(cased(text)):
            words = m.group().split()
            while words and words[0].lower() in _LEADING_NOISE:
                words = words[1:]
            name = " ".join(words)
            lowered = {w.lower().strip(",") for w in words}
            if _place(name) and not (_NOT_A_COUNCIL | {"the", "all", "a", "this"}) & lowered \
                    and not any(name in f or f in name for f in found):
                found.append(name)
    return found


def authority_from(lines: list[str], running: list[str]) -> str | None:
    """The council a document is from: a name on a line of its own or in a
    running header counts three times a mention in a sentence; spellings of
    one place ("Sandwell Council", "Sandwell Metropolitan Borough Council")
    are pooled and the fullest is kept; ties go to the first seen."""
    score: Counter[str] = Counter()
    spellings: dict[str, list[str]] = {}
    for in_header, line in [(True, c) for c in running] + [(False, c) for c in lines]:
        for name in council_names(line):
            canonical = canonical_authority(name)
            key = _place(canonical)
            score[key] += 3 if in_header or cased(line).strip() == name else 1
            spellings.setdefault(key, []).append(canonical)
    if not score:
        return None
    best = max(score, key=lambda k: score[k])
    return max(spellings[best], key=len)
