#!/usr/bin/env python3
"""Build the site with ``--strict``, export its PDFs, and swap it in only on success.

A failed build (bad formula, unknown figure, broken link, failing notebook) leaves the
previous ``site/`` exactly as it was and no half-written folder behind. Where no Chromium is
found, the PDFs are skipped with a message saying what to install; the HTML site is built.

    python scripts/build_site.py [-f mkdocs.yml] [-d site] [--no-pdf] [--paper a4|letter]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def export_pdfs(staging: Path, paper: str) -> int:
    from cheatsheet.pdf import PdfUnavailable, export

    try:
        for item in export(staging, paper=paper):
            print(f"PDF: {item.path.name} ({item.path.stat().st_size / 1e6:.1f} MB) in {item.seconds:.1f} s"
                  f" ({item.passes} print{'s' if item.passes > 1 else ''})")
    except PdfUnavailable as exc:
        print(f"PDF export skipped ({exc}); the HTML site is complete", file=sys.stderr)
    except Exception as exc:  # a broken print page must not pass silently
        print(f"PDF export failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0


def build(config_file: Path, site_dir: Path, *, pdf: bool = True, paper: str = "a4") -> int:
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-staging-", dir=site_dir.parent))
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config_file),
             "--site-dir", str(staging)],
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        if proc.returncode == 0 and pdf and (staging / "print" / "index.html").is_file():
            proc = subprocess.CompletedProcess(proc.args, export_pdfs(staging, paper))
        if proc.returncode != 0:
            print(f"build failed: {site_dir} was left unchanged", file=sys.stderr)
            return proc.returncode
        old = site_dir.with_name(f".{site_dir.name}-old")
        shutil.rmtree(old, ignore_errors=True)
        if site_dir.exists():
            site_dir.rename(old)
        staging.rename(site_dir)
        shutil.rmtree(old, ignore_errors=True)
        return 0
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    parser.add_argument("-d", "--site-dir", type=Path, default=Path("site"))
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF export")
    parser.add_argument("--paper", choices=["a4", "letter"], default="a4")
    args = parser.parse_args(argv)
    return build(args.config_file, args.site_dir, pdf=not args.no_pdf, paper=args.paper)


if __name__ == "__main__":
    sys.exit(main())
