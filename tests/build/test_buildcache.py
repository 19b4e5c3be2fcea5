"""The build caches: a change of any input is a miss, a no-op is a hit, entries are atomic."""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path
from types import SimpleNamespace

from cheatsheet import buildcache, pagecache
from cheatsheet.figures import manifest
from cheatsheet.figures.info import FigureInfo


def test_digest_delimits_its_parts():
    assert buildcache.digest("ab", "c") != buildcache.digest("a", "bc")
    assert buildcache.digest("x") == buildcache.digest(b"x")


def test_store_round_trip_returns_fresh_copies(tmp_path: Path):
    store = buildcache.Store("step", code="v1", root=tmp_path)
    key = store.key("input")
    assert store.get(key) is None
    store.put(key, {"html": "<p>x</p>", "ids": {"a"}})
    first = store.get(key)
    first["ids"].add("mutated")
    assert store.get(key) == {"html": "<p>x</p>", "ids": {"a"}}
    fresh = buildcache.Store("step", code="v1", root=tmp_path)  # another process: reads the disk
    assert fresh.get(key) == {"html": "<p>x</p>", "ids": {"a"}}
    assert not list((tmp_path / "step").glob(".*.tmp")), "no temporary file is left behind"


def test_key_changes_with_the_code_and_the_inputs(tmp_path: Path):
    a = buildcache.Store("step", code="v1", root=tmp_path)
    b = buildcache.Store("step", code="v2", root=tmp_path)
    assert a.key("in") == a.key("in")
    assert a.key("in") != b.key("in")
    assert a.key("in") != a.key("in2")


def test_a_truncated_entry_is_a_miss_not_an_error(tmp_path: Path):
    store = buildcache.Store("step", root=tmp_path)
    key = store.key("x")
    store.put(key, list(range(1000)))
    path = tmp_path / "step" / f"{key}.pickle"
    path.write_bytes(path.read_bytes()[:20])
    assert buildcache.Store("step", root=tmp_path).get(key) is None


def test_prune_keeps_used_and_recent_entries(tmp_path: Path):
    store = buildcache.Store("step", root=tmp_path)
    old, recent, used = store.key("old"), store.key("recent"), store.key("used")
    for key in (old, recent, used):
        store.put(key, key)
    ancient = time.time() - 30 * 24 * 3600
    for key in (old, used):
        os.utime(tmp_path / "step" / f"{key}.pickle", (ancient, ancient))
    store.begin()
    store.get(used)
    assert store.prune() == 1
    left = {p.stem for p in (tmp_path / "step").glob("*.pickle")}
    assert left == {recent, used}


def _config(tmp_path: Path, **mdx) -> dict:
    snippets = tmp_path / "snippets"
    snippets.mkdir(exist_ok=True)
    config = {
        "markdown_extensions": ["toc", "pymdownx.snippets"],
        "mdx_configs": {"pymdownx.snippets": {"base_path": [str(snippets)], "auto_append": ["glossary.md"], **mdx}},
        "validation": {"links": {"not_found": 30}},
        "use_directory_urls": True,
        "docs_dir": str(tmp_path / "docs"),
    }
    return _Config(config, tmp_path)


class _Config(dict):
    def __init__(self, data: dict, tmp_path: Path) -> None:
        super().__init__(data)
        self.config_file_path = str(tmp_path / "mkdocs.yml")


def _page(markdown: str, src: str = "a.md"):
    file = SimpleNamespace(src_uri=src, dest_uri=src.replace(".md", "/index.html"), url=src.replace(".md", "/"))
    return SimpleNamespace(markdown=markdown, file=file)


def _files(*names: str):
    return [SimpleNamespace(src_uri=n, dest_uri=n, url=n, inclusion="included") for n in names]


def test_render_key_tracks_every_input_and_nothing_else(tmp_path: Path):
    config = _config(tmp_path)
    snippets = tmp_path / "snippets"
    (snippets / "code.py").write_text("x = 1\n")
    (snippets / "other.py").write_text("y = 1\n")
    (snippets / "glossary.md").write_text("*[GELU]: Gaussian error linear unit\n")
    page_md = 'Text\n\n--8<-- "code.py"\n'
    cache = pagecache.RenderCache(buildcache.Store("markdown", root=tmp_path / "cache"))

    def key(markdown=page_md, files=("a.md", "b.md"), cfg=config, src="a.md"):
        cache.begin(cfg, _files(*files))
        return cache.key(_page(markdown, src), cfg)

    base = key()
    assert key() == base, "a no-op is a hit"
    (snippets / "other.py").write_text("y = 2\n")
    assert key() == base, "a snippet the page does not include is not an input"
    assert key(markdown=page_md + "more\n") != base
    assert key(files=("a.md", "b.md", "c.md")) != base, "a new or removed file can change link checks"
    assert key(src="sub/a.md") != base, "relative links resolve against the page's place"
    assert key(cfg=_config(tmp_path, check_paths=True)) != base
    (snippets / "code.py").write_text("x = 2\n")
    changed_snippet = key()
    assert changed_snippet != base
    (snippets / "glossary.md").write_text("*[GELU]: changed\n")
    assert key() != changed_snippet, "the auto-appended glossary is an input of every page"


def test_block_snippet_includes_fall_back_to_the_whole_tree(tmp_path: Path):
    config = _config(tmp_path)
    snippets = tmp_path / "snippets"
    (snippets / "one.py").write_text("a\n")
    (snippets / "glossary.md").write_text("")
    cache = pagecache.RenderCache(buildcache.Store("markdown", root=tmp_path / "cache"))
    page = _page("--8<--\none.py\n--8<--\n")
    cache.begin(config, _files("a.md"))
    before = cache.key(page, config)
    (snippets / "unrelated.py").write_text("b\n")
    cache.begin(config, _files("a.md"))
    assert cache.key(page, config) != before


def test_figure_manifest_is_current_only_for_the_same_package_and_outputs(tmp_path: Path, monkeypatch):
    store = buildcache.Store("figure-manifest", root=tmp_path / "cache")
    monkeypatch.setattr(manifest, "STORE", store)
    digest = ["pkg-v1"]
    monkeypatch.setattr(manifest, "package_digest", lambda: digest[0])
    out = tmp_path / "figures"
    out.mkdir()
    (out / "f-light.svg").write_text("<svg>1</svg>")
    info = [FigureInfo("f", "caption", "alt", (6.4, 2.8))]
    assert manifest.current(out) is None
    manifest.record(out, info)
    assert manifest.current(out) == {"f": info[0]}
    (out / "f-light.svg").write_text("<svg>edited by hand</svg>")
    assert manifest.current(out) is None, "an output that is not what the build wrote"
    manifest.record(out, info)
    digest[0] = "pkg-v2"
    assert manifest.current(out) is None, "any change to the package's sources"


def test_package_digest_changes_when_a_source_file_changes(tmp_path: Path, monkeypatch):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "a.py").write_text("A = 1\n")
    monkeypatch.setattr(manifest, "PACKAGE_DIR", pkg)
    before = manifest.package_digest()
    assert manifest.package_digest() == before
    (pkg / "a.py").write_text("A = 2\n")
    assert manifest.package_digest() != before


def test_pickled_entries_are_plain_data(tmp_path: Path):
    store = buildcache.Store("step", root=tmp_path)
    key = store.key("k")
    store.put(key, ["x"])
    assert pickle.loads((tmp_path / "step" / f"{key}.pickle").read_bytes()) == ["x"]


def test_notebook_page_html_is_reused_until_its_html_source_or_place_changes(tmp_path: Path, monkeypatch):
    """The ``notebook-html`` step: a notebook page's cleaned HTML with its math rendered."""
    import json
    from types import SimpleNamespace

    from cheatsheet import mkdocs_glue

    monkeypatch.setattr(buildcache, "ROOT_DIR", tmp_path / "cache")
    nb = tmp_path / "nb.ipynb"

    def write(markdown: str) -> None:
        nb.write_text(json.dumps({"cells": [{"cell_type": "markdown", "metadata": {}, "source": markdown}],
                                  "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")

    write("**Also known as:** a toy notebook\n\nText.")
    build = mkdocs_glue.SiteBuild()
    try:
        def page(url: str = "notebooks/nb/"):
            return SimpleNamespace(url=url, markdown="", is_homepage=False, file=SimpleNamespace(src_uri="notebooks/nb.ipynb",
                                                                             abs_src_path=str(nb)))

        html = '<style>.jp-Cell{color:red}</style><div class="jp-Cell">Text</div>'
        store = build.notebook_store
        first = build.page_content(html, page(), None)
        assert (store.hits, store.misses) == (0, 1)
        assert build.page_content(html, page(), None) == first and store.hits == 1  # no-op: a hit
        assert build.notebook_css and build.search_names["notebooks/nb/"] == "a toy notebook"
        build.page_content(html.replace("Text", "Other"), page(), None)  # its HTML
        build.page_content(html, page("elsewhere/nb/"), None)  # its place (the stylesheet's path)
        write("Changed text.")  # its source (cell locations, other names)
        build.page_content(html, page(), None)
        assert (store.hits, store.misses) == (1, 4)
    finally:
        build.shutdown()
