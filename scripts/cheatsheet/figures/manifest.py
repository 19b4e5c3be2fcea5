"""The no-op build's shortcut: know that every figure is current without importing any.

``build_figures`` imports every declaration module (and matplotlib) to compute each
figure's key. When not one byte of the ``cheatsheet`` package changed since a build that
brought the figures folder up to date, and that folder still holds exactly the files it
wrote, the result would be the same: this module records that state and recognizes it.
"""

from __future__ import annotations

from pathlib import Path

from .. import buildcache
from ..paths import PACKAGE_DIR
from .info import FigureInfo

STORE = buildcache.Store("figure-manifest")


def package_digest() -> str:
    """Every source file of the package, and the versions of the plotting libraries."""
    files = [p for p in PACKAGE_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return buildcache.digest(buildcache.file_digest(files), buildcache.versions("matplotlib", "numpy"))


def _outputs(out_dir: Path) -> dict[str, str]:
    return {p.name: buildcache.digest(p.read_bytes()) for p in sorted(out_dir.glob("*.svg"))}


def _key(out_dir: Path) -> str:
    return STORE.key(package_digest(), str(out_dir.resolve()))


def current(out_dir: Path) -> dict[str, FigureInfo] | None:
    """The catalogue's figures if ``out_dir`` is known to be up to date, else None."""
    recorded = STORE.get(_key(out_dir))
    if recorded is None or not out_dir.is_dir() or _outputs(out_dir) != recorded["outputs"]:
        return None
    return {info.name: info for info in recorded["figures"]}


def record(out_dir: Path, figures: list[FigureInfo]) -> None:
    """Remember that ``out_dir`` is up to date with the current package."""
    STORE.put(_key(out_dir), {"figures": figures, "outputs": _outputs(out_dir)})
