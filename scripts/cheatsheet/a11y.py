"""Accessibility fixes for markup that the theme and nbconvert generate.

axe-core reports these as serious on a stock Material page; each fix is a one-attribute
change, applied to the final HTML so no theme template has to be copied.
"""

from __future__ import annotations

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


def fix_page(html: str) -> str:
    for pattern, replacement in FIXES:
        html = pattern.sub(replacement, html, count=1)
    return html


def fix_notebook(html: str) -> str:
    return NOTEBOOK_CODE_RE.sub(r'<div class="\1" tabindex="0">', html)
