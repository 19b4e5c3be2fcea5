"""The two PDF exports: complete, rendered, embedded fonts, bookmarks in nav order, linked from the site."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from cheatsheet import pdf
from tests.pages import front_matter, link_hrefs, nav_files, nav_sections

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
    """Export through the command a user runs (its own process, its own browser), once for
    the whole session even if the PDF tests land on both workers (the site is shared)."""
    from filelock import FileLock

    out = built_site / "pdf"
    done = built_site.parent / "exported"
    with FileLock(str(built_site.parent / "export.lock")):
        if not done.is_file():
            proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "export_pdf.py"), "--site", str(built_site)],
                                  capture_output=True, text=True, timeout=1200)
            assert proc.returncode == 0, proc.stderr[-3000:]
            done.touch()
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


def test_pdfs_are_linked_from_the_home_page_and_every_page_header(built_site, exported):
    for page in (built_site / "index.html", built_site / "optimizers" / "index.html"):
        targets = {(page.parent / h).resolve() for h in link_hrefs(page.read_text(encoding="utf-8")) if h.endswith(".pdf") and "//" not in h}
        assert {p.resolve() for p in exported.values()} <= targets, f"{page}: PDF links missing"
        assert all(t.is_file() for t in targets)


def test_paper_size_can_be_us_letter(tmp_path):
    page = tmp_path / "p.html"
    page.write_text("@page { size: A4; } @page { size: A4 landscape; }")
    pdf._set_paper(page, "letter")
    assert page.read_text() == "@page { size: letter; } @page { size: letter landscape; }"


# -- the contents page's page numbers -----------------------------------------------------------

# a contents line: its list marker (the theme letters nested lists: "a.", "b.", …, "aa."), title, number
CONTENTS_LINE_RE = re.compile(r"^\s*(?:[a-z]{1,2}\.\s+)?(?P<label>\S.*?\S)\s{2,}(?P<page>\d+)\s*$")
FOOTER_RE = re.compile(r"\d+ / \d+\s*$")


def _target_page(reader: PdfReader, annot) -> int | None:
    """The 1-based page a link annotation jumps to, or None for a web link."""
    obj = annot.get_object()
    dest = obj.get("/Dest")
    if dest is None and (obj.get("/A") or {}).get("/S") == "/GoTo":
        dest = obj["/A"].get("/D")
    if dest is None:
        return None
    if isinstance(dest, (str, bytes)):
        return reader.get_destination_page_number(reader.named_destinations[str(dest)]) + 1
    return reader.get_page_number(dest[0].get_object()) + 1


def _contents(full: Path) -> tuple[PdfReader, list[tuple[str, int]], range]:
    """The contents entries (label, printed number) and the contents pages (from page 2)."""
    reader = PdfReader(full)
    first = [m for line in _text(full, 2).splitlines() if (m := CONTENTS_LINE_RE.match(line))
             and not FOOTER_RE.search(line)]
    assert first, "the contents page (page 2) shows no page numbers"
    pages = range(2, int(first[0].group("page")))  # the contents run up to the first page it numbers
    entries = []
    for number in pages:
        for line in _text(full, number).splitlines():
            m = CONTENTS_LINE_RE.match(line)
            if m and not FOOTER_RE.search(line):
                entries.append((m.group("label"), int(m.group("page"))))
    return reader, entries, pages


def test_contents_page_numbers_are_the_pages_where_the_headings_start(full):
    reader, entries, pages = _contents(full)
    expected = 1 + len(nav_sections()) + len(nav_files())  # "Overview", each section, each page
    assert len(entries) == expected, f"{len(entries)} numbered contents lines, {expected} expected: {entries[:5]}"
    numbers = [n for _, n in entries]
    assert numbers == sorted(numbers), "contents numbers go back"
    assert pages.stop <= numbers[0] and numbers[-1] <= len(reader.pages)
    outline = {}
    stack = list(reader.outline)
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        else:
            outline.setdefault(_norm(item.title), set()).add(reader.get_destination_page_number(item) + 1)
    wrong = []
    for label, number in entries:
        on_page = _norm(_text(full, number))
        if _norm(label) not in on_page:
            wrong.append((label, number, "not on that page"))
        elif _norm(label) in outline and number not in outline[_norm(label)]:
            wrong.append((label, number, f"bookmark on page {sorted(outline[_norm(label)])}"))
    assert not wrong, f"contents numbers that do not match their heading: {wrong[:8]}"
    labels = [_norm(label) for label, _ in entries]
    assert not [t for t in _titles() if _norm(t) not in labels], "a page of the nav has no numbered contents line"


def test_contents_links_jump_to_the_numbered_pages(full):
    reader, entries, pages = _contents(full)
    targets = []
    for number in pages:
        annots = [a for a in reader.pages[number - 1].get("/Annots") or []]
        annots.sort(key=lambda a: -float(a.get_object()["/Rect"][3]))  # top to bottom
        targets.extend(t for a in annots if (t := _target_page(reader, a)) is not None)
    assert targets == [n for _, n in entries], "a contents link jumps to another page than the one it shows"
