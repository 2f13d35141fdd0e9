"""Does a page carry text we can read, or only a picture of text?

Scanned letters and image-only appendices have no text layer: nothing can be
extracted without OCR, and saying so per page beats silently returning no
items.  Agenda systems often stamp "Page 40" as real text on top of a scanned
page, so a handful of characters over an image still counts as image-only.
Broken font encodings that extract as ``(cid:12)`` codes are no better than
no text at all.
"""
from __future__ import annotations

import re
from typing import Iterable, Literal

from council_plans.parsers.errors import NoTextLayer
from council_plans.parsers.page.pageview import PageView

#: a page with an image and fewer readable characters than this is a scan
MIN_CHARS_OVER_IMAGE = 25

_CID = re.compile(r"^\(cid:\d+\)$")

PageStatus = Literal["text", "image-only", "blank"]


def readable_chars(view: PageView) -> int:
    """Characters that carry text: not blanks, not ``(cid:N)`` glyph codes."""
    texts = [ch.get("text") or "" for ch in view.chars]
    written = len(texts) - texts.count("")
    # counted with C-level passes: not empty, not all blank, not the replacement mark...
    n = written - sum(map(str.isspace, texts)) - texts.count("\ufffd")
    if sum(map(len, texts)) > written:  # ...and, where some hold several characters,
        n -= sum(1 for t in texts if len(t) > 1 and _CID.match(t))  # not a glyph code
    return n


def page_status(view: PageView) -> PageStatus:
    """``"text"``, ``"image-only"`` (scanned: an image, next to no text) or
    ``"blank"`` (neither text nor images)."""
    return status_of(readable_chars(view), view.images)


def status_of(readable: int, images: int) -> PageStatus:
    """The status of a page with ``readable`` characters of text and
    ``images`` images (page triage counts them its own way)."""
    if images:
        return "text" if readable >= MIN_CHARS_OVER_IMAGE else "image-only"
    return "text" if readable else "blank"


def page_has_text(view: PageView) -> bool:
    """True when the page has a usable text layer."""
    return page_status(view) == "text"


def status_warning(number: int, status: PageStatus) -> str | None:
    """The per-page warning for a page without text, or ``None``."""
    if status == "image-only":
        return f"page {number}: no text layer (scanned or image-only); try --ocr"
    if status == "blank":
        return f"page {number}: blank page (no text, no images)"
    return None


def page_warning(view: PageView) -> str | None:
    """The per-page warning for ``view``, or ``None`` when it has text."""
    return status_warning(view.number, page_status(view))


def check_text_layer(statuses: Iterable[tuple[int, PageStatus]], name: str) -> tuple[list[int], list[str]]:
    """Pages without text and their warnings, from ``(page number, status)``
    pairs; raise :class:`NoTextLayer` when no page at all has text (nothing
    could ever be extracted).

    Returns ``(pages_without_text, warnings)`` for ``Extraction``."""
    missing: list[int] = []
    warnings: list[str] = []
    seen: list[PageStatus] = []
    for number, status in statuses:
        seen.append(status)
        if status != "text":
            missing.append(number)
            warnings.append(status_warning(number, status) or "")
    if seen and "text" not in seen:
        scanned = seen.count("image-only")
        raise NoTextLayer(name, f"{scanned} image-only and {len(seen) - scanned} blank "
                                f"{'page' if len(seen) == 1 else 'pages'}, no page with text")
    return missing, warnings


__all__ = ["MIN_CHARS_OVER_IMAGE", "check_text_layer", "page_has_text", "page_status",
           "page_warning", "readable_chars", "status_of", "status_warning"]
