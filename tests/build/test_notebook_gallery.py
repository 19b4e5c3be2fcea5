"""The notebook gallery: every notebook asserts, links its topic pages and is linked back,
is in the gallery with its thumbnail, executes (with torch, whose comparison cells must run)
within its time budget, and a no-op rebuild re-executes none of them."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from cheatsheet import notebooks
from cheatsheet.figures.catalogue import catalogue
from tests.pages import DOCS, nav_files

NB_DIR = DOCS / "notebooks"
ALL = sorted(p.name for p in NB_DIR.glob("*.ipynb"))
BUDGET_S = 20.0


def test_every_notebook_is_in_the_gallery_table():
    assert sorted(notebooks.GALLERY) == ALL


@pytest.mark.parametrize("name", ALL)
def test_notebook_has_an_assertion_cell(name):
    assert notebooks.has_assertion_cell(NB_DIR / name), f"{name}: no code cell asserts anything"


@pytest.mark.parametrize("name", ALL)
def test_notebook_and_its_topic_pages_link_each_other(name):
    entry = notebooks.GALLERY[name]
    text = "\n".join(notebooks.markdown_cells(NB_DIR / name))
    stem = "notebooks/" + name.removesuffix(".ipynb")
    assert entry["topics"], f"{name}: declare its topic pages"
    for topic in entry["topics"]:
        assert (DOCS / topic).is_file(), f"{name}: unknown topic page {topic}"
        assert notebooks.page_links_to(text, topic), f"{name}: does not link its topic page {topic}"
        page = (DOCS / topic).read_text(encoding="utf-8")
        related = page.split("## In code", 1)[-1]
        assert notebooks.page_links_to(related, stem + ".ipynb"), \
            f"{topic}: its In code or Related section lacks the link to {name}"


@pytest.mark.parametrize("name", ALL)
def test_gallery_page_lists_the_notebook_with_its_thumbnail(name):
    gallery = (NB_DIR / "index.md").read_text(encoding="utf-8")
    figure = notebooks.GALLERY[name]["figure"]
    assert f"]({name})" in gallery, f"gallery lacks a link to {name}"
    assert f"<!-- figure: {figure} -->" in gallery, f"gallery lacks the thumbnail of {name}"
    assert figure in catalogue(), f"{figure} is not in the figure catalogue"
    assert f"notebooks/{name}" in nav_files()


def test_page_links_to_matches_only_real_links():
    assert notebooks.page_links_to("see [x](../../training/training-algorithm/)", "training/training-algorithm.md")
    assert notebooks.page_links_to("see [x](../notebooks/char-rnn.ipynb)", "notebooks/char-rnn.ipynb")
    assert not notebooks.page_links_to("training/training-algorithm.md in prose", "training/training-algorithm.md")
    assert not notebooks.page_links_to("[x](../notebooks/char-rnn-2.ipynb)", "notebooks/char-rnn.ipynb")


def test_a_notebook_without_assert_is_caught(tmp_path: Path):
    from tests.build.test_notebooks import _notebook
    assert not notebooks.has_assertion_cell(_notebook(tmp_path / "a.ipynb", "x = 1\nprint('assert')"))
    assert notebooks.has_assertion_cell(_notebook(tmp_path / "b.ipynb", "x = 1\nassert x == 1"))


def test_noop_rebuild_keeps_the_cache_of_every_notebook(tmp_path: Path):
    nbs = sorted(NB_DIR.glob("*.ipynb"))
    cache = tmp_path / "cache"
    manifest = tmp_path / "manifest.json"
    notebooks.invalidate_stale(nbs, cache, manifest)
    cache.mkdir()
    (cache / "entry.json").write_text("{}")
    assert notebooks.invalidate_stale(nbs, cache, manifest) == [], "nothing changed: nothing re-executes"
    assert (cache / "entry.json").exists()
    for nb in nbs:
        assert any(p.parts[-2] == "numerics" for p in notebooks.dependencies(nb)), \
            f"{nb.name}: imports no cheatsheet.numerics module, so its cache would miss code changes"


@pytest.mark.parametrize("name", ALL)
def test_notebook_executes_with_torch_within_budget(name):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("torch")
    nb = nbformat.read(NB_DIR / name, as_version=4)
    start = time.perf_counter()
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(NB_DIR)}}).execute()
    elapsed = time.perf_counter() - start
    print(f"\n{name}: executed in {elapsed:.1f} s")
    outputs = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert notebooks.SKIP_MESSAGE not in outputs, f"{name}: the torch comparison was skipped although torch is installed"
    uses_torch = any("import torch" in c.source for c in nb.cells if c.cell_type == "code")
    if uses_torch:
        assert "torch" in outputs, f"{name}: the torch cells printed nothing"
    assert elapsed < BUDGET_S * 2, f"{name}: {elapsed:.1f} s (budget {BUDGET_S} s on an idle CPU)"
