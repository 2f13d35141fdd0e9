"""What a plan says about itself: council, committee, meeting, title, period.

Works on the lines of pages only (cover, report front sheet, running headers
and footers; :mod:`.lines`); no I/O. Everything is read from what is printed.

Decisions:

* ``authority``: a council of the register of UK local authorities, by its
  official name, named by a council's name on the page ("KCC", "Wolverhampton
  City Council"), or the one the caller gives (:mod:`parsers.metadata.authorities`).
  "Children's services in Telford and Wrekin" is not taken as Telford & Wrekin
  Council, nor "Georgina Little / Council Chamber" as a council at all.
* ``committee`` / ``meeting_date``: see :mod:`parsers.metadata.committees`.
* ``title``: see :mod:`parsers.metadata.titles`: a heading the document prints
  for itself, never a table cell or a sentence.
* ``plan_title``: the title up to its first "Plan" (plus a financial year
  printed right after it), else the first heading line naming a Plan.
* ``period``: the first financial year in plan title, title or cover, as
  "2016/17", else a multi-year span in plan title or title ("2019-2022" ->
  "2019-22"), with its bounds from :func:`parsers.values.dates.period_bounds`
  (financial years: April of the first to March of the last).
* ``version``: the number only ("Version: 12" -> "12", "V1.4" -> "1.4").
* ``as_at``: the date progress is reported at: "progress at end March 2018",
  "as at ...", "Action Log as 19 July 2011" (a month means its last day). Failing that, the "Date:" on a
  cover, which dates the version the progress column belongs to; "Date
  Authorised" and "Review Date" are not it.
"""
from __future__ import annotations

import re
from typing import Sequence

from council_plans.schema.items import DocumentInfo

from council_plans.parsers.metadata.authorities import authority_from, canonical_authority
from council_plans.parsers.metadata.committees import committee as find_committee
from council_plans.parsers.metadata.lines import PageLine, PageLines, is_blank, lines_from_text
from council_plans.parsers.metadata.text import VERSION, cells_of, heading_like, running_cells
from council_plans.parsers.metadata.titles import plan_title as find_plan_title
from council_plans.parsers.metadata.titles import title as find_title
from council_plans.parsers.values.dates import find_dates, parse_date, period_bounds, period_label, span_label

__all__ = ["canonical_authority", "detect_document_info"]

#: an agenda pack's report front sheet can follow the agenda, minutes and work
#: programme; twenty pages of text is still cheap to scan
_PAGES_READ = 20
_COVER_PAGES = 2  # version and progress dates are printed on the cover
_AS_AT = re.compile(r"\b(?:(?:progress|position|update[sd]?|data|performance|status)\s+"
                    r"(?:as\s+)?(?:at|to)|as\s+(?:at|of)|(?P<bare>as)(?=\s+\d))\b", re.I)
_COVER_DATE = re.compile(r"^(?:Date|Last updated|Date updated|Updated on|Date of update)\s*:",
                         re.I)


def _version(cells: list[str]) -> str | None:
    for cell in cells:
        m = VERSION.search(cell)
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
            if found and m["bare"] and found[0].start > 1:
                continue  # "as 19 July 2011": the date must follow the bare "as" at once
            if found and found[0].precision in ("day", "month"):
                return found[0].iso
    for cell in cells:
        if _COVER_DATE.match(cell):
            when = parse_date(cell.split(":", 1)[1])
            if when and when != meeting_date:
                return when
    return None


def _as_lines(page: str | PageLines | None) -> PageLines:
    return lines_from_text(page) if isinstance(page, str) else page or ()


def detect_document_info(page_lines: Sequence[str | PageLines | None], authority: str | None = None,
                         running: Sequence[str | PageLine] = ()) -> DocumentInfo:
    """Read the document's own description of itself from its first pages'
    lines and ``running``, its running header and footer lines (what the table
    reader learnt as page furniture); fields not printed stay None. A page or
    running line given as text has its cells split at tabs. ``authority``,
    when given, is recorded instead of the detected council (a user's word for
    whose paper it is), spelled by the register."""
    pages = [_as_lines(p) for p in page_lines]
    repeated = running_cells([ln for r in running for ln in _as_lines(r if isinstance(r, str) else [r])])
    cells = [c for page in pages[:_PAGES_READ] for c in cells_of(page)]
    first_page = cells_of(next((p for p in pages if not is_blank(p)), ()))
    cover = [c for page in pages[:_COVER_PAGES] for c in cells_of(page)]
    committee, meeting = find_committee(repeated, cells, first_page)
    title = find_title(pages, cells, committee)
    plan_title = find_plan_title(title, cells)
    period = period_label(plan_title) or period_label(title) or next(
        (period_label(c) for c in first_page if heading_like(c) and period_label(c)), None) \
        or span_label(plan_title) or span_label(title)
    bounds = period_bounds(period)
    return DocumentInfo(
        title=title, committee=committee, meeting_date=meeting, plan_title=plan_title,
        authority=canonical_authority(authority) if authority and authority.strip()
        else authority_from(cells, repeated, first_page),
        period=period, period_start=bounds[0] if bounds else None,
        period_end=bounds[1] if bounds else None,
        version=_version(cover), as_at=_as_at(repeated + cover, meeting),
    )
