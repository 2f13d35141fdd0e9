"""``plans inspect``: draw on a page what the parsers saw there.

The picture answers "why did this page read wrong?" at a glance: each
table's outline, its header cells tinted by the role they were given (with a
legend), every item's cells outlined and numbered as ``plans extract`` lists
them, section rows, dropped page furniture and margin stamps struck through,
and the RAG read from each cell. Item boxes come from the extraction's own
provenance (:attr:`schema.items.ActionItem.boxes`); everything else from a
:class:`parsers.trace.Trace` filled during the same parse. The shapes drawn
are returned with the picture so tests can compare them with the extraction.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from council_plans.parsers import ExtractSettings, extract_bytes
from council_plans.parsers.trace import Trace
from council_plans.schema.items import Extraction

from council_plans.review.pageimage import render_page, to_pixels
from council_plans.schema.errors import CouncilPlansError

#: pixels per PDF point of inspect pictures (144 dpi)
SCALE = 2.0

RGBT = tuple[int, int, int]
ROLE_COLOURS: dict[str, RGBT] = {
    "ref": (120, 120, 120), "action": (31, 119, 180), "milestone": (23, 190, 207),
    "timescale": (255, 127, 14), "lead": (44, 160, 44), "progress": (148, 103, 189),
    "rag": (214, 39, 40), "success_measure": (140, 86, 75), "outcome": (188, 189, 34),
    "section": (227, 119, 194), "extra": (170, 170, 170),
}
#: items alternate these so neighbouring rows stay apart
ITEM_COLOURS: tuple[RGBT, ...] = ((200, 0, 160), (0, 90, 220), (0, 150, 60))
TABLE_COLOUR: RGBT = (60, 60, 60)
SECTION_COLOUR: RGBT = ROLE_COLOURS["section"]
DROPPED_COLOUR: RGBT = (230, 0, 0)
RAG_SWATCH: dict[str, RGBT] = {"red": (220, 0, 0), "amber": (255, 170, 0),
                               "green": (0, 170, 0), "blue": (0, 100, 230)}


class InspectError(CouncilPlansError):
    """The page asked for cannot be drawn; ``str`` is one line for the user."""


@dataclass(frozen=True)
class Shape:
    """One thing drawn: ``kind`` is table / header / item / section / dropped
    / rag; ``bbox`` in PDF points (the extraction's frame)."""

    kind: str
    bbox: tuple[float, float, float, float]
    colour: RGBT
    label: str = ""
    item: int | None = None  # 1-based item number for ``item`` shapes
    field: str = ""  # the item field a box holds


@dataclass
class InspectedPage:
    page: int
    path: Path | None
    shapes: list[Shape] = field(default_factory=list)
    image: Image.Image | None = None


def trace_shapes(trace: Trace, page: int) -> list[Shape]:
    """Shapes for the parser's decisions on ``page``, in drawing order."""
    shapes = [Shape("table", m.bbox, TABLE_COLOUR, m.label) for m in trace.on_page(page, "table")]
    shapes += [Shape("header", m.bbox, ROLE_COLOURS.get(m.label, ROLE_COLOURS["extra"]), m.label)
               for m in trace.on_page(page, "header")]
    shapes += [Shape("section", m.bbox, SECTION_COLOUR, "section") for m in trace.on_page(page, "section")]
    shapes += [Shape("dropped", m.bbox, DROPPED_COLOUR, m.kind)
               for m in trace.marks if m.page == page and m.kind in ("furniture", "stamp")]
    return shapes


def item_shapes(extraction: Extraction, page: int) -> list[Shape]:
    """An outline per cell box of every item on ``page``, numbered 1.. in
    the order ``plans extract`` prints items."""
    shapes = []
    for n, item in enumerate(extraction.items, start=1):
        colour = ITEM_COLOURS[(n - 1) % len(ITEM_COLOURS)]
        for name, boxes in item.boxes.items():
            for b in boxes:
                if b.page == page:
                    shapes.append(Shape("item", (b.x0, b.top, b.x1, b.bottom), colour, f"#{n}",
                                        item=n, field=name))
    return shapes


def rag_shapes(trace: Trace, page: int) -> list[Shape]:
    return [Shape("rag", m.bbox, RAG_SWATCH.get(m.label, (0, 0, 0)), m.label)
            for m in trace.on_page(page, "rag")]


def _font(size: int) -> ImageFont.FreeTypeFont:
    font = ImageFont.load_default(size=size)
    assert isinstance(font, ImageFont.FreeTypeFont), "given a size, load_default loads its FreeType font"
    return font


def draw_shapes(image: Image.Image, shapes: list[Shape], scale: float) -> Image.Image:
    """Draw ``shapes`` over a page rendered at ``scale``; tints are
    translucent, outlines opaque, later shapes on top."""
    base = image.convert("RGBA")
    tint = Image.new("RGBA", base.size, (0, 0, 0, 0))
    tdraw = ImageDraw.Draw(tint)
    for s in shapes:
        if s.kind in ("header", "section"):
            tdraw.rectangle(to_pixels(s.bbox, scale), fill=(*s.colour, 70))
    out = Image.alpha_composite(base, tint)
    draw = ImageDraw.Draw(out)
    font = _font(max(10, round(6 * scale)))
    numbered: set[int] = set()
    for s in shapes:
        x0, y0, x1, y1 = to_pixels(s.bbox, scale)
        if s.kind == "rag":
            w = max(6, round(5 * scale))
            draw.rectangle((x1 - w - 3, y0 + 3, x1 - 3, y0 + 3 + w), fill=s.colour, outline=(0, 0, 0))
            _tag(draw, (x0 + 3, y1 - font.size - 5), f"RAG {s.label}", (40, 40, 40), font)
            continue
        width = 3 if s.kind in ("table", "item") else 2
        draw.rectangle((x0, y0, x1, y1), outline=s.colour, width=width)
        if s.kind == "dropped":
            mid = (y0 + y1) // 2
            if (x1 - x0) >= (y1 - y0):
                draw.line((x0, mid, x1, mid), fill=s.colour, width=2)
            else:
                draw.line(((x0 + x1) // 2, y0, (x0 + x1) // 2, y1), fill=s.colour, width=2)
        elif s.kind == "item" and s.item not in numbered:
            assert s.item is not None, "item shapes carry their item number"
            numbered.add(s.item)
            _tag(draw, (x0 + width, y0 + width), s.label, s.colour, font)
        elif s.kind == "header":
            _tag(draw, (x0 + width, y1 - font.size - 4), s.label, s.colour, font)
    return out.convert("RGB")


def _tag(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, colour: RGBT,
         font: ImageFont.FreeTypeFont) -> None:
    """A label on a filled chip so it stays readable over text."""
    box = draw.textbbox(xy, text, font=font)
    draw.rectangle((box[0] - 1, box[1] - 1, box[2] + 1, box[3] + 1), fill=colour)
    draw.text(xy, text, fill=(255, 255, 255), font=font)


def add_legend(image: Image.Image, shapes: list[Shape], scale: float) -> Image.Image:
    """A strip under the page naming every colour used on it."""
    entries: dict[str, RGBT] = {}
    for s in shapes:
        key = {"header": s.label, "item": "item cells (#n)", "table": "table",
               "dropped": "dropped (furniture, stamps)", "section": "section row",
               "rag": f"RAG read: {s.label}"}[s.kind]
        entries.setdefault(key, s.colour)
    size = max(10, round(6 * scale))  # an int, where FreeTypeFont.size is typed float
    font = _font(size)
    line_h, pad = size + 8, 10
    per_row = max(1, image.width // 230)
    rows = (len(entries) + per_row - 1) // per_row
    out = Image.new("RGB", (image.width, image.height + rows * line_h + 2 * pad), "white")
    out.paste(image, (0, 0))
    draw = ImageDraw.Draw(out)
    for i, (name, colour) in enumerate(entries.items()):
        x = pad + (i % per_row) * (image.width // per_row)
        y = image.height + pad + (i // per_row) * line_h
        draw.rectangle((x, y, x + font.size, y + font.size), fill=colour)
        draw.text((x + font.size + 6, y), name, fill=(0, 0, 0), font=font)
    return out


def inspect_pdf(path: str | Path, pages: list[int] | None = None, out: Path | None = None,
                settings: ExtractSettings | None = None) -> list[InspectedPage]:
    """Parse ``path`` and draw ``pages`` (default: every page with a table).

    ``out`` is a PNG file when one page is asked for, else a directory that
    gets ``<stem>-p<N>.png`` per page; without ``out`` nothing is written
    and the pictures are returned in :attr:`InspectedPage.image`.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InspectError(f"{path}: cannot read ({exc.strerror})") from None
    trace = Trace(pages=set(pages) if pages else None)
    extraction = extract_bytes(data, str(path), settings, trace=trace)
    if pages is None:
        pages = sorted({m.page for m in trace.marks if m.kind == "table"})
    for p in pages:
        if not 1 <= p <= extraction.source.pages:
            raise InspectError(f"{path}: no page {p} (the document has {extraction.source.pages})")
    done = []
    for p in pages:
        shapes = trace_shapes(trace, p) + item_shapes(extraction, p) + rag_shapes(trace, p)
        picture, size = render_page(data, p, SCALE, name=str(path))
        scale = picture.width / size[0]  # below SCALE for a huge page
        picture = add_legend(draw_shapes(picture, shapes, scale), shapes, scale)
        target = _target(path, p, out, single=len(pages) == 1)
        if target is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
            picture.save(target, format="PNG")
        done.append(InspectedPage(p, target, shapes, picture))
    return done


def _target(pdf: Path, page: int, out: Path | None, single: bool) -> Path | None:
    if out is None:
        return None
    out = Path(out)
    if single and out.suffix.lower() == ".png":
        return out
    return out / f"{pdf.stem}-p{page}.png"
