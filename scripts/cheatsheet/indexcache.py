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


def toc_items(toc) -> list:
    """A page's table of contents as plain data, for cache keys (here and the dev server's)."""
    return [[item.id, item.url, item.title, item.level, toc_items(item.children)] for item in toc]


def page_key(store: buildcache.Store, page, index_config: str) -> str:
    meta = {k: page.meta.get(k) for k in ("title", "tags", "search")}
    return store.key(
        index_config, page.url, str(page.title), json.dumps(meta, sort_keys=True, default=str),
        json.dumps(toc_items(page.toc), default=str), page.content or "",
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


class ScrubMemo:
    """After indexing a page, Material's search plugin removes the ``data-search-*``
    attributes from its content with a regular expression over the whole HTML (a fifth of a
    second per build here, as every formula carries one). The dev server keeps the result
    for each content it has seen (this rebuild's and the previous one's), and calls the
    plugin's own method only for content that is new."""

    def __init__(self) -> None:
        self.done = buildcache.Recent()  # content digest -> the content scrubbed

    def install(self, search_plugin, plugins) -> None:
        """Wrap the plugin's ``on_page_context``. MkDocs keeps this plugin's instance across
        the rebuilds of a server and reads its event methods when it loads the config, so
        the wrapper goes on the instance (for later configs) and into ``plugins``' event
        list (for the current one)."""
        wrapper = getattr(search_plugin, "_scrub_wrapper", None)
        if wrapper is None:
            original = search_plugin.on_page_context

            def wrapper(context, *, page, config, nav):
                if not search_plugin.config.enabled:
                    return original(context, page=page, config=config, nav=nav)
                key = buildcache.digest(page.content or "")
                done = self.done.get(key)
                if done is None:
                    result = original(context, page=page, config=config, nav=nav)
                    self.done.put(key, page.content)
                    return result
                search_plugin.search_index.add_entry_from_context(page)
                page.content = done
                return None

            search_plugin._scrub_wrapper = search_plugin.on_page_context = wrapper
        events = plugins.events["page_context"]
        for i, method in enumerate(events):
            if getattr(method, "__self__", None) is search_plugin:
                events[i] = wrapper
