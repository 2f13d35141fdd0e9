"""Warm worker processes for batches: start-up paid once per worker, not per file.

:func:`ingest.worker.run_extraction` starts a fresh interpreter for every
document (about 0.35 s of start-up and imports), which dominates a batch of
small appendices.  A :class:`WarmPool` keeps ``workers`` interpreters alive
and sends them one document at a time as length-prefixed pickles on their
stdin; answers come back the same way on a private copy of their stdout.

They stay killable: a document that passes ``settings.timeout_seconds``
kills its worker's whole process group (OCR children included) and a fresh
worker takes the slot; a worker that dies (memory limit, C crash, OOM
killer) fails only its own document.  A worker that ran out of memory exits
after answering, and every worker is replaced after ``max_jobs`` documents,
so nothing a library caches can grow without bound.  Workers live in their
own session: a Ctrl-C at the terminal reaches only the batch, which then
kills them (see :func:`sigterm_interrupts` and ``BatchInterrupted``).
"""
from __future__ import annotations

import os
import pickle
import selectors
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any, Hashable, Iterable, Iterator

from council_plans.parsers.errors import ParserCrashed, ParseTimeout
from council_plans.parsers.settings import ExtractSettings
from council_plans.schema.items import Extraction

from council_plans.ingest.worker import answer_channel, answer_for, child_env, crash_detail, unpack_answer

_HEADER = struct.Struct("!Q")  # frame = 8-byte big-endian length + pickle


class Terminated(KeyboardInterrupt):
    """SIGTERM seen by the batch; a KeyboardInterrupt so every clean-up path
    that handles Ctrl-C (killing workers, rolling back a transaction) runs."""

    def __init__(self, signum: int = signal.SIGTERM) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@contextmanager
def sigterm_interrupts() -> Iterator[None]:
    """Within the block, SIGTERM raises :class:`Terminated` like Ctrl-C raises
    KeyboardInterrupt, so a killed batch stops its workers and reports."""
    def raise_terminated(signum: int, _frame: Any) -> None:
        raise Terminated(signum)

    previous = signal.signal(signal.SIGTERM, raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def deferred_signals() -> Iterator[None]:
    """Hold Ctrl-C / SIGTERM until the block is done, then deliver it: a
    document stored is then always a document reported.  (Only the main
    thread receives signals; elsewhere the block runs as it is.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {s: signal.signal(s, lambda signum, _frame: caught.append(signum))
                for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        if caught:
            signal.raise_signal(caught[0])


def frame(obj: Any) -> bytes:
    payload = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    return _HEADER.pack(len(payload)) + payload


def take_frame(buf: bytearray) -> Any | None:
    """Pop one complete frame's object off ``buf``; ``None`` if incomplete."""
    if len(buf) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack_from(buf)
    end = _HEADER.size + size
    if len(buf) < end:
        return None
    obj = pickle.loads(bytes(buf[_HEADER.size:end]))
    del buf[:end]
    return obj


@dataclass
class _Worker:
    proc: subprocess.Popen
    stderr: IO[bytes]
    buf: bytearray = field(default_factory=bytearray)
    key: Hashable | None = None  # the job it is parsing, None when idle
    name: str = ""
    deadline: float = float("inf")
    settings: ExtractSettings | None = None  # those the current document was sent with
    done: int = 0

    @property
    def fd(self) -> int:
        return self.proc.stdout.fileno()  # type: ignore[union-attr]

    def stderr_tail(self) -> bytes:
        self.stderr.seek(max(0, os.fstat(self.stderr.fileno()).st_size - 4096))
        return self.stderr.read()


class WarmPool:
    """``workers`` long-lived parsing processes; use as a context manager so
    every one of them is stopped however the block ends."""

    def __init__(self, workers: int, settings: ExtractSettings, max_jobs: int = 200) -> None:
        self.size = max(1, workers)
        self.settings = settings
        self.max_jobs = max_jobs
        self.workers: list[_Worker] = []
        self.pending: deque[tuple[Hashable, str, ExtractSettings]] = deque()
        self.selector = selectors.DefaultSelector()

    def __enter__(self) -> "WarmPool":
        for _ in range(self.size):  # start them all now: imports overlap with hashing
            self.workers.append(self._start())
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(graceful=exc[0] is None)

    def pids(self) -> list[int]:
        return [w.proc.pid for w in self.workers]

    def _start(self) -> _Worker:
        err = tempfile.TemporaryFile(prefix="plans-worker-")
        proc = subprocess.Popen([sys.executable, "-m", "council_plans.ingest.pool"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err,
                                env=child_env(), start_new_session=True)
        worker = _Worker(proc, err)
        self.selector.register(worker.fd, selectors.EVENT_READ, worker)
        return worker

    def _stop(self, worker: _Worker, graceful: bool = False) -> None:
        self.selector.unregister(worker.fd)
        proc = worker.proc
        if graceful:
            try:
                proc.stdin.close()  # type: ignore[union-attr]  # EOF: the worker exits
                proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                pass
        try:  # the whole group: OCR children of a worker die with it
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        proc.wait()
        for stream in (proc.stdin, proc.stdout, worker.stderr):
            try:
                stream.close()  # type: ignore[union-attr]
            except OSError:
                pass

    def _replace(self, worker: _Worker) -> _Worker:
        self._stop(worker)
        fresh = self._start()
        self.workers[self.workers.index(worker)] = fresh
        return fresh

    def close(self, graceful: bool = True) -> None:
        """Stop every worker (EOF first when ``graceful``, then SIGKILL to the group)."""
        workers, self.workers = self.workers, []
        for worker in workers:
            self._stop(worker, graceful)
        self.selector.close()

    def imap(self, jobs: Iterable[tuple[Hashable, str]],
             settings: ExtractSettings | None = None) -> Iterator[tuple[Hashable, Extraction | Exception]]:
        """Parse ``(key, path)`` jobs (with ``settings``, by default the
        pool's); yield ``(key, extraction or named error)`` as documents
        finish (not necessarily in order).  Idle workers get their next
        document before a result is handed over, so they parse while the
        caller stores."""
        self.pending = deque((key, path, settings or self.settings) for key, path in jobs)
        while True:
            self._feed()
            if not any(w.key is not None for w in self.workers):
                return
            finished = list(self._collect())
            self._feed()
            yield from finished

    def _feed(self) -> None:
        for worker in list(self.workers):
            if self.pending and worker.key is None:
                self._send(worker, *self.pending.popleft())

    def _send(self, worker: _Worker, key: Hashable, path: str, settings: ExtractSettings) -> None:
        if worker.done >= self.max_jobs or worker.proc.poll() is not None:
            worker = self._replace(worker)  # retired, or exited after running out of memory
        worker.key, worker.name, worker.settings = key, path, settings
        worker.deadline = time.monotonic() + settings.timeout_seconds
        try:
            worker.proc.stdin.write(frame((path, settings)))  # type: ignore[union-attr]
            worker.proc.stdin.flush()  # type: ignore[union-attr]
        except OSError:  # died between jobs; noticed as EOF on its stdout
            pass

    def _collect(self) -> Iterator[tuple[Hashable, Extraction | Exception]]:
        """Wait for answers, deaths or deadlines; yield what finished."""
        busy = [w for w in self.workers if w.key is not None]
        wait = max(0.0, min(w.deadline for w in busy) - time.monotonic())
        for sel_key, _ in self.selector.select(timeout=wait):
            worker: _Worker = sel_key.data
            if worker.key is not None:
                yield from self._read(worker)
            elif worker in self.workers and not os.read(worker.fd, 1 << 16):
                self._replace(worker)  # an idle worker died: EOF would wake us forever
        now = time.monotonic()
        for worker in [w for w in self.workers if w.key is not None and w.deadline <= now]:
            key, name = worker.key, worker.name
            timeout = (worker.settings or self.settings).timeout_seconds
            self._replace(worker)
            yield key, ParseTimeout(name, f"limit {timeout:g}s; worker process killed")

    def _read(self, worker: _Worker) -> Iterator[tuple[Hashable, Extraction | Exception]]:
        data = os.read(worker.fd, 1 << 20)
        key, name = worker.key, worker.name
        if not data:  # EOF: the worker died mid-document
            worker.proc.wait()
            detail = crash_detail(worker.proc.returncode, worker.stderr_tail())
            settings = worker.settings
            self._replace(worker)
            if settings is not None and settings.uses_pdfium:
                # pdfium (C++) aborts where pdfminer raises MemoryError: read it again without it
                self.pending.appendleft((key, name, settings.without_pdfium()))
                return
            yield key, ParserCrashed(name, detail)
            return
        worker.buf += data
        answer = take_frame(worker.buf)
        if answer is None:
            return
        worker.key, worker.done = None, worker.done + 1
        try:
            result: Extraction | Exception = unpack_answer(answer, name)
        except Exception as exc:
            result = exc
        yield key, result


class WarmPools:
    """Warm workers shared by the threads of one long-lived process (a Dask
    worker): a task borrows an idle one-worker :class:`WarmPool` (a new one
    when all are busy) and gives it back, so a cluster task costs what a
    document of a local batch costs.  Time limits, crashes and retirement
    work as in a batch: the pool replaces its worker.  A worker whose
    parent dies reads EOF on its stdin and exits."""

    def __init__(self, max_idle: int = 4, max_busy: int | None = None) -> None:
        self.max_idle = max_idle
        self.idle: list[WarmPool] = []
        self.lock = threading.Lock()
        #: at most this many parse at once (None: one per calling thread); the
        #: other threads meanwhile hash and store, as a local batch's parent does
        self.slots = threading.BoundedSemaphore(max_busy) if max_busy else None

    def parse(self, path: str, settings: ExtractSettings) -> Extraction | Exception:
        """Parse one document: an extraction or a named error, never raised."""
        if self.slots is None:
            return self._parse(path, settings)
        with self.slots:
            return self._parse(path, settings)

    def _parse(self, path: str, settings: ExtractSettings) -> Extraction | Exception:
        with self.lock:
            pool = self.idle.pop() if self.idle else None
        if pool is None:
            pool = WarmPool(1, settings).__enter__()
        try:
            _, result = next(iter(pool.imap([(path, path)], settings)))
        except BaseException:
            pool.close(graceful=False)
            raise
        with self.lock:
            extra = None if len(self.idle) < self.max_idle else pool
            if extra is None:
                self.idle.append(pool)
        if extra is not None:
            extra.close()
        return result

    def close(self) -> None:
        with self.lock:
            pools, self.idle = self.idle, []
        for pool in pools:
            pool.close()


def _serve() -> None:
    """Worker side: answer framed ``(path, settings)`` requests until EOF."""
    out = os.fdopen(answer_channel(), "wb")
    stdin = sys.stdin.buffer
    while True:
        head = stdin.read(_HEADER.size)
        if len(head) < _HEADER.size:
            return
        path, settings = pickle.loads(stdin.read(_HEADER.unpack(head)[0]))
        answer = answer_for(path, settings)
        out.write(frame(answer))
        out.flush()
        if answer[0] == "error" and answer[1] == "OutOfMemory":
            return  # a fresh worker takes the slot; this heap may be fragmented


if __name__ == "__main__":
    _serve()
