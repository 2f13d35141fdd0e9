"""Is a port free to listen on? ``plans serve`` asks before it says "serving",
so a port already in use is one line and exit 2, not a server that starts
and then fails."""
from __future__ import annotations

import socket

from council_plans.schema.errors import CouncilPlansError


class PortInUse(CouncilPlansError):
    """Nothing can listen on that host and port (in use, or not our address)."""


def check_port(host: str, port: int) -> None:
    """Bind and release ``host:port`` as the server will (SO_REUSEADDR, like
    uvicorn), raising :class:`PortInUse` with the reason; port 0 is always free."""
    if port == 0:
        return
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as exc:
        raise PortInUse(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise PortInUse(f"cannot listen on {host}:{port}: {exc.strerror} (is another "
                            f"plans serve running? choose another --port)") from None
