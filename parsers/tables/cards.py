"""Action cards: one small ruled table per action, labels beside values.

A card prints its fields as label/value pairs ("Task | ...", "Owned by |
...", "RAG status | <fill>"): in two columns (labels on the left), or in
three and more, where a row may hold several pairs ("Lead | J Smith | Due |
May 2019") and a label may sit in any column. A full-width bar over the
card ("1.4 Community engagement") is its title: a reference printed at its
start is the card's ref, the rest is kept in ``extra`` under ``title``.

The labels are held to the same evidence test as a header row (an action
plus two other plan roles, :func:`~council_plans.parsers.columns.headers.header_map`).
"""
from __future__ import annotations

from dataclasses import dataclass

from council_plans.schema.items import ActionItem

from council_plans.parsers.values.refs import INLINE_REF
from council_plans.parsers.columns.headers import HeaderMap, header_map
from council_plans.parsers.columns.lexicon import header_scores
from council_plans.parsers.columns.overrides import IGNORE
from council_plans.parsers.columns.roles import ASSIGN
from council_plans.parsers.tables.grid import Grid, GridCell, GridRow
from council_plans.parsers.rows import ExtraColumn, Record

#: a card has at most this many rows (a longer grid is a table, not a card)
MAX_CARD_ROWS = 12
#: a label is at most this many characters long
MAX_LABEL = 40


@dataclass
class Card:
    """One card: its label/value pairs (as two-cell rows) and their roles."""

    roles: HeaderMap  # one entry per pair, labels = the label cells' text
    rows: list[GridRow]  # per pair: cells = [label, value]
    title: GridCell | None = None  # full-width bar above the pairs


def _own(cell: GridCell | None) -> GridCell | None:
    return cell if cell is not None and not cell.span_above else None


def _is_label(cell: GridCell | None) -> bool:
    return cell is not None and bool(cell.text) and len(cell.text) <= MAX_LABEL \
        and max(header_scores(cell.text).values(), default=0.0) >= ASSIGN


def _is_exact_label(cell: GridCell) -> bool:
    """A cell worded exactly as a known label ("Owned by", "Deadline"): the
    next label, not a value ("Service Manager" is a lead's value). Text longer
    than any label is a value, whatever word opens it ("Performance: 8 open
    referrals ...")."""
    return len(cell.text) <= MAX_LABEL and max(header_scores(cell.text).values(), default=0.0) >= 1.0


def _pairs(row: GridRow, two_columns: bool) -> list[tuple[int, GridRow]]:
    """Label/value pairs of one row, left to right, with the label's column.
    In a two-column card any short left cell is a label; wider cards need the
    label's words to name a field, and a value worded exactly as a label is
    the next label."""
    cells = [_own(c) for c in row.cells]
    out: list[tuple[int, GridRow]] = []
    k = 0
    while k < len(cells) - 1:
        label, value = cells[k], cells[k + 1]
        short = label is not None and bool(label.text) and len(label.text) <= MAX_LABEL
        if value is not None and (short if two_columns else _is_label(label) and not _is_exact_label(value)):
            out.append((k, GridRow(cells=[label, value], top=row.top, bottom=row.bottom)))
            k += 2
            continue
        k += 1
    return out


def _card_row(row: GridRow, found: list[tuple[int, GridRow]]) -> bool:
    """Every cell of the row with text belongs to one of its pairs."""
    paired = {k for k, _ in found} | {k + 1 for k, _ in found}
    return all(k in paired for k, c in enumerate(row.cells) if c is not None and not c.span_above and c.text)


def card_of(grid: Grid, min_fields: int) -> Card | None:
    """Read ``grid`` as a card when its labels name an action and two other
    plan roles ("Task / Owned by / Deadline / RAG")."""
    if grid.ncols < 2 or not 3 <= len(grid.rows) <= MAX_CARD_ROWS:
        return None
    title = next((r for r in grid.rows[:1] if r.full_width), None)
    pairs: list[GridRow] = []
    layouts = set()
    body = [r for r in grid.rows if not r.full_width]
    for row in body:
        found = _pairs(row, grid.ncols == 2)
        if grid.ncols > 2 and found and not _card_row(row, found):
            return None  # text outside the pairs: a table's header or data row
        pairs += [p for _, p in found]
        layouts.add(tuple(k for k, _ in found))
    if len(pairs) < min_fields:
        return None
    if grid.ncols > 2 and (len(layouts - {()}) != 1 or () in layouts):
        return None  # every row of a wide card holds its labels in the same columns
    labels = [p.cells[0].text for p in pairs]  # type: ignore[union-attr]
    values = [[(p.cells[1].text, p.cells[1].fill)] for p in pairs]  # type: ignore[union-attr]
    if grid.ncols == 2 and any(len(t) > MAX_LABEL for t in labels):
        return None
    hm = header_map(labels, min_fields, values)
    if hm is None:
        return None
    head = next((c for c in title.cells if c is not None), None) if title else None
    return Card(hm, pairs, head)


#: roles whose text several labels may share, joined in printed order
#: ("Progress" then "Work outstanding" both report on the action)
JOINED_ROLES = ("progress",)


def _named_role(label: str) -> str | None:
    scores = {r: s for r, s in header_scores(label).items() if r != "extra"}
    return max(scores, key=scores.__getitem__) if scores else None


def card_record(card: Card) -> tuple[Record, dict[str, list[GridCell]]]:
    """The card's value cells keyed by contract field (or ``extra:<label>``),
    and, per joined role that several labels name, all its cells in printed
    order (the assigned one among them)."""
    rec: Record = {}
    joined: dict[str, list[GridCell]] = {}
    for k, pair in enumerate(card.rows):
        label, value = pair.cells
        assert label is not None and value is not None
        field = card.roles.fields[k]
        if field == IGNORE:  # a person said this pair is not to be read
            continue
        named = field or _named_role(label.text)
        if named in JOINED_ROLES and named in card.roles.fields:
            joined.setdefault(named, []).append(value)
            if field is None:
                continue
        rec[field or ExtraColumn(card.roles.labels[k])] = value
    return rec, {r: cells for r, cells in joined.items() if len(cells) > 1}


def complete_card(item: ActionItem, card: Card, joined: dict[str, list[GridCell]]) -> None:
    """Join the texts of roles several labels share, and read the title bar:
    a reference at its start is the ref (when no label gave one), the rest
    is kept in ``extra`` under ``title``."""
    for role, cells in joined.items():
        setattr(item, role, " ".join(c.text for c in cells if c.text) or None)
    if card.title is None or not card.title.text:
        return
    m = INLINE_REF.match(card.title.text + " ")
    if m and item.ref is None:
        item.ref = m.group(1)
        rest = card.title.text[m.end():].strip()
    else:
        rest = card.title.text
    if rest:
        item.extra["title"] = rest
