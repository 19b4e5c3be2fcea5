"""The figure shortcode: known names expand, unknown or malformed ones fail with file and line."""

from __future__ import annotations

import pytest

from cheatsheet.figures.catalogue import Figure
from cheatsheet.shortcodes import ShortcodeError, expand_figures


def _draw(fig, pal):  # pragma: no cover - never rendered here
    pass


FIGS = {
    "gelu": Figure(name="gelu", draw=_draw, caption="GELU and its derivative.", alt="GELU curve with a minimum near -0.75 [sic]"),
}


def test_expands_to_both_palettes_with_size_and_caption():
    md, used = expand_figures("Text\n\n<!-- figure: gelu -->\n\nMore\n", "section/page.md", FIGS, "docs/section/page.md")
    assert used == ["gelu"]
    assert "](../figures/gelu-light.svg#only-light)" in md
    assert "](../figures/gelu-dark.svg#only-dark)" in md
    assert 'width="614"' in md and "<figcaption>GELU and its derivative.</figcaption>" in md
    assert "\\[sic\\]" in md, "brackets in alt text are escaped for Markdown"


def test_path_is_relative_to_the_page():
    md, _ = expand_figures("<!-- figure: gelu -->\n", "index.md", FIGS, "docs/index.md")
    assert "](figures/gelu-light.svg#only-light)" in md


def test_indentation_is_kept_inside_admonitions():
    md, _ = expand_figures("!!! note\n    <!-- figure: gelu -->\n", "a.md", FIGS, "docs/a.md")
    assert all(line.startswith("    ") for line in md.splitlines()[1:])


def test_unknown_figure_names_file_and_line():
    with pytest.raises(ShortcodeError, match=r"docs/a\.md:3: unknown figure 'gelo'"):
        expand_figures("a\n\n<!-- figure: gelo -->\n", "a.md", FIGS, "docs/a.md")


def test_malformed_shortcode_is_an_error():
    with pytest.raises(ShortcodeError, match=r"docs/a\.md:2: malformed"):
        expand_figures("x\nsee <!-- figure: gelu --> inline\n", "a.md", FIGS, "docs/a.md")


def test_shortcodes_inside_code_fences_are_left_alone():
    text = "```markdown\n<!-- figure: nope -->\n```\n"
    md, used = expand_figures(text, "a.md", FIGS, "docs/a.md")
    assert md == text and used == []
