"""Instant navigation (Material's navigation.instant) in tests served on a free port."""

from __future__ import annotations

import re


def instant_navigation(page, base_url: str) -> None:
    """Let the theme's instant navigation and link previews take over links on ``page``, as
    on the hosted site.

    Material intercepts a click (and previews a link) only for a URL listed in
    ``sitemap.xml``, after moving the listed URL to the page's protocol and host, but not its
    port. The site is built for its ``site_url`` (port 8000) and the tests serve it on a free
    port, so every click would be a full page load. The sitemap is served here with the
    server's own root instead.
    """

    def rebase(route):
        response = route.fetch()
        text = response.text()
        match = re.search(r"<loc>([^<]+)</loc>", text)  # the first entry is the home page
        route.fulfill(response=response, body=text.replace(match.group(1), base_url) if match else text)

    page.route("**/sitemap.xml", rebase)


def mark_window(page) -> None:
    """Tag the window, so that ``still_same_window`` tells an instant navigation from a load."""
    page.evaluate("() => { window.__instantMarker = true; }")


def still_same_window(page) -> bool:
    return page.evaluate("() => window.__instantMarker === true")
