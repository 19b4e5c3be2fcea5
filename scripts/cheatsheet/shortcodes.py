"""``<!-- figure: name -->`` on a line of its own becomes the light and dark variants of a
catalogued figure, with its caption; an unknown name fails the build with file and line.
"""

from __future__ import annotations

import html
import posixpath
import re

from .figures.info import FigureInfo

SHORTCODE_RE = re.compile(r"^(?P<indent>[ \t]*)<!--\s*figure:\s*(?P<name>[^\s>]*)\s*-->[ \t]*$", re.M)
ANY_FIGURE_COMMENT_RE = re.compile(r"<!--\s*figure\b")
FENCE_RE = re.compile(r"^[ \t]*(```|~~~)")


class ShortcodeError(Exception):
    """A figure shortcode that names no catalogued figure, or is malformed."""


def figure_html(fig: FigureInfo, page_src_uri: str, indent: str = "", figures_dir: str = "figures") -> str:
    """The Markdown-in-HTML block shown for ``fig`` on the page at ``page_src_uri``.

    The images are Markdown images, so MkDocs resolves their paths and its link validation
    fails a strict build when a rendered file is missing.
    """
    base = posixpath.relpath(figures_dir, posixpath.dirname(page_src_uri) or ".")
    width, height = fig.pixel_size
    alt = fig.alt.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    lines = [f'<figure class="dl-figure" id="fig-{fig.name}" markdown="span">']
    for variant in ("light", "dark"):
        lines.append(
            f"  ![{alt}]({base}/{fig.filename(variant)}#only-{variant})"
            f'{{ width="{width}" height="{height}" loading="lazy" decoding="async" }}'
        )
    lines += [f"  <figcaption>{html.escape(fig.caption, quote=False)}</figcaption>", "</figure>"]
    return "\n".join(indent + line for line in lines)


def _fenced_lines(markdown: str) -> set[int]:
    """Line numbers (1-based) inside fenced code blocks, where shortcodes are left alone."""
    inside: set[int] = set()
    fence: str | None = None
    for number, line in enumerate(markdown.splitlines(), start=1):
        m = FENCE_RE.match(line)
        if fence is None and m:
            fence = m.group(1)
            inside.add(number)
        elif fence is not None:
            inside.add(number)
            if line.strip().startswith(fence):
                fence = None
    return inside


def malformed_lines(markdown: str, any_comment: re.Pattern, shortcode: re.Pattern,
                    fenced: set[int]) -> list[tuple[int, str]]:
    """(line number, line) of each comment ``any_comment`` finds outside code fences whose
    line is not a well-formed ``shortcode`` on a line of its own."""
    out: list[tuple[int, str]] = []
    for m in any_comment.finditer(markdown):
        number = markdown.count("\n", 0, m.start()) + 1
        start = markdown.rfind("\n", 0, m.start()) + 1
        end = markdown.find("\n", m.start())
        line_text = markdown[start : end if end != -1 else len(markdown)]
        if number not in fenced and not shortcode.match(line_text):
            out.append((number, line_text))
    return out


def expand_figures(markdown: str, page_src_uri: str, figures: dict[str, FigureInfo], path_label: str) -> tuple[str, list[str]]:
    """Expand every figure shortcode; return the new Markdown and the figure names used."""
    fenced = _fenced_lines(markdown)
    used: list[str] = []
    errors: list[str] = []

    def line_of(pos: int) -> int:
        return markdown.count("\n", 0, pos) + 1

    def replace(match: re.Match[str]) -> str:
        number = line_of(match.start())
        if number in fenced:
            return match.group(0)
        name = match.group("name")
        fig = figures.get(name)
        if fig is None:
            close = [n for n in figures if name and (name in n or n in name)][:3]
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            errors.append(f"{path_label}:{number}: unknown figure {name!r}{hint}")
            return match.group(0)
        used.append(name)
        return figure_html(fig, page_src_uri, match.group("indent"))

    # a figure comment that is not a well-formed shortcode on a line of its own is a typo
    for number, line_text in malformed_lines(markdown, ANY_FIGURE_COMMENT_RE, SHORTCODE_RE, fenced):
        errors.append(f"{path_label}:{number}: malformed figure shortcode {line_text.strip()[:80]!r}")
    out = SHORTCODE_RE.sub(replace, markdown)
    if errors:
        raise ShortcodeError("\n".join(errors))
    return out, used
