"""The whole-document pass: pages -> grids -> items, plus document metadata.

Pages are read one at a time and reduced to a small :class:`PageSummary`, so
memory stays flat on 600-page agenda packs; furniture (running headers,
footers, page numbers) is learnt from all pages before headings are read.
"""
from __future__ import annotations

from schema.items import DocumentInfo, Extraction, SourceInfo

from .assemble import Assembler, PageSummary
from .borderless import PageContext, borderless_grids, horizontal_rules
from .errors import NoTextLayer
from .geometry import centre_in
from .load import open_pdf, sha256_of
from .noise import Furniture, upright_chars
from .pageview import page_view
from .ruled import ruled_grids
from .settings import ExtractSettings
from .textlines import lines_of


def read_page(page, settings: ExtractSettings) -> PageSummary:
    """Reduce one pdfplumber page to its grids and loose text lines."""
    from .rotate import make_upright

    view = make_upright(page_view(page))
    chars = upright_chars(view.chars)
    grids = ruled_grids(view, chars)
    loose = [c for c in chars if not any(centre_in(c, g.bbox) for g in grids)]
    lines = lines_of(loose)
    ctx = PageContext(view.number, view.width, view.fills, horizontal_rules(view.edges))
    grids += borderless_grids(lines, ctx, settings.min_header_fields)
    has_text = any(not c["text"].isspace() for c in view.chars)
    return PageSummary(view.number, view.width, view.height, lines, grids, has_text)


def _page_range(n: int, settings: ExtractSettings) -> range:
    lo = max(1, settings.first_page or 1)
    hi = min(n, settings.last_page or n)
    return range(lo, hi + 1)


def extract_document(data: bytes, name: str, settings: ExtractSettings) -> Extraction:
    """Parse PDF ``data`` into an :class:`Extraction` (see module doc)."""
    from . import PARSER_VERSION

    pdf = open_pdf(data, name, settings)
    try:
        npages = len(pdf.pages)
        summaries = []
        for number in _page_range(npages, settings):
            page = pdf.pages[number - 1]
            summaries.append(read_page(page, settings))
            page.close()
    finally:
        pdf.close()
    source = SourceInfo(path=name, sha256=sha256_of(data), pages=npages, size=len(data))
    blank = [s.number for s in summaries if not s.has_text]
    if summaries and len(blank) == len(summaries):
        raise NoTextLayer(name, f"{len(blank)} of {len(summaries)} pages are images")
    furniture = Furniture((s.height, s.lines) for s in summaries)
    asm = Assembler(settings.min_header_fields)
    for s in summaries:
        asm.feed_page(s, [ln for ln in s.lines if not furniture.is_noise(ln, s.height)])
    _normalise_dates(asm.items)
    warnings = [f"page {n}: no text layer (scanned image?)" for n in blank]
    return Extraction(source=source, document=_document_info(summaries), items=asm.items,
                      warnings=warnings, parser_version=PARSER_VERSION, pages_without_text=blank)


def _normalise_dates(items) -> None:
    from .dates import due_date

    for it in items:
        it.due_date = due_date(it.timescale)


def _document_info(summaries: list[PageSummary]) -> DocumentInfo:
    from .metadata import detect_document_info

    texts = ["\n".join(ln.text for ln in s.lines) for s in summaries[:4]]
    return detect_document_info(texts)
