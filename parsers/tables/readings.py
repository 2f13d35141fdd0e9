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
from council_plans.parsers.columns.final import table_signature
from council_plans.parsers.columns.roles import RoleMap
from council_plans.parsers.page.geometry import BBox


@dataclass
class TableRecord:
    """What the assembler knew when it opened a table."""

    page: int
    bbox: BBox
    roles: RoleMap  # final roles
    columns: list[list[Cell]]  # the cells under each column (sampled)


def _reading(rec: TableRecord, index: int, items: list[ActionItem]) -> TableReading:
    score, reasons = confidence(rec.roles, rec.columns, items)
    if not items:
        reasons += ("no items read from it",)
    return TableReading(page=rec.page, index=index, bbox=rec.bbox, headers=tuple(rec.roles.labels),
                        roles=tuple(rec.roles.role_label(k) for k in range(rec.roles.width)),
                        confidence=round(score, 3),
                        reasons=reasons, signature=table_signature(list(rec.roles.labels)))


def table_readings(records: list[TableRecord], items: list[ActionItem],
                   threshold: float) -> tuple[list[TableReading], list[str]]:
    """The readings of ``records`` (items point at them by ``table_index``)
    and one warning per table whose confidence is below ``threshold``."""
    by_table: dict[int, list[ActionItem]] = {}
    for it in items:
        by_table.setdefault(it.table_index, []).append(it)
    readings: list[TableReading] = []
    warnings: list[str] = []
    on_page: dict[int, int] = {}
    for k, rec in enumerate(records):
        on_page[rec.page] = on_page.get(rec.page, 0) + 1
        reading = _reading(rec, on_page[rec.page], by_table.get(k, []))
        readings.append(reading)
        if reading.confidence < threshold:
            warnings.append(f"page {rec.page}: table {reading.index} on the page read with low confidence "
                            f"{reading.confidence:.2f}: {'; '.join(reading.reasons)}")
    return readings, warnings
