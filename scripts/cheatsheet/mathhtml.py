"""Replace the math placeholders of a page's HTML with KaTeX's HTML.

``pymdownx.arithmatex`` (generic mode) leaves ``<span class="arithmatex">\\(..\\)</span>``
and ``<div class="arithmatex">\\[..\\]</div>``; notebooks leave ``$..$`` and ``$$..$$`` in
their rendered Markdown cells. Both become static KaTeX markup, excluded from the search
index (the words around a formula are what people search for).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from .katex import KatexError, KatexRenderer

ARITHMATEX_RE = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.S)
NOTEBOOK_MD_RE = re.compile(
    r'(<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown[^"]*"[^>]*>)(.*?)(</div>)', re.S
)
# $$..$$ first, then $..$ (not escaped, not empty, no newline-only content)
NOTEBOOK_MATH_RE = re.compile(r"(?<![\\$])\$\$(.+?)\$\$|(?<![\\$])\$(?!\s)([^$\n]+?)(?<!\s)\$", re.S)

Locator = Callable[[str], str]


def _strip_delimiters(kind: str, body: str) -> tuple[str, bool]:
    text = html.unescape(body).strip()
    if kind == "div" and text.startswith("\\[") and text.endswith("\\]"):
        return text[2:-2].strip(), True
    if kind == "span" and text.startswith("\\(") and text.endswith("\\)"):
        return text[2:-2].strip(), False
    raise KatexError(f"unexpected math placeholder {body[:60]!r}")


COPY_LABEL = "Copy formula as TeX"


def _wrap(rendered: str, display: bool, tex: str) -> str:
    if not display:
        return f'<span class="math-inline" data-search-exclude>{rendered}</span>'
    # The box is focusable (a wide formula scrolls sideways, and keyboard users must reach
    # it) and named as a group, so a tab stop announces what it is; the formula itself is
    # read from KaTeX's MathML, whose TeX annotation is what copying a selection yields
    # (KaTeX's copy-tex). The button beside it copies the same text, through the theme's
    # own clipboard handler (any element with data-clipboard-text).
    payload = html.escape(f"$${tex}$$", quote=True)
    return (
        '<div class="dl-math">'
        f'<div class="math-display" data-search-exclude tabindex="0" role="group" aria-label="Formula">{rendered}</div>'
        f'<button class="md-clipboard md-icon dl-math__copy" type="button" title="{COPY_LABEL}" '
        f'aria-label="{COPY_LABEL}" data-clipboard-text="{payload}"></button>'
        "</div>"
    )


def _render(renderer: KatexRenderer, found: list[tuple[str, bool]], locate: Locator) -> list[str]:
    results = renderer.render_many(found)
    errors = [
        f"{locate(tex)}: invalid formula {tex[:120]!r}: {res}"
        for (tex, _), res in zip(found, results)
        if isinstance(res, KatexError)
    ]
    if errors:
        raise KatexError("\n".join(errors))
    return [_wrap(str(res), display, tex) for (tex, display), res in zip(found, results)]


def render_arithmatex(page_html: str, renderer: KatexRenderer, locate: Locator) -> str:
    """Render every arithmatex placeholder in ``page_html``; all bad formulas are reported at once."""
    matches = list(ARITHMATEX_RE.finditer(page_html))
    if not matches:
        return page_html
    found = [_strip_delimiters(m.group(1), m.group(2)) for m in matches]
    rendered = iter(_render(renderer, found, locate))
    return ARITHMATEX_RE.sub(lambda _m: next(rendered), page_html)


def render_notebook_math(page_html: str, renderer: KatexRenderer, locate: Locator) -> str:
    """Render ``$..$`` and ``$$..$$`` inside a notebook's rendered Markdown cells."""
    def cell(match: re.Match[str]) -> str:
        body = match.group(2)
        hits = list(NOTEBOOK_MATH_RE.finditer(body))
        if not hits:
            return match.group(0)
        found = [
            (html.unescape(h.group(1) if h.group(1) is not None else h.group(2)).strip(), h.group(1) is not None)
            for h in hits
        ]
        rendered = iter(_render(renderer, found, locate))
        return match.group(1) + NOTEBOOK_MATH_RE.sub(lambda _m: next(rendered), body) + match.group(3)

    return NOTEBOOK_MD_RE.sub(cell, page_html)


def chunk_locator(chunks: list[str], where: Callable[[int], str], fallback: str) -> Locator:
    """Map a formula to the first chunk (line, cell…) holding its first line of TeX."""

    def locate(tex: str) -> str:
        first = next((ln.strip() for ln in tex.splitlines() if ln.strip()), tex)
        for number, chunk in enumerate(chunks, start=1):
            if first in chunk:
                return where(number)
        return fallback

    return locate


def source_locator(path_label: str, source: str) -> Locator:
    """Map a formula back to ``file:line`` of a Markdown source."""
    return chunk_locator(source.splitlines(), lambda n: f"{path_label}:{n}", path_label)
