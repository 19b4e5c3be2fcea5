"""Serve a built site on 127.0.0.1 (a free port) in a child process, stopped by its own pid.

``gzip=True`` compresses text responses as static hosts (GitHub Pages) do, so transfer
sizes and load times measured against it match the hosted site.

    python -m cheatsheet.localserver DIR PORT [--gzip]
"""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(directory: Path, *, gzip: bool = False, timeout: float = 15.0) -> Iterator[str]:
    """Yield the base URL (``http://127.0.0.1:PORT/``) of a static server for ``directory``."""
    port = free_port()
    cmd = [sys.executable, "-m", "cheatsheet.localserver", str(directory), str(port)] + (["--gzip"] if gzip else [])
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
                conn.request("HEAD", "/")
                conn.getresponse()
                conn.close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the static server on port {port} did not start")
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/"
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()


COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map", ".mjs")


def _handler(directory: str, use_gzip: bool):
    import gzip as gz
    import io
    from http.server import SimpleHTTPRequestHandler

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=directory, **kwargs)

        def log_message(self, *args):  # quiet
            pass

        def send_head(self):
            path = self.translate_path(self.path)
            if os.path.isdir(path):
                path = os.path.join(path, "index.html")
            wants = "gzip" in self.headers.get("Accept-Encoding", "")
            if not (use_gzip and wants and path.endswith(COMPRESSIBLE) and os.path.isfile(path)):
                return super().send_head()
            if not self.path.split("?")[0].endswith("/") and os.path.isdir(self.translate_path(self.path)):
                return super().send_head()  # let the base class redirect to the slash URL
            with open(path, "rb") as f:
                body = gz.compress(f.read(), compresslevel=6, mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)

    return Handler


def main(argv: list[str] | None = None) -> int:
    import argparse
    from http.server import ThreadingHTTPServer

    parser = argparse.ArgumentParser(description="Static server for a built site, bound to 127.0.0.1.")
    parser.add_argument("directory")
    parser.add_argument("port", type=int)
    parser.add_argument("--gzip", action="store_true")
    args = parser.parse_args(argv)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), _handler(args.directory, args.gzip))
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
