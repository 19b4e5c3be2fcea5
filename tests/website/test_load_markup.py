"""Markup the build adds so that long pages load in short tasks (cheatsheet.pageload).

The parser yield points, the code blocks' tab stops, the tables wrapped at build time and
the theme's stylesheet are checked on the built site; the transforms on small inputs, where
each rule can be seen to hold or fail.
"""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

from cheatsheet import csp, pageload

pytestmark = pytest.mark.site

ARTICLE_RE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
# the longest run of article HTML the parser may meet without a yield point, from the first
# section on: about 10 ms of parsing on a desktop, 40 ms under Lighthouse's phone profile
MAX_RUN = 256 * 1024


def _article(path) -> str | None:
    m = ARTICLE_RE.search(path.read_text(encoding="utf-8"))
    return m.group(1) if m else None


def _topic_pages(built_site):
    for path in sorted(built_site.rglob("index.html")):
        rel = path.relative_to(built_site).as_posix()
        if rel.startswith(("print/", "notebooks/")) or rel == "index.html":
            continue
        yield rel, path


def test_long_pages_have_parser_yield_points_throughout(built_site):
    too_long, without = [], []
    for rel, path in _topic_pages(built_site):
        body = _article(path)
        assert body is not None, f"{rel}: no article"
        first = body.find("<h2")
        if first < 0:
            continue
        runs = body[first:].split(pageload.YIELD_POINT)
        if len(runs) == 1 and len(body) > 64 * 1024:
            without.append(rel)
        longest = max(len(r) for r in runs)
        if longest > MAX_RUN:
            too_long.append((rel, longest))
    assert not without, f"long pages without yield points: {without}"
    assert not too_long, f"runs of HTML without a yield point: {too_long}"


def test_yield_points_are_empty_and_outside_the_content_security_policy(built_site):
    text = (built_site / "optimizers" / "index.html").read_text(encoding="utf-8")
    body = ARTICLE_RE.search(text).group(1)
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", body, re.S)
    assert len(scripts) >= 20 and all(s == "" for s in scripts), "only empty scripts in a topic page's article"
    empty = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"  # SHA-256 of the empty string
    assert empty not in text, "empty scripts never run, so the policy need not allow them"


def test_every_code_block_is_focusable_from_the_first_byte(built_site):
    missing = []
    for rel, path in _topic_pages(built_site):
        body = _article(path) or ""
        for m in re.finditer(r"<pre\b[^>]*>(?:<span></span>)?<code\b([^>]*)>", body):
            if 'tabindex="0"' not in m.group(1):
                missing.append(rel)
    assert not missing, f"code blocks without a tab stop: {sorted(set(missing))}"


def test_every_table_is_marked_so_the_theme_styles_it_without_moving_it(built_site):
    """The theme's table rules now select table.dl-table: a table without a class would be
    unstyled (and, on a page, moved by the theme's script at load)."""
    bare, unwrapped = [], []
    for path in sorted(built_site.rglob("*.html")):
        rel = path.relative_to(built_site).as_posix()
        text = path.read_text(encoding="utf-8")
        bare += [rel for _ in re.finditer(r"<table(?![^>]*\bclass=)[\s>]", text)]
        if not rel.startswith("print/"):
            for m in re.finditer(r'(.{0,90})<table class="dl-table"', text, re.S):
                if not m.group(1).endswith(pageload.WRAP_OPEN):
                    unwrapped.append(rel)
    assert not bare, f"tables without a class: {sorted(set(bare))[:10]}"
    assert not unwrapped, f"marked tables outside the theme's scroll box: {sorted(set(unwrapped))[:10]}"


def _selectors(css: str):
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    for m in re.finditer(r"([^{}]+)\{", css):
        if not m.group(1).lstrip().startswith("@"):
            yield from (sel.strip() for sel in m.group(1).split(","))


def test_a_class_change_on_the_root_does_not_restyle_the_whole_page(built_site):
    """The theme swaps no-js for js on <html> while the page loads. A rule that depends on
    that class (or on any class attribute, "[class]") and ends in a bare pseudo-class gives
    the browser nothing to narrow the change to, so it restyled every element on the page
    (3,340 on the formula-heaviest one) inside the theme's first task."""
    sheets = [*(built_site / "assets" / "stylesheets").glob("*.css"), built_site / "assets" / "katex" / "katex.min.css"]
    assert any(p.name.startswith("main.") for p in sheets)
    broad = []
    for sheet in sheets:
        for sel in _selectors(sheet.read_text(encoding="utf-8")):
            if not re.search(r"\.(?:no-)?js(?![\w-])|\[class\]", sel):
                continue
            last = re.split(r"\s*[\s>+~]\s*", sel)[-1]
            if not re.match(r"[a-zA-Z]|[.#\[]", re.sub(r"::?[\w-]+(\([^)]*\))?", "", last) or "-"):
                broad.append(f"{sheet.name}: {sel}")
            elif "[class]" in sel and sheet.name.startswith("main."):
                if "highlighttable" not in sel:  # the one line-number rule; the site has no such tables
                    broad.append(f"{sheet.name}: {sel}")
    assert not broad, f"rules that make a root class change restyle everything: {broad[:5]}"
    main = next(p for p in sheets if p.name.startswith("main.")).read_text(encoding="utf-8")
    assert pageload.THEME_TABLE not in main and main.count(pageload.PATCHED_TABLE) >= 10


# -- the transform on small pages ---------------------------------------------------------

def _page(body: str) -> str:
    return f'<html><body><article class="md-content__inner md-typeset">{body}</article><h2>footer</h2></body></html>'


def test_a_yield_point_goes_before_each_later_heading_that_follows_a_block():
    body = ('<h1>T</h1>\n<h2 id="a">A</h2>\n<p>x</p>\n<h2 id="b">B</h2>\n<h3 id="b1">B1</h3>\n'
            '<ul><li>y</li></ul>\n<h3 id="b2">B2</h3>\n<div class="tabbed-block">\n<h2 id="c">C</h2>\n</div>')
    out = pageload.add_yield_points(_page(body))
    y = pageload.YIELD_POINT
    assert f'<h1>T</h1>\n<h2 id="a">' in out, "none before the first section"
    assert f'<p>x</p>\n{y}<h2 id="b">' in out
    assert f'<h2 id="b">B</h2>\n<h3 id="b1">' in out, "an h3 right after its h2 keeps that neighbour"
    assert f'</ul>\n{y}<h3 id="b2">' in out
    assert '<div class="tabbed-block">\n<h2 id="c">' in out, "a first child stays the first child"
    assert out.endswith("</article><h2>footer</h2></body></html>"), "nothing outside the article"
    assert out.count(y) == 2


def test_notebook_pages_and_pages_without_sections_are_left_alone():
    notebook = _page('<div class="jupyter-wrapper"><h2 id="a">A</h2><p>x</p>\n<h2 id="b">B</h2></div>')
    assert pageload.fix_page(notebook) == notebook
    flat = _page("<h1>T</h1><p>only text</p><pre><span></span><code>x = 1</code></pre>")
    assert pageload.add_yield_points(flat) == flat


def test_highlighted_code_gets_a_tab_stop_and_inline_code_does_not():
    out = pageload.focusable_code_blocks(
        _page('<p>see <code>x</code></p><div class="highlight"><pre><span></span><code>x = 1</code></pre></div>'))
    assert '<p>see <code>x</code></p>' in out
    assert '<pre><span></span><code tabindex="0">x = 1</code></pre>' in out


def test_the_policy_hashes_scripts_that_run_and_skips_empty_ones():
    hashes = csp.inline_script_hashes("<script></script><script>x()</script><script type='application/json'>{}</script>")
    assert hashes == {f"'sha256-{base64.b64encode(hashlib.sha256(b'x()').digest()).decode()}'"}


def test_markdown_tables_get_the_theme_wrapper_and_a_table_inside_a_table_is_left_alone():
    table = '<table tabindex="0" aria-label="Rules"><tr><td>1</td></tr></table>'
    out = pageload.wrap_tables(_page(f"<p>a</p>{table}<p>b</p>"))
    assert (f'<p>a</p>{pageload.WRAP_OPEN}<table class="dl-table" tabindex="0" aria-label="Rules">'
            f'<tr><td>1</td></tr></table>{pageload.WRAP_CLOSE}<p>b</p>') in out
    nested = _page('<table tabindex="0" aria-label="A"><tr><td><table><tr><td>x</td></tr></table></td></tr></table>')
    assert pageload.wrap_tables(nested) == nested
    assert pageload.wrap_tables(_page('<table class="dataframe"><tr></tr></table>')).count("scrollwrap") == 0


def test_the_print_book_marks_bare_tables_only():
    out = pageload.mark_tables('<table><tr></tr></table><table border="1"></table><table class="dataframe"></table><tablex>')
    assert out == ('<table class="dl-table"><tr></tr></table><table class="dl-table" border="1"></table>'
                   '<table class="dataframe"></table><tablex>')


def test_the_theme_stylesheet_is_rewritten_once_and_a_changed_theme_fails_the_build():
    css = (".md-typeset table:not([class]){display:inline-block}"
           ".no-js .tabbed-set>input:nth-child(2):checked~.tabbed-labels>:nth-child(2){color:red}")
    out = pageload.theme_css(css, "main.css")
    assert out == (".md-typeset table.dl-table{display:inline-block}"
                   ".no-js .tabbed-set>input:nth-child(2):checked~.tabbed-labels>label:nth-child(2){color:red}")
    assert pageload.theme_css(out, "main.css") == out
    with pytest.raises(pageload.ThemeCssError, match="main.css: no 'table:not"):
        pageload.theme_css(".md-typeset table{color:red}", "main.css")
