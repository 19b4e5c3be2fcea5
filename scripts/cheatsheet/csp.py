"""A Content-Security-Policy that allows only the site's own origin, as a <meta> tag.

Scripts: the site's files plus the exact inline scripts it ships (by SHA-256 hash, collected
over the whole site, because instant navigation keeps the first page's policy while it
swaps in other pages). Styles: the site's files and inline style attributes (KaTeX sizes its
glyph boxes with them; they cannot load anything). Images: the site's files and ``data:``
(notebook plots). Fonts, fetches and workers: the site only.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

INLINE_SCRIPT_RE = re.compile(r"<script\b(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.I | re.S)
TYPE_RE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
HEAD_RE = re.compile(r"<head\b[^>]*>", re.I)
META_MARK = 'http-equiv="Content-Security-Policy"'
JS_TYPES = {"", "text/javascript", "module", "application/javascript"}


def inline_script_hashes(html: str) -> set[str]:
    """``'sha256-…'`` sources for every executable inline script of a page."""
    hashes = set()
    for attrs, body in INLINE_SCRIPT_RE.findall(html):
        kind = TYPE_RE.search(attrs)
        if (kind.group(1).lower() if kind else "") not in JS_TYPES:
            continue  # data blocks (application/json) are not executed
        if not body:
            continue  # nor are empty scripts (the parser's yield points, see pageload)
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        hashes.add(f"'sha256-{digest}'")
    return hashes


def policy(script_hashes: Iterable[str]) -> str:
    scripts = " ".join(["'self'", *sorted(script_hashes)])
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "media-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def inject(html: str, csp: str) -> str:
    """Put the policy first in <head>, before anything it governs."""
    if META_MARK in html:
        raise ValueError("page already has a Content-Security-Policy")
    m = HEAD_RE.search(html)
    if m is None:
        raise ValueError("page has no <head>")
    tag = f'\n    <meta http-equiv="Content-Security-Policy" content="{csp}">'
    return html[: m.end()] + tag + html[m.end():]


def apply_to_site(site_dir: Path) -> int:
    """Add one site-wide policy to every HTML page; return the number of pages."""
    pages = sorted(site_dir.rglob("*.html"))
    texts = {p: p.read_text(encoding="utf-8") for p in pages}
    hashes: set[str] = set()
    for text in texts.values():
        hashes |= inline_script_hashes(text)
    csp = policy(hashes)
    for path, text in texts.items():
        path.write_text(inject(text, csp), encoding="utf-8")
    return len(pages)
