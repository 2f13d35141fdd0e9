"""What a plan says about itself: council, committee, meeting, title, period.

Works on the text of pages only (cover, report front sheet, running headers
and footers); no I/O. Everything is read from what is printed: a council is
named only where a council's name is printed ("Children's services in Telford
and Wrekin" is not taken as "Telford & Wrekin Council").

Decisions:

* ``authority``: the best-supported printed council name, spelled by
  :func:`canonical_authority` (rules and alias table in
  :mod:`parsers.metadata.authorities`; re-exported here).
* ``committee`` / ``meeting_date``: a committee name (ending Panel, Committee,
  Board, Cabinet, Forum ...) printed as a heading, with the meeting's date on
  the same line or within the next three lines. A date beside "Minutes" is a
  previous meeting and is not taken. The most-repeated candidate wins.
* ``title``: a committee report's "Report title" field; else the first
  heading naming a document (plan, report, strategy ...) in the first three
  pages, so a plan inside an agenda pack is titled by the plan, not by the
  agenda cover; else the first heading among the first page's top lines.
* ``plan_title``: the title up to its first "Plan" (plus a financial year
  printed right after it), else the first heading line naming a Plan.
* ``period``: the first financial year in plan title, title or cover, as
  "2016/17", with its bounds from :func:`parsers.values.dates.period_bounds`.
* ``version``: the number only ("Version: 12" -> "12", "V1.4" -> "1.4").
* ``as_at``: the date progress is reported at: "progress at end March 2018",
  "as at ..." (a month means its last day). Failing that, the "Date:" on a
  cover, which dates the version the progress column belongs to; "Date
  Authorised" and "Review Date" are not it.
"""
from __future__ import annotations

import re
from collections import Counter

from council_plans.schema.items import DocumentInfo

from council_plans.parsers.metadata.authorities import (ALIASES, authority_from, canonical_authority, cased, collapse_spacing,
                          council_names, title_case)
from council_plans.parsers.values.dates import find_dates, parse_date, period_bounds, period_label

__all__ = ["ALIASES", "canonical_authority", "detect_document_info"]

#: an agenda pack's report front sheet can follow the agenda, minutes and work
#: programme; twenty pages of text is still cheap to scan
_PAGES_READ = 20
_COVER_PAGES = 2  # version and progress dates are printed on the cover
_OPENING_PAGES = 3  # an agenda cover may come before the plan's own title page
_COMMITTEE = re.compile(
    r"^(?P<name>(?:[A-Z][\w'’&-]*,?\s+|(?:and|of|for|the|&|on)\s+){0,10}?"
    r"(?:Scrutiny\s+)?(?:Panel|Sub-Committee|Committee|Board|Cabinet|Forum|Commission))"
    r"(?:\s+Meeting)?(?P<rest>(?:\s*[-–—:,]\s*|\s+)(?:Minutes|Agenda|Appendix|\d|"
    + r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day).*|\s*[-–—:]?\s*)$")
_COMMITTEE_PREFIX = re.compile(r"^(?:Agenda\s+Item\s+No\.?:?\s*\d+\s*|(?:To|Meeting|Report to|"
                               r"Title of Meeting)\s*[:–-]?\s+)", re.I)
_DATE_PREFIX = re.compile(r"^(?:(?:Meeting\s+)?Date(?:\s+of\s+meeting)?\s*:?\s*)?"
                          r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s*)?", re.I)
_LABEL = re.compile(r"^(?:Author|Version|Updated|Date|Authorised|Review|Contact|Tel|E-?mail|"
                    r"Address|Website|Owner|Status|Produced|Phone|Classification|Ask for|Cllr|"
                    r"Councillor|Chair|Vice-chair|Time|Venue|Membership|Quorum)\b", re.I)
_FIELD_LABEL = re.compile(r"^(?:Cabinet member|Referring body|Wards affected|Key decision|"
                          r"In forward plan|Accountable|Originating service|Report to be|"
                          r"Councillor to present|Decision designation|Recommendation)", re.I)
_BOILERPLATE = re.compile(r"^(?:agenda|minutes|contents|public document pack|dear\b|page \d+|"
                          r"this page is intentionally|information for the public|appendix\b|"
                          r"part \d|items open|egap\b|.*\(pages? \d|"
                          r"https?:|www\.|\S+@\S+|[\d\s/.–-]*$)", re.I)
_AGENDA_ITEM = re.compile(r"^\d+(?:\.\d+)*\.?\s")
_DOC_WORD = re.compile(r"\b(?:plan|strategy|report|evaluation|review|programme|framework|"
                       r"inspection|assessment|update|summary|statement|policy|charter)\b", re.I)
_DANGLING = frozenset("and or of the to for our an a with in on by".split())
_REPORT_TITLE = re.compile(r"^(?:Report\s+title\b\s*:?|Title\s*:)\s*(?P<value>.*)$", re.I)
_VERSION = re.compile(r"\bVersion(?:\s+(?:No\.?|number))?\s*[:.]?\s*(?P<v>\d+(?:\.\d+)*)\b"
                      r"|^V(?:er)?\.?\s?(?P<w>\d+(?:\.\d+)*)$", re.I)
_AS_AT = re.compile(r"\b(?:(?:progress|position|update[sd]?|data|performance|status)\s+"
                    r"(?:as\s+)?(?:at|to)|as\s+(?:at|of))\b", re.I)
_COVER_DATE = re.compile(r"^(?:Date|Last updated|Date updated|Updated on|Date of update)\s*:",
                         re.I)


def _clean(line: str) -> str:
    line = re.sub(r"\*\*|</?u>|^#+\s*|^[-•]\s+", "", line.strip())
    return " ".join(collapse_spacing(line).split())


def _cells(page: str) -> list[str]:
    """A page's lines, tab-separated table cells split apart, cleaned; a
    council name wrapped before its last word ("... District" / "Council") is
    rejoined."""
    out: list[str] = []
    for line in page.splitlines():
        for cell in map(_clean, line.split("\t")):
            if out and out[-1] and not out[-1].lower().endswith("council") and re.fullmatch(
                    r"(?:(?:County|City|Borough|District)\s+)?Council", cell, re.I):
                out[-1] = f"{out[-1]} {cell}"
            else:
                out.append(cell)
    return out


def _running_lines(pages: list[str]) -> list[str]:
    """Lines printed at the top or bottom of two or more pages."""
    if len(pages) < 2:
        return []
    seen: Counter[str] = Counter()
    first: dict[str, str] = {}
    for page in pages:
        lines = [c for c in _cells(page) if c]
        keys = {re.sub(r"\d+", "#", ln): ln for ln in lines[:3] + lines[-3:]}
        for key, line in keys.items():
            seen[key] += 1
            first.setdefault(key, line)
    return [first[k] for k, n in seen.items() if n >= 2 and not re.fullmatch(r"[#\W]*\w{0,4}", k)]


def _leading_date(text: str) -> str | None:
    """The date a line starts with ("Wednesday, 13 July 2022 ...",
    "Date: 14 June 2017"), if any."""
    rest = _DATE_PREFIX.sub("", text.strip(" -–—:,"))
    found = find_dates(rest)
    if found and found[0].start == 0 and found[0].precision == "day":
        return found[0].iso
    return None


def _committees(cells: list[str]) -> list[tuple[str, str | None]]:
    """Committee headings in order, each with the meeting date printed beside
    it (``None`` if none, or if the date is of minutes). A heading wrapped
    over two lines is read joined."""
    found: list[tuple[str, str | None]] = []
    for i, cell in enumerate(cells):
        for span in (1, 2):
            if span == 2 and (i + 1 >= len(cells) or not cell or not cells[i + 1]
                              or _BOILERPLATE.match(cell) or _LABEL.match(cell)
                              or _COMMITTEE_PREFIX.match(cells[i + 1])):
                break
            text = _COMMITTEE_PREFIX.sub("", cased(" ".join(cells[i:i + span])))
            m = _COMMITTEE.match(re.sub(r",(?=\S)", ", ", text))
            if not m or len(m["name"].split()) > 14 or re.search(r"\bcouncil\b", m["name"], re.I):
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


def _committee(running: list[str], cells: list[str], cover: list[str]) -> tuple[str | None,
                                                                               str | None]:
    """The committee whose papers these are, and its meeting date.

    Candidates are committee headings printed with a meeting date, or printed
    in a running header or on the cover (a committee named once in a table
    cell is not the document's). The one named most often wins (agenda,
    minutes title, report front sheet and headers all repeat it), running
    headers counting extra; a work programme listing other boards' dates
    loses to it. A name inside a longer candidate ("People Scrutiny Panel"
    from a heading wrapped over two lines) is dropped for the longer one."""
    found = _committees(running + cells)
    trusted = {name for name, _ in _committees(running + cover)}
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
    return " ".join(re.sub(r",(?=\S)", ", ", text).lower().split())


def _heading_like(cell: str) -> bool:
    words = cell.split()
    return (0 < len(words) <= 12 and len(cell) <= 100 and not cell.endswith(".")
            and ". " not in cell and not _LABEL.match(cell) and not _FIELD_LABEL.match(cell)
            and sum(w[:1].isalpha() or w[:1] in "“\"'‘" for w in words) * 2 >= len(words)
            and not re.search(r"\d\.\d\d\b", cell))  # amounts: a table row, not a heading


def _report_title(cells: list[str]) -> str | None:
    """A committee report's "Report title" field, wrapped lines joined."""
    for i, cell in enumerate(cells):
        m = _REPORT_TITLE.match(cell)
        if not m:
            continue
        parts = [m["value"]] if m["value"] else []
        for nxt in cells[i + 1:i + 8]:
            if not nxt:
                continue
            if _FIELD_LABEL.match(nxt) or len(parts) >= 4 or not _heading_like(nxt):
                break
            parts.append(nxt)
        if parts:
            return " ".join(parts)
    return None


def _heading_runs(cells: list[str], skip_committees: bool) -> list[list[str]]:
    """Runs of up to four consecutive heading-like lines. Boilerplate, agenda
    items, council names (and, if asked, committee headings) are skipped; a
    sentence, label, version or dated line ends a run. A financial year on its
    own line ("2016 – 17") or a lowercase continuation ("and work programme")
    carries a heading on. Short lines that are a wrapped sentence (after a
    line left mid-sentence, or ending on "and", "the" ...) are not headings."""
    runs: list[list[str]] = []
    run: list[str] = []
    prev, fragment = "", False
    for cell in [c for c in cells if c] + [""]:
        if cell and run and (period_label(cell) and len(cell.split()) <= 3
                             or cell[0].islower() and _heading_like(cell)):
            run.append(cell)
        elif cell and not _breaks_heading(cell, skip_committees):
            if not run:
                fragment = bool(prev) and not _heading_like(prev) and not prev.endswith(
                    (".", ":", "!", "?", ";", ")"))
            run.append(cased(cell))
        else:
            last = run[-1].split()[-1].lower().strip(",") if run else ""
            if run and not fragment and last not in _DANGLING and len(run) <= 4:
                runs.append(run)
            run, prev = [], cell
    return runs


def _breaks_heading(cell: str, skip_committees: bool) -> bool:
    dated = any(d.precision in ("day", "month") for d in find_dates(cell))
    return bool(not _heading_like(cell) or cell[0].islower() or dated or _VERSION.search(cell)
                or _BOILERPLATE.match(cell) or _AGENDA_ITEM.match(cell)
                or council_names(cell) == [cased(cell)]
                or skip_committees and _committees([cell]))


def _title(cells: list[str], opening: list[str], first_page: list[str]) -> str | None:
    """"Report title" field; else the first heading naming a document (plan,
    report, strategy ...) in the opening pages, committee headings skipped
    (an agenda cover precedes the plan in a pack); else a heading among the
    first page's first lines."""
    titled = _report_title(cells)
    if titled:
        return titled
    for run in _heading_runs(opening, skip_committees=True):
        if _DOC_WORD.search(" ".join(run)):
            return " ".join(run)
    runs = _heading_runs([c for c in first_page if c][:8], skip_committees=False)
    return " ".join(runs[0]) if runs else None


def _plan_title(title: str | None, cells: list[str]) -> str | None:
    """From the title, else from a heading (or agenda item) naming a kind of
    plan; "Our City, Our Plan" style slogans are not the document's plan."""
    pattern = re.compile(r"^(?:\d+\s+)?(?P<plan>.*?\bPlan\b(?:\s*:?\s*(?:19|20)\d{2}\s*"
                         r"[-/–—]\s*\d{2,4})?)")
    kind = re.compile(r"\b(?:Improvement|Action|Service|Practice|Recovery|Business|Development|"
                      r"Delivery|Strategic)\s+Plan\b")
    headings = [c for c in cells if _heading_like(c) and c[0].isupper() and kind.search(c)]
    for text in [title or "", *headings]:
        m = pattern.match(re.sub(r"\s*\(Pages?[^)]*\)", "", text))
        if m:
            return m["plan"].strip(" :-–")
    return None


def _version(cells: list[str]) -> str | None:
    for cell in cells:
        m = _VERSION.search(cell)
        if m:
            return m["v"] or m["w"]
    return None


def _as_at(cells: list[str], meeting_date: str | None) -> str | None:
    """"... progress at end March 2018" / "as at ..." on a short line; else a
    cover's "Date:" unless that is the meeting's date."""
    for cell in cells:
        m = _AS_AT.search(cell)
        if m and len(cell.split()) <= 15:  # in long table cells it dates a statistic
            found = find_dates(cell[m.end():])
            if found and found[0].precision in ("day", "month"):
                return found[0].iso
    for cell in cells:
        if _COVER_DATE.match(cell):
            when = parse_date(cell.split(":", 1)[1])
            if when and when != meeting_date:
                return when
    return None


def detect_document_info(page_texts: list[str]) -> DocumentInfo:
    """Read the document's own description of itself from its page texts
    (first pages plus running headers/footers); fields not printed stay None."""
    pages = [p or "" for p in page_texts]
    running = _running_lines(pages)
    cells = [c for page in pages[:_PAGES_READ] for c in _cells(page)]
    first_page = _cells(next((p for p in pages if p.strip()), ""))
    cover = [c for page in pages[:_COVER_PAGES] for c in _cells(page)]
    opening = [c for page in pages[:_OPENING_PAGES] for c in _cells(page)]
    committee, meeting = _committee(running, cells, first_page)
    title = _title(cells, opening, first_page)
    plan_title = _plan_title(title, cells)
    period = period_label(plan_title) or period_label(title) or next(
        (period_label(c) for c in first_page if _heading_like(c) and period_label(c)), None)
    bounds = period_bounds(period)
    return DocumentInfo(
        title=title, authority=authority_from(cells, running), committee=committee,
        meeting_date=meeting, plan_title=plan_title, period=period,
        period_start=bounds[0] if bounds else None, period_end=bounds[1] if bounds else None,
        version=_version(cover), as_at=_as_at(running + cover, meeting),
    )
