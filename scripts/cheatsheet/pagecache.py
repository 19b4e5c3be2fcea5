"""Reuse a page's Markdown conversion when nothing it depends on has changed.

MkDocs converts every page on every build (``Page.render``), which is most of a no-op
rebuild. The result of a conversion depends on:

* the page's Markdown after the ``on_page_markdown`` hooks (front matter already removed),
* its own location (relative links are resolved against it),
* the set of files in the site (a link to a page that no longer exists must warn again),
* the Markdown extensions and their options, and the link-validation settings,
* every file the page includes with ``pymdownx.snippets`` (and the auto-appended glossary),
* the versions of the libraries that convert it.

All of that goes into the key. A conversion that logged a warning is never stored, so a
strict build can never pass on the strength of a result that warned in a lenient one.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from . import buildcache

LIBRARIES = ("mkdocs", "Markdown", "pymdown-extensions", "Pygments", "mkdocs-material")
SNIPPET_LINE_RE = re.compile(r"""^[ \t]*-{1,}8<-{1,}[ \t]+(["'])(.+?)\1""", re.M)
SNIPPET_ANY_RE = re.compile(r"-{1,}8<-{1,}")


def config_digest(config) -> str:
    """The options that change how any page converts."""
    mdx = json.dumps(config["mdx_configs"] or {}, sort_keys=True, default=repr)
    exts = [e if isinstance(e, str) else type(e).__qualname__ for e in config["markdown_extensions"]]
    validation = json.dumps(config["validation"], sort_keys=True, default=repr)
    return buildcache.digest(
        json.dumps(exts), mdx, validation, str(config["use_directory_urls"]), str(config["docs_dir"]),
        buildcache.versions(*LIBRARIES),
    )


def files_digest(files: Iterable) -> str:
    """Which files exist and where each is published."""
    return buildcache.digest(*sorted(f"{f.src_uri}\0{f.dest_uri}\0{f.url}\0{f.inclusion}" for f in files))


def _snippet_settings(config) -> tuple[list[Path], list[str]]:
    opts = (config["mdx_configs"] or {}).get("pymdownx.snippets", {})
    bases = opts.get("base_path", ["."])
    bases = [bases] if isinstance(bases, str) else list(bases)
    roots = [Path(b).resolve() for b in bases]  # as pymdownx.snippets does: relative to the cwd
    appended = list(opts.get("auto_append", []))
    return roots, appended


def _resolve(name: str, roots: list[Path]) -> list[Path]:
    """Candidate files for a snippet name (``file.py``, ``file.py:3:9``, ``file.md:section``)."""
    names = [name]
    if ":" in name:
        names.append(name.split(":", 1)[0])
    return [root / n for root in roots for n in names]


def snippet_digest(markdown: str, config, tree_digest: Callable[[], str]) -> str:
    """Digest of every file the page can include. Forms this scan cannot read with
    certainty (block includes, URLs) fall back to the digest of the whole snippet trees."""
    roots, appended = _snippet_settings(config)
    single = list(SNIPPET_LINE_RE.finditer(markdown))
    if len(single) != len(SNIPPET_ANY_RE.findall(markdown)):
        return tree_digest()
    paths: set[Path] = set()
    for name in [m.group(2) for m in single] + appended:
        paths.update(_resolve(name, roots))
    return buildcache.file_digest(paths)


def snippet_tree_digest(config) -> str:
    roots, _ = _snippet_settings(config)
    return buildcache.file_digest(p for root in roots if root.is_dir() for p in root.rglob("*") if p.is_file())


class RenderCache:
    """Wraps ``Page.render`` of Markdown pages with a :class:`buildcache.Store`."""

    def __init__(self, store: buildcache.Store | None = None) -> None:
        self.store = store or buildcache.Store("markdown", code=buildcache.file_digest([Path(__file__)]))
        self._build_digest: str | None = None
        self._tree_digest: str | None = None

    def begin(self, config, files) -> None:
        """Once per build, after the file list is final."""
        self.store.begin()
        self._build_digest = buildcache.digest(config_digest(config), files_digest(files))
        self._tree_digest = None

    def _tree(self, config) -> str:
        if self._tree_digest is None:
            self._tree_digest = snippet_tree_digest(config)
        return self._tree_digest

    def key(self, page, config) -> str:
        assert self._build_digest is not None, "begin() must run before the first page"
        return self.store.key(
            self._build_digest, page.file.src_uri, page.file.dest_uri, page.file.url,
            snippet_digest(page.markdown or "", config, lambda: self._tree(config)),
            page.markdown or "",
        )

    def wrap(self, page) -> None:
        """Replace ``page.render`` by a version that reads and fills the cache."""
        render = page.render

        def cached_render(config, files):
            key = self.key(page, config)
            hit = self.store.get(key)
            if hit is not None:
                _restore(page, hit, files)
                return
            with buildcache.log_spy(logging.WARNING) as spy:
                render(config, files)
            if not spy.seen:
                self.store.put(key, _snapshot(page))

        page.render = cached_render


def _snapshot(page) -> dict:
    links = page.links_to_anchors
    return {
        "content": page.content,
        "toc": page.toc,
        "title": page._title_from_render,
        "anchors": page.present_anchor_ids,
        "links": None if links is None else {f.src_uri: dict(v) for f, v in links.items()},
    }


def _restore(page, hit: dict, files) -> None:
    page.content = hit["content"]
    page.toc = hit["toc"]
    page._title_from_render = hit["title"]
    page.present_anchor_ids = set(hit["anchors"]) if hit["anchors"] is not None else None
    if hit["links"] is not None:
        page.links_to_anchors = {files.get_file_from_path(src): dict(v) for src, v in hit["links"].items()}
