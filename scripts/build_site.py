#!/usr/bin/env python3
"""Build the site with ``--strict`` into a staging folder and swap it in only on success.

A failed build (bad formula, unknown figure, broken link, failing notebook) leaves the
previous ``site/`` exactly as it was and no half-written folder behind.

    python scripts/build_site.py [-f mkdocs.yml] [-d site]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def build(config_file: Path, site_dir: Path) -> int:
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-staging-", dir=site_dir.parent))
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config_file),
             "--site-dir", str(staging)],
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
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
    args = parser.parse_args(argv)
    return build(args.config_file, args.site_dir)


if __name__ == "__main__":
    sys.exit(main())
