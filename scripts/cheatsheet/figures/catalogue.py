"""The figure declaration and the catalogue of all declared figures.

A figure is declared once, in a module of ``cheatsheet.figures.defs`` that exposes a list
``FIGURES``. Adding a module there is all it takes: the catalogue discovers it, the build
renders it, the tests loop over it, and pages may reference it as ``<!-- figure: name -->``.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from matplotlib.figure import Figure as MplFigure

from .info import FigureInfo
from .style import Palette

NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Figure:
    """One figure: what to draw, and the words that go with it.

    ``draw(fig, pal)`` receives an empty matplotlib figure of ``size`` inches (constrained
    layout) and a :class:`~cheatsheet.figures.style.Palette`; it must take every colour from
    the palette, so the light and the dark variant differ only in colour.
    """

    name: str
    draw: Callable[[MplFigure, Palette], None]
    caption: str
    alt: str
    size: tuple[float, float] = (6.4, 2.8)
    module: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not NAME_RE.match(self.name):
            raise ValueError(f"figure name {self.name!r} must be lower-case words joined by '-'")
        if not self.caption.strip() or not self.alt.strip():
            raise ValueError(f"figure {self.name!r} needs a caption and an alt text")
        if not self.module:
            object.__setattr__(self, "module", self.draw.__module__)

    @property
    def source_file(self) -> Path:
        return Path(sys.modules[self.module].__file__).resolve()

    def info(self) -> FigureInfo:
        return FigureInfo(self.name, self.caption, self.alt, tuple(self.size))

    def filename(self, pal: Palette | str) -> str:
        return self.info().filename(pal)

    @property
    def pixel_size(self) -> tuple[int, int]:
        return self.info().pixel_size


def definition_modules() -> list[str]:
    from . import defs

    return sorted(f"{defs.__name__}.{m.name}" for m in pkgutil.iter_modules(defs.__path__))


_RELOADABLE = ("cheatsheet.figures.defs", "cheatsheet.numerics")
_loaded: tuple[tuple, dict[str, Figure]] | None = None


def _fingerprint() -> tuple:
    """Names, sizes and times of the declaration and numeric sources."""
    package = Path(__file__).resolve().parents[1]
    files = sorted([*(package / "figures" / "defs").glob("*.py"), *(package / "numerics").glob("*.py")])
    return tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)


def catalogue() -> dict[str, Figure]:
    """Every declared figure by name; a duplicated name is an error.

    A long-lived process (``mkdocs serve``) sees edits: when a declaration or numeric
    source changed since the last call, those modules are imported afresh.
    """
    global _loaded
    fingerprint = _fingerprint()
    if _loaded is not None and _loaded[0] == fingerprint:
        return _loaded[1]
    if _loaded is not None:
        for name in [m for m in sys.modules if m.startswith(_RELOADABLE)]:
            del sys.modules[name]
        importlib.invalidate_caches()
    _loaded = (fingerprint, _collect())
    return _loaded[1]


def _collect() -> dict[str, Figure]:
    figures: dict[str, Figure] = {}
    for module_name in definition_modules():
        module = importlib.import_module(module_name)
        for fig in getattr(module, "FIGURES", []):
            if fig.name in figures:
                raise ValueError(
                    f"figure {fig.name!r} declared twice: {figures[fig.name].module} and {module_name}"
                )
            figures[fig.name] = fig
    return figures
