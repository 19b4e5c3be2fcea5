"""Cache figures by a hash of everything that affects them; write only changed bytes.

Key of a (figure, palette): the figure's definition module and every project module it
imports (so the numeric definitions it plots), the shared rendering code (style, render,
catalogue, this file), the matplotlib and numpy versions, the figure's name and the palette.
Rendered SVGs live in ``.cache/figures/<key>.svg``; the docs tree gets a copy only when its
bytes differ, written atomically, so ``mkdocs serve`` sees one change per real edit.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import tempfile
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import numpy

from .. import deps
from ..paths import FIGURES_CACHE_DIR, FIGURES_DIR
from .catalogue import Figure, catalogue
from .style import PALETTES, Palette

_SHARED = ("style.py", "render.py", "catalogue.py", "store.py")
CACHE_MAX_AGE = 24 * 3600  # seconds an unused cache entry is kept


def shared_files() -> set[Path]:
    here = Path(__file__).resolve().parent
    files: set[Path] = set()
    for name in _SHARED:
        files |= deps.module_closure(here / name)
    return files


def sources_digest(fig: Figure, shared: set[Path] | None = None) -> str:
    """Hash of the code a figure depends on: its module's import closure, the shared
    rendering code and the library versions. Figures of one module share it."""
    files = deps.module_closure(fig.source_file) | (shared if shared is not None else shared_files())
    return deps.hash_files(files, f"matplotlib={matplotlib.__version__}", f"numpy={numpy.__version__}")


def cache_key(fig: Figure, pal: Palette, digest: str | None = None) -> str:
    digest = digest if digest is not None else sources_digest(fig)
    return hashlib.sha256(f"{digest}\0figure={fig.name}\0palette={pal.name}".encode()).hexdigest()


def write_if_changed(path: Path, data: bytes) -> bool:
    """Atomically write ``data`` to ``path`` unless it already holds exactly those bytes."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; a web server must be able to read it
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def _render_job(name: str, palette_name: str, cache_path: str) -> str:
    """Worker: render one variant into the cache (atomically) and return its path."""
    from .render import render_svg

    fig = catalogue()[name]
    pal = next(p for p in PALETTES if p.name == palette_name)
    write_if_changed(Path(cache_path), render_svg(fig, pal))
    return cache_path


def _render_all(jobs: list[tuple[str, str, str]], workers: int | None) -> None:
    """Render in fresh worker processes: they import the current code (the caller may be a
    long-lived ``mkdocs serve`` holding old modules), and spawn is safe in a threaded server."""
    if not jobs:
        return
    workers = workers or max(1, min(len(jobs), os.cpu_count() or 1))
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        list(pool.map(_render_job, *zip(*jobs)))


@dataclass
class Report:
    rendered: list[str]  # variants rendered this run (cache misses)
    written: list[str]  # files in the docs tree whose bytes changed
    removed: list[str]  # stale files removed from the docs tree
    total: int  # variants in the catalogue


def build_figures(
    names: Iterable[str] | None = None,
    *,
    out_dir: Path = FIGURES_DIR,
    cache_dir: Path = FIGURES_CACHE_DIR,
    workers: int | None = None,
) -> Report:
    """Bring ``out_dir`` up to date with the catalogue (or with the named figures)."""
    figures = catalogue()
    selected = list(figures.values()) if names is None else [figures[n] for n in names]
    shared = shared_files()
    digests: dict[Path, str] = {}  # one closure and hash per definition module, not per variant
    jobs: list[tuple[str, str, str]] = []
    targets: list[tuple[Path, Path]] = []
    variants: list[tuple[str, str]] = []
    for fig in selected:
        if fig.source_file not in digests:
            digests[fig.source_file] = sources_digest(fig, shared)
        for pal in PALETTES:
            cached = cache_dir / f"{cache_key(fig, pal, digests[fig.source_file])}.svg"
            targets.append((cached, out_dir / fig.filename(pal)))
            variants.append((fig.name, pal.name))
            if not cached.is_file():
                jobs.append((fig.name, pal.name, str(cached)))

    _render_all(jobs, workers)

    written: list[str] = []
    for (src, dst), (name, pal_name) in zip(targets, variants):
        try:
            data = src.read_bytes()
        except FileNotFoundError:  # pruned by a concurrent build in between: render again
            _render_all([(name, pal_name, str(src))], 1)
            data = src.read_bytes()
        if write_if_changed(dst, data):
            written.append(str(dst))
        os.utime(src)  # marks the entry as in use for the age-based pruning below
    removed: list[str] = []
    if names is None and out_dir.is_dir():
        expected = {dst.name for _, dst in targets}
        for stale in sorted(out_dir.glob("*.svg")):
            if stale.name not in expected:
                stale.unlink()
                removed.append(str(stale))
        # forget cache entries no build has used for a day (a concurrent build with a
        # different catalogue may still need a recent one)
        live = {src.name for src, _ in targets}
        cutoff = time.time() - CACHE_MAX_AGE
        for old in cache_dir.glob("*.svg"):
            if old.name not in live and old.stat().st_mtime < cutoff:
                old.unlink(missing_ok=True)
    return Report([f"{n}-{p}" for n, p, _ in jobs], written, removed, len(targets))
