"""Render an extraction for the terminal or a pipe (json, csv, table)."""
from __future__ import annotations

import csv
import io
import json

from council_plans.schema.items import TEXT_FIELDS, Extraction

CSV_COLUMNS = (*TEXT_FIELDS, "due_date", "page_first", "page_last", "extra")


def render_extraction(result: Extraction, fmt: str, provenance: bool = True,
                      width: int | None = None) -> str:
    """Return ``result`` as text in ``fmt`` (json, csv or table; a table is
    ``width`` columns wide, by default the terminal's)."""
    if fmt == "json":
        return json.dumps(result.to_dict(provenance), ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        return _csv(result)
    if fmt == "table":
        return _table(result, width)
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


def _table(result: Extraction, width: int | None = None) -> str:
    from council_plans.commands.termtable import table_text
    from council_plans.words import counted

    cols = ("section", "ref", "action", "milestone", "timescale", "due", "lead", "progress",
            "rag", "pages")
    rows = []
    for it in result.items:
        pages = str(it.page_first) if it.page_first == it.page_last else f"{it.page_first}-{it.page_last}"
        rows.append((it.section, it.ref, it.action, it.milestone, it.timescale, it.due_date,
                     it.lead, it.progress, it.rag, pages))
    return table_text(cols, rows, width=width,
                      title=f"{result.source.path}: {counted(len(result.items), 'action item')}")


def warning_lines(result: Extraction) -> list[str]:
    """The extraction's warnings as the lines ``plans extract`` writes to
    stderr in every format (JSON also carries them in ``warnings``)."""
    return [f"warning: {result.source.path}: {w}" for w in result.warnings]
