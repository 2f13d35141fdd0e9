"""The cover's largest heading: the words printed biggest on the first page,
read when the title rules find nothing or only a single word (a scan's text
layer cuts a heading into one cell per word, so the line rules see no
heading there). Needs the cells' font sizes (:mod:`.lines`)."""
from __future__ import annotations

from statistics import median

from council_plans.parsers.metadata.lines import PageLines
from council_plans.parsers.metadata.text import BOILERPLATE, clean, heading_like

#: a heading is printed at least this many times the size of the page's median cell
HEADING_SCALE = 1.25
#: cells this close in size (points) to the largest are part of the heading
SIZE_TOLERANCE = 0.5
#: a heading runs over at most this many lines
MAX_LINES = 4


def cover_heading(page: PageLines) -> str | None:
    """The first run of lines printed at the page's largest size, if that size
    stands out from the page's text and the run reads as a heading."""
    sizes = [c.size for line in page for c in line.cells if c.size and c.text.strip()]
    if not sizes or max(sizes) < HEADING_SCALE * median(sizes):
        return None
    big = max(sizes) - SIZE_TOLERANCE
    run: list[str] = []
    for line in page:
        words = [c.text for c in line.cells if c.size >= big and c.text.strip()]
        if words:
            run.append(" ".join(words))
        elif run:
            break
    text = clean(" ".join(run[:MAX_LINES])) if len(run) <= MAX_LINES else ""
    return text if text and heading_like(text) and not BOILERPLATE.match(text) else None


__all__ = ["cover_heading"]
