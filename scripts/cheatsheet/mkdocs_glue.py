"""What the MkDocs hooks do, as plain functions and one state object the tests can drive.

``scripts/hooks.py`` (named in ``mkdocs.yml``) only forwards MkDocs events here.
"""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path, PurePath

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from . import a11y, buildcache, checks, csp, cssprune, devbuild, firstscreen, glossary, previews, gitdates, indexcache, llmstxt, notebooks, pageload, printbook, searchindex
from .figures import manifest
from .figures.info import FigureInfo
from .katex import KatexError, KatexRenderer
from .mathhtml import render_arithmatex, render_notebook_math, source_locator
from .pagecache import RenderCache
from .paths import CACHE_DIR, NODE_MODULES, PACKAGE_DIR, ROOT
from .shortcodes import ShortcodeError, expand_figures

log = logging.getLogger("mkdocs.hooks.cheatsheet")

KATEX_DIST = NODE_MODULES / "katex" / "dist"
JUPYTER_CSS = "assets/stylesheets/jupyter.css"
GLOSSARY = "includes/abbreviations.md"  # in docs/: the site-wide abbreviations (cheatsheet.glossary)
POLL_SECONDS = 0.2  # how often the dev server looks for changed files (MkDocs: 0.5)


def _code_digest(*relative: str, extra: tuple[Path, ...] = ()) -> str:
    """Digest of project source files (relative to the package) and other files."""
    return buildcache.file_digest([PACKAGE_DIR / r for r in relative] + list(extra))


def _relative_to_config(config, path: Path) -> str:
    """A path as an author names it: relative to the folder of mkdocs.yml."""
    base = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
    return path.relative_to(base).as_posix() if path.is_relative_to(base) else path.as_posix()


def include_only_matching(plugin) -> None:
    """mkdocs-jupyter reads every Markdown and Python file through jupytext *before* it
    checks its ``include`` patterns; a file no pattern matches can never be a notebook, so
    answer those first (same result, without reading 180 files on every build)."""
    original = plugin.should_include
    patterns = list(plugin.config["include"])

    def should_include(file):
        if file.abs_src_path is None or not any(PurePath(file.abs_src_path).match(p) for p in patterns):
            return False
        return original(file)

    plugin.should_include = should_include


class SiteBuild:
    """State that lives for one ``mkdocs build`` or one ``mkdocs serve`` session."""

    def __init__(self) -> None:
        self.renderer = KatexRenderer()
        self.notebook_css: dict[str, None] = {}  # ordered set of CSS blocks
        self.notebook_classes: set[str] = set()  # every class the notebook pages use
        self.serving = False
        self.first_serve_build = False  # its per-page memos are filled rather than skipped
        self.dirty = False  # mkdocs serve --dirty, made exact by devbuild.ExactDirty
        self.exact = devbuild.ExactDirty()
        self.templates = devbuild.TemplateMemo()  # the dev server's rendered pages, by context
        self.bytecode = devbuild.MemoryBytecodeCache()  # and its compiled templates
        self.written: dict[Path, str] = {}  # generated files this process wrote, as written
        self.pruned_css: dict[str, str] = {}  # notebook CSS, pruned, by its input
        self.search_written: dict[Path, object] = {}  # search files this process wrote
        self.post_pages = buildcache.Recent()  # the dev server's finished pages, by template output
        self.scrubbed = indexcache.ScrubMemo()  # the search plugin's scrub of each content
        self.privacy = devbuild.PrivacyMemo()  # and the privacy plugin's pass over each page
        self.search_names: dict[str, str] = {}  # page url -> its other names and description
        self.nav = None
        self.contents: dict[str, str] = {}  # page url -> rendered content (for the print book)
        # persistent caches (.cache/build/<step>/), also kept in memory across serve rebuilds
        self.render_cache = RenderCache()
        self.math_store = buildcache.Store("math", code=_code_digest(
            "mathhtml.py", "a11y.py", "katex/client.py", "katex/server.mjs", "katex/macros.json",
            extra=(NODE_MODULES / "katex" / "package.json",)))
        self.notebook_store = buildcache.Store("notebook-html", code=_code_digest(
            "notebooks.py", "a11y.py", "cssprune.py", "searchindex.py", "mathhtml.py", "mkdocs_glue.py",
            "katex/client.py", "katex/server.mjs", "katex/macros.json",
            extra=(NODE_MODULES / "katex" / "package.json",)))
        self.print_store = buildcache.Store("print", code=_code_digest("printbook.py", "pageload.py", "mkdocs_glue.py"))
        self.print_pages_store = buildcache.Store("print-pages", code=_code_digest("printbook.py"))
        printbook.use_store(self.print_pages_store)
        self.llms_store = buildcache.Store("llmstxt", code=_code_digest("llmstxt.py", "shortcodes.py", "katex/macros.json"))
        self.search_store: buildcache.Store | None = None
        self.terms_store = buildcache.Store("search-terms", code=_code_digest("searchindex.py"))
        self.figures: dict[str, FigureInfo] = {}  # set before the pages, by pre_build
        self.commit_times: dict[Path, int] = {}  # source file -> last commit time, set by files()
        self.checks: dict[str, checks.Check] = {}  # the tests' @checks registry, set by files()
        self.repo_url: str | None = None
        self.worker = searchindex.WORKER  # the search worker's published name, set by files()

    def startup(self, command: str, dirty: bool = False) -> None:
        # the dev server injects an inline live-reload script into every page, which a
        # hash-based policy would block; the policy is for built sites
        self.serving = command == "serve"
        self.dirty = self.serving and dirty
        self.first_serve_build = self.serving
        for store in (self.print_store, self.llms_store, self.terms_store):
            store.persist = not self.serving  # large, and remade from the other caches in a second
        if self.dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(devbuild.DropDirtyWarning())

    def configure(self, config) -> None:
        # the edit link needs the repository address; without one, show no edit link
        if not config.repo_url:
            config.edit_uri = None
        self.repo_url = config.repo_url or None
        # the PDFs are exported after a build (scripts/build_site.py), never by the dev server
        config.extra["pdf_links"] = not self.serving
        glossary_file = Path(config.docs_dir) / GLOSSARY
        if glossary_file.is_file():
            try:
                glossary.install(config, glossary_file, label=_relative_to_config(config, glossary_file))
            except glossary.GlossaryError as exc:
                raise PluginError(str(exc)) from exc
        jupyter = config.plugins.get("mkdocs-jupyter")
        if jupyter is not None:
            include_only_matching(jupyter)
        privacy = config.plugins.get("material/privacy") or config.plugins.get("privacy")
        if self.serving and privacy is not None and hasattr(privacy, "_parse_html"):
            self.privacy.install(privacy)
        search = config.plugins.get("material/search") or config.plugins.get("search")
        if search is not None and getattr(search, "search_index", None) is not None:
            self.search_store = indexcache.install(search, self.search_store)
            if self.serving:
                self.scrubbed.install(search, config.plugins)
            if self.dirty:  # every page is indexed on every rebuild: no merging with the last index
                search.is_dirty = False
                search.search_index_prev = None

    # -- before MkDocs reads the docs ---------------------------------------------------
    def pre_build(self, config) -> None:
        for store in self.stores():
            store.begin()
        for memo in (self.post_pages, self.scrubbed.done, self.privacy.done):
            memo.next_build()
        self.figures = self.update_figures(Path(config.docs_dir) / "figures")
        plugin = config.plugins.get("mkdocs-jupyter")
        if plugin is not None and plugin.config["cache"]:
            nbs = sorted(Path(config.docs_dir).rglob("*.ipynb"))
            changed = notebooks.invalidate_stale(
                nbs, Path(plugin.config["cache_dir"]), CACHE_DIR / "notebook-deps.json"
            )
            for nb in changed:
                log.info("notebook %s: imported code changed, it will be executed again", nb.name)
        self.notebook_css.clear()
        self.search_names.clear()  # refilled by every page (a dev server rebuild too)
        self.notebook_classes.clear()

    @staticmethod
    def update_figures(out_dir: Path) -> dict[str, FigureInfo]:
        """Bring the figures folder up to date; the figures pages may show, by name."""
        start = time.perf_counter()
        figures = manifest.current(out_dir)
        if figures is not None:
            log.info("figures: all %d up to date (package unchanged)", len(figures))
            return figures
        from .figures.catalogue import catalogue  # imports every declaration, and matplotlib
        from .figures.store import build_figures

        try:
            report = build_figures(out_dir=out_dir)
            figures = {name: fig.info() for name, fig in catalogue().items()}
        except Exception as exc:  # a figure whose code fails must name itself
            raise PluginError(f"figure rendering failed: {type(exc).__name__}: {exc}") from exc
        manifest.record(out_dir, list(figures.values()))
        log.info(
            "figures: %d variants, %d rendered, %d written, %d removed in %.2f s",
            report.total, len(report.rendered), len(report.written), len(report.removed),
            time.perf_counter() - start,
        )
        return figures

    def files(self, files: Files, config) -> Files:
        if not (KATEX_DIST / "katex.min.css").is_file():
            raise PluginError("KaTeX is not installed: run 'npm ci' (the README's commands do it)")
        # the stylesheet, its fonts and copy-tex (copying a selection yields the formulas'
        # TeX) all come from the one pinned package, so they always share its version
        katex_files = [KATEX_DIST / "katex.min.css", KATEX_DIST / "contrib" / "copy-tex.min.js"]
        for path in [*katex_files, *sorted((KATEX_DIST / "fonts").iterdir())]:
            rel = path.relative_to(KATEX_DIST).as_posix()
            files.append(File.generated(config, f"assets/katex/{rel}", abs_src_path=str(path)))
        worker = files.get_file_from_path(searchindex.WORKER_SOURCE)
        if worker is not None and worker.abs_src_path:  # published under a content-hashed name
            self.worker = searchindex.worker_name(Path(worker.abs_src_path).read_bytes())
            files.remove(worker)
            files.append(File.generated(config, f"assets/javascripts/{self.worker}", abs_src_path=worker.abs_src_path))
        if self.dirty:
            for gone in self.exact.sweep(files, Path(config.site_dir)):
                log.info("removed %s (its source left the site)", Path(gone).relative_to(config.site_dir))
            self.exact.prepare(files)
        self.render_cache.begin(config, files)
        self.commit_times = gitdates.last_commit_times(Path(config.docs_dir))
        try:  # after begin(): the registry's cache entry counts as used by this build
            self.checks = checks.load(ROOT)
        except checks.CheckError as exc:
            raise PluginError(str(exc)) from exc
        return files

    def stores(self) -> list[buildcache.Store]:
        stores = [self.render_cache.store, self.math_store, self.notebook_store, self.print_store, self.print_pages_store,
                  self.llms_store, manifest.STORE,
                  checks.STORE, self.terms_store]
        return stores + ([self.search_store] if self.search_store is not None else [])

    # -- per page -----------------------------------------------------------------------
    def pre_page(self, page) -> None:
        """Turn a notebook's execution error into one line naming the notebook and the cell."""
        if not page.file.src_uri.endswith(".ipynb"):
            self.render_cache.wrap(page)
            return
        render = page.render
        label = f"docs/{page.file.src_uri}"

        def render_or_explain(config, files):
            try:
                return render(config, files)
            except Exception as exc:
                if type(exc).__name__ != "CellExecutionError":
                    raise
                raise PluginError(notebooks.describe_failure(label, Path(page.file.abs_src_path), exc)) from None

        page.render = render_or_explain

    def page_markdown(self, markdown: str, page) -> str:
        if page.file.abs_src_path:  # the last-updated date the theme shows (after the front matter is read)
            src = Path(page.file.abs_src_path).resolve()
            stamp = self.commit_times.get(src) or gitdates.fallback_time(src)
            page.meta[gitdates.META_KEY] = gitdates.date_html(stamp)
        names = searchindex.also_known_as(markdown)
        if names:
            self.search_names[page.url] = f"{names} {page.meta.get('description', '')}".strip()
        try:
            # the check notes first: they keep the line count, so both report source lines
            out, _ = checks.expand_checks(markdown, self.checks, f"docs/{page.file.src_uri}", self.repo_url,
                                          page.file.content_string)
            out, _ = expand_figures(out, page.file.src_uri, self.figures, f"docs/{page.file.src_uri}")
        except (ShortcodeError, checks.CheckError) as exc:
            raise PluginError(str(exc)) from exc
        return out

    def page_content(self, html: str, page, config) -> str:
        label = f"docs/{page.file.src_uri}"
        src = Path(page.file.abs_src_path) if page.file.abs_src_path else None
        try:
            if page.file.src_uri.endswith(".ipynb") and src is not None:
                source = src.read_text(encoding="utf-8")
                key = self.notebook_store.key(html, source, label, page.url)
                done = self.notebook_store.get(key)
                if done is None:
                    done = self._notebook_html(html, page, label, src)
                    self.notebook_store.put(key, done)
                html, css, classes, names = done
                self.notebook_classes |= classes
                if css:
                    self.notebook_css.setdefault(css, None)
                if names:
                    self.search_names[page.url] = names
            else:
                key = self.math_store.key(html)
                cached = self.math_store.get(key)
                if cached is None:
                    cached = self._render_math(html, page, label, src)
                    self.math_store.put(key, cached)
                html = cached
            if not page.is_homepage:  # the home page's map is navigation: 88 links, no previews
                html = previews.mark_topic_links(html)
            self.contents[page.url] = html
            return html
        except KatexError as exc:
            raise PluginError(str(exc)) from exc

    def _notebook_html(self, html: str, page, label: str, src: Path) -> tuple[str, str, frozenset[str], str]:
        """A notebook page's content: nbconvert's styles moved to one shared sheet, made
        accessible, its math rendered; with the classes it uses and its other names."""
        html, css = notebooks.clean_html(html)
        html = a11y.fix_notebook(html)
        classes = frozenset(cssprune.used_classes(html))
        if css:
            depth = page.url.count("/")
            href = "../" * depth + JUPYTER_CSS
            html = f'<link rel="stylesheet" href="{href}">\n{html}'
        html = render_notebook_math(html, self.renderer, notebooks.cell_locator(label, src))
        names = searchindex.also_known_as("\n\n".join(notebooks.markdown_cells(src)))
        return self._render_math(html, page, label, src), css, classes, names

    def _render_math(self, html: str, page, label: str, src: Path | None) -> str:
        source = src.read_text(encoding="utf-8") if src is not None and src.suffix == ".md" else (page.markdown or "")
        return render_arithmatex(html, self.renderer, source_locator(label, source))

    def set_nav(self, nav) -> None:
        self.nav = nav

    def env(self, env, config) -> None:
        """The dev server keeps compiled templates, and pages whose context is unchanged."""
        if self.serving and self.nav is not None:
            env.bytecode_cache = self.bytecode
            self.templates.begin(config, self.nav)
            self.templates.wrap(env)

    def book_sections(self) -> list[printbook.Section]:
        """The nav as numbered sections of pages (the home page is section 0, 'Overview')."""
        sections: list[printbook.Section] = []

        def pages_of(items, depth, section):
            for item in items:
                if item.is_page:
                    if item.url in self.contents:
                        title = item.meta.get("title") or item.title or section.title
                        section.pages.append(printbook.BookPage(item.url, title, self.contents[item.url], depth, section.title))
                elif item.children:
                    pages_of(item.children, depth + 1, section)

        number = 0
        for item in self.nav.items:
            if item.is_page:
                section = printbook.Section(0, "Overview")
                pages_of([item], 1, section)
            else:
                number += 1
                section = printbook.Section(number, item.title)
                pages_of(item.children, 1, section)
            if section.pages:
                sections.append(section)
        return sections

    def write_print_pages(self, config) -> None:
        site = Path(config.site_dir)
        styles = site / "assets" / "stylesheets"
        css = [f"../assets/stylesheets/{p.name}" for p in sorted(styles.glob("main.*.min.css"))]
        css += [f"../assets/stylesheets/{p.name}" for p in sorted(styles.glob("palette.*.min.css"))]
        css += ["../assets/katex/katex.min.css", "../assets/stylesheets/cheatsheet.css"]
        if (site / JUPYTER_CSS).is_file():
            css.append(f"../{JUPYTER_CSS}")
        sections = self.book_sections()
        meta = {
            "site_name": config.site_name,
            "site_url": config.site_url or "",
            "date": time.strftime("%Y-%m-%d", time.gmtime(int(os.environ.get("SOURCE_DATE_EPOCH", time.time())))),
            "css": css,
        }
        key = self.print_store.key(repr([(s.number, s.title, [(p.url, p.title, p.depth, p.section, buildcache.text_digest(p.html))
                                             for p in s.pages]) for s in sections]), repr(sorted(meta.items())))
        books = self.print_store.get(key)
        if books is None:
            books = (pageload.mark_tables(printbook.full_book(sections, **meta)),  # tables styled as on the pages
                     pageload.mark_tables(printbook.compact_sheet([s for s in sections if s.number > 0], **meta)))
            self.print_store.put(key, books)
        out = site / "print"
        out.mkdir(parents=True, exist_ok=True)
        buildcache.write_if_changed(out / "index.html", books[0], self.written)
        buildcache.write_if_changed(out / "compact.html", books[1], self.written)

    def write_search_index(self, site: Path, index_path: Path) -> None:
        """Material's index, with every page's other names, split for the site's search worker."""
        raw = index_path.read_text(encoding="utf-8")
        key = self.terms_store.key(raw, json.dumps(self.search_names, sort_keys=True))
        # the dev server's first build splits anew: that fills the per-entry memo, so the
        # first edit tokenizes one page rather than all of them
        split = None if self.first_serve_build else self.terms_store.get(key)
        if split is None:
            index = json.loads(raw)
            searchindex.enrich(index, self.search_names)
            split = searchindex.split_index(index)
            self.terms_store.put(key, split)
        searchindex.write(site, *split, last=self.search_written)

    def post_page(self, output: str) -> str:
        if not self.serving:
            return self._post_page(output, self.worker)
        key = buildcache.digest(output, self.worker)  # the dev server: unchanged pages, from memory
        done = self.post_pages.get(key)
        if done is None:
            done = self._post_page(output, self.worker)
            self.post_pages.put(key, done)
        return done

    @staticmethod
    def _post_page(output: str, worker: str) -> str:
        page = pageload.fix_page(a11y.fix_page(firstscreen.compact_also_known_as(output)))
        return searchindex.use_worker(page, worker)

    # -- after all pages --------------------------------------------------------------------
    def post_build(self, config) -> None:
        out = Path(config.site_dir) / JUPYTER_CSS
        if self.notebook_css:
            source = "\n".join(self.notebook_css)
            key = buildcache.digest(source, *sorted(self.notebook_classes))
            if key not in self.pruned_css:
                self.pruned_css = {key: cssprune.prune(source, self.notebook_classes)}
            buildcache.write_if_changed(out, self.pruned_css[key], self.written)
        elif out.is_file():  # the last notebook left the site (a dirty rebuild keeps files)
            out.unlink()
        self.patch_theme_css(Path(config.site_dir))
        if self.nav is not None:
            self.write_print_pages(config)
            try:  # llms.txt and llms-full.txt, from the page sources
                llmstxt.write_site_files(config, self.nav, self.figures,
                                         None if self.first_serve_build else self.llms_store)
            except llmstxt.LlmsTextError as exc:
                raise PluginError(str(exc)) from exc
        index = Path(config.site_dir) / "search" / "search_index.json"
        if index.is_file():
            self.write_search_index(Path(config.site_dir), index)
        if not self.serving:
            pages = csp.apply_to_site(Path(config.site_dir))
            log.info("content security policy added to %d pages", pages)
            for store in self.stores():
                store.prune()
        if self.dirty:
            self.exact.succeeded()
        if self.first_serve_build:
            self.renderer.warm()  # the first edit's math need not wait for Node to start
        self.first_serve_build = False
        summary = [store.summary() for store in self.stores()]
        if self.serving:
            summary.append(f"templates {self.templates.hits} hit(s), {self.templates.misses} miss(es)")
        log.info("build caches: %s", "; ".join(summary))

    def patch_theme_css(self, site: Path) -> None:
        """The theme's table rules also match the tables wrapped at build time (pageload)."""
        sheets = sorted((site / "assets" / "stylesheets").glob("main.*.min.css"))
        if not sheets:
            raise PluginError("the theme's stylesheet (assets/stylesheets/main.*.min.css) is missing")
        for sheet in sheets:
            css = sheet.read_text(encoding="utf-8")
            try:
                patched = pageload.theme_css(css, str(sheet))
            except pageload.ThemeCssError as exc:
                raise PluginError(str(exc)) from exc
            if patched != css:
                sheet.write_text(patched, encoding="utf-8")

    def build_error(self) -> None:
        if self.dirty:
            self.exact.failed()

    def serve(self, server, config) -> None:
        # editing figure code, numerics or build code rebuilds the site
        server.watch(str(PACKAGE_DIR))
        server.watch(str(ROOT / "tests"))  # the @checks declarations the notes come from
        devbuild.poll_every(server, POLL_SECONDS)

    def shutdown(self) -> None:
        self.renderer.close()
