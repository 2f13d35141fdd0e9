"""The page text the metadata readers see: lines of cells, each cell with its
text, position, font size and weight, built once from the page model
(``parsers.document.page_lines``) so nothing is printed to text and split
back. Text alone (a test's page, tabs between cells) reads as lines without
positions (:func:`lines_from_text`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence


@dataclass(frozen=True)
class LineCell:
    """One cell of a line: a phrase set apart by a wide gap, or a table cell."""

    text: str
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0  #: font size in points; 0 where not known (table cells, text given as text)
    bold: bool = False


@dataclass(frozen=True)
class PageLine:
    """A line of the page, top to bottom: a line of loose text split at wide
    gaps, a row of a table that is not an action plan, or - two empty cells -
    where an action-plan table stands (no heading runs across it)."""

    cells: tuple[LineCell, ...]

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


#: a page as the metadata readers see it
PageLines = Sequence[PageLine]


def lines_from_text(text: str) -> tuple[PageLine, ...]:
    """A page given as text: one line per line, cells split at tabs."""
    return tuple(PageLine(tuple(LineCell(t) for t in line.split("\t"))) for line in text.splitlines())


def is_blank(page: PageLines) -> bool:
    """Whether nothing is printed on the page (a page holding only an action
    plan's table is blank to the metadata readers)."""
    return not any(c.text.strip() for line in page for c in line.cells)


__all__ = ["LineCell", "PageLine", "PageLines", "is_blank", "lines_from_text"]
