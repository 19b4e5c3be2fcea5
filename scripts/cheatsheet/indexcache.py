"""Reuse Material's search entries for a page whose rendered content has not changed.

Material's search plugin parses every page's HTML (including all KaTeX markup) with
``html.parser`` on every build. The entries it makes for a page depend only on the page's
content, its table of contents, its URL, title and ``tags``/``search`` front matter, and the
plugin's options; that is the key. The wrapped method appends exactly the entries the
original would have appended for the page's search view (``searchindex.search_view``:
the content without its rendered math), in the same order.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import buildcache, searchindex


def _toc_items(toc) -> list:
    return [[item.id, item.url, item.title, _toc_items(item.children)] for item in toc]


def page_key(store: buildcache.Store, page, index_config: str) -> str:
    meta = {k: page.meta.get(k) for k in ("title", "tags", "search")}
    return store.key(
        index_config, page.url, str(page.title), json.dumps(meta, sort_keys=True, default=str),
        json.dumps(_toc_items(page.toc), default=str), page.content or "",
    )


def install(search_plugin, store: buildcache.Store | None = None) -> buildcache.Store:
    """Wrap ``search_plugin.search_index.add_entry_from_context`` with the cache."""
    store = store or buildcache.Store(
        "search", code=buildcache.digest(buildcache.file_digest([Path(__file__), Path(searchindex.__file__)]),
                                         buildcache.versions("mkdocs-material")))
    index = search_plugin.search_index
    original = index.add_entry_from_context
    index_config = json.dumps(index.config, sort_keys=True, default=str)

    def add_entry_from_context(page):
        key = page_key(store, page, index_config)
        entries = store.get(key)
        if entries is not None:
            index.entries.extend(entries)
            return
        before = len(index.entries)
        content = page.content
        try:
            page.content = searchindex.search_view(content or "")
            original(page)
        finally:
            page.content = content
        store.put(key, index.entries[before:])

    index.add_entry_from_context = add_entry_from_context
    return store
