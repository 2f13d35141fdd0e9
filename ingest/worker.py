"""Run one extraction in a child process with the limits enforced.

A pathological PDF can keep pdfminer busy for hours or eat all memory, so
each document is parsed in a fresh Python process that the caller kills
after ``settings.timeout_seconds`` (raising :class:`ParseTimeout`).  One
document per child also bounds memory: whatever pdfminer caches dies with
the child, and ``settings.max_memory_mb`` caps its address space.

The child is started with :mod:`subprocess`, not :mod:`multiprocessing`:
it works the same from a plain process, from a daemonic ``multiprocessing``
pool worker (which may not have multiprocessing children) and from a
``ProcessPoolExecutor`` worker.  The request and the answer are pickles on
the child's stdin and stdout; the child moves its own stdout to stderr first
so nothing a library prints can corrupt the answer.
"""
from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from council_plans.parsers.errors import ERROR_CLASSES, ParserCrashed, ParseTimeout, PlanError
from council_plans.parsers.page.load import check_size
from council_plans.parsers.settings import ExtractSettings
from council_plans.schema.items import Extraction

#: directory holding the ``ingest`` and ``parsers`` packages, for the child's path
_PROJECT_ROOT = str(Path(__file__).resolve().parents[1])


def run_extraction(path: str | Path, settings: ExtractSettings | None = None) -> Extraction:
    """Extract ``path`` under the limits in ``settings``; named errors only.

    Raises :class:`FileNotFoundError` for a missing file, a
    :class:`parsers.errors.PlanError` subclass for everything else."""
    settings = settings or ExtractSettings()
    name = str(path)
    if not Path(path).is_file():
        raise FileNotFoundError(f"{name}: no such file")
    check_size(Path(path).stat().st_size, name, settings)  # no child for the obvious cases
    try:
        answer = _run_child((name, settings), name, settings.timeout_seconds)
    except ParserCrashed:
        if not settings.uses_pdfium:
            raise
        retry = settings.without_pdfium()  # see ExtractSettings.without_pdfium
        answer = _run_child((name, retry), name, settings.timeout_seconds)
    return unpack_answer(answer, name)


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    paths = [_PROJECT_ROOT] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    return env


def _run_child(request: tuple[str, ExtractSettings], name: str, timeout: float | None) -> Any:
    """Start the child, feed it ``request``, wait at most ``timeout`` seconds."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "council_plans.ingest.worker"], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env(),
        start_new_session=True)  # own process group: a kill also stops ocrmypdf/tesseract
    try:
        out, err = proc.communicate(pickle.dumps(request), timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc)
        raise ParseTimeout(name, f"limit {timeout:g}s; worker process killed") from None
    except BaseException:  # KeyboardInterrupt: never leave the child running
        _kill(proc)
        raise
    try:
        return pickle.loads(out)
    except Exception:  # no answer: the child died (signal, OOM killer, C crash)
        raise ParserCrashed(name, crash_detail(proc.returncode, err)) from None


def crash_detail(code: int | None, err: bytes) -> str:
    """How a worker died (signal or exit status) and the last line it wrote on stderr."""
    how = (f"killed by {signal.Signals(-code).name}" if code is not None and code < 0 and -code in
           signal.Signals._value2member_map_ else f"exit status {code}")
    last = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
    return f"{how}; {last[0][:150]}".rstrip("; ")


def _kill(proc: subprocess.Popen) -> None:
    """Kill the child and everything it started, then reap it."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):
        proc.kill()
    try:
        proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:  # a grandchild that left our group holds the pipes
        pass


def unpack_answer(answer: Any, name: str) -> Extraction:
    kind = answer[0]
    if kind == "ok":
        return answer[1]
    if kind == "error":
        _, cls_name, path, detail = answer
        cls = ERROR_CLASSES.get(cls_name)
        if cls is None:  # e.g. FileNotFoundError raised inside the child
            raise ParserCrashed(name, f"{cls_name}: {detail}")
        raise cls(path, detail)
    if kind == "missing":
        raise FileNotFoundError(answer[1])
    raise ParserCrashed(name, f"unexpected answer {kind!r}")


# -- the child ---------------------------------------------------------------

def extract_with_limits(path: str, settings: ExtractSettings) -> Extraction:
    """What the child runs: read, optionally OCR, extract; named errors only.

    Also usable in-process (no timeout) where a child is not wanted."""
    from council_plans.parsers import extract_bytes
    from council_plans.parsers.page.load import check_bytes, page_count, reading, sha256_of

    data = Path(path).read_bytes()
    check_bytes(data, path, settings)
    original = data
    if settings.ocr:
        from council_plans.ingest.ocr import add_text_layer

        page_count(data, path, settings)  # refuse encrypted/huge files before a slow OCR
        data = add_text_layer(data, path)
    with reading(path, data=data):
        result = extract_bytes(data, path, settings)
    if data is not original:  # identify the file as stored, not the OCR copy
        result.source.sha256 = sha256_of(original)
        result.source.size = len(original)
        result.warnings.append("text layer added by OCR (ocrmypdf); check OCR'd text")
    return result


def mapped_bytes() -> int:
    """Bytes of address space this process maps now (0 where /proc is not there)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


@contextmanager
def memory_limited(megabytes: int | None) -> Iterator[None]:
    """Cap how far this process's address space may grow in the block (a PDF
    that would need more fails with MemoryError instead of taking the machine).
    The cap is ``megabytes`` above what the process already maps, so that the
    libraries it has loaded (numpy alone reserves ~130 MiB of address space for
    its BLAS threads) do not eat the document's share. Only the soft limit is
    lowered and the old one comes back after, so a long-lived process - a warm
    worker whose next document has other settings, a test run, a notebook - and
    the programs it starts later keep theirs."""
    if not megabytes:
        yield
        return
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = mapped_bytes() + int(megabytes) * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def answer_for(path: str, settings: ExtractSettings) -> tuple:
    """Extract ``path`` in this (worker) process under the memory limit and
    return the picklable answer: ``("ok", extraction)``, ``("error", class
    name, path, detail)`` or ``("missing", message)``.  Shared by the
    one-shot child below and the warm workers of :mod:`ingest.pool`."""
    try:
        with memory_limited(settings.max_memory_mb):
            return ("ok", extract_with_limits(path, settings))
    except PlanError as exc:
        return ("error", type(exc).__name__, exc.path, exc.detail)
    except FileNotFoundError as exc:
        return ("missing", f"{path}: {exc.strerror or 'no such file'}")
    except MemoryError:
        return ("error", "OutOfMemory", path, f"limit {settings.max_memory_mb} MiB")
    except Exception as exc:  # classified: a library's error is a corrupt file, ours a bug
        from council_plans.parsers.page.load import classify

        err = classify(exc, path)
        return ("error", type(err).__name__, err.path, err.detail)


def answer_channel() -> int:
    """Keep a private copy of stdout for answers and send everything else
    printed in this process to stderr, so no library can corrupt an answer.
    Also imports the heavy modules before any memory limit applies."""
    answer_fd = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    try:
        import council_plans.parsers.document  # noqa: F401
    except ImportError:
        pass
    return answer_fd


def _child_main() -> None:
    """Read a pickled request on stdin, write a pickled answer on stdout."""
    answer_fd = answer_channel()
    path, settings = pickle.loads(sys.stdin.buffer.read())
    payload = pickle.dumps(answer_for(path, settings), protocol=pickle.HIGHEST_PROTOCOL)
    with os.fdopen(answer_fd, "wb") as out:
        out.write(payload)


if __name__ == "__main__":
    _child_main()
