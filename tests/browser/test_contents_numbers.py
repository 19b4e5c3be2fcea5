"""The contents page's numbers: filled in passes until a print confirms them, on a small book."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from cheatsheet import pdf, printbook

pytestmark = [pytest.mark.pdf, pytest.mark.browser]

# a contents page, then chapters of 1, 3 and 2 sheets: chapter 1 starts on sheet 2
CHAPTERS = {"alpha": 1, "beta": 3, "gamma": 2}
BOOK = """<!doctype html><html><head><style>
@page { size: A4; margin: 20mm; @bottom-right { content: counter(page); } }
.toc a { display: flex; } .toc .toc-leader { flex: 1 1 auto; } .toc .toc-page { flex: 0 0 9mm; text-align: right; }
.chapter { break-before: page; } .sheet + .sheet { break-before: page; }
</style></head><body><nav class="toc"><h1>Contents</h1>%s</nav>%s</body></html>"""


def _book() -> str:
    toc = "".join(f"<p>{printbook.toc_entry(name, name.title())}</p>" for name in CHAPTERS)
    body = "".join(
        f'<section class="chapter"><h2 id="{name}">{name.title()}</h2>' + "<p class='sheet'>text</p>" * sheets + "</section>"
        for name, sheets in CHAPTERS.items()
    )
    return BOOK % (toc, body)


def test_two_prints_number_the_contents_and_the_second_confirms_the_first(tmp_path: Path, browser):
    # the session's browser: a second Playwright in the same process would fail
    out = tmp_path / "book.pdf"
    page = browser.new_page()
    try:
        page.set_content(_book())
        assert pdf.number_contents(page, out) == 2
    finally:
        page.close()
    assert pdf.target_pages(out, list(CHAPTERS)) == {"alpha": 2, "beta": 3, "gamma": 6}
    text = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "1", str(out), "-"],
                          capture_output=True, text=True, check=True).stdout
    shown = {line.split()[0]: int(line.split()[-1]) for line in text.splitlines() if line.strip()[:1].isupper()
             and line.split()[-1].isdigit() and line.split()[0].lower() in CHAPTERS}
    assert shown == {"Alpha": 2, "Beta": 3, "Gamma": 6}
    assert len(PdfReader(out).pages) == 7


class _FakePage:
    """Prints nothing; what the "PDF" says is decided by the test."""

    def __init__(self):
        self.filled = []

    def evaluate(self, script, arg=None):
        if arg is None:
            return ["a"]
        self.filled.append(arg)

    def pdf(self, path, **options):
        Path(path).write_bytes(b"")


def test_numbers_that_keep_moving_fail_loudly(tmp_path, monkeypatch):
    pages = iter([{"a": 5}, {"a": 6}, {"a": 7}])
    monkeypatch.setattr(pdf, "target_pages", lambda path, targets: next(pages))
    fake = _FakePage()
    with pytest.raises(pdf.ContentsUnstable, match=r"after 3 prints .*'a': \(6, 7\)"):
        pdf.number_contents(fake, tmp_path / "x.pdf")
    assert fake.filled == [{"a": 5}, {"a": 6}]


def test_a_second_move_is_followed_by_a_third_print(tmp_path, monkeypatch):
    pages = iter([{"a": 5}, {"a": 6}, {"a": 6}])
    monkeypatch.setattr(pdf, "target_pages", lambda path, targets: next(pages))
    fake = _FakePage()
    assert pdf.number_contents(fake, tmp_path / "x.pdf") == 3
    assert fake.filled == [{"a": 5}, {"a": 6}]
