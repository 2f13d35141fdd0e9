"""The whole-document pass: pages -> grids -> items, plus document metadata.

Pages are read one at a time and reduced to a small :class:`PageSummary`, so
memory stays flat on 600-page agenda packs; furniture (running headers,
footers, page numbers) is learnt from all pages before headings are read.
"""
from __future__ import annotations

from functools import partial
from typing import Any, Callable

from council_plans.schema.items import DocumentInfo, Extraction, SourceInfo

from council_plans.parsers.assemble import Assembler, PageSummary
from council_plans.parsers.columns.locate import header_row
from council_plans.parsers.columns.overrides import TableContext
from council_plans.parsers.tables.cards import card_of
from council_plans.parsers.tables.borderless import PageContext, borderless_grids, horizontal_rules, phrases_of
from council_plans.parsers.page.geometry import centre_in, centres_outside
from council_plans.parsers.tables.grid import Grid
from council_plans.parsers.page.load import open_pdf, pages_to_read, reading, sha256_of
from council_plans.parsers.page.noise import Furniture, upright_chars
from council_plans.parsers.page.pageview import PageView, page_view
from council_plans.parsers.page.pdfium_model import PdfiumPages
from council_plans.parsers.page.rotate import page_bbox, page_text_rotation, turn_page
from council_plans.parsers.tables.image_ruled import available as image_tables_available
from council_plans.parsers.tables.image_ruled import image_ruled_grids, wants_image_rulings
from council_plans.parsers.tables.readings import table_readings
from council_plans.parsers.tables.ruled import ruled_grids
from council_plans.parsers.settings import ExtractSettings
from council_plans.parsers.trace import Trace
from council_plans.parsers.page.textlayer import check_text_layer, page_status
from council_plans.parsers.page.textlines import lines_of
from council_plans.parsers.page.triage import open_triage, text_lines


def read_page(page, settings: ExtractSettings, trace: Trace | None = None) -> PageSummary:
    """Reduce one pdfplumber page to its grids and loose text lines."""
    return read_view(page_view(page), lambda: page, settings, trace)


def read_view(original: PageView, plumber_page: Callable[[], Any], settings: ExtractSettings,
              trace: Trace | None = None) -> PageSummary:
    """Reduce one page model to its grids and loose text lines;
    ``plumber_page`` gives the pdfplumber page when a scan must be rendered."""
    angle = page_text_rotation(original)
    view = turn_page(original, angle)
    if trace is not None:
        trace.saw_view(view, angle)
    chars = upright_chars(view.chars)
    warnings: list[str] = []
    grids = _guarded("ruled", view.number, warnings, lambda: ruled_grids(view, chars))
    if not angle and wants_image_rulings(view, grids) and image_tables_available():
        grids = image_ruled_grids(plumber_page(), view, chars)  # a scan: rulings only in the image
    loose = centres_outside(chars, [g.bbox for g in grids])
    lines = lines_of(loose)
    ctx = PageContext(view.number, view.width, view.fills, horizontal_rules(view.edges))
    grids += _guarded("borderless", view.number, warnings,
                      lambda: borderless_grids(lines, ctx, settings.min_header_fields))
    if angle:
        _boxes_to_page_frame(grids, angle, view.width, view.height)
    return PageSummary(view.number, view.width, view.height, lines, grids, page_status(original), warnings)


def _guarded(kind: str, page: int, warnings: list[str], find: Callable[[], list[Grid]]) -> list[Grid]:
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


def _boxes_to_page_frame(grids: list[Grid], angle: int, width: float, height: float) -> None:
    """Provenance boxes are given on the page as pdfplumber presents it, not
    on the turned view a sideways table was read from."""
    for g in grids:
        for row in g.rows:
            for cell in row.cells:
                if cell is not None:
                    cell.bbox = page_bbox(cell.bbox, angle, width, height)


def range_warnings(n: int, settings: ExtractSettings) -> list[str]:
    """A warning when the pages asked for run past the document's end."""
    first, last = settings.first_page, settings.last_page
    if (first or 1) <= n and (last or n) <= n:
        return []
    asked = f"{first or 1}-{last}" if last and last != first else f"{first or last}"
    read = pages_to_read(n, settings)
    got = f"read pages {read.start}-{read.stop - 1}" if read else "no page read"
    return [f"pages {asked} asked for, but the document has {n} page{'s' if n != 1 else ''}: {got}"]


#: document metadata is read from this many first pages (all their lines are kept)
METADATA_PAGES = 20


def _read_pages(pdf, data: bytes, name: str, settings: ExtractSettings,
                trace: Trace | None) -> list[PageSummary]:
    """Summaries of the pages in range: pages that triage (pdfium) shows cannot
    hold a table give only their text lines; the others are parsed in full,
    from pdfium's page model when ``settings.engine`` says so and pdfium
    reads the file (else from pdfplumber's)."""
    numbers = pages_to_read(len(pdf.pages), settings)
    pdfium = settings.engine == "pdfium"
    triage = open_triage(data, len(pdf.pages)) if settings.triage or pdfium else None
    models = PdfiumPages(pdf.pages) if triage and pdfium else None
    sketches = triage.pages(numbers) if triage else ((n, None, None) for n in numbers)
    summaries: list[PageSummary] = []
    try:
        for number, textpage, sketch in sketches:
            with reading(name, f"page {number}", data):  # errors say which page broke
                if settings.triage and sketch is not None and not sketch.may_hold_table:
                    lines = text_lines(textpage, sketch, len(summaries) < METADATA_PAGES)
                    summaries.append(PageSummary(number, sketch.width, sketch.height, lines, []))
                elif models is not None and triage is not None:
                    view = models.view(triage.page, textpage, number)
                    summaries.append(read_view(view, partial(_plumber_page, pdf, number), settings, trace))
                else:
                    page = pdf.pages[number - 1]
                    summaries.append(read_page(page, settings, trace))
                    page.close()
    finally:
        if triage:
            sketches.close()  # type: ignore[union-attr]  # its last page before the document
            triage.close()
    return summaries


def _plumber_page(pdf: Any, number: int) -> Any:
    return pdf.pages[number - 1]


def extract_document(data: bytes, name: str, settings: ExtractSettings,
                     trace: Trace | None = None) -> Extraction:
    """Parse PDF ``data`` into an :class:`Extraction` (see module doc); a
    ``trace`` is filled with what was seen on the way (``plans inspect``)."""
    from council_plans.parsers import PARSER_VERSION

    pdf = open_pdf(data, name, settings)
    repaired = getattr(pdf, "repaired", None)
    try:
        npages = len(pdf.pages)
        summaries = _read_pages(pdf, data, name, settings, trace)
    finally:
        pdf.close()
    source = SourceInfo(path=name, sha256=sha256_of(data), pages=npages, size=len(data))
    blank, warnings = check_text_layer(((s.number, s.text_status) for s in summaries), name)
    warnings[:0] = range_warnings(npages, settings)
    if repaired:
        warnings.insert(0, f"damaged cross-reference table repaired before reading ({repaired})")
    furniture = Furniture((s.height, s.lines) for s in summaries)
    info = _document_info(summaries, settings)  # its council picks a council's own layout profiles
    asm = Assembler(settings.min_header_fields, trace, TableContext(
        source.sha256, info.authority, settings.column_roles, settings.profiles))
    for s in summaries:
        kept = [ln for ln in s.lines if not furniture.is_noise(ln, s.height)]
        if trace is not None and trace.wants(s.number):
            trace.saw_furniture(s.number, [ln for ln in s.lines if not any(ln is k for k in kept)])
        asm.feed_page(s, kept)
    _normalise_dates(asm.items)
    tables, low = table_readings(asm.readings, asm.items, settings.min_table_confidence)
    warnings += [w for s in summaries for w in s.warnings] + asm.warnings + low
    sections = {(it.section or "").strip() for it in asm.items}
    if info.title and sections == {info.title.strip()}:  # the title over the plan's only table is no theme
        for it in asm.items:
            it.section = None
    return Extraction(source=source, document=info,
                      items=asm.items, tables=tables,
                      warnings=warnings, parser_version=PARSER_VERSION, pages_without_text=blank)


def _normalise_dates(items) -> None:
    from council_plans.parsers.values.dates import due_date

    for it in items:
        it.due_date = due_date(it.timescale)


def _document_info(summaries: list[PageSummary], settings: ExtractSettings) -> DocumentInfo:
    from council_plans.parsers.metadata.detect import detect_document_info

    texts = [page_text(s, settings.min_header_fields) for s in summaries[:METADATA_PAGES]]
    return detect_document_info(texts, settings.authority)


def page_text(summary: PageSummary, min_fields: int = ExtractSettings.min_header_fields) -> str:
    """The page's text top to bottom for metadata detection: phrases set
    apart by wide gaps and the cells of non-plan tables (cover sheets like
    "Report title<TAB>...") are tab-separated; action tables are left out."""
    plans = [g for g in summary.grids if header_row(g, min_fields) or card_of(g, min_fields)]
    parts = [(ln.top, "\t".join(ph.text for ph in phrases_of(ln, gap_em=0.6)))
             for ln in summary.lines if not any(centre_in(_line_obj(ln), g.bbox) for g in plans)]
    parts += [(g.bbox[1], "\t") for g in plans]  # an action table: no heading runs across it
    for g in summary.grids:
        if g.kind == "ruled" and g not in plans:
            for row in g.rows:
                cells = [c.text for c in row.cells if c is not None and not c.span_above]
                parts.append((row.top, "\t".join(cells)))
    return "\n".join(text for _, text in sorted(parts, key=lambda p: p[0]))


def _line_obj(line) -> dict:
    x0, top, x1, bottom = line.bbox
    return {"x0": x0, "top": top, "x1": x1, "bottom": bottom}
