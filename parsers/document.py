"""The whole-document pass: pages -> grids -> items, plus document metadata.

Pages are read one at a time and reduced to a small :class:`PageSummary`, so
memory stays flat on 600-page agenda packs; furniture (running headers,
footers, page numbers) is learnt from all pages before headings are read.
"""
from __future__ import annotations

from functools import partial
from typing import Any

from council_plans.schema.items import DocumentInfo, Extraction, SourceInfo

from council_plans.parsers.assemble import Assembler, PageSummary
from council_plans.parsers.columns.locate import header_row
from council_plans.parsers.columns.overrides import TableContext
from council_plans.parsers.tables.cards import card_of
from council_plans.parsers.tables.borderless import phrases_of
from council_plans.parsers.tables.finders import PageWork, find_tables
from council_plans.parsers.tables.continued import carried_columns
from council_plans.parsers.tables.grid import Grid, TextColumns
from council_plans.parsers.page.load import open_pdf, pages_to_read, reading, sha256_of
from council_plans.parsers.metadata.lines import LineCell, PageLine
from council_plans.parsers.page.noise import Furniture, upright_chars
from council_plans.parsers.page.textlines import Line, Word, lines_outside
from council_plans.parsers.page.pageview import PageView, page_view
from council_plans.parsers.page.pdfium_model import PdfiumPages
from council_plans.parsers.page.rotate import page_bbox, page_text_rotation, turn_page
from council_plans.parsers.tables.marks import mark_cells
from council_plans.parsers.tables.readings import table_readings
from council_plans.parsers.settings import ExtractSettings
from council_plans.parsers.trace import Trace
from council_plans.parsers.page.textlayer import check_text_layer, page_status
from council_plans.parsers.page.render import Picture, draws_as_plumber, pdfium_picture, plumber_picture
from council_plans.parsers.page.triage import open_triage, text_lines


def read_page(page, settings: ExtractSettings, trace: Trace | None = None,
              carry: TextColumns | None = None) -> PageSummary:
    """Reduce one pdfplumber page to its grids and loose text lines."""
    return read_view(page_view(page), partial(plumber_picture, page), settings, trace, carry)


def read_view(original: PageView, picture: Picture, settings: ExtractSettings,
              trace: Trace | None = None, carry: TextColumns | None = None) -> PageSummary:
    """Reduce one page model to its grids and loose text lines;
    ``picture`` renders the page when a scan's rulings must be found;
    ``carry``: the columns of a borderless table running off the page before."""
    angle = page_text_rotation(original)
    view = turn_page(original, angle)
    if trace is not None:
        trace.saw_view(view, angle)
    warnings: list[str] = []
    work = PageWork(view, upright_chars(view.chars), angle, settings, picture, carry)
    grids = find_tables(work, warnings)
    mark_cells(grids, work.chars, view.fills)
    if angle:
        _boxes_to_page_frame(grids, angle, view.width, view.height)
    return PageSummary(view.number, view.width, view.height, work.lines, grids, page_status(original), warnings)


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
    hold a table give only their text lines (unless a borderless table runs
    on to them from the page before: its last row's end may be all they hold); the others are parsed in full,
    from pdfium's page model when ``settings.engine`` says so and pdfium
    reads the file (else from pdfplumber's)."""
    numbers = pages_to_read(len(pdf.pages), settings)
    pdfium = settings.engine == "pdfium"
    triage = open_triage(data, len(pdf.pages)) if settings.triage or pdfium else None
    models = PdfiumPages(pdf.pages) if triage and pdfium else None
    pdfium_draws = models is not None and triage is not None and not getattr(pdf, "repaired", None) \
        and draws_as_plumber(triage.pdf)  # else scans are drawn by pdfplumber
    sketches = triage.pages(numbers) if triage else ((n, None, None) for n in numbers)
    summaries: list[PageSummary] = []
    carry: TextColumns | None = None
    try:
        for number, textpage, sketch in sketches:
            with reading(name, f"page {number}", data):  # errors say which page broke
                if settings.triage and sketch is not None and not sketch.may_hold_table and carry is None:
                    lines = text_lines(textpage, sketch, len(summaries) < METADATA_PAGES)
                    summaries.append(PageSummary(number, sketch.width, sketch.height, lines, []))
                elif models is not None and triage is not None:
                    view = models.view(triage.page, textpage, number, sketch.objects if sketch else None)
                    picture = (partial(pdfium_picture, triage.page) if pdfium_draws
                               else partial(_plumber_picture, pdf, number))
                    summaries.append(read_view(view, picture, settings, trace, carry))
                else:
                    page = pdf.pages[number - 1]
                    summaries.append(read_page(page, settings, trace, carry))
                    page.close()
            carry = carried_columns(summaries[-1].grids, summaries[-1].height)
    finally:
        if triage:
            sketches.close()  # type: ignore[union-attr]  # its last page before the document
            triage.close()
    return summaries


def _plumber_picture(pdf: Any, number: int, dpi: float) -> Any:
    return plumber_picture(pdf.pages[number - 1], dpi)


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
    info = _document_info(summaries, settings, furniture)  # its council picks a council's own layout profiles
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


def _document_info(summaries: list[PageSummary], settings: ExtractSettings,
                   furniture: Furniture) -> DocumentInfo:
    from council_plans.parsers.metadata.detect import detect_document_info

    pages = [page_lines(s, settings.min_header_fields) for s in summaries[:METADATA_PAGES]]
    running = [_text_line(ln) for ln in furniture.running_lines()]
    return detect_document_info(pages, settings.authority, running)


#: phrases of a line further apart than this many ems are separate cells
_CELL_GAP_EM = 0.6


def page_lines(summary: PageSummary, min_fields: int = ExtractSettings.min_header_fields) -> list[PageLine]:
    """The page's lines top to bottom for metadata detection: loose text split
    into cells at wide gaps, and the rows of non-plan tables (cover sheets like
    "Report title | ..."); an action table stands as one line of two empty
    cells, its own text left out."""
    plans = [g for g in summary.grids if header_row(g, min_fields) or card_of(g, min_fields)]
    parts = [(ln.top, _text_line(ln)) for ln in lines_outside(summary.lines, (g.bbox for g in plans))]
    parts += [(g.bbox[1], _table_stands(g)) for g in plans]  # no heading runs across it
    for g in summary.grids:
        if g.kind == "ruled" and g not in plans:
            for row in g.rows:
                cells = [LineCell(c.text, c.bbox[0], c.bbox[2], c.bbox[1], c.bbox[3], bold=c.bold)
                         for c in row.cells if c is not None and not c.span_above]
                parts.append((row.top, PageLine(tuple(cells))))
    return [line for _, line in sorted(parts, key=lambda p: p[0])]


def _text_line(line: Line) -> PageLine:
    return PageLine(tuple(LineCell(ph.text, ph.x0, ph.x1, min(w.top for w in ph.words),
                                   max(w.bottom for w in ph.words), max(w.size for w in ph.words),
                                   _bold(ph.words))
                          for ph in phrases_of(line, gap_em=_CELL_GAP_EM)))


def _bold(words: list[Word]) -> bool:
    """Bold as a line is (:attr:`Line.bold`): every word with letters bold."""
    return Line(words).bold


def _table_stands(grid: Grid) -> PageLine:
    x0, top, x1, bottom = grid.bbox
    return PageLine((LineCell("", x0, x0, top, bottom), LineCell("", x1, x1, top, bottom)))

