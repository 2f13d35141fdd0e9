"""Dates as councils print them, turned into ISO strings.

Plans give deadlines as free text ("31 st March 2017", "Q3 2017/18",
"Ongoing") and covers print dates in every style. Everything here is pure
text -> text: no I/O, and never a value that the text does not name. In
particular no day, month or year is ever filled in from "today" (dateutil's
default), so "27 th April" with no year gives ``None``.

Decisions, so callers know what a due date means:

* A month ("March 2017", "Mar-17", "Dec 16") is due on its last day.
* "Q1".."Q4" count quarters of the UK financial year (April-March) and need
  the year written as a financial year ("Q3 2017/18" -> 2017-12-31). A quarter
  with a single year ("Q3 2017") is ambiguous and gives ``None``.
* A financial year on its own ("2017/18", "2017-2018") is due at its end,
  31 March. A bare calendar year is too vague and gives ``None`` unless it says
  "end of 2018" / "by 2018" (-> 31 December).
* Seasons are meteorological, due at their last day: Spring -> 31 May,
  Summer -> 31 Aug, Autumn -> 30 Nov, "Winter 2017/18" -> end of February
  2018 ("Winter 2017" alone is ambiguous: ``None``). School terms end with the
  last month they can reach: Autumn term -> Dec, Spring term -> Apr (Easter
  moves), Summer term -> Jul.
* A date introduced by "began", "started", "from", "since", "to begin" ... is
  a start, not a deadline, and is ignored: "Began September 2016" -> ``None``.
* A cell with several dates gets the latest. Such cells list the deadlines of
  an action's milestones; the action is due when its last milestone is, and
  the earlier ones are still in the raw ``timescale`` text.
* A day past the month's end ("31 st September 2017") is read as the month's
  last day: the writer meant the end of that month.
* Two-digit years are 20xx.
* Cells without a date ("Ongoing", "Quarterly", "Bi-monthly", "TBC",
  "Complete", "Half-termly") give ``None``.
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from dateutil import parser as du_parser

from council_plans.parsers.values.vocab import MONTH_NAMES, MONTH_NUMBERS

__all__ = ["DateMatch", "due_date", "find_dates", "parse_date", "period_bounds",
           "period_label"]

_MONTHS = MONTH_NUMBERS
_MONTH = rf"(?P<mon>{MONTH_NAMES})\.?"
_QUARTER_WORDS = {"1": 1, "2": 2, "3": 3, "4": 4, "one": 1, "two": 2, "three": 3, "four": 4}
#: (month, day) a season ends; winter is handled apart because it spans years
_SEASON_END = {"spring": (5, 31), "summer": (8, 31), "autumn": (11, 30), "fall": (11, 30)}
_TERM_END_MONTH = {"autumn": 12, "fall": 12, "spring": 4, "summer": 7}
_DASH = r"[-/–—]"
_Y4 = r"(?:19|20)\d{2}"  # four-digit years are 1900-2099: anything else is not a plan date
#: a financial year: "2016/17", "2017-2018", "2016 – 17"
_FY = re.compile(r"(?<![\d/])(?P<y1>" + _Y4 + r")\s*" + _DASH
                 + r"\s*(?P<y2>\d{4}|\d{2})(?![\d/])")

_ORDINAL = re.compile(r"\b(\d{1,2})\s*(?:st|nd|rd|th)\b", re.I)
_START_WORD = re.compile(
    r"\b(?:began|begin|begins|beginning|start|started|starts|starting|commence[sd]?|"
    r"commencing|from|since)\b[\s:,–-]*(?:in|on)?\s*$", re.I)


@dataclass(frozen=True)
class DateMatch:
    """One date found in a text: character span, ISO date (for anything wider
    than a day: its last day) and how precise the text was."""

    start: int
    end: int
    iso: str
    precision: str  # day | month | quarter | season | fy | year


def _year(text: str) -> int:
    value = int(text)
    return 2000 + value if len(text) == 2 else value


def _month(text: str) -> int:
    return _MONTHS[text.lower()[:3]]


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _day(year: int, month: int, day: int) -> date | None:
    """A calendar day; a day a little past the month's end is clamped to it
    (see module notes), anything else is not a date."""
    if not (1 <= month <= 12 and 1 <= day <= 31 and 1900 <= year <= 2099):
        return None
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _fy_start(first: str, second: str) -> int | None:
    """Start year of a financial year written "2016/17", "2016-2017"; ``None``
    when the two years are not consecutive (a multi-year span)."""
    start = int(first)
    end = int(second) if len(second) == 4 else (start // 100) * 100 + int(second)
    if len(second) == 2 and end < start:
        end += 100
    return start if end == start + 1 else None


# Each rule: (compiled pattern, handler(match) -> (date | None, precision)).
# Earlier rules win where spans overlap, so exact dates come first.
def _h_iso(m: re.Match) -> tuple[date | None, str]:
    return _day(int(m["y"]), int(m["m"]), int(m["d"])), "day"


def _h_numeric(m: re.Match) -> tuple[date | None, str]:
    return _day(_year(m["y"]), int(m["m"]), int(m["d"])), "day"


def _h_day_month(m: re.Match) -> tuple[date | None, str]:
    return _day(_year(m["y"]), _month(m["mon"]), int(m["d"])), "day"


def _h_quarter(m: re.Match) -> tuple[date | None, str]:
    quarter = _QUARTER_WORDS[m["q"].lower()]
    if not m["y2"]:
        return None, "quarter"  # "Q3 2017": calendar or financial? unknown
    start = _fy_start(m["y1"] if len(m["y1"]) == 4 else "20" + m["y1"], m["y2"])
    if start is None:
        return None, "quarter"
    end_month = (3 + 3 * quarter - 1) % 12 + 1
    return _month_end(start + (quarter == 4), end_month), "quarter"


def _h_season(m: re.Match) -> tuple[date | None, str]:
    season, year = m["season"].lower(), _year(m["y1"])
    span = _fy_start(m["y1"], m["y2"]) if m["y2"] else None
    if m["y2"] and span is None:
        return None, "season"
    if span is not None and season != "autumn" and season != "fall":
        year += 1  # "Spring term 2017/18": the spring of that academic year
    if season == "winter":
        # winter runs December-February; only "Winter 2017/18" says which
        return (_month_end(year, 2), "season") if span is not None else (None, "season")
    if m["term"]:
        return _month_end(year, _TERM_END_MONTH[season]), "season"
    month, day = _SEASON_END[season]
    return date(year, month, day), "season"


def _h_fy(m: re.Match) -> tuple[date | None, str]:
    start = _fy_start(m["y1"], m["y2"])
    return (date(start + 1, 3, 31) if start else None), "fy"


def _h_month_year(m: re.Match) -> tuple[date | None, str]:
    year = m["y"]
    if len(year) == 2:
        before, after = m.string[:m.start()], m.string[m.end():]
        # "27 April 27 May": the numbers are days, not two-digit years
        if re.search(r"\d\s*$", before) or re.match(r"\s*" + _MONTH, after, re.I):
            return None, "month"
    return _month_end(_year(year), _month(m["mon"])), "month"


def _h_end_of_year(m: re.Match) -> tuple[date | None, str]:
    return date(int(m["y"]), 12, 31), "year"


_Handler = Callable[[re.Match], tuple[date | None, str]]
_RULES: list[tuple[re.Pattern, _Handler]] = [
    (re.compile(r"\b(?P<y>" + _Y4 + r")-(?P<m>\d{2})-(?P<d>\d{2})\b"), _h_iso),
    (re.compile(r"(?<![\d/.])(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>" + _Y4 + r"|\d{2})(?![\d/.])"),
     _h_numeric),
    # dots only with a four-digit year: "10.4.16" is more likely a paragraph number
    (re.compile(r"(?<![\d/.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>" + _Y4 + r")(?![\d/.])"),
     _h_numeric),
    (re.compile(r"\b(?P<d>\d{1,2})[\s-]+" + _MONTH + r"[\s,-]+(?P<y>" + _Y4 + r")\b", re.I),
     _h_day_month),
    (re.compile(r"\b" + _MONTH + r"\s+(?P<d>\d{1,2}),?\s+(?P<y>" + _Y4 + r")\b", re.I),
     _h_day_month),
    (re.compile(r"\b(?:Q|quarter\s*)(?P<q>[1-4]|one|two|three|four)\b[\s,(]*"
                r"(?:(?P<y1>" + _Y4 + r"|\d{2})(?:\s*" + _DASH + r"\s*(?P<y2>\d{4}|\d{2}))?)?",
                re.I), _h_quarter),
    (re.compile(r"\b(?P<season>spring|summer|autumn|fall|winter)(?P<term>\s+term)?\s+"
                r"(?P<y1>" + _Y4 + r")(?:\s*" + _DASH + r"\s*(?P<y2>\d{4}|\d{2}))?\b", re.I),
     _h_season),
    (re.compile(r"\b" + _MONTH + r"(?:\s*[-'‘’,/]\s*|\s+)(?P<y>" + _Y4 + r"|\d{2})\b", re.I),
     _h_month_year),
    (_FY, _h_fy),
    (re.compile(r"\b(?:end\s+of|by)\s+(?:the\s+end\s+of\s+)?(?P<y>" + _Y4 + r")\b(?!\s*" + _DASH
                + r"\s*\d)", re.I), _h_end_of_year),
]


def _normalise(text: str) -> str:
    """Join lines and drop ordinal suffixes ("31 st" -> "31"; PDFs often split
    them off). Spans in :class:`DateMatch` refer to this normalised text."""
    return _ORDINAL.sub(r"\1", " ".join(text.split()))


def find_dates(text: str | None) -> list[DateMatch]:
    """Every date ``text`` names, in reading order, spans in the normalised
    text (whitespace collapsed, ordinals removed). Spans a rule recognised but
    could not resolve (e.g. "Q3 2017") are consumed and left out, so their
    pieces are not re-read as something else."""
    if not text:
        return []
    norm = _normalise(text)
    taken: list[tuple[int, int]] = []
    found: list[DateMatch] = []
    for pattern, handler in _RULES:
        for m in pattern.finditer(norm):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            value, precision = handler(m)
            if value is None and precision == "month":
                continue  # "April 27" in "27 April 27 May": not a month-year at all
            taken.append((m.start(), m.end()))
            if value is not None:
                found.append(DateMatch(m.start(), m.end(), value.isoformat(), precision))
    return sorted(found, key=lambda d: d.start)


#: a whole timescale cell that is one dotted date with a two-digit year ("11.01.11");
#: inside running text such a number is more likely a paragraph number
_DOTTED_CELL = re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{2})")
#: a whole timescale cell that is a year alone ("2027"): the end of that year
_YEAR_CELL = re.compile(r"(?:by\s+)?(?P<y>" + _Y4 + r")\.?", re.I)


def _whole_cell(norm: str) -> str | None:
    """Deadlines only a whole cell can be read as (see the two patterns)."""
    m = _DOTTED_CELL.fullmatch(norm)
    if m:
        found = _h_numeric(m)[0]
        return found.isoformat() if found else None
    m = _YEAR_CELL.fullmatch(norm)
    return date(int(m["y"]), 12, 31).isoformat() if m else None


def due_date(text: str | None) -> str | None:
    """The ISO date a plan's timescale cell sets as the deadline, or ``None``
    where it names none (see the module notes for every choice made)."""
    if not text:
        return None
    norm = _normalise(text)
    whole = _whole_cell(norm)
    if whole:
        return whole
    deadlines = [d for d in find_dates(text) if not _START_WORD.search(norm[:d.start])]
    return max((d.iso for d in deadlines), default=None)


def _guarded_dateutil(text: str) -> date | None:
    """dateutil as a last resort, accepted only when two different defaults
    give the same answer, i.e. the text itself supplied day, month and year."""
    results = set()
    for default in (datetime(1904, 1, 1), datetime(1908, 2, 2)):
        try:
            results.add(du_parser.parse(text, dayfirst=True, default=default).date())
        except (ValueError, OverflowError):
            return None
    return results.pop() if len(results) == 1 else None


def parse_date(text: str | None) -> str | None:
    """The first full calendar date (day, month and year) printed in ``text``
    as ISO, e.g. "Wednesday, 13 July 2022" -> "2022-07-13"; ``None`` when the
    text has no complete date ("March 2017" is a month, not a date)."""
    if not text or not text.strip():
        return None
    for found in find_dates(text):
        if found.precision == "day":
            return found.iso
    if len(text) <= 40 and re.search(r"\d", text):
        parsed = _guarded_dateutil(text.strip())
        if parsed is not None and 1900 <= parsed.year <= 2099:
            return parsed.isoformat()
    return None


def period_label(text: str | None) -> str | None:
    """The first single financial year named in ``text``, written the usual
    way: "2016 – 17", "2017-2018", "2016/2017" -> "2016/17"; else ``None``."""
    for m in _FY.finditer(_normalise(text or "")):
        start = _fy_start(m["y1"], m["y2"])
        if start is not None:
            return f"{start}/{(start + 1) % 100:02d}"
    return None


#: the most years a plan's multi-year span may cover ("2019-2022", "2019-22")
MAX_SPAN_YEARS = 10


def span_label(text: str | None) -> str | None:
    """The first multi-year span named in ``text`` ("2019-2022", "2019 – 22"),
    written "2019-22"; single financial years are :func:`period_label`'s."""
    for m in _FY.finditer(_normalise(text or "")):
        start = int(m["y1"])
        second = m["y2"]
        end = int(second) if len(second) == 4 else (start // 100) * 100 + int(second)
        if start + 1 < end <= start + MAX_SPAN_YEARS:
            return f"{start}-{end % 100:02d}"
    return None


def period_bounds(text: str | None) -> tuple[str, str] | None:
    """First and last day of the financial year in ``text``:
    "2016/17" -> ("2016-04-01", "2017-03-31"); ``None`` if there is none."""
    label = period_label(text)
    if label is None:
        span = span_label(text)
        if span is None:
            return None
        start, end = int(span[:4]), int(span[:2] + span[-2:])
        return date(start, 4, 1).isoformat(), date(end, 3, 31).isoformat()
    start = int(label[:4])
    return date(start, 4, 1).isoformat(), date(start + 1, 3, 31).isoformat()
