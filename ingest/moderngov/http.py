"""A polite HTTP client for council web servers (stdlib only).

Council servers are small and shared; a nightly job must never be the
reason one slows down. So by default every request:

* names the tool and a contact in its User-Agent;
* waits until at least ``min_interval`` seconds have passed since the last
  request to the same host (one per second unless configured);
* is retried, with exponential backoff, only after a 429, a 5xx or a
  connection failure / timeout, and a ``Retry-After`` header is obeyed
  (a wait longer than ``max_retry_after`` gives up instead of stalling);
* can be conditional (``If-None-Match`` / ``If-Modified-Since``) so an
  unchanged document costs a 304 and no body.

Downloads stream into a temporary file beside their destination and are
moved into place with ``os.replace`` only once complete and hashed, so a
killed process never leaves a truncated file under a real name.
"""
from __future__ import annotations

import hashlib
import http.client
import os
import random
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urljoin, urlsplit

from council_plans.ingest.moderngov.netguard import Deadline, HostRefused, allowed_kinds_for, check_host, \
    guarded_connection, netloc
from council_plans.ingest.moderngov.nethandlers import GuardedHTTPHandler, GuardedHTTPSHandler
from council_plans.words import counted
from council_plans.parsers.settings import StrictSettings
from council_plans.schema.errors import CouncilPlansError

TOOL_NAME = "council-plans-watch"
TOOL_VERSION = "0.1"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504}) | frozenset(range(505, 600))
REDIRECTS = frozenset({301, 302, 303, 307, 308})


class FetchError(CouncilPlansError):
    """A request that failed for good (after retries): ``"<url>: <reason>"``."""

    def __init__(self, url: str, reason: str, status: int | None = None):
        self.url = url
        self.status = status
        super().__init__(f"{url}: {reason}")


@dataclass(frozen=True)
class HttpSettings(StrictSettings):
    """Politeness knobs; ``from_dict`` rejects unknown keys so a typo in a
    config file is an error, not a silently impolite default."""

    #: who to tell when the job misbehaves (email or URL), sent in User-Agent
    contact: str = ""
    #: minimum seconds between two requests to the same host
    min_interval: float = 1.0
    #: total time for a request's connect and headers (each hop, each attempt), seconds
    timeout: float = 30.0
    #: a whole download may not take longer than this, seconds
    max_download_seconds: float = 600.0
    #: attempts after the first one, for 429 / 5xx / connection errors
    max_retries: int = 4
    #: first backoff wait, doubled on every retry, capped by backoff_max
    backoff_base: float = 2.0
    backoff_max: float = 120.0
    #: a Retry-After longer than this makes us give up this request
    max_retry_after: float = 600.0
    #: refuse bodies larger than this
    max_bytes: int = 200 * 1024 * 1024
    #: the watched site: when set, only its host (and ``allow_hosts``) is fetched,
    #: and loopback / private addresses only if the site itself is on one
    source_site: str = ""
    #: other hosts (``host`` or ``host:port``) the source may link or redirect to
    allow_hosts: tuple[str, ...] = ()


    @property
    def user_agent(self) -> str:
        contact = f"; contact: {self.contact}" if self.contact else ""
        return f"{TOOL_NAME}/{TOOL_VERSION} (+council-plans{contact})"


@dataclass
class Response:
    """A complete small response (web-service XML)."""

    url: str
    status: int
    body: bytes
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class Download:
    """Result of :meth:`PoliteClient.download`. ``path`` is None on a 304."""

    url: str
    status: int
    path: Path | None
    sha256: str | None
    size: int
    etag: str | None
    last_modified: str | None
    content_type: str | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are followed by :class:`PoliteClient` itself so each hop is
    rate-limited and restricted to http(s)."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delta-seconds or HTTP-date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class HostThrottle:
    """At most one request per ``interval`` seconds per host, across threads."""

    def __init__(self, interval: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self.interval = interval
        self._clock, self._sleep = clock, sleep
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, host: str, at_least: float = 0.0) -> None:
        """Block until ``host`` may be asked again (and ``at_least`` from now)."""
        with self._lock:
            now = self._clock()
            start = max(now + at_least, self._next.get(host, now))
            self._next[host] = start + self.interval
        if start > now:
            self._sleep(start - now)


class PoliteClient:
    """GETs with the rules in the module docstring. One client per run, so
    the per-host interval holds across every source on the same server."""

    def __init__(self, settings: HttpSettings | None = None,
                 sleep: Callable[[float], None] = time.sleep,
                 throttle: HostThrottle | None = None):
        self.settings = settings or HttpSettings()
        self.throttle = throttle or HostThrottle(self.settings.min_interval, sleep=sleep)
        self.requests_made = 0
        self._kinds: set[str] | None = None

    # -- public -----------------------------------------------------------
    def get(self, url: str, etag: str | None = None,
            last_modified: str | None = None) -> Response:
        """GET a small body into memory (XML); 304 gives an empty body."""
        with self._open(url, etag, last_modified) as (resp, final_url):
            status = resp.status
            body = b"" if status == 304 else self._within_deadline(
                resp, final_url, lambda: self._read_all(resp, final_url))
            return Response(final_url, status, body, resp.headers.get("ETag"),
                            resp.headers.get("Last-Modified"))

    def download(self, url: str, tmp_dir: Path, etag: str | None = None,
                 last_modified: str | None = None) -> Download:
        """Stream ``url`` into a new file in ``tmp_dir`` (hashing as it goes).

        The caller moves ``path`` into place (see :func:`move_into_place`);
        on any error the partial file is removed before the exception leaves.
        """
        tmp_dir.mkdir(parents=True, exist_ok=True)
        with self._open(url, etag, last_modified) as (resp, final_url):
            headers = resp.headers
            if resp.status == 304:
                return Download(final_url, 304, None, None, 0, etag, last_modified, None)
            path, sha, size = self._within_deadline(
                resp, final_url, lambda: self._stream_to_temp(resp, final_url, tmp_dir))
            return Download(final_url, resp.status, path, sha, size, headers.get("ETag"),
                            headers.get("Last-Modified"), headers.get("Content-Type"))

    # -- internals ----------------------------------------------------------
    def _request(self, url: str, etag: str | None,
                 last_modified: str | None) -> urllib.request.Request:
        headers = {"User-Agent": self.settings.user_agent, "Accept-Encoding": "identity"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return urllib.request.Request(url, headers=headers, method="GET")

    def _within_deadline(self, resp: Any, url: str, read: Callable[[], Any]) -> Any:
        """``read()`` the body; one cut short by the request's deadline (its
        socket shut down) is reported as too slow, and a file it made removed."""
        deadline = getattr(resp, "plans_deadline", None)
        try:
            result = read()
        except FetchError:
            if deadline is None or not deadline.expired:
                raise
            result = None
        if deadline is not None and deadline.expired:
            if isinstance(result, tuple):
                result[0].unlink(missing_ok=True)
            limit = self.settings.max_download_seconds
            raise FetchError(url, f"download took longer than {limit:.0f}s")
        return result

    def _open(self, url: str, etag: str | None, last_modified: str | None) -> "_Opened":
        """Send with throttle, retries and manual redirects; return the open
        response (status 2xx or 304) as a context manager. Every hop must be
        a host the settings allow (:func:`netguard.check_host`)."""
        for _hop in range(6):
            self._check_host(url)
            resp = self._send_with_retries(url, etag, last_modified)
            if resp.status not in REDIRECTS:
                resp.plans_deadline.arm(self.settings.max_download_seconds)  # the body's share
                return _Opened(resp, url)
            location = resp.headers.get("Location")
            resp.close()
            resp.plans_deadline.cancel()
            if not location:
                raise FetchError(url, f"HTTP {resp.status} without Location", resp.status)
            url = urljoin(url, location)
            if urlsplit(url).scheme not in ("http", "https"):
                raise FetchError(url, "redirect to a non-http(s) URL")
        raise FetchError(url, "too many redirects")

    def _send_with_retries(self, url: str, etag: str | None, last_modified: str | None) -> Any:
        """One request, retried after 429/5xx/connection errors; returns the
        open response (2xx, 304 or a redirect) or raises FetchError."""
        s = self.settings
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchError(url, "only http(s) URLs are fetched")
        wait_extra = 0.0
        for attempt in range(1, s.max_retries + 2):
            self.throttle.wait(parts.netloc.lower(), wait_extra)
            self.requests_made += 1
            deadline = Deadline()
            deadline.arm(s.timeout)  # connect + headers, however slowly they come
            try:
                resp = self._opener(deadline).open(self._request(url, etag, last_modified),
                                                   timeout=s.timeout)
                resp.plans_deadline = deadline
                return resp
            except urllib.error.HTTPError as exc:
                if exc.code == 304 or exc.code in REDIRECTS:
                    exc.plans_deadline = deadline  # type: ignore[attr-defined]
                    return exc
                deadline.cancel()
                failure, retry_after = self._http_failure(url, exc, attempt)
            except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
                deadline.cancel()
                reason = getattr(exc, "reason", exc)
                if isinstance(reason, HostRefused):
                    raise FetchError(url, str(reason)) from None
                if deadline.expired:
                    reason = f"no complete response headers within {s.timeout:.0f}s"
                failure = FetchError(url, f"connection failed ({reason}) "
                                          f"after {counted(attempt, 'attempt')}")
                retry_after = None
            if attempt > s.max_retries:
                raise failure
            backoff = min(s.backoff_max, s.backoff_base * 2 ** (attempt - 1))
            wait_extra = max(retry_after or 0.0, backoff * (0.75 + random.random() / 2))
        raise AssertionError("unreachable")

    def _check_host(self, url: str) -> None:
        site = self.settings.source_site
        if not site:
            return
        try:
            check_host(url, (netloc(site), *self.settings.allow_hosts))
        except HostRefused as exc:
            raise FetchError(url, str(exc)) from None

    def _opener(self, deadline: Deadline) -> urllib.request.OpenerDirector:
        """An opener whose connections are checked (:mod:`netguard`) and shut
        down by ``deadline``."""
        if self.settings.source_site and self._kinds is None:
            try:
                self._kinds = allowed_kinds_for(self.settings.source_site)
            except OSError as exc:
                raise FetchError(self.settings.source_site, str(exc)) from None
        connect = guarded_connection(self._kinds, deadline)
        return urllib.request.build_opener(_NoRedirect(), GuardedHTTPHandler(connect),
                                           GuardedHTTPSHandler(connect))

    def _http_failure(self, url: str, exc: urllib.error.HTTPError,
                      attempt: int) -> tuple[FetchError, float | None]:
        """Classify an error status: raise at once unless it is worth a retry."""
        retry_after = retry_after_seconds(exc.headers.get("Retry-After") if exc.headers else None)
        exc.close()
        if exc.code not in RETRY_STATUSES:
            raise FetchError(url, f"HTTP {exc.code}", exc.code) from None
        limit = self.settings.max_retry_after
        if retry_after is not None and retry_after > limit:
            raise FetchError(url, f"HTTP {exc.code}, Retry-After {retry_after:.0f}s is longer "
                                  f"than {limit:.0f}s", exc.code) from None
        return FetchError(url, f"HTTP {exc.code} after {counted(attempt, 'attempt')}", exc.code), retry_after

    def _read_all(self, resp: Any, url: str) -> bytes:
        chunks, size = [], 0
        deadline = time.monotonic() + self.settings.max_download_seconds
        for chunk in _chunks(resp, url, self.settings.timeout):
            size += len(chunk)
            self._check_limits(url, size, deadline)
            chunks.append(chunk)
        return b"".join(chunks)

    def _stream_to_temp(self, resp: Any, url: str, tmp_dir: Path) -> tuple[Path, str, int]:
        fd, name = tempfile.mkstemp(prefix="dl-", suffix=".part", dir=tmp_dir)
        digest, size = hashlib.sha256(), 0
        deadline = time.monotonic() + self.settings.max_download_seconds
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in _chunks(resp, url, self.settings.timeout):
                    size += len(chunk)
                    self._check_limits(url, size, deadline)
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            length = resp.headers.get("Content-Length")
            if length and length.isdigit() and int(length) != size:
                raise FetchError(url, f"body was {size} bytes, Content-Length said {length}")
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise
        return Path(name), digest.hexdigest(), size

    def _check_limits(self, url: str, size: int, deadline: float) -> None:
        if size > self.settings.max_bytes:
            raise FetchError(url, f"body larger than {self.settings.max_bytes} bytes")
        if time.monotonic() > deadline:
            limit = self.settings.max_download_seconds
            raise FetchError(url, f"download took longer than {limit:.0f}s")


class _Opened:
    """Context manager that closes the response and yields (resp, final url)."""

    def __init__(self, resp: Any, url: str):
        self.resp, self.url = resp, url

    def __enter__(self) -> tuple[Any, str]:
        return self.resp, self.url

    def __exit__(self, *exc: Any) -> None:
        self.resp.close()
        deadline = getattr(self.resp, "plans_deadline", None)
        if deadline is not None:
            deadline.cancel()


def _chunks(resp: Any, url: str, timeout: float, size: int = 64 * 1024):
    """Read the body as it arrives (``read1``, so a trickling server cannot
    hide behind one big blocking read); a stalled read becomes a FetchError."""
    read = getattr(resp, "read1", resp.read)
    while True:
        try:
            chunk = read(size)
        except (TimeoutError, OSError) as exc:
            raise FetchError(url, f"read failed ({exc or 'timed out'}, "
                                  f"timeout {timeout:.0f}s)") from None
        if not chunk:
            return
        yield chunk


def move_into_place(tmp: Path, dest: Path) -> Path:
    """Atomically rename a finished temp file to ``dest`` (same filesystem)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    os.replace(tmp, dest)
    return dest
