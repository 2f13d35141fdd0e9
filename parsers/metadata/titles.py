"""A document's title, and the plan it is about, from its opening pages.

A title is a heading the document prints for itself, never a table cell or
a sentence. In order:

* a committee report's "Report title" field;
* minutes: the "Minutes of ..." line opening the first page, up to "held";
* a cover page (a first page of a few lines): its first heading other than
  a committee's name;
* the first heading naming a document (plan, report, strategy, log ...) in
  the opening pages, committee headings skipped (an agenda cover comes
  before the plan in a pack);
* an agenda: "<committee> agenda";
* else the first heading among the first page's first lines;
* and when all these find nothing, or a single word, the first page's largest
  heading (:mod:`.cover`: printed well above the page's usual size).

Headings are runs of up to six short lines. Cells of table rows, numbered
paragraphs and agenda items, labels ("Total budget:"), a column label alone ("Actions"),
a paper reference alone ("TB(4)1.i"), council and place names ("Torbay"),
security markings and dated lines (unless naming a document: "Action Log as
19 July 2011") are not headings; a run that is the start of a wrapped
sentence (left on "that", "the" ..., or continued by a lowercase line) is
dropped. Pure text.
"""
from __future__ import annotations

import re

from council_plans.parsers.columns.headers import field_for_header
from council_plans.parsers.columns.lexicon import header_scores
from council_plans.parsers.metadata.authorities import cased, is_council_name
from council_plans.parsers.metadata.committees import committees
from council_plans.parsers.metadata.cover import cover_heading
from council_plans.parsers.metadata.lines import PageLines, is_blank
from council_plans.parsers.metadata.register import lookup
from council_plans.parsers.metadata.text import (AGENDA_ITEM, BOILERPLATE, FIELD_LABEL, VERSION,
                                                 heading_like, line_cells, rejoin_council)
from council_plans.parsers.values.dates import find_dates, period_label

__all__ = ["plan_title", "report_title", "title"]

_DOC_WORD = re.compile(r"\b(?:plan|strategy|report|evaluation|review|programme|framework|"
                       r"inspection|assessment|update|summary|statement|policy|charter|"
                       r"register|log|tracker|terms of reference)\b", re.I)
#: a line ending on one of these is a sentence wrapped mid-way, not a heading
_DANGLING = frozenset("""and or of the to for our an a with in on by that which who whose is
    are was were will be as at from than""".split())
_REPORT_TITLE = re.compile(r"^(?:Report\s+title\b\s*:?|Title\s*:)\s*(?P<value>.*)$", re.I)
_PREFIX = re.compile(r"^(?:appendix|annex)\s+[a-z0-9]{1,3}\b\s*[:.–—-]?\s*", re.I)
#: a document reference printed before a title on its line ("TB (8)1.ii")
_DOC_REF = re.compile(r"^(?=.*\d)[\w()./-]+(?:\s[\w()./-]+){0,2}$")
_MINUTES = re.compile(r"^(?:minutes\b.*|.*\bminutes)$", re.I)
#: a body's name on a line of its own ("Burton-cum-Walden Parish Council"), not a
#: title (unless it names a document: "Report to Council")
_ORGANISATION = re.compile(r"^(?:\S+\s+){0,5}council$", re.I)
_ROW = "\x00"  # stands for a table row among title lines: ends any heading run
_MAX_RUN = 6
_COVER_CELLS = 8
_OPENING_PAGES = 3  # an agenda cover may come before the plan's own title page


def report_title(cells: list[str]) -> str | None:
    """A committee report's "Report title" field, wrapped lines joined."""
    for i, cell in enumerate(cells):
        m = _REPORT_TITLE.match(cell)
        if not m:
            continue
        parts = [m["value"]] if m["value"] else []
        for nxt in cells[i + 1:i + 8]:
            if not nxt:
                continue
            if FIELD_LABEL.match(nxt) or len(parts) >= 4 or not heading_like(nxt):
                break
            parts.append(nxt)
        if parts:
            return " ".join(parts)
    return None


def _title_lines(page: PageLines) -> list[str]:
    """A page's lines as heading candidates: one cell per line ("Appendix 2:"
    prefixes dropped); a table row (several cells) stands as :data:`_ROW`,
    except a title after its document reference."""
    out: list[str] = []
    for raw in line_cells(page):
        cells = [c for c in raw if c]
        if not cells and len(raw) > 1:  # where a plan table stood: it ends any heading run
            out.append(_ROW)
        if len(cells) == 2 and _DOC_REF.match(cells[0]) and len(cells[0]) <= 15:
            cells = cells[1:]
        if len(cells) == 1 and not rejoin_council(out, cells[0]):
            out.append(_PREFIX.sub("", cells[0]) or cells[0])
        elif cells:
            out.append(_ROW)
    return out


#: a paper reference alone on its line ("TB(4)1.i", "CAB/23/045") is this short
_REF_ALONE = 15


def _label_or_reference(cell: str) -> bool:
    """A paper reference alone on its line, or a table's column label alone
    ("Actions", "Lead officer"): neither is the document's title."""
    if len(cell) <= _REF_ALONE and _DOC_REF.match(cell) and re.search(r"[^\w\s]", cell):
        return True
    return len(cell.split()) <= 2 and header_scores(cell).get(field_for_header(cell) or "", 0.0) >= 1.0


def _breaks_heading(cell: str, skip_committees: bool, allow_dated: bool = False) -> bool:
    """Whether a line cannot be part of a heading. A dated line can only if
    it names a document and is not a label ("Action Log as 19 July 2011",
    not "Inspection dates: 9 to 20 May 2022"), or if allowed."""
    dates = [d for d in find_dates(cell) if d.precision in ("day", "month")]
    dated = bool(dates) and not allow_dated and (
        dates[0].start == 0 or ":" in cell or not _DOC_WORD.search(cell))
    return bool(cell == _ROW or not heading_like(cell) or cell[0].islower() or dated
                or _label_or_reference(cell) or VERSION.search(cell) or BOILERPLATE.match(cell)
                or AGENDA_ITEM.match(cell)
                or is_council_name(cell) or lookup(cell) is not None
                or _ORGANISATION.search(cell) and not _DOC_WORD.search(cell)
                or skip_committees and committees([cell]))


def _continues(run: list[str], cell: str) -> bool:
    """A financial year on its own line ("2016 – 17") or a lowercase
    continuation ("and work programme") carries a heading on."""
    return bool(run and cell != _ROW and (
        period_label(cell) and len(cell.split()) <= 3 or cell[0].islower() and heading_like(cell)))


def _sentence(run: list[str], prev: str, breaker: str) -> bool:
    """Whether a run is part of a wrapped sentence: after a line left
    mid-sentence, ending on "and", "the", "that" ..., or followed by a line
    that starts in lower case or is a sentence's short last words."""
    after_open_line = bool(prev) and prev != _ROW and not heading_like(prev) and not prev.endswith(
        (".", ":", "!", "?", ";", ")")) and not _label_or_reference(prev)
    words = re.findall(r"[\w'’]+", run[-1].lower())
    last = words[-1] if words else ""
    tail = bool(breaker) and breaker != _ROW and (
        breaker[0].islower() or breaker.endswith(".") and len(breaker.split()) <= 3)
    return after_open_line or last in _DANGLING or tail


def _restates(run: list[str], cell: str) -> bool:
    """A line opening with the run's first word is a new heading ("COVID-19
    Catch-up Premium Report" / "COVID-19 catch-up premium spending: summary")."""
    return bool(run) and cell.split()[0].lower() == run[0].split()[0].lower()


def _heading_runs(lines: list[str], skip_committees: bool,
                  allow_first_dated: bool = False) -> list[list[str]]:
    """Runs of up to :data:`_MAX_RUN` consecutive heading lines (see module doc)."""
    runs: list[list[str]] = []
    run: list[str] = []
    prev = start = ""

    def close(breaker: str) -> None:
        if run and len(run) <= _MAX_RUN and not _sentence(run, start, breaker):
            runs.append(list(run))

    for i, cell in enumerate([c for c in lines if c] + [""]):
        if cell and _continues(run, cell):
            run.append(cell)
        elif cell and not _breaks_heading(cell, skip_committees, allow_first_dated and i == 0):
            if _restates(run, cell):
                close(cell)
                run = []
            if not run:
                start = prev
            run.append(cased(cell))
        else:
            close(cell)
            run, prev = [], cell
    return runs


def _joined(run: list[str]) -> str:
    """A heading's lines joined, a footnote mark glued to its end dropped
    ("... Safeguarding Children Board1")."""
    return re.sub(r"(?<=[a-z])\d$", "", " ".join(run))


def _minutes_title(first_lines: list[str]) -> str | None:
    """"Minutes of the Parish Council meeting held on ..." -> up to "held"."""
    for line in first_lines[:4]:
        if line != _ROW and _MINUTES.match(line) and len(line.split()) <= 16:
            words = cased(re.split(r"\s+held\b", line, maxsplit=1, flags=re.I)[0]).split()
            return " ".join([words[0].capitalize(), *words[1:]])
    return None


def title(pages: list[PageLines], cells: list[str], committee: str | None) -> str | None:
    """The document's title (see module doc), or None; when the rules find
    none, or a single word, the cover's largest heading if it has one."""
    found = _printed_title(pages, cells, committee)
    if found and len(found.split()) > 1:
        return found
    return cover_heading(next((p for p in pages if not is_blank(p)), ())) or found


def _printed_title(pages: list[PageLines], cells: list[str], committee: str | None) -> str | None:
    titled = report_title(cells)
    if titled:
        return titled
    first = next((p for p in pages if not is_blank(p)), ())
    first_lines = [c for c in _title_lines(first) if c]
    minutes = _minutes_title(first_lines)
    if minutes:
        return minutes
    if len([c for c in first_lines if c != _ROW and not BOILERPLATE.match(c)]) <= _COVER_CELLS:
        runs = _heading_runs(first_lines, skip_committees=True)
        if runs:
            return _joined(runs[0])
    opening = [c for page in pages[:_OPENING_PAGES] for c in _title_lines(page)]
    for run in _heading_runs(opening, skip_committees=True):
        if _DOC_WORD.search(" ".join(run)):
            return _joined(run)
    if committee and any(c.lower() == "agenda" for c in first_lines[:2]):
        return f"{committee} agenda"
    runs = _heading_runs(first_lines[:8], skip_committees=False, allow_first_dated=True)
    return _joined(runs[0]) if runs else None


def plan_title(title_text: str | None, cells: list[str]) -> str | None:
    """From the title, else from a heading (or agenda item) naming a kind of
    plan; "Our City, Our Plan" style slogans are not the document's plan."""
    pattern = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s+)?(?P<plan>.*?\bPlan\b(?:\s*:?\s*(?:19|20)\d{2}"
                         r"\s*[-/–—]\s*\d{2,4})?)")
    kind = re.compile(r"\b(?:Improvement|Action|Service|Practice|Recovery|Business|Development|"
                      r"Delivery|Strategic)\s+Plan\b")
    headings = [c for c in cells if heading_like(c) and c[0].isupper() and kind.search(c)]
    for text in [title_text or "", *headings]:
        m = pattern.match(re.sub(r"\s*\(Pages?[^)]*\)", "", text))
        if m:
            return m["plan"].strip(" :-–")
    return None
