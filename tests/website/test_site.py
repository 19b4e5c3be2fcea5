"""The real site, built with --strict: complete, offline, math rendered, figures in both palettes."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from tests.pages import front_matter, html_path, markdown_pages, nav_files, page_url

pytestmark = pytest.mark.site

ASSET_ATTRS = {
    "script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"), "iframe": ("src",),
    "video": ("src", "poster"), "audio": ("src",), "embed": ("src",), "object": ("data",),
    "link": ("href",), "image": ("href",), "use": ("href",),
}
EXTERNAL_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.I)


class Collector(HTMLParser):
    """Asset references, meta tags and text outside code, of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.assets: list[tuple[str, str]] = []
        self.meta: dict[str, str] = {}
        self.text: list[str] = []
        self.imgs: list[dict[str, str]] = []
        self.font_preloads: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "link" and a.get("rel", "") in {"canonical", "alternate", "prev", "next", "search"}:
            pass  # navigation links, not loaded assets
        else:
            for name in ASSET_ATTRS.get(tag, ()):
                if a.get(name):
                    self.assets.append((tag, a[name]))
        if tag == "img":
            self.imgs.append(a)
        if tag == "link" and a.get("rel") == "preload" and a.get("as") == "font":
            self.font_preloads.append(a.get("href", ""))
        if tag == "meta" and "name" in a:
            self.meta[a["name"]] = a.get("content", "")
        if "style" in a and "url(" in a["style"]:
            self.assets.append((tag, a["style"]))
        if tag in {"code", "pre", "script", "style", "annotation"}:
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in {"code", "pre", "script", "style", "annotation"} and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def parse(path: Path) -> Collector:
    c = Collector()
    c.feed(path.read_text(encoding="utf-8"))
    return c


@pytest.fixture(scope="module")
def pages(built_site) -> dict[str, Collector]:
    return {p.relative_to(built_site).as_posix(): parse(p) for p in sorted(built_site.rglob("*.html"))}


def test_every_nav_page_is_built(built_site):
    missing = [src for src in nav_files() if not html_path(built_site, src).is_file()]
    assert not missing


def test_no_asset_is_loaded_from_another_origin(built_site, pages):
    offenders = [
        f"{page}: <{tag}> {ref[:100]}"
        for page, c in pages.items()
        for tag, ref in c.assets
        if EXTERNAL_RE.match(ref.strip()) or re.search(r"url\(\s*['\"]?(?:https?:)?//", ref)
    ]
    for css in built_site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8", errors="replace")):
            if EXTERNAL_RE.match(url):
                offenders.append(f"{css.relative_to(built_site)}: url({url})")
    assert not offenders, "\n".join(offenders[:20])


def test_every_local_asset_reference_resolves(built_site, pages):
    broken = []
    for page, c in pages.items():
        base = f"http://site/{page}"
        for tag, ref in c.assets:
            if ref.startswith(("data:", "#")) or "url(" in ref:
                continue
            for candidate in ref.split(",") if "srcset" in ref else [ref]:
                url = urlparse(urljoin(base, candidate.strip().split(" ")[0]))
                target = built_site / url.path.lstrip("/")
                if url.path.endswith("/"):
                    target = target / "index.html"
                if not target.exists():
                    broken.append(f"{page}: <{tag}> {ref}")
    assert not broken, "\n".join(broken[:20])


def test_no_raw_tex_left_in_any_page(built_site, pages):
    offenders = []
    for page, c in pages.items():
        html = (built_site / page).read_text(encoding="utf-8")
        if 'class="arithmatex"' in html:
            offenders.append(f"{page}: unrendered arithmatex placeholder")
        text = "".join(c.text)
        for pattern in (r"\\\(", r"\\\)", r"\\\[", r"\\\]", r"\$\$", r"\\frac", r"\\mathbf"):
            if re.search(pattern, text):
                offenders.append(f"{page}: raw TeX {pattern!r} in the text")
    assert not offenders, "\n".join(offenders[:20])


def test_math_is_rendered_on_pages_that_have_it(built_site):
    html = (built_site / "introduction" / "index.html").read_text(encoding="utf-8")
    assert html.count('class="katex"') >= 10
    nb = (built_site / "notebooks" / "numpy-network-from-scratch" / "index.html").read_text(encoding="utf-8")
    assert 'class="math-display"' in nb, "notebook Markdown math must be rendered too"


def test_no_page_preloads_fonts(pages):
    """Chrome holds a page's first paint while a preloaded font is in flight. Preloading
    KaTeX's two main fonts made Lighthouse's first and largest paint wait for them, up to
    a second later on its phone profile; the shift they prevented measures under 0.01
    (tests/browser/test_load_work.py), so the fonts load when the formulas need them."""
    offenders = [f"{page}: {c.font_preloads}" for page, c in pages.items() if c.font_preloads]
    assert not offenders, offenders[:5]


def test_the_search_worker_is_published_under_its_content_hash(built_site):
    """After a deploy a browser cannot keep an old worker: its name changes with its content."""
    import hashlib

    config = re.search(r'"search":\s*"([^"]+)"', (built_site / "index.html").read_text(encoding="utf-8"))
    assert config, "the page config names no search worker"
    name = config.group(1).rsplit("/", 1)[-1]
    worker = built_site / "assets" / "javascripts" / name
    assert worker.is_file(), name
    assert name == f"search-worker.{hashlib.sha256(worker.read_bytes()).hexdigest()[:8]}.min.js"
    assert not (built_site / "assets" / "javascripts" / "search-worker.js").exists()


def test_katex_css_and_every_font_it_names_are_shipped(built_site):
    css_path = built_site / "assets" / "katex" / "katex.min.css"
    css = css_path.read_text(encoding="utf-8")
    fonts = set(re.findall(r"url\((fonts/[^)]+)\)", css))
    assert len(fonts) >= 20
    missing = [f for f in fonts if not (css_path.parent / f).is_file()]
    assert not missing


def test_figures_come_in_both_palettes_with_alt_text(built_site, pages):
    seen = 0
    for page, c in pages.items():
        figs = [i for i in c.imgs if "/figures/" in "/" + i.get("src", "")]
        light = {i["src"].split("#")[0].removesuffix("-light.svg") for i in figs if i["src"].endswith("-light.svg#only-light")}
        dark = {i["src"].split("#")[0].removesuffix("-dark.svg") for i in figs if i["src"].endswith("-dark.svg#only-dark")}
        assert light == dark, f"{page}: figures without both variants: {light ^ dark}"
        for img in figs:
            assert len(img.get("alt", "")) >= 40, f"{page}: figure {img['src']} lacks a real alt text"
            assert img.get("width") and img.get("height"), f"{page}: figure {img['src']} has no size (layout shift)"
        seen += len(light)
    assert seen >= 2


@pytest.mark.parametrize("src", markdown_pages())
def test_meta_description_and_last_update(built_site, src):
    meta, _ = front_matter(src)
    c = parse(html_path(built_site, src))
    assert c.meta.get("description") == meta["description"].strip()
    html = html_path(built_site, src).read_text(encoding="utf-8")
    assert "git-revision-date-localized-plugin" in html, "each page shows its last-updated date"


def test_search_index_covers_every_page(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {d["location"].split("#")[0] for d in index["docs"]}
    for src in nav_files():
        url = page_url(src)
        assert url in locations, f"{src} is not in the search index"
    texts = " ".join(d["text"] for d in index["docs"])
    postings = {}  # term -> [doc, field, tf, ...] over every posting file the worker can fetch
    for key in index["config"]["terms"]["chunks"]:
        postings.update(json.loads((built_site / "search" / "terms" / f"{key}.json").read_text(encoding="utf-8")))
    for artifact in ("\\frac", "\\mathbf", "katex-mathml", "application/x-tex", "mathnormal"):
        assert artifact not in texts, f"rendered math leaked into the search index: {artifact}"
    # every page's other names are in the boosted field of its first entry
    assert "aka" in index["config"]["fields"]
    aka_field = index["config"]["terms"]["fields"].index("aka")
    first = {d["location"]: i for i, d in reversed(list(enumerate(index["docs"])))}
    with_names = {p[i] for p in postings.values() for i in range(0, len(p), 3) if p[i + 1] == aka_field}
    for src in nav_files():
        url = page_url(src)
        assert first.get(url) in with_names, f"{src}: its 'Also known as' names are not in the search index"
    swish = postings["swish"]
    assert any(swish[i] == first["activation-functions/"] and swish[i + 1] == aka_field
               for i in range(0, len(swish), 3)), "a member's other name must reach its page's entry"


def test_abbreviations_have_tooltips(built_site):
    html = (built_site / "introduction" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<abbr title="Multi-layer perceptron">MLP</abbr>', html)
