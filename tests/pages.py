"""The site's pages as the tests see them: the nav of mkdocs.yml and each page's front matter."""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import yaml
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
FRONT_MATTER_RE = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def _walk(items) -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = []
    for item in items:
        if isinstance(item, str):
            out.append((item, None))
        elif isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, list):
                    out.extend(_walk(value))
                else:
                    out.append((value, title))
    return out


@cache
def _nav() -> list:
    return load_config(str(ROOT / "mkdocs.yml"))["nav"]


def nav_files() -> list[str]:
    """Source paths (relative to docs/) of every page in the nav, in nav order."""
    return [path for path, _ in _walk(_nav())]


def nav_sections() -> list[list[str]]:
    """The pages of each top-level nav section after the home page, in nav order."""
    sections = []
    for item in _nav()[1:]:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        sections.append([path for path, _ in _walk(value if isinstance(value, list) else [value])])
    return sections


def markdown_pages() -> list[str]:
    return [p for p in nav_files() if p.endswith(".md")]


def front_matter(path: str) -> tuple[dict, str]:
    text = (DOCS / path).read_text(encoding="utf-8")
    m = FRONT_MATTER_RE.match(text)
    return (yaml.safe_load(m.group(1)) if m else {}), (text[m.end():] if m else text)


def html_path(site: Path, src: str) -> Path:
    return site / page_url(src) / "index.html"


def page_url(src: str) -> str:
    """The site path a source page is served at ("" for the home page, "a/b/" otherwise)."""
    stem = re.sub(r"\.(md|ipynb)$", "", src)
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href", ""))


def link_hrefs(html: str) -> list[str]:
    """The ``href`` of every ``<a>`` of a page, in order ('' for an anchor without one)."""
    parser = _Links()
    parser.feed(html)
    return parser.hrefs
