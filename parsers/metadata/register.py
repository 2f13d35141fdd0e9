"""The register of UK local authorities: which council a name means.

A document's authority must be a real council, never a name built from
whatever precedes the word "Council" on a page ("Ask for: Georgina Little
... Council Chamber"). This module answers from mySociety's register of UK
local authorities, shipped in ``data/`` (MIT licence, see its README): 470
authorities, past and present, with their three-letter code, GSS code,
official and everyday names, nation, region and type, plus 1,774 recorded
spellings.

Besides the recorded spellings, forms councils use of themselves are
derived from each official name: "<nice name> Council" ("Sandwell
Council"), "City of X Council" <-> "X City Council", the suffix abbreviated
("Sandwell MBC", "Kent CC") and the official name's initials ("KCC",
"CWC"). A spelling shared by two authorities goes to the current one; if
several current authorities share it, it names none (so "WCC" is nobody).

:func:`lookup` resolves one name in any of these forms, bare place names
included ("Kent"). :func:`find_in_text` finds authorities named in running
text, and only by a council's name: "Kent County Council", "KCC", "London
Borough of Brent" count; a mention of the place ("schools in Kent") does
not. Initials count there only printed in capitals, and only four or more
letters or ending "CC" ("KCC", "LBHF"): three-letter initials such as "SIC"
or "NYC" are too often something else.

The register is read from package data once, on first use; no other I/O.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["AuthorityRecord", "all_records", "by_code", "find_in_text", "lookup", "mentions",
           "name_key"]

_DATA = "data"
_REGISTER = "uk_local_authorities.csv"
_LOOKUP = "lookup_name_to_registry.csv"
#: priority of a spelling's source: a lower tier wins a shared spelling
_OFFICIAL, _RECORDED, _DERIVED = 0, 1, 2
#: words that make a spelling a council's name rather than a place's
_FORMAL_WORDS = frozenset("council corporation authority comhairle cyngor".split())
_SUFFIX_ABBREVIATIONS = {
    "metropolitan borough council": "mbc", "metropolitan district council": "mdc",
    "county borough council": "cbc", "county council": "cc", "city council": "cc",
    "borough council": "bc", "district council": "dc",
}
_INITIAL_SKIP = frozenset("of and the upon on in under".split())


@dataclass(frozen=True)
class AuthorityRecord:
    """One UK local authority as the register describes it."""

    code: str  #: mySociety's three-letter local-authority-code ("WLV")
    gss_code: str | None  #: ONS GSS code ("E08000031")
    official_name: str  #: "City of Wolverhampton Council"
    nice_name: str  #: "Wolverhampton"
    nation: str | None
    region: str | None
    la_type: str | None  #: type as named in the register ("Metropolitan district")
    start_date: str | None = None  #: ISO date the authority began, where recorded
    end_date: str | None = None  #: ISO date it was abolished; None while current

    @property
    def current(self) -> bool:
        """Whether the authority still exists."""
        return self.end_date is None


@dataclass(frozen=True)
class _Spelling:
    code: str
    tier: int
    formal: bool  #: a council's name, so it may be found in running text
    initials: bool  #: only counts printed in capitals


def name_key(name: str) -> str:
    """The form names are compared in: lower case, "&" read as "and", dots
    dropped ("C.C." = "CC", "St." = "St"), other punctuation as spaces, a
    leading "The" dropped, spaces collapsed."""
    text = name.lower().replace("&", " and ").replace(".", "")
    text = _PUNCTUATION.sub(" ", text.replace("’", "").replace("'", ""))
    return _LEADING_THE.sub("", " ".join(text.split()))


_PUNCTUATION = re.compile(r"[^\w\s]|_")
_LEADING_THE = re.compile(r"^the\s+")


def _read(filename: str) -> list[dict[str, str]]:
    path = resources.files("council_plans.parsers.metadata").joinpath(_DATA, filename)
    with io.TextIOWrapper(path.open("rb"), encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _record(row: dict[str, str]) -> AuthorityRecord:
    def value(column: str) -> str | None:
        return row.get(column, "").strip() or None
    return AuthorityRecord(
        code=row["local-authority-code"].strip(), gss_code=value("gss-code"),
        official_name=row["official-name"].strip(), nice_name=row["nice-name"].strip(),
        nation=value("nation"), region=value("region"),
        la_type=value("local-authority-type-name"),
        start_date=value("start-date"), end_date=value("end-date"))


def _derived(record: AuthorityRecord) -> list[str]:
    """Short forms a council uses of itself, from its official name."""
    official, nice = name_key(record.official_name), name_key(record.nice_name)
    forms = [f"{nice} council"]
    m = re.fullmatch(r"(?:city of )?(.+?) (?:city )?council", official)
    if m and "city" in official.split():
        forms += [f"city of {m[1]} council", f"{m[1]} city council"]
    for suffix, short in _SUFFIX_ABBREVIATIONS.items():
        if official.endswith(" " + suffix):
            forms.append(f"{official[:-len(suffix)]}{short}")
            forms.append(f"{nice} {short}")
    return forms


def _is_formal(key: str, initials: bool) -> bool:
    """Whether a spelling is a council's name (found in running text), not
    only a place's ("kent"); three-letter initials other than "..CC" are not."""
    if initials:
        return len(key) >= 4 or key.endswith("cc")
    words = key.split()
    return bool(_FORMAL_WORDS & set(words) or re.match(r"(?:london|royal) borough of ", key)
                or words[-1] in _SUFFIX_ABBREVIATIONS.values())


def _initials(official_name: str) -> str | None:
    letters = "".join(w[0] for w in name_key(official_name).split() if w not in _INITIAL_SKIP)
    return letters if len(letters) >= 3 else None


@dataclass(frozen=True)
class _Index:
    records: dict[str, AuthorityRecord]  #: by code
    spellings: dict[str, str]  #: every spelling's key -> code, for :func:`lookup`
    formal: dict[tuple[str, ...], _Spelling]  #: council names' words, for :func:`mentions`
    sizes: dict[str, list[int]]  #: first word -> lengths of council names it starts, longest first


@lru_cache(maxsize=1)
def _register() -> _Index:
    """The register and its spellings, read once."""
    records = {r.code: r for r in map(_record, _read(_REGISTER))}
    candidates: dict[str, list[_Spelling]] = {}

    def add(spelling: str, code: str, tier: int, initials: bool = False) -> None:
        key = name_key(spelling)
        if key and code in records:
            candidates.setdefault(key, []).append(
                _Spelling(code, tier, _is_formal(key, initials), initials))

    for row in _read(_REGISTER):
        code = row["local-authority-code"].strip()
        add(row["official-name"], code, _OFFICIAL)
        for alt in row["alt-names"].split(","):
            add(alt, code, _RECORDED)
    for row in _read(_LOOKUP):
        add(row["la-name"], row["local-authority-code"].strip(), _RECORDED)
    for record in records.values():
        for form in _derived(record):
            add(form, record.code, _DERIVED)
        initials = _initials(record.official_name)
        if initials:
            add(initials, record.code, _DERIVED, initials=True)
    spellings = {key: chosen for key, options in candidates.items()
                 if (chosen := _choose(options, records)) is not None}
    formal = {tuple(k.split()): s for k, s in spellings.items() if s.formal}
    sizes: dict[str, set[int]] = {}
    for words in formal:
        sizes.setdefault(words[0], set()).add(len(words))
    return _Index(records, {k: s.code for k, s in spellings.items()}, formal,
                  {w: sorted(n, reverse=True) for w, n in sizes.items()})


def _choose(options: list[_Spelling], records: dict[str, AuthorityRecord]) -> _Spelling | None:
    """The one authority a spelling means: best tier, then current
    authorities over abolished ones; None if that still leaves two."""
    best = min(o.tier for o in options)
    options = [o for o in options if o.tier == best]
    current = [o for o in options if records[o.code].current]
    pool = current or options
    codes = {o.code for o in pool}
    if len(codes) != 1:
        return None
    return next((o for o in pool if o.formal), pool[0])


def all_records() -> list[AuthorityRecord]:
    """Every authority in the register, past and present, by code."""
    return sorted(_register().records.values(), key=lambda r: r.code)


def by_code(code: str) -> AuthorityRecord | None:
    """The authority with this three-letter register code ("KEN")."""
    return _register().records.get(code.strip().upper())


#: names looked up and texts whose mentions are remembered: a document's running
#: headers repeat on every page, and each line is read with and without initials
_MENTIONS_CACHED = 4096


@lru_cache(maxsize=_MENTIONS_CACHED)
def lookup(name: str) -> AuthorityRecord | None:
    """The authority a name means ("KCC", "Wolverhampton City Council",
    "kent"), or None if the register knows no such name or it is ambiguous
    (remembered: every line of a document's first pages is looked up, and
    running headers repeat)."""
    index = _register()
    records, spellings = index.records, index.spellings
    key = name_key(name)
    if key.endswith(" council") and key not in spellings and name_key(key[:-8]) in spellings:
        key = key[:-8]  # "Kent Council": a place the register knows, named as its council
    code = spellings.get(key)
    return records[code] if code else None


_TOKEN = re.compile(r"[\w’'.]+|&")


def _token_key(token: str) -> str:
    """A word of running text as :func:`name_key` would have it (the
    tokens hold only word characters, dots and apostrophes); "Council's"
    is "council"."""
    if token == "&":
        return "and"
    key = token.lower().replace(".", "").replace("'", "").replace("’", "").replace("_", "")
    if token[-2:] in ("'s", "’s") and key[:-1] in _FORMAL_WORDS:
        return key[:-1]
    return key


def mentions(text: str, *, initials: bool = True) -> list[AuthorityRecord]:
    """Every mention of an authority by a council's name, in order, repeats
    kept (see :func:`find_in_text`); by initials ("KCC") only if asked."""
    return list(_mentions(text, initials))


@lru_cache(maxsize=_MENTIONS_CACHED)
def _mentions(text: str, initials: bool) -> tuple[AuthorityRecord, ...]:
    index = _register()
    tokens = [(_token_key(t), t) for t in _TOKEN.findall(text)]
    tokens = [(key, raw) for key, raw in tokens if key]
    keys = [key for key, _ in tokens]
    found: list[AuthorityRecord] = []
    i = 0
    while i < len(tokens):
        for size in index.sizes.get(keys[i], ()):
            spelling = index.formal.get(tuple(keys[i:i + size]))
            if spelling and (not spelling.initials or tokens[i][1].strip(".").isupper()):
                if initials or not spelling.initials:
                    found.append(index.records[spelling.code])
                i += size
                break
        else:
            i += 1
    return tuple(found)


def find_in_text(text: str) -> list[AuthorityRecord]:
    """Authorities a text names by a council's name, in order of first
    mention, each once. The longest name wins where names overlap
    ("Royal Borough of Kingston upon Thames", not "Kingston"); initials
    ("KCC") count only in capitals."""
    return list({r.code: r for r in mentions(text)}.values())
