#!/usr/bin/env python3
"""Lighthouse (mobile profile) on the built site: a benchmark that prints numbers, not a test.

Audits the home page, the page with the most formulas and a notebook page, served from
``site/`` on 127.0.0.1 with gzip (as GitHub Pages serves it), with Debian's Chromium. Prints the four category scores, CLS,
transferred bytes and the largest assets of each page.

    python scripts/bench_pages.py [--site site] [--runs N] [--page PATH]   (runs `npx lighthouse@12.8.2`)

Lighthouse's simulated throttling multiplies the main-thread work this machine measures, so
one run's score swings by several points on a busy VM: ``--runs N`` audits each page N
times, prints every run's score and blocking time, and details the median run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = "lighthouse@12.8.2"


def formula_heaviest(site: Path) -> str:
    pages = [p for p in site.rglob("index.html") if p.parent.name != "print"]  # the print book is not a page
    best = max(pages, key=lambda p: p.read_text(encoding="utf-8").count('class="katex"'))
    return best.parent.relative_to(site).as_posix() + "/"


def audit(url: str, out: Path, chromium: str) -> dict:
    cmd = [
        "npx", "--yes", LIGHTHOUSE, url, "--quiet", "--output=json", f"--output-path={out}",
        "--only-categories=performance,accessibility,best-practices,seo",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
        "--disable-background-networking --disable-component-update --disable-sync",
    ]
    env = {**os.environ, "CHROME_PATH": chromium}
    subprocess.run(cmd, check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    return json.loads(out.read_text(encoding="utf-8"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--runs", type=int, default=1, help="audits per page; the median run is detailed")
    parser.add_argument("--page", action="append", help="audit this path (e.g. optimizers/) instead of the three")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "scripts"))
    from cheatsheet.browser import chromium_path
    from cheatsheet.localserver import serve

    chromium = chromium_path()
    if not chromium:
        sys.exit("Chromium not found: apt-get install -y chromium (or set CHROMIUM_PATH)")
    if not (args.site / "index.html").is_file():
        sys.exit(f"{args.site} has no built site: run `make build` first")
    pages = {"home": "", "most formulas": formula_heaviest(args.site),
             "notebook": "notebooks/numpy-network-from-scratch/"}
    if args.page:
        pages = {path: path.lstrip("/") for path in args.page}
    with serve(args.site, gzip=True) as base, tempfile.TemporaryDirectory() as tmp:
        for label, path in pages.items():
            reports = [audit(base + path, Path(tmp) / f"r{i}.json", chromium) for i in range(max(1, args.runs))]
            reports.sort(key=lambda r: r["categories"]["performance"]["score"])
            report = reports[len(reports) // 2]
            cats = {k: round(v["score"] * 100) for k, v in report["categories"].items()}
            audits = report["audits"]
            cls = audits["cumulative-layout-shift"]["numericValue"]
            total = audits["total-byte-weight"]["numericValue"]
            items = sorted(audits["network-requests"]["details"]["items"],
                           key=lambda i: i.get("transferSize", 0), reverse=True)[:4]
            print(f"\n{label}: /{path}")
            if len(reports) > 1:
                runs = ", ".join(f"{round(r['categories']['performance']['score'] * 100)} "
                                 f"(TBT {r['audits']['total-blocking-time']['numericValue']:.0f})" for r in reports)
                print(f"  performance over {len(reports)} runs: {runs}; the median run:")
            print("  " + "  ".join(f"{k} {v}" for k, v in cats.items()) + f"  CLS {cls:.3f}")
            print("  " + "  ".join(f"{m} {audits[a]['numericValue'] / 1000:.2f} s ({round(audits[a]['score'] * 100)})"
                                   for m, a in (("FCP", "first-contentful-paint"), ("LCP", "largest-contentful-paint"),
                                                ("SI", "speed-index")))
                  + f"  TBT {audits['total-blocking-time']['numericValue']:.0f} ms ({round(audits['total-blocking-time']['score'] * 100)})")
            print(f"  transferred {total / 1024:.0f} KiB; largest:")
            for item in items:
                print(f"    {item.get('transferSize', 0) / 1024:7.1f} KiB  {item['url'].replace(base, '/')}")
            failed = [a["id"] for a in audits.values()
                      if a.get("score") is not None and a["score"] < 0.9 and a.get("scoreDisplayMode") == "binary"]
            if failed:
                print("  failed audits: " + ", ".join(failed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
