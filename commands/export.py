"""Rendering query results: a terminal table, CSV, JSON, Parquet.

Dates become ISO strings in CSV and JSON and typed dates in Parquet, so an
export reads the same from SQLite and PostgreSQL.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any, BinaryIO, Sequence

from council_plans.commands.termtable import table_text
from council_plans.words import counted

FORMATS = ("table", "csv", "json")
EXPORT_FORMATS = ("csv", "json", "parquet")


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return value


def to_csv(cols: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(cols)
    for row in rows:
        writer.writerow(["" if v is None else _jsonable(v) for v in row])
    return out.getvalue()


def to_json(cols: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    records = [{c: _jsonable(v) for c, v in zip(cols, row)} for row in rows]
    return json.dumps(records, ensure_ascii=False, indent=1) + "\n"


def to_table(cols: Sequence[str], rows: Sequence[Sequence[Any]], width: int | None = None) -> str:
    """A text table as wide as the terminal (or ``width``); see :mod:`ingest.termtable`."""
    return table_text(cols, rows, width=width, footer=[f"({counted(len(rows), 'row')})"])


def render(cols: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str,
           width: int | None = None) -> str:
    if fmt == "csv":
        return to_csv(cols, rows)
    if fmt == "json":
        return to_json(cols, rows)
    return to_table(cols, rows, width)


def export_format(target: str) -> str:
    """The export format a file name asks for: its extension when it is one
    we write (``.csv``, ``.json``, ``.parquet``/``.pq``), else csv."""
    suffix = Path(target).suffix.lower().lstrip(".")
    return {"pq": "parquet"}.get(suffix, suffix) if suffix in (*EXPORT_FORMATS, "pq") else "csv"


def parquet_bytes(cols: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise RuntimeError("Parquet export needs pyarrow: pip install 'council-plans[parquet]'") from None
    columns = {c: [row[i] for row in rows] for i, c in enumerate(cols)}
    out = io.BytesIO()
    pq.write_table(pa.table(columns), out)
    return out.getvalue()


def export_bytes(cols: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str) -> bytes:
    """Rows as csv, json or parquet bytes."""
    if fmt == "parquet":
        return parquet_bytes(cols, rows)
    text = to_csv(cols, rows) if fmt == "csv" else to_json(cols, rows)
    return text.encode("utf-8", errors="surrogatepass")


def write_export(cols: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str,
                 target: str | Path | BinaryIO) -> None:
    """Write rows as csv, json or parquet to a path or a binary stream."""
    data = export_bytes(cols, rows, fmt)
    if isinstance(target, (str, Path)):  # neither has ``write``; anything else is a binary stream
        Path(target).write_bytes(data)
    else:
        target.write(data)
        target.flush()
