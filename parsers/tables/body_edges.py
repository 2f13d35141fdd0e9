"""Where a borderless table's columns start: under its header's labels, or
left of them where the labels are centred (or right-aligned) over
left-aligned cells.

A header fixes a borderless table's columns, but a label centred over its
column starts to the right of the column's text: cut at the label, every
body line would cross a column start and the table would end at its first
row. The body says where its columns start: a phrase (words after a wide
gap) that begins, on several body lines at the same x, between the label
before and this label is where this column's text starts.
"""
from __future__ import annotations

from council_plans.parsers.page.textlines import Line
from council_plans.parsers.tables.phrases import Phrase, phrases_of, runs_across

#: body lines looked at under a header to find where its columns' text starts
BODY_SAMPLE = 12
#: a column start must be seen on this many body lines (fewer when the body is shorter)
MIN_STARTS = 2
#: phrase starts this close (points) are one column start
SAME_X = 2.0
#: a label may start this far (points) left of its column's text and still be left-aligned
LABEL_SLACK = 2.0
#: a vertical gap this many type sizes wide (at least 6 pt) ends a borderless table
END_GAP_EM = 3.5
MIN_SIZE = 6.0


def ends_table(gap: float, line: Line) -> bool:
    """Is ``gap`` (points above ``line``) too wide to lie inside one table?"""
    return gap > max(line.size, MIN_SIZE) * END_GAP_EM


def body_sample(lines: list[Line], start: int) -> list[Line]:
    """The first body lines under a header (line ``start`` on), up to the
    first gap that ends the table."""
    out: list[Line] = []
    for line in lines[start:start + BODY_SAMPLE]:
        if out and ends_table(line.top - out[-1].bottom, line):
            break
        out.append(line)
    return out


def body_bounds(lines: list[Line], start: int, cols: list[Phrase]) -> list[float]:
    """Each column's start: its label's left edge, or the left edge the body
    repeats between the previous label and this one."""
    sample = body_sample(lines, start)
    starts = [p.x0 for line in sample for p in phrases_of(line)]
    need = min(MIN_STARTS, len(sample)) or 1
    bounds = []
    for k, col in enumerate(cols):
        left = cols[k - 1].x1 if k else float("-inf")
        seen = sorted(x for x in starts if left < x < col.x0 - LABEL_SLACK)
        bounds.append(next((x for x in seen if sum(abs(y - x) <= SAME_X for y in seen) >= need
                            and not _crossed(x, sample)), col.x0))
    return bounds


def _crossed(x: float, sample: list[Line]) -> bool:
    """Does a body word run across ``x``? A column starts in a gutter; the
    wide word gaps of justified text line up by chance, not in a gutter."""
    return any(runs_across(line, x, SAME_X) for line in sample)
