"""Which project source files a module or a piece of code depends on.

Cache keys (figures, notebooks) must change when any project module that the cached
thing imports changes, directly or through other project modules. This module finds that
closure by reading ``import`` statements with :mod:`ast`, so nothing is executed.
"""

from __future__ import annotations

import ast
import hashlib
import warnings
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from .paths import PACKAGE_DIR

PACKAGE = PACKAGE_DIR.name


def _module_file(dotted: str) -> Path | None:
    """Return the source file of a project module name, or None if it is not ours."""
    parts = dotted.split(".")
    if parts[0] != PACKAGE:
        return None
    base = PACKAGE_DIR.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _package_of(path: Path) -> str:
    rel = path.relative_to(PACKAGE_DIR.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    else:
        parts.pop()  # a module's package is its folder
    return ".".join(parts)


def imported_modules(source: str, package: str = "") -> set[str]:
    """Dotted names of all modules imported by ``source`` (relative imports resolved)."""
    return set(_imported_modules(source, package))


@cache
def _imported_modules(source: str, package: str) -> frozenset[str]:
    names: set[str] = set()
    with warnings.catch_warnings():
        # invalid escapes in a docstring are the module author's business, not the cache's
        warnings.simplefilter("ignore")
        tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            names.add(stem)
            # ``from pkg import mod`` may name a submodule
            names.update(f"{stem}.{alias.name}" for alias in node.names)
    return frozenset(names)


def local_dependencies(sources: Iterable[tuple[str, str]]) -> set[Path]:
    """Project files imported, transitively, by the given ``(source, package)`` pairs."""
    seen: set[Path] = set()
    queue = list(sources)
    while queue:
        source, package = queue.pop()
        for name in imported_modules(source, package):
            # importing a.b.c also runs a/__init__ and a/b/__init__
            parts = name.split(".")
            for i in range(1, len(parts) + 1):
                path = _module_file(".".join(parts[:i]))
                if path is not None and path not in seen:
                    seen.add(path)
                    queue.append((path.read_text(encoding="utf-8"), _package_of(path)))
    return seen


def module_closure(path: Path) -> set[Path]:
    """A project module file plus every project file it imports, transitively."""
    path = path.resolve()
    return {path} | local_dependencies([(path.read_text(encoding="utf-8"), _package_of(path))])


def hash_files(paths: Iterable[Path], *extra: str) -> str:
    """SHA-256 over the files' relative names and bytes, then the extra strings."""
    digest = hashlib.sha256()
    for path in sorted(set(paths)):
        digest.update(str(path.relative_to(PACKAGE_DIR.parent)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    for item in extra:
        digest.update(item.encode())
        digest.update(b"\0")
    return digest.hexdigest()
