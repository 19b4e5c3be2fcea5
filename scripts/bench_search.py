#!/usr/bin/env python3
"""Search quality on the built site: types every query of tests/browser/search_queries.yml into
the real search box (headless Chromium) and prints the share of expected pages found in first
place and in the top three, with the misses. A benchmark that prints numbers, not a test.

    python scripts/bench_search.py [--site site]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "scripts"))
    from playwright.sync_api import sync_playwright

    from cheatsheet.browser import launch
    from cheatsheet.localserver import serve
    from cheatsheet.search_probe import SearchBox, score

    if not (args.site / "index.html").is_file():
        sys.exit(f"{args.site} has no built site: run `make build` first")
    queries = yaml.safe_load((ROOT / "tests" / "browser" / "search_queries.yml").read_text(encoding="utf-8"))
    start = time.perf_counter()
    with sync_playwright() as pw, serve(args.site) as base:
        browser = launch(pw)
        box = SearchBox(browser.new_context(viewport={"width": 1280, "height": 900}).new_page(), base)
        first, misses = score(box, queries)
        browser.close()
    n = len(queries)
    print(f"{n} queries in {time.perf_counter() - start:.0f} s")
    print(f"first place: {first}/{n} ({first / n:.1%})")
    top3 = n - len(misses)
    print(f"top three:   {top3}/{n} ({top3 / n:.1%})")
    if misses:
        print("misses:\n" + "\n".join("  " + m for m in misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
