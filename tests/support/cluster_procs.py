"""A real Dask cluster on this machine: ``dask scheduler`` and ``dask worker``
started as separate processes on 127.0.0.1, for tests and benchmarks.

Unlike an in-process ``LocalCluster`` these are the same programs an operator
runs on a cluster, talking TCP, so a test can SIGKILL one worker and watch
the scheduler move its tasks elsewhere. Ports are picked free; every process
runs in its own process group and :meth:`SubprocessCluster.stop` kills the
groups, so nothing outlives the test session or the benchmark.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path


class ClusterStartError(RuntimeError):
    """The scheduler or a worker did not come up in time."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SubprocessCluster:
    """One scheduler and ``workers`` single-threaded workers (no nanny, so
    killing a worker's pid kills the worker, as losing a machine would)."""

    def __init__(self, workers: int = 2, log_dir: Path | None = None,
                 env: dict[str, str] | None = None):
        self.n_workers = workers
        self.log_dir = log_dir
        #: extra environment for every process, e.g. Dask settings as DASK_... variables
        self.env = dict(env or {})
        self.port = free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.scheduler: subprocess.Popen | None = None
        self.workers: dict[str, subprocess.Popen] = {}

    def _spawn(self, name: str, module: str, *args: str) -> subprocess.Popen:
        log = open(self.log_dir / f"{name}.log", "wb") if self.log_dir else subprocess.DEVNULL
        try:
            env = {**os.environ, "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost",
                   **self.env}
            return subprocess.Popen([sys.executable, "-m", module, *args], stdout=log,
                                    stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    start_new_session=True, env=env)
        finally:
            if log is not subprocess.DEVNULL:
                log.close()

    def start(self, timeout: float = 60.0) -> str:
        """Start everything; return the scheduler address once all workers joined."""
        self.scheduler = self._spawn("scheduler", "distributed.cli.dask_scheduler",
                                     "--host", "127.0.0.1", "--port", str(self.port),
                                     "--no-dashboard")
        for i in range(1, self.n_workers + 1):
            self.add_worker(f"w{i}")
        self.wait_for_workers(self.n_workers, timeout)
        return self.address

    def add_worker(self, name: str) -> subprocess.Popen:
        proc = self._spawn(name, "distributed.cli.dask_worker", self.address, "--name", name,
                           "--nthreads", "1", "--no-nanny", "--no-dashboard",
                           "--host", "127.0.0.1")
        self.workers[name] = proc
        return proc

    def wait_for_workers(self, n: int, timeout: float = 60.0) -> None:
        from distributed import Client

        deadline = time.monotonic() + timeout
        while True:
            self._check_alive()
            try:
                with Client(self.address, timeout=5) as client:
                    client.wait_for_workers(n, timeout=max(1.0, deadline - time.monotonic()))
                    return
            except (OSError, TimeoutError) as exc:
                if time.monotonic() > deadline:
                    raise ClusterStartError(f"{self.address}: {n} workers not up ({exc})") from None
                time.sleep(0.5)

    def _check_alive(self) -> None:
        for name, proc in [("scheduler", self.scheduler), *self.workers.items()]:
            if proc is not None and proc.poll() is not None:
                raise ClusterStartError(f"dask {name} exited with status {proc.returncode}")

    def kill_worker(self, name: str) -> None:
        """SIGKILL one worker (and anything in its process group)."""
        _kill_group(self.workers[name], signal.SIGKILL)

    def stop(self) -> None:
        """Stop every process started here: TERM, then KILL what is left."""
        procs = [*self.workers.values(), *([self.scheduler] if self.scheduler else [])]
        for proc in procs:
            _kill_group(proc, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for proc in procs:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _kill_group(proc, signal.SIGKILL)
                proc.wait(timeout=10)

    def __enter__(self) -> "SubprocessCluster":
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _kill_group(proc: subprocess.Popen, sig: int) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, sig)
    except (ProcessLookupError, PermissionError):
        try:
            proc.send_signal(sig)
        except ProcessLookupError:
            pass
