"""Persistent, content-addressed caches for the expensive steps of a build.

Each step (Markdown conversion, math rendering, search indexing, print pages) keeps its
results in ``.cache/build/<step>/<key>.pickle``. A key is the SHA-256 of *everything* the
result depends on: the inputs the caller names, plus the versions of the libraries and the
source of the project code that compute it. Nothing is keyed on time or on file dates, so
a result is reused exactly when recomputing it would give the same bytes.

Entries are written atomically (a temporary file renamed into place), so an interrupted or
concurrent build never reads half an entry; an entry that cannot be read is a miss. Entries
no build has used for a week are pruned after a full build. A process keeps what it read or
wrote in memory too, so ``mkdocs serve`` rebuilds do not even touch the disk for them.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import platform
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from functools import cache, lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from .paths import CACHE_DIR

ROOT_DIR = CACHE_DIR / "build"
MAX_AGE = 7 * 24 * 3600  # seconds an unused entry is kept
_FORMAT = "1"  # bump to invalidate every entry after a change of the stored layout


def digest(*parts: str | bytes) -> str:
    """SHA-256 of the parts, each one delimited, so ("ab", "c") != ("a", "bc")."""
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


@cache
def versions(*distributions: str) -> str:
    """``name=version`` of installed distributions (``missing`` for absent ones)."""
    out = []
    for name in distributions:
        try:
            out.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name}=missing")
    return ";".join(out)


def write_if_changed(path: Path, value: Any, written: dict[Path, Any],
                     render: Callable[[Any], str] = str) -> bool:
    """Write ``render(value)`` unless this process last wrote an equal ``value`` there and the
    file is still in place (a dev server rebuild rewrites only what changed; comparing
    values, not file contents, spares reading the files back)."""
    if path in written and written[path] == value and path.is_file():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(value), encoding="utf-8")
    written[path] = value
    return True


@lru_cache(maxsize=256)
def text_digest(text: str) -> str:
    """``digest(text)``, remembered for the last texts seen (a dev server rebuild meets the
    same page contents again, and Python's own string hash is much cheaper than SHA-256)."""
    return digest(text)


def file_digest(paths: Iterable[Path]) -> str:
    """Digest of files' names and bytes (a missing file counts as its name and 'missing')."""
    parts: list[str | bytes] = []
    for path in sorted(set(paths)):
        parts.append(str(path))
        try:
            parts.append(path.read_bytes())
        except OSError:
            parts.append("\0missing")
    return digest(*parts)


class Recent:
    """A memo that keeps what this build and the previous one used: a dev server's rebuilds
    meet the same inputs again, and a long session stays small."""

    def __init__(self) -> None:
        self._now: dict = {}
        self._before: dict = {}

    def get(self, key) -> Any | None:
        value = self._now.get(key)
        if value is None:
            value = self._before.get(key)
            if value is not None:
                self._now[key] = value
        return value

    def put(self, key, value) -> None:
        self._now[key] = value

    def next_build(self) -> None:
        self._before, self._now = self._now, {}


class LogSpy(logging.Handler):
    """Whether anything at ``level`` or above was logged while it listened: a result whose
    computation logged is never reused, so its message comes again on the next build."""

    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.seen = False

    def emit(self, record: logging.LogRecord) -> None:
        self.seen = True


@contextlib.contextmanager
def log_spy(level: int, logger: str = "mkdocs") -> Iterator[LogSpy]:
    spy = LogSpy(level)
    log = logging.getLogger(logger)
    log.addHandler(spy)
    try:
        yield spy
    finally:
        log.removeHandler(spy)


class Store:
    """One step's cache: ``get(key)`` / ``put(key, value)`` of picklable values."""

    def __init__(self, step: str, *, code: str = "", root: Path | None = None) -> None:
        self.step = step
        self.code = code  # digest of whatever computes the values (folded into every key)
        self.dir = (root or ROOT_DIR) / step
        self._memory: dict[str, bytes] = {}  # pickled: every get returns a fresh copy
        # keys of this build and the previous one, by their parts: a dev server rebuild
        # hashes a page's unchanged content with Python's cheap str hash, not SHA-256 again
        self._keys = Recent()
        self.hits = 0
        self.misses = 0
        self.used: set[str] = set()
        self.persist = True  # False: keep new entries in memory only (a dev server's large ones)

    def key(self, *parts: str | bytes) -> str:
        known = self._keys.get(parts)
        if known is None:
            # the interpreter too: html.parser and friends are part of the standard library
            known = digest(_FORMAT, platform.python_version(), self.step, self.code, *parts)
            self._keys.put(parts, known)
        return known

    def _path(self, key: str) -> Path:
        return self.dir / f"{key}.pickle"

    def get(self, key: str) -> Any | None:
        self.used.add(key)
        data = self._memory.get(key)
        if data is None:
            try:
                data = self._path(key).read_bytes()
            except OSError:
                self.misses += 1
                return None
        try:
            value = pickle.loads(data)
        except Exception:  # a truncated or foreign file is a miss, never an error
            self.misses += 1
            return None
        self.hits += 1
        self._memory[key] = data
        return value

    def put(self, key: str, value: Any) -> None:
        self.used.add(key)
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        self._memory[key] = data
        if not self.persist:
            return
        self.dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.dir, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, self._path(key))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def begin(self) -> None:
        """Start of a build: forget which entries were used and the counts; keep in memory
        only what the previous build used (a long ``mkdocs serve`` session stays small)."""
        self._memory = {k: v for k, v in self._memory.items() if k in self.used}
        self._keys.next_build()
        self.used.clear()
        self.hits = self.misses = 0

    def prune(self, max_age: float = MAX_AGE) -> int:
        """Delete entries this build did not use and no build touched for ``max_age`` s.

        Entries used now are touched, so an entry shared by concurrent builds stays."""
        if not self.dir.is_dir():
            return 0
        now = time.time()
        removed = 0
        for path in self.dir.glob("*.pickle"):
            key = path.stem
            if key in self.used:
                os.utime(path, (now, now))
            elif path.stat().st_mtime < now - max_age:
                path.unlink(missing_ok=True)
                self._memory.pop(key, None)
                removed += 1
        for tmp in self.dir.glob(".*.tmp"):  # left by a build that was killed mid-write
            if tmp.stat().st_mtime < now - 3600:
                tmp.unlink(missing_ok=True)
        return removed

    def summary(self) -> str:
        return f"{self.step} {self.hits} hit(s), {self.misses} miss(es)"
