"""The table finders, in the order they run on a page: one registry, one
calling convention, like camelot's ``PARSERS``.

Every finder takes the page's :class:`PageWork` (the upright page model, its
characters, the settings, the tables the finders before it found) and returns
the tables it found there; :func:`find_tables` runs them in :data:`FINDERS`
order, each guarded, so adding a finder is one line in :data:`FINDERS`.
Finders that read the page's drawing (rulings, a scan's image) come before
those that read its loose text (:attr:`PageWork.lines`: the text outside the
tables found so far, fixed when first asked for).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Callable

from council_plans.parsers.page.pageview import PageView
from council_plans.parsers.page.render import Picture
from council_plans.parsers.page.textlines import Char, Line, lines_of
from council_plans.parsers.settings import ExtractSettings
from council_plans.parsers.tables.cell_index import PlacedChars
from council_plans.parsers.tables.borderless import PageContext, borderless_grids, horizontal_rules
from council_plans.parsers.tables.continued import continued_grid
from council_plans.parsers.tables.grid import Grid, TextColumns
from council_plans.parsers.tables.headerless_text import headerless_text_grids
from council_plans.parsers.tables.image_ruled import available as image_tables_available
from council_plans.parsers.tables.image_ruled import image_ruled_grids, wants_image_rulings
from council_plans.parsers.tables.ruled import ruled_grids


@dataclass
class PageWork:
    """One page as the table finders see it."""

    view: PageView  #: upright (a sideways page already turned)
    chars: list[Char]  #: the view's upright characters
    angle: int  #: how far the page was turned to read it upright
    settings: ExtractSettings
    picture: Picture  #: renders the page (a scan's rulings are in its pixels)
    carry: TextColumns | None = None  #: columns of a borderless table running off the page before
    grids: list[Grid] = field(default_factory=list)  #: found so far, in finder order
    _lines: list[Line] | None = None

    @cached_property
    def placed(self) -> PlacedChars:
        """The characters placed once for every reader: cells, loose lines."""
        return PlacedChars(self.chars)

    @property
    def lines(self) -> list[Line]:
        """Text lines of the characters outside the tables found before this
        was first asked for (what the page summary keeps as its loose text)."""
        if self._lines is None:
            placed = self.placed
            self._lines = lines_of(placed.columns.take(placed.outside([g.bbox for g in self.grids])))
        return self._lines


def _ruled(page: PageWork) -> list[Grid]:
    return ruled_grids(page.view, page.placed)


def _image_ruled(page: PageWork) -> list[Grid]:
    """A scan (or a table pasted in as a picture): rulings only in the image."""
    if page.angle or not wants_image_rulings(page.view, page.grids) or not image_tables_available():
        return []
    return image_ruled_grids(page.picture, page.view, page.chars)


def _text_context(page: PageWork) -> PageContext:
    view = page.view
    return PageContext(view.number, view.width, view.fills, horizontal_rules(view.edges))


def _borderless(page: PageWork) -> list[Grid]:
    return borderless_grids(page.lines, _text_context(page), page.settings.min_header_fields)


def _continued(page: PageWork) -> list[Grid]:
    """Rows at the top of the page of a borderless table from the page before
    that prints no header here (:mod:`parsers.tables.continued`)."""
    if page.carry is None or page.angle:
        return []
    grid = continued_grid(page.lines, _text_context(page), page.carry, page.grids,
                          page.settings.min_header_fields)
    return [grid] if grid is not None else []


def _headerless_text(page: PageWork) -> list[Grid]:
    """Text in columns with no header and no rulings (:mod:`parsers.tables.headerless_text`)."""
    return headerless_text_grids(page.lines, _text_context(page), page.grids, page.settings.min_header_fields)


Finder = Callable[[PageWork], list[Grid]]

#: name -> finder, in the order they run; the name is the kind named in warnings
FINDERS: dict[str, Finder] = {
    "ruled": _ruled,
    "image-ruled": _image_ruled,
    "borderless": _borderless,
    "continued": _continued,
    "headerless-text": _headerless_text,
}


def guarded(kind: str, page: int, warnings: list[str], find: Callable[[], list[Grid]]) -> list[Grid]:
    """Run a table finder on a page: a bug of ours on one odd page loses that
    page's tables of this kind (with a warning naming the page), not the plan."""
    try:
        return find()
    except (MemoryError, RecursionError):
        raise
    except Exception as exc:  # geometry on our own objects: any failure is ours
        warnings.append(f"page {page}: {kind} tables skipped: internal error finding them "
                        f"({type(exc).__name__}: {exc}); please report it with the file")
        return []


def find_tables(page: PageWork, warnings: list[str], finders: dict[str, Finder] | None = None) -> list[Grid]:
    """Every table of the page, finder by finder (:data:`FINDERS` by default)."""
    for kind, finder in (FINDERS if finders is None else finders).items():
        page.grids += guarded(kind, page.view.number, warnings, partial(finder, page))
    return page.grids
