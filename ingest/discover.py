"""Turning command-line arguments (files, directories, globs) into PDF paths.

Directories are walked recursively; globs are expanded (``**`` included).
A file counts as a PDF when its name ends in ``.pdf`` or its first bytes
carry the ``%PDF-`` signature; anything else is reported and skipped. A
``.pdf`` file that is not really a PDF is *kept*, so the parser names the
failure and the batch records it.
"""
from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

PDF_MAGIC = b"%PDF-"
_SNIFF_BYTES = 1024


@dataclass
class Discovery:
    pdfs: list[Path] = field(default_factory=list)
    #: files that are not PDFs (reported, not failures)
    not_pdf: list[Path] = field(default_factory=list)
    #: arguments that matched nothing (failures)
    missing: list[str] = field(default_factory=list)


def looks_like_pdf(path: Path) -> bool:
    """``.pdf`` name, or the PDF signature within the first kilobyte."""
    if path.suffix.lower() == ".pdf":
        return True
    try:
        with open(path, "rb") as fh:
            return PDF_MAGIC in fh.read(_SNIFF_BYTES)
    except OSError:
        return False


def _walk(root: Path) -> Iterable[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            yield Path(dirpath) / name


def _expand(arg: str) -> list[Path] | None:
    path = Path(arg)
    if path.exists():
        return [path]
    if glob.has_magic(arg):
        return [Path(p) for p in sorted(glob.glob(arg, recursive=True))]
    return None


def discover(args: Iterable[str | os.PathLike]) -> Discovery:
    """PDF files named by ``args``, in a stable order, each once."""
    found = Discovery()
    seen: set[Path] = set()
    for arg in args:
        matches = _expand(os.fspath(arg))
        if not matches:
            found.missing.append(os.fspath(arg))
            continue
        for match in matches:
            files = _walk(match) if match.is_dir() else [match]
            for f in files:
                key = f.resolve()
                if key in seen or not f.is_file():
                    continue
                seen.add(key)
                (found.pdfs if looks_like_pdf(f) else found.not_pdf).append(f)
    return found
