"""Rows inside a table that are not items: bands of labels and theme bands.

* A *label band* is a row of two or more short bold labels ("INTENT |
  IMPLEMENTATION | IMPACT") printed over or under the column headers: a
  second header row, never an item.
* A *side band* is a theme row whose text cell, merged across columns,
  spans most of the table with
  a short note beside it ("Key indicator 1: ... | Percentage of total
  allocation: 35%"): like a full-width theme row, it is the section.
"""
from __future__ import annotations

from council_plans.parsers.tables.grid import GridCell, GridRow

#: a label is at most this many words
LABEL_WORDS = 3
#: a side band's text cell spans at least this share of the table's width
BAND_SHARE = 0.6
#: a side band's other cells hold at most this many words each
SIDE_WORDS = 6


def is_label_band(row: GridRow) -> bool:
    """Two or more own cells, every filled one bold, short and in capitals."""
    own = [c for c in row.cells if c is not None and c.text and not c.span_above]
    return len(own) >= 2 and all(c.bold and len(c.text.split()) <= LABEL_WORDS and c.text.isupper()
                                 for c in own)


def is_side_band(cells: list[GridCell | None], x0: float, x1: float) -> bool:
    """The first cell starts the row and spans ``BAND_SHARE`` of the width;
    the other own cells are short notes."""
    own = [c for c in cells if c is not None and not c.span_above]
    if len(own) < 2 or cells[0] is None or cells[0].span_above or not cells[0].text:
        return False
    if len(cells) < 2 or cells[1] is not None:
        return False  # the band's cell is merged across columns
    first = cells[0].bbox
    if first[2] - first[0] < BAND_SHARE * (x1 - x0):
        return False
    return all(len(c.text.split()) <= SIDE_WORDS for c in own[1:])
