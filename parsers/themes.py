"""Rows and lines that are not items but tell where items belong: headings
above a table, theme rows, numbered parent rows, bands above the header, and
list entries printed one per row."""
from __future__ import annotations

import re

from council_plans.schema.items import ActionItem

from council_plans.parsers.columns.content import opens_with_verb
from council_plans.parsers.columns.headers import HeaderMap
from council_plans.parsers.page.textlines import Line
from council_plans.parsers.rows import Record, own_text, record_of, row_ref
from council_plans.parsers.tables.grid import Grid, GridRow
from council_plans.parsers.values.refs import INLINE_REF


def heading_above(lines: list[Line], grid: Grid, floor: float) -> str | None:
    """The bold line printed closest above ``grid`` (and below ``floor``)."""
    cands = [ln for ln in lines if floor - 1 <= ln.top and ln.bottom <= grid.bbox[1] + 1
             and ln.bottom >= grid.bbox[1] - 160]
    cands.sort(key=lambda ln: ln.top)
    for k in range(len(cands) - 1, -1, -1):
        ln = cands[k]
        if ln.bold and 1 < len(ln.text) <= 150 and any(ch.isalpha() for ch in ln.text):
            text = ln.text
            if k > 0 and cands[k - 1].bold and ln.top - cands[k - 1].bottom < ln.size * 0.6 \
                    and abs(cands[k - 1].size - ln.size) < 0.5:
                text = cands[k - 1].text + " " + text
            return text
    return None


#: bold lines further apart than this many times their size are not one heading
HEADING_GAP = 2.0


def page_heading(lines: list[Line]) -> str | None:
    """The first run of bold lines on a page (wrapped lines joined), if any."""
    run: list[Line] = []
    for ln in lines:
        heading_like = ln.bold and any(ch.isalpha() for ch in ln.text)
        if heading_like and (not run or ln.top - run[-1].bottom < HEADING_GAP * ln.size):
            run.append(ln)
        elif run:
            break
    return " ".join(ln.text for ln in run) or None


_THEME_WORD = re.compile(r"^(theme|priority|section|area|strand|workstream|key line of enquiry)\b", re.I)


def theme_text(row: GridRow, first: bool, continuing: bool) -> str | None:
    """Text of a theme row drawn without merging: one bold cell, nothing
    else in the row, worded like a heading (capitals or "Theme ...")."""
    own = [c for c in row.cells if c is not None and c.text and not c.span_above]
    if len(own) != 1 or not own[0].bold or (first and continuing):
        return None
    text = own[0].text
    if len(text) > 120 or not (text.isupper() or _THEME_WORD.match(text)):
        return None
    return text


#: fields a parent row of a numbered hierarchy leaves empty (it names a theme)
_ROW_FIELDS = ("milestone", "timescale", "lead", "progress", "rag")


def _ref_of(row: GridRow, hm: HeaderMap) -> str | None:
    return None if row.full_width else row_ref(record_of(row, hm), hm)


def parent_theme(rows: list[GridRow], i: int, hm: HeaderMap) -> str | None:
    """A numbered row whose number the next numbered row extends ("2" then
    "2.1", "3.1" then "3.1.1") and which fills none of the row fields (date,
    lead, progress ...) is the theme of the rows under it, not an action."""
    rec = record_of(rows[i], hm)
    ref = row_ref(rec, hm)
    if not ref or any(own_text(rec, f) for f in _ROW_FIELDS):
        return None
    nxt = next((r for r in (_ref_of(row, hm) for row in rows[i + 1:]) if r), None)
    stem = ref.strip().rstrip(".)") + "."
    if nxt is None or not nxt.strip().startswith(stem) or len(nxt.strip()) <= len(stem):
        return None
    return " ".join(t for t in rows[i].texts() if t)


#: a list entry printed as its own row is at most this many words
LIST_WORDS = 6


def is_list_row(rec: Record, hm: HeaderMap) -> bool:
    """A row holding only a short action-column text with no verb opening it
    (a service named per row), in a table that has lead or date columns."""
    own = [k for k in rec if own_text(rec, k)]
    if own != ["action"] or not ({"lead", "timescale"} & hm.roles):
        return False
    text = rec["action"].text
    words = text.split()
    return len(words) <= LIST_WORDS and not opens_with_verb(text) and not INLINE_REF.match(text + " ") \
        and not text.rstrip().endswith(".") and words[0].lower() != "to"


def band_above(grid: Grid, idx: int) -> tuple[int, str | None]:
    """A full-width row printed above the header inside the table ("AIM 1:
    Improving access", a shaded theme band): the section of the rows below.
    Returns the index where the table's head starts (band or header row) and
    the band's text."""
    for i in range(idx - 1, -1, -1):
        row = grid.rows[i]
        if row.full_width:
            text = next((c.text for c in row.cells if c is not None and c.text), None)
            if text:
                return i, text
        elif has_own_text(row):
            break
    return idx, None


def has_own_text(row: GridRow) -> bool:
    """A row drawn only because a fill or a merged cell is split in two has
    no text of its own: it is not a new item."""
    return any(c is not None and c.text and not c.span_above for c in row.cells)


#: a theme printed in a merged side column has at most this many words
SIDE_THEME_WORDS = 12


def theme_column(rows: list[GridRow], hm: HeaderMap) -> int | None:
    """The first column when it names the theme of the rows beside it: no
    role, and most of its cells merged down over several rows, each holding a
    short heading-like text ("Priority 1: Safeguarding", often printed
    sideways) rather than a single word ("High") or an instruction."""
    if not hm.width or hm.fields[0] is not None:
        return None
    firsts = [r.cells[0] for r in rows if not r.full_width and r.cells and r.cells[0] is not None
              and r.cells[0].text]
    own = [c for c in firsts if not c.span_above]
    spanned = {c.bbox for c in firsts if c.span_above}
    if not own or sum(c.bbox in spanned for c in own) * 2 < len(own):
        return None
    if not all(1 < len(c.text.split()) <= SIDE_THEME_WORDS and not opens_with_verb(c.text) for c in own):
        return None
    return 0


def side_theme(item: ActionItem, row: GridRow, hm: HeaderMap, k: int, carried: str | None = None) -> str | None:
    """Make the text of the theme column ``k`` (:func:`theme_column`) the
    item's section rather than an ``extra`` value; a row whose theme cell is
    blank (the merged cell goes on from the page before, its text printed
    there) takes the ``carried`` theme. Returns the theme given."""
    cell = row.cells[k]
    theme = cell.text if cell is not None and cell.text else carried
    if theme:
        item.section = theme
    item.extra.pop(hm.labels[k] or f"column {k + 1}", None)
    return theme


def blank_side(rows: list[GridRow], k: int) -> bool:
    """No row of a grid prints text in column ``k``: on the page after a side
    theme column, its merged cells going on with their text left behind."""
    for r in rows:
        cell = r.cells[k] if not r.full_width and k < len(r.cells) else None
        if cell is not None and cell.text:
            return False
    return True


#: a note's label (before its colon) is at most this many words
NOTE_LABEL_WORDS = 6
#: the ``extra`` key of a band's note printed without a label
BAND_NOTE = "note"


def band_notes(text: str) -> dict[str, str]:
    """The short note printed beside a theme band ("Percentage of total
    allocation: 35%", its value perhaps a row lower), for the ``extra`` of
    every item under the band: by its label when it has one ("label: value"),
    else as ``note``, so no printed cell is lost."""
    if not text.strip():
        return {}
    label, colon, value = text.partition(":")
    if colon and value.strip() and 0 < len(label.split()) <= NOTE_LABEL_WORDS:
        return {label.strip(): value.strip()}
    return {BAND_NOTE: text.strip()}


def notes_beside(rows: list[GridRow]) -> str:
    """The notes printed beside a theme band, over the band's rows (its
    merged cell's text itself left out)."""
    return " ".join(t for r in rows if r.full_width
                    for c in r.cells[1:] if c is not None and not c.span_above for t in [c.text] if t)
