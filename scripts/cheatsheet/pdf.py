"""Print the two print pages of a built site to PDF with headless Chromium.

The site is served on 127.0.0.1; Chromium opens ``print/index.html`` and
``print/compact.html``, waits for fonts and images, and prints with the page size the CSS
asks for, backgrounds, a tagged structure and bookmarks built from the headings.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

from .browser import chromium_path, launch
from .localserver import serve

FULL = "deep-learning-cheat-sheet.pdf"
COMPACT = "deep-learning-cheat-sheet-compact.pdf"
PAPER = {"a4": "A4", "letter": "letter"}


class PdfUnavailable(Exception):
    """No browser to print with: the HTML site is still complete."""


@dataclass
class Exported:
    path: Path
    seconds: float


def _set_paper(html_path: Path, paper: str) -> None:
    text = html_path.read_text(encoding="utf-8")
    text = re.sub(r"size: (A4|letter)( landscape)?;", lambda m: f"size: {paper}{m.group(2) or ''};", text)
    html_path.write_text(text, encoding="utf-8")


def export(site_dir: Path, *, paper: str = "a4", out_dir: Path | None = None) -> list[Exported]:
    """Write the full and the compact PDF into ``site_dir/pdf`` (or ``out_dir``)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - the lock files install it
        raise PdfUnavailable("Playwright is not installed: run `make setup-test`") from exc
    site_dir = Path(site_dir)
    print_dir = site_dir / "print"
    if not (print_dir / "index.html").is_file():
        raise FileNotFoundError(f"{print_dir}/index.html is missing: build the site first")
    for name in ("index.html", "compact.html"):
        _set_paper(print_dir / name, PAPER[paper])
    out_dir = out_dir or site_dir / "pdf"
    out_dir.mkdir(parents=True, exist_ok=True)
    results = []
    with serve(site_dir) as base, sync_playwright() as p:
        try:
            browser = launch(p)
        except Exception as exc:
            hint = "install Chromium (Debian: apt-get install -y chromium) or set CHROMIUM_PATH"
            found = chromium_path()
            raise PdfUnavailable(f"cannot start Chromium ({found or 'not found'}): {hint}") from exc
        try:
            for source, target in (("print/index.html", FULL), ("print/compact.html", COMPACT)):
                start = time.perf_counter()
                page = browser.new_page()
                page.goto(base + source, wait_until="networkidle")
                page.evaluate("() => document.fonts.ready.then(() => true)")
                page.wait_for_function("() => Array.from(document.images).every(i => i.complete)")
                tmp = out_dir / f".{target}.tmp"
                page.pdf(path=str(tmp), prefer_css_page_size=True, print_background=True,
                         outline=True, tagged=True)
                tmp.replace(out_dir / target)
                page.close()
                results.append(Exported(out_dir / target, time.perf_counter() - start))
        finally:
            browser.close()
    return results
