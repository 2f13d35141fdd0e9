"""Which committee a paper is for, and the meeting's date.

A committee is a heading ending Panel, Committee, Board, Cabinet, Forum or
Commission, printed as a heading with the meeting's date on the same line
or within the next three lines; a date beside "Minutes" is a previous
meeting and is not taken. The most-repeated candidate wins. Pure text.
"""
from __future__ import annotations

import re

from council_plans.parsers.metadata.authorities import cased, title_case
from council_plans.parsers.metadata.text import BOILERPLATE, LABEL
from council_plans.parsers.values.dates import find_dates

__all__ = ["committee", "committees"]

_COMMITTEE = re.compile(
    r"^(?P<name>(?:[A-Z][\w'’&-]*,?\s+|(?:and|of|for|the|&|on)\s+){0,10}?"
    r"(?:Scrutiny\s+)?(?:Panel|Sub-Committee|Committee|Board|Cabinet|Forum|Commission))"
    r"(?:\s+Meeting)?(?P<rest>(?:\s*[-–—:,]\s*|\s+)(?:Minutes|Agenda|Appendix|\d|"
    + r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day).*|\s*[-–—:]?\s*)$")
_COMMITTEE_PREFIX = re.compile(r"^(?:Agenda\s+Item\s+No\.?:?\s*\d+\s*|(?:To|Meeting|Report to|"
                               r"Title of Meeting)\s*[:–-]?\s+)", re.I)
#: a word every committee heading holds (:data:`_COMMITTEE`), in any case: a
#: cell without one is no committee
_BODY_WORD = re.compile(r"panel|committee|board|cabinet|forum|commission", re.I)
_TIGHT_COMMA = re.compile(r",(?=\S)")
_COUNCIL = re.compile(r"\bcouncil\b", re.I)
_DATE_PREFIX = re.compile(r"^(?:(?:Meeting\s+)?Date(?:\s+of\s+meeting)?\s*:?\s*)?"
                          r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s*)?", re.I)


def _leading_date(text: str) -> str | None:
    """The date a line starts with ("Wednesday, 13 July 2022 ...",
    "Date: 14 June 2017"), if any."""
    rest = _DATE_PREFIX.sub("", text.strip(" -–—:,"))
    found = find_dates(rest)
    if found and found[0].start == 0 and found[0].precision == "day":
        return found[0].iso
    return None


def committees(cells: list[str]) -> list[tuple[str, str | None]]:
    """Committee headings in order, each with the meeting date printed beside
    it (``None`` if none, or if the date is of minutes). A heading wrapped
    over two lines is read joined."""
    found: list[tuple[str, str | None]] = []
    named = [bool(_BODY_WORD.search(c)) for c in cells]  # the word has no space: a joined cell has it if a part has
    for i, cell in enumerate(cells):
        for span in (1, 2):
            if not any(named[i:i + span]):
                continue
            if span == 2 and (i + 1 >= len(cells) or not cell or not cells[i + 1]
                              or BOILERPLATE.match(cell) or LABEL.match(cell)
                              or _COMMITTEE_PREFIX.match(cells[i + 1])):
                break
            joined = " ".join(cells[i:i + span])
            m = _COMMITTEE.match(_TIGHT_COMMA.sub(", ", _COMMITTEE_PREFIX.sub("", cased(joined))))
            if not m or len(m["name"].split()) > 14 or _COUNCIL.search(m["name"]):
                continue
            when = None
            for near in [m["rest"]] + [c for c in cells[i + span:i + span + 6] if c][:3]:
                if "minutes" in near.lower():
                    break
                when = _leading_date(near)
                if when:
                    break
            found.append((title_case(m["name"].strip(" ,")), when))
            break
    return found


def committee(running: list[str], cells: list[str], cover: list[str]) -> tuple[str | None,
                                                                               str | None]:
    """The committee whose papers these are, and its meeting date.

    Candidates are committee headings printed with a meeting date, or printed
    in a running header or on the cover (a committee named once in a table
    cell is not the document's). The one named most often wins (agenda,
    minutes title, report front sheet and headers all repeat it), running
    headers counting extra; a work programme listing other boards' dates
    loses to it. A name inside a longer candidate ("People Scrutiny Panel"
    from a heading wrapped over two lines) is dropped for the longer one."""
    found = committees(running + cells)
    trusted = {name for name, _ in committees(running + cover)}
    dated = {name for name, when in found if when}
    names = list(dict.fromkeys(n for n, _ in found if n in trusted | dated))
    names = [n for n in names if not any(n != o and n.lower() in o.lower() for o in names)]
    if not names:
        return None, None
    text = _norm_text(" ".join(running + cells))
    in_header = _norm_text(" ".join(running))
    best = max(names, key=lambda n: text.count(_norm_text(n)) + 3 * in_header.count(_norm_text(n)))
    return best, next((when for name, when in found if name == best and when), None)


def _norm_text(text: str) -> str:
    return " ".join(_TIGHT_COMMA.sub(", ", text).lower().split())
