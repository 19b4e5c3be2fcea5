#!/usr/bin/env python3
"""Render the figure catalogue into docs/figures without building the site.

    python scripts/render_figures.py                 # everything (cached by content hash)
    python scripts/render_figures.py activation-gelu # only these figures
    python scripts/render_figures.py --list          # names, captions
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("MPLCONFIGDIR", str(ROOT / ".cache" / "matplotlib"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render the figure catalogue to SVG.")
    parser.add_argument("names", nargs="*", help="figure names (default: all)")
    parser.add_argument("--list", action="store_true", help="list the catalogue and exit")
    args = parser.parse_args(argv)

    from cheatsheet.figures.catalogue import catalogue
    from cheatsheet.figures.store import build_figures

    figures = catalogue()
    if args.list:
        for name, fig in sorted(figures.items()):
            print(f"{name:40s} {fig.caption}")
        return 0
    unknown = [n for n in args.names if n not in figures]
    if unknown:
        print(f"unknown figure(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    report = build_figures(args.names or None)
    print(
        f"{report.total} variants: {len(report.rendered)} rendered, {len(report.written)} written, "
        f"{len(report.removed)} removed in {time.perf_counter() - start:.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
