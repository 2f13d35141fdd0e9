"""Generate two sample plan series with known answers.

    python samples/series.py                 # -> samples/series/

* City of Wolverhampton Council, "Children's Services Improvement Plan
  2024/25", four quarterly versions in a ruled layout with refs and RAG fills;
  the Q2 version is printed twice (on its own and inside an agenda pack);
* Telford & Wrekin Council, "Early Help Partnership Action Plan 2024/25",
  three versions in a portrait layout with RAG words and no refs.

The changes between versions are scripted in ``samples/series_script.py``.
Beside each PDF goes ``NAME.expected.json`` (the items, as for the other
samples) and for all of them ``series-truth.json``: per series and version,
the files, the date, and every action with its ``key`` (the same key across
versions means the same action) and ``parents`` (the keys of the previous
version it continues or was split from). Byte-for-byte reproducible.
"""
from __future__ import annotations

import calendar
import copy
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repo root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from samples import series_script as script
from samples.make_samples import write_expected
from samples.pdfdraw import A4_LANDSCAPE, A4_PORTRAIT, Doc, Font, PageStyle
from samples.tables import Block, Column, Rag, SectionRow, TableStyle, TableWriter, draw_table
from samples.variant import RAG_FILLS, RAG_LABELS, running

OUT = Path(__file__).resolve().parent / "series"
State = list[dict[str, Any]]


def month_end(timescale: str) -> str:
    """"March 2025" -> "2025-03-31" (how the plan's due dates are meant)."""
    month, year = timescale.split()
    m = list(calendar.month_name).index(month)
    return dt.date(int(year), m, calendar.monthrange(int(year), m)[1]).isoformat()


def _index(state: State, key: str) -> int:
    return next(i for i, a in enumerate(state) if a["key"] == key)


def apply_changes(state: State, changes: list[tuple]) -> State:
    """The next version: every action continues itself unless a change says otherwise."""
    nxt = copy.deepcopy(state)
    for a in nxt:
        a["parents"] = [a["key"]]
    for op, key, *args in changes:
        if op == "drop":
            del nxt[_index(nxt, key)]
        elif op in ("rag", "ref"):
            nxt[_index(nxt, key)][op] = args[0]
        elif op == "due":
            nxt[_index(nxt, key)]["timescale"] = args[0]
        elif op == "text":
            nxt[_index(nxt, key)]["action"] = args[0]
        elif op == "new":
            *fields, after = args
            nxt.insert(_index(nxt, after) + 1, script.new_action(key, *fields))
        elif op == "split":
            parent = nxt[_index(nxt, key)]
            parent["action"] = args[0]
            child = script.new_action(args[1], parent["section"], *args[2:])
            child["parents"] = [key]
            last = max(i for i, a in enumerate(nxt) if a["section"] == parent["section"])
            nxt.insert(last + 1, child)
        else:
            raise ValueError(f"unknown change {op!r}")
    return nxt


def history(start: list[tuple], changes: list[list[tuple]]) -> list[State]:
    """Every version's actions, first to last."""
    states = [[script.new_action(*row) for row in start]]
    for step in changes:
        states.append(apply_changes(states[-1], step))
    return states


def _progress(action: dict[str, Any], version: int) -> str:
    notes = script.PROGRESS_NOTES
    return f"Q{version + 1}: {notes[(int(action['key'][1:]) + version) % len(notes)]}"


def _row(action: dict[str, Any], version: int, rag_words: bool) -> dict[str, Any]:
    level = action["rag"]
    rag = Rag(level, label=RAG_LABELS[level]) if rag_words else Rag(level, fill=RAG_FILLS[level][0])
    row = {"action": action["action"], "lead": action["lead"], "timescale": action["timescale"],
           "progress": _progress(action, version), "rag": rag}
    if action["ref"]:
        row["ref"] = action["ref"]
    return row


def _cover(doc: Doc, authority: str, meeting: str, plan_pages: PageStyle) -> None:
    for line in [authority.upper(), "Children, Young People and Families Scrutiny Panel",
                 f"Date: {meeting}", "Time: 6.00 pm", "Venue: Committee Room 3 - Civic Centre",
                 "", "Agenda", "Item 6: Children's Services Improvement Plan - quarterly update"]:
        doc.paragraph(line or " ", "Helvetica", 10, space_after=3)
    doc.new_page(plan_pages)


def draw_wolves(path: Path, state: State, version: int, as_at: str, pack: str | None) -> list:
    """Ruled landscape plan with refs, one table, theme rows, RAG as fill."""
    font = Font("Helvetica", "Helvetica-Bold", 8.0)
    style = PageStyle(A4_LANDSCAPE, (40, 50, 40, 50),
                      decorate=running(font.regular, footer="Children's Services Improvement Plan",
                                       page_numbers=True))
    doc = Doc(path, PageStyle(A4_PORTRAIT, (60, 60, 60, 60)) if pack else style,
              title="Children's Services Improvement Plan 2024/25")
    if pack:
        _cover(doc, "City of Wolverhampton Council", pack, style)
    doc.doc_title("Children's Services Improvement Plan 2024/25", font.regular, 20)
    doc.paragraph("City of Wolverhampton Council", font.bold, 10)
    doc.paragraph(f"Progress as at {as_at}", font.regular, 9)
    cols = [Column("Ref", 0.5, "ref"), Column("Action", 2.6, "action"), Column("Lead", 1.2, "lead"),
            Column("Due date", 0.9, "timescale"), Column("Progress update", 2.2, "progress"),
            Column("RAG", 0.5, "rag")]
    entries: list = []
    for number, name in script.WOLVES_SECTIONS.items():
        entries.append(SectionRow(name))
        entries += [Block([_row(a, version, False)]) for a in state if a["section"] == number]
    items = draw_table(doc, cols, entries, TableStyle(font, header_fill="BFBFBF",
                                                       section_fill="F2F2F2"))
    doc.close()
    return items


def draw_telford(path: Path, state: State, version: int, as_at: str) -> list:
    """Portrait plan, no refs, one small table per priority, RAG as words."""
    font = Font("Times-Roman", "Times-Bold", 9.0)
    doc = Doc(path, PageStyle(A4_PORTRAIT, (56, 60, 56, 60),
                              decorate=running(font.regular, footer="Early Help Partnership Board",
                                               page_numbers=True)),
              title="Early Help Partnership Action Plan 2024/25")
    doc.doc_title("Early Help Partnership Action Plan 2024/25", font.regular, 18)
    doc.paragraph("Telford & Wrekin Council", font.bold, 10)
    doc.paragraph(f"Position as at {as_at}", font.regular, 9)
    cols = [Column("What we will do", 2.4, "action"), Column("Timeframe", 1.0, "timescale"),
            Column("Who is\nresponsible?", 1.1, "lead"), Column("Progress to\ndate", 2.2, "progress"),
            Column("RAG rating", 0.75, "rag")]
    style = TableStyle(font, header_fill="DEEAF6", repeat_header=True)
    items: list = []
    for number, name in script.TELFORD_SECTIONS.items():
        entries = [Block([_row(a, version, True)]) for a in state if a["section"] == number]
        tw = TableWriter(doc, cols, style, section=name)
        doc.paragraph(name, font.bold, 11, keep_with=tw.start_height(entries))
        items += tw.draw(entries)
    doc.close()
    return items


#: series -> (authority, plan title, versions: (date printed, ISO date, files))
SERIES = {
    "wolves": ("City of Wolverhampton Council", "Children's Services Improvement Plan 2024/25", [
        ("30 June 2024", ["wolves-q1.pdf"]),
        ("30 September 2024", ["wolves-q2.pdf", "wolves-q2-pack.pdf"]),
        ("31 December 2024", ["wolves-q3.pdf"]),
        ("31 March 2025", ["wolves-q4.pdf"])]),
    "telford": ("Telford & Wrekin Council", "Early Help Partnership Action Plan 2024/25", [
        ("31 July 2024", ["telford-jul.pdf"]),
        ("30 November 2024", ["telford-nov.pdf"]),
        ("31 March 2025", ["telford-mar.pdf"])]),
}


def _truth_actions(state: State, sections: dict[int, str], version: int) -> list[dict]:
    return [{"key": a["key"], "parents": a["parents"], "section": sections[a["section"]],
             "ref": a["ref"], "action": a["action"], "lead": a["lead"],
             "timescale": a["timescale"], "due_date": month_end(a["timescale"]),
             "rag": a["rag"], "progress": _progress(a, version)} for a in state]


def generate(out: Path = OUT) -> dict[str, Any]:
    """Draw every PDF into ``out`` and write ``series-truth.json``; return the truth."""
    out.mkdir(parents=True, exist_ok=True)
    plans = {"wolves": (script.WOLVES_START, script.WOLVES_CHANGES, script.WOLVES_SECTIONS),
             "telford": (script.TELFORD_START, script.TELFORD_CHANGES, script.TELFORD_SECTIONS)}
    truth: dict[str, Any] = {"series": []}
    for name, (start, changes, sections) in plans.items():
        authority, title, versions = SERIES[name]
        entry = {"name": name, "authority": authority, "plan_title": title, "versions": []}
        for v, (state, (printed, files)) in enumerate(zip(history(start, changes), versions)):
            as_at = dt.datetime.strptime(printed, "%d %B %Y").date().isoformat()
            for f in files:
                pack = "16 October 2024" if f.endswith("-pack.pdf") else None
                pdf = out / f
                items = (draw_wolves(pdf, state, v, printed, pack) if name == "wolves"
                         else draw_telford(pdf, state, v, printed))
                write_expected(pdf, items)
            entry["versions"].append({"as_at": as_at, "files": files,
                                      "actions": _truth_actions(state, sections, v)})
        truth["series"].append(entry)
    (out / "series-truth.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n",
                                           encoding="utf-8")
    return truth


if __name__ == "__main__":
    for s in generate()["series"]:
        print(s["name"], [len(v["actions"]) for v in s["versions"]])
