"""A throwaway PostgreSQL server for tests and benchmarks.

``initdb`` + ``pg_ctl`` in a fresh temporary directory, listening on
127.0.0.1 on a free port with its socket in that directory, trust auth,
fsync off, deleted again on :meth:`TempPostgres.stop`. PostgreSQL refuses to
run as root, so under root the server runs as an unprivileged account
(``postgres`` when the Debian package created it, else a system user
``plans-pg`` created with ``useradd --system``) via ``runuser``.

Test and benchmark tooling (not part of the package): used by ``tests/conftest.py``
and the benchmarks in ``bench/``.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


FALLBACK_USER = "plans-pg"


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries on this machine (or the server would not start)."""


def find_bin_dir() -> Path | None:
    """Directory holding initdb and pg_ctl: newest /usr/lib/postgresql/*/bin, else PATH."""
    def version(path: str) -> float:
        try:
            return float(Path(path).parent.name)
        except ValueError:
            return 0.0

    for cand in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True):
        if (Path(cand) / "initdb").exists() and (Path(cand) / "pg_ctl").exists():
            return Path(cand)
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(os.path.realpath(initdb)).parent
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_user() -> str | None:
    """The account to run the server as: ``None`` (ourselves) unless we are root."""
    if os.geteuid() != 0:
        return None
    import pwd

    for name in ("postgres", FALLBACK_USER):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                    FALLBACK_USER], check=True, capture_output=True)
    return FALLBACK_USER


class TempPostgres:
    """Start with :meth:`start` (or ``with``); ``url`` is the superuser URL."""

    def __init__(self) -> None:
        self.bin_dir = find_bin_dir()
        self.user: str | None = None
        self.tmp: Path | None = None
        self.port = 0
        self.url = ""

    def _run(self, *args: str) -> None:
        cmd = [str(self.bin_dir / args[0]), *args[1:]]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if proc.returncode:
            raise PostgresUnavailable(f"{args[0]} failed ({proc.returncode}): "
                                      f"{(proc.stderr or proc.stdout).strip()[-800:]}")

    def start(self) -> str:
        if self.bin_dir is None:
            raise PostgresUnavailable("PostgreSQL server binaries (initdb, pg_ctl) not found; "
                                      "install the Debian package 'postgresql'")
        self.user = _server_user()
        self.tmp = Path(tempfile.mkdtemp(prefix="plans-pg-"))
        if self.user:
            shutil.chown(self.tmp, self.user)
        data, sock = self.tmp / "data", self.tmp
        self._run("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--locale=C", "--no-sync")
        self.port = _free_port()
        self._run("pg_ctl", "-D", str(data), "-l", str(self.tmp / "server.log"), "-w", "-t", "60",
                  "-o", f"-h 127.0.0.1 -p {self.port} -k {sock} -F", "start")
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"
        return self.url

    def stop(self) -> None:
        if self.tmp is None:
            return
        try:
            if (self.tmp / "data" / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self.tmp / "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None

    def __enter__(self) -> "TempPostgres":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
