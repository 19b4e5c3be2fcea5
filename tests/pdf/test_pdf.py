"""The two PDF exports: complete, rendered, embedded fonts, bookmarks in nav order, linked from the site."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from cheatsheet import pdf
from tests.pages import front_matter, nav_files, nav_sections

# one worker exports the PDFs into the shared site and runs every PDF test
pytestmark = [pytest.mark.pdf, pytest.mark.xdist_group("pdf")]
ROOT = Path(__file__).resolve().parents[2]

RAW_TEX = (r"\frac", r"\mathbf", r"\mathcal", "$$", r"\(", r"\[", r"\sum_")


def _titles() -> list[str]:
    titles = []
    for src in nav_files():
        if src.endswith(".md"):
            titles.append(front_matter(src)[0]["title"])
        else:  # a notebook: its first Markdown heading
            text = Path("docs", src).read_text(encoding="utf-8")
            titles.append(re.search(r'"# ([^"\\]+)', text).group(1))
    return titles


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split()).lower()


def _text(path: Path, first: int | None = None, last: int | None = None) -> str:
    cmd = ["pdftotext", "-layout"]
    if first:
        cmd += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run(cmd + [str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="session")
def exported(built_site) -> dict[str, Path]:
    """Export through the command a user runs (its own process, its own browser)."""
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "export_pdf.py"), "--site", str(built_site)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = built_site / "pdf"
    return {name: out / name for name in (pdf.FULL, pdf.COMPACT)}


@pytest.fixture(scope="session")
def full(exported) -> Path:
    return exported[pdf.FULL]


@pytest.fixture(scope="session")
def compact(exported) -> Path:
    return exported[pdf.COMPACT]


def test_full_pdf_contains_every_page_title_and_no_raw_tex(full):
    text = _norm(_text(full))
    missing = [t for t in _titles() if _norm(t) not in text]
    assert not missing, f"page titles missing from the PDF text: {missing}"
    leaked = [t for t in RAW_TEX if t.lower() in text]
    assert not leaked, f"raw TeX in the PDF: {leaked}"


def test_full_pdf_is_a4_portrait_with_a_bounded_page_count(full, capsys):
    reader = PdfReader(full)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    with capsys.disabled():
        print(f"\nfull reference PDF: {len(reader.pages)} pages")
    assert 40 <= len(reader.pages) <= 400


def test_fonts_are_embedded(full, compact):
    for path in (full, compact):
        rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
        assert rows, "no fonts listed"
        not_embedded = [r for r in rows if r.split()[-5] != "yes"]
        assert not not_embedded, f"{path.name}: fonts not embedded: {not_embedded}"


def _outline_titles(items) -> list[str]:
    out = []
    for item in items:
        if isinstance(item, list):
            out.extend(_outline_titles(item))
        else:
            out.append(item.title)
    return out


def test_bookmarks_mirror_the_nav_in_order(full):
    reader = PdfReader(full)
    titles = [_norm(t) for t in _outline_titles(reader.outline)]
    assert len(titles) >= len(nav_files())
    positions = []
    for title in _titles():
        hits = [i for i, t in enumerate(titles) if t == _norm(title)]
        assert hits, f"no bookmark for {title!r}"
        later = [i for i in hits if not positions or i > positions[-1]]
        assert later, f"bookmark {title!r} is out of nav order"
        positions.append(later[0])


def test_internal_links_point_inside_the_pdf(full):
    reader = PdfReader(full)
    internal = external = 0
    for page in reader.pages[:12]:
        for annot in page.get("/Annots") or []:
            a = annot.get_object().get("/A") or {}
            if a.get("/S") == "/URI":
                external += 1
            elif a.get("/S") == "/GoTo" or annot.get_object().get("/Dest") is not None:
                internal += 1
    assert internal >= 10, "the contents and cross-references must be clickable inside the PDF"


def test_compact_pdf_is_landscape_has_every_topic_and_few_pages_per_section(compact, capsys):
    reader = PdfReader(compact)
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height), "the compact cheat sheet is landscape"
    text = _norm(_text(compact))
    missing = [t for t in _titles() if t != "Deep Learning Cheat Sheet" and _norm(t) not in text]
    assert not missing, f"topics missing from the compact PDF: {missing}"
    assert not [t for t in RAW_TEX if t.lower() in text]
    # pages per top-level section: find the page on which each section heading starts
    starts = {}
    for number in range(1, len(reader.pages) + 1):
        for m in re.finditer(r"^\s*(\d+) · ", _text(compact, number), re.M):
            starts.setdefault(int(m.group(1)), number)
    ordered = sorted(starts.items())
    spans = {n: (ordered[i + 1][1] if i + 1 < len(ordered) else len(reader.pages) + 1) - p
             for i, (n, p) in enumerate(ordered)}
    with capsys.disabled():
        print(f"\ncompact PDF: {len(reader.pages)} pages; pages per section: {spans}")
    # a cheat sheet, not a second book: at most one landscape page per three pages of the
    # site (rounded up, plus one for section breaks), section by section and overall
    sections = nav_sections()
    assert sorted(spans) == list(range(1, len(sections) + 1)), f"section starts found: {spans}"
    budget = {n: -(-len(pages) // 3) + 1 for n, pages in enumerate(sections, 1)}
    over = {n: (spans[n], budget[n]) for n in spans if not 1 <= spans[n] <= budget[n]}
    assert not over, f"sections over budget (pages, budget): {over}"
    assert len(reader.pages) <= len(nav_files()) // 2


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href", ""))


def test_pdfs_are_linked_from_the_home_page_and_every_page_header(built_site, exported):
    for page in (built_site / "index.html", built_site / "optimizers" / "index.html"):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        targets = {(page.parent / h).resolve() for h in parser.hrefs if h.endswith(".pdf") and "//" not in h}
        assert {p.resolve() for p in exported.values()} <= targets, f"{page}: PDF links missing"
        assert all(t.is_file() for t in targets)


def test_paper_size_can_be_us_letter(tmp_path):
    page = tmp_path / "p.html"
    page.write_text("@page { size: A4; } @page { size: A4 landscape; }")
    pdf._set_paper(page, "letter")
    assert page.read_text() == "@page { size: letter; } @page { size: letter landscape; }"
