"""One table row -> one action item: cells keyed by field, merged cells
carried down, a row cut by a page break joined back, RAG from fill or text,
quarterly commentary and status words read as progress."""
from __future__ import annotations

from typing import Callable, NamedTuple

from council_plans.schema.items import ActionItem, Box

from council_plans.parsers.columns.headers import HeaderMap
from council_plans.parsers.columns.overrides import IGNORE
from council_plans.parsers.tables.grid import GridCell, GridRow
from council_plans.parsers.values.rag import rag_from_colour, rag_from_text, rag_word
from council_plans.parsers.values.refs import INLINE_REF

CORE = ("ref", "action", "milestone", "timescale", "lead")
#: a first row on a new page filling only some of these fields that the row
#: before filled (two or more left empty) is that row's overflow
CUT_FIELDS = CORE + ("progress", "outcome", "success_measure")


class ExtraColumn(NamedTuple):
    """A row record's key for a column the contract does not name (its header
    text); contract fields are keyed by their name. Kept in ``extra``."""

    label: str

    @property
    def box_name(self) -> str:
        """Its name in an item's ``boxes`` (the provenance the JSON and database keep)."""
        return f"extra:{self.label}"


#: a row record: its cells by contract field, or by :class:`ExtraColumn`
Record = dict[str | ExtraColumn, GridCell]


def box_name(key: str | ExtraColumn) -> str:
    return key.box_name if isinstance(key, ExtraColumn) else key


def cell_value(cell: GridCell | None) -> str | None:
    return cell.text if cell is not None and cell.text else None


def record_of(row: GridRow, hm: HeaderMap) -> Record:
    """Cells of a row keyed by contract field, or by header label for extras."""
    rec: Record = {}
    for k, cell in enumerate(row.cells[:hm.width]):
        if cell is None or hm.fields[k] == IGNORE:
            continue
        rec[hm.fields[k] or ExtraColumn(hm.labels[k] or f"column {k + 1}")] = cell
    return rec


def own_text(rec: Record, key: str | ExtraColumn) -> str | None:
    """Text printed in this row itself (not carried down from a merged cell)."""
    c = rec.get(key)
    return c.text if c is not None and c.text and not c.span_above else None


def split_ref(action: str | None) -> tuple[str | None, str | None]:
    if not action:
        return None, action
    m = INLINE_REF.match(action)
    if not m:
        return None, action
    return m.group(1), action[m.end():]


def row_ref(rec: Record, hm: HeaderMap) -> str | None:
    if "ref" in hm.fields:
        return own_text(rec, "ref")
    return split_ref(own_text(rec, "action"))[0]


def continuation_kind(prev: ActionItem, rec: Record, hm: HeaderMap, merges: bool = True) -> str | None:
    """How the first row on a new page relates to the last row before it.

    ``"row"``: the row was cut by the page break; the cells that were already
    complete (ref, timescale, lead) are empty on the new page. ``"action"``: a
    merged action cell was cut, but this is its next milestone row (it fills
    every one of milestone, timescale and lead that the row before filled), so
    the action text is joined and the row is a new item. ``None``: a new row.
    ``merges``: the table can merge cells (it is ruled); in a table without
    rulings no cell spans rows, so a row with no action and no ref of its own
    whose milestone, date and lead carry on is the cut row, not a new milestone.
    """
    ref = row_ref(rec, hm)
    if ref and ref != prev.ref:
        return None
    has = {f: bool(own_text(rec, f)) for f in CORE}
    if "ref" not in hm.fields:
        has["ref"] = ref is not None
    row_fields = [f for f in ("milestone", "timescale", "lead") if getattr(prev, f)]
    if len(row_fields) >= 2 and all(has[f] for f in row_fields) and "milestone" in hm.fields:
        if not merges and not has["action"] and not has["ref"]:
            return "row"
        return "action" if has["action"] and not has["ref"] else None
    missing = {f for f in CORE if getattr(prev, f) and not has[f]}
    if missing & {"ref", "timescale", "lead"}:
        return "row"
    if {"action", "milestone"} <= missing:
        return "row"
    before = {f for f in CUT_FIELDS if getattr(prev, f)}
    now = {f for f in CUT_FIELDS if own_text(rec, f)}
    return "row" if now < before and len(before - now) >= 2 else None


def join_split_action(items: list[ActionItem], rec: Record, page: int) -> None:
    """Give the cut merged action's full text to every milestone it spans."""
    prev = items[-1]
    old, tail = prev.action, own_text(rec, "action")
    full = f"{old} {tail}"
    for it in reversed(items):
        if it.action != old or it.ref != prev.ref:
            break
        it.action = full
        it.boxes.setdefault("action", []).append(box_of(rec["action"], page))


def box_of(cell: GridCell, page: int) -> Box:
    return Box(page, *cell.bbox)


def rag_cell(rec: Record, hm: HeaderMap | None = None
             ) -> tuple[GridCell | None, Callable[[str | None], str | None] | None]:
    """The cell a row's RAG is read from, and how its words are read (None: only
    its fill counts). The RAG column; in a status column of words
    (columns/final.py) only a whole-cell RAG word; a table without a RAG column
    may colour its progress cells, or - when that column is a status column
    ("Status at October") - write a bare status word there ("Complete.")."""
    if hm is not None and hm.status is not None:
        return rec.get(hm.fields[hm.status] or ""), rag_word
    cell = rec.get("rag")
    if cell is not None:
        return cell, rag_from_text
    cell = rec.get("progress")
    if cell is None:
        return None, None
    k = hm.column_of("progress") if hm is not None else None
    status = hm is not None and k is not None and "status" in hm.labels[k].lower()
    return cell, rag_word if status else None


def rag_of(rec: Record, hm: HeaderMap | None = None) -> str | None:
    """The row's RAG: the fill of its :func:`rag_cell`, else that cell's words."""
    cell, words = rag_cell(rec, hm)
    if cell is None:
        return None
    return rag_from_colour(cell.fill) or (words(cell.text) if words is not None else None)


def build_item(rec: Record, hm: HeaderMap, page: int, section: str | None,
               prev: ActionItem | None) -> ActionItem | None:
    """One item from one row; a blank action repeats the previous row's."""
    values = {k: cell_value(c) for k, c in rec.items()}
    if prev is not None:  # merged cells carry the (possibly page-joined) value above
        for k, c in rec.items():
            if c.span_above:
                values[k] = prev.extra.get(k.label) if isinstance(k, ExtraColumn) else getattr(prev, k, None)
    ref, action = values.get("ref"), values.get("action")
    if "ref" not in hm.fields:
        spanned = "action" in rec and rec["action"].span_above
        ref, action = (prev.ref, prev.action) if spanned and prev is not None else split_ref(action)
    boxes = {box_name(k): [box_of(c, page)] for k, c in rec.items() if c.text}
    if not action and prev is not None:
        action, ref = prev.action, ref or prev.ref
        boxes["action"] = list(prev.boxes.get("action", []))
    if not action:
        return None
    item = ActionItem(action=action, ref=ref, section=section, page_first=page, page_last=page,
                      rag=rag_of(rec, hm), boxes=boxes)
    for f in ("milestone", "timescale", "lead", "progress", "success_measure", "outcome"):
        setattr(item, f, values.get(f))
    if hm.status is not None and hm.fields[hm.status] == "rag" and values.get("rag"):
        item.progress = f"{item.progress} {values['rag']}" if item.progress else values["rag"]
    item.extra = {k.label: v or "" for k, v in values.items() if isinstance(k, ExtraColumn) and (v or k.label)}
    latest_quarter(item, hm)
    return item


def latest_quarter(item: ActionItem, hm: HeaderMap) -> None:
    """Quarterly commentary: the latest filled quarter is the progress (it
    leaves ``extra``; the earlier quarters stay there, quarters not reported
    yet - empty cells - are left out)."""
    for k in hm.quarters:
        label = hm.labels[k] or f"column {k + 1}"
        if item.extra.get(label) == "":
            del item.extra[label]
    for k in reversed(hm.quarters):
        label = hm.labels[k] or f"column {k + 1}"
        if item.extra.get(label):
            item.progress = item.extra.pop(label)
            item.boxes["progress"] = item.boxes.pop(ExtraColumn(label).box_name, [])
            return


def merge_continuation(item: ActionItem, rec: Record, page: int,
                       hm: HeaderMap | None = None) -> None:
    """Append a continued row's own cell texts to ``item``, in order."""
    for key, cell in rec.items():
        text = own_text(rec, key)
        if not text:
            continue
        if isinstance(key, ExtraColumn):
            item.extra[key.label] = (item.extra.get(key.label, "") + " " + text).strip()
        elif key == "rag" and (hm is None or hm.status is None):
            item.rag = item.rag or rag_of(rec)
        elif key == "rag":  # a status column of words beside a progress column
            item.progress = f"{item.progress} {text}" if item.progress else text
            item.rag = item.rag or rag_of(rec, hm)
        else:
            old = getattr(item, key)
            setattr(item, key, f"{old} {text}" if old else text)
        item.boxes.setdefault(box_name(key), []).append(box_of(cell, page))
    if item.rag is None:
        item.rag = rag_of(rec, hm)
    item.page_last = max(item.page_last, page)
