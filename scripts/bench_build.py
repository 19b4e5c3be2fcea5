#!/usr/bin/env python3
"""Benchmark the build (a script that prints numbers, not a test).

Measures, each step in fresh processes:
  1. the unavoidable parts of a cold build: rendering every figure (empty figure cache, all
     cores) and executing every notebook (nbclient, one after another)
  2. cold build     - HTML only, every cache empty; its ratio to the sum of (1)
  3. no-op rebuild  - the same build again, nothing changed (median of --repeat)
  4. edit to reload - ``mkdocs serve``: a one-line edit of one page until the browser's
                      live-reload poll returns (median of --repeat)
  5. PDF export     - both PDFs of the built site (needs Chromium; --no-pdf skips it)
and the peak resident memory of the largest process of each step.

    python scripts/bench_build.py [--repeat 3] [--no-pdf] [--page training/tips.md]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHES = [ROOT / ".cache" / "figures", ROOT / ".cache" / "mkdocs-jupyter", ROOT / ".cache" / "notebook-deps.json",
          ROOT / ".cache" / "build", ROOT / "docs" / "figures"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "MPLCONFIGDIR": str(ROOT / ".cache" / "matplotlib")}


def run(cmd: list[str]) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MiB) of the largest process in the command's tree."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=ENV, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}")
    return elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def clear() -> None:
    for path in CACHES:
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def execute_notebooks() -> tuple[float, list[tuple[str, float]]]:
    """Execute every notebook as the build does (its kernel, its folder); per-notebook seconds."""
    import nbformat
    from nbclient import NotebookClient

    times = []
    for path in sorted((ROOT / "docs").rglob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        NotebookClient(nb, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
        times.append((path.name, time.perf_counter() - start))
    return sum(t for _, t in times), times


def edit_to_reload(page: str, repeat: int) -> list[float]:
    from cheatsheet.devserver import dev_server

    src = ROOT / "docs" / page
    original = src.read_text(encoding="utf-8")
    url = page.removesuffix(".md").removesuffix("index") + ("/" if not page.endswith("index.md") else "")
    times = []
    try:
        with dev_server(ROOT / "mkdocs.yml", extra_args=("--dirty",)) as server:
            for i in range(repeat):
                marker = f"Benchmark edit {i} {time.time_ns()}."
                seconds, html = server.time_edit(
                    url, lambda: src.write_text(original + f"\n{marker}\n", encoding="utf-8"))
                if marker not in html:
                    sys.exit(f"the served page {url} does not show the edit")
                times.append(seconds)
                server.time_edit(url, lambda: src.write_text(original, encoding="utf-8"))
    finally:
        src.write_text(original, encoding="utf-8")
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("--page", default="training/tips.md", help="the page edited for edit-to-reload")
    args = parser.parse_args()
    site = Path(tempfile.mkdtemp(prefix="bench-site-"))
    build = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    rows: list[tuple[str, float, float]] = []
    try:
        clear()
        figures = run([sys.executable, str(ROOT / "scripts" / "render_figures.py")])
        rows.append(("figures alone (empty figure cache)", *figures))
        notebooks, per_notebook = execute_notebooks()
        rows.append(("notebooks alone (executed in turn)", notebooks, 0.0))
        clear()
        cold = run(build)
        rows.append(("cold build (every cache empty)", *cold))
        noop = [run(build) for _ in range(args.repeat)]
        rows.append((f"no-op rebuild (median of {args.repeat})", statistics.median(t for t, _ in noop), noop[-1][1]))
        reloads = edit_to_reload(args.page, args.repeat)
        rows.append((f"edit to reload (median of {args.repeat})", statistics.median(reloads), 0.0))
        if not args.no_pdf:
            rows.append(("PDF export (full + compact)",
                         *run([sys.executable, str(ROOT / "scripts" / "export_pdf.py"), "--site", str(site)])))
    finally:
        shutil.rmtree(site, ignore_errors=True)

    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"{'step':42s} {'seconds':>9s} {'peak MiB*':>10s}")
    for name, seconds, mib in rows:
        print(f"{name:42s} {seconds:9.2f} {mib or float('nan'):10.0f}")
    print(f"cold build / (figures + notebooks) = {cold[0] / (figures[0] + notebooks):.2f}")
    print("notebooks: " + ", ".join(f"{name} {t:.1f} s" for name, t in per_notebook))
    print(f"edit to reload, each: {', '.join(f'{t:.2f}' for t in reloads)} s")
    print("* peak RSS of the largest single process run so far (getrusage of children)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
