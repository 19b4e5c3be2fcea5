"""Make search find a page by every name it is known by.

Each page's own **Also known as:** line (and its front-matter description) is copied into a
dedicated ``aka`` field of the page's first search entry, and that field is given a high
boost in the index configuration. No separate synonym list exists to drift from the pages.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

AKA_RE = re.compile(r"^\*\*Also known as:\*\*\s*(.+?)(?:\n\s*\n|\Z)", re.M | re.S)
MARKUP_RE = re.compile(r"[`*_]|\[([^\]]*)\]\([^)]*\)")


def also_known_as(markdown: str) -> str:
    """The plain text of a page's 'Also known as' line, or '' if it has none."""
    m = AKA_RE.search(markdown)
    if not m:
        return ""
    text = MARKUP_RE.sub(lambda g: g.group(1) or "", m.group(1))
    return " ".join(text.split())


def enrich(index_path: Path, names_by_url: dict[str, str]) -> int:
    """Add the ``aka`` field to each page's first entry; return how many entries got one.

    The field's boost is configured with the search plugin (``fields: aka: boost``); a site
    whose search does not declare the field is left as it is.
    """
    index = json.loads(index_path.read_text(encoding="utf-8"))
    if "aka" not in index["config"].get("fields", {}):
        return 0
    done = 0
    for entry in index["docs"]:
        names = names_by_url.get(entry["location"])
        if names and "aka" not in entry:
            entry["aka"] = names
            done += 1
    index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return done
