"""Two print documents built from the rendered pages, in nav order, for the PDF export.

``print/index.html``  the full reference: cover, clickable contents, every page (its
                      headings demoted one level per nav depth, so the PDF bookmarks mirror
                      the nav), internal links turned into in-document anchors, light
                      figures only, a running header with the section name (CSS named
                      pages) and page numbers.
``print/compact.html`` the cheat sheet: landscape, three columns, small type; for each page
                      its one-line essence, its key equations (display math only), its first
                      table and first figure; family pages contribute each member's first
                      formula. Nothing is copied by hand: it is all cut from the pages.
"""

from __future__ import annotations

import html as htmllib
import posixpath
import re
from dataclasses import dataclass, field
from functools import lru_cache

ID_RE = re.compile(r'\bid="([^"]+)"')
HREF_RE = re.compile(r'\bhref="([^"]*)"')
SRC_RE = re.compile(r'\bsrc="([^"]*)"')
HEADING_RE = re.compile(r"<(/?)h([1-6])\b")
DARK_IMG_RE = re.compile(r'<img\b[^>]*#only-dark"[^>]*>', re.S)
PERMALINK_RE = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
ABBR_SCRIPT_RE = re.compile(r"<script\b.*?</script>", re.S)


@dataclass
class BookPage:
    url: str  # site-relative URL, e.g. "training/tips/"
    title: str
    html: str  # the page's rendered content (math already rendered)
    depth: int  # 1 for a page directly in a top-level section
    section: str  # title of its top-level section


@dataclass
class Section:
    number: int
    title: str
    pages: list[BookPage] = field(default_factory=list)


def prefix_of(url: str) -> str:
    slug = url.strip("/").replace("/", "-")
    return slug or "home"


# Per-page results are kept in a build cache when one is given (``use_store``): after an edit
# only the edited page is rewritten, in a fresh process as in a long-lived ``mkdocs serve``.
_STORE = None


def use_store(store) -> None:
    global _STORE
    _STORE = store


def _memo(kind: str, parts: tuple[str, ...], compute):
    if _STORE is None:
        return compute()
    key = _STORE.key(kind, *parts)
    value = _STORE.get(key)
    if value is None:
        value = compute()
        _STORE.put(key, value)
    return value


def _rewrite(page: BookPage, book_urls: set[str], print_dir: str, shift: int) -> str:
    urls = "\n".join(sorted(book_urls))
    return _memo("rewrite", (page.url, page.html, urls, print_dir, str(shift)),
                 lambda: _rewrite_memo(page.url, page.html, frozenset(book_urls), print_dir, shift))


@lru_cache(maxsize=1024)
def _rewrite_memo(url: str, html: str, book_urls: frozenset[str], print_dir: str, shift: int) -> str:
    """Pure in its arguments, so a serve rebuild only rewrites the pages that changed."""
    page = BookPage(url, "", html, 0, "")
    prefix = prefix_of(page.url)
    body = PERMALINK_RE.sub("", page.html)
    body = DARK_IMG_RE.sub("", body)  # figures print in their light variant
    body = ABBR_SCRIPT_RE.sub("", body)
    body = body.replace(' loading="lazy"', "")  # a printout needs every image now
    body = ID_RE.sub(lambda m: f'id="{prefix}--{m.group(1)}"', body)

    def href(m: re.Match[str]) -> str:
        target = htmllib.unescape(m.group(1))
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):
            return m.group(0)  # external: stays a link to the web
        path, _, frag = target.partition("#")
        if not path:
            return f'href="#{prefix}--{frag}"' if frag else m.group(0)
        resolved = posixpath.normpath(posixpath.join(page.url, path))
        resolved = "" if resolved == "." else resolved.rstrip("/") + "/"
        if resolved in book_urls:
            other = prefix_of(resolved)
            return f'href="#{other}--{frag}"' if frag else f'href="#{other}"'
        # a file of the site (a notebook download, a figure): keep it working from print/
        return f'href="{posixpath.relpath(resolved.rstrip("/") or ".", print_dir)}{"#" + frag if frag else ""}"'

    body = HREF_RE.sub(href, body)

    def src(m: re.Match[str]) -> str:
        target = m.group(1)
        if target.startswith(("data:", "http:", "https:")):
            return m.group(0)
        path = target.split("#")[0]
        resolved = posixpath.normpath(posixpath.join(page.url, path))
        return f'src="{posixpath.relpath(resolved, print_dir)}"'

    body = SRC_RE.sub(src, body)
    if shift:
        body = HEADING_RE.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + shift)}", body)
    return body


FIRST_HEADING_RE = re.compile(r'<h[1-6]\b[^>]*\bid="([^"]+)"')


def first_heading_id(body: str) -> str | None:
    """The id of a page's title heading: the contents link there, so a page whose box starts
    at the foot of one sheet and whose title is carried to the next is numbered by its title."""
    m = FIRST_HEADING_RE.search(body)
    return m.group(1) if m else None


def toc_entry(target: str, text: str) -> str:
    """One contents line: the title, a dotted leader and a fixed-width slot for its page
    number, which the PDF export fills in after a first print (``pdf.number_contents``);
    the slot's width never changes, so filling it moves nothing."""
    return (f'<a href="#{target}"><span class="toc-title">{htmllib.escape(text)}</span>'
            f'<span class="toc-leader"></span><span class="toc-page" data-target="{target}"></span></a>')


def _label(section: Section) -> str:
    return f"{section.number} · {section.title}" if section.number else section.title


def _head(title: str, css: list[str], page_css: str) -> str:
    links = "\n".join(f'  <link rel="stylesheet" href="{href}">' for href in css)
    return (
        f"<!doctype html>\n<html lang=\"en\">\n<head>\n  <meta charset=\"utf-8\">\n"
        f"  <title>{htmllib.escape(title)}</title>\n  <meta name=\"robots\" content=\"noindex\">\n"
        f"{links}\n  <style>\n{page_css}\n  </style>\n</head>\n"
    )


def _body_open() -> str:
    return '<body data-md-color-scheme="default" data-md-color-primary="indigo" data-md-color-accent="deep-orange">\n'


def full_book(sections: list[Section], *, site_name: str, site_url: str, date: str,
              css: list[str], page_size: str = "A4") -> str:
    book_urls = {p.url for s in sections for p in s.pages}
    named_pages = "\n".join(
        f'@page sec-{s.number} {{ @top-left {{ content: "{_label(s)}"; }} }}\n'
        f".sec-{s.number} {{ page: sec-{s.number}; }}"
        for s in sections
    )
    page_css = f"""
@page {{ size: {page_size}; margin: 20mm 16mm 18mm 16mm;
  @top-left {{ content: "{site_name}"; font: 8pt sans-serif; color: #59636e; }}
  @bottom-right {{ content: counter(page) " / " counter(pages); font: 8pt sans-serif; color: #59636e; }}
  @bottom-left {{ content: "{site_url}"; font: 8pt sans-serif; color: #59636e; }} }}
@page cover {{ @top-left {{ content: none; }} @bottom-left {{ content: none; }} @bottom-right {{ content: none; }} }}
@page {{ @top-left {{ font: 8pt sans-serif; color: #59636e; }} }}
{named_pages}
.cover {{ page: cover; height: 240mm; display: flex; flex-direction: column; justify-content: center; }}
.cover h1 {{ font-size: 30pt; margin: 0 0 6mm; color: #1f2328; }}
.cover p {{ font-size: 12pt; margin: 1mm 0; }}
.book-section {{ break-before: page; }}
.book-page + .book-page {{ margin-top: 10mm; }}
.toc {{ break-before: page; }}
.toc ol {{ list-style: none; padding-left: 0; }} .toc ol ol {{ padding-left: 6mm; }}
.toc a {{ display: flex; align-items: baseline; text-decoration: none; color: inherit; }}
.toc .toc-leader {{ flex: 1 1 auto; min-width: 6mm; margin: 0 1.5mm; border-bottom: 0.5pt dotted #8c959f; }}
.toc .toc-page {{ flex: 0 0 9mm; text-align: right; font-variant-numeric: tabular-nums; }}
body {{ margin: 0; }}
.md-typeset {{ font-size: 9.5pt; line-height: 1.5; }}
.md-typeset h1 {{ font-size: 19pt; }} .md-typeset h2 {{ font-size: 15pt; }} .md-typeset h3 {{ font-size: 12.5pt; }}
.md-typeset pre, .md-typeset pre > code {{ white-space: pre-wrap; overflow-wrap: anywhere; }}
.md-typeset table {{ font-size: 8pt; }} .md-typeset tr, .md-typeset figure, .md-typeset .math-display {{ break-inside: avoid; }}
.md-typeset h1, .md-typeset h2, .md-typeset h3, .md-typeset h4 {{ break-after: avoid; }}
.md-typeset .tabbed-set > input, .md-typeset .tabbed-labels, .md-clipboard, .md-source-file {{ display: none !important; }}
.md-typeset .tabbed-content {{ display: block; }} .md-typeset .tabbed-block {{ display: block !important; }}
.md-typeset .math-display {{ overflow: visible; }}
.md-typeset a {{ color: #0b5fad; }}
"""
    parts = [_head(f"{site_name} — full reference", css, page_css), _body_open()]
    parts.append(
        f'<section class="cover"><h1>{htmllib.escape(site_name)}</h1>'
        f"<p>The full reference: every page of the site.</p><p>Version of {date}</p>"
        f'<p><a href="{htmllib.escape(site_url)}">{htmllib.escape(site_url)}</a></p></section>\n'
    )
    bodies: dict[str, str] = {}
    for s in sections:
        single = len(s.pages) == 1
        bodies.update((p.url, _rewrite(p, book_urls, "print", 0 if single else p.depth)) for p in s.pages)
    toc = ['<nav class="toc md-typeset"><h1 id="contents">Contents</h1><ol>']
    for s in sections:
        toc.append(f"<li>{toc_entry(f'sec-{s.number}', _label(s))}<ol>")
        toc.extend(
            f'<li style="margin-left:{(p.depth - 1) * 6}mm">{toc_entry(first_heading_id(bodies[p.url]) or prefix_of(p.url), p.title)}</li>'
            for p in s.pages
        )
        toc.append("</ol></li>")
    toc.append("</ol></nav>\n")
    parts.append("".join(toc))
    for s in sections:
        single = len(s.pages) == 1
        parts.append(f'<section class="book-section sec-{s.number} md-typeset" id="sec-{s.number}">')
        if not single:
            parts.append(f"<h1>{htmllib.escape(_label(s))}</h1>")
        for p in s.pages:
            parts.append(f'<article class="book-page" id="{prefix_of(p.url)}">{bodies[p.url]}</article>')
        parts.append("</section>\n")
    parts.append("</body>\n</html>\n")
    return "".join(parts)


SECTION_RE = re.compile(r'(<h2 id="([^"]+)"[^>]*>(.*?)</h2>)(.*?)(?=<h2 id=|\Z)', re.S)
ADMONITION_RE = re.compile(r'<div class="admonition abstract">.*?</div>', re.S)
MATH_DISPLAY_RE = re.compile(r'<div class="math-display"[^>]*>.*?</math></span>.*?</span></span></div>', re.S)
TABLE_RE = re.compile(r"<table>.*?</table>", re.S)
FIGURE_RE = re.compile(r'<figure class="dl-figure".*?</figure>', re.S)
TAGS_RE = re.compile(r"<[^>]+>")


def _strip(text: str) -> str:
    return " ".join(TAGS_RE.sub("", text).split())


SKIP_SECTIONS = {"key-equations", "how-it-works", "when-to-use-pitfalls", "in-code", "compare", "related",
                 "references", "when-to-use", "pitfalls"}
ROW_RE = re.compile(r"<tr>(.*?)</tr>", re.S)
CELL_RE = re.compile(r"<t([hd])\b[^>]*>.*?</t\1>", re.S)
MAX_COLUMNS = 5


def _narrow(table: str, columns: int = MAX_COLUMNS) -> str:
    """Keep the first ``columns`` columns: a third of a landscape page holds no more."""
    return ROW_RE.sub(lambda r: "<tr>" + "".join(c.group(0) for c in list(CELL_RE.finditer(r.group(1)))[:columns]) + "</tr>", table)


def compact_entry(page: BookPage) -> str:
    """The cheat-sheet card of one page: its essence, its key equations, each later section's
    first formula, its first table (at most five columns) and its first figure."""
    return _memo("compact", (page.url, page.title, page.html),
                 lambda: _compact_entry_memo(page.url, page.title, page.html))


@lru_cache(maxsize=1024)
def _compact_entry_memo(url: str, title: str, html: str) -> str:
    page = BookPage(url, title, html, 0, "")
    body = _rewrite(page, set(), "print", 0)
    out = [f'<div class="card"><h2>{htmllib.escape(page.title)}</h2>']
    essence = ADMONITION_RE.search(body)
    if essence:
        text = re.sub(r'<p class="admonition-title">.*?</p>', "", essence.group(0), flags=re.S)
        out.append(f'<div class="essence">{text}</div>')
    for m in SECTION_RE.finditer(body):
        name = m.group(2).split("--", 1)[-1]
        if name == "key-equations":
            out.extend(MATH_DISPLAY_RE.findall(m.group(4)))
        elif name not in SKIP_SECTIONS:
            formula = MATH_DISPLAY_RE.search(m.group(4))
            if formula:
                out.append(f'<p class="member">{_strip(m.group(3))}</p>{formula.group(0)}')
    table = TABLE_RE.search(body)
    if table:
        out.append(f'<div class="table">{_narrow(table.group(0))}</div>')
    figure = FIGURE_RE.search(body)
    if figure:
        out.append(figure.group(0))
    out.append("</div>")
    return "".join(out)


def compact_sheet(sections: list[Section], *, site_name: str, site_url: str, date: str,
                  css: list[str], page_size: str = "A4") -> str:
    page_css = f"""
@page {{ size: {page_size} landscape; margin: 9mm 9mm 10mm 9mm;
  @bottom-right {{ content: counter(page) " / " counter(pages); font: 7pt sans-serif; color: #59636e; }}
  @bottom-left {{ content: "{site_name} · {site_url} · {date}"; font: 7pt sans-serif; color: #59636e; }} }}
body {{ margin: 0; }}
.sheet-section {{ break-before: page; column-count: 3; column-gap: 6mm; column-rule: 0.3pt solid #d0d7de; }}
.sheet-section:first-of-type {{ break-before: auto; }}
.sheet-section > h1 {{ column-span: all; font-size: 13pt; margin: 0 0 2mm; color: #0b5fad; }}
.md-typeset {{ font-size: 6.6pt; line-height: 1.3; }}
.card {{ break-inside: auto; margin-bottom: 2.5mm; }}
.card h2 {{ font-size: 8.5pt; margin: 1mm 0 0.8mm; padding: 0.4mm 1mm; background: #e8ecf7; break-after: avoid; }}
.card .essence p {{ margin: 0.5mm 0; font-style: italic; }}
.card .member {{ margin: 1mm 0 0; font-weight: 700; }}
.card .math-display {{ margin: 0.6mm 0; overflow: visible; break-inside: avoid; }}
.card .katex-display {{ margin: 0.3em 0 !important; }}
.card .katex {{ font-size: 1em; }}
.card table {{ font-size: 5.6pt !important; display: table !important; width: 100%; table-layout: fixed; overflow: visible !important; }}
.card table th, .card table td {{ overflow-wrap: anywhere; hyphens: auto; vertical-align: top; }}
.card .katex-display > .katex {{ white-space: normal; }}
.card table th, .card table td {{ padding: 0.3mm 0.8mm !important; font-size: 5.6pt !important; }}
.card tr {{ break-inside: avoid; }}
.card figure {{ margin: 1mm 0; break-inside: avoid; }} .card figure img {{ width: 100%; height: auto; }}
.card figcaption {{ display: none; }}
.md-typeset a {{ color: inherit; text-decoration: none; }}
"""
    parts = [_head(f"{site_name} — compact cheat sheet", css, page_css), _body_open()]
    for s in sections:
        parts.append(f'<section class="sheet-section md-typeset" id="sheet-{s.number}"><h1>{htmllib.escape(_label(s))}</h1>')
        parts.extend(compact_entry(p) for p in s.pages)
        parts.append("</section>\n")
    parts.append("</body>\n</html>\n")
    return "".join(parts)
