"""Start a loopback server for the workloads: nginx when installed, else the builtin one.

nginx runs as one process (``master_process off``) from a generated configuration that serves
the bodies of :mod:`payloads` as files; the builtin server is :mod:`server`. Either way the
caller gets a :class:`LoopbackServer`: its process id (whose CPU time the workloads sample), its
API root URL and its kind. nginx has no way to hold answers back, so the latency server is always
the builtin one.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from payloads import API_PREFIX, render_routes

__all__ = ["LoopbackServer", "ServerKind", "nginx_path", "serve"]

ServerKind = Literal["auto", "nginx", "builtin"]

_HERE = Path(__file__).resolve().parent
_START_TIMEOUT = 30.0


@dataclass(frozen=True)
class LoopbackServer:
    """A running server: ``base_url`` is the API root (``http://127.0.0.1:<port>/api/1.0``)."""

    kind: Literal["nginx", "builtin"]
    pid: int
    port: int
    latency: float

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def description(self) -> str:
        latency = f", {self.latency * 1000:g} ms latency" if self.latency else ""
        return f"{self.kind} on 127.0.0.1:{self.port}{latency}"


def nginx_path() -> str | None:
    """The nginx executable on ``PATH``, if any."""
    return shutil.which("nginx")


@contextmanager
def serve(
    kind: ServerKind = "auto", *, latency: float = 0.0, cpu: int | None = None
) -> Iterator[LoopbackServer]:
    """Run a server for the duration of the ``with`` block, pinned to ``cpu`` if given."""
    use_nginx = latency == 0 and (kind == "nginx" or (kind == "auto" and nginx_path()))
    if kind == "nginx" and not use_nginx:
        raise RuntimeError("nginx cannot add latency; the latency server is the builtin one")
    with tempfile.TemporaryDirectory(prefix="asana-bench-") as workdir:
        if use_nginx:
            process, port = _start_nginx(Path(workdir))
        else:
            process, port = _start_builtin(latency)
        try:
            if cpu is not None and hasattr(os, "sched_setaffinity"):
                os.sched_setaffinity(process.pid, {cpu})
            yield LoopbackServer(
                kind="nginx" if use_nginx else "builtin",
                pid=process.pid,
                port=port,
                latency=latency,
            )
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _start_builtin(latency: float) -> tuple[subprocess.Popen[str], int]:
    command = [sys.executable, str(_HERE / "server.py"), "--port", "0", "--latency", str(latency)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.startswith("listening "):
        process.kill()
        raise RuntimeError(f"the builtin server did not start (it said {line!r})")
    return process, int(line.split()[1])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


_NGINX_CONFIG = """\
daemon off;
master_process off;
worker_processes 1;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    server_tokens off;
    etag off;
    types {{ }}
    default_type "application/json; charset=UTF-8";
    keepalive_requests 1000000;
    keepalive_timeout 300s;
    open_file_cache max=1024;
    client_body_temp_path {workdir}/tmp;
    proxy_temp_path {workdir}/tmp;
    fastcgi_temp_path {workdir}/tmp;
    uwsgi_temp_path {workdir}/tmp;
    scgi_temp_path {workdir}/tmp;
    map $arg_offset $page {{
        "" first;
        default $arg_offset;
    }}
    server {{
        listen 127.0.0.1:{port} backlog=2048;
        root {workdir}/www;
        location = {api}/users/me {{ try_files /users_me.json =404; }}
        location ~ ^{api_re}/tasks/[^/]+$ {{ try_files /task.json =404; }}
        location ~ ^{api_re}/projects/[^/]+/tasks$ {{ try_files /pages/$page.json =404; }}
    }}
}}
"""


def _start_nginx(workdir: Path) -> tuple[subprocess.Popen[str], int]:
    executable = nginx_path()
    if executable is None:
        raise RuntimeError("nginx is not on PATH")
    routes = render_routes()
    (workdir / "tmp").mkdir()
    (workdir / "www" / "pages").mkdir(parents=True)
    (workdir / "www" / "task.json").write_bytes(routes.task)
    (workdir / "www" / "users_me.json").write_bytes(routes.user_me)
    for key, body in routes.pages.items():
        (workdir / "www" / "pages" / f"{key}.json").write_bytes(body)
    port = _free_port()
    config = workdir / "nginx.conf"
    config.write_text(
        _NGINX_CONFIG.format(
            workdir=workdir, port=port, api=API_PREFIX, api_re=API_PREFIX.replace(".", r"\.")
        )
    )
    error_log = workdir / "error.log"
    command = [executable, "-p", str(workdir), "-c", str(config), "-e", str(error_log)]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + _START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = error_log.read_text() if error_log.exists() else ""
            raise RuntimeError(
                f"nginx exited at start: {process.stderr and process.stderr.read()}{log}"
            )
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        except OSError:
            time.sleep(0.05)
            continue
        return process, port
    process.kill()
    raise RuntimeError("nginx did not start listening in time")
