"""Where things live in the repository."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT = PACKAGE_DIR.parents[1]
DOCS_DIR = ROOT / "docs"
CACHE_DIR = ROOT / ".cache"
FIGURES_DIR = DOCS_DIR / "figures"
FIGURES_CACHE_DIR = CACHE_DIR / "figures"
NODE_MODULES = ROOT / "node_modules"
