"""Drive ``mkdocs serve`` as a reader's browser does: for the edit-to-reload benchmark and tests.

The dev server injects a script into each page that long-polls ``/livereload/<epoch>/<id>``;
the answer comes when a rebuild has finished, and the browser then reloads. Timing an edit
to that answer is timing what an author waits for. The server binds 127.0.0.1 on a free
port and is stopped by its own process id.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .localserver import free_port

EPOCH_RE = re.compile(r"livereload\((\d+), \d+\)")
LIVERELOAD_SCRIPT_RE = re.compile(r"<script>\s*var livereload = function.*?</script>", re.S)


def fetch(url: str, timeout: float = 120.0) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (127.0.0.1 only)
        return response.read().decode("utf-8")


def epoch_of(html: str) -> int:
    """The site version a served page belongs to (from the injected live-reload script)."""
    m = EPOCH_RE.search(html)
    if not m:
        raise ValueError("the page has no live-reload script")
    return int(m.group(1))


def without_livereload(html: str) -> str:
    return LIVERELOAD_SCRIPT_RE.sub("", html)


@dataclass
class DevServer:
    base: str  # http://127.0.0.1:PORT/
    log: Path
    tmp: Path  # the server's TMPDIR: MkDocs builds into a mkdtemp() folder there

    @property
    def site_dir(self) -> Path:
        """The folder the server builds into and serves from."""
        found = sorted(self.tmp.glob("mkdocs_*"))
        if len(found) != 1:
            raise RuntimeError(f"expected one mkdocs_* folder in {self.tmp}, found {found}")
        return found[0]

    def page(self, path: str) -> str:
        return fetch(self.base + path.lstrip("/"))

    def wait_for_reload(self, epoch: int, timeout: float = 300.0) -> int:
        """Block until a build newer than ``epoch`` is visible; return its epoch."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            answer = int(fetch(f"{self.base}livereload/{epoch}/{time.monotonic_ns()}", timeout=timeout))
            if answer > epoch:
                return answer
        raise TimeoutError(f"no rebuild within {timeout:.0f} s (see {self.log})")

    def time_edit(self, page_path: str, edit: Callable[[], None], timeout: float = 300.0) -> tuple[float, str]:
        """Apply ``edit`` and return (seconds until the browser would reload, the new page)."""
        epoch = epoch_of(self.page(page_path))
        start = time.perf_counter()
        edit()
        self.wait_for_reload(epoch, timeout)
        elapsed = time.perf_counter() - start
        return elapsed, self.page(page_path)


@contextlib.contextmanager
def dev_server(config_file: Path, *, timeout: float = 900.0, extra_args: tuple[str, ...] = (),
               port: int | None = None, env: dict[str, str] | None = None) -> Iterator[DevServer]:
    """Run ``mkdocs serve`` for ``config_file`` until the first build is served."""
    port = port or free_port()
    log = Path(tempfile.mkstemp(prefix="mkdocs-serve-", suffix=".log")[1])
    tmp = Path(tempfile.mkdtemp(prefix="mkdocs-serve-tmp-"))
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", str(config_file),
           "--dev-addr", f"127.0.0.1:{port}", *extra_args]
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=config_file.parent, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {}), "TMPDIR": str(tmp)})
    server = DevServer(f"http://127.0.0.1:{port}/", log, tmp)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                server.page("")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"mkdocs serve did not start:\n{log.read_text()[-3000:]}") from None
                time.sleep(0.2)
        yield server
    finally:
        os.kill(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)
