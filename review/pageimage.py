"""PDF pages as pictures: rendering (pypdfium2) and the page-image cache.

``plans inspect`` draws on a rendered page, and ``plans serve`` shows the
page an item was read from. Both work in the frame of
:class:`schema.items.Box` (PDF points from the top-left corner of the page as
a viewer shows it, ``/Rotate`` applied), which is also the frame pdfium
renders in, so a box maps to pixels by multiplying by the scale.

The cache (``plans ingest --keep-pages DIR``) holds ``DIR/<sha256>/<page>.png``
rendered at :data:`CACHE_SCALE`, so a server can show pages after the PDFs
have moved away.
"""
from __future__ import annotations

import io
import os
import threading
from pathlib import Path
from typing import Iterable

from PIL import Image

from council_plans.parsers.page.pixels import capped_scale
from council_plans.schema.errors import CouncilPlansError

#: pixels per PDF point of cached pages (108 dpi: legible, small files)
CACHE_SCALE = 1.5

_PDFIUM_LOCK = threading.Lock()  # pdfium is not thread-safe; servers render in threads


class PageImageError(CouncilPlansError):
    """A page could not be rendered; ``str`` names the file and the reason."""


def to_pixels(bbox: tuple[float, float, float, float], scale: float) -> tuple[int, int, int, int]:
    """A box in PDF points as whole pixels of a page rendered at ``scale``."""
    x0, top, x1, bottom = bbox
    return round(x0 * scale), round(top * scale), round(x1 * scale), round(bottom * scale)


def _open(source: Path | bytes, name: str):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(source if isinstance(source, bytes) else str(source))
    except (pdfium.PdfiumError, OSError) as exc:
        raise PageImageError(f"{name}: cannot open PDF ({exc})") from None


def render_page(source: Path | bytes, page: int, scale: float,
                name: str | None = None) -> tuple[Image.Image, tuple[float, float]]:
    """Render 1-based ``page`` of a PDF (a path or its bytes) at ``scale``
    pixels per point, or less for a huge page (:func:`capped_scale`: the
    scale used is ``image.width / size[0]``); return the RGB image and the
    page size in points."""
    label = name or (str(source) if not isinstance(source, bytes) else "PDF")
    with _PDFIUM_LOCK:
        pdf = _open(source, label)
        try:
            if not 1 <= page <= len(pdf):
                raise PageImageError(f"{label}: no page {page} (the document has {len(pdf)})")
            pg = pdf[page - 1]
            size = pg.get_size()
            image = pg.render(scale=capped_scale(size, scale)).to_pil().convert("RGB")
            pg.close()
        finally:
            pdf.close()
    return image, (float(size[0]), float(size[1]))


def page_size(source: Path, page: int) -> tuple[float, float]:
    """Size in PDF points of 1-based ``page`` (as a viewer shows it)."""
    with _PDFIUM_LOCK:
        pdf = _open(source, str(source))
        try:
            if not 1 <= page <= len(pdf):
                raise PageImageError(f"{source}: no page {page} (the document has {len(pdf)})")
            width, height = pdf.get_page_size(page - 1)
        finally:
            pdf.close()
    return float(width), float(height)


def png_bytes(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG", compress_level=1)  # fast; smaller than the default here too
    return buf.getvalue()


def cache_path(cache_dir: Path, sha256: str, page: int) -> Path:
    return Path(cache_dir) / sha256 / f"{page}.png"


def write_page_cache(source: Path, sha256: str, pages: Iterable[int], cache_dir: Path) -> list[Path]:
    """Render ``pages`` of ``source`` into the cache (skipping ones already
    there); files are written whole (temp file, then rename)."""
    written = []
    for page in sorted(set(pages)):
        target = cache_path(cache_dir, sha256, page)
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        image, _ = render_page(source, page, CACHE_SCALE)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(png_bytes(image))
        os.replace(tmp, target)
        written.append(target)
    return written


def cached_page(cache_dir: Path | None, sha256: str, page: int) -> tuple[bytes, tuple[float, float]] | None:
    """PNG bytes and page size (points) of a cached page, or None."""
    if cache_dir is None:
        return None
    path = cache_path(cache_dir, sha256, page)
    if not path.is_file():
        return None
    data = path.read_bytes()
    with Image.open(io.BytesIO(data)) as im:
        width, height = im.size
    return data, (width / CACHE_SCALE, height / CACHE_SCALE)


def keep_pages(engine, document_ids: Iterable[int], cache_dir: Path) -> int:
    """Cache the pages that hold items of these documents (``plans ingest
    --keep-pages``); returns how many images were written."""
    from sqlalchemy import select

    from council_plans.schema.models import CellBox, Document

    ids = sorted(set(document_ids))
    if not ids:
        return 0
    with engine.connect() as conn:
        docs = conn.execute(select(Document.id, Document.sha256, Document.source_path)
                            .where(Document.id.in_(ids))).all()
        pages = conn.execute(select(CellBox.document_id, CellBox.page).distinct()
                             .where(CellBox.document_id.in_(ids))).all()
    written = 0
    for doc_id, sha, source in docs:
        wanted = [p for d, p in pages if d == doc_id]
        if source and wanted:
            written += len(write_page_cache(Path(source), sha, wanted, cache_dir))
    return written
