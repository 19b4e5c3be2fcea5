#!/usr/bin/env python3
"""Search quality and cost on the built site: types every query of tests/browser/search_queries.yml
into the real search box (headless Chromium) and prints the share of expected pages found in first
place and in the top three, for the whole set and for its ``set:`` groups (``short``: names that
prefix other names; ``multi``: questions of several words), with the misses. Then the bytes a fresh
page downloads from ``search/`` (gzip, as the host sends them) before its first result, and the time
of a query of single letters. A benchmark that prints numbers, not a test.

    python scripts/bench_search.py [--site site] [--quick]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
# queries whose download is measured: one word, a long question, a split identifier, single letters
TRANSFER_QUERIES = ["GAT", "how does the attention mechanism work in a transformer", "optimizer zero_grad",
                    "N-way K-shot", "sparse features adagrad"]
SINGLE_LETTERS = "N-way K-shot"


def transfer(browser, base: str, query: str) -> tuple[int, float]:
    """Encoded bytes fetched from search/ by a fresh page until ``query`` shows results; seconds."""
    from cheatsheet.search_probe import SearchBox

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    sizes: dict[str, int] = {}

    def done(request):
        if "/search/" in request.url:
            sizes[request.url] = request.sizes()["responseBodySize"]

    context.on("requestfinished", done)
    page = context.new_page()
    page.goto(base, wait_until="networkidle")
    box = SearchBox.__new__(SearchBox)  # without the warm-up query of the constructor
    box.page, box.base_url = page, base
    start = time.perf_counter()
    box.results(query)
    seconds = time.perf_counter() - start
    page.wait_for_timeout(300)
    context.close()
    return sum(sizes.values()), seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--quick", action="store_true", help="only the transfer and timing measurements")
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
    with sync_playwright() as pw, serve(args.site, gzip=True) as base:
        browser = launch(pw)
        for q in TRANSFER_QUERIES:
            size, seconds = transfer(browser, base, q)
            print(f"download before the first result of {q!r}: {size / 1024:.1f} KiB (gzip), {seconds:.2f} s")
        if not args.quick:
            box = SearchBox(browser.new_context(viewport={"width": 1280, "height": 900}).new_page(), base)
            t = time.perf_counter()
            found = box.results(SINGLE_LETTERS)
            print(f"{SINGLE_LETTERS!r}: {time.perf_counter() - t:.2f} s, {len(found)} pages, first {found[:1]}")
            groups = {"all": queries}
            for q in queries:
                if q.get("set"):
                    groups.setdefault(q["set"], []).append(q)
            misses_all: list[str] = []
            results = {}
            for name, qs in groups.items():
                first, misses, top3 = score(box, qs)
                if name == "all":
                    misses_all = misses
                results[name] = (first, top3, len(qs))
        browser.close()
    print(f"{len(queries)} queries in {time.perf_counter() - start:.0f} s")
    if not args.quick:
        for name, (first, top3, n) in results.items():
            print(f"{name:>6}: first place {first}/{n} ({first / n:.1%}), top three {top3}/{n} ({top3 / n:.1%})")
        if misses_all:
            print("misses:\n" + "\n".join("  " + m for m in misses_all))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
