"""How large a page may become as a picture.

A page's size is whatever its MediaBox says: a 631-byte PDF can declare a
14400-point square page, which at an ordinary scale is hundreds of millions
of pixels. Everything that turns a page into an image (``plans inspect``,
``plans serve``, ruled tables read from a scanned page's image) asks
:func:`capped_scale` first, so the cap is in pixels, not in scale.
"""
from __future__ import annotations

#: most pixels one rendered page may have (48 MB as RGB)
MAX_RENDER_PIXELS = 16_000_000
POINTS_PER_INCH = 72.0


def capped_scale(size: tuple[float, float], scale: float,
                 max_pixels: int = MAX_RENDER_PIXELS) -> float:
    """``scale`` (pixels per point), lowered so a page of ``size`` points
    renders to at most ``max_pixels`` pixels."""
    area = max(1.0, float(size[0])) * max(1.0, float(size[1]))
    return min(scale, (max_pixels / area) ** 0.5)


def capped_resolution(size: tuple[float, float], dpi: float) -> float:
    """:func:`capped_scale` for a resolution in dots per inch."""
    return capped_scale(size, dpi / POINTS_PER_INCH) * POINTS_PER_INCH
