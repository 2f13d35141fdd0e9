"""``Extraction.tables``: how each table read as a plan was read.

The assembler keeps one :class:`TableRecord` per logical table as it opens
it; once every page is read, :func:`table_readings` turns them into the
schema's :class:`~council_plans.schema.items.TableReading` (page, order on
the page, box, headers, final roles, confidence and reasons, signature) and
names every table below the confidence threshold in a warning.
"""
from __future__ import annotations

from dataclasses import dataclass

from council_plans.schema.items import ActionItem, TableReading

from council_plans.parsers.columns.confidence import confidence
from council_plans.parsers.columns.content import Cell
from council_plans.parsers.columns.overrides import header_signature
from council_plans.parsers.columns.roles import RoleMap
from council_plans.parsers.page.geometry import BBox


@dataclass
class TableRecord:
    """What the assembler knew when it opened a table."""

    page: int
    index: int  # 1-based order of the table's grid on its page (what ``plans fix --table`` names)
    bbox: BBox
    roles: RoleMap  # final roles (a person's corrections and profiles applied)
    columns: list[list[Cell]]  # the cells under each column (sampled)
    profile: str | None = None  # the layout profile whose roles were applied
    signed: bool = True  # the labels are printed headers (a headerless table has no signature)


def _reading(rec: TableRecord, items: list[ActionItem]) -> TableReading:
    score, reasons = confidence(rec.roles, rec.columns, items)
    if not items:
        reasons += ("no items read from it",)
    return TableReading(page=rec.page, index=rec.index, bbox=rec.bbox, headers=tuple(rec.roles.labels),
                        roles=tuple(rec.roles.role_label(k) for k in range(rec.roles.width)),
                        confidence=round(score, 3),
                        reasons=reasons, profile=rec.profile,
                        signature=header_signature(rec.roles.labels) if rec.signed else "")


def table_readings(records: list[TableRecord], items: list[ActionItem],
                   threshold: float) -> tuple[list[TableReading], list[str]]:
    """The readings of ``records`` (items point at them by ``table_index``)
    and one warning per table whose confidence is below ``threshold``."""
    by_table: dict[int, list[ActionItem]] = {}
    for it in items:
        by_table.setdefault(it.table_index, []).append(it)
    readings: list[TableReading] = []
    warnings: list[str] = []
    for k, rec in enumerate(records):
        reading = _reading(rec, by_table.get(k, []))
        readings.append(reading)
        if reading.confidence < threshold:
            warnings.append(f"page {rec.page}: table {reading.index} on the page read with low confidence "
                            f"{reading.confidence:.2f}: {'; '.join(reading.reasons)}")
    return readings, warnings
