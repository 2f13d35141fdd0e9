"""Turning command-line arguments (files, directories, globs) into PDF paths.

Directories are walked recursively; globs are expanded (``**`` included).
A file counts as a PDF when its name ends in ``.pdf`` or its first bytes
carry the ``%PDF-`` signature; anything else is reported and skipped. A
``.pdf`` file that is not really a PDF is *kept*, so the parser names the
failure and the batch records it.

A glob or a directory that yields no PDF at all is almost always a typo or the
wrong folder, so it is a usage error (:class:`NoPDFsFound`) raised before
anything is done, not a failure recorded in the database. A plain file name
that does not exist stays a recorded failure (it may be a download that has
not arrived yet).
"""
from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from council_plans.schema.errors import CouncilPlansError

PDF_MAGIC = b"%PDF-"
_SNIFF_BYTES = 1024


@dataclass
class Discovery:
    pdfs: list[Path] = field(default_factory=list)
    #: files that are not PDFs (reported, not failures)
    not_pdf: list[Path] = field(default_factory=list)
    #: file names that do not exist (failures)
    missing: list[str] = field(default_factory=list)
    #: globs and directories that yielded no PDF (usage errors)
    empty: list[str] = field(default_factory=list)


class NoPDFsFound(CouncilPlansError, ValueError):
    """A glob or directory named on the command line holds no PDF."""

    def __init__(self, args: list[str]):
        self.args_without_pdfs = args
        super().__init__("no PDF found in " + ", ".join(repr(a) for a in args))


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


def discover(args: Iterable[str | os.PathLike[str]]) -> Discovery:
    """PDF files named by ``args``, in a stable order, each once."""
    found = Discovery()
    seen: set[Path] = set()
    for named in args:
        arg = os.fspath(named)
        matches = _expand(arg)
        if not matches:
            (found.empty if glob.has_magic(arg) else found.missing).append(arg)
            continue
        named_file = not glob.has_magic(arg) and matches[0].is_file()
        if not _add_files(matches, found, seen) and not named_file:
            found.empty.append(arg)
    return found


def _add_files(matches: list[Path], found: Discovery, seen: set[Path]) -> bool:
    """Add the files under ``matches``; True when any of them is a PDF
    (even one already added by an earlier argument)."""
    any_pdf = False
    for match in matches:
        for f in _walk(match) if match.is_dir() else [match]:
            if not f.is_file():
                continue
            is_pdf = looks_like_pdf(f)
            any_pdf = any_pdf or is_pdf
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                (found.pdfs if is_pdf else found.not_pdf).append(f)
    return any_pdf
