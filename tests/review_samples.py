"""Two quarters of one council's task log in the same template, drawn for the
review tests. The header prints "Actioned by" before "Owned by" (as the police
plan in the real corpus does), and this council counts the officer who actions
a task as its lead: the extractor's wording rules ("owned by" names the lead)
give the other column until a person says otherwise, once, for the template."""
from __future__ import annotations

from pathlib import Path

from samples.pdfdraw import A4_LANDSCAPE, Doc, Font, PageStyle
from samples.tables import Block, Column, Rag, TableStyle, draw_table
from samples.variant import RAG_FILLS

COLUMNS = [Column("Task", 2.6, "action"), Column("Actioned by", 1.2, "lead"),
           Column("Owned by", 1.2, None), Column("Work outstanding", 2.4, "progress"),
           Column("RAG status", 0.6, "rag")]
TASKS = [
    ("Develop a shared problem profile with partner agencies", "Ali Naqvi", "DCI Simpson",
     "Profile drafted and shared with the partnership board", "green"),
    ("Deliver awareness training to all front line officers", "Denise Dolan", "DSupt Walton",
     "Two of five sessions delivered; the rest booked for spring", "amber"),
    ("Review the referral pathway with the local authority", "Khizra Dhindsa", "ACC Murray",
     "Meeting with children's services arranged for next month", "red"),
    ("Publish a quarterly performance summary for the board", "Amy Haycock", "DI Martin",
     "First summary published; data quality issues remain", "amber"),
]


def draw_quarter(path: Path, quarter: int) -> list[dict]:
    """One quarter's plan: the tasks so far (a new one each quarter), new progress."""
    font = Font("Helvetica", "Helvetica-Bold", 8.0)
    doc = Doc(path, PageStyle(A4_LANDSCAPE, (40, 50, 40, 50)), title="Task log")
    doc.doc_title(f"Modern Slavery Delivery Plan - quarter {quarter} update", font.regular, 16)
    rows = TASKS[:2 + quarter]
    entries = [Block([{"action": f"{task} (Q{quarter})", "lead": actor, "Owned by": owner,
                       "progress": f"Q{quarter}: {note}", "rag": Rag(rag, fill=RAG_FILLS[rag][0])}])
               for task, actor, owner, note, rag in rows]
    items = draw_table(doc, COLUMNS, entries, TableStyle(font, header_fill="BFBFBF"))
    doc.close()
    return items


STATUS_COLUMNS = [Column("Due by", 0.8, "timescale"), Column("Commitment", 2.6, "action"),
                  Column("Lead", 0.8, "lead"), Column("Status", 1.4, "progress")]
COMMITMENTS = [
    ("Jun 10", "Publish the spending data online for every department", "HMT", "Done"),
    ("Jul 10", "Publish the names and grades of senior civil servants", "CO", "Instructions issued"),
    ("Sep 10", "Publish all new central government contracts in full", "OGC", "Commenced"),
    ("Nov 10", "Publish crime data at street level for the public", "HO", "In hand"),
]


def draw_status_log(path: Path) -> list[dict]:
    """A log whose "Status" column prints progress words ("Commenced"), as the
    Transparency Board's data releases paper in the real corpus does: read as
    a RAG column, every word but "Done" is kept nowhere until told."""
    font = Font("Helvetica", "Helvetica-Bold", 8.0)
    doc = Doc(path, PageStyle(A4_LANDSCAPE, (40, 50, 40, 50)), title="Data releases")
    doc.doc_title("Data releases", font.regular, 16)
    entries = [Block([{"timescale": due, "action": what, "lead": lead, "progress": status}])
               for due, what, lead, status in COMMITMENTS]
    items = draw_table(doc, STATUS_COLUMNS, entries, TableStyle(font, header_fill="BFBFBF"))
    doc.close()
    return items
