"""Choices shared by the layouts: fonts, page sizes, RAG colours, decorations.

A :class:`Variant` is either *fixed* (the committed samples: the layout's own
defaults, content picked with a name-seeded RNG) or *randomised* (bulk
benchmark files: fonts, sizes, page sizes and row counts drawn too).
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Callable, Sequence, TypeVar

from samples import content
from samples.pdfdraw import (A4_LANDSCAPE, A4_PORTRAIT, HELVETICA, LETTER_LANDSCAPE,
                             LETTER_PORTRAIT, TIMES, Doc, Font)
from samples.tables import Rag

T = TypeVar("T")

#: Fill shades councils use for each RAG level (Word theme and standard colours).
RAG_FILLS = {
    "red": ("C00000", "FF0000", "E06666"),
    "amber": ("FFC000", "ED7D31"),
    "green": ("00B050", "548235", "92D050"),
    "blue": ("5B9BD5",),
}
RAG_LABELS = {"red": "Red", "amber": "Amber", "green": "Green", "blue": "Complete"}
ALL_SHADES = [(level, fill) for level, fills in RAG_FILLS.items() for fill in fills]

LANDSCAPES = [A4_LANDSCAPE, LETTER_LANDSCAPE]
PORTRAITS = [A4_PORTRAIT, LETTER_PORTRAIT]
FAMILIES = [HELVETICA, TIMES]


@dataclass
class Variant:
    rng: random.Random
    randomise: bool = False
    label: str = ""  # printed under the title of bulk files so each is unique

    def pick(self, default: T, options: Sequence[T]) -> T:
        return self.rng.choice(list(options)) if self.randomise else default

    def count(self, default: int, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi) if self.randomise else default

    def font(self, family: tuple[str, str], size: float) -> Font:
        fam = self.pick(family, FAMILIES)
        return Font(fam[0], fam[1], self.pick(size, [7.5, 8.0, 8.5, 9.0]))

    def take(self, pool: Sequence[T], n: int) -> list[T]:
        """``n`` distinct items while the pool lasts, then repeats."""
        out: list[T] = []
        while len(out) < n:
            out.extend(self.rng.sample(list(pool), min(len(pool), n - len(out))))
        return out

    def rag_fill(self, i: int) -> Rag:
        """Cycle through every shade (so each appears) starting at a random one."""
        offset = getattr(self, "_shade_offset", None)
        if offset is None:
            offset = self._shade_offset = self.rng.randrange(len(ALL_SHADES))
        level, fill = ALL_SHADES[(i + offset) % len(ALL_SHADES)]
        return Rag(level, fill=fill)

    def rag_text(self) -> Rag:
        level = self.rng.choice(["red", "amber", "amber", "green", "green", "green", "blue"])
        return Rag(level, label=RAG_LABELS[level])

    def title_block(self, doc: Doc, title: str, font: Font, paragraphs: int = 1) -> None:
        doc.doc_title(title, font.regular, 22 if len(title) < 45 else 18)
        if self.label:
            doc.paragraph(self.label, font.bold, 9)
        for text in self.take(content.INTRO_PARAGRAPHS, paragraphs):
            doc.paragraph(text, font.regular, 8.5)


def running(font: str = "Helvetica", header: str | None = None, footer: str | None = None,
            page_numbers: bool = False, stamp_from: int | None = None) -> Callable[[Doc], None]:
    """Page decoration: running header/footer, page number, and the rotated
    "Page N" stamp agenda packs carry in the right margin."""
    def decorate(doc: Doc) -> None:
        top, bottom = doc.style.margins[1], doc.style.margins[3]
        if header:
            doc.text(doc.left, top - 18, header, font, 8)
        if footer:
            doc.text(doc.left, doc.height - bottom + 28, footer, font, 7.5)
        if page_numbers:
            doc.text(doc.width - doc.style.margins[2] - 10, doc.height - bottom + 28,
                     str(doc.page), font, 7.5)
        if stamp_from is not None:
            doc.text_up(doc.width - doc.style.margins[2] / 2 + 4, doc.height / 2,
                        f"Page {stamp_from + doc.page - 1}", "Helvetica", 11)
    return decorate
