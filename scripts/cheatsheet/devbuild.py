"""Fast, exact rebuilds for the dev server (``mkdocs serve --dirty``, which ``make serve`` runs).

A clean MkDocs rebuild empties the site folder, copies every static file again, and renders
every page through the theme's templates, although one edit changes one page. MkDocs'
``--dirty`` mode skips the copying and the cleaning, but it is inexact: it does not convert
unchanged pages at all (so the search index, the navigation titles and the anchors other
pages link to go stale) and it never removes the output of a deleted file. This module keeps
the speed and restores exactness:

* **every page is converted and rendered**, as in a clean build; the persistent caches make
  that cheap, and a page whose template context is unchanged reuses its last rendered HTML
  (:class:`TemplateMemo`, keyed by everything the theme can read);
* **a static file is copied again** when its source's path, size or modification time differ
  from those of the copy this server made (not by comparing dates, which a ``git checkout``
  or ``cp -p`` can move backwards);
* **the output of a file that left the site is removed** (:meth:`ExactDirty.sweep`);
* compiled templates are kept in memory (:class:`MemoryBytecodeCache`, keyed by the
  template's source checksum, as Jinja's own file cache is).

``tests/website/test_serve.py`` proves the result byte for byte: after edits, a new page, a
renamed title, a changed and a deleted file, the served folder equals a clean build.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import jinja2

from . import buildcache, indexcache

log = logging.getLogger("mkdocs.hooks.cheatsheet")

DIRTY_WARNING = "A 'dirty' build is being performed"


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates, kept across the rebuilds of one server (Jinja checks the
    template source's checksum before using an entry)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._code.clear()


class _Unstable(Exception):
    """A context value with no stable description: that page is rendered, not reused."""


def _stable(value, depth: int = 0):
    """A JSON-able description of a template-context value that changes when it changes."""
    if depth > 8:
        raise _Unstable("too deep")
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_stable(v, depth + 1) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, dict):
        return {str(k): _stable(v, depth + 1) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if hasattr(value, "src_uri") and hasattr(value, "abs_dest_path"):  # a File
        return ["file", value.src_uri, value.url]
    if hasattr(value, "file") and hasattr(value, "url") and hasattr(value, "title"):  # a Page
        return ["page", value.url, value.title]
    if hasattr(value, "__dict__") and not callable(value):
        return [type(value).__qualname__, _stable({k: v for k, v in vars(value).items() if not k.startswith("_")}, depth + 1)]
    raise _Unstable(type(value).__qualname__)


def nav_signature(nav) -> str:
    """Everything about the navigation that the sidebar, tabs, footer and breadcrumbs show."""

    def walk(items) -> list:
        out = []
        for item in items:
            if item.is_page:
                out.append(["page", item.title, item.url, item.file.src_uri, item.is_index, _stable(item.meta)])
            elif item.is_section:
                out.append(["section", item.title, walk(item.children)])
            else:
                out.append(["link", item.title, item.url])
        return out

    return json.dumps([walk(nav.items), nav.homepage.url if nav.homepage else None], sort_keys=True)


def site_signature(config) -> str:
    """The configuration the templates read, and the templates themselves."""
    theme_files = [p for d in config.theme.dirs if Path(d).is_dir() and "site-packages" not in str(d)
                   for p in sorted(Path(d).rglob("*")) if p.is_file()]
    parts = {
        "config_file": Path(config.config_file_path).read_text(encoding="utf-8") if config.config_file_path else "",
        "values": {k: str(config.get(k)) for k in ("site_name", "site_url", "site_description", "site_author",
                                                  "repo_url", "repo_name", "edit_uri", "copyright",
                                                  "use_directory_urls", "extra_css", "extra_javascript")},
        "extra": _stable(dict(config.extra)),
        "theme": _stable(dict(config.theme.items())) if hasattr(config.theme, "items") else str(config.theme),
        "versions": buildcache.versions("mkdocs", "mkdocs-material", "Jinja2", "mkdocs-jupyter"),
    }
    return buildcache.digest(json.dumps(parts, sort_keys=True, default=str), buildcache.file_digest(theme_files))


KNOWN_CONTEXT = {"nav", "pages", "base_url", "extra_css", "extra_javascript", "mkdocs_version",
                 "build_date_utc", "config", "page"}


class TemplateMemo:
    """Reuse a page's rendered HTML when its template context is unchanged.

    The key covers the page (its content, table of contents, metadata, every plain
    attribute a plugin set on it, its neighbours), the whole navigation with every page's
    title and metadata, the configuration and the template files, and any value a plugin
    added to the context. A value without a stable description disables reuse for that
    page rather than risk a stale one.
    """

    def __init__(self) -> None:
        self.outputs: dict[tuple[str, str], tuple[str, str]] = {}  # (template, page) -> (key, html)
        self.hits = 0
        self.misses = 0
        self._build_key = ""

    def begin(self, config, nav) -> None:
        self._build_key = buildcache.digest(site_signature(config), nav_signature(nav))
        self.hits = self.misses = 0

    def key(self, name: str, context) -> str | None:
        page = context.get("page")
        if page is None or getattr(page, "file", None) is None:
            return None
        try:
            attrs = {k: v for k, v in vars(page).items()
                     if not k.startswith("_") and not callable(v) and k not in {"file", "parent", "previous_page", "next_page",
                                                             "markdown", "content", "toc", "active"}}
            neighbours = [[p.url, p.title] if p is not None else None for p in (page.previous_page, page.next_page)]
            ancestors = [a.title for a in page.ancestors]
            extra = {k: _stable(v) for k, v in context.items() if k not in KNOWN_CONTEXT}
            described = json.dumps([name, page.file.src_uri, page.url, page.canonical_url, page.edit_url,
                                    page.title, page.is_homepage, indexcache.toc_items(page.toc), _stable(attrs),
                                    neighbours, ancestors, extra, context.get("base_url")],
                                   sort_keys=True, default=str)
        except _Unstable:
            return None
        return buildcache.digest(self._build_key, described, page.content or "")

    def wrap(self, env: jinja2.Environment) -> None:
        get_template = env.get_template
        memo = self

        class Template:
            def __init__(self, name: str, template: jinja2.Template) -> None:
                self._name, self._template = name, template

            def render(self, *args, **kwargs) -> str:
                context = args[0] if args and not kwargs else None
                key = memo.key(self._name, context) if isinstance(context, dict) else None
                if key is None:
                    return self._template.render(*args, **kwargs)
                slot = (self._name, context["page"].file.src_uri)
                hit = memo.outputs.get(slot)
                if hit is not None and hit[0] == key:
                    memo.hits += 1
                    return hit[1]
                memo.misses += 1
                html = self._template.render(context)
                memo.outputs[slot] = (key, html)
                return html

            def __getattr__(self, attr):
                return getattr(self._template, attr)

        def cached_get_template(name, parent=None, globals=None):
            template = get_template(name, parent, globals)
            if parent is not None or not isinstance(name, str):  # Jinja's own extends/include
                return template
            return Template(name, template)

        env.get_template = cached_get_template


class ExactDirty:
    """What makes a ``--dirty`` rebuild write exactly the files a clean build writes."""

    def __init__(self) -> None:
        self.copies: dict[str, tuple[str, int, int]] = {}  # dest -> (source, mtime_ns, size) copied
        self.outputs: set[str] | None = None  # the destinations of the previous build's files
        self._pending: set[str] = set()  # this build's, until it succeeds

    def prepare(self, files) -> None:
        """Before MkDocs copies and renders: decide what counts as modified."""
        for file in files:
            if file.is_documentation_page():
                file.is_modified = _always  # converted and rendered every time (from caches)
            elif file.abs_src_path is not None and getattr(file, "_content", None) is None:
                file.is_modified = self._copier(file)

    def _copier(self, file) -> Callable[[], bool]:
        def is_modified() -> bool:
            try:
                st = os.stat(file.abs_src_path)
            except OSError:
                return True
            stamp = (str(file.abs_src_path), st.st_mtime_ns, st.st_size)
            if self.copies.get(file.abs_dest_path) == stamp and os.path.isfile(file.abs_dest_path):
                return False
            self.copies[file.abs_dest_path] = stamp  # MkDocs copies it right after asking
            return True

        return is_modified

    def sweep(self, files, site_dir: Path) -> list[str]:
        """Remove what the previous build wrote for files that are no longer in the site."""
        current = {f.abs_dest_path for f in files}
        removed: list[str] = []
        for dest in sorted((self.outputs or set()) - current):
            path = Path(dest)
            folder = path.parent
            if path.is_file():
                path.unlink()
                removed.append(dest)
            self.copies.pop(dest, None)
            # a page's folder also holds what plugins wrote beside it (a notebook's .ipynb)
            if path.name == "index.html" and folder != site_dir and folder.is_dir() and \
                    not any(c.startswith(str(folder) + os.sep) for c in current):
                shutil.rmtree(folder)
                removed.append(str(folder))
            while folder != site_dir and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()  # a clean build makes no empty folders
                folder = folder.parent
        self._pending = current
        return removed

    def succeeded(self) -> None:
        self.outputs = self._pending

    def failed(self) -> None:
        """A build that failed may have written some of its files, or copied half of one."""
        self.outputs = (self.outputs or set()) | self._pending
        self.copies.clear()


def _always() -> bool:
    return True


class DropDirtyWarning(logging.Filter):
    """MkDocs warns that a dirty build is inexact; this one is made exact, and the warning
    would fail every rebuild of a strict site."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


class PrivacyMemo:
    """Reuse the privacy plugin's pass over a page it has seen (one regular expression over
    the whole HTML, which also sets ``rel``/``target`` on external links). A pass that queued
    an external asset or logged anything is never reused, so every warning is raised again."""

    def __init__(self) -> None:
        self.done = buildcache.Recent()  # (options, page, HTML) -> the plugin's result

    def install(self, plugin) -> None:
        parse, queue = plugin._parse_html, plugin._queue
        queued: list[object] = []
        options = json.dumps(dict(plugin.config), sort_keys=True, default=str)

        def spy_queue(*args, **kwargs):
            queued.append(args)
            return queue(*args, **kwargs)

        def parse_html(output: str, initiator, config):
            slot = (options, initiator.src_uri, output)
            done = self.done.get(slot)
            if done is not None:
                return done
            queued.clear()
            with buildcache.log_spy(logging.INFO) as spy:
                result = parse(output, initiator, config)
            if not queued and not spy.seen:
                self.done.put(slot, result)
            return result

        plugin._queue = spy_queue
        plugin._parse_html = parse_html


def poll_every(server, seconds: float) -> None:
    """Look for changed files every ``seconds`` instead of MkDocs' half second (a full
    look at the watched folders takes about 8 ms here). MkDocs polls rather than using
    inotify, whose open and read events would make every build trigger the next."""
    observer = getattr(server, "observer", None)
    if observer is None or not hasattr(observer, "_timeout"):
        return
    observer._timeout = seconds  # for folders watched from now on
    for emitter in getattr(observer, "emitters", ()):
        if hasattr(emitter, "_timeout"):
            emitter._timeout = seconds
