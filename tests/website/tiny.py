"""Build a tiny site that uses the project's real hooks, in a temporary folder."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Result:
    code: int
    output: str
    site: Path


def write_site(tmp: Path, pages: dict[str, str], *, notebooks: bool = False) -> Path:
    docs = tmp / "docs"
    for name, text in pages.items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    plugins = "plugins:\n  - search\n"
    if notebooks:
        plugins += (
            "  - mkdocs-jupyter:\n      include: ['*.ipynb']\n      execute: true\n"
            "      allow_errors: false\n      cache: false\n"
        )
    (tmp / "mkdocs.yml").write_text(
        textwrap.dedent(f"""\
        site_name: tiny
        docs_dir: docs
        theme:
          name: material
          font: false
        hooks:
          - {ROOT / "scripts" / "hooks.py"}
        validation:
          links:
            not_found: warn
            anchors: warn
        markdown_extensions:
          - attr_list
          - md_in_html
          - pymdownx.arithmatex:
              generic: true
        """) + plugins,
        encoding="utf-8",
    )
    return tmp / "mkdocs.yml"


def build(tmp: Path, pages: dict[str, str], *, notebooks: bool = False, staged: bool = False) -> Result:
    config = write_site(tmp, pages, notebooks=notebooks)
    site = tmp / "site"
    if staged:
        cmd = [sys.executable, str(ROOT / "scripts" / "build_site.py"), "-f", str(config), "-d", str(site)]
    else:
        cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(cmd, cwd=tmp, env=env, capture_output=True, text=True, timeout=300)
    return Result(proc.returncode, proc.stdout + proc.stderr, site)
