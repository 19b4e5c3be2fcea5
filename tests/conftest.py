from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# tests run in two workers on two cores: one thread each for BLAS and torch (snippets inherit it)
os.environ.setdefault("OMP_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]


def _build(site: Path) -> Path:
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        # without MPLBACKEND=Agg (set above for the tests), which would stop the notebooks' inline plots
        cwd=ROOT, env={**{k: v for k, v in os.environ.items() if k != "MPLBACKEND"}, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True, text=True, timeout=1200,
    )
    assert proc.returncode == 0, f"strict build failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-6000:]}"
    return site


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, worker_id) -> Path:
    """The real site, built once per test session with --strict.

    Under pytest-xdist (``make test`` runs two workers) the first worker to need it builds
    it into the session's shared temporary folder and the others wait for that build.
    """
    if worker_id == "master":
        return _build(tmp_path_factory.mktemp("built") / "site")
    from filelock import FileLock

    shared = tmp_path_factory.getbasetemp().parent
    site, done = shared / "built" / "site", shared / "built" / "done"
    with FileLock(str(shared / "built.lock")):
        if not done.is_file():
            _build(site)
            done.touch()
    return site
