"""The site-wide glossary: parsed strictly, given to the ``abbr`` extension, and shown as tooltips."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from cheatsheet import glossary
from cheatsheet.paths import ROOT

GLOSSARY = ROOT / "docs" / "includes" / "abbreviations.md"


def test_the_site_glossary_parses_and_is_large():
    terms = glossary.load(GLOSSARY)
    assert len(terms) > 300
    assert terms["GELU"] == "Gaussian error linear unit"


def test_as_an_option_it_gives_the_same_html_as_appending_the_definitions():
    """The glossary option is a faster way to the same tooltips as appended definitions."""
    terms = glossary.load(GLOSSARY)
    text = "GELU and MLP and a KL term, in an LSTM; not gelu."
    appended = "\n".join(f"*[{k}]: {v}" for k, v in terms.items())
    slow = markdown.markdown(text + "\n\n" + appended, extensions=["abbr"])
    fast = markdown.markdown(text, extensions=["abbr"], extension_configs={"abbr": {"glossary": terms}})
    assert fast == slow and '<abbr title="Gaussian error linear unit">GELU</abbr>' in fast


@pytest.mark.parametrize(("text", "message"), [
    ("*[GELU]: one\n*[GELU]: two\n", "g.md:2: 'GELU' is already defined on line 1"),
    ("*[GELU]: one\nGELU means something\n", "g.md:2: not a glossary definition"),
    ("*[GELU]:\n", "g.md:1: not a glossary definition"),
])
def test_a_bad_line_names_the_file_and_the_line(tmp_path: Path, monkeypatch, text: str, message: str):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "g.md").write_text(text, encoding="utf-8")
    with pytest.raises(glossary.GlossaryError, match=message.replace("(", r"\(")):
        glossary.load(Path("g.md"))


def test_comments_and_blank_lines_are_allowed(tmp_path: Path):
    path = tmp_path / "g.md"
    path.write_text("<!-- a note -->\n\n*[MLP]: Multi-layer perceptron\n", encoding="utf-8")
    assert glossary.load(path) == {"MLP": "Multi-layer perceptron"}


def test_a_broken_glossary_fails_the_build_naming_its_line(tmp_path: Path):
    import os
    import subprocess
    import sys

    from tests.website.tiny import write_site

    config = write_site(tmp_path, {"index.md": "# Home\n\nAn MLP.\n",
                                   "includes/abbreviations.md": "*[MLP]: Multi-layer perceptron\nMLP is nice\n"})
    text = config.read_text().replace("markdown_extensions:\n", "markdown_extensions:\n  - abbr\n")
    config.write_text(text + "exclude_docs: includes/\n")
    run = lambda: subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
                                 cwd=tmp_path, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                                 capture_output=True, text=True, timeout=300)
    failed = run()
    assert failed.returncode != 0
    assert "docs/includes/abbreviations.md:2: not a glossary definition" in failed.stderr
    (tmp_path / "docs" / "includes" / "abbreviations.md").write_text("*[MLP]: Multi-layer perceptron\n")
    fixed = run()
    assert fixed.returncode == 0, fixed.stderr[-2000:]
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert '<abbr title="Multi-layer perceptron">MLP</abbr>' in html
