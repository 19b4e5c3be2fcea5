"""Notebook cache invalidation and HTML cleaning."""

from __future__ import annotations

import json
from pathlib import Path

from cheatsheet import notebooks


def _notebook(path: Path, code: str) -> Path:
    path.write_text(json.dumps({
        "cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# T\n", "$x$"]},
                  {"cell_type": "code", "metadata": {}, "source": [code], "outputs": [], "execution_count": None}],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
    }))
    return path


def test_cache_is_cleared_when_imported_code_changes(tmp_path: Path, monkeypatch):
    nb = _notebook(tmp_path / "a.ipynb", "from cheatsheet.numerics import activations\n%matplotlib inline")
    cache = tmp_path / "cache"
    manifest = tmp_path / "manifest.json"
    notebooks.invalidate_stale([nb], cache, manifest)  # first run records the hashes
    cache.mkdir()
    (cache / "entry.json").write_text("{}")
    assert notebooks.invalidate_stale([nb], cache, manifest) == []
    assert (cache / "entry.json").exists(), "nothing changed: the cache stays"
    # simulate an edit of the imported module by changing its recorded hash
    data = json.loads(manifest.read_text())
    data[str(nb)] = "0" * 64
    manifest.write_text(json.dumps(data))
    assert notebooks.invalidate_stale([nb], cache, manifest) == [nb]
    assert not cache.exists(), "a changed dependency clears the notebook cache"


def test_dependency_hash_depends_on_imported_files(tmp_path: Path):
    a = _notebook(tmp_path / "a.ipynb", "import numpy")
    b = _notebook(tmp_path / "b.ipynb", "import numpy\nfrom cheatsheet.numerics.perceptron import heaviside")
    assert notebooks.dependencies(a) == set()
    assert any(p.name == "perceptron.py" for p in notebooks.dependencies(b))


def test_clean_html_drops_third_party_scripts_and_moves_styles():
    html = (
        '<style>.jp-Cell{color:red}</style><script src="https://cdn.example.org/mathjax.js"></script>'
        '<script src=""> </script><script type="text/x-mathjax-config">MathJax.Hub.Config({})</script>'
        '<script type="module">await import("https://cdnjs.cloudflare.com/x.mjs")</script>'
        '<script>document.addEventListener("clipboard-copy", f)</script><div class="jp-Cell">ok</div>'
    )
    out, css = notebooks.clean_html(html)
    assert css == ".jp-Cell{color:red}"
    assert "<style" not in out and "https://" not in out and "MathJax" not in out and 'src=""' not in out
    assert "clipboard-copy" in out and '<div class="jp-Cell">ok</div>' in out


def test_clean_html_turns_base64_svg_plots_into_compressible_text():
    import base64
    import gzip
    from urllib.parse import unquote

    svg = ('<?xml version="1.0" encoding="utf-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10pt">\n'
           + "".join(f'<use xlink:href="#m0" x="{i}.5" y="{i % 7}" style="fill: #1f77b4; opacity: 50%"/>\n' for i in range(300))
           + "<text>a &amp; b</text></svg>\n")
    b64 = base64.b64encode(svg.encode()).decode()
    html = f'<div><img alt="plot" src="data:image/svg+xml;base64,{b64}"/></div>'
    out, _ = notebooks.clean_html(html)
    uri = out.split('src="', 1)[1].split('"/>', 1)[0]
    assert uri.startswith("data:image/svg+xml,") and unquote(uri.removeprefix("data:image/svg+xml,")) == svg
    assert not set(uri) & set("\"'<>&#%\n") - {"%"} and "%%" not in uri
    assert out.startswith('<div><img alt="plot" src="data:image/svg+xml,') and out.endswith('"/></div>')
    assert len(gzip.compress(out.encode())) < 0.75 * len(gzip.compress(html.encode()))
