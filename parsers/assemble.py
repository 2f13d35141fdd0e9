"""Join table grids across pages into action items.

This is where the layout rules of the contract live: header rows found by
meaning, repeated headers skipped, theme rows and headings become sections,
vertically merged action cells are repeated on every milestone, a row cut by a
page break is joined back into one item, and RAG comes from fill or text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from council_plans.schema.items import ActionItem

from council_plans.parsers.tables.grid import CONTINUED, Grid, GridRow
from council_plans.parsers.tables.headerless_text import HEADERLESS_TEXT
from council_plans.parsers.columns.headers import HeaderMap, header_map
from council_plans.parsers.columns.content import Cell
from council_plans.parsers.columns.final import final_roles
from council_plans.parsers.columns.overrides import TableContext, override_roles, usable
from council_plans.parsers.columns.locate import (columns_below, cut_row_header, follows_columns, header_row,
                                                 headerless_map, shortfall)
from council_plans.parsers.tables.readings import TableRecord
from council_plans.parsers.tables.bands import is_label_band
from council_plans.parsers.tables.cards import Card, card_of, card_record, complete_card
from council_plans.parsers.page.textlayer import PageStatus
from council_plans.parsers.page.textlines import Line
from council_plans.parsers.rows import (box_of, build_item, continuation_kind, join_split_action,
                                        merge_continuation, rag_cell, record_of, Record)
from council_plans.parsers.themes import (band_above, band_notes, blank_side, has_own_text, heading_above, is_list_row,
                                          notes_beside, page_heading, parent_theme, side_theme, theme_column,
                                          theme_text)
from council_plans.parsers.trace import Trace


@dataclass
class PageSummary:
    """What the document pass keeps of a page once its characters are freed."""

    number: int
    width: float
    height: float
    lines: list[Line]  # text lines outside ruled tables, sideways text dropped
    grids: list[Grid]
    text_status: PageStatus = "text"  # see parsers.page.textlayer.page_status
    warnings: list[str] = field(default_factory=list)  # a table finder that failed on the page


@dataclass
class _Table:
    """A logical table: one header, possibly spread over several grids/pages."""

    header: HeaderMap
    section: str | None
    last_page: int
    items: list[ActionItem] = field(default_factory=list)
    card: bool = False  # one action card (section carries to the next card)
    col_x: list[float] | None = None  # column edges of the grid that opened it
    scored: HeaderMap | None = None  # the roles as scored, before final rules and a person's overrides
    corrected: bool = False  # a person's corrections or a layout profile changed the roles
    notes_text: str = ""  # the short notes printed beside the current theme band
    side: int | None = None  # the column naming the theme of the rows beside it (themes.theme_column)
    side_text: str | None = None  # the latest theme that column named

    @property
    def notes(self) -> dict[str, str]:
        return band_notes(self.notes_text)

    @property
    def printed(self) -> HeaderMap:
        """The roles to recognise this table's header by when it is printed again."""
        return self.scored or self.header


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


def _is_repeat_header(rec_texts: list[str | None], table: _Table, min_fields: int) -> bool:
    if _norm_labels(table.header) == tuple(re.sub(r"\W+", "", (t or "").lower()) for t in rec_texts):
        return True  # the header's own labels printed again
    words = [len(t.split()) for t in rec_texts if t]
    if not words or sum(words) > 8 * len(words):
        return False  # header cells are labels, not paragraphs: no need to score them
    hm = header_map(rec_texts, min_fields)
    return hm is not None and same_table(hm, table.printed)


class Assembler:
    """Walks page summaries in order and emits items (see module doc)."""

    def __init__(self, min_fields: int = 3, trace: Trace | None = None,
                 context: TableContext | None = None):
        self.min_fields = min_fields
        self.trace = trace  # optional recorder for ``plans inspect``
        self.context = context or TableContext()  # a person's corrections and layout profiles
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
            self._feed_isolated(grid, lines, floor, first_on_page=gi == 0, index=gi + 1)
            floor = grid.bbox[3]

    def _feed_isolated(self, grid: Grid, lines: list[Line], floor: float, first_on_page: bool,
                       index: int) -> None:
        """Read one grid; an error inside it skips that table only (its items
        are taken back, a warning names page and reason) and the rest of the
        document is still read."""
        state = (self.table, len(self.items), self.tables,
                 len(self.table.items) if self.table is not None else 0, len(self.readings))
        try:
            self._feed_grid(grid, lines, floor, first_on_page, index)
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
        self.prose_since_table = False  # read while the grid was: a page of prose came before it

    def _feed_grid(self, grid: Grid, lines: list[Line], floor: float, first_on_page: bool,
                   index: int) -> None:
        """Read one grid; ``index`` is its 1-based order on the page."""
        heading = heading_above(lines, grid, floor)
        wide_card = card_of(grid, self.min_fields) if grid.kind == "ruled" and grid.ncols > 2 else None
        if wide_card is not None:  # label/value pairs side by side: never a header row
            self._add_card(wide_card, grid, heading, index)
            return
        found = header_row(grid, self.min_fields)
        cur = self.table
        next_page = cur is not None and grid.page == cur.last_page + 1 and first_on_page
        if found and cur is not None and next_page and cut_row_header(grid, found[0], cur.col_x, cur.header):
            found = None  # the end of the row cut by the page break, not a header
        if found:
            idx, hm = found
            same = cur is not None and same_table(cur.printed, hm)
            head, band = band_above(grid, idx)
            if cur is not None and next_page and grid.ncols == cur.header.width \
                    and any(map(has_own_text, grid.rows[:head])):
                self._feed_rows(grid.rows[:head], grid.page, True, grid.kind)  # rows of the last table, then a new one
                next_page, heading = False, None
            continuing = same and next_page and heading is None and band is None
            if not continuing:
                carried = self.carried_heading if self.prose_since_table else None
                section = band or heading or carried or (cur.section if same and cur is not None else None)
                cur = self._open_table(hm, grid, columns_below(grid, idx + 1), section, index)
                cur.notes_text = notes_beside(grid.rows[head:idx]) if band else ""
            body = grid.rows[idx + 1:]
        elif cur is not None and next_page and grid.ncols == cur.header.width:
            continuing, body, idx = True, grid.rows, None
        else:
            self._feed_other(grid, heading, index)
            return
        assert cur is not None
        if self.trace is not None:
            self.trace.saw_table(grid, idx, cur.header)
        self._feed_rows(body, grid.page, continuing, grid.kind)
        cur.last_page = grid.page

    def _open_table(self, roles: HeaderMap, grid: Grid, columns: list[list[Cell]], section: str | None,
                    index: int, card: bool = False, signed: bool = True) -> _Table:
        """Start a new logical table: its roles become final here (the one
        place: :func:`~council_plans.parsers.columns.final.final_roles`, then a
        person's corrections for this table and a matching layout profile,
        :func:`~council_plans.parsers.columns.overrides.override_roles`) and its
        reading is recorded for ``Extraction.tables``. ``signed``: the labels are
        printed headers (a headerless table's are no layout to key a profile on)."""
        ctx = self.context
        ruled = final_roles(roles, columns)
        mine, stale = usable(ctx.columns, ruled.labels, sha256=ctx.sha256, page=grid.page, index=index)
        self.warnings += stale
        final, profile = override_roles(ruled, sha256=ctx.sha256, page=grid.page, index=index,
                                        authority=ctx.authority, columns=mine,
                                        profiles=ctx.profiles if signed else ())
        self.table = _Table(header=final, section=section, last_page=grid.page, card=card,
                            col_x=None if card else grid.col_x, scored=roles,
                            corrected=final is not ruled)
        self.tables += 1
        self.readings.append(TableRecord(grid.page, index, grid.bbox, final, columns, profile, signed))
        return self.table

    def _join_list_row(self, prev: ActionItem, rec: Record, page: int) -> None:
        """A list printed one entry per row inside the plan table joins the
        action above (warned about once per table)."""
        cell = rec["action"]
        prev.action = f"{prev.action} {cell.text}"
        prev.boxes.setdefault("action", []).append(box_of(cell, page))
        key = ("list rows", str(self.tables))
        if key not in self._warned:
            self._warned.add(key)
            self.warnings.append(f"page {page}: rows with only a short text and no lead, date or verb "
                                 f"(a list inside a plan table) joined to the action above them")

    def _trace_rag(self, item: ActionItem, rec: Record, roles: HeaderMap, page: int) -> None:
        """Record the RAG decided for ``item`` where it was read (``plans inspect``)."""
        if self.trace is None or not item.rag:
            return
        cell, _ = rag_cell(rec, roles)
        if cell is not None:
            self.trace.saw_rag(page, cell, item.rag)

    def _trace_section(self, page: int, row: GridRow, text: str) -> None:
        if self.trace is not None:
            self.trace.saw_section(page, row, text)

    def _feed_other(self, grid: Grid, heading: str | None, index: int) -> None:
        """A grid with no plan header: an action card, a small plan table
        printed without a header, or not a plan (warned about when its
        header looks plan-like but falls short)."""
        card = card_of(grid, self.min_fields) if grid.kind == "ruled" else None
        if card is not None:
            self._add_card(card, grid, heading, index)
            return
        hm = headerless_map(grid, self.min_fields) if grid.kind in ("ruled", HEADERLESS_TEXT) else None
        prev = self.table
        if hm is None and grid.kind in ("ruled", CONTINUED) and prev is not None and not prev.card \
                and follows_columns(grid, prev.col_x, prev.header):
            hm = prev.header
        if hm is None and grid.kind == CONTINUED:
            self.warnings.append(f"page {grid.page}: {len(grid.rows)} row(s) at the top of the page sit in the "
                                 f"columns of the borderless table on the page before but do not read as its "
                                 f"rows; not read as action items")
            return
        if hm is not None:
            hm = self._open_table(hm, grid, columns_below(grid, 0), heading, index,
                                  signed=prev is not None and hm is prev.header).header
            if self.trace is not None:
                self.trace.saw_headerless(grid, hm)
            self._feed_rows(grid.rows, grid.page, False)
            return
        why = shortfall(grid, self.min_fields)
        key = tuple(why.split(": ", 1)[1:]) if why else ()
        if why and key not in self._warned:
            self._warned.add(key)
            self.warnings.append(why)

    def _add_card(self, card: Card, grid: Grid, heading: str | None, index: int) -> None:
        """One action card (two columns, or label/value pairs side by side) -> one item."""
        if self.trace is not None:
            self.trace.saw_card(grid, card)
        page = grid.page
        follows_card = self.table is not None and self.table.card and not self.prose_since_table
        section = heading or (self.table.section if follows_card and self.table else self.carried_heading)
        values = [[(p.cells[1].text, p.cells[1].fill)] for p in card.rows if p.cells[1] is not None]
        rec, joined = card_record(card)
        table = self._open_table(card.roles, grid, values, section, index, card=True)
        roles = table.header
        if table.corrected:  # read the pairs with the roles a person gave them
            card.roles = roles
            rec, joined = card_record(card)
        item = build_item(rec, roles, page, section, None)
        if item is not None:
            self._trace_rag(item, rec, roles, page)
            complete_card(item, card, joined)
            item.table_index = self.tables - 1
            self.items.append(item)

    def _feed_rows(self, rows: list[GridRow], page: int, continuing: bool, kind_of_grid: str = "ruled") -> None:
        table = self.table
        assert table is not None
        first = True
        side = theme_column(rows, table.header)
        if side is None and table.side is not None and continuing and blank_side(rows, table.side):
            side = table.side
        table.side = side if side is not None else table.side
        for i, row in enumerate(rows):
            if row.full_width:
                own = [c.text for c in row.cells if c is not None and c.text]
                if own:
                    band = row.cells[0]
                    if band is not None and band.span_above and own[0] == table.section:
                        own = ["", table.notes_text, *own[1:]]  # the band's notes go on beside it
                    else:
                        table.section = own[0]
                        self._trace_section(page, row, own[0])
                    table.notes_text = " ".join(t for t in own[1:] if t)
                first = False
                continue
            texts = [c.text if c is not None else None for c in row.cells]
            if not has_own_text(row) or is_label_band(row) or _is_repeat_header(texts, table, self.min_fields):
                continue
            theme = theme_text(row, first, continuing) or parent_theme(rows, i, table.header)
            if theme:
                table.section, first = theme, False
                self._trace_section(page, row, theme)
                continue
            rec = record_of(row, table.header)
            prev = table.items[-1] if table.items else None
            kind = continuation_kind(prev, rec, table.header, merges=kind_of_grid != "borderless") \
                if first and continuing and prev else None
            if kind is None and prev is not None and is_list_row(rec, table.header):
                self._join_list_row(prev, rec, page)  # a row cut by the page break is no list entry
                first = False
                continue
            if kind == "row" and prev is not None:
                merge_continuation(prev, rec, page, table.header)
            else:
                if kind == "action":
                    join_split_action(table.items, rec, page)
                    rec = {k: v for k, v in rec.items() if k not in ("action", "ref")}
                item = build_item(rec, table.header, page, table.section, prev)
                if item is not None and side is not None:
                    table.side_text = side_theme(item, row, table.header, side, table.side_text)
                if item is not None:
                    item.extra.update({k: v for k, v in table.notes.items() if k not in item.extra})
                if item is not None:
                    self._trace_rag(item, rec, table.header, page)
                    item.table_index = self.tables - 1
                    table.items.append(item)
                    self.items.append(item)
            first = False
