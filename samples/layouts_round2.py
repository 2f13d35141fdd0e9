"""Layouts from real plans, round 2: a status column of words drawn over
fills split line by line, quarterly commentary columns, and action cards
four columns wide under objective headings. Each builder
draws one PDF and returns its expected items."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from council_plans.schema.items import TEXT_FIELDS
from samples import content
from samples.pdfdraw import A4_LANDSCAPE, A4_PORTRAIT, HELVETICA, TIMES, Doc, PageStyle, wrap
from samples.tables import Block, Column, Rag, TableStyle, TableWriter
from samples.variant import LANDSCAPES, PORTRAITS, Variant

Items = list[dict[str, Any]]

#: status words as trackers print them, with the fill the cell carries (or None)
STATUS_WORDS = [("blue", "Completed", "4F81BD"), ("green", "On track for due date", "9BBB59"),
                ("amber", "Plan in place", "F79646"), (None, "Commenced", None),
                ("blue", "Done", None), ("green", "On track", "92D050")]


class SplitFillWriter(TableWriter):
    """Status cells painted as a cell-sized fill with one more fill of the
    same colour behind each text line, as Word and print filters do: every
    fill's sides are in the file, but no line is visible."""

    def _draw_cells(self, top: float, height: float, cells: dict[str, list[str]],
                    fills: dict[str, str | None], bold: bool = False, color: str | None = None) -> None:
        for col, (x, w) in zip(self.columns, self.xs):
            fill = fills.get(col.key)
            if not fill or bold or col.key not in cells:
                continue
            self.doc.rect(x, top, w, height, fill=fill, stroke=False)
            for i in range(len(cells[col.key])):
                self.doc.rect(x + 2, top + self.style.pad + i * self.lead, w - 4, self.lead, fill=fill, stroke=False)
        super()._draw_cells(top, height, cells, {} if not bold else fills, bold, color)


def status_words(path: Path, v: Variant) -> Items:
    """An action tracker "Action | Due | Status": the Status cell holds words
    ("Completed", "On track for due date", "Commenced") - kept as progress -
    and often a fill drawn as several rectangles (RAG from the fill, else from
    a whole-cell RAG word)."""
    font = v.font(TIMES, 10.0)
    doc = Doc(path, PageStyle(v.pick(A4_PORTRAIT, PORTRAITS), (40, 60, 40, 60)), title="Status update")
    v.title_block(doc, "Status update on actions from the last meeting", font, 0)
    cols = [Column("Action", 3.2, "action"), Column("Due", 1.0, "timescale"), Column("Status", 1.1, "rag")]
    entries = []
    words = []
    for k, a in enumerate(v.take(content.ACTIONS, v.count(9, 6, 12))):
        level, word, fill = STATUS_WORDS[k % len(STATUS_WORDS)]
        entries.append(Block([{"action": a["action"], "timescale": a["timescale"].split("\n")[0],
                               "rag": Rag(level, fill=fill, label=word)}]))
        words.append(word)
    style = TableStyle(font, header_fill="D9D9D9", split_rows=False)
    items = SplitFillWriter(doc, cols, style).draw(entries)
    doc.close()
    for item, word in zip(items, words):
        item["progress"] = word
    return items


QUARTERS = ["Q1 update", "Q2 update", "Q3 update"]


def quarterly_commentary(path: Path, v: Variant) -> Items:
    """A delivery plan with one commentary column per quarter, filled up to
    a different quarter on each row: the latest filled quarter is the
    progress, the earlier ones stay in ``extra``."""
    font = v.font(HELVETICA, 8.0)
    doc = Doc(path, PageStyle(v.pick(A4_LANDSCAPE, LANDSCAPES), (40, 50, 40, 56)), title="Delivery plan")
    v.title_block(doc, "Corporate delivery plan: quarterly monitoring", font, 0)
    cols = [Column("Action", 2.4, "action"), Column("Lead", 1.0, "lead"), Column("Due", 0.8, "timescale")]
    cols += [Column(q, 1.8, None) for q in QUARTERS]
    entries, filled = [], []
    for k, a in enumerate(v.take(content.ACTIONS, v.count(8, 5, 10))):
        n = 1 + k % len(QUARTERS)
        notes = [a["progress"].split(". ")[min(i, len(a["progress"].split(". ")) - 1)] if i < n else ""
                 for i in range(len(QUARTERS))]
        row = {"action": a["action"], "lead": a["lead"].split("\n")[0], "timescale": a["timescale"].split("\n")[0]}
        row.update(dict(zip(QUARTERS, notes)))
        entries.append(Block([row]))
        filled.append(n)
    items = TableWriter(doc, cols, TableStyle(font, header_fill="DDEBF7")).draw(entries)
    doc.close()
    for item, n in zip(items, filled):
        item["progress"] = item["extra"].pop(QUARTERS[n - 1], None)
    return items


METHODS = ["Workshops with partner agencies and a review of a sample of case files",
           "Monthly tasking meetings, with findings reported to the strategic board",
           "Training sessions for front-line staff, followed by dip sampling of records",
           "A task and finish group drawing on the voice of children and families"]
#: label/value pairs of each card row, four columns wide
WIDE_ROWS = [(("Task", "action"), ("Owned by", "lead")),
             (("Method", "Method"), ("Deadline", "timescale")),
             (("Progress", "progress"), ("RAG status", "rag"))]
OBJECTIVE_WORDS = ["PREPARE: Prepare for the threat and protect those at risk",
                   "PURSUE: Disrupt and prosecute those responsible",
                   "PREVENT: Stop people from being drawn into crime"]


def _wide_card(doc: Doc, font, ref: str, a: dict[str, str], method: str, rag: Rag,
               section: str) -> dict[str, Any]:
    """A four-column card: a title bar "N.M <caption>", then label/value pairs
    side by side ("Task | ... | Owned by | ...")."""
    x0, width, pad, lead = doc.left, doc.frame_width, 2.5, font.leading
    ws = [width * 0.13, width * 0.42, width * 0.13, width * 0.32]
    caption = a["lead"].split("\n")[0] + " actions"
    values = {"action": a["action"], "lead": a["lead"].split("\n")[0], "Method": method,
              "timescale": a["timescale"].split("\n")[0], "progress": a["progress"], "rag": ""}
    rows = []
    for pairs in WIDE_ROWS:
        cells = []
        for k, (label, key) in enumerate(pairs):
            cells += [(wrap(label, font.bold, font.size, ws[2 * k] - 2 * pad - 1), None),
                      (wrap(values[key], font.regular, font.size, ws[2 * k + 1] - 2 * pad - 1), key)]
        rows.append((cells, 2 * pad + max(len(ls) for ls, _ in cells) * lead))
    bar = 2 * pad + lead
    doc.ensure(bar + sum(h for _, h in rows) + 10)
    page = doc.page
    doc.rect(x0, doc.y, width, bar, fill="00A0A0", stroke=True)
    doc.text(x0 + pad + 0.5, doc.y + pad + font.size * 0.85, f"{ref} {caption}", font.bold, font.size, "FFFFFF")
    doc.y += bar
    for cells, h in rows:
        x = x0
        for (lines, key), w in zip(cells, ws):
            doc.rect(x, doc.y, w, h, fill=rag.fill if key == "rag" else (None if key else "F2F2F2"), stroke=True)
            for i, line in enumerate(lines):
                doc.text(x + pad + 0.5, doc.y + pad + font.size * 0.85 + i * lead, line,
                         font.regular if key else font.bold, font.size)
            x += w
        doc.y += h
    doc.y += 10
    item: dict[str, Any] = {name: None for name in TEXT_FIELDS}
    joined = {key: " ".join(ls) for cells, _ in rows for ls, key in cells if key}
    item.update({f: joined[f] for f in ("action", "lead", "timescale", "progress")})
    item.update(section=section, ref=ref, rag=rag.level, page_first=page, page_last=page,
                extra={"title": caption, "Method": joined["Method"]})
    return item


def wide_cards(path: Path, v: Variant) -> Items:
    """Action cards four columns wide (labels in the first and third columns),
    numbered "1.1", "1.2" in a title bar, grouped under bold objective
    headings ("Objective 1: PREPARE ...") that are the cards' section."""
    font = v.font(HELVETICA, 8.5)
    doc = Doc(path, PageStyle(v.pick(A4_PORTRAIT, PORTRAITS), (50, 56, 50, 56)), title="Delivery plan")
    v.title_block(doc, "Partnership delivery plan: action cards", font, 1)
    records = iter(v.take(content.ACTIONS, 30))
    items: Items = []
    k = 0
    for n, words in enumerate(v.take(OBJECTIVE_WORDS, v.count(2, 2, 3)), 1):
        section = f"Objective {n}: {words}"
        doc.ensure(120)
        doc.paragraph(section, font.bold, 11)
        for m in range(1, v.count(3, 2, 4) + 1):
            items.append(_wide_card(doc, font, f"{n}.{m}", next(records), METHODS[k % len(METHODS)],
                                    v.rag_fill(k), section))
            k += 1
    doc.close()
    return items
