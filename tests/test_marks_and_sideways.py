"""RAG shown as small coloured marks (dots, ticks) named by a key on the page,
and text printed sideways in a merged cell inside a ruled table."""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from council_plans.parsers import extract
from council_plans.parsers.columns.headers import HeaderMap
from council_plans.parsers.settings import ExtractSettings
from council_plans.parsers.tables.grid import Grid, GridCell, GridRow
from council_plans.parsers.tables.marks import (Mark, _may_be_marks, glyph_mark, legend, mark_cells, mark_level,
                                                page_marks)
from council_plans.parsers.tables.sideways import sideways_text
from council_plans.parsers.themes import theme_column
from council_plans.parsers.values.rag import SWATCHES, rag_from_colour

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "pdfs"
PURPLE = (0.44, 0.19, 0.63)
GREEN = (0.0, 0.69, 0.31)


def _expected(name: str) -> list[dict]:
    return json.loads((SAMPLES / f"{name}.expected.json").read_text(encoding="utf-8"))["items"]


def _char(text: str, x0: float, top: float, colour=(0.0, 0.0, 0.0), font: str = "Helvetica",
          size: float = 8.0) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + size * 0.55, "top": top, "bottom": top + size, "size": size,
            "fontname": font, "non_stroking_color": colour, "upright": True}


def _word(text: str, x0: float, top: float) -> list[dict]:
    return [_char(ch, x0 + k * 4.4, top) for k, ch in enumerate(text)]


def _dot(x0: float, top: float, colour, side: float = 7.0) -> dict:
    return {"x0": x0, "top": top, "x1": x0 + side, "bottom": top + side, "color": colour}


def test_a_coloured_dot_or_glyph_in_a_status_cell_gives_the_rag_of_its_colour():
    got = extract(SAMPLES / "rag-dots.pdf").items
    want = _expected("rag-dots")
    assert [(it.ref, it.rag) for it in got] == [(w["ref"], w["rag"]) for w in want]
    assert {"red", "amber", "green", "blue"} <= {it.rag for it in got}


def test_the_key_itself_gives_no_item_and_no_mark_is_left_in_a_cell():
    items = extract(SAMPLES / "rag-dots.pdf").items
    assert len(items) == len(_expected("rag-dots"))
    assert not any("Some slippage" in (it.action or "") or "Key" in (it.section or "") for it in items)
    assert all(not it.extra for it in items)


def test_both_page_engines_read_the_marks_alike():
    pdfium = extract(SAMPLES / "rag-dots.pdf", ExtractSettings(engine="pdfium")).items
    plumber = extract(SAMPLES / "rag-dots.pdf", ExtractSettings(engine="pdfplumber")).items
    assert [(it.ref, it.rag, it.progress) for it in pdfium] == [(it.ref, it.rag, it.progress) for it in plumber]


def test_a_key_names_a_mark_whose_colour_names_no_rag():
    chars = _word("Complete", 60, 100) + _word("At risk", 160, 100)
    marks = page_marks(chars, [_dot(50, 100.5, PURPLE), _dot(150, 100.5, (1.0, 0.75, 0.0))])
    key = legend(marks, chars)
    assert key == {marks[0].key: "complete", marks[1].key: "at risk"}
    assert rag_from_colour(PURPLE) is None
    assert mark_level(Mark((300, 300, 307, 307), PURPLE), key) == "blue"
    assert mark_level(Mark((300, 300, 307, 307), (1.0, 0.75, 0.0)), key) == "amber"


def test_a_key_drawn_as_dots_names_a_coloured_glyph_of_the_same_colour_but_not_a_black_one():
    chars = _word("Complete", 60, 100)
    key = legend(page_marks(chars, [_dot(50, 100.5, PURPLE)]), chars)
    assert mark_level(Mark((300, 300, 306, 308), PURPLE, "\u25cf"), key) == "blue"
    black = _word("Done", 60, 120)
    key = legend(page_marks(black, [_dot(50, 120.5, (0.0, 0.0, 0.0))]) + page_marks([_char("\u2714", 50, 120)], []),
                 black)
    assert mark_level(Mark((300, 300, 306, 308), (0.0, 0.0, 0.0), "\u2716"), key) is None


def test_without_a_key_a_mark_of_no_rag_colour_gives_no_rating():
    assert mark_level(Mark((300, 300, 307, 307), PURPLE), {}) is None
    assert mark_level(Mark((300, 300, 307, 307), GREEN), {}) == "green"


def test_a_black_tick_is_a_mark_but_a_black_bullet_is_not():
    tick = _char("4", 50, 100, font="ZapfDingbats")
    bullet = _char("l", 50, 120, font="ZapfDingbats")
    unicode_tick = _char("\u2714", 50, 140)
    marks = page_marks([tick, bullet, unicode_tick], [])
    assert [m.glyph for m in marks] == ["4", "\u2714"]
    coloured = page_marks([_char("\u25cf", 50, 100, colour=GREEN), _char("\u2022", 60, 100, colour=GREEN)], [])
    assert [m.glyph for m in coloured] == ["\u25cf"]


def test_a_border_drawn_as_a_thin_filled_rectangle_is_not_a_mark():
    fills = [{"x0": 10, "top": 10, "x1": 10.96, "bottom": 16.4, "color": GREEN},
             {"x0": 10, "top": 10, "x1": 40, "bottom": 22, "color": GREEN}]
    assert page_marks([], fills) == []


def _status_grid(texts: list[str]) -> Grid:
    grid = Grid(page=1, bbox=(0, 0, 300, 20 * len(texts)), col_x=[0, 200])
    for r, text in enumerate(texts):
        top = 20.0 * r
        grid.rows.append(GridRow([GridCell(text=text, bbox=(0, top, 200, top + 20)),
                                  GridCell(text="", bbox=(200, top, 300, top + 20))], top, top + 20))
    return grid


def test_a_cell_with_a_dot_reads_as_coloured_and_loses_only_the_glyph():
    grid = _status_grid(["\u25cf On track"])
    chars = [_char("\u25cf", 5, 6, colour=GREEN)]
    mark_cells([grid], chars, [_dot(240, 6, (0.75, 0.0, 0.0))])
    cell, status = grid.rows[0].cells
    assert cell is not None and status is not None
    assert (cell.text, rag_from_colour(cell.fill)) == ("On track", "green")
    assert rag_from_colour(status.fill) == "red"


def test_a_coloured_bullet_in_a_long_narrative_cell_is_decoration():
    text = "\u25cf Training sessions for front-line staff have been held in every locality this quarter"
    grid = _status_grid([text])
    mark_cells([grid], [_char("\u25cf", 5, 6, colour=GREEN)], [])
    cell = grid.rows[0].cells[0]
    assert cell is not None and cell.text == text and cell.fill is None


@pytest.mark.parametrize("level", sorted(SWATCHES))
def test_each_swatch_classifies_back_to_its_level(level):
    assert rag_from_colour(SWATCHES[level]) == level


def test_text_printed_sideways_in_a_merged_cell_is_the_section_of_the_rows_it_spans():
    got = extract(SAMPLES / "rotated-priorities.pdf").items
    want = _expected("rotated-priorities")
    assert [(it.action, it.section) for it in got] == [(w["action"], w["section"]) for w in want]
    assert len({it.section for it in got}) > 1 and all(not it.extra for it in got)


def test_a_sideways_page_stamp_in_the_margin_stays_out_of_the_items():
    for it in extract(SAMPLES / "rotated-priorities.pdf").items:
        assert "Page 3" not in " ".join(str(v) for v in (it.section, it.action, it.progress, it.extra))


def test_sideways_characters_read_upwards_or_downwards_come_out_in_reading_order():
    up = [{"text": ch, "x0": 10.0, "x1": 18.0, "top": 100.0 - 5 * k, "bottom": 105.0 - 5 * k, "size": 8.0,
           "matrix": (0, 1, -1, 0, 0, 0), "fontname": "Helvetica-Bold"} for k, ch in enumerate("Theme")]
    down = [{**c, "matrix": (0, -1, 1, 0, 0, 0), "top": 100.0 + 5 * k, "bottom": 105.0 + 5 * k}
            for k, c in enumerate(up)]
    assert sideways_text(up) == ("Theme", True)
    assert sideways_text(down) == ("Theme", True)


def _side_grid(side: list[tuple[str, bool]]) -> tuple[list[GridRow], HeaderMap]:
    """Rows beside a first column whose cells are (text, covered from the row above)."""
    rows: list[GridRow] = []
    for r, (text, spanned) in enumerate(side):
        top = 20.0 * r
        above = rows[-1].cells[0] if spanned and rows else None
        merged_down = r + 1 < len(side) and side[r + 1][1]
        box = above.bbox if above is not None else (0, top, 40, top + (40 if merged_down else 20))
        rows.append(GridRow([GridCell(text=text, bbox=box, span_above=spanned),
                             GridCell(text=f"Action {r}", bbox=(40, top, 200, top + 20))], top, top + 20))
    hm = HeaderMap(fields=[None, "action"], labels=["Priority", "Action"])
    return rows, hm


def test_a_merged_side_column_of_headings_is_a_theme_column():
    rows, hm = _side_grid([("Priority 1: Safeguarding", False), ("Priority 1: Safeguarding", True)])
    assert theme_column(rows, hm) == 0


def test_a_merged_side_column_of_single_words_or_unmerged_cells_is_not_a_theme_column():
    rows, hm = _side_grid([("High", False), ("High", True)])
    assert theme_column(rows, hm) is None
    rows, hm = _side_grid([("Priority 1: Safeguarding", False), ("Priority 2: Early help", False)])
    assert theme_column(rows, hm) is None


def test_a_one_row_table_on_a_slide_with_empty_rows_and_no_left_border_gives_its_one_item():
    ex = extract(SAMPLES / "slide-table.pdf")
    want = _expected("slide-table")
    assert [(it.action, it.lead, it.timescale, it.progress) for it in ex.items] == \
        [(w["action"], w["lead"], w["timescale"], w["progress"]) for w in want]
    assert ex.warnings == []


def _priority_page(page: int, rows: list[tuple[str, bool, str]]) -> Grid:
    """A header, then rows (side text, covered from the row above, action)."""
    header = ["Priority", "Action", "Lead", "Timescale"]
    grid = Grid(page=page, bbox=(0, 0, 400, 20 * (len(rows) + 1)), col_x=[0, 40, 200, 300])
    grid.rows.append(GridRow([GridCell(h, (x, 0, x + 100, 20), bold=True) for h, x in zip(header, grid.col_x)],
                             0, 20))
    for r, (side, covered, action) in enumerate(rows, 1):
        y = 20.0 * r
        above = grid.rows[-1].cells[0] if covered else None
        first = GridCell(side, above.bbox if above is not None else (0, y, 40, y + 40), span_above=covered)
        grid.rows.append(GridRow([first, GridCell(action, (40, y, 200, y + 20)),
                                  GridCell("Jo Bloggs", (200, y, 300, y + 20)),
                                  GridCell("March 2026", (300, y, 400, y + 20))], y, y + 20))
    return grid


def test_rows_on_the_next_page_beside_a_blank_side_theme_cell_keep_the_theme_printed_before():
    from council_plans.parsers.assemble import Assembler, PageSummary

    theme = "Priority 2: Early help"
    asm = Assembler()
    asm.feed_page(PageSummary(1, 600, 800, [], [_priority_page(1, [
        (theme, False, "Review the early help offer with partners across the city"),
        (theme, True, "Recruit four more family support workers for the hubs")])]), [])
    asm.feed_page(PageSummary(2, 600, 800, [], [_priority_page(2, [
        ("", False, "Train every family support worker in the new assessment"),
        ("", True, "Publish the early help strategy and its action plan")])]), [])
    assert [it.section for it in asm.items] == [theme] * 4
    assert all("Priority" not in it.extra for it in asm.items)


def test_only_mark_characters_and_symbol_font_characters_are_looked_at_as_marks_and_none_is_missed():
    rng = random.Random(11)
    texts = ["a", "\u2713", "\u25cf", "3", "4", "\uf0fc", "\u2022", "\u25aa", "ab", "", " "]
    fonts = ["Helvetica", "ZapfDingbats", "ABCDEF+Wingdings-Regular", None, "Arial-Bold"]
    colours = [(0.0, 0.0, 0.0), GREEN, PURPLE, (1.0, 0.0, 0.0), None]
    for with_symbols in (False, True):
        chars = [{**_char(rng.choice(texts), 10.0 * k, 100.0, rng.choice(colours),
                          rng.choice(fonts if with_symbols else fonts[3:]))} for k in range(400)]
        every = [m for m in map(glyph_mark, chars) if m is not None]
        assert [m for m in map(glyph_mark, _may_be_marks(chars)) if m is not None] == every
        assert every and len(_may_be_marks(chars)) < len(chars)
