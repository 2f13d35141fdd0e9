"""Join table grids across pages into action items.

This is where the layout rules of the contract live: header rows found by
meaning, repeated headers skipped, theme rows and headings become sections,
vertically merged action cells are repeated on every milestone, a row cut by a
page break is joined back into one item, and RAG comes from fill or text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from council_plans.schema.items import ActionItem, Box, TableReading

from council_plans.parsers.tables.grid import Grid, GridCell, GridRow
from council_plans.parsers.columns.headers import HeaderMap, header_map
from council_plans.parsers.columns.locate import (Card, card_of, follows_columns, header_row,
                                                 headerless_map, shortfall)
from council_plans.parsers.columns.overrides import (IGNORE, TableContext, header_signature,
                                                    override_roles, role_names, usable)
from council_plans.parsers.values.rag import rag_from_colour, rag_from_text, rag_word
from council_plans.parsers.values.refs import INLINE_REF
from council_plans.parsers.page.textlines import Line
from council_plans.parsers.trace import Trace

CORE = ("ref", "action", "milestone", "timescale", "lead")


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
    scored: HeaderMap | None = None  # the roles as scored, before a person's overrides


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
    return sum(bool(x == y or (x and y and (x in y or y in x))) for x, y in zip(la, lb)) * 2 >= len(la)


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


def _value(cell: GridCell | None) -> str | None:
    return cell.text if cell is not None and cell.text else None


def _record(row: GridRow, hm: HeaderMap) -> dict[str, GridCell]:
    """Cells of a row keyed by contract field, or by header label for extras."""
    rec: dict[str, GridCell] = {}
    for k, cell in enumerate(row.cells[:hm.width]):
        if cell is None or hm.fields[k] == IGNORE:
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
    return "row" if {"action", "milestone"} <= missing else None


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
    item.extra = {k[6:]: v or "" for k, v in values.items() if k.startswith("extra:") and (v or k[6:])}
    return item


def merge_continuation(item: ActionItem, rec: dict[str, GridCell], page: int) -> None:
    """Append a continued row's own cell texts to ``item``, in order."""
    for key, cell in rec.items():
        text = _own_text(rec, key)
        if not text:
            continue
        if key.startswith("extra:"):
            label = key[6:]
            item.extra[label] = (item.extra.get(label, "") + " " + text).strip()
        elif key == "rag":
            item.rag = item.rag or _rag(rec)
        else:
            old = getattr(item, key)
            setattr(item, key, f"{old} {text}" if old else text)
        item.boxes.setdefault(key, []).append(_box(cell, page))
    if item.rag is None:
        item.rag = _rag(rec)
    item.page_last = max(item.page_last, page)


def _is_repeat_header(rec_texts: list[str | None], table: _Table, min_fields: int) -> bool:
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

    def __init__(self, min_fields: int = 3, trace: Trace | None = None,
                 context: TableContext | None = None):
        self.min_fields = min_fields
        self.trace = trace  # optional recorder for ``plans inspect``
        self.context = context or TableContext()
        self.table: _Table | None = None
        self.items: list[ActionItem] = []
        self.tables = 0
        self.readings: list[TableReading] = []  # one per table opened; index = table_index
        self.warnings: list[str] = []
        self._warned: set[tuple[str, ...]] = set()

    def feed_page(self, page: PageSummary, lines: list[Line]) -> None:
        floor = 0.0
        for gi, grid in enumerate(sorted(page.grids, key=lambda g: g.bbox[1])):
            self._feed_grid(grid, lines, floor, first_on_page=gi == 0, index=gi + 1)
            floor = grid.bbox[3]

    def _open(self, grid: Grid, index: int, roles: HeaderMap, signed: bool = True) -> HeaderMap:
        """A new table starts: its final roles (a person's corrections and
        layout profiles, :func:`override_roles`), recorded as a TableReading.
        ``signed``: the roles come from printed labels (a headerless table's
        "column 1" labels are no layout to key a profile on)."""
        ctx = self.context
        columns, stale = usable(ctx.columns, roles.labels, sha256=ctx.sha256, page=grid.page,
                                index=index)
        self.warnings += stale
        final, profile = override_roles(roles, sha256=ctx.sha256, page=grid.page, index=index,
                                        authority=ctx.authority, columns=columns,
                                        profiles=ctx.profiles if signed else ())
        self.readings.append(TableReading(
            page=grid.page, index=index, bbox=grid.bbox, headers=tuple(roles.labels),
            roles=role_names(final), signature=header_signature(roles.labels) if signed else "",
            profile=profile))
        self.tables += 1
        return final

    def _feed_grid(self, grid: Grid, lines: list[Line], floor: float, first_on_page: bool,
                   index: int = 1) -> None:
        found = header_row(grid, self.min_fields)
        heading = heading_above(lines, grid, floor)
        cur = self.table
        next_page = cur is not None and grid.page == cur.last_page + 1 and first_on_page
        if found:
            idx, hm = found
            same = cur is not None and same_table(cur.scored or cur.header, hm)
            head, band = _band_above(grid, idx)
            if next_page and grid.ncols == cur.header.width and any(map(_has_own_text, grid.rows[:head])):
                self._feed_rows(grid.rows[:head], grid.page, True)  # rows of the last table, then a new one
                next_page, heading = False, None
            continuing = same and next_page and heading is None and band is None
            if not continuing:
                section = band or heading or (cur.section if same else None)
                self.table = cur = _Table(header=self._open(grid, index, hm), section=section,
                                          last_page=grid.page, col_x=grid.col_x, scored=hm)
            body = grid.rows[idx + 1:]
        elif next_page and grid.ncols == cur.header.width:
            continuing, body, idx = True, grid.rows, None
        else:
            self._feed_other(grid, heading, index)
            return
        if self.trace is not None:
            self.trace.saw_table(grid, idx, cur.header)
        self._feed_rows(body, grid.page, continuing)
        cur.last_page = grid.page

    def _trace_section(self, page: int, row: GridRow, text: str) -> None:
        if self.trace is not None:
            self.trace.saw_section(page, row, text)

    def _feed_other(self, grid: Grid, heading: str | None, index: int = 1) -> None:
        """A grid with no plan header: an action card, a small plan table
        printed without a header, or not a plan (warned about when its
        header looks plan-like but falls short)."""
        card = card_of(grid, self.min_fields) if grid.kind == "ruled" else None
        if card is not None:
            if self.trace is not None:
                self.trace.saw_card(grid, card)
            card.roles = self._open(grid, index, card.roles)
            self._add_card(card, grid.page, heading)
            return
        hm = headerless_map(grid, self.min_fields) if grid.kind == "ruled" else None
        prev = self.table
        if hm is None and grid.kind == "ruled" and prev is not None and not prev.card \
                and follows_columns(grid, prev.col_x, prev.header):
            hm = prev.header
        if hm is not None:
            hm = self._open(grid, index, hm, signed=hm is prev.header if prev else False)
            self.table = _Table(header=hm, section=heading, last_page=grid.page, col_x=grid.col_x)
            if self.trace is not None:
                self.trace.saw_headerless(grid, hm)
            self._feed_rows(grid.rows, grid.page, False)
            return
        why = shortfall(grid, self.min_fields)
        key = tuple(why.split(": ", 1)[1:]) if why else ()
        if why and key not in self._warned:
            self._warned.add(key)
            self.warnings.append(why)

    def _add_card(self, card: Card, page: int, heading: str | None) -> None:
        rec: dict[str, GridCell] = {}
        for k, row in enumerate(card.rows):
            cell = row.cells[1]
            if cell is not None and card.roles.fields[k] != IGNORE:
                rec[card.roles.fields[k] or "extra:" + card.roles.labels[k]] = cell
        section = heading if heading else (self.table.section if self.table and self.table.card else None)
        item = build_item(rec, card.roles, page, section, None)
        self.table = _Table(header=card.roles, section=section, last_page=page, card=True)
        if item is not None:
            item.table_index = self.tables - 1
            self.items.append(item)

    def _feed_rows(self, rows: list[GridRow], page: int, continuing: bool) -> None:
        table = self.table
        assert table is not None
        first = True
        for row in rows:
            if row.full_width:
                text = next((c.text for c in row.cells if c is not None and c.text), None)
                if text:
                    table.section = text
                    self._trace_section(page, row, text)
                first = False
                continue
            texts = [c.text if c is not None else None for c in row.cells]
            if not _has_own_text(row) or _is_repeat_header(texts, table, self.min_fields):
                continue
            theme = theme_text(row, first, continuing)
            if theme:
                table.section, first = theme, False
                self._trace_section(page, row, theme)
                continue
            rec = _record(row, table.header)
            prev = table.items[-1] if table.items else None
            kind = continuation_kind(prev, rec, table.header) if first and continuing and prev else None
            if kind == "row":
                merge_continuation(prev, rec, page)
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
