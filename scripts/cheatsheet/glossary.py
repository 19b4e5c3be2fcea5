"""The site-wide glossary (``docs/includes/abbreviations.md``), given to Python-Markdown's
``abbr`` extension as its ``glossary`` option.

The file keeps the extension's own syntax, one definition per line::

    *[GELU]: Gaussian error linear unit

Appending the file to every page (``pymdownx.snippets``' ``auto_append``) gives the same
tooltips, but the block parser then takes the 330 definitions one at a time, running every
block processor's test over the rest of the block each time: about 0.2 s per page, most of
a page's conversion. As an option the glossary costs nothing to parse. A page may still
define its own abbreviations, which take precedence on that page.
"""

from __future__ import annotations

import re
from pathlib import Path

DEFINITION_RE = re.compile(r"^\*\[(?P<abbr>[^\\\]]+)\][ ]?:[ ]*(?P<title>.+?)\s*$")
COMMENT_RE = re.compile(r"^<!--.*-->$")


class GlossaryError(ValueError):
    pass


def load(path: Path, label: str | None = None) -> dict[str, str]:
    """Abbreviation -> title. A line that is not a definition, a comment or blank, and an
    abbreviation defined twice, are errors naming the file (as ``label``) and the line."""
    label = label or path.as_posix()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise GlossaryError(f"{label}: cannot read the glossary ({exc.strerror})") from None
    out: dict[str, str] = {}
    where: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or COMMENT_RE.match(stripped):
            continue
        m = DEFINITION_RE.match(stripped)
        if not m:
            raise GlossaryError(f"{label}:{number}: not a glossary definition "
                                f"(expected '*[ABBR]: what it stands for'): {stripped[:80]}")
        abbr, title = m.group("abbr").strip(), m.group("title").strip()
        if abbr in out:
            raise GlossaryError(f"{label}:{number}: '{abbr}' is already defined on line {where[abbr]}")
        out[abbr], where[abbr] = title, number
    return out


def install(config, path: Path, label: str | None = None) -> int:
    """Give the glossary to the ``abbr`` extension (which must be enabled); return its size."""
    if "abbr" not in config.markdown_extensions:
        raise GlossaryError("mkdocs.yml: the glossary needs the 'abbr' Markdown extension")
    glossary = load(path, label)
    options = dict(config.mdx_configs.get("abbr") or {})
    options["glossary"] = {**glossary, **(options.get("glossary") or {})}
    config.mdx_configs["abbr"] = options
    return len(glossary)
