"""Content evidence for column roles: what a column's cells hold.

Each test below looks at one non-empty cell and says whether it looks like a
value of the role; a column's content score for the role is the share of its
non-empty cells that pass (blank cells are ignored; a column with fewer than
two non-empty cells, or a colour-only column, is judged on what it has).

=================  ===========================================================
role               a cell passes when it ...
=================  ===========================================================
action             has at least 5 words and starts with a verb ("Develop",
                   "Ensure", "Review"; any "To <verb>") or reads "<who> will/to
                   <verb>" within its first eight words
timescale          is short (<= 8 words) and holds a date, month, season/term,
                   quarter ("Q1 24/25"), year or financial year, or "ongoing"
lead               is short (<= 8 words), holds no date and no verb opening,
                   and is initials ("JB", "HT/SBM"), a person's name, a job
                   title or team word ("Headteacher", "Lead", "Team", "Dept"),
                   or capitalised words joined by "/", ",", "and"
rag                has no text but a colourful fill, or is a RAG word alone
                   ("Red", "Amber", "Green", "Complete", "R", "A/G") or a
                   status word alone ("New", "Ongoing", "On hold")
ref                is a short number or code ("1", "1.2.", "A3", "SO1")
progress           has at least 4 words and reads as a report: a past-tense
                   verb ("completed", "was agreed"), "has/have been", "now",
                   "is being", "in progress", "on track" (1 point), or is
                   any other narrative of 4+ words not opening with a verb
                   (half a point)
=================  ===========================================================

A column whose cells are nearly all figures (80% or more numbers, sums of
money, percentages) is a column of figures: it reports ``figures`` = 1.0,
which vetoes the text roles (action, milestone, lead, progress, outcome,
success measure) in :mod:`.roles` - a budget or summary count table that
happens to be headed "Actions completed" is not an action plan.

A column where at least half the text cells run to nine words or more is
narrative: it reports ``narrative`` = 1.0, which vetoes the short-value
roles (timescale, rag, ref; not lead: a lead cell may list many people) in
:mod:`.roles` - a "Q1 24/25" column full of commentary is not the deadline.

A column where at least 30% of the text cells are narrative (4+ words)
gets no rag evidence, however many of its cells say "Complete": it is a
progress column that sometimes reports completion.

``success_measure``, ``milestone``, ``outcome`` and ``extra`` get no content
evidence: their cells look like any other prose, so only headers name them.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Sequence

from council_plans.parsers.page.geometry import RGB, is_colourful
from council_plans.parsers.values.vocab import MONTH_NAMES, RAG_WORD_CELL, REF_CELL, STATUS_WORD_CELL

Cell = tuple[str, "RGB | None"]  # cell text, cell fill

VERBS = set("""
achieve adopt agree align allocate analyse appoint arrange assess attend audit
build carry challenge champion check clarify collate collect commission communicate
complete conduct confirm consider consult continue coordinate co-ordinate create
deliver design develop devise discuss distribute draft embed enable encourage engage
enhance ensure establish evaluate explore extend facilitate finalise focus gather
give hold identify implement improve include increase induct inform introduce invest
investigate involve issue launch lead liaise maintain make map monitor move obtain
offer organise plan prepare present produce promote provide publish purchase raise
recruit reduce refresh refine reinforce renew report require research respond review
revise roll run secure seek set share source strengthen streamline submit support
take target test track train trial undertake update upgrade use work write
""".split())

_MONTH = MONTH_NAMES
_DATE = re.compile(
    rf"\b({_MONTH})\b|\b(spring|summer|autumn|winter)\b|\bterm(ly)?\b|\bq[1-4]\b|\bquarter"
    r"|\b(19|20)\d\d\b|\b\d\d/\d\d\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\bongoing\b|\bannual(ly)?\b"
    r"|\bmonthly\b|\bweekly\b|\bimmediate(ly)?\b|\bend of\b|\bby\b.*\d", re.I)
_TITLE = re.compile(
    r"\b(head|headteacher|lead|leads|manager|officer|director|team|dept|department|service"
    r"|coordinator|co-ordinator|chair|board|group|panel|governors?|staff|clerk|sendco|senco|senior"
    r"|deputy|assistant|business|partnership|council|committee|member|members|all)\b", re.I)
_INITIALS = re.compile(r"^[A-Z]{2,5}(\s*[/,&]\s*[A-Z]{2,5})*$")
_NAME = re.compile(r"^([A-Z][a-z]+\.? )?[A-Z][a-z'’-]+ [A-Z][A-Za-z'’-]+$")
_CAPS_LIST = re.compile(r"^[A-Z][\w&'’.-]*( [A-Za-z&'’.-]+)*(\s*(/|,|and|&)\s*[A-Z][\w&'’.-]*( [A-Za-z&'’.-]+)*)+$")
_RAG = RAG_WORD_CELL
_REF = REF_CELL
_FIGURE = re.compile(r"^[-+(]?[£$€]?\s?\d[\d,. ]*(%|k|m|bn)?\)?$", re.I)
_WILL = re.compile(r"^(\S+\s){0,7}?(will|to|should|must|shall)\s+(\w+)", re.I)
_REPORT = re.compile(r"\b\w{3,}ed\b|\b(has|have|had) been\b|\bnow\b|\bis being\b|\bin progress\b"
                     r"|\bon track\b|\bwas\b|\bwere\b|\bunderway\b", re.I)


def _words(text: str) -> list[str]:
    return text.split()


def _verb(word: str) -> bool:
    w = word.lower().strip("•-–*:;,.()")
    return w in VERBS or (w.endswith("ise") and len(w) > 5) or (w.endswith("ize") and len(w) > 5)


def opens_with_verb(text: str) -> bool:
    """Does ``text`` start with an action verb ("Develop ...", "Ensure ...")?"""
    words = _words(text)
    return bool(words) and _verb(words[0])


def is_action(text: str) -> bool:
    words = _words(text)
    if len(words) < 5:
        return False
    if words[0].lower() == "to":  # "To consolidate ...": an infinitive opens an action
        return True
    if _verb(words[0]) or re.match(r"^\d+(\.\d+)*[.)]?$", words[0]) and _verb(words[1]):
        return True
    m = _WILL.match(text)
    return bool(m and _verb(m.group(3)))


_ORDINAL = re.compile(r"\b\d{1,2}(st|nd|rd|th)?\b", re.I)


def _undated_words(text: str) -> int:
    """Words left once dates are taken out: a cell listing one date per
    milestone ("30th September 2017 31st March 2018") is short, not narrative."""
    return len(_words(_ORDINAL.sub(" ", _DATE.sub(" ", text))))


def is_timescale(text: str) -> bool:
    return bool(_DATE.search(text)) and _undated_words(text) <= 8


def is_lead(text: str) -> bool:
    words = _words(text)
    if not words or len(words) > 8 or _DATE.search(text) or _verb(words[0]) or text.endswith("."):
        return False
    return bool(_INITIALS.match(text) or _NAME.match(text) or _TITLE.search(text)
                or _CAPS_LIST.match(text))


def is_rag(text: str, fill: RGB | None) -> bool:
    coloured = fill is not None and is_colourful(fill)
    return (coloured and len(_words(text)) <= 3) or bool(_RAG.match(text.strip())) \
        or bool(STATUS_WORD_CELL.match(text.strip()))


def is_ref(text: str) -> bool:
    return bool(_REF.match(text.strip()))


def is_progress(text: str) -> float:
    words = _words(text)
    if len(words) < 4:
        return 0.0
    return 1.0 if _REPORT.search(text) else (0.0 if _verb(words[0]) else 0.5)


#: role -> does this one cell (text, fill) look like the role's content
CELL_TESTS = {
    "action": lambda t, f: is_action(t),
    "timescale": lambda t, f: is_timescale(t),
    "lead": lambda t, f: is_lead(t),
    "rag": is_rag,
    "ref": lambda t, f: is_ref(t),
    "progress": lambda t, f: is_progress(t),
}


def content_scores(cells: list[Cell]) -> dict[str, float]:
    """Role -> share of the column's non-empty cells that look like the role.

    A table's columns are scored several times over (header search, near
    misses, headerless reading, confidence), always the same cells: the
    scores are remembered by the cells (a copy is handed out)."""
    try:
        return dict(_remembered_scores(tuple(cells)))
    except TypeError:  # a fill that cannot be a key: score afresh
        return _content_scores(cells, _cell_facts)


#: columns, and cells, whose content facts are remembered (a few tables' worth)
REMEMBERED_COLUMNS = 2048
REMEMBERED_CELLS = 8192

#: what one cell says: each CELL_TESTS result, figure, words once dates are out, words
CellFacts = tuple[tuple[float, ...], bool, int, int]


def _cell_facts(text: str, fill: RGB | None) -> CellFacts:
    return (tuple(float(test(text, fill)) for test in CELL_TESTS.values()), bool(_FIGURE.match(text)),
            _undated_words(text), len(_words(text)))


#: the same cell turns up in many columns (a table read from row 0, row 1, ...)
_remembered_facts = lru_cache(maxsize=REMEMBERED_CELLS)(_cell_facts)


@lru_cache(maxsize=REMEMBERED_COLUMNS)
def _remembered_scores(cells: tuple[Cell, ...]) -> dict[str, float]:
    return _content_scores(cells, _remembered_facts)


def _content_scores(cells: Sequence[Cell], facts_of: Callable[[str, RGB | None], CellFacts]) -> dict[str, float]:
    filled = [(t.strip(), f) for t, f in cells if (t and t.strip()) or (f is not None and is_colourful(f))]
    if not filled:
        return {}
    facts = [facts_of(t, f) for t, f in filled]
    out = {}
    for k, role in enumerate(CELL_TESTS):
        n = sum(tests[k] for tests, _, _, _ in facts)
        if n:
            out[role] = n / len(filled)
    texts = [fact for (t, _), fact in zip(filled, facts) if t]
    if texts and sum(figure for _, figure, _, _ in texts) >= 0.8 * len(texts):
        out["figures"] = 1.0
    if texts and sum(undated >= 9 for _, _, undated, _ in texts) >= 0.5 * len(texts):
        out["narrative"] = 1.0
    if texts and sum(words >= 4 for _, _, _, words in texts) >= 0.3 * len(texts):
        out.pop("rag", None)
    return out
