"""Print the two print pages of a built site to PDF with headless Chromium.

The site is served on 127.0.0.1; Chromium opens ``print/index.html`` and
``print/compact.html``, waits for fonts and images, and prints with the page size the CSS
asks for, backgrounds, a tagged structure and bookmarks built from the headings.

Chromium has no ``target-counter()``, so the full reference's contents page gets its page
numbers in passes: print, read the page of every contents link's target from the PDF's
named destinations (pypdf), write the numbers into the page's fixed-width slots, print
again, until two prints agree (at most ``CONTENTS_PASSES`` prints).
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

from .browser import chromium_path, launch
from .localserver import serve

FULL = "deep-learning-cheat-sheet.pdf"
COMPACT = "deep-learning-cheat-sheet-compact.pdf"
PAPER = {"a4": "A4", "letter": "letter"}


CONTENTS_PASSES = 3
LOAD_TIMEOUT_MS = 180_000  # the full reference is one large page; 30 s is too short on a busy machine
PDF_OPTIONS = {"prefer_css_page_size": True, "print_background": True, "outline": True, "tagged": True}
SLOTS_JS = "() => Array.from(document.querySelectorAll('.toc-page[data-target]'), e => e.dataset.target)"
FILL_JS = """numbers => { for (const e of document.querySelectorAll('.toc-page[data-target]'))
  e.textContent = String(numbers[e.dataset.target]); }"""


class PdfUnavailable(Exception):
    """No browser to print with: the HTML site is still complete."""


class ContentsUnstable(Exception):
    """The contents page's numbers kept moving the pages they number."""


@dataclass
class Exported:
    path: Path
    seconds: float
    passes: int = 1


def target_pages(pdf_path: Path, targets: list[str]) -> dict[str, int]:
    """The printed page number (1 = the first sheet) of each named destination."""
    try:
        from pypdf import PdfReader
    except ImportError as exc:  # pragma: no cover - a site dependency (pyproject.toml)
        raise RuntimeError("pypdf is not installed: the contents page numbers need it (run `make setup`)") from exc
    reader = PdfReader(pdf_path)
    # Chromium names each link target's destination after its id, written as a PDF name ("/id")
    dests = {name.removeprefix("/"): dest for name, dest in reader.named_destinations.items()}
    missing = [t for t in targets if t not in dests]
    if missing:
        raise ValueError(f"{len(missing)} contents target(s) have no destination in the PDF: {missing[:5]}")
    return {t: reader.get_destination_page_number(dests[t]) + 1 for t in targets}


def number_contents(page, path: Path, passes: int = CONTENTS_PASSES) -> int:
    """Print ``page`` to ``path`` until the contents numbers equal the pages they point to;
    return the number of prints. A page without contents slots is printed once."""
    targets = page.evaluate(SLOTS_JS)
    shown: dict[str, int] | None = None
    for n in range(1, passes + 1):
        page.pdf(path=str(path), **PDF_OPTIONS)
        if not targets:
            return n
        numbers = target_pages(path, targets)
        if numbers == shown:
            return n
        if n == passes:
            break
        page.evaluate(FILL_JS, numbers)
        shown = numbers
    moved = {t: (shown[t], numbers[t]) for t in targets if shown[t] != numbers[t]} if shown else {}
    raise ContentsUnstable(f"contents page numbers still moving after {passes} prints "
                           f"(target: shown, found): {dict(list(moved.items())[:5])}")


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
                page.set_default_timeout(LOAD_TIMEOUT_MS)
                page.goto(base + source, wait_until="networkidle")
                page.evaluate("() => document.fonts.ready.then(() => true)")
                page.wait_for_function("() => Array.from(document.images).every(i => i.complete)")
                tmp = out_dir / f".{target}.{os.getpid()}.tmp"  # one per export process
                passes = number_contents(page, tmp)
                tmp.replace(out_dir / target)
                page.close()
                results.append(Exported(out_dir / target, time.perf_counter() - start, passes))
        finally:
            browser.close()
    return results
