"""Markup decided at build time so that a long page costs the browser little while it loads.

**Parser yield points.** Chromium's HTML parser works in 10 ms slices for its first few
yields, then with a long budget (500 ms on desktop builds, which is what Lighthouse runs):
on the formula-heaviest page it parsed the last megabyte of HTML in one task, the longest
of the whole load. The parser cuts its budget back to 10 ms whenever it has just run a
parser-inserted ``<script>`` in the body, so an empty ``<script></script>`` before the
section and subsection headings (h2, h3) keeps every parse task short. An empty script
does nothing: the HTML standard returns before executing it (so no Content-Security-Policy
check either), and Material's instant navigation, which re-creates the scripts of a page
it swaps in, makes an empty script of it again. The first h2 gets none (it sits in the
first screen, which Chromium parses in short slices anyway), and a heading gets none
unless it follows a closed block, so no heading stops being the first child of its
container, nor an h3 the one right after an h2 (the theme styles that pair).

**Code blocks' tab stops.** A code block wider than the column scrolls sideways, and a
region that scrolls must be reachable by keyboard. The theme adds the tab stop when it
mounts a block; with ``content.lazy`` it mounts a block only once the block comes into
view, so every block is focusable from the first byte instead, as the tables are
(``a11y.focusable_tables``). The theme removes the stop again from a block that turns
out not to scroll, once it has mounted it.

**Tables wrapped at build time.** The theme wraps every class-less table in a scrolling box
when the page is ready (``table.replaceWith(wrapper)``); moving a table out of the document
and back makes the browser rebuild its whole subtree, formulas included: on the
formula-heaviest page, 1,200 elements restyled and relaid out inside the DOMContentLoaded
task (~250 ms of its ~450 ms at 4x CPU throttling). The build writes the same wrapper
(``.md-typeset__scrollwrap > .md-typeset__table``) and marks the table ``TABLE_CLASS``, so
the theme, which wraps only ``table:not([class])``, leaves it alone; the print book's tables
are marked too (``mark_tables``).

**The theme's stylesheet** (``theme_css``, applied to the built copy). Its table rules
select ``table:not([class])``; they now select ``table.dl-table``. Besides matching the
marked tables, that removes the only ``[class]`` rules that end in a bare pseudo-class
(``td>:first-child``): with them, *any* class change made the browser restyle the changed
element's whole subtree, and the theme's first act is to swap ``no-js`` for ``js`` on
``<html>``: 3,340 elements restyled inside the bundle's first task. Its no-script tab rules
(``.no-js … .tabbed-labels>:nth-child(2)``) did the same through the ``no-js`` class; they
now name the ``label`` they style. A theme whose stylesheet has no such table rule fails the
build, as its tables would be unstyled.

Notebook pages get no yield points and no code tab stops here: their headings sit in
nbconvert's cell markup, and their code cells get their tab stops from
``a11y.fix_notebook``. Their Markdown cells' tables are wrapped like any other.
"""

from __future__ import annotations

import re

YIELD_POINT = "<script></script>"
ARTICLE_RE = re.compile(r'<article class="md-content__inner md-typeset">')
# a section heading right after a block that just closed (never the first child of anything)
HEADING_AFTER_BLOCK_RE = re.compile(
    r"(</(?:p|ul|ol|dl|div|table|details|pre|blockquote|figure|aside|nav)>\s*)(<h[23]\b)")
CODE_RE = re.compile(r"(<pre\b[^>]*>(?:<span></span>)?)<code>")
NOTEBOOK_MARK = 'class="jupyter-wrapper"'
# the Markdown tables, as a11y.focusable_tables leaves them
TABLE_OPEN_RE = re.compile(r'<table( tabindex="0" aria-label="[^"]*")>')
TABLE_CLASS = "dl-table"
THEME_TABLE = "table:not([class])"
PATCHED_TABLE = f"table.{TABLE_CLASS}"
# ".no-js … .tabbed-labels>:nth-child(3)": a selector that ends in a bare pseudo-class
TAB_LABEL_RE = re.compile(r"\.tabbed-labels>:(?=first-child|nth-child\()")
BARE_TABLE_RE = re.compile(r"<table(?![^>]*\bclass=)(?=[\s>])")
WRAP_OPEN = '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
WRAP_CLOSE = "</div></div>"


class ThemeCssError(ValueError):
    """The theme's stylesheet no longer has the table selector the wrapped tables rely on."""


def add_yield_points(html: str) -> str:
    """An empty script before the article's h2 and h3 headings that follow a block, from the second h2 on."""
    start = ARTICLE_RE.search(html)
    if start is None or NOTEBOOK_MARK in html:
        return html
    end = html.find("</article>", start.end())
    if end < 0:
        return html
    body = html[start.end():end]
    first = body.find("<h2")
    if first < 0:
        return html
    head, rest = body[: first + 3], body[first + 3:]
    rest = HEADING_AFTER_BLOCK_RE.sub(lambda m: m.group(1) + YIELD_POINT + m.group(2), rest)
    return html[: start.end()] + head + rest + html[end:]


def focusable_code_blocks(html: str) -> str:
    """Give every highlighted code block a tab stop in the HTML itself."""
    if NOTEBOOK_MARK in html:
        return html
    return CODE_RE.sub(r'\1<code tabindex="0">', html)


def wrap_tables(html: str) -> str:
    """Wrap each Markdown table in the theme's scrolling box, as the theme would at load
    (notebook pages included: a Markdown cell's table is one too).

    A table whose closing tag is not the next table tag (a table inside a table) is left
    as it is, without the class, which the site's tests reject (it would be unstyled)."""
    out, pos = [], 0
    for m in TABLE_OPEN_RE.finditer(html):
        if m.start() < pos:
            continue
        end = html.find("</table>", m.end())
        if end < 0 or html.find("<table", m.end(), end) >= 0:
            continue
        end += len("</table>")
        out += [html[pos:m.start()], WRAP_OPEN, f'<table class="{TABLE_CLASS}"{m.group(1)}>',
                html[m.end():end], WRAP_CLOSE]
        pos = end
    return "".join(out) + html[pos:]


def mark_tables(html: str) -> str:
    """Mark every class-less table as a Markdown table (the print book, which has no theme script)."""
    return BARE_TABLE_RE.sub(f'<table class="{TABLE_CLASS}"', html)


def theme_css(css: str, name: str) -> str:
    """The theme's stylesheet, with its table rules for the marked tables and its no-script
    tab rules naming the labels they style (see the module's docstring)."""
    css = TAB_LABEL_RE.sub(r".tabbed-labels>label:", css)
    if THEME_TABLE in css:
        return css.replace(THEME_TABLE, PATCHED_TABLE)
    if PATCHED_TABLE in css:  # already done (a rebuild that kept the file)
        return css
    raise ThemeCssError(f"{name}: no '{THEME_TABLE}' rule; the theme changed how it styles tables, "
                        "so the tables wrapped at build time (cheatsheet/pageload.py) would be unstyled")


def fix_page(html: str) -> str:
    return wrap_tables(focusable_code_blocks(add_yield_points(html)))
