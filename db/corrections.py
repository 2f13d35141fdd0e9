"""Corrections and layout profiles at import time, inside the document's transaction.

A correction is keyed by the document's sha256 and the item's place on its
page (:func:`item_keys`), never by row ids (``--force`` and ``plans remove``
replace those), so every parse of the same bytes gets it again, whatever the
parser version: :func:`apply_corrections` sets the corrected values and drops
the items a person said are not actions before the rows are written, and
remembers on each correction what the parser gave this time
(``extracted_value``) and whether its item was found (``applied``). Column
roles and profiles must reach the parser before it runs:
:func:`review_settings` puts them into ``ExtractSettings``.
"""
from __future__ import annotations

import json
from collections import Counter
from typing import Sequence

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from council_plans.parsers.columns.overrides import ColumnRole, LayoutProfile as ProfileRoles
from council_plans.parsers.settings import ExtractSettings
from council_plans.schema.items import TEXT_FIELDS, ActionItem, Extraction
from council_plans.schema.models import Document, PlanTable
from council_plans.schema.review import DROP, ROLE, VALUE, Correction, LayoutProfile

#: fields a value correction may set
FIXABLE = TEXT_FIELDS + ("due_date",)
#: points a row's top may move between parses (another parser version) and keep its key
KEY_TOLERANCE = 3.0
#: fields whose place on the page says nothing about the row (carried from above)
_CARRIED = ("section", "action", "ref")


def _row_top(item: ActionItem) -> float:
    """Top of the item's own row on its first page: the lowest of its
    fields' first tops (a merged action cell carried down starts higher)."""
    tops = [min(b.top for b in boxes if b.page == item.page_first)
            for f, boxes in item.boxes.items()
            if f not in _CARRIED and any(b.page == item.page_first for b in boxes)]
    if not tops:
        tops = [b.top for boxes in item.boxes.values() for b in boxes if b.page == item.page_first]
    return max(tops) if tops else 0.0


def item_keys(items: Sequence[ActionItem]) -> list[str]:
    """A key per item that the same document gives again on every parse:
    "PAGE:TOP" (its row's top in whole points), "#2", "#3" after a repeat."""
    seen: Counter[str] = Counter()
    keys = []
    for item in items:
        key = f"{item.page_first}:{round(_row_top(item))}"
        seen[key] += 1
        keys.append(key if seen[key] == 1 else f"{key}#{seen[key]}")
    return keys


def _split_key(key: str) -> tuple[int, float, str]:
    place, _, repeat = key.partition("#")
    page, _, top = place.partition(":")
    return int(page or 0), float(top or 0), repeat


def find_item(by_key: dict[str, ActionItem], key: str | None) -> ActionItem | None:
    """The item ``key`` names: exactly, else the one on the same page whose row
    top is nearest, within ``KEY_TOLERANCE`` points (and the same repeat)."""
    if not key:
        return None
    if key in by_key:
        return by_key[key]
    page, top, repeat = _split_key(key)
    near = [(abs(t - top), k) for k, (p, t, r) in ((k, _split_key(k)) for k in by_key)
            if p == page and r == repeat and abs(t - top) <= KEY_TOLERANCE]
    return by_key[min(near)[1]] if near else None


def _set_value(item: ActionItem, field: str, value: str | None) -> None:
    setattr(item, field, value)
    if field == "timescale":
        item.due_date = None  # recomputed from the corrected timescale when stored


def apply_corrections(session: Session, extraction: Extraction) -> None:
    """Apply the value and drop corrections of this document to its items
    (in place) and record on each what the parser gave this time."""
    rows = list(session.scalars(select(Correction).where(
        Correction.document_sha256 == extraction.source.sha256,
        Correction.kind.in_((VALUE, DROP))).order_by(Correction.id)))
    if not rows:
        return
    by_key = dict(zip(item_keys(extraction.items), extraction.items))
    dropped: set[int] = set()
    for c in rows:
        item = find_item(by_key, c.item_key)
        c.applied = int(item is not None)
        if item is None:
            c.extracted_value = None
        elif c.kind == DROP:
            c.extracted_value = item.action
            dropped.add(id(item))
        else:
            old = getattr(item, c.field or "")
            c.extracted_value = old
            _set_value(item, c.field or "", c.new_value)
    extraction.items = [i for i in extraction.items if id(i) not in dropped]


def write_tables(session: Session, doc: Document, extraction: Extraction) -> None:
    """One ``plan_table`` row per table read (``Extraction.tables``)."""
    role_rows = list(session.scalars(select(Correction).where(
        Correction.document_sha256 == doc.sha256, Correction.kind == ROLE)))
    roles_fixed = {(c.page, c.table_index) for c in role_rows}
    read = {(t.page, t.index) for t in extraction.tables}
    for c in role_rows:  # a role correction applies while its table is still read as a plan
        c.applied = int((c.page, c.table_index) in read)
    for pos, t in enumerate(extraction.tables):
        x0, top, x1, bottom = t.bbox
        session.add(PlanTable(
            document_id=doc.id, position=pos, page_index=t.index, page_first=t.page,
            page_last=t.page, bbox_x0=round(x0, 2), bbox_top=round(top, 2), bbox_x1=round(x1, 2),
            bbox_bottom=round(bottom, 2), parser_version=extraction.parser_version,
            headers=json.dumps(list(t.headers), ensure_ascii=False), roles=json.dumps(list(t.roles)),
            confidence=t.confidence, reasons=json.dumps(list(t.reasons), ensure_ascii=False),
            signature=t.signature, profile=t.profile,
            corrected=int(t.profile is not None or (t.page, t.index) in roles_fixed)))


def column_roles(session: Session) -> tuple[ColumnRole, ...]:
    """Every column-role correction, as the parser takes them."""
    rows = session.scalars(select(Correction).where(Correction.kind == ROLE).order_by(Correction.id))
    return tuple(ColumnRole(c.document_sha256, c.page or 0, c.table_index or 0, c.field or "",
                            c.new_value or "extra") for c in rows)


def profile_roles(session: Session) -> tuple[ProfileRoles, ...]:
    """Every layout profile, as the parser takes them (oldest first)."""
    rows = session.scalars(select(LayoutProfile).order_by(LayoutProfile.id))
    return tuple(ProfileRoles(p.name, p.signature, tuple(json.loads(p.roles)), p.authority)
                 for p in rows)


def review_settings(engine: Engine, settings: ExtractSettings) -> ExtractSettings:
    """``settings`` with the database's column-role corrections and layout
    profiles, for a batch about to be parsed."""
    with Session(engine) as session:
        return settings.with_(column_roles=column_roles(session), profiles=profile_roles(session))
