"""Open a PDF safely: classify every way a file can be unreadable into one of
the named errors in :mod:`parsers.errors` before any layout work starts.

pdfminer raises dozens of private exception classes (and plain ``KeyError``,
``TypeError``, ``zlib.error`` ... from deep inside its object parser), and
pdfplumber wraps some of them in ``PdfminerException``.  :func:`classify`
turns any of them into a named error; :func:`reading` applies it to a block
of code, so per-page parsing further on fails the same way as opening does.
"""
from __future__ import annotations

import hashlib
import io
import logging
import sys
from contextlib import contextmanager
from types import TracebackType
from typing import Any, Iterator

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdftypes import resolve1

from council_plans.parsers.errors import (CorruptPDF, EmptyFile, EncryptedPDF, InternalError, NotAPDF, OutOfMemory,
                     PlanError, TooLarge, TooManyPages)
from council_plans.parsers.settings import ExtractSettings

#: modules whose exceptions mean "this file is broken", not "our code is broken"
PDF_LIBRARIES = ("pdfminer", "pdfplumber", "pypdf", "pypdfium2", "PIL", "playa")

#: leading bytes of files people save as ``.pdf`` by mistake -> what they are
SIGNATURES = (
    (b"PK\x03\x04", "looks like a ZIP or Word/Excel (.docx/.xlsx) file"),
    (b"\xd0\xcf\x11\xe0", "looks like an old Word/Excel (.doc/.xls) file"),
    (b"\x89PNG", "looks like a PNG image"),
    (b"\xff\xd8\xff", "looks like a JPEG image"),
    (b"GIF8", "looks like a GIF image"),
    (b"II*\x00", "looks like a TIFF image"),
    (b"MM\x00*", "looks like a TIFF image"),
    (b"{\\rtf", "looks like an RTF document"),
)

# pdfminer logs a warning for every small defect it repairs; a batch of 500
# files would drown the real messages.
logging.getLogger("pdfminer").setLevel(logging.ERROR)
logging.getLogger("pypdf").setLevel(logging.ERROR)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sniff(data: bytes) -> str:
    """Say what non-PDF bytes look like, for the NotAPDF message."""
    head = data[:1024]
    for magic, what in SIGNATURES:
        if head.startswith(magic):
            return what
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html")) or b"<html" in text or b"<head" in text:
        return "looks like an HTML page, e.g. an error or login page saved as .pdf"
    if text.startswith((b"<?xml", b"<")):
        return "looks like XML/HTML"
    if text.startswith((b"{", b"[")):
        return "looks like JSON"
    printable = sum(32 <= b < 127 or b in (9, 10, 13) for b in head)
    if head and printable / len(head) > 0.95:
        return "looks like plain text; no %PDF- header"
    return "no %PDF- header"


def check_size(size: int, name: str, settings: ExtractSettings) -> None:
    """Refuse empty and over-limit files (also used before reading a file)."""
    if size == 0:
        raise EmptyFile(name)
    if size > settings.max_bytes:
        raise TooLarge(name, f"{size} bytes > limit {settings.max_bytes}")


def check_bytes(data: bytes, name: str, settings: ExtractSettings) -> None:
    """Cheap checks that need no PDF parser: size, emptiness, magic number."""
    check_size(len(data), name, settings)
    if b"%PDF-" not in data[:1024]:
        raise NotAPDF(name, sniff(data))
    if b"obj" not in data:
        raise CorruptPDF(name, f"a PDF header but no objects in {len(data)} bytes: truncated?")


#: pdfplumber modules that only do geometry on objects *we* pass in: an error
#: entering the libraries there is our bug, not a broken file
PURE_HELPERS = ("pdfplumber.table", "pdfplumber.utils")


def _library_entry(tb: TracebackType | None) -> str:
    """Module through which the failing call entered the PDF libraries
    ("" when the innermost frames are not library code).

    Standard-library frames are skipped; the innermost run of library
    frames is followed outwards to its first frame."""
    modules = []
    while tb is not None:
        module = str(tb.tb_frame.f_globals.get("__name__", ""))
        if module.split(".")[0] not in sys.stdlib_module_names:
            modules.append(module)
        tb = tb.tb_next
    entry = ""
    for module in reversed(modules):
        if module.split(".")[0] not in PDF_LIBRARIES:
            break
        entry = module
    return entry


def _from_reading(exc: BaseException) -> bool:
    """True when ``exc`` was raised by a library while reading the file."""
    entry = _library_entry(exc.__traceback__)
    return bool(entry) and not entry.startswith(PURE_HELPERS)


def _unwrap(exc: BaseException) -> BaseException:
    """pdfplumber wraps pdfminer's exception as the first argument."""
    seen = 0
    while type(exc).__name__ in ("PdfminerException", "MalformedPDFException") and seen < 5:
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else None
        if inner is None:
            inner = exc.__cause__ or exc.__context__
        if inner is None:
            break
        exc, seen = inner, seen + 1
    return exc


def encryption_of(data: bytes) -> str:
    """Describe a file's encryption ("RC4 128-bit", "AES-256") for messages."""
    try:
        from pypdf import PdfReader

        enc: Any = PdfReader(io.BytesIO(data), strict=False).trailer["/Encrypt"].get_object()
        v, r = int(enc.get("/V", 0)), int(enc.get("/R", 0))
        bits = int(enc.get("/Length", 40))
        cfm = str(enc.get("/CF", {}).get("/StdCF", {}).get("/CFM", "")) if v >= 4 else ""
    except Exception:  # the description is a courtesy; never fail on it
        return "needs a password"
    if v >= 5 or r >= 5:
        algo = "AES-256"
    elif cfm == "/AESV2":
        algo = "AES-128"
    else:
        algo = f"RC4 {bits}-bit"
    return f"{algo}; needs a password to open"


def classify(exc: BaseException, name: str, data: bytes | None = None) -> PlanError:
    """Turn any exception met while reading ``name`` into a named error
    (``data``, when given, lets the message name the encryption)."""
    if isinstance(exc, PlanError):
        return exc
    wrapped = type(exc).__name__ in ("PdfminerException", "MalformedPDFException")
    inner = _unwrap(exc)
    if isinstance(inner, PlanError):
        return inner
    text = f"{type(inner).__name__}: {inner}"
    if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)) or any(
            w in type(inner).__name__.lower() for w in ("password", "encrypt", "decrypt")):
        return EncryptedPDF(name, encryption_of(data) if data is not None else text)
    if isinstance(inner, MemoryError):
        return OutOfMemory(name, "MemoryError")
    if isinstance(inner, RecursionError):
        return CorruptPDF(name, "objects nested too deeply")
    if wrapped or _from_reading(inner):
        return CorruptPDF(name, text)
    return InternalError(name, text)


@contextmanager
def reading(name: str, where: str | None = None, data: bytes | None = None) -> Iterator[None]:
    """Run a block that reads PDF objects; re-raise failures as named errors.

    ``where`` (e.g. ``"page 4"``) is prefixed to the detail of errors that
    this block classified, so a message says where the file broke."""
    try:
        yield
    except PlanError:
        raise
    except Exception as exc:  # pdfminer raises many private classes
        err = classify(exc, name, data)
        if where and err.detail is not None:
            err = type(err)(name, f"{where}: {err.detail}")
        raise err from exc


def declared_page_count(pdf: pdfplumber.PDF) -> int | None:
    """``/Count`` of the page tree: known before walking every page object."""
    try:
        pages = resolve1(pdf.doc.catalog.get("Pages"))
        count = resolve1(pages.get("Count")) if isinstance(pages, dict) else None
        return int(count) if isinstance(count, (int, float)) else None
    except Exception:  # a broken page tree is reported when pages are walked
        return None


def pages_to_read(n: int, settings: ExtractSettings) -> range:
    """The 1-based page numbers of an ``n``-page document that ``settings``
    ask for (``first_page``..``last_page``, clipped to the document)."""
    lo = max(1, settings.first_page or 1)
    hi = min(n, settings.last_page or n)
    return range(lo, hi + 1)


def _check_page_limit(name: str, n: int, settings: ExtractSettings) -> None:
    """``max_pages`` bounds the pages that will be read: a 900-page agenda
    pack is fine with ``--pages 67-86`` under a 500-page limit."""
    asked = len(pages_to_read(n, settings))
    if asked > settings.max_pages:
        which = f"{asked} pages asked for" if asked < n else f"{n} pages"
        raise TooManyPages(name, f"{which} > limit {settings.max_pages}")


def _open_counted(data: bytes, name: str, settings: ExtractSettings) -> pdfplumber.PDF:
    """Open and count pages, enforcing the page limit; named errors only."""
    with reading(name, data=data):
        pdf = pdfplumber.open(io.BytesIO(data))
    try:
        declared = declared_page_count(pdf)
        if declared is not None:
            _check_page_limit(name, declared, settings)
        with reading(name):
            n = len(pdf.pages)
        if n == 0:
            raise CorruptPDF(name, "no readable pages (broken page tree)")
        _check_page_limit(name, n, settings)
    except BaseException:
        pdf.close()
        raise
    return pdf


def ends_properly(data: bytes) -> bool:
    """True when the file ends with an ``%%EOF`` marker (not cut short)."""
    return b"%%EOF" in data[-1024:]


def repaired_copy(data: bytes) -> bytes | None:
    """Rewrite a damaged PDF with pypdf, which rebuilds a broken
    cross-reference table by scanning for objects; ``None`` if it cannot."""
    from pypdf import PdfReader, PdfWriter

    try:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data), strict=False))
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
    except Exception:  # pypdf has its own zoo of errors; the original one is reported
        return None


def open_pdf(data: bytes, name: str, settings: ExtractSettings) -> pdfplumber.PDF:
    """Return an open pdfplumber document or raise a named error.

    A complete file (ending in ``%%EOF``) whose structure is broken, e.g. a
    cross-reference table with wrong offsets, is repaired once with pypdf;
    the returned object then has ``repaired`` set to the original problem
    (callers may warn).  A file cut short is reported as truncated, never
    half-read.  The caller closes the document."""
    check_bytes(data, name, settings)
    try:
        pdf = _open_counted(data, name, settings)
        pdf.repaired = None  # type: ignore[attr-defined]  # our note on pdfplumber's PDF, read by document.py
        return pdf
    except CorruptPDF as first:
        if not ends_properly(data):
            raise CorruptPDF(name, f"truncated: no %%EOF at the end of the file; "
                                   f"{first.detail}") from None
        fixed = repaired_copy(data)
        if fixed is None:
            raise
        try:
            pdf = _open_counted(fixed, name, settings)
        except PlanError:
            raise first from None
        pdf.repaired = first.detail  # type: ignore[attr-defined]  # as above
        return pdf


def page_count(data: bytes, name: str, settings: ExtractSettings) -> int:
    """Number of pages, with the same checks and errors as :func:`open_pdf`."""
    with open_pdf(data, name, settings) as pdf:
        return len(pdf.pages)


__all__ = ["PDF_LIBRARIES", "check_bytes", "check_size", "classify", "declared_page_count", "ends_properly", "open_pdf",
           "repaired_copy",
           "page_count", "pages_to_read", "reading", "sha256_of", "sniff"]
