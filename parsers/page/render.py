"""A page rendered for finding rulings in pixels, as a BGR array (OpenCV's order).

Scanned plans (and tables pasted in as pictures) have their rulings only in
the page image (:mod:`parsers.tables.image_ruled`).  pdfplumber's
``to_image`` renders with pdfium, but it opens the document again for every
page it draws; when pdfium already holds the document open (page triage)
and the two would draw the same thing, the open page is drawn with the very
call and flags pdfplumber uses, so the pixels are the same.
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

#: what pdfplumber's ``to_image`` asks pdfium for (no anti-aliasing, BGRx pixels)
PLUMBER_RENDER = {"no_smoothtext": True, "no_smoothpath": True, "no_smoothimage": True, "prefer_bgrx": True}
#: PDF units per inch
POINTS_PER_INCH = 72

#: the page at a resolution (dpi), as rows x columns x (blue, green, red)
Picture = Callable[[float], np.ndarray]


def plumber_picture(page: Any, dpi: float) -> np.ndarray:
    """pdfplumber ``page`` rendered at ``dpi``."""
    rgb = page.to_image(resolution=dpi).original.convert("RGB")
    return np.ascontiguousarray(np.asarray(rgb)[:, :, ::-1])


def pdfium_picture(page: Any, dpi: float) -> np.ndarray:
    """Open pypdfium2 ``page`` rendered as pdfplumber renders it.  Only for a
    document without an interactive form: pdfplumber turns pdfium's form
    drawing on (:func:`draws_as_plumber`)."""
    bitmap = page.render(scale=dpi / POINTS_PER_INCH, **PLUMBER_RENDER)
    pixels = bitmap.to_numpy()  # blue, green, red and an unused byte per pixel
    return np.ascontiguousarray(pixels[:, :, :3])


def draws_as_plumber(pdf: Any) -> bool:
    """Does pypdfium2 document ``pdf`` (opened from the bytes pdfplumber
    reads) draw its pages as pdfplumber's ``to_image`` does?  pdfplumber
    opens a form environment first, which changes the drawing only where the
    document has a form."""
    import pypdfium2.raw as raw

    return bool(pdf.get_formtype() == raw.FORMTYPE_NONE)


__all__ = ["Picture", "draws_as_plumber", "pdfium_picture", "plumber_picture"]
