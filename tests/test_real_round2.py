"""Real plans, round 2: error isolation, status words kept, fill seams,
cards of any width, generic lexicon families, table readings (confidence),
and no printed cell of a qualified table lost."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pdfplumber
import pytest

from council_plans.parsers import extract
from council_plans.parsers.assemble import Assembler, PageSummary
from council_plans.parsers.columns.final import final_roles
from council_plans.parsers.columns.overrides import header_signature
from council_plans.parsers.columns.headers import field_for_header
from council_plans.parsers.columns.locate import header_row
from council_plans.parsers.columns.roles import RoleMap
from council_plans.parsers.document import read_page
from council_plans.parsers.settings import ExtractSettings
from council_plans.parsers.tables.bands import is_label_band
from council_plans.parsers.tables.cards import card_of
from council_plans.parsers.tables.grid import Grid, GridCell, GridRow
from council_plans.parsers.tables.seams import without_seams
from council_plans.parsers.values.rag import rag_word

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "pdfs"
GREEN = (0.0, 0.69, 0.31)


def _cell(text: str, x0: float, top: float, bold: bool = False, fill=None) -> GridCell:
    return GridCell(text=text, bbox=(x0, top, x0 + 100, top + 20), bold=bold, fill=fill)


def _grid(page: int, top: float, rows: list[list[str]]) -> Grid:
    grid = Grid(page=page, bbox=(0, top, 400, top + 20 * len(rows)), col_x=[0, 100, 200, 300])
    for r, texts in enumerate(rows):
        y = top + 20 * r
        grid.rows.append(GridRow([_cell(t, 100 * k, y, bold=r == 0) for k, t in enumerate(texts)], y, y + 20))
    return grid


HEADER = ["Action", "Lead", "Timescale", "Progress"]


def test_an_error_inside_one_table_skips_that_table_and_the_other_tables_still_arrive():
    good = _grid(1, 400, [HEADER, ["Review the front door arrangements with partners", "Jo Bloggs",
                                   "March 2019", "Work has started on the review"]])
    broken = _grid(1, 100, [HEADER, ["Recruit permanent social workers to all teams", "Ann Smith",
                                     "June 2019", "Adverts have been placed"]])
    broken.rows[1].cells[1].bbox = None  # a malformed cell: the cell reader raises on it
    asm = Assembler()
    asm.feed_page(PageSummary(1, 600, 800, [], [broken, good]), [])
    assert [it.action for it in asm.items] == ["Review the front door arrangements with partners"]
    assert any(w.startswith("page 1: table") and "skipped" in w and "TypeError" in w for w in asm.warnings)
    assert len(asm.readings) == 1


def _roles(fields: list[str | None]) -> RoleMap:
    return RoleMap(fields, ["Action", "Due", "Status", "Notes"][:len(fields)])


def test_a_status_column_of_words_becomes_progress_and_keeps_its_words():
    columns = [[], [], [("Completed", None), ("On track for due date", GREEN)]]
    roles = final_roles(_roles(["action", "timescale", "rag"]), columns)
    assert roles.fields == ["action", "timescale", "progress"] and roles.status == 2


def test_a_column_of_rag_words_alone_stays_rag():
    columns = [[], [], [("Red", None), ("Amber", None), ("Complete", None), ("", GREEN)]]
    roles = final_roles(_roles(["action", "timescale", "rag"]), columns)
    assert roles.fields == ["action", "timescale", "rag"] and roles.status is None


def test_status_words_beside_a_progress_column_stay_rag_and_are_appended_to_progress():
    columns = [[], [], [("Commenced", None)], []]
    roles = final_roles(_roles(["action", "timescale", "rag", "progress"]), columns)
    assert roles.fields[2] == "rag" and roles.status == 2


def test_only_a_whole_cell_rag_word_gives_a_rating_from_status_text():
    assert rag_word("Done") == "blue" and rag_word("A few departments have replied") is None


def _fill(top: float, bottom: float, x0: float = 100, x1: float = 200) -> dict:
    return {"x0": x0, "top": top, "x1": x1, "bottom": bottom, "color": GREEN}


def _h(y: float, x0: float, x1: float) -> dict:
    return {"x0": x0, "top": y, "x1": x1, "bottom": y, "orientation": "h"}


def test_the_seam_between_two_fills_of_one_colour_is_not_a_ruling_but_a_black_rule_is():
    fills = [_fill(0, 20), _fill(20, 40)]
    edges = [_h(0, 100, 200), _h(20, 100, 200), _h(40, 100, 200), _h(20, 0, 400)]
    kept = without_seams(edges, fills)
    assert _h(20, 100, 200) not in kept and _h(20, 0, 400) in kept and len(kept) == 3


def test_fills_of_different_colours_keep_the_rule_between_them():
    fills = [_fill(0, 20), dict(_fill(20, 40), color=(1.0, 0.0, 0.0))]
    edges = [_h(20, 100, 200)]
    assert without_seams(edges, fills) == edges


@pytest.mark.parametrize("label, field", [
    ("Owned by", "lead"), ("Owner", "lead"), ("Responsible officer", "lead"),
    ("Work outstanding", "progress"), ("Outstanding work", "progress"),
    ("Evidence and impact", "progress"), ("Impact so far", "progress"),
    ("Method", None), ("Approach", None),
])
def test_generic_wording_families_name_their_field(label, field):
    assert field_for_header(label) == field


def test_owned_by_outranks_actioned_by_for_the_lead():
    from council_plans.parsers.columns.lexicon import header_scores
    assert header_scores("Owned by")["lead"] > header_scores("Actioned by")["lead"]


def _card_grid(rows: list[list[str | None]], title: str | None = None) -> Grid:
    width = len(rows[0])
    grid = Grid(page=3, bbox=(0, 0, 100 * width, 20 * (len(rows) + 1)), col_x=[100 * k for k in range(width)])
    y = 0.0
    if title:
        grid.rows.append(GridRow([_cell(title, 0, y)] + [None] * (width - 1), y, y + 20, full_width=True))
        y += 20
    for texts in rows:
        grid.rows.append(GridRow([_cell(t, 100 * k, y) if t is not None else None
                                  for k, t in enumerate(texts)], y, y + 20))
        y += 20
    return grid


def test_a_card_of_four_columns_reads_labels_in_any_column():
    grid = _card_grid([["Task", "Develop a victim care pathway with partners", "Owned by", "DCI Smith"],
                       ["Deadline", "March 2019", "RAG status", "Green"],
                       ["Progress", "A draft has been shared with partners", "Method", "Workshops"]],
                      title="2.4 Victim care")
    card = card_of(grid, 3)
    assert card is not None
    roles = dict(zip(card.roles.labels, card.roles.fields))
    assert roles["Task"] == "action" and roles["Owned by"] == "lead" and roles["Deadline"] == "timescale"
    assert roles["Method"] is None and card.title is not None


def test_a_card_takes_its_ref_from_the_title_bar_and_joins_two_progress_labels():
    grid = _card_grid([["Task", "Develop a victim care pathway with partners"],
                       ["Actioned by", "Ann Smith"], ["Owned by", "DCI Smith"],
                       ["Progress", "Pathway drafted."], ["Work outstanding", "Sign-off by the board."],
                       ["RAG status", ""]], title="1.7 Victim care")
    grid.rows[-1].cells[1].fill = GREEN
    asm = Assembler()
    asm.feed_page(PageSummary(3, 600, 800, [], [grid]), [])
    [item] = asm.items
    assert (item.ref, item.lead, item.rag) == ("1.7", "DCI Smith", "green")
    assert item.progress == "Pathway drafted. Sign-off by the board."
    assert item.extra["title"] == "Victim care" and item.extra["Actioned by"] == "Ann Smith"


def test_the_signature_is_the_column_count_and_normalised_header_texts():
    assert header_signature(["Action", "Lead officer:", "Due date"]) == "3:action|lead officer|due date"


def test_every_plan_table_is_listed_with_page_box_roles_and_confidence():
    ex = extract(SAMPLES / "ruled-ref-columns.pdf")
    tables = ex.to_dict()["tables"]
    assert tables and all({"page", "bbox", "roles", "confidence", "signature"} <= set(t) for t in tables)
    assert all(0.0 <= t["confidence"] <= 1.0 for t in tables)
    assert {it.table_index for it in ex.items} <= set(range(len(tables)))
    assert "action" in tables[0]["roles"]


def test_a_table_below_the_confidence_threshold_is_named_in_a_warning():
    ex = extract(SAMPLES / "ruled-ref-columns.pdf", ExtractSettings(min_table_confidence=1.01))
    assert any(re.match(r"page \d+: table \d+ on the page read with low confidence", w) for w in ex.warnings)


# --- no printed cell lost ---

def _norm(text: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", "", (text or "").lower())


def _item_text(items) -> str:
    parts = []
    for it in items:
        parts += [getattr(it, f) or "" for f in ("section", "ref", "action", "milestone", "timescale", "lead",
                                                 "progress", "success_measure", "outcome")]
        parts += list(it.extra.values())
    return _norm(" ".join(parts))


def lost_cells(pdf: Path) -> list[str]:
    """Body cell texts of the document's qualified tables found in no item
    field (a RAG word alone counts as found when the table's items carry RAG)."""
    ex = extract(pdf)
    found = _item_text(ex.items)
    lost = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            for grid in read_page(page, ExtractSettings()).grids:
                card = card_of(grid, 3) if grid.ncols > 2 else None
                if card is not None:  # a card's values (its labels are labels)
                    lost += [f"page {grid.page}: {p.cells[1].text[:60]}" for p in card.rows
                             if p.cells[1] is not None and p.cells[1].text and _norm(p.cells[1].text) not in found]
                    continue
                head = header_row(grid, 3)
                if head is None:
                    continue
                labels = {_norm(t) for t in head[1].labels}
                for row in grid.rows[head[0] + 1:]:
                    if is_label_band(row) or {_norm(t) for t in row.texts() if t} <= labels:
                        continue  # a header printed again inside the table is not a body cell
                    for c in row.cells:
                        if c is None or c.span_above or not c.text or row.full_width:
                            continue
                        if _norm(c.text) not in found and not rag_word(c.text.strip(" .")):
                            lost.append(f"page {grid.page}: {c.text[:60]}")
    return lost


PLAN_SAMPLES = sorted(p for p in SAMPLES.glob("*.pdf") if p.stem != "no-plan")


@pytest.mark.parametrize("pdf", PLAN_SAMPLES, ids=lambda p: p.stem)
def test_every_cell_of_a_sample_plan_table_lands_in_an_item(pdf):
    assert lost_cells(pdf) == []


def _real_plans() -> list[Path]:
    shared = Path(os.environ.get("PLANS_SHARED") or ROOT.parent / "shared") / "corpus" / "real-plans"
    return sorted(shared.glob("*.pdf")) if shared.is_dir() else []


@pytest.mark.skipif(not _real_plans(), reason="real plans corpus absent (set PLANS_SHARED)")
@pytest.mark.parametrize("pdf", _real_plans(), ids=lambda p: p.stem)
def test_every_cell_of_a_real_plan_table_lands_in_an_item(pdf):
    assert lost_cells(pdf) == []


def test_a_table_finder_failing_on_a_page_loses_only_that_pages_tables_with_a_warning():
    from council_plans.parsers.tables.finders import guarded

    def broken() -> list:
        raise TypeError("unsupported operand")

    warnings: list[str] = []
    assert guarded("ruled", 4, warnings, broken) == []
    assert warnings and warnings[0].startswith("page 4: ruled tables skipped") and "TypeError" in warnings[0]


def test_a_cell_shaded_over_a_page_background_takes_the_shade_painted_last():
    from council_plans.parsers.tables.grid import dominant_fill

    background = {"x0": 0, "top": 0, "x1": 600, "bottom": 300, "color": (0.7, 0.95, 0.85)}
    shade = {"x0": 100, "top": 100, "x1": 200, "bottom": 120, "color": (1.0, 1.0, 0.0)}
    assert dominant_fill((100, 100, 200, 120), [background, shade]) == (1.0, 1.0, 0.0)
    assert dominant_fill((300, 100, 400, 120), [background, shade]) == (0.7, 0.95, 0.85)


def _rule(x0: float, top: float, x1: float, bottom: float) -> dict:
    return {"x0": x0, "top": top, "x1": x1, "bottom": bottom, "orientation": "h" if top == bottom else "v"}


def test_a_table_without_its_left_border_keeps_its_first_column():
    from council_plans.parsers.tables.ruled import cell_groups

    rows = [_rule(0, y, 300, y) for y in (0, 20, 40, 60)]
    columns = [_rule(x, 0, x, 60) for x in (100, 200, 300)]
    [group] = cell_groups(rows + columns)
    assert min(c[0] for c in group) == 0 and len(group) == 9


def test_row_rules_alone_do_not_make_a_ruled_table():
    from council_plans.parsers.tables.ruled import cell_groups

    assert cell_groups([_rule(0, y, 300, y) for y in (0, 20, 40, 60)] + [_rule(500, 0, 500, 60)]) == []


def test_table_finders_run_in_registry_order_each_seeing_the_tables_found_before_it():
    from council_plans.parsers.page.pageview import PageView
    from council_plans.parsers.settings import ExtractSettings
    from council_plans.parsers.tables.finders import FINDERS, PageWork, find_tables
    from council_plans.parsers.tables.grid import Grid

    assert list(FINDERS) == ["ruled", "image-ruled", "borderless", "continued", "headerless-text"]
    view = PageView(number=2, width=600.0, height=800.0, chars=[], edges=[], fills=[], image_area=0.0)
    page = PageWork(view, [], 0, ExtractSettings(), lambda dpi: None)
    first, second = Grid(2, (0, 0, 1, 1), [0.0]), Grid(2, (0, 2, 1, 3), [0.0])
    seen: list[int] = []

    def failing(work: PageWork) -> list[Grid]:
        raise ValueError("no")

    def counting(work: PageWork) -> list[Grid]:
        seen.append(len(work.grids))
        return [second]

    warnings: list[str] = []
    got = find_tables(page, warnings, {"a": lambda work: [first], "b": failing, "c": counting})
    assert got == [first, second] and seen == [1]
    assert len(warnings) == 1 and warnings[0].startswith("page 2: b tables skipped")
