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

Notebook pages are left alone: their headings sit in nbconvert's cell markup, and their
code cells get their tab stops from ``a11y.fix_notebook``.
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


def fix_page(html: str) -> str:
    return focusable_code_blocks(add_yield_points(html))
