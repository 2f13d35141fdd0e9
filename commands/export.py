"""Rendering query results: a terminal table, CSV, JSON, Parquet, Excel.

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
from council_plans.schema.errors import CouncilPlansError
from council_plans.words import counted

FORMATS = ("table", "csv", "json")
EXPORT_FORMATS = ("csv", "json", "parquet", "xlsx")
#: file-name extensions of the export formats
SUFFIXES = {"csv": "csv", "json": "json", "parquet": "parquet", "pq": "parquet", "xlsx": "xlsx"}


class ExportError(CouncilPlansError):
    """An export cannot be written as asked (one line naming the file)."""


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
    """The export format a file name asks for: its extension (``.csv``,
    ``.json``, ``.parquet``/``.pq``, ``.xlsx``); csv for stdout or a name with
    no extension. Another extension is refused rather than given CSV under a
    name that promises something else."""
    suffix = Path(target).suffix.lower().lstrip(".")
    if target == "-" or not suffix:
        return "csv"
    if suffix not in SUFFIXES:
        raise ExportError(f"{target}: no export format for .{suffix} files: name it .csv, .json, "
                          ".parquet or .xlsx, or give --format")
    return SUFFIXES[suffix]


def check_target(target: str) -> None:
    """Refuse, in one line, a file whose directory does not exist."""
    parent = Path(target).parent
    if not parent.is_dir():
        raise ExportError(f"{target}: directory {parent} does not exist (mkdir -p {parent})")


def xlsx_bytes(cols: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    """An Excel workbook (one sheet, ``action_items``) through pandas and openpyxl;
    control characters Excel cannot hold become U+FFFD."""
    try:
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]
    except ImportError:
        raise ExportError("Excel export needs openpyxl: pip install 'council-plans[xlsx]'") from None
    import pandas as pd

    def clean(value: Any) -> Any:
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) if isinstance(value, str) else value

    frame = pd.DataFrame([[clean(v) for v in row] for row in rows], columns=list(cols))
    out = io.BytesIO()
    frame.to_excel(out, sheet_name="action_items", index=False, engine="openpyxl")
    return out.getvalue()


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
    """Rows as csv, json, parquet or xlsx bytes."""
    if fmt == "parquet":
        return parquet_bytes(cols, rows)
    if fmt == "xlsx":
        return xlsx_bytes(cols, rows)
    text = to_csv(cols, rows) if fmt == "csv" else to_json(cols, rows)
    return text.encode("utf-8", errors="surrogatepass")


def write_export(cols: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str,
                 target: str | Path | BinaryIO) -> None:
    """Write rows as csv, json, parquet or xlsx to a path or a binary stream."""
    if not isinstance(target, (str, Path)):
        target.write(export_bytes(cols, rows, fmt))
        target.flush()
        return
    check_target(str(target))
    data = export_bytes(cols, rows, fmt)
    try:
        Path(target).write_bytes(data)
    except OSError as exc:
        raise ExportError(f"{target}: {exc.strerror or exc}") from None
