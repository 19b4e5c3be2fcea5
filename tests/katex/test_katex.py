"""Math is rendered by one KaTeX process; a bad formula fails with the place it came from."""

from __future__ import annotations

import pytest

from cheatsheet.katex import KatexError, KatexRenderer
from cheatsheet.mathhtml import render_arithmatex, render_notebook_math, source_locator


@pytest.fixture(scope="module")
def katex():
    with KatexRenderer() as renderer:
        yield renderer


def test_inline_and_display_render_to_katex_markup(katex):
    inline = katex.render(r"\sigma(x) = \frac{1}{1 + e^{-x}}")
    display = katex.render(r"\sum_{i=1}^{n} x_i", display=True)
    assert inline.startswith('<span class="katex">') and "katex-display" not in inline
    assert 'class="katex-display"' in display
    # MathML for screen readers, with the TeX kept as annotation
    assert "<math" in inline and 'encoding="application/x-tex"' in inline


def test_site_macros_expand(katex):
    assert 'mathvariant="double-struck"' in katex.render(r"\R^d")
    assert "arg" in katex.render(r"\argmin_\theta \mathcal{L}")


def test_invalid_tex_raises_with_katex_message(katex):
    with pytest.raises(KatexError, match="KaTeX parse error"):
        katex.render(r"\frac{1}{")
    with pytest.raises(KatexError, match="Undefined control sequence"):
        katex.render(r"\notacommand x")


def test_one_process_serves_many_formulas(katex):
    katex.render("a + b")
    proc = katex._proc
    results = katex.render_many([(f"x_{{{i}}}", i % 2 == 0) for i in range(200)])
    assert katex._proc is proc, "the process must be reused, not restarted per formula"
    assert len(results) == 200 and all(isinstance(r, str) for r in results)


def test_missing_node_is_a_clear_error():
    renderer = KatexRenderer(node="definitely-not-node-xyz")
    with pytest.raises(KatexError, match="Node.js"):
        renderer.render("x")


def test_arithmatex_placeholders_are_replaced(katex):
    html = (
        '<p>Inline <span class="arithmatex">\\(a&lt;b\\)</span>.</p>\n'
        '<div class="arithmatex">\\[\n\\frac{1}{2} &amp; x\n\\]</div>'.replace("&amp; x", "x")
    )
    out = render_arithmatex(html, katex, lambda tex: "page.md")
    assert "arithmatex" not in out and "\\(" not in out and "\\[" not in out
    assert out.count('class="math-inline" data-search-exclude') == 1
    assert out.count('class="math-display" data-search-exclude tabindex="0"') == 1
    assert "<mo>&lt;</mo>" in out  # the escaped < reached KaTeX as a real <


def test_error_names_file_and_line(katex):
    source = "# Title\n\nSome text\n\n$$\n\\frac{1}{\n$$\n"
    html = '<div class="arithmatex">\\[\n\\frac{1}{\n\\]</div>'
    with pytest.raises(KatexError) as info:
        render_arithmatex(html, katex, source_locator("docs/x.md", source))
    assert "docs/x.md:6" in str(info.value)
    assert "KaTeX parse error" in str(info.value)


def test_notebook_dollar_math_in_markdown_cells_only(katex):
    html = (
        '<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput" data-mime-type="text/markdown">'
        "<p>Loss $\\mathcal{L}$ and</p><p>$$x^2$$</p></div>"
        '<div class="jp-OutputArea-output"><pre>costs $5 and $6</pre></div>'
    )
    out = render_notebook_math(html, katex, lambda tex: "nb")
    assert out.count("math-inline") == 1 and out.count("math-display") == 1
    assert "costs $5 and $6" in out, "dollars in outputs are not math"
