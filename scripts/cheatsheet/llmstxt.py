"""The site as plain text for tools: ``llms.txt`` and ``llms-full.txt`` at the site root.

``llms.txt``       the site map in the llms.txt convention (https://llmstxt.org): ``# name``, a
                   ``>`` summary, then one ``## section`` per top-level nav section listing
                   ``- [Title](URL): description`` for each page, in nav order.
``llms-full.txt``  every page as Markdown, in nav order, built from the page *sources* (not the
                   HTML): math stays TeX, figure shortcodes become an image link and the
                   caption, snippet includes are inlined from ``docs/snippets``, links to other
                   pages become URLs, the glossary auto-append is left out, and the front
                   matter is reduced to title, description and URL.

Everything is computed from the sources named here, so the result is cached on them.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from mkdocs.utils.meta import get_data

from . import buildcache
from .figures.info import FigureInfo
from .paths import PACKAGE_DIR
from .shortcodes import SHORTCODE_RE, _fenced_lines

LLMS = "llms.txt"
LLMS_FULL = "llms-full.txt"
SNIPPET_RE = re.compile(r'^(?P<indent>[ \t]*)--8<--[ \t]+"(?P<path>[^"]+)"[ \t]*$', re.M)
MD_LINK_RE = re.compile(r"(\]\()(?P<target>[^)\s]+)(?=[\s)])")
HREF_RE = re.compile(r'(\bhref=")(?P<target>[^"]+)(?=")')
SCHEME_RE = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
LINKED_FILES = (".md", ".ipynb", ".pdf", ".svg", ".png", ".py", ".txt")
SENTENCE_RE = re.compile(r"(.+?[.!?])(?:\s|$)", re.S)


class LlmsTextError(Exception):
    """A page source that cannot be turned into text (unknown figure, missing snippet)."""


@dataclass(frozen=True)
class NavPage:
    src: str  # source path relative to docs/, e.g. "training/tips.md"
    url: str  # site-relative URL, e.g. "training/tips/" ("" for the home page)
    nav_title: str
    section: str  # its top-level nav section ("Overview" for top-level pages)


@dataclass(frozen=True)
class Doc:
    page: NavPage
    title: str
    description: str
    body: str  # Markdown without front matter, shortcodes and includes resolved


def nav_pages(nav) -> list[NavPage]:
    """Every page of a MkDocs ``Navigation``, in nav order, with its top-level section."""
    out: list[NavPage] = []

    def walk(items, section: str) -> None:
        for item in items:
            if item.is_page:
                out.append(NavPage(item.file.src_uri, item.url, item.title or "", section))
            elif item.children:
                walk(item.children, section)

    for item in nav.items:
        if item.is_page:
            walk([item], "Overview")
        else:
            walk(item.children or [], item.title)
    return out


# -- one page ------------------------------------------------------------------------------

def _notebook(text: str) -> tuple[str, dict]:
    """A notebook as Markdown: its Markdown cells as they are, its code cells fenced."""
    cells = json.loads(text)["cells"]
    parts = []
    for cell in cells:
        source = "".join(cell["source"]).strip("\n")
        if cell["cell_type"] == "markdown":
            parts.append(source)
        elif cell["cell_type"] == "code" and source:
            parts.append(f"```python\n{source}\n```")
    return "\n\n".join(parts) + "\n", {}


def _first_sentence(markdown: str) -> str:
    """The first sentence of the first prose paragraph (not a heading or the names line)."""
    for block in re.split(r"\n\s*\n", markdown):
        block = block.strip()
        if not block or block.startswith(("#", "**Also known as", "!!!", "```", "<", "|", "-", "=")):
            continue
        m = SENTENCE_RE.match(" ".join(block.split()))
        return m.group(1) if m else " ".join(block.split())
    return ""


def _url_of(src: str) -> str:
    stem = re.sub(r"\.(md|ipynb)$", "", src)
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def _absolute(site_url: str, url: str) -> str:
    """A site-relative URL made absolute when the site has an address."""
    return (site_url.rstrip("/") + "/" + url) if site_url else (url or "./")


def _link_rewriter(page: NavPage, urls: dict[str, str], site_url: str):
    """Resolve a relative link of ``page``'s source to the URL it points to on the site."""
    base = posixpath.dirname(page.src)

    def resolve(target: str) -> str:
        if SCHEME_RE.match(target) or target.startswith("/"):
            return target
        path, hash_, frag = target.partition("#")
        if not path:
            return _absolute(site_url, page.url) + hash_ + frag
        if not path.endswith(LINKED_FILES):
            return target  # not a link of the site (e.g. code that looks like one)
        resolved = posixpath.normpath(posixpath.join(base, path))
        if resolved.endswith((".md", ".ipynb")):
            url = urls.get(resolved, _url_of(resolved))
        else:  # a file of the site: a figure, a PDF, a notebook download
            url = resolved
        return _absolute(site_url, url) + hash_ + frag

    def rewrite(markdown: str) -> str:
        fenced = _fenced_lines(markdown)
        lines = markdown.split("\n")
        for i, line in enumerate(lines):
            if i + 1 not in fenced:
                line = MD_LINK_RE.sub(lambda m: m.group(1) + resolve(m.group("target")), line)
                lines[i] = HREF_RE.sub(lambda m: m.group(1) + resolve(m.group("target")), line)
        return "\n".join(lines)

    return rewrite


def _figures_as_text(markdown: str, page: NavPage, figures: dict[str, FigureInfo], site_url: str, offset: int) -> str:
    fenced = _fenced_lines(markdown)
    errors = []

    def replace(m: re.Match[str]) -> str:
        number = markdown.count("\n", 0, m.start()) + 1
        if number in fenced:
            return m.group(0)
        fig = figures.get(m.group("name"))
        if fig is None:
            errors.append(f"docs/{page.src}:{number + offset}: unknown figure {m.group('name')!r}")
            return m.group(0)
        indent = m.group("indent")
        image = _absolute(site_url, f"figures/{fig.filename('light')}")
        alt = fig.alt.replace("[", "\\[").replace("]", "\\]")
        return f"{indent}![{alt}]({image})\n{indent}\n{indent}*Figure: {fig.caption}*"

    out = SHORTCODE_RE.sub(replace, markdown)
    if errors:
        raise LlmsTextError("\n".join(errors))
    return out


def _inline_snippets(markdown: str, page: NavPage, snippets: dict[str, str], offset: int) -> str:
    fenced = _fenced_lines(markdown)

    def replace(m: re.Match[str]) -> str:
        number = markdown.count("\n", 0, m.start()) + 1
        code = snippets.get(m.group("path"))
        if code is None:
            raise LlmsTextError(f"docs/{page.src}:{number + offset}: snippet {m.group('path')!r} not found in docs/snippets")
        indent = m.group("indent")
        lines = [indent + line if line.strip() else "" for line in code.rstrip("\n").split("\n")]
        if number in fenced:  # the usual case: the include line sits inside a fence
            return "\n".join(lines)
        lang = posixpath.splitext(m.group("path"))[1].lstrip(".")
        return "\n".join([f"{indent}```{lang}", *lines, f"{indent}```"])

    return SNIPPET_RE.sub(replace, markdown)


def page_doc(page: NavPage, source: str, *, snippets: dict[str, str], figures: dict[str, FigureInfo],
             urls: dict[str, str], site_url: str) -> Doc:
    """One page's title, description and Markdown body, as a tool should read them."""
    body, meta = _notebook(source) if page.src.endswith(".ipynb") else get_data(source)
    heading = re.search(r"^# (.+)$", body, re.M)
    title = str(meta.get("title") or (heading.group(1).strip() if heading else page.nav_title))
    description = " ".join(str(meta.get("description") or _first_sentence(body)).split())
    offset = source.count("\n") - body.count("\n") if source.endswith(body) else 0  # front matter lines
    body = _figures_as_text(body, page, figures, site_url, offset)
    # links after the figures (whose image URLs are already absolute) and before the snippets (code)
    body = _link_rewriter(page, urls, site_url)(body)
    body = _inline_snippets(body, page, snippets, offset)
    return Doc(page, title, description, body.strip("\n") + "\n")


# -- the two files ---------------------------------------------------------------------------

def site_map(docs: list[Doc], *, site_name: str, summary: str, site_url: str) -> str:
    """``llms.txt``: name, summary, then each nav section's pages with their descriptions."""
    lines = [f"# {site_name}", "", f"> {' '.join(summary.split())}", "",
             f"Every page below is also in [{LLMS_FULL}]({_absolute(site_url, LLMS_FULL)}), as Markdown "
             "with its formulas in TeX (`$...$` inline, `$$...$$` display) and its code examples inlined."]
    section = None
    for doc in docs:
        if doc.page.section != section:
            section = doc.page.section
            lines += ["", f"## {section}", ""]
        lines.append(f"- [{doc.title}]({_absolute(site_url, doc.page.url)}): {doc.description}")
    return "\n".join(lines) + "\n"


def full_text(docs: list[Doc], *, site_name: str, summary: str, site_url: str, macros: dict[str, str]) -> str:
    """``llms-full.txt``: every page's Markdown in nav order, each behind a short front matter."""
    defined = ", ".join(f"`{name}` = `{value}`" for name, value in macros.items())
    parts = [f"# {site_name}: every page as Markdown\n\n> {' '.join(summary.split())}\n\n"
             f"Pages follow the site's navigation; each starts with a front matter (title, description, URL). "
             f"Math is TeX (`$...$` inline, `$$...$$` display) with these macros: {defined}.\n"]
    for doc in docs:
        meta = {"title": doc.title, "description": doc.description, "url": _absolute(site_url, doc.page.url)}
        front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10**6)
        parts.append(f"---\n{front}---\n\n{doc.body}")
    return "\n".join(parts)


def _read_tree(folder: Path) -> dict[str, str]:
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*")) if p.is_file()}


_LAST_DOCS: dict[str, Doc] = {}  # the previous build's page documents, by their inputs


def build(pages: list[NavPage], *, docs_dir: Path, site_name: str, summary: str, site_url: str,
          figures: dict[str, FigureInfo], macros: dict[str, str],
          store: buildcache.Store | None = None) -> tuple[str, str]:
    """``(llms.txt, llms-full.txt)``; with a store, reused while no input changed."""
    sources = [(docs_dir / p.src).read_text(encoding="utf-8") for p in pages]
    snippets = _read_tree(docs_dir / "snippets")
    key = None
    if store is not None:
        key = store.key(repr(pages), site_name, summary, site_url, repr(sorted(figures.items())),
                        repr(sorted(macros.items())), *sources, repr(sorted(snippets.items())))
        cached = store.get(key)
        if cached is not None:
            return cached
    urls = {p.src: p.url for p in pages}
    shared = buildcache.digest(repr(sorted(snippets.items())), repr(sorted(figures.items())),
                               repr(sorted(urls.items())), site_url)
    docs = []
    done: dict[str, Doc] = {}
    for p, s in zip(pages, sources):  # a dev server rebuild converts only the pages that changed
        k = buildcache.digest(shared, repr(p), s)
        doc = _LAST_DOCS.get(k) or page_doc(p, s, snippets=snippets, figures=figures, urls=urls, site_url=site_url)
        done[k] = doc
        docs.append(doc)
    _LAST_DOCS.clear()
    _LAST_DOCS.update(done)
    texts = (site_map(docs, site_name=site_name, summary=summary, site_url=site_url),
             full_text(docs, site_name=site_name, summary=summary, site_url=site_url, macros=macros))
    if store is not None:
        store.put(key, texts)
    return texts


def write_site_files(config, nav, figures: dict[str, FigureInfo], store: buildcache.Store | None = None) -> None:
    """Write both files at the root of the built site."""
    macros = json.loads((PACKAGE_DIR / "katex" / "macros.json").read_text(encoding="utf-8"))
    site_map_text, full = build(
        nav_pages(nav), docs_dir=Path(config.docs_dir), site_name=config.site_name,
        summary=config.site_description or "", site_url=config.site_url or "",
        figures=figures, macros=macros, store=store)
    site = Path(config.site_dir)
    (site / LLMS).write_text(site_map_text, encoding="utf-8")
    (site / LLMS_FULL).write_text(full, encoding="utf-8")
