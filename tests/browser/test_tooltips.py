"""Tooltips (assets/javascripts/tooltips.js): glossary abbreviations and titled controls show
the theme's tooltip on hover and keyboard focus, and the page builds none of them at load."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

TIP = ".md-tooltip2[role=tooltip]"


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(base_url + "optimizers/", wait_until="load")
    yield page
    context.close()
    assert not errors, errors


def test_nothing_is_built_at_load_and_titles_stay_for_assistive_technology(page):
    page.wait_for_function("() => document.documentElement.classList.contains('js')")  # the theme ran
    assert page.locator(TIP).count() == 0
    # the titles are still on the page (the theme's tooltips would have removed all of them)
    assert page.locator("article abbr[title]").count() > 50


def test_hovering_an_abbreviation_shows_its_expansion_below_it(page):
    abbr = page.locator("article p abbr[title]").first
    abbr.scroll_into_view_if_needed()
    expansion = abbr.get_attribute("title")
    handle = abbr.element_handle()
    abbr.hover()
    tip = page.locator(TIP)
    tip.wait_for(state="visible")
    page.wait_for_function("t => getComputedStyle(document.querySelector(t)).opacity === '1'", arg=TIP)
    assert tip.inner_text() == expansion
    # described by the tooltip, and no native tooltip on top of it
    assert handle.get_attribute("aria-describedby") == tip.get_attribute("id")
    assert handle.get_attribute("title") is None
    host, box = handle.bounding_box(), page.locator(f"{TIP} .md-tooltip2__inner").bounding_box()
    assert host["y"] + host["height"] <= box["y"] <= host["y"] + host["height"] + 20, (host, box)
    assert box["x"] <= host["x"] + host["width"] and host["x"] <= box["x"] + box["width"], (host, box)
    # the pointer may move onto the tooltip (WCAG 1.4.13: hoverable) ...
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=4)
    page.wait_for_timeout(400)
    assert tip.count() == 1
    # ... and away: the tooltip goes, the title comes back
    page.mouse.move(5, 890)
    page.wait_for_function("t => !document.querySelector(t)", arg=TIP)
    assert handle.get_attribute("title") == expansion
    assert handle.get_attribute("aria-describedby") is None


def test_keyboard_focus_shows_the_tooltip_and_escape_dismisses_it(page):
    link = page.locator("article a.headerlink[title]").first
    label = link.get_attribute("title")
    link.focus()
    tip = page.locator(TIP)
    tip.wait_for(state="visible")
    assert tip.inner_text() == label
    page.keyboard.press("Escape")
    page.wait_for_function("t => !document.querySelector(t)", arg=TIP)
    assert link.get_attribute("title") == label
