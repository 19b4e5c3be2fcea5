"""Search, typed into the real search box: every topic is found by the names people use."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cheatsheet.search_probe import SearchBox, score

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
    for q in QUERIES:
        target = built_site / q["page"] / "index.html"
        assert target.is_file(), f"{q['query']!r} expects a page that does not exist: {q['page']!r}"


CHUNKS = 4  # the query set is checked in slices so the two test workers share it


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_every_query_finds_its_page_in_the_top_three(search, capsys, chunk):
    queries = QUERIES[chunk::CHUNKS]
    first, misses = score(search, queries)
    with capsys.disabled():
        n = len(queries)
        print(f"\nsearch slice {chunk}: {first}/{n} ({first / n:.0%}) in first place, "
              f"{n - len(misses)}/{n} ({(n - len(misses)) / n:.0%}) in the top three")
    assert not misses, "\n".join(misses)


def test_search_works_after_instant_navigation_with_suggestions_and_highlight(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(base_url, wait_until="networkidle")
        page.locator(".md-tabs__link", has_text="Losses").first.click()
        page.wait_for_url("**/loss-functions/")
        assert page.evaluate("() => performance.getEntriesByType('navigation').length") == 1, \
            "navigation must be instant (no full page load)"
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
