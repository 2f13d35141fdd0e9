"""Join table grids across pages into action items.

This is where the layout rules of the contract live: header rows found by
meaning, repeated headers skipped, theme rows and headings become sections,
vertically merged action cells are repeated on every milestone, a row cut by a
page break is joined back into one item, and RAG comes from fill or text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from council_plans.schema.items import ActionItem, Box

from council_plans.parsers.tables.grid import Grid, GridCell, GridRow
from council_plans.parsers.columns.headers import HeaderMap, header_map
from council_plans.parsers.columns.content import Cell, opens_with_verb
from council_plans.parsers.columns.final import final_roles
from council_plans.parsers.columns.locate import (columns_below, follows_columns, header_row, headerless_map,
                                                 shortfall)
from council_plans.parsers.tables.readings import TableRecord
from council_plans.parsers.tables.bands import is_label_band
from council_plans.parsers.tables.cards import Card, card_of, card_record, complete_card
from council_plans.parsers.values.rag import rag_from_colour, rag_from_text, rag_word
from council_plans.parsers.values.refs import INLINE_REF
from council_plans.parsers.page.textlines import Line
from council_plans.parsers.trace import Trace

CORE = ("ref", "action", "milestone", "timescale", "lead")
#: a first row on a new page filling only some of these fields that the row
#: before filled (two or more left empty) is that row's overflow
CUT_FIELDS = CORE + ("progress", "outcome", "success_measure")


@dataclass
class PageSummary:
    """What the document pass keeps of a page once its characters are freed."""

    number: int
    width: float
    height: float
    lines: list[Line]  # text lines outside ruled tables, sideways text dropped
    grids: list[Grid]
    text_status: str = "text"  # see parsers.page.textlayer.page_status


@dataclass
class _Table:
    """A logical table: one header, possibly spread over several grids/pages."""

    header: HeaderMap
    section: str | None
    last_page: int
    items: list[ActionItem] = field(default_factory=list)
    card: bool = False  # one action card (section carries to the next card)
    col_x: list[float] | None = None  # column edges of the grid that opened it


def _norm_labels(hm: HeaderMap) -> tuple[str, ...]:
    return tuple(re.sub(r"\W+", "", s.lower()) for s in hm.labels)


def same_table(a: HeaderMap, b: HeaderMap) -> bool:
    """A header repeated on the next page may be worded slightly differently
    ("Timescale" / "Timescales", "Lead" / "Lead officer"): the same table when
    its columns carry the same roles and most labels agree."""
    la, lb = _norm_labels(a), _norm_labels(b)
    if la == lb:
        return True  # roles judged on other cells may differ, the header does not
    if a.fields != b.fields:
        return False
    return sum(x == y or bool(x and y and (x in y or y in x)) for x, y in zip(la, lb)) * 2 >= len(la)


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


def _value(cell: GridCell | None) -> str | None:
    return cell.text if cell is not None and cell.text else None


def _record(row: GridRow, hm: HeaderMap) -> dict[str, GridCell]:
    """Cells of a row keyed by contract field, or by header label for extras."""
    rec: dict[str, GridCell] = {}
    for k, cell in enumerate(row.cells[:hm.width]):
        if cell is None:
            continue
        key = hm.fields[k] or ("extra:" + (hm.labels[k] or f"column {k + 1}"))
        rec[key] = cell
    return rec


def _own_text(rec: dict[str, GridCell], key: str) -> str | None:
    """Text printed in this row itself (not carried down from a merged cell)."""
    c = rec.get(key)
    return c.text if c is not None and c.text and not c.span_above else None


def _split_ref(action: str | None) -> tuple[str | None, str | None]:
    if not action:
        return None, action
    m = INLINE_REF.match(action)
    if not m:
        return None, action
    return m.group(1), action[m.end():]


def _row_ref(rec: dict[str, GridCell], hm: HeaderMap) -> str | None:
    if "ref" in hm.fields:
        return _own_text(rec, "ref")
    return _split_ref(_own_text(rec, "action"))[0]


def continuation_kind(prev: ActionItem, rec: dict[str, GridCell], hm: HeaderMap) -> str | None:
    """How the first row on a new page relates to the last row before it.

    ``"row"``: the row was cut by the page break; the cells that were already
    complete (ref, timescale, lead) are empty on the new page. ``"action"``: a
    merged action cell was cut, but this is its next milestone row (it fills
    every one of milestone, timescale and lead that the row before filled), so
    the action text is joined and the row is a new item. ``None``: a new row.
    """
    ref = _row_ref(rec, hm)
    if ref and ref != prev.ref:
        return None
    has = {f: bool(_own_text(rec, f)) for f in CORE}
    if "ref" not in hm.fields:
        has["ref"] = ref is not None
    row_fields = [f for f in ("milestone", "timescale", "lead") if getattr(prev, f)]
    if len(row_fields) >= 2 and all(has[f] for f in row_fields) and "milestone" in hm.fields:
        return "action" if has["action"] and not has["ref"] else None
    missing = {f for f in CORE if getattr(prev, f) and not has[f]}
    if missing & {"ref", "timescale", "lead"}:
        return "row"
    if {"action", "milestone"} <= missing:
        return "row"
    before = {f for f in CUT_FIELDS if getattr(prev, f)}
    now = {f for f in CUT_FIELDS if _own_text(rec, f)}
    return "row" if now < before and len(before - now) >= 2 else None


def join_split_action(items: list[ActionItem], rec: dict[str, GridCell], page: int) -> None:
    """Give the cut merged action's full text to every milestone it spans."""
    prev = items[-1]
    old, tail = prev.action, _own_text(rec, "action")
    full = f"{old} {tail}"
    for it in reversed(items):
        if it.action != old or it.ref != prev.ref:
            break
        it.action = full
        it.boxes.setdefault("action", []).append(_box(rec["action"], page))


def _box(cell: GridCell, page: int) -> Box:
    return Box(page, *cell.bbox)


def _rag(rec: dict[str, GridCell], hm: HeaderMap | None = None) -> str | None:
    """From the RAG column; a table without one may colour its progress
    cells, or - when that column is a status column ("Status at October") -
    write a bare status word there ("Complete.")."""
    cell = rec.get("rag")
    if hm is not None and hm.status is not None:  # a status column of words (columns/final.py)
        cell = rec.get(hm.fields[hm.status] or "")
        return rag_from_colour(cell.fill) or rag_word(cell.text) if cell is not None else None
    if cell is not None:
        return rag_from_colour(cell.fill) or rag_from_text(cell.text)
    cell = rec.get("progress")
    if cell is None:
        return None
    k = hm.column_of("progress") if hm is not None else None
    status = k is not None and "status" in hm.labels[k].lower()
    return rag_from_colour(cell.fill) or (rag_word(cell.text) if status else None)


def build_item(rec: dict[str, GridCell], hm: HeaderMap, page: int, section: str | None,
               prev: ActionItem | None) -> ActionItem | None:
    """One item from one row; a blank action repeats the previous row's."""
    values = {k: _value(c) for k, c in rec.items()}
    if prev is not None:  # merged cells carry the (possibly page-joined) value above
        for k, c in rec.items():
            if c.span_above:
                values[k] = prev.extra.get(k[6:]) if k.startswith("extra:") else getattr(prev, k, None)
    ref, action = values.get("ref"), values.get("action")
    if "ref" not in hm.fields:
        spanned = "action" in rec and rec["action"].span_above and prev is not None
        ref, action = (prev.ref, prev.action) if spanned else _split_ref(action)
    boxes = {k: [_box(c, page)] for k, c in rec.items() if c.text}
    if not action and prev is not None:
        action, ref = prev.action, ref or prev.ref
        boxes["action"] = list(prev.boxes.get("action", []))
    if not action:
        return None
    item = ActionItem(action=action, ref=ref, section=section, page_first=page, page_last=page,
                      rag=_rag(rec, hm), boxes=boxes)
    for f in ("milestone", "timescale", "lead", "progress", "success_measure", "outcome"):
        setattr(item, f, values.get(f))
    if hm.status is not None and hm.fields[hm.status] == "rag" and values.get("rag"):
        item.progress = f"{item.progress} {values['rag']}" if item.progress else values["rag"]
    item.extra = {k[6:]: v or "" for k, v in values.items() if k.startswith("extra:") and (v or k[6:])}
    latest_quarter(item, hm)
    return item


def latest_quarter(item: ActionItem, hm: HeaderMap) -> None:
    """Quarterly commentary: the latest filled quarter is the progress (it
    leaves ``extra``; the earlier quarters stay there)."""
    for k in reversed(hm.quarters):
        label = hm.labels[k] or f"column {k + 1}"
        if item.extra.get(label):
            item.progress = item.extra.pop(label)
            item.boxes["progress"] = item.boxes.pop("extra:" + label, [])
            return


def merge_continuation(item: ActionItem, rec: dict[str, GridCell], page: int,
                       hm: HeaderMap | None = None) -> None:
    """Append a continued row's own cell texts to ``item``, in order."""
    for key, cell in rec.items():
        text = _own_text(rec, key)
        if not text:
            continue
        if key.startswith("extra:"):
            label = key[6:]
            item.extra[label] = (item.extra.get(label, "") + " " + text).strip()
        elif key == "rag" and (hm is None or hm.status is None):
            item.rag = item.rag or _rag(rec)
        elif key == "rag":  # a status column of words beside a progress column
            item.progress = f"{item.progress} {text}" if item.progress else text
            item.rag = item.rag or _rag(rec, hm)
        else:
            old = getattr(item, key)
            setattr(item, key, f"{old} {text}" if old else text)
        item.boxes.setdefault(key, []).append(_box(cell, page))
    if item.rag is None:
        item.rag = _rag(rec, hm)
    item.page_last = max(item.page_last, page)


def _is_repeat_header(rec_texts: list[str | None], table: _Table, min_fields: int) -> bool:
    if _norm_labels(table.header) == tuple(re.sub(r"\W+", "", (t or "").lower()) for t in rec_texts):
        return True  # the header's own labels printed again
    words = [len(t.split()) for t in rec_texts if t]
    if not words or sum(words) > 8 * len(words):
        return False  # header cells are labels, not paragraphs: no need to score them
    hm = header_map(rec_texts, min_fields)
    return hm is not None and same_table(hm, table.header)


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
    return None if row.full_width else _row_ref(_record(row, hm), hm)


def parent_theme(rows: list[GridRow], i: int, hm: HeaderMap) -> str | None:
    """A numbered row whose number the next numbered row extends ("2" then
    "2.1", "3.1" then "3.1.1") and which fills none of the row fields (date,
    lead, progress ...) is the theme of the rows under it, not an action."""
    rec = _record(rows[i], hm)
    ref = _row_ref(rec, hm)
    if not ref or any(_own_text(rec, f) for f in _ROW_FIELDS):
        return None
    nxt = next((r for r in (_ref_of(row, hm) for row in rows[i + 1:]) if r), None)
    stem = ref.strip().rstrip(".)") + "."
    if nxt is None or not nxt.strip().startswith(stem) or len(nxt.strip()) <= len(stem):
        return None
    return " ".join(t for t in rows[i].texts() if t)


#: a list entry printed as its own row is at most this many words
LIST_WORDS = 6


def is_list_row(rec: dict[str, GridCell], hm: HeaderMap) -> bool:
    """A row holding only a short action-column text with no verb opening it
    (a service named per row), in a table that has lead or date columns."""
    own = [k for k in rec if _own_text(rec, k)]
    if own != ["action"] or not ({"lead", "timescale"} & hm.roles):
        return False
    text = rec["action"].text
    words = text.split()
    return len(words) <= LIST_WORDS and not opens_with_verb(text) and not INLINE_REF.match(text + " ") \
        and not text.rstrip().endswith(".") and words[0].lower() != "to"


def _band_above(grid: Grid, idx: int) -> tuple[int, str | None]:
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
        elif _has_own_text(row):
            break
    return idx, None


def _has_own_text(row: GridRow) -> bool:
    """A row drawn only because a fill or a merged cell is split in two has
    no text of its own: it is not a new item."""
    return any(c is not None and c.text and not c.span_above for c in row.cells)


class Assembler:
    """Walks page summaries in order and emits items (see module doc)."""

    def __init__(self, min_fields: int = 3, trace: Trace | None = None):
        self.min_fields = min_fields
        self.trace = trace  # optional recorder for ``plans inspect``
        self.table: _Table | None = None
        self.items: list[ActionItem] = []
        self.tables = 0
        self.warnings: list[str] = []
        self._warned: set[tuple[str, ...]] = set()
        #: the first heading of the latest page without tables: the section of
        #: action cards printed on the pages after it ("Objective 2: ...")
        self.carried_heading: str | None = None
        self.prose_since_table = False
        self.readings: list[TableRecord] = []  # one per logical table, in order

    def feed_page(self, page: PageSummary, lines: list[Line]) -> None:
        if not page.grids:  # a page of prose between cards starts a new group of them
            self.carried_heading, self.prose_since_table = page_heading(lines), True
        floor = 0.0
        for gi, grid in enumerate(sorted(page.grids, key=lambda g: g.bbox[1])):
            self._feed_isolated(grid, lines, floor, first_on_page=gi == 0)
            floor = grid.bbox[3]

    def _feed_isolated(self, grid: Grid, lines: list[Line], floor: float, first_on_page: bool) -> None:
        """Read one grid; an error inside it skips that table only (its items
        are taken back, a warning names page and reason) and the rest of the
        document is still read."""
        self.prose_since_table = False
        state = (self.table, len(self.items), self.tables,
                 len(self.table.items) if self.table is not None else 0, len(self.readings))
        try:
            self._feed_grid(grid, lines, floor, first_on_page)
        except (MemoryError, RecursionError):
            raise
        except Exception as exc:  # a bug of ours on one odd table must not lose the plan
            self.table, n_items, self.tables, n_table, n_readings = state
            del self.items[n_items:]
            del self.readings[n_readings:]
            if self.table is not None:
                del self.table.items[n_table:]
            self.warnings.append(f"page {grid.page}: table at y={grid.bbox[1]:.0f} skipped: internal error "
                                 f"reading it ({type(exc).__name__}: {exc}); please report it with the file")

    def _feed_grid(self, grid: Grid, lines: list[Line], floor: float, first_on_page: bool) -> None:
        found = header_row(grid, self.min_fields)
        heading = heading_above(lines, grid, floor)
        cur = self.table
        next_page = cur is not None and grid.page == cur.last_page + 1 and first_on_page
        if found:
            idx, hm = found
            same = cur is not None and same_table(cur.header, hm)
            head, band = _band_above(grid, idx)
            if next_page and grid.ncols == cur.header.width and any(map(_has_own_text, grid.rows[:head])):
                self._feed_rows(grid.rows[:head], grid.page, True)  # rows of the last table, then a new one
                next_page, heading = False, None
            continuing = same and next_page and heading is None and band is None
            if not continuing:
                section = band or heading or (cur.section if same else None)
                cur = self._open_table(hm, grid, columns_below(grid, idx + 1), section)
            body = grid.rows[idx + 1:]
        elif next_page and grid.ncols == cur.header.width:
            continuing, body, idx = True, grid.rows, None
        else:
            self._feed_other(grid, heading)
            return
        if self.trace is not None:
            self.trace.saw_table(grid, idx, cur.header)
        self._feed_rows(body, grid.page, continuing)
        cur.last_page = grid.page

    def _open_table(self, roles: HeaderMap, grid: Grid, columns: list[list[Cell]], section: str | None,
                    card: bool = False) -> _Table:
        """Start a new logical table: its roles become final here (the one
        place, :func:`~council_plans.parsers.columns.final.final_roles`) and
        its reading is recorded for ``Extraction.tables``."""
        roles = final_roles(roles, columns)
        self.table = _Table(header=roles, section=section, last_page=grid.page, card=card,
                            col_x=None if card else grid.col_x)
        self.tables += 1
        self.readings.append(TableRecord(grid.page, grid.bbox, roles, columns))
        return self.table

    def _join_list_row(self, prev: ActionItem, rec: dict[str, GridCell], page: int) -> None:
        """A list printed one entry per row inside the plan table joins the
        action above (warned about once per table)."""
        cell = rec["action"]
        prev.action = f"{prev.action} {cell.text}"
        prev.boxes.setdefault("action", []).append(_box(cell, page))
        key = ("list rows", str(self.tables))
        if key not in self._warned:
            self._warned.add(key)
            self.warnings.append(f"page {page}: rows with only a short text and no lead, date or verb "
                                 f"(a list inside a plan table) joined to the action above them")

    def _trace_section(self, page: int, row: GridRow, text: str) -> None:
        if self.trace is not None:
            self.trace.saw_section(page, row, text)

    def _feed_other(self, grid: Grid, heading: str | None) -> None:
        """A grid with no plan header: an action card, a small plan table
        printed without a header, or not a plan (warned about when its
        header looks plan-like but falls short)."""
        card = card_of(grid, self.min_fields) if grid.kind == "ruled" else None
        if card is not None:
            if self.trace is not None:
                self.trace.saw_card(grid, card)
            self._add_card(card, grid, heading)
            return
        hm = headerless_map(grid, self.min_fields) if grid.kind == "ruled" else None
        prev = self.table
        if hm is None and grid.kind == "ruled" and prev is not None and not prev.card \
                and follows_columns(grid, prev.col_x, prev.header):
            hm = prev.header
        if hm is not None:
            hm = self._open_table(hm, grid, columns_below(grid, 0), heading).header
            if self.trace is not None:
                self.trace.saw_headerless(grid, hm)
            self._feed_rows(grid.rows, grid.page, False)
            return
        why = shortfall(grid, self.min_fields)
        key = tuple(why.split(": ", 1)[1:]) if why else ()
        if why and key not in self._warned:
            self._warned.add(key)
            self.warnings.append(why)

    def _add_card(self, card: Card, grid: Grid, heading: str | None) -> None:
        page = grid.page
        rec, joined = card_record(card)
        follows_card = self.table is not None and self.table.card and not self.prose_since_table
        section = heading or (self.table.section if follows_card and self.table else self.carried_heading)
        values = [[(p.cells[1].text, p.cells[1].fill)] for p in card.rows if p.cells[1] is not None]
        roles = self._open_table(card.roles, grid, values, section, card=True).header
        item = build_item(rec, roles, page, section, None)
        if item is not None:
            complete_card(item, card, joined)
            item.table_index = self.tables - 1
            self.items.append(item)

    def _feed_rows(self, rows: list[GridRow], page: int, continuing: bool) -> None:
        table = self.table
        assert table is not None
        first = True
        for i, row in enumerate(rows):
            if row.full_width:
                text = next((c.text for c in row.cells if c is not None and c.text), None)
                if text:
                    table.section = text
                    self._trace_section(page, row, text)
                first = False
                continue
            texts = [c.text if c is not None else None for c in row.cells]
            if not _has_own_text(row) or is_label_band(row) or _is_repeat_header(texts, table, self.min_fields):
                continue
            theme = theme_text(row, first, continuing) or parent_theme(rows, i, table.header)
            if theme:
                table.section, first = theme, False
                self._trace_section(page, row, theme)
                continue
            rec = _record(row, table.header)
            prev = table.items[-1] if table.items else None
            if prev is not None and is_list_row(rec, table.header):
                self._join_list_row(prev, rec, page)
                continue
            kind = continuation_kind(prev, rec, table.header) if first and continuing and prev else None
            if kind == "row":
                merge_continuation(prev, rec, page, table.header)
            else:
                if kind == "action":
                    join_split_action(table.items, rec, page)
                    rec = {k: v for k, v in rec.items() if k not in ("action", "ref")}
                item = build_item(rec, table.header, page, table.section, prev)
                if item is not None:
                    item.table_index = self.tables - 1
                    table.items.append(item)
                    self.items.append(item)
            first = False
