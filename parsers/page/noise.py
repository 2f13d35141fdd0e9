"""Page furniture that is not table content: running headers and footers,
page numbers and rotated margin stamps ("Page 40" printed sideways by
agenda-pack software)."""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from council_plans.parsers.page.textlines import Char, Line

MARGIN = 0.12  # top/bottom share of the page where furniture lives
_PAGE_NO = re.compile(r"^(page\s*)?#+(\s*(of|/)\s*#+)?$|^[-–]\s*#+\s*[-–]$", re.I)


def upright_chars(chars: Iterable[Char]) -> list[Char]:
    """Characters that read left to right; sideways stamps are dropped."""
    return [c for c in chars if c.get("upright", True)]


def furniture_key(text: str) -> str:
    """Text with digits masked, so "Page 3" and "Page 4" share a key."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.strip().lower()))


def in_margin(line: Line, page_height: float) -> bool:
    return line.bottom < page_height * MARGIN or line.top > page_height * (1 - MARGIN)


class Furniture:
    """Learns which margin lines repeat across pages (the running headers and
    footers); answers ``is_noise`` for the table reader and gives the running
    lines to the metadata readers (:meth:`running_lines`)."""

    def __init__(self, pages: Iterable[tuple[float, list[Line]]]):
        counts: Counter[str] = Counter()
        self._first: dict[str, Line] = {}  # each key's first printing, in page order
        npages = 0
        for height, lines in pages:
            npages += 1
            margin = [ln for ln in lines if in_margin(ln, height)]
            for ln in margin:
                self._first.setdefault(furniture_key(ln.text), ln)
            counts.update({furniture_key(ln.text) for ln in margin})
        need = 2 if npages <= 4 else max(2, int(npages * 0.25))
        self.keys = {k for k, n in counts.items() if n >= need}

    def running_lines(self) -> list[Line]:
        """The running headers and footers as first printed, in page order;
        page numbers left out."""
        return [ln for k, ln in self._first.items() if k in self.keys and not _PAGE_NO.match(k)]

    def is_noise(self, line: Line, page_height: float) -> bool:
        if not in_margin(line, page_height):
            return False
        key = furniture_key(line.text)
        return key in self.keys or bool(_PAGE_NO.match(key))
