"""Phrases: the runs of words of a text line that wide gaps separate (a
borderless table's cells, a header's labels)."""
from __future__ import annotations

from dataclasses import dataclass

from council_plans.parsers.page.textlines import Line, Word

#: a gap wider than this many ems ends a phrase
GAP_EM = 1.1
#: points by which type sizes may differ and still be one type (a header's wrap, a table's rows)
SAME_SIZE = 0.6


@dataclass
class Phrase:
    words: list[Word]

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def text(self) -> str:
        ordered = sorted(self.words, key=lambda w: (round(w.top), w.x0))
        return " ".join(w.text for w in ordered)


def phrases_of(line: Line, gap_em: float = GAP_EM) -> list[Phrase]:
    """Split a line into phrases at gaps wider than ``gap_em`` ems."""
    out: list[Phrase] = []
    for w in line.words:
        if out and w.x0 - out[-1].x1 <= max(w.size, 4.0) * gap_em:
            out[-1].words.append(w)
        else:
            out.append(Phrase([w]))
    return out


def runs_across(line: Line, x: float, slack: float) -> bool:
    """Does a word of ``line`` run across ``x`` (starting more than ``slack``
    points left of it)? A column starts in a gutter no word runs across."""
    return any(w.x0 < x - slack < w.x1 for w in line.words)
