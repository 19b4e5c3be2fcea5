"""Every code snippet shown on a page runs, and its own assertions hold.

Snippets live in ``docs/snippets/<page>/<name>.py`` and are included in pages with
``--8<-- "<page>/<name>.py"``; a snippet that no page includes is an error too.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SNIPPETS = ROOT / "docs" / "snippets"
INCLUDE_RE = re.compile(r'--8<--\s+"([^"]+\.py)"')

ALL = sorted(p for p in SNIPPETS.rglob("*.py"))


def test_there_are_snippets():
    assert ALL, "no snippet found in docs/snippets"


@pytest.mark.parametrize("path", ALL, ids=[p.relative_to(SNIPPETS).as_posix() for p in ALL])
def test_snippet_runs(path: Path, tmp_path: Path):
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"}
    proc = subprocess.run([sys.executable, str(path)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"{path.relative_to(ROOT)} failed:\n{proc.stderr[-3000:]}"


def test_every_snippet_is_shown_and_every_include_exists():
    included = set()
    for page in (ROOT / "docs").rglob("*.md"):
        included.update(INCLUDE_RE.findall(page.read_text(encoding="utf-8")))
    files = {p.relative_to(SNIPPETS).as_posix() for p in ALL}
    assert not (files - included), f"snippets no page shows: {sorted(files - included)}"
    assert not (included - files), f"pages include missing snippets: {sorted(included - files)}"
