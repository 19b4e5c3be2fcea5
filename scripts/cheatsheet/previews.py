"""Which links show a preview of their target on hover and keyboard focus.

Material's ``navigation.instant.preview`` feature sets up hover and focus watchers on every
link of a page, including links within the page, permalinks and external links that can
never show a preview: on the formula-heaviest page that is 400 links, a few hundred
milliseconds of main-thread work at load on a phone (Lighthouse's total blocking time).
The theme also previews any link that carries ``data-preview``; this step marks the links
to *another page of the site*, the ones a preview helps with, and the feature stays off.
The home page is left out: its map of every topic is navigation, not prose, and watching
its 88 links cost about 200 ms of blocking time on a phone (Lighthouse, 3 runs each).
"""

from __future__ import annotations

import re

# a relative link to a page folder (use_directory_urls), with or without a fragment:
# not a scheme (https:, mailto:), not a fragment of this page, not a file (.pdf, .ipynb)
PAGE_LINK_RE = re.compile(r'<a (?![^>]*\bdata-preview\b)(?=[^>]*\bhref="(?![a-zA-Z][a-zA-Z0-9+.-]*:|#|/)[^"#]*/(?:#[^"]*)?")')


def mark_topic_links(html: str) -> str:
    """Add ``data-preview`` to every link of ``html`` that goes to another page of the site."""
    return PAGE_LINK_RE.sub("<a data-preview ", html)
