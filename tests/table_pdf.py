"""Draw one ruled table into a PDF with reportlab, for layout unit tests that
need a specific quirk (a bold unmerged theme row, a wrapped header word)."""
from __future__ import annotations

from pathlib import Path


def draw_ruled_table(path: Path, header: list[str], rows: list[list[str]],
                     bold_rows: frozenset[int] = frozenset(), col_width: float = 120,
                     row_height: float = 30, ruled: bool = True,
                     header_fill: tuple[float, float, float] | None = None) -> Path:
    """One landscape page; each cell's text may hold "\\n" for printed lines.
    ``ruled=False`` draws no cell borders; ``header_fill`` shades each header cell."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    width, height = landscape(A4)
    c = canvas.Canvas(str(path), pagesize=(width, height), invariant=1)
    x0, top = 40, height - 60
    all_rows = [header, *rows]
    for r, row in enumerate(all_rows):
        y = top - r * row_height
        for k, text in enumerate(row):
            x = x0 + k * col_width
            if r == 0 and header_fill:
                c.setFillColorRGB(*header_fill)
                c.rect(x, y - row_height, col_width, row_height, stroke=0, fill=1)
                c.setFillColorRGB(0, 0, 0)
            if ruled:
                c.rect(x, y - row_height, col_width, row_height, stroke=1, fill=0)
            c.setFont("Helvetica-Bold" if r == 0 or (r - 1) in bold_rows else "Helvetica", 7)
            for n, line in enumerate(text.split("\n")):
                c.drawString(x + 3, y - 9 - n * 8, line)
    c.showPage()
    c.save()
    return path
