"""Page text as the metadata readers see it: lines of cells, and what a
heading looks like.

``parsers.document.page_lines`` gives a page top to bottom as lines of cells
(:mod:`.lines`: phrases set apart by wide gaps, table cells). Here each cell
is cleaned; the readers of committees and titles share the patterns below for
labels, boilerplate and headings.
"""
from __future__ import annotations

import re
from functools import lru_cache

from council_plans.parsers.metadata.authorities import collapse_spacing
from council_plans.parsers.metadata.lines import PageLines

__all__ = ["AGENDA_ITEM", "BOILERPLATE", "FIELD_LABEL", "LABEL", "VERSION", "cells_of", "clean",
           "heading_like", "line_cells", "rejoin_council", "running_cells"]

LABEL = re.compile(r"^(?:Author|Version|Updated|Date|Authorised|Review(?=\s*date|\s*:)|Contact|"
                   r"Tel|E-?mail|"
                   r"Address|Website|Owner|Status(?=\s*:|\s*$)|Produced|Phone|Classification|Ask for|Cllr|"
                   r"Councillor|Chair|Vice-chair|Time|Venue|Membership|Quorum)\b", re.I)
FIELD_LABEL = re.compile(r"^(?:Cabinet member|Referring body|Wards affected|Key decision|"
                         r"In forward plan|Accountable|Originating service|Report to be|"
                         r"Councillor to present|Decision designation|Recommendation)", re.I)
#: lines that are never a heading: agenda furniture, page stamps, addresses,
#: security markings ("UNCLASSIFIED", "OFFICIAL"), section names, numbers alone
BOILERPLATE = re.compile(r"^(?:agenda|minutes|contents|public document pack|dear\b|page \d+|"
                         r"this page is intentionally|information for the public|appendix\b|"
                         r"annex\b|part \d|items open|(?:un)?restricted items|exempt items|"
                         r"egap\b|.*\(pages? \d|"
                         r"(?:unclassified|official|official[- ]sensitive|restricted|protect|"
                         r"draft|not protectively marked)$|created with\b|"
                         r"(?:background|introduction|foreword|purpose|objectives|context|scope|"
                         r"timing|recommendations?|(?:executive )?summary)$|"
                         r"https?:|www\.|\S+@\S+|[\d\s/.–-]*$)", re.I)
AGENDA_ITEM = re.compile(r"^\d+(?:\.\d+)*\.?\s")
VERSION = re.compile(r"\bVersion(?:\s+(?:No\.?|number))?\s*[:.]?\s*(?P<v>\d+(?:\.\d+)*)\b"
                     r"|^V(?:er)?\.?\s?(?P<w>\d+(?:\.\d+)*)$", re.I)
_ENUMERATOR = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[a-z]\)|\(?[ivx]+\))$")


#: cells whose cleaning and heading test are remembered: the readers go over the
#: first pages' cells several times (committees, titles, cover, authority)
_CELLS_CACHED = 4096
_MARKUP = re.compile(r"\*\*|</?u>|^#+\s*|^[-•]\s+")
_RULE_ENDS = re.compile(r"^[-–—=_*]{2,}\s*|\s*[-–—=_*]{2,}$")  # "--- TITLE ---"


@lru_cache(maxsize=_CELLS_CACHED)
def clean(line: str) -> str:
    """A cell without markdown-ish marks, letter spacing or extra spaces."""
    line = _RULE_ENDS.sub("", _MARKUP.sub("", line.strip()))
    return " ".join(collapse_spacing(line).split())


def line_cells(page: PageLines) -> list[list[str]]:
    """Each line's cells, cleaned. A paragraph or agenda number set apart by
    a gap ("6.    Draft Revenue Budget") stays with its text, so the line
    still reads as a numbered item."""
    out: list[list[str]] = []
    for line in page:
        cells = [clean(c) for c in line.texts()]
        while len(cells) > 1 and _ENUMERATOR.match(cells[0]) and cells[1]:
            cells[:2] = [f"{cells[0]} {cells[1]}"]
        out.append(cells)
    return out


_COUNCIL_WORD = re.compile(r"(?:(?:County|City|Borough|District)\s+)?Council", re.I)


def rejoin_council(out: list[str], cell: str) -> bool:
    """Append ``cell`` to the last of ``out`` if it is the last word of a
    council name wrapped before it ("... Metropolitan District" / "Council");
    returns whether it did."""
    if out and out[-1] and not out[-1].lower().endswith("council") and _COUNCIL_WORD.fullmatch(cell):
        out[-1] = f"{out[-1]} {cell}"
        return True
    return False


def cells_of(page: PageLines) -> list[str]:
    """A page's cells in reading order, wrapped council names rejoined."""
    out: list[str] = []
    for cells in line_cells(page):
        for cell in cells:
            if not rejoin_council(out, cell):
                out.append(cell)
    return out


def running_cells(lines: PageLines) -> list[str]:
    """The cells of the running headers and footers (learnt from what repeats
    in the page margins, :class:`parsers.page.noise.Furniture`), without those
    too short to name anything ("ii", "- 3 -", "Page")."""
    return [c for c in cells_of(lines) if c and not _SHORT.fullmatch(_DIGITS.sub("#", c))]


#: a running cell of page-number furniture, not a name
_SHORT = re.compile(r"[#\W]*\w{0,4}")
_DIGITS = re.compile(r"\d+")


@lru_cache(maxsize=_CELLS_CACHED)
def heading_like(cell: str) -> bool:
    """Short, no full stop, not a label or a field name, mostly words, no
    amounts (a table row), not ending in a colon (a label for what follows)."""
    words = cell.split()
    return (0 < len(words) <= 12 and len(cell) <= 100 and not cell.endswith((".", ":"))
            and ". " not in cell and not LABEL.match(cell) and not FIELD_LABEL.match(cell)
            and sum(w[:1].isalpha() or w[:1] in "“\"'‘" for w in words) * 2 >= len(words)
            and not _AMOUNT.search(_DOTTED_DATE.sub("", cell)))


#: "12.50": an amount (a table row, not a heading)
_AMOUNT = re.compile(r"\d\.\d\d\b")
#: "19.11.10": a date, not an amount
_DOTTED_DATE = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{2}(?:\d{2})?\b")
