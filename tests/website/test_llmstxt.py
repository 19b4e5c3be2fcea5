"""The text export of the built site: /llms.txt lists every nav page, /llms-full.txt holds them as Markdown."""

from __future__ import annotations

import re
import urllib.request

import pytest
import yaml

from cheatsheet.localserver import serve
from tests.content.test_pages import PLACEHOLDER_RE
from tests.pages import DOCS, front_matter, link_hrefs, nav_files, page_url

pytestmark = pytest.mark.site
LINK_RE = re.compile(r"^- \[(?P<title>[^\]]+)\]\((?P<url>[^)]+)\): (?P<description>.+)$", re.M)
FRONT_RE = re.compile(r"^---\ntitle: (.*)\ndescription: .*\nurl: (.*)\n---\n", re.M)


def _read(site, name: str) -> str:
    path = site / name
    assert path.is_file(), f"{name} is missing from the site root"
    return path.read_text(encoding="utf-8")


def _title(src: str) -> str:
    if src.endswith(".md"):
        return front_matter(src)[0]["title"]
    return re.search(r'"# ([^"\\]+)', (DOCS / src).read_text(encoding="utf-8")).group(1)


def test_llms_txt_lists_every_nav_page_in_order_with_its_description(built_site):
    text = _read(built_site, "llms.txt")
    assert text.startswith("# Deep Learning Cheat Sheet\n\n> ")
    entries = [m.groupdict() for m in LINK_RE.finditer(text)]
    expected = [page_url(src) for src in nav_files()]
    assert len(entries) == len(expected), f"{len(entries)} entries for {len(expected)} nav pages"
    for entry, src, url in zip(entries, nav_files(), expected):
        assert entry["url"].endswith("/" + url) or (not url and entry["url"].endswith("/")), (src, entry["url"])
        assert entry["title"] == _title(src), src
        if src.endswith(".md"):
            assert entry["description"] == " ".join(front_matter(src)[0]["description"].split()), src
        else:
            assert len(entry["description"]) > 40, src


def test_llms_full_has_every_page_as_markdown_with_tex_math(built_site):
    full = _read(built_site, "llms-full.txt")
    heads = list(FRONT_RE.finditer(full))
    # the front matter is YAML: a title with ": " in it is quoted there
    assert [yaml.safe_load(m.group(1)) for m in heads] == [_title(src) for src in nav_files()]
    for i, (m, src) in enumerate(zip(heads, nav_files())):
        body = full[m.end(): heads[i + 1].start() if i + 1 < len(heads) else len(full)]
        assert f"# {_title(src)}" in body, f"{src}: its title heading is missing"
        if "\n$$" in (DOCS / src).read_text(encoding="utf-8"):
            assert re.search(r"^\s*\$\$", body, re.M), f"{src}: display math missing from llms-full.txt"


@pytest.mark.parametrize("name", ["llms.txt", "llms-full.txt"])
def test_text_exports_hold_no_html_math_shortcode_include_or_placeholder(built_site, name):
    text = _read(built_site, name)
    for bad in ('class="katex', "<math", "<!-- figure:", "--8<--"):
        assert bad not in text, f"{name} contains {bad!r}"
    assert not re.search(r"^\*\[[^\]]+\]: ", text, re.M), f"{name} contains the glossary"
    hit = PLACEHOLDER_RE.search(text)
    assert hit is None, f"{name}: placeholder {hit.group(0)!r}"


def test_text_exports_are_served_at_the_root_and_linked_from_home(built_site):
    hrefs = link_hrefs((built_site / "index.html").read_text(encoding="utf-8"))
    assert {"llms.txt", "llms-full.txt"} <= set(hrefs), "home page links to the text exports missing"
    with serve(built_site) as base:
        for name in ("llms.txt", "llms-full.txt"):
            with urllib.request.urlopen(base + name) as response:
                assert response.status == 200
                assert response.headers["Content-Type"].startswith("text/plain")
                assert response.read().decode("utf-8") == (built_site / name).read_text(encoding="utf-8")
