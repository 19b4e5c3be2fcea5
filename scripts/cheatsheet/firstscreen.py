"""What a topic page shows before the reader scrolls: title, In one line, the first formula.

A page's **Also known as:** line lists every name people search for; on a phone it used to
fill the whole first screen. It becomes a disclosure whose summary is the line itself,
shown on one line (ellipsis) until opened. Every name stays in the page's text, so
screen readers, find-in-page, the search index (which also reads the names from the
Markdown, see ``searchindex``) and the print book (built from the page content, before
this step) keep all of them.
"""

from __future__ import annotations

import re

AKA_RE = re.compile(r"<p>(<strong>Also known as:</strong>.*?)</p>", re.S)


def compact_also_known_as(html: str) -> str:
    """Turn the first 'Also known as' paragraph of a page into a one-line disclosure."""
    return AKA_RE.sub(
        lambda m: f'<details class="dl-aka"><summary>{m.group(1)}</summary></details>', html, count=1
    )
