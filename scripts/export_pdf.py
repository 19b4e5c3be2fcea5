#!/usr/bin/env python3
"""Export the full reference and the compact cheat sheet of a built site to PDF.

    python scripts/export_pdf.py [--site site] [--paper a4|letter]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--paper", choices=["a4", "letter"], default="a4")
    args = parser.parse_args(argv)
    from cheatsheet.pdf import PdfUnavailable, export

    try:
        for item in export(args.site, paper=args.paper):
            print(f"{item.path} ({item.path.stat().st_size / 1e6:.1f} MB) in {item.seconds:.1f} s"
                  f" ({item.passes} print{'s' if item.passes > 1 else ''})")
    except PdfUnavailable as exc:
        print(f"PDF export skipped: {exc}", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
