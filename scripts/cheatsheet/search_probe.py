"""Type queries into the site's real search box and read the ranked result pages.

Used by the browser tests and by ``scripts/bench_search.py``; one browser page serves
all queries (the search index is loaded once).
"""

from __future__ import annotations

from urllib.parse import urljoin, urlparse

RESULT_LINKS_JS = """() => Array.from(
    document.querySelectorAll('.md-search-result__list > .md-search-result__item > a:first-child'),
    a => a.getAttribute('href'))"""


def page_of(href: str, base_url: str) -> str:
    """The site path of a result link, without anchor or highlight query (``optimizers/``)."""
    path = urlparse(urljoin(base_url, href)).path
    base = urlparse(base_url).path
    return path[len(base):] if path.startswith(base) else path.lstrip("/")


class SearchBox:
    def __init__(self, page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        page.goto(base_url, wait_until="networkidle")
        # the search worker has built its index once the box accepts a query and answers
        self.results("softmax")

    def results(self, query: str, *, timeout_ms: int = 15000) -> list[str]:
        """Ranked list of result pages for ``query``, one entry per page.

        The box is emptied first (the theme then shows its "type to start" prompt), and the
        query is entered so that exactly one search runs: the first result list after the
        prompt goes away belongs to this query, however slow the search worker is.
        """
        page = self.page
        box = page.locator("input.md-search__input")
        box.click()
        box.fill("")
        box.press("Backspace")  # the theme searches on key-up: this clears the old results
        page.wait_for_function(
            """() => /Type to start/i.test(document.querySelector('.md-search-result__meta').textContent)""",
            timeout=timeout_ms,
        )
        box.fill(query[:-1])
        box.type(query[-1])
        try:
            page.wait_for_function(
                """(q) => {
                    const meta = document.querySelector('.md-search-result__meta');
                    return document.querySelector('input.md-search__input').value === q
                      && meta && !/Type to start|Initializing/i.test(meta.textContent);
                }""",
                arg=query, timeout=timeout_ms,
            )
        except Exception:
            return []
        return [page_of(h, self.base_url) for h in page.evaluate(RESULT_LINKS_JS)]


def score(box: SearchBox, queries: list[dict]) -> tuple[int, list[str], int]:
    """Type each ``{query, page[, rank]}``: how many land in first place, the misses (the page
    is not within its ``rank``, the top three unless the query says otherwise), and how many
    land in the top three."""
    first, top3, misses = 0, 0, []
    for q in queries:
        results = box.results(q["query"])
        first += results[:1] == [q["page"]]
        top3 += q["page"] in results[:3]
        rank = q.get("rank", 3)
        if q["page"] not in results[:rank]:
            misses.append(f"{q['query']!r}: expected {q['page']!r} within {rank}, got {results[:3]}")
    return first, misses, top3
