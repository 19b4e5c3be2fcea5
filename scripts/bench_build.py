#!/usr/bin/env python3
"""Benchmark the build (a script that prints numbers, not a test).

Measures, each in a fresh process:
  1. cold build   - empty caches (figures, notebooks) and no rendered figures
  2. no-op build  - the same build again, nothing changed
  3. figures only - rendering the whole catalogue from an empty cache
  4. PDF export   - both PDFs of the built site (needs Chromium)
and the peak resident memory of each (the largest process of its tree).

    python scripts/bench_build.py [--keep-caches]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHES = [ROOT / ".cache" / "figures", ROOT / ".cache" / "mkdocs-jupyter", ROOT / ".cache" / "notebook-deps.json",
          ROOT / "docs" / "figures"]


def run(cmd: list[str]) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MiB) of the largest process in the command's tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr[-3000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024


def clear() -> None:
    for path in CACHES:
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    site = Path(tempfile.mkdtemp(prefix="bench-site-"))
    build = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    rows = []
    try:
        clear()
        rows.append(("cold build (empty caches)", *run(build)))
        rows.append(("no-op rebuild", *run(build)))
        rows.append(("PDF export (full + compact)",
                     *run([sys.executable, str(ROOT / "scripts" / "export_pdf.py"), "--site", str(site)])))
        shutil.rmtree(ROOT / ".cache" / "figures")
        rows.append(("figures alone (empty figure cache)",
                     *run([sys.executable, str(ROOT / "scripts" / "render_figures.py")])))
        rows.append(("figures alone, all cached", *run([sys.executable, str(ROOT / "scripts" / "render_figures.py")])))
    finally:
        shutil.rmtree(site, ignore_errors=True)
    from cheatsheet.figures.catalogue import catalogue

    print(f"{len(catalogue())} figures x 2 palettes, {os.cpu_count()} cores")
    print(f"{'step':40s} {'seconds':>9s} {'peak MiB*':>10s}")
    for name, seconds, mib in rows:
        print(f"{name:40s} {seconds:9.2f} {mib:10.0f}")
    print("* peak RSS of the largest single process run so far (getrusage of children)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
