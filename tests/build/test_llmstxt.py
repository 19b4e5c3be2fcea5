"""llms.txt / llms-full.txt from page sources: shortcodes, snippets and links become plain Markdown."""

from __future__ import annotations

from pathlib import Path

import pytest

from cheatsheet import buildcache, llmstxt
from cheatsheet.figures.info import FigureInfo

FIG = FigureInfo("demo-curve", "The curve rises.", "A line rising from left to right.", (4.0, 3.0))
PAGE = """---
title: Demo page
description: A demo page for the text export, with a figure, a snippet and links.
tags:
  - demo
---

# Demo page

See [the other page](../other.md#sec) and [this section](#here); `layers[0](x)` stays code.

$$
y = \\sigma(x)
$$

<!-- figure: demo-curve -->

=== "PyTorch"

    ``` python title="Demo"
    --8<-- "demo/run.py"
    ```

```python
net[0](x)
```
"""


def _pages() -> list[llmstxt.NavPage]:
    return [llmstxt.NavPage("sub/demo.md", "sub/demo/", "Demo", "Section A"),
            llmstxt.NavPage("other.md", "other/", "Other", "Section B")]


def _docs(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "snippets" / "demo").mkdir(parents=True)
    (docs / "sub" / "demo.md").write_text(PAGE)
    (docs / "other.md").write_text("---\ntitle: Other\ndescription: The other page of the demo site, with no figure.\n---\n\n# Other\n\n## Sec\n")
    (docs / "snippets" / "demo" / "run.py").write_text("import torch\n\nassert torch.ones(1).item() == 1.0\n")
    return docs


def _build(docs: Path, store=None, figures=None):
    return llmstxt.build(_pages(), docs_dir=docs, site_name="Demo Site", summary="A demo.",
                         site_url="https://example.org/dl/", figures={FIG.name: FIG} if figures is None else figures,
                         macros={"\\R": "\\mathbb{R}"}, store=store)


def test_site_map_lists_pages_by_section_with_descriptions(tmp_path):
    site_map, _ = _build(_docs(tmp_path))
    assert site_map.startswith("# Demo Site\n\n> A demo.\n")
    assert "## Section A\n\n- [Demo page](https://example.org/dl/sub/demo/): A demo page for the text export" in site_map
    assert "## Section B\n\n- [Other](https://example.org/dl/other/): The other page" in site_map
    assert site_map.index("## Section A") < site_map.index("## Section B")


def test_full_text_inlines_snippets_and_figures_and_resolves_links(tmp_path):
    _, full = _build(_docs(tmp_path))
    assert "--8<--" not in full and "<!-- figure" not in full and "tags:" not in full
    # the snippet, indented like its include line inside the tab
    assert '    ``` python title="Demo"\n    import torch\n\n    assert torch.ones(1).item() == 1.0\n    ```' in full
    assert "![A line rising from left to right.](https://example.org/dl/figures/demo-curve-light.svg)" in full
    assert "*Figure: The curve rises.*" in full
    assert "[the other page](https://example.org/dl/other/#sec)" in full
    assert "[this section](https://example.org/dl/sub/demo/#here)" in full
    assert "`layers[0](x)`" in full and "net[0](x)" in full  # code is never rewritten
    assert "$$\ny = \\sigma(x)\n$$" in full
    assert "---\ntitle: Demo page\ndescription: A demo page" in full
    assert "`\\R` = `\\mathbb{R}`" in full


def test_unknown_figure_or_snippet_names_the_file_and_line(tmp_path):
    docs = _docs(tmp_path)
    with pytest.raises(llmstxt.LlmsTextError, match=r"docs/sub/demo\.md:16: unknown figure 'demo-curve'"):
        _build(docs, figures={})
    (docs / "snippets" / "demo" / "run.py").unlink()
    with pytest.raises(llmstxt.LlmsTextError, match=r"docs/sub/demo\.md:\d+: snippet 'demo/run\.py' not found"):
        _build(docs)


def test_notebook_pages_become_markdown_with_fenced_code(tmp_path):
    docs = _docs(tmp_path)
    (docs / "nb.ipynb").write_text(
        '{"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# A notebook\\n", "\\n", "It trains a tiny net. More text."]},'
        ' {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null, "source": ["x = 1"]}],'
        ' "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    page = llmstxt.NavPage("nb.ipynb", "nb/", "Notebook", "Section A")
    doc = llmstxt.page_doc(page, (docs / "nb.ipynb").read_text(), snippets={}, figures={}, urls={}, site_url="")
    assert (doc.title, doc.description) == ("A notebook", "It trains a tiny net.")
    assert doc.body == "# A notebook\n\nIt trains a tiny net. More text.\n\n```python\nx = 1\n```\n"


def test_a_no_op_build_is_a_cache_hit_and_any_source_change_a_miss(tmp_path):
    docs = _docs(tmp_path)
    store = buildcache.Store("llmstxt", code="v1", root=tmp_path / "cache")
    first = _build(docs, store)
    assert (store.hits, store.misses) == (0, 1)
    assert _build(docs, buildcache.Store("llmstxt", code="v1", root=tmp_path / "cache")) == first
    (docs / "snippets" / "demo" / "run.py").write_text("print(2)\n")
    again = buildcache.Store("llmstxt", code="v1", root=tmp_path / "cache")
    changed = _build(docs, again)
    assert again.misses == 1 and "print(2)" in changed[1]
