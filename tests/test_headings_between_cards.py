"""A page of prose between action cards names the cards after it, also when
page triage skips that page."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from council_plans.parsers.assemble import Assembler, PageSummary
from council_plans.parsers.page.textlines import Line, Word
from council_plans.parsers.page.triage import MIN_FONT_SIZE, _sizes, open_triage, text_lines
from council_plans.parsers.tables.grid import Grid, GridCell, GridRow

CARD = [["Action", "Deliver awareness training to all front-line officers"], ["Owner", "DCI Smith"],
        ["Deadline", "March 2019"], ["Progress", "Training delivered to 400 officers"]]


def _card(page: int) -> Grid:
    grid = Grid(page=page, bbox=(50, 300, 500, 300 + 20 * len(CARD)), col_x=[50, 150])
    for r, (label, value) in enumerate(CARD):
        y = 300.0 + 20 * r
        grid.rows.append(GridRow([GridCell(label, (50, y, 150, y + 20), bold=True),
                                  GridCell(value, (150, y, 500, y + 20))], y, y + 20))
    return grid


def _prose(heading: str) -> list[Line]:
    return [Line([Word(heading, 50, 120, 300, 134, 14, True)]),
            Line([Word("The national strategy aims to protect people at risk.", 50, 160, 400, 170, 10, False)])]


def test_a_page_of_prose_between_cards_gives_the_cards_after_it_its_heading():
    asm = Assembler()
    pages = [([], _prose("Objective 1: PREPARE")), ([_card(2)], []), ([_card(3)], []),
             ([], _prose("Objective 2: PURSUE")), ([_card(5)], [])]
    for n, (grids, lines) in enumerate(pages, 1):
        asm.feed_page(PageSummary(n, 600, 842, lines, grids), lines)
    assert [it.section for it in asm.items] == ["Objective 1: PREPARE", "Objective 1: PREPARE",
                                                "Objective 2: PURSUE"]


def _prose_pdf(path: Path) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=(595, 842), invariant=1)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(50, 700, "Objective 2: PURSUE")
    c.setFont("Helvetica", 10)
    for k in range(12):
        c.drawString(50, 660 - 14 * k, f"Paragraph line {k + 1} of the strategy the force follows this year.")
    c.save()
    return path


def test_a_skipped_page_beyond_the_metadata_pages_still_gives_its_bold_heading(tmp_path):
    triage = open_triage(_prose_pdf(tmp_path / "prose.pdf").read_bytes(), 1)
    assert triage is not None
    try:
        for _, textpage, sketch in triage.pages(range(1, 2)):
            assert not sketch.may_hold_table
            lines = text_lines(textpage, sketch, everything=False)
            assert [(ln.text, ln.bold) for ln in lines[:2]] == [
                ("Objective 2: PURSUE", True), ("Paragraph line 1 of the strategy the force follows this year.", False)]
    finally:
        triage.close()


def test_a_unit_font_scaled_by_the_text_matrix_takes_its_size_from_the_character_box():
    sizes = _sizes(np.array([1.0, MIN_FONT_SIZE + 7]), np.array([12.4, 12.4]))
    assert sizes.tolist() == [12.4, MIN_FONT_SIZE + 7]
