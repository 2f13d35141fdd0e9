"""Where the watcher may connect, and for how long.

A ModernGov server is not trusted: it may redirect to another host, list
attachment URLs on other hosts, name an intranet address, or dribble its
headers one byte at a time to hold a run (and its source lock) for ever.

* :func:`check_host` allows only the source's own host and the hosts the user
  listed (``watch add --allow-host``), checked on every redirect hop;
* :func:`guarded_connection` resolves the name itself, refuses link-local,
  multicast and reserved addresses always, and loopback or private ones
  unless the source itself is on such an address, then connects to the very
  address it checked (no second lookup a DNS answer could change);
* :class:`Deadline` shuts a request's socket down when its total time is up,
  however slowly the server sends (a per-read timeout never fires then).
"""
from __future__ import annotations

import ipaddress
import socket
import threading
from typing import Any, Iterable
from urllib.parse import urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}


class HostRefused(OSError):
    """A URL's host, or the address it resolves to, may not be fetched."""


def netloc(url: str) -> str:
    """``host:port`` of ``url``, lower case, with the scheme's default port filled in."""
    parts = urlsplit(url)
    port = parts.port or DEFAULT_PORTS.get(parts.scheme, 0)
    return f"{(parts.hostname or '').lower()}:{port}"


def _host_matches(entry: str, target: str) -> bool:
    """``entry`` is ``host`` (any port) or ``host:port``; ``target`` is ``host:port``."""
    entry = entry.lower().strip()
    if ":" in entry and not entry.startswith("["):
        return entry == target
    return target.rsplit(":", 1)[0] == entry


def check_host(url: str, allowed: Iterable[str]) -> None:
    """Raise :class:`HostRefused` unless ``url``'s host is one of ``allowed``
    (empty: any host)."""
    allowed = list(allowed)
    target = netloc(url)
    if allowed and not any(_host_matches(a, target) for a in allowed):
        raise HostRefused(f"host {target} is not the source's host; refused "
                          "(watch add --allow-host HOST allows another)")


def _kind(address: str) -> str:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.is_link_local or ip.is_multicast or ip.is_unspecified or ip.is_reserved:
        return "forbidden"
    if ip.is_loopback:
        return "loopback"
    if ip.is_private:
        return "private"
    return "public"


def _resolve(host: str, port: int) -> list[tuple[Any, ...]]:
    try:
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise OSError(f"cannot resolve {host}: {exc.strerror}") from None


def address_kinds(url: str) -> set[str]:
    """The kinds of address (public, private, loopback, forbidden) ``url``'s host has."""
    parts = urlsplit(url)
    port = parts.port or DEFAULT_PORTS.get(parts.scheme, 0)
    return {_kind(info[4][0]) for info in _resolve(parts.hostname or "", port)}


class Deadline:
    """The total time one request may take: when it is up, every socket the
    request opened is shut down, which ends any blocking read at once."""

    def __init__(self) -> None:
        self._sockets: list[socket.socket] = []
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        self.expired = False

    def arm(self, seconds: float) -> None:
        """(Re)start the clock: ``seconds`` from now the sockets are shut down."""
        self.cancel()
        self._timer = threading.Timer(max(0.0, seconds), self._expire)
        self._timer.daemon = True
        self._timer.start()

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def add(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed


def guarded_connection(allowed_kinds: set[str] | None, deadline: Deadline | None):
    """A replacement for ``socket.create_connection`` (what ``http.client``
    connects with) that checks the resolved address against
    ``allowed_kinds`` (None: any) and registers the socket with ``deadline``."""

    def create(address: tuple[str, int], timeout: Any = socket._GLOBAL_DEFAULT_TIMEOUT,  # type: ignore[attr-defined]
               source_address: Any = None) -> socket.socket:
        host, port = address
        last: OSError | None = None
        for family, kind, proto, _name, sockaddr in _resolve(host, port):
            found = _kind(sockaddr[0])
            if allowed_kinds is not None and found not in allowed_kinds:
                last = HostRefused(f"{host} resolves to {found} address {sockaddr[0]}; refused")
                continue
            sock = socket.socket(family, kind, proto)
            if deadline is not None:
                deadline.add(sock)
            try:
                if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:  # type: ignore[attr-defined]
                    sock.settimeout(timeout)
                if source_address:
                    sock.bind(source_address)
                sock.connect(sockaddr)
                return sock
            except OSError as exc:
                sock.close()
                last = exc
        raise last or OSError(f"cannot resolve {host}")

    return create


def allowed_kinds_for(source_url: str) -> set[str]:
    """Address kinds requests for a source may reach: public ones, plus
    loopback / private only if the source's own host is such an address."""
    return {"public"} | (address_kinds(source_url) - {"forbidden"})
