"""Accessibility fixes for markup that the theme and nbconvert generate.

axe-core reports these as serious on a stock Material page; each fix is a one-attribute
change, applied to the final HTML so no theme template has to be copied.
"""

from __future__ import annotations

import html as htmllib
import re

FIXES: list[tuple[re.Pattern[str], str]] = [
    # the search overlay is a dialog and needs a name
    (re.compile(r'(<div class="md-search" data-md-component="search" role="dialog")(>)'), r'\1 aria-label="Search"\2'),
    # the instant-navigation progress bar needs a name
    (re.compile(r'(<div class="md-progress" data-md-component="progress" role="progressbar")(>)'),
     r'\1 aria-label="Page loading"\2'),
]
# notebook code cells scroll horizontally: keyboard users must be able to focus them
NOTEBOOK_CODE_RE = re.compile(r'<div class="(highlight-[a-z0-9]+[^"]*)">')
# Markdown tables (each goes in a sideways-scrolling box, pageload.wrap_tables) and the
# headings that name them
HEADING_OR_TABLE_RE = re.compile(r'<(h[1-6])\b[^>]*\bid="[^"]+"[^>]*>(.*?)</\1>|<table>', re.S)
PERMALINK_RE = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
TAG_RE = re.compile(r"<[^>]+>")


def focusable_tables(html: str) -> str:
    """Give every Markdown table a tab stop and a name, in the HTML itself.

    A table wider than the column scrolls sideways (on a phone, nearly all of them do), and
    a region that scrolls must be reachable by keyboard (WCAG 2.1.1). Deciding this in the
    browser, once a table is laid out, leaves a window after load in which it is not; so
    every table is focusable from the first byte, and named by the heading of its section,
    which a screen reader announces on focus. Arrow keys then scroll the box around it.
    Tables with a class (notebook data frames) are not Material's and are left alone.
    """
    heading = "Table"

    def visit(m: re.Match[str]) -> str:
        nonlocal heading
        if m.group(1) is not None:
            text = " ".join(TAG_RE.sub("", PERMALINK_RE.sub("", m.group(2))).split())
            heading = htmllib.escape(htmllib.unescape(text), quote=True) or heading
            return m.group(0)
        return f'<table tabindex="0" aria-label="{heading}">'

    return HEADING_OR_TABLE_RE.sub(visit, html)


def fix_page(html: str) -> str:
    for pattern, replacement in FIXES:
        html = pattern.sub(replacement, html, count=1)
    return focusable_tables(html)


def fix_notebook(html: str) -> str:
    return NOTEBOOK_CODE_RE.sub(r'<div class="\1" tabindex="0">', html)
