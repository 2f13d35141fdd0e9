"""Named failures of reading a PDF.

Every failure a user can meet with a bad file has its own class, so a batch
can record *what kind* of failure it was (``ingest_error.error_class``) and
print one line naming the file and the reason.
"""
from __future__ import annotations

from council_plans.schema.errors import CouncilPlansError


class PlanError(CouncilPlansError):
    """Base class: ``str(err)`` is one line ``"<file>: <reason>"``."""

    reason = "could not be read"

    def __init__(self, path: str, detail: str | None = None):
        self.path = str(path)
        # one line whatever the library said: collapse whitespace, cap length
        self.detail = " ".join(str(detail).split())[:300] if detail else None
        shown = self.path.replace("\n", "\\n").replace("\r", "\\r")
        msg = f"{shown}: {self.reason}"
        if self.detail:
            msg += f" ({self.detail})"
        super().__init__(msg)

    def __reduce__(self):  # picklable across the worker-process boundary
        return (type(self), (self.path, self.detail))


class NotAPDF(PlanError):
    reason = "not a PDF file"


class EmptyFile(PlanError):
    reason = "file is empty (0 bytes)"


class CorruptPDF(PlanError):
    reason = "PDF is truncated or corrupt"


class EncryptedPDF(PlanError):
    reason = "PDF is encrypted (password protected)"


class NoTextLayer(PlanError):
    reason = "no text layer (scanned or image-only pages); try --ocr"


class TooLarge(PlanError):
    reason = "file is larger than the size limit"


class TooManyPages(PlanError):
    reason = "document has more pages than the page limit"


class ParseTimeout(PlanError):
    reason = "parsing took longer than the time limit"


class OCRUnavailable(PlanError):
    reason = "OCR requested but ocrmypdf/tesseract is not installed"


class OCRFailed(PlanError):
    reason = "OCR (ocrmypdf) failed on this file"


class OutOfMemory(PlanError):
    reason = "parsing needed more memory than the memory limit"


class ParserCrashed(PlanError):
    """The worker process died without an answer (killed by a signal, e.g.
    the kernel's out-of-memory killer or a crash inside a C library)."""

    reason = "the parser process died unexpectedly"


class InternalError(PlanError):
    """A bug in this program rather than a problem with the file: recorded
    so a batch carries on, but worth a bug report (fuzz tests fail on it)."""

    reason = "internal parser error (please report it with the file)"


#: every class a batch may record, by name
ERROR_CLASSES = {cls.__name__: cls for cls in (
    NotAPDF, EmptyFile, CorruptPDF, EncryptedPDF, NoTextLayer, TooLarge,
    TooManyPages, ParseTimeout, OCRUnavailable, OCRFailed, OutOfMemory,
    ParserCrashed, InternalError)}
