"""A small client for ``server.mjs``: start one Node process, send a page's formulas in one batch.

Invalid TeX raises :class:`KatexError` with KaTeX's own message; so do a missing ``node``
binary, a missing ``katex`` package and a process that stops answering.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from ..paths import ROOT

HERE = Path(__file__).resolve().parent
SERVER = HERE / "server.mjs"


class KatexError(Exception):
    """A formula KaTeX cannot render, or a KaTeX process that cannot run."""


@cache
def default_macros() -> dict[str, str]:
    """Site-wide TeX macros (``\\R``, ``\\argmin``, …), the same on every page."""
    return json.loads((HERE / "macros.json").read_text(encoding="utf-8"))


class KatexRenderer:
    """Render TeX to HTML+MathML strings with one long-lived Node process.

    Results are memoised per ``(tex, display)``, so ``mkdocs serve`` rebuilds only send
    formulas it has not seen.
    """

    def __init__(self, *, node: str | None = None, macros: dict[str, str] | None = None,
                 timeout: float = 60.0, cwd: Path = ROOT) -> None:
        self.node = node or os.environ.get("NODE", "node")
        self.macros = default_macros() if macros is None else macros
        self.timeout = timeout
        self.cwd = cwd
        self.version: str | None = None
        self._proc: subprocess.Popen[str] | None = None
        self._memo: dict[tuple[str, bool], str | KatexError] = {}
        self._lock = threading.Lock()

    # -- process -----------------------------------------------------------------------
    def _start(self) -> subprocess.Popen[str]:
        if self._proc is not None and self._proc.poll() is None:
            return self._proc
        if shutil.which(self.node) is None:
            raise KatexError(
                f"cannot render math: Node.js ('{self.node}') was not found. Install Node.js 20 "
                "and run 'npm ci' in the project folder (the README's commands do both)."
            )
        self._proc = subprocess.Popen(
            [self.node, str(SERVER)],
            cwd=self.cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )
        hello = self._exchange({"hello": True})
        self.version = hello["katex"]
        return self._proc

    def warm(self) -> None:
        """Start the Node process now (the dev server: so the first edit does not wait)."""
        with self._lock:
            self._start()

    def _exchange(self, message: dict) -> dict:
        proc = self._proc
        assert proc is not None and proc.stdin and proc.stdout
        try:
            proc.stdin.write(json.dumps(message) + "\n")
            proc.stdin.flush()
        except BrokenPipeError:
            pass  # reported below with the process's stderr
        ready, _, _ = select.select([proc.stdout], [], [], self.timeout)
        line = proc.stdout.readline() if ready else ""
        if not line:
            if ready or proc.poll() is not None:
                stderr = proc.stderr.read() if proc.stderr else ""
                self.close()
                hint = " Run 'npm ci' to install KaTeX." if "katex" in stderr.lower() else ""
                raise KatexError(f"the KaTeX process stopped: {stderr.strip()[-800:]}{hint}")
            self.close()
            raise KatexError(f"the KaTeX process did not answer within {self.timeout:.0f} s")
        answer = json.loads(line)
        if "fatal" in answer:
            raise KatexError(f"the KaTeX process rejected a request: {answer['fatal']}")
        return answer

    def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            try:
                if stream:
                    stream.close()
            except OSError:
                pass
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def __enter__(self) -> KatexRenderer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- rendering ---------------------------------------------------------------------
    def render_many(self, items: Sequence[tuple[str, bool]]) -> list[str | KatexError]:
        """Render ``(tex, display)`` pairs; each result is HTML or the KaTeX error for it."""
        with self._lock:
            todo = list(dict.fromkeys(key for key in items if key not in self._memo))
            if todo:
                self._start()
                answer = self._exchange({
                    "items": [{"tex": tex, "display": display} for tex, display in todo],
                    "macros": self.macros,
                })
                for key, result in zip(todo, answer["results"], strict=True):
                    self._memo[key] = result["html"] if "html" in result else KatexError(result["error"])
            return [self._memo[key] for key in items]

    def render(self, tex: str, *, display: bool = False) -> str:
        """Render one formula or raise :class:`KatexError`."""
        result = self.render_many([(tex, display)])[0]
        if isinstance(result, KatexError):
            raise result
        return result
