"""The page model read with pdfium instead of pdfminer: the same :class:`PageView`.

pdfminer's content-stream interpreter (pure Python) costs about half a
second on a dense table page; pdfium (C++) reads the same characters and
drawings in a few milliseconds, and pypdfium2 is already there for triage.
Characters come from the text page (:mod:`parsers.page.pdfium_chars`),
rulings, fills and images from the page objects
(:mod:`parsers.page.pdfium_paths`), both in pdfplumber's frame (y down,
``/Rotate`` applied, MediaBox offsets as pdfplumber adds them), so every
stage after the page model reads the same view from either engine.
``ExtractSettings.engine = "pdfplumber"`` keeps the pdfminer path.
"""
from __future__ import annotations

from typing import Any

from council_plans.parsers.page.pageview import PageView
from council_plans.parsers.page.pdfium_calls import calls, handle
from council_plans.parsers.page.pdfium_chars import CharReader, Placed
from council_plans.parsers.page.pdfium_fonts import DocumentFonts
from council_plans.parsers.page.pdfium_paths import Affine, PageObject, add_drawings, page_frame, page_objects

class PdfiumPages:
    """Builds page views from pypdfium2 pages of one document."""

    def __init__(self, plumber_pages: Any = None) -> None:
        """``plumber_pages``: the same document's pdfplumber pages, whose font
        dictionaries give the fonts' metrics as pdfminer reads them."""
        self.fn = calls()
        self.reader = CharReader(self.fn, DocumentFonts(plumber_pages) if plumber_pages is not None else None)

    def view(self, page: Any, textpage: Any, number: int,
             objects: list[PageObject] | None = None) -> PageView:
        """The :class:`PageView` of pypdfium2 ``page`` (1-based ``number``)
        from its open ``textpage`` and its ``objects`` (read here unless
        triage read them: :func:`parsers.page.pdfium_paths.page_objects`)."""
        rotation = int(page.get_rotation() or 0) % 360
        to_page, ctm, width, height = page_frame(tuple(page.get_mediabox()), rotation)
        view = PageView(number=number, width=width, height=height,
                        chars=self.reader.chars(handle(textpage.raw), to_page, ctm, number),
                        rotation=rotation)

        spaces: list[Placed] = []

        def lone_space(obj: int, chain: Affine) -> None:
            space = self.reader.lone_space(obj, chain)
            if space is not None:
                spaces.append(space)

        if objects is None:
            objects = page_objects(handle(page.raw), self.fn)
        add_drawings(objects, self.fn, to_page, view, lone_space, self.reader.runs)
        view.chars += self.reader.boxed(spaces)  # boxed together: one array pass, not one per space
        return view


__all__ = ["PdfiumPages"]
