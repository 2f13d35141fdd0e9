"""Header-text evidence for column roles: how strongly a header's words say
"this column is the lead / the timescale / the action ...".

The wordings are data: ``data/lexicon.toml`` holds one line per wording (tier,
role, score, the wording as a regular expression, an example header), read
once and compiled into the matchers below, so adding a wording is one line in
that file and every line is a test case (``tests/test_lexicon_data.py``).

A header cell is normalised first (:func:`normalise`): lower case, single
spaces, trailing "?:.*" dropped, "(s)" plurals folded, a word broken by a
hyphen at a line end joined, and - for words wrapped mid-word without a
hyphen ("Timescal e", "Respon sible") - its space-free form is tried when
the header as printed matches nothing. Then three tiers:

=====  ========  ============================================================
tier   score     what matches
=====  ========  ============================================================
1      1.0       the whole header is one of the known wordings; the first
                 line of the file that matches wins ("Action number" is listed
                 before "Action") and nothing else is scored for that header
2      0.75-0.8  a distinctive phrase or stem of the role anywhere in the
                 header ("led by", "committed to", "finish", "owner"); 0.05
                 less the later it starts, so the first-named stem wins
                 ("Progress against milestones" is progress)
3      0.3-0.6   a weak or shared word for roles tier 2 did not name:
                 "status" is 0.6 rag and 0.55 progress, "target" 0.4
                 timescale and 0.3 measure, so the column's content decides
=====  ========  ============================================================

Role ``extra`` is scored too (resources, costs, start dates, notes), so that a
"Start date" column does not drift into ``timescale`` on content alone.
Stems, not whole words, are matched so that new wordings ("Responsible
Manager", "Accountable body", "Key deliverables") work without listing each.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, fields
from functools import lru_cache
from importlib import resources
from itertools import groupby
from typing import Any

from council_plans.parsers.errors import PlanError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - the conditional dependency
    import tomli as tomllib

ROLES = ("ref", "action", "milestone", "timescale", "lead", "progress", "rag",
         "success_measure", "outcome", "extra")
TIERS = (1, 2, 3)
#: a tier-2 stem loses this much of its score when it starts at the header's end
POSITION_PENALTY = 0.05
#: longer "headers" are sentences, not column labels
MAX_HEADER_CHARS = 120
_DATA_FILE = "lexicon.toml"


class LexiconError(PlanError):
    """A line of the wordings file that cannot be compiled (unknown role or key,
    bad tier or score, a pattern without an example header)."""


@dataclass(frozen=True)
class Wording:
    """One line of the wordings file."""

    tier: int
    role: str
    score: float
    wording: str  #: a regular expression over the normalised header
    example: str = ""  #: a header it matches; the wording itself when empty

    def header(self) -> str:
        """A header this wording is meant to match."""
        return self.example or self.wording


#: (role, score, pattern) in order
Matcher = tuple[str, float, "re.Pattern[str]"]


@dataclass(frozen=True)
class Lexicon:
    """The wordings compiled: tier-1 runs in file order (first match wins), one
    tier-2 and one tier-3 pattern per (role, score), roles in file order."""

    exact: tuple[Matcher, ...]
    phrases: tuple[Matcher, ...]
    weak: tuple[Matcher, ...]


def _wording(entry: Any, line: int) -> Wording:
    known = {f.name for f in fields(Wording)}
    if not isinstance(entry, dict) or set(entry) - known:
        raise LexiconError(f"lexicon entry {line}: unknown keys {sorted(set(entry) - known)}"
                           if isinstance(entry, dict) else f"lexicon entry {line}: not a table")
    try:
        w = Wording(**entry)
    except TypeError as exc:
        raise LexiconError(f"lexicon entry {line}: {exc}") from exc
    if w.role not in ROLES or w.tier not in TIERS or not 0.0 < w.score <= 1.0:
        raise LexiconError(f"lexicon entry {line}: role {w.role!r}, tier {w.tier!r} or score {w.score!r} "
                           f"out of range")
    try:
        literal = re.fullmatch(w.wording, w.wording) is not None
    except re.error as exc:
        raise LexiconError(f"lexicon entry {line}: {w.wording!r} is not a pattern: {exc}") from exc
    if not literal and not w.example:
        raise LexiconError(f"lexicon entry {line}: {w.wording!r} needs an example header")
    return w


def parse_wordings(text: str) -> tuple[Wording, ...]:
    """The wordings of a lexicon file's text (TOML: ``wordings = [{...}, ...]``)."""
    data = tomllib.loads(text)
    if set(data) != {"wordings"}:
        raise LexiconError(f"a lexicon file holds one array, 'wordings'; found {sorted(data)}")
    return tuple(_wording(entry, i) for i, entry in enumerate(data["wordings"], 1))


def _alternation(parts: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in parts)


def compile_lexicon(wordings: tuple[Wording, ...]) -> Lexicon:
    """The matchers of ``wordings`` (see :class:`Lexicon`)."""
    exact = tuple((role, score, re.compile(f"^(?:{_alternation([w.wording for w in run])})$"))
                  for (role, score), run in groupby((w for w in wordings if w.tier == 1),
                                                    key=lambda w: (w.role, w.score)))

    def grouped(tier: int) -> tuple[Matcher, ...]:
        keys: dict[tuple[str, float], list[str]] = {}
        for w in wordings:
            if w.tier == tier:
                keys.setdefault((w.role, w.score), []).append(w.wording)
        order = list(dict.fromkeys(role for role, _ in keys))
        return tuple((role, score, re.compile(_alternation(parts)))
                     for r in order for (role, score), parts in keys.items() if role == r)

    return Lexicon(exact, grouped(2), grouped(3))


def read_wordings() -> tuple[Wording, ...]:
    """The wordings shipped with the package."""
    path = resources.files("council_plans.parsers.columns").joinpath("data", _DATA_FILE)
    return parse_wordings(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The package's lexicon, compiled once."""
    return compile_lexicon(read_wordings())


def normalise(text: str | None) -> str:
    """Lower-case, single-spaced, without trailing punctuation or "(s)"."""
    t = re.sub(r"\s+", " ", (text or "")).strip().lower()
    t = re.sub(r"(?<=[a-z])- (?=[a-z])", "", t)  # "Time- scale" wrapped in its cell
    t = t.replace("’", "'").rstrip("?:.*").strip()
    t = re.sub(r"\s*\(s\)", "s", t) if t.endswith("(s)") and not t.startswith("lead") else t
    return t.strip()


def _forms(t: str) -> list[str]:
    """The header, its part before a colon ("Performance: is the action
    making a difference?"), and - tried last - its space-free form, for
    words broken mid-way by a narrow cell ("Timescal e", "Respon sible")."""
    forms = [t]
    head = t.split(":")[0].strip()
    if head and head != t:
        forms.append(head)
    if " " in t:
        forms.append(t.replace(" ", ""))
    return forms


def score_header(lex: Lexicon, text: str | None) -> dict[str, float]:
    """Role -> header evidence in [0, 1] for one header cell under ``lex``."""
    t = normalise(text)
    if not t or len(t) > MAX_HEADER_CHARS:
        return {}
    out: dict[str, float] = {}
    for form in _forms(t):
        for role, score, rx in lex.exact:
            if rx.search(form):
                return {role: score}
        for role, score, rx in lex.phrases:
            m = rx.search(form)
            if m:  # the stem named first is the head: "Progress against milestones"
                out[role] = max(out.get(role, 0.0), score - POSITION_PENALTY * m.start() / len(form))
        if out:
            break
    weak: dict[str, float] = {}
    for role, score, rx in lex.weak:
        if role not in out and rx.search(t):
            weak[role] = max(weak.get(role, 0.0), score)
    out.update(weak)
    return out


@lru_cache(maxsize=8192)
def header_scores(text: str | None) -> dict[str, float]:
    """Role -> header evidence in [0, 1] for one header cell (see module doc).
    Cached: the same header text recurs on every page of a long plan. The
    returned dict is shared; callers must not change it."""
    return score_header(lexicon(), text)
