"""Render an extraction for the terminal or a pipe (json, csv, table)."""
from __future__ import annotations

import csv
import io
import json

from council_plans.schema.items import TEXT_FIELDS, Extraction

CSV_COLUMNS = (*TEXT_FIELDS, "due_date", "page_first", "page_last", "extra")


def render_extraction(result: Extraction, fmt: str, provenance: bool = True) -> str:
    """Return ``result`` as text in ``fmt`` (json, csv or table)."""
    if fmt == "json":
        return json.dumps(result.to_dict(provenance), ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        return _csv(result)
    if fmt == "table":
        return _table(result)
    raise ValueError(f"unknown format {fmt!r}")


def _csv(result: Extraction) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["document", "sha256", *CSV_COLUMNS])
    for it in result.items:
        row = it.to_dict(provenance=False)
        row["extra"] = json.dumps(row["extra"], ensure_ascii=False) if row["extra"] else ""
        writer.writerow([result.source.path, result.source.sha256,
                         *("" if row[c] is None else row[c] for c in CSV_COLUMNS)])
    return buf.getvalue()


def _table(result: Extraction) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{result.source.path}: {len(result.items)} action items",
                  show_lines=True, expand=True)
    for col, ratio in (("section", 2), ("ref", 1), ("action", 4), ("milestone", 3),
                       ("timescale", 2), ("due", 2), ("lead", 2), ("progress", 4),
                       ("rag", 1), ("pages", 1)):
        table.add_column(col, ratio=ratio, overflow="fold")
    for it in result.items:
        pages = str(it.page_first) if it.page_first == it.page_last else f"{it.page_first}-{it.page_last}"
        table.add_row(*(v or "" for v in (it.section, it.ref, it.action, it.milestone,
                                          it.timescale, it.due_date, it.lead, it.progress,
                                          it.rag, pages)))
    console = Console(file=io.StringIO(), width=160, force_terminal=False, color_system=None)
    console.print(table)
    for w in result.warnings:
        console.print(f"warning: {w}")
    return console.file.getvalue()
