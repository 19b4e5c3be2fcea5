"""Bad input fails the build and names the file and the line; nothing half-written stays."""

from __future__ import annotations

import json
from pathlib import Path

from .tiny import build

GOOD = """\
    # Good

    Inline $\\sigma(x)$ and display:

    $$
    \\mathcal{L} = -\\log p
    $$

    <!-- figure: intro-relu-sum -->
    """


def test_a_good_tiny_site_renders_math_and_figures(tmp_path: Path):
    result = build(tmp_path, {"index.md": GOOD})
    assert result.code == 0, result.output
    html = (result.site / "index.html").read_text()
    assert 'class="math-inline"' in html and 'class="math-display"' in html
    assert 'src="figures/intro-relu-sum-light.svg#only-light"' in html
    assert (result.site / "figures" / "intro-relu-sum-dark.svg").is_file()


def test_invalid_formula_names_file_and_line(tmp_path: Path):
    page = "# Bad\n\nFine $x$.\n\n$$\n\\frac{1}{\n$$\n"
    result = build(tmp_path, {"index.md": "# Home\n", "sub/bad.md": page})
    assert result.code == 1
    assert "docs/sub/bad.md:6" in result.output
    assert "KaTeX parse error" in result.output


def test_unknown_figure_names_file_and_line(tmp_path: Path):
    result = build(tmp_path, {"index.md": "# Home\n\ntext\n\n<!-- figure: no-such-figure -->\n"})
    assert result.code == 1
    assert "docs/index.md:5: unknown figure 'no-such-figure'" in result.output


def test_broken_link_names_the_page(tmp_path: Path):
    result = build(tmp_path, {"index.md": "# Home\n\nSee [this](missing.md).\n"})
    assert result.code == 1
    assert "index.md" in result.output and "missing.md" in result.output


def test_missing_figure_file_fails_the_build(tmp_path: Path):
    result = build(tmp_path, {"index.md": "# Home\n\n![x](figures/not-rendered-light.svg)\n"})
    assert result.code == 1
    assert "not-rendered-light.svg" in result.output


def test_failing_notebook_names_the_notebook(tmp_path: Path):
    nb = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# Broken notebook"]},
            {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
             "source": ["1 / 0"]},
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }
    result = build(tmp_path, {"index.md": "# Home\n", "broken.ipynb": json.dumps(nb)}, notebooks=True)
    assert result.code == 1
    assert "docs/broken.ipynb: code cell 1 ('1 / 0') raised ZeroDivisionError: division by zero" in result.output


def test_staged_build_keeps_the_previous_site_on_failure(tmp_path: Path):
    ok = build(tmp_path, {"index.md": GOOD}, staged=True)
    assert ok.code == 0, ok.output
    before = (ok.site / "index.html").read_bytes()
    bad = build(tmp_path, {"index.md": "# Broken\n\n$\\frac{$\n"}, staged=True)
    assert bad.code == 1
    assert (bad.site / "index.html").read_bytes() == before, "the old site must stay intact"
    leftovers = [p.name for p in tmp_path.iterdir() if "staging" in p.name or p.name.endswith("-old")]
    assert leftovers == []


def test_a_checked_formula_shows_its_note_and_an_unknown_check_names_file_and_line(tmp_path: Path):
    page = "---\ntitle: Home\n---\n\n# Home\n\n$$\nh = \\tanh(x)\n$$\n\n<!-- checked: rnn-cell -->\n"
    good = build(tmp_path / "good", {"index.md": page})
    assert good.code == 0, good.output
    html = (good.site / "index.html").read_text()
    assert '<p class="dl-checked" data-search-exclude>Checked against <code>torch.nn.RNNCell</code>' in html
    assert "<code>tests/numerics/test_recurrent.py</code>" in html  # no repository: named, not linked
    bad = build(tmp_path / "bad", {"index.md": page.replace("rnn-cell", "rnn-cel")})
    assert bad.code == 1
    assert "docs/index.md:11: unknown check 'rnn-cel': no test declares it" in bad.output
    glued = build(tmp_path / "glued", {"index.md": page.replace("$$\n\n<!--", "$$\n<!--")})
    assert glued.code == 1
    assert "docs/index.md:10: leave a blank line between the formula's closing $$ and the checked note" in glued.output
