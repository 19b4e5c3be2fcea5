"""Search, typed into the real search box: every topic is found by the names people use."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from cheatsheet.search_probe import SearchBox, score
from tests.browser.navigation import instant_navigation, mark_window, still_same_window

pytestmark = pytest.mark.browser

QUERIES = yaml.safe_load((Path(__file__).with_name("search_queries.yml")).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def search(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    box = SearchBox(context.new_page(), base_url)
    yield box
    context.close()


def test_query_set_is_large_and_points_at_real_pages(built_site):
    assert len(QUERIES) >= 80
    sets = {name: [q for q in QUERIES if q.get("set") == name] for name in ("short", "multi")}
    assert len(sets["short"]) >= 40 and all(q.get("rank") == 1 for q in sets["short"]), \
        "short, ambiguous names are held to first place"
    assert len(sets["multi"]) >= 40 and all(len(q["query"].split()) >= 2 for q in sets["multi"])
    for q in QUERIES:
        target = built_site / q["page"] / "index.html"
        assert target.is_file(), f"{q['query']!r} expects a page that does not exist: {q['page']!r}"


CHUNKS = 4  # the query set is checked in slices so the two test workers share it


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_every_query_finds_its_page_in_the_top_three(search, capsys, chunk):
    """Each query's page is in the top three, or first where the query says ``rank: 1``."""
    queries = QUERIES[chunk::CHUNKS]
    first, misses, top3 = score(search, queries)
    with capsys.disabled():
        n = len(queries)
        print(f"\nsearch slice {chunk}: {first}/{n} ({first / n:.0%}) in first place, "
              f"{top3}/{n} ({top3 / n:.0%}) in the top three")
    assert not misses, "\n".join(misses)


def test_search_works_after_instant_navigation_with_suggestions_and_highlight(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    instant_navigation(page, base_url)
    try:
        page.goto(base_url, wait_until="networkidle")
        mark_window(page)
        page.locator(".md-tabs__link", has_text="Losses").first.click()
        page.wait_for_url("**/loss-functions/")
        page.wait_for_selector("h1:has-text('Loss functions')")  # the new page is swapped in
        page.wait_for_load_state("networkidle")
        assert still_same_window(page), "navigation must be instant (no full page load)"
        page.keyboard.press("/")
        page.wait_for_function("() => document.activeElement && document.activeElement.matches('input.md-search__input')")
        page.keyboard.type("dropou", delay=20)
        page.wait_for_selector(".md-search-result__item")
        suggestion = page.locator(".md-search__suggest").inner_text()
        assert "dropout" in suggestion.lower(), f"no suggestion completing the word: {suggestion!r}"
        page.locator(".md-search-result__item a").first.click()
        page.wait_for_url("**/training/regularization/**")
        assert "h=dropou" in page.url
        page.wait_for_selector("mark[data-md-highlight]")
        assert page.locator("mark[data-md-highlight]").count() >= 1
    finally:
        context.close()


def test_search_downloads_little_and_answers_single_letters_fast(browser, base_url, built_site):
    """A page fetches the small index and only the postings of the words typed (at most
    150 KiB, gzip as the host sends it), and single letters are looked up, not expanded."""
    import gzip
    from urllib.parse import urlparse

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    fetched: list[str] = []
    context.on("requestfinished", lambda r: "/search/" in r.url and fetched.append(r.url))
    page = context.new_page()
    try:
        box = SearchBox(page, base_url)
        for query in ("N-way K-shot", "how does the attention mechanism work in a transformer"):
            start = time.perf_counter()
            assert box.results(query, timeout_ms=5000)[:1] != [], query
            assert time.perf_counter() - start < 1.0, f"{query!r} took {time.perf_counter() - start:.2f} s"
        assert box.results("N-way K-shot")[0] == "concepts/few-shot-zero-shot/"
        page.wait_for_timeout(200)
    finally:
        context.close()
    site = built_site
    files = sorted({urlparse(u).path for u in fetched})
    assert any(f.endswith("/search/search_index.json") for f in files)
    assert any("/search/terms/" in f for f in files), "the worker fetches postings by term"
    size = sum(len(gzip.compress((site / f.lstrip("/")).read_bytes(), 9)) for f in files)
    assert size <= 150 * 1024, f"{size / 1024:.0f} KiB fetched before the results: {files}"


def test_keyboard_opens_search_and_focus_is_visible(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(base_url + "introduction/", wait_until="networkidle")
        page.keyboard.press("s")
        assert page.evaluate("() => document.activeElement.matches('input.md-search__input')")
        page.keyboard.press("Escape")
        page.locator("body").click(position={"x": 5, "y": 300})
        for _ in range(3):
            page.keyboard.press("Tab")
        outline = page.evaluate(
            """() => { const s = getComputedStyle(document.activeElement);
                       return [document.activeElement.matches(':focus-visible'), s.outlineStyle, s.outlineWidth]; }"""
        )
        assert outline[0] is True and outline[1] != "none" and outline[2] != "0px", outline
    finally:
        context.close()
