"""The metadata readers get each page as lines of cells with their positions,
font sizes and weight, built once from the page model, not text printed with
tabs and split back."""
from __future__ import annotations

from pathlib import Path

from council_plans.parsers.assemble import PageSummary
from council_plans.parsers.document import page_lines
from council_plans.parsers.metadata.detect import detect_document_info
from council_plans.parsers.metadata.lines import LineCell, PageLine, is_blank, lines_from_text
from council_plans.parsers.metadata.text import line_cells
from council_plans.parsers.page.textlines import Line, Word
from council_plans.parsers.tables.grid import Grid, GridCell, GridRow

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "pdfs" / "ruled-rag-fill.pdf"


def _line(top: float, *phrases: tuple[float, str], size: float = 10.0, bold: bool = False) -> Line:
    words = []
    for x, text in phrases:
        for word in text.split():
            words.append(Word(word, x, top, x + 6 * len(word), top + size, size, bold))
            x += 6 * len(word) + 3
    return Line(words)


def test_a_page_reads_as_lines_of_cells_with_position_size_and_weight_top_to_bottom():
    heading = _line(60, (50, "Improvement Plan 2017/18"), size=18, bold=True)
    split = _line(120, (50, "Report author"), (300, "Jane Smith"))
    cover = Grid(1, (40, 90, 500, 110), [40, 200],
                 [GridRow([GridCell("Report title", (40, 90, 200, 110), bold=True),
                           GridCell("Children's Plan", (200, 90, 500, 110))], 90, 110)])
    lines = page_lines(PageSummary(1, 600, 800, [split, heading], [cover]))
    assert [ln.texts() for ln in lines] == [["Improvement Plan 2017/18"], ["Report title", "Children's Plan"],
                                            ["Report author", "Jane Smith"]]
    title = lines[0].cells[0]
    assert (title.size, title.bold, title.x0, title.top) == (18, True, 50, 60)
    assert lines[1].cells[0] == LineCell("Report title", 40, 200, 90, 110, bold=True)
    assert lines[2].cells[1].x0 == 300 and not lines[2].cells[1].bold


def test_an_action_table_stands_as_an_empty_line_that_no_heading_runs_across():
    table = Grid(1, (40, 200, 560, 700), [40, 120, 300, 450],
                 [GridRow([GridCell(t, (0, 0, 1, 1)) for t in ("Ref", "Action", "Lead", "Timescale")],
                          200, 220),
                  GridRow([GridCell(t, (0, 0, 1, 1)) for t in ("1.1", "Review the plan", "AB", "March 2018")],
                          220, 260)])
    lines = page_lines(PageSummary(1, 600, 800, [], [table]))
    assert [ln.texts() for ln in lines] == [["", ""]]
    assert is_blank(lines) and line_cells(lines) == [["", ""]]


def test_text_given_as_text_reads_like_the_same_lines_built_from_a_page():
    page = "Improvement Plan 2017/18\nReport author\tJane Smith"
    built = (PageLine((LineCell("Improvement Plan 2017/18", 50, 200, 60, 78, 18, True),)),
             PageLine((LineCell("Report author", 50, 120), LineCell("Jane Smith", 300, 360))))
    assert lines_from_text(page)[1].texts() == ["Report author", "Jane Smith"]
    assert detect_document_info([page]) == detect_document_info([built])


def test_a_real_plan_cover_is_read_from_its_structured_lines():
    import council_plans as cp

    info = cp.extract(str(SAMPLE)).document
    assert (info.title, info.period, info.version) == ("Children's Services Improvement Plan 2016/17", "2016/17",
                                                       "12")


def _sized(top: float, *cells: tuple[str, float]) -> PageLine:
    return PageLine(tuple(LineCell(text, 50 + 80 * i, 120 + 80 * i, top, top + size, size)
                          for i, (text, size) in enumerate(cells)))


def test_a_cover_whose_rules_find_one_word_is_titled_by_its_largest_heading():
    cover = (_sized(40, ("P", 10)), _sized(100, ("Children", 16), ("and", 16), ("Young", 16), ("People's", 16)),
             _sized(120, ("Improvement", 16), ("Plan", 16), ("2016/17", 16)),
             *[_sized(200 + 20 * i, ("Ref", 8), ("Lead", 8), ("Timescale", 8), ("Progress", 8)) for i in range(4)])
    info = detect_document_info([cover])
    assert info.title == "Children and Young People's Improvement Plan 2016/17"
    assert info.period == "2016/17"


def test_a_cover_printed_all_at_one_size_has_no_largest_heading():
    cover = (_sized(40, ("P", 10)), _sized(100, ("Children", 10), ("and", 10), ("Young", 10)))
    assert detect_document_info([cover]).title == "P"
    two_words = (_sized(40, ("Improvement Plan 2017/18", 10)),
                 _sized(60, ("The plan sets out the actions we will take this year.", 10)),
                 _sized(90, ("Larger Print Line", 20)))
    assert detect_document_info([two_words]).title == "Improvement Plan 2017/18"  # the rules found a title
