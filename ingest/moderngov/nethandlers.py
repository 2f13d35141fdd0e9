"""urllib handlers whose connections go through :func:`netguard.guarded_connection`.

``http.client`` connects with its connection's ``_create_connection``; these
handlers give every connection they make the checking, deadline-aware one.
"""
from __future__ import annotations

import http.client
import urllib.request
from typing import Any, Callable

Connect = Callable[..., Any]


def _factory(base: type, connect: Connect) -> Callable[..., http.client.HTTPConnection]:
    def make(host: str, **kwargs: Any) -> http.client.HTTPConnection:
        conn = base(host, **kwargs)
        conn._create_connection = connect  # type: ignore[attr-defined]
        return conn

    return make


class GuardedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, connect: Connect) -> None:
        super().__init__()
        self._connect = connect

    def http_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(_factory(http.client.HTTPConnection, self._connect), req)


class GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, connect: Connect) -> None:
        super().__init__()
        self._connect = connect

    def https_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(_factory(http.client.HTTPSConnection, self._connect), req,
                            context=self._context)  # type: ignore[attr-defined]
