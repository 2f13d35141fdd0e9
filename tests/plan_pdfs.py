"""Tiny ruled action-plan PDFs for the store and ingest tests (reportlab).

Independent of ``samples/`` so these tests only need reportlab; each row's
text is unique per ``tag`` so two generated files never share a sha256.
"""
from __future__ import annotations

from pathlib import Path

HEADER = ["Ref", "Action", "Milestone", "Timescale", "Lead", "Progress"]
WIDTHS = [40, 150, 150, 80, 100, 150]


def plan_rows(tag: str, n: int) -> list[list[str]]:
    """``n`` distinct rows; leads name two people so lead splitting is exercised."""
    return [[f"{i + 1}.1", f"Review {tag} service area {i + 1}",
             f"Milestone {i + 1} for {tag}", "31 March 2017",
             "Julian Cunningham Dawn Williams" if i % 2 else "JM/SS",
             f"Progress note {i + 1} on track"] for i in range(n)]


def make_plan_pdf(path: Path, tag: str, n_rows: int = 4,
                  heading: str = "Improvement Plan 2016/17") -> Path:
    """A one-page landscape PDF with a heading and one ruled table of ``n_rows``."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    width, height = landscape(A4)
    c = canvas.Canvas(str(path), pagesize=(width, height))
    c.setTitle(f"{heading} {tag}")
    c.setFont("Helvetica-Bold", 14)
    c.drawString(40, height - 50, heading)
    rows = [HEADER, *plan_rows(tag, n_rows)]
    row_h, x0, top = 28, 40, height - 80
    xs = [x0]
    for w in WIDTHS:
        xs.append(xs[-1] + w)
    for r, row in enumerate(rows):
        y = top - r * row_h
        c.setFont("Helvetica-Bold" if r == 0 else "Helvetica", 7)
        for col, text in enumerate(row):
            c.drawString(xs[col] + 3, y - 12, text)
    bottom = top - len(rows) * row_h
    for r in range(len(rows) + 1):
        c.line(xs[0], top - r * row_h, xs[-1], top - r * row_h)
    for x in xs:
        c.line(x, top, x, bottom)
    c.showPage()
    c.save()
    return path
