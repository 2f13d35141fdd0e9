"""Batch ingest: PDFs in, one transaction per document, failures recorded.

Exit codes of ``plans ingest`` (see :meth:`BatchReport.exit_code`):

* ``0`` every file imported, or skipped because it was already imported;
* ``3`` partial: some files failed, the others were imported or skipped;
* ``4`` every file failed;
* ``2`` usage errors (reported by click before anything runs).

A document is written in one transaction: all of its rows or none. A file
that fails at any stage (read, parse, store) is recorded in ``ingest_error``
and the batch carries on. Parsing runs in ``workers`` warm processes
(:mod:`ingest.pool`); writing stays in the calling process, so SQLite never
sees two writers of ours. An interrupted batch (Ctrl-C, or SIGTERM under
``pool.sigterm_interrupts``) stops its workers and raises
:class:`BatchInterrupted` carrying the report of what was stored.
"""
from __future__ import annotations

import hashlib
import os
import signal
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Hashable, Iterable, Protocol

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError

from council_plans.db.corrections import review_settings
from council_plans.db.engine import ensure_schema, get_engine, session_scope
from council_plans.compare.lifecycle import store_document
from council_plans.db.store import clear_errors, one_line, record_error
from council_plans.parsers.settings import ExtractSettings
from council_plans.schema.items import Extraction, SourceMeta
from council_plans.schema.models import Document

from council_plans.ingest.discover import NoPDFsFound, discover

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_PARTIAL = 3
EXIT_ALL_FAILED = 4

IMPORTED = "imported"
SKIPPED = "skipped-duplicate"
FAILED = "failed"


@dataclass
class FileOutcome:
    path: str
    status: str  # IMPORTED / SKIPPED / FAILED
    sha256: str | None = None
    document_id: int | None = None
    items: int = 0
    pages: int = 0
    replaced: bool = False  # --force replaced an earlier import
    same_as: str | None = None  # skipped: the same bytes as this file earlier in the batch
    stage: str | None = None  # where it failed: discover / read / parse / store
    error_class: str | None = None
    error: str | None = None  # one line naming the file and the reason


@dataclass
class BatchReport:
    outcomes: list[FileOutcome] = field(default_factory=list)
    not_pdf: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def items(self) -> int:
        return sum(o.items for o in self.outcomes if o.status == IMPORTED)

    @property
    def pages(self) -> int:
        return sum(o.pages for o in self.outcomes if o.status == IMPORTED)

    @property
    def exit_code(self) -> int:
        failed = self.count(FAILED)
        if not failed:
            return EXIT_OK
        return EXIT_ALL_FAILED if failed == len(self.outcomes) else EXIT_PARTIAL


class Reporter(Protocol):
    def start(self, total: int) -> None: ...
    def working(self, path: str) -> None: ...  # parsing this file now
    def advance(self, outcome: FileOutcome) -> None: ...


@dataclass
class _Job:
    path: Path
    sha256: str
    size: int
    meta: SourceMeta | None
    #: what to record instead of ``path`` (the URL a cluster worker downloaded ``path`` from)
    origin: str | None = None

    @property
    def label(self) -> str:
        return self.origin or _display(self.path)


def file_sha256(path: Path) -> tuple[str, int]:
    """Hex sha256 and size of a file, read in chunks."""
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _display(path: Path | str) -> str:
    return os.fspath(path)


def _fail(engine: Engine, path: Path | str, stage: str, exc_class: str, message: str,
          sha256: str | None = None, file_name: str | None = None) -> FileOutcome:
    name = file_name or Path(path).name or _display(path)
    message = one_line(message)
    where = _display(path) if "://" in _display(path) else os.path.abspath(path)
    record_error(engine, path=where, file_name=name, sha256=sha256, stage=stage,
                 error_class=exc_class, message=message)
    return FileOutcome(_display(path), FAILED, sha256=sha256, stage=stage,
                       error_class=exc_class, error=message)


def _describe(exc: BaseException, path: Path | str) -> tuple[str, str]:
    """(error class, one-line message naming the file) for any exception."""
    from council_plans.parsers.errors import PlanError

    if isinstance(exc, PlanError):
        return type(exc).__name__, str(exc)
    first = (str(exc).strip().splitlines() or [""])[0]
    return type(exc).__name__, f"{_display(path)}: {type(exc).__name__}: {first}".rstrip(": ")


def _already_imported(engine: Engine, sha256: str) -> int | None:
    with engine.connect() as conn:
        return conn.scalar(select(Document.id).where(Document.sha256 == sha256))


def _prepare(engine: Engine, path: Path, meta: SourceMeta | None, force: bool,
             seen: dict[str, str]) -> _Job | FileOutcome:
    """Hash the file and decide: parse it, or skip it as already imported or
    as a copy of a file earlier in this batch (``seen``: sha256 -> that file)."""
    try:
        sha, size = file_sha256(path)
    except OSError as exc:
        return _fail(engine, path, "read", *_describe(exc, path))
    if sha in seen:
        return FileOutcome(_display(path), SKIPPED, sha256=sha, same_as=seen[sha])
    seen[sha] = _display(path)
    doc_id = _already_imported(engine, sha)
    if doc_id is not None and not force:
        return FileOutcome(_display(path), SKIPPED, sha256=sha, document_id=doc_id)
    return _Job(path, sha, size, meta)


def _prepare_all(engine: Engine, pdfs: list[Path], meta: SourceMeta | None, force: bool,
                 done) -> list[_Job]:
    """Hash every file; report the skipped ones, return the ones to parse."""
    seen: dict[str, str] = {}
    jobs: list[_Job] = []
    from council_plans.ingest.pool import deferred_signals

    for path in pdfs:
        with deferred_signals():  # a failure recorded is a failure reported
            prepared = _prepare(engine, path, meta, force, seen)
            if isinstance(prepared, FileOutcome):
                done(prepared)
            else:
                jobs.append(prepared)
    return jobs


def parse_job(path: str, settings: ExtractSettings) -> tuple[str, Any, Any]:
    """Run the extraction and return ("ok", extraction, None) or ("error", class, message).

    Exceptions are turned into plain tuples here, in the worker, because
    exception classes with custom ``__init__`` do not survive pickling intact.
    """
    from council_plans.ingest.worker import run_extraction

    try:
        return _as_result(run_extraction(path, settings), path)
    except Exception as exc:
        return _as_result(exc, path)


def _check_text(extraction: Extraction, path: Path | str) -> None:
    """An image-only document that parsed to nothing is a failure, not an empty import."""
    from council_plans.parsers.errors import NoTextLayer

    pages = extraction.source.pages
    if not extraction.items and pages and len(set(extraction.pages_without_text)) >= pages:
        raise NoTextLayer(_display(path))


def _store(engine: Engine, job: _Job, extraction: Extraction, force: bool) -> FileOutcome:
    """Write one document in one transaction (replacing its rows under ``force``)."""
    extraction.source.sha256 = job.sha256
    extraction.source.size = extraction.source.size or job.size
    m = job.meta or SourceMeta()
    meta = replace(m, file_name=m.file_name or job.path.name,
                   source_path=None if job.origin else os.path.abspath(job.path))
    try:
        _check_text(extraction, job.label)
        with session_scope(engine) as session:
            existing = session.scalar(select(Document).where(Document.sha256 == job.sha256))
            if existing is not None and not force:
                return FileOutcome(job.label, SKIPPED, job.sha256, existing.id)
            doc = store_document(session, extraction, meta, existing)
            doc_id = doc.id
            clear_errors(session, meta.source_path, job.sha256)
    except IntegrityError as exc:
        # another writer imported the same bytes between our check and our insert
        imported_id = _already_imported(engine, job.sha256)
        if imported_id is not None:
            return FileOutcome(job.label, SKIPPED, job.sha256, imported_id)
        return _fail(engine, job.label, "store", *_describe(exc, job.label), sha256=job.sha256,
                     file_name=meta.file_name)
    except Exception as exc:
        stage = "parse" if type(exc).__name__ == "NoTextLayer" else "store"
        return _fail(engine, job.label, stage, *_describe(exc, job.label), sha256=job.sha256,
                     file_name=meta.file_name)
    return FileOutcome(job.label, IMPORTED, job.sha256, doc_id,
                       items=len(extraction.items), pages=extraction.source.pages,
                       replaced=existing is not None)


def _finish(engine: Engine, job: _Job, result: tuple[str, Any, Any], force: bool) -> FileOutcome:
    status, value, message = result
    if status == "ok":
        return _store(engine, job, value, force)
    return _fail(engine, job.label, "parse", value, message, sha256=job.sha256,
                 file_name=job.meta.file_name if job.meta else None)


def ingest_file(path: str | os.PathLike, engine: Engine, *, meta: SourceMeta | None = None,
                force: bool = False, settings: ExtractSettings | None = None) -> FileOutcome:
    """Import one PDF (parsed in this process via ``run_extraction``)."""
    ensure_schema(engine)
    path = Path(path)
    if not path.is_file():
        return _fail(engine, path, "discover", "FileNotFoundError", f"{path}: no such file")
    prepared = _prepare(engine, path, meta, force, {})
    if isinstance(prepared, FileOutcome):
        return prepared
    settings = review_settings(engine, settings or ExtractSettings())  # people's column roles
    return _finish(engine, prepared, parse_job(_display(path), settings), force)


def check_ocr(settings: ExtractSettings) -> None:
    """``--ocr`` without ocrmypdf is one error before a batch starts, not one per file."""
    from council_plans.ingest.ocr import ocr_available
    from council_plans.parsers.errors import OCRUnavailable

    if settings.ocr and not ocr_available():
        raise OCRUnavailable("--ocr", "ocrmypdf and tesseract are not installed (Debian packages "
                                      "ocrmypdf, tesseract-ocr, tesseract-ocr-eng)")


def ingest_paths(paths: Iterable[str | os.PathLike], *, db_url: str | None = None,
                 engine: Engine | None = None, workers: int = 1, force: bool = False,
                 authority: str | None = None, settings: ExtractSettings | None = None,
                 reporter: Reporter | None = None) -> BatchReport:
    """Import every PDF named by ``paths`` (files, directories, globs).

    Raises :class:`NoPDFsFound` when a glob or directory holds no PDF and
    :class:`OCRUnavailable` when ``settings.ocr`` is set without ocrmypdf,
    both before anything is written."""
    started = time.perf_counter()
    settings = settings or ExtractSettings()
    found = discover(paths)
    if found.empty:
        raise NoPDFsFound(found.empty)  # a usage error: nothing written anywhere
    check_ocr(settings)
    engine = engine or get_engine(db_url)
    ensure_schema(engine)
    settings = review_settings(engine, settings)  # people's column roles and layout profiles
    meta = SourceMeta(authority=authority) if authority else None
    report = BatchReport(not_pdf=[_display(p) for p in found.not_pdf])
    if reporter:
        reporter.start(len(found.pdfs) + len(found.missing))

    def done(outcome: FileOutcome) -> None:
        report.outcomes.append(outcome)
        if reporter:
            reporter.advance(outcome)

    for arg in found.missing:
        done(_fail(engine, arg, "discover", "FileNotFoundError",
                   f"{arg}: no such file, directory or matching glob"))
    def working(path: Path) -> None:
        if reporter:
            reporter.working(_display(path))

    try:
        jobs = _prepare_all(engine, found.pdfs, meta, force, done)
        _run_pool(engine, jobs, workers, settings, force, done, working)
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM under pool.sigterm_interrupts
        report.seconds = time.perf_counter() - started
        raise BatchInterrupted(report, getattr(exc, "signum", signal.SIGINT),
                               len(found.pdfs) + len(found.missing)) from None
    report.seconds = time.perf_counter() - started
    return report


class BatchInterrupted(KeyboardInterrupt):
    """The batch was stopped by a signal; ``report`` holds the documents
    stored (each whole) before it, and every worker process has been stopped.
    The exit status of an interrupted ``plans ingest`` is 128 + ``signum``."""

    def __init__(self, report: BatchReport, signum: int, total: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.report, self.signum, self.total = report, int(signum), total

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


def _as_result(value: Extraction | BaseException, path: Path | str) -> tuple[str, Any, Any]:
    """A pool's answer in :func:`parse_job`'s ("ok"/"error", ...) form."""
    if isinstance(value, BaseException):
        return ("error", *_describe(value, path))
    return "ok", value, None


def _run_pool(engine: Engine, jobs: list[_Job], workers: int, settings: ExtractSettings,
              force: bool, done, working=lambda path: None) -> None:
    """Parse in ``workers`` warm processes (:mod:`ingest.pool`), store in
    submission order (stable ids), each document in its own transaction;
    ``working`` is told which file the batch is waiting for (progress bar).

    A worker that dies or passes its time limit takes only its own file down:
    that file is recorded as failed and a fresh worker takes its place.
    """
    from council_plans.ingest.pool import WarmPool, deferred_signals

    if not jobs:
        return
    finished: dict[Hashable, Extraction | Exception] = {}  # keys are the ints sent to imap
    next_up = 0
    working(jobs[0].path)
    with WarmPool(min(workers, len(jobs)), settings) as pool:
        for index, value in pool.imap((i, _display(j.path)) for i, j in enumerate(jobs)):
            finished[index] = value
            while next_up in finished:
                job = jobs[next_up]
                with deferred_signals():  # stored and reported, or neither
                    done(_finish(engine, job, _as_result(finished.pop(next_up), job.path), force))
                next_up += 1
                if next_up < len(jobs):
                    working(jobs[next_up].path)
