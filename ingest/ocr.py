"""Add a text layer to scanned pages with ocrmypdf (Tesseract) before parsing.

This runs an external program, so it lives in ``ingest`` rather than in the
I/O-free ``parsers``.  ``ocrmypdf --skip-text`` leaves pages that already
have text alone and OCRs only the image-only ones; the output keeps the
original page images and adds invisible text, which pdfplumber reads like
any other text.  Debian packages: ``ocrmypdf tesseract-ocr tesseract-ocr-eng``.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from council_plans.parsers.errors import CorruptPDF, EncryptedPDF, OCRFailed, OCRUnavailable

#: ocrmypdf's documented exit codes that mean something to our users
_EXIT_INPUT, _EXIT_MISSING_DEP, _EXIT_ALREADY_DONE, _EXIT_ENCRYPTED = 2, 3, 6, 8


def ocr_available() -> bool:
    """True when both ocrmypdf and tesseract are on the PATH."""
    return bool(shutil.which("ocrmypdf") and shutil.which("tesseract"))


def _clean_env() -> dict[str, str]:
    """ocrmypdf is a Python program from the OS packages: keep our
    interpreter's PYTHONPATH/PYTHONHOME from leaking into it."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.setdefault("OMP_THREAD_LIMIT", "1")  # tesseract threads; ocrmypdf runs pages in parallel
    return env


def _last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[-1] if lines else "no message"


def add_text_layer(data: bytes, name: str, language: str = "eng",
                   timeout: float | None = None) -> bytes:
    """Return ``data`` with a text layer on its image-only pages.

    Raises :class:`OCRUnavailable` when ocrmypdf/tesseract are missing and
    :class:`OCRFailed` (or the matching named error) when OCR fails."""
    if not ocr_available():
        raise OCRUnavailable(name, "install the Debian packages ocrmypdf, tesseract-ocr, "
                                   "tesseract-ocr-eng")
    with tempfile.TemporaryDirectory(prefix="plans-ocr-") as tmp:
        src, dst = Path(tmp, "in.pdf"), Path(tmp, "out.pdf")
        src.write_bytes(data)
        cmd = ["ocrmypdf", "--skip-text", "--output-type", "pdf", "--optimize", "0",
               "--quiet", "-l", language, str(src), str(dst)]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, env=_clean_env(),
                                  timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise OCRFailed(name, f"ocrmypdf took longer than {timeout:g}s") from None
        if proc.returncode == _EXIT_ALREADY_DONE:
            return data
        if proc.returncode == _EXIT_ENCRYPTED:
            raise EncryptedPDF(name, "ocrmypdf cannot open it")
        if proc.returncode == _EXIT_INPUT:
            raise CorruptPDF(name, f"ocrmypdf: {_last_line(proc.stderr)}")
        if proc.returncode == _EXIT_MISSING_DEP:
            raise OCRUnavailable(name, f"ocrmypdf: {_last_line(proc.stderr)}")
        if proc.returncode != 0 or not dst.is_file():
            raise OCRFailed(name, f"ocrmypdf exit {proc.returncode}: {_last_line(proc.stderr)}")
        return dst.read_bytes()


__all__ = ["add_text_layer", "ocr_available"]
