"""Drop CSS rules that cannot match a page: notebooks bring nbconvert's whole JupyterLab
stylesheet (~600 KB), of which a static notebook page uses a small part.

A rule is dropped when every selector in its list needs a class that no notebook page's
HTML contains. Rules without classes (element, attribute and ``:root`` rules, so the
theme variables) and at-rules other than ``@media``/``@supports`` (e.g. ``@keyframes``,
``@font-face``) are kept as they are; selectors with ``:is()``, ``:where()`` or ``:has()``
or escaped class names are kept too, as they cannot be judged by class names alone.
"""

from __future__ import annotations

import re

CLASS_ATTR_RE = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I)
SELECTOR_CLASS_RE = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")
UNJUDGED_RE = re.compile(r":(?:is|where|has|matches|-webkit-any)\(|\\")
GROUPING_AT_RULES = ("@media", "@supports", "@layer", "@container", "@document")


def used_classes(html: str) -> set[str]:
    """Every class name that appears in a ``class`` attribute of ``html``."""
    names: set[str] = set()
    for m in CLASS_ATTR_RE.finditer(html):
        names.update((m.group(1) or m.group(2) or m.group(3) or "").split())
    return names


def _strip_not(selector: str) -> str:
    """Remove ``:not(...)`` groups: a class named only inside one need not be present."""
    out, i = [], 0
    while True:
        j = selector.find(":not(", i)
        if j < 0:
            return "".join(out) + selector[i:]
        out.append(selector[i:j])
        depth, k = 1, j + 5
        while k < len(selector) and depth:
            depth += {"(": 1, ")": -1}.get(selector[k], 0)
            k += 1
        i = k


def _split_top(text: str, sep: str) -> list[str]:
    """Split on ``sep`` outside parentheses, brackets and strings."""
    parts, depth, quote, start = [], 0, "", 0
    for i, ch in enumerate(text):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _blocks(css: str):
    """Top-level ``(prelude, body)`` pairs; statements without a block come as ``(text, None)``."""
    i, n, start = 0, len(css), 0
    while i < n:
        ch = css[i]
        if css.startswith("/*", i):
            end = css.find("*/", i + 2)
            i = n if end < 0 else end + 2
            if css[start:i].strip().startswith("/*"):
                start = i  # a comment between rules is dropped
            continue
        if ch in "\"'":
            end = i + 1
            while end < n and css[end] != ch:
                end += 2 if css[end] == "\\" else 1
            i = end + 1
            continue
        if ch == ";":  # a statement such as @import or @charset
            yield css[start:i + 1], None
            i += 1
            start = i
            continue
        if ch == "{":
            depth, j = 1, i + 1
            while j < n and depth:
                if css.startswith("/*", j):
                    end = css.find("*/", j + 2)
                    j = n if end < 0 else end + 2
                    continue
                if css[j] in "\"'":
                    q, j = css[j], j + 1
                    while j < n and css[j] != q:
                        j += 2 if css[j] == "\\" else 1
                depth += {"{": 1, "}": -1}.get(css[j], 0) if j < n else 0
                j += 1
            yield css[start:i], css[i + 1:j - 1]
            i = start = j
            continue
        i += 1
    if css[start:].strip():
        yield css[start:], None


def _needed(selector: str, classes: set[str]) -> bool:
    if UNJUDGED_RE.search(selector):
        return True
    return all(name in classes for name in SELECTOR_CLASS_RE.findall(_strip_not(selector)))


def prune(css: str, classes: set[str]) -> str:
    """``css`` without the rules that need a class not in ``classes``."""
    out: list[str] = []
    for prelude, body in _blocks(css):
        head = prelude.strip()
        if body is None:
            if head.startswith("@"):
                out.append(head)
        elif head.startswith(GROUPING_AT_RULES):
            inner = prune(body, classes)
            if inner.strip():
                out.append(f"{head} {{\n{inner}\n}}")
        elif head.startswith("@"):
            out.append(f"{head} {{{body}}}")
        else:
            kept = [s.strip() for s in _split_top(head, ",") if s.strip() and _needed(s, classes)]
            if kept:
                out.append(f"{', '.join(kept)} {{{body}}}")
    return "\n".join(out)
