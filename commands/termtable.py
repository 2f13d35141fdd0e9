"""Tables for a terminal: as wide as the terminal, never a fixed width.

rich measures the terminal (``$COLUMNS`` overrides it; 80 columns when there
is none), long cells wrap, and column names are never cut: when the columns
cannot all show their whole names side by side (``SELECT *`` on a wide view),
or long text would be squeezed narrower than :data:`READABLE_WIDTH`, each row
is printed as a block of ``name  value`` lines instead, the way
``psql \\x`` does. SQL NULL is printed as ``NULL``; an empty string as nothing.
"""
from __future__ import annotations

import datetime as dt
import io
from typing import Any, Sequence

NULL = "NULL"
#: a column's borders and padding in rich's default box style
_COLUMN_CHROME = 3
#: narrowest a column of long text may be wrapped to before the table is
#: printed as row blocks instead (a message 11 characters wide is unreadable)
READABLE_WIDTH = 16


def display(value: Any) -> str:
    """How one value looks in a terminal table."""
    if value is None:
        return NULL
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def names_fit(cols: Sequence[str], width: int) -> bool:
    """True when every column can show its whole name side by side."""
    return sum(max(len(c), 1) + _COLUMN_CHROME for c in cols) + 1 <= width


def fits(cols: Sequence[str], rows: Sequence[Sequence[Any]], width: int) -> bool:
    """True when the table can show every column whole or wrapped no narrower
    than :data:`READABLE_WIDTH` (a shorter value keeps its own width) within
    ``width``; otherwise it is printed as row blocks, never cut."""
    if not names_fit(cols, width):
        return False
    need = 1
    for i, col in enumerate(cols):
        longest = max((len(display(row[i])) for row in rows), default=0)
        need += max(len(col), min(longest, READABLE_WIDTH)) + _COLUMN_CHROME
    return need <= width


def table_text(cols: Sequence[str], rows: Sequence[Sequence[Any]], *, width: int | None = None,
               title: str | None = None, footer: Sequence[str] = ()) -> str:
    """``rows`` as a boxed table (or row blocks, see module doc) ``width``
    columns wide (default: the terminal's), followed by the ``footer`` lines."""
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, no_color=True, highlight=False,
                      emoji=False, markup=False)
    if fits(cols, rows, console.width):
        console.print(_boxed(cols, rows, title))
    else:
        _blocks(console, cols, rows, title)
    for line in footer:
        console.print(line, markup=False, highlight=False)
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def _boxed(cols: Sequence[str], rows: Sequence[Sequence[Any]], title: str | None):
    from rich.table import Table

    table = Table(title=title)
    for col in cols:
        table.add_column(col, min_width=len(col), overflow="fold")
    for row in rows:
        table.add_row(*(display(v) for v in row))
    return table


def _blocks(console, cols: Sequence[str], rows: Sequence[Sequence[Any]],
            title: str | None) -> None:
    from rich.table import Table

    if title:
        console.print(title, markup=False)
    label = max(len(c) for c in cols)
    for number, row in enumerate(rows, 1):
        console.rule(f"row {number}", characters="─", align="left")
        grid = Table.grid(padding=(0, 2))
        grid.add_column(min_width=label, no_wrap=True)
        grid.add_column(overflow="fold")
        for col, value in zip(cols, row):
            grid.add_row(col, display(value))
        console.print(grid)


__all__ = ["NULL", "display", "fits", "names_fit", "table_text"]
