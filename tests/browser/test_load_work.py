"""Work the browser does at load that a reader pays for on a phone (Lighthouse's blocking time).

Instant navigation makes the theme re-assign every href of the page in its absolute form.
For a stylesheet link that re-applies the sheet and restyles the whole page in the theme's
first task; the page's head does it while <body> is still empty (overrides/main.html), and
the stylesheets then survive instant navigation as the same elements.
"""

from __future__ import annotations

import time

import pytest

from tests.browser.navigation import instant_navigation, mark_window, still_same_window

pytestmark = pytest.mark.browser

# every href given to a stylesheet link, with whether the page's body had been parsed yet
RECORD_SHEET_CHANGES = """
window.__sheetChanges = [];
new MutationObserver(records => {
  for (const r of records) {
    if (r.target.matches('link[rel=stylesheet]')) {
      window.__sheetChanges.push({href: r.target.getAttribute('href'), bodyParsed: !!document.body});
    }
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['href']});
"""


@pytest.mark.parametrize("path", ["", "optimizers/", "training/tips/"])
def test_stylesheets_are_not_reapplied_once_the_page_has_content(browser, base_url, path):
    context = browser.new_context(viewport={"width": 412, "height": 823})
    page = context.new_page()
    page.add_init_script(RECORD_SHEET_CHANGES)
    try:
        page.goto(base_url + path, wait_until="load")
        page.wait_for_function("() => document.documentElement.classList.contains('js')")  # the theme ran
        changes = page.evaluate("() => window.__sheetChanges")
        late = [c["href"] for c in changes if c["bodyParsed"]]
        assert not late, f"stylesheets re-applied after <body> started: {late}"
        sheets = page.evaluate("() => [...document.querySelectorAll('link[rel=stylesheet]')].map(l => l.getAttribute('href'))")
        assert len(sheets) >= 4 and all(h.startswith(base_url) for h in sheets), sheets
        # and they still style the page: Material's header sticks to the top
        assert page.evaluate("() => getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
    finally:
        context.close()


def test_stylesheets_stay_the_same_elements_across_instant_navigation(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    instant_navigation(page, base_url)
    try:
        page.goto(base_url + "optimizers/", wait_until="networkidle")
        mark_window(page)
        page.evaluate("() => { window.__sheets = [...document.querySelectorAll('link[rel=stylesheet]')]; }")
        page.locator(".md-tabs__link", has_text="Training").first.click()  # a page one folder deeper
        page.wait_for_url("**/training/")
        page.wait_for_selector("h1:has-text('Training')")
        assert still_same_window(page), "navigation must be instant (no full page load)"
        same = page.evaluate("""() => {
            const now = [...document.querySelectorAll('link[rel=stylesheet]')];
            return now.length === window.__sheets.length && now.every((l, i) => l === window.__sheets[i]);
        }""")
        assert same, "instant navigation replaced the stylesheet links (a restyle and a flash)"
    finally:
        context.close()


# layout shifts of the page, from the first paint on (the Cumulative Layout Shift sum)
RECORD_SHIFTS = """
window.__shift = 0;
new PerformanceObserver(list => {
  for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
}).observe({type: 'layout-shift', buffered: true});
"""


@pytest.mark.parametrize("path", ["", "optimizers/", "loss-functions/"])
def test_formulas_barely_move_when_their_fonts_arrive_late(browser, base_url, path):
    """KaTeX's fonts are not preloaded (test_site.test_no_page_preloads_fonts): held back
    1.5 s here, the page must still paint first and shift by well under Lighthouse's
    "good" limit (0.1) once they arrive."""
    context = browser.new_context(viewport={"width": 412, "height": 823})
    page = context.new_page()
    page.add_init_script(RECORD_SHIFTS)

    def late(route):
        time.sleep(1.5)
        route.continue_()

    page.route("**/*.woff2", late)
    try:
        page.goto(base_url + path, wait_until="load")
        page.wait_for_function("() => document.fonts.status === 'loaded'", timeout=15000)
        page.wait_for_timeout(500)
        first_paint, shift = page.evaluate(
            "() => [performance.getEntriesByName('first-contentful-paint')[0].startTime, window.__shift]")
        assert first_paint < 1500, f"first paint waited for the fonts ({first_paint:.0f} ms)"
        assert shift < 0.02, f"layout shift {shift:.4f} once KaTeX's fonts arrive"
    finally:
        context.close()


def test_code_blocks_are_mounted_when_they_come_into_view(browser, base_url):
    """content.lazy: the theme mounts a code block (its copy button, its scroll check) once
    the block comes into view, not all of them at load, where each mount forced the layout
    of a block the browser had skipped. The block is still copyable, and focusable at load."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    page = context.new_page()
    try:
        page.goto(base_url + "optimizers/", wait_until="load")
        page.wait_for_function("() => document.documentElement.classList.contains('js')")
        page.wait_for_timeout(300)
        # the last block a reader sees (the page ends with a tabbed set whose second tab is hidden)
        last = page.locator("article pre > code").filter(visible=True).last
        assert last.get_attribute("tabindex") == "0", "every code block has its tab stop from the first byte"
        assert last.locator("xpath=..").locator(".md-code__button").count() == 0, "not mounted while out of view"
        last.scroll_into_view_if_needed()
        button = last.locator("xpath=..").locator(".md-code__button[data-md-type='copy']")
        button.wait_for(state="attached", timeout=5000)
        button.click()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.strip() == last.text_content().strip() and copied.strip()
    finally:
        context.close()


def test_empty_yield_points_stay_inert_across_instant_navigation(browser, base_url):
    """The parser's yield points (empty scripts, cheatsheet.pageload) are re-created by the
    theme when it swaps a page in; they must neither run nor trip the page's policy."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    instant_navigation(page, base_url)
    try:
        page.goto(base_url + "training/", wait_until="networkidle")
        mark_window(page)
        page.locator(".md-tabs__link[href$='optimizers/']").first.click()
        page.wait_for_url("**/optimizers/")
        page.wait_for_selector("h1:has-text('Optimizers')")
        assert still_same_window(page), "navigation must be instant (no full page load)"
        scripts = page.evaluate("() => [...document.querySelectorAll('article script')].map(s => s.textContent)")
        assert len(scripts) >= 20 and not any(scripts)
        assert not [m for m in console if m.startswith(("error", "pageerror"))], console
    finally:
        context.close()


@pytest.mark.parametrize("path", ["loss-functions/", "evaluation-metrics/", "optimizers/"])
def test_the_last_links_have_their_real_background_at_load(browser, base_url, axe_source, path):
    """The References section is always laid out: with it skipped, the page's estimated
    height put the footer behind the last references, and contrast checkers (axe, as
    Lighthouse runs it) sampled the footer's dark background behind blue links."""
    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(base_url + path, wait_until="load")
        page.wait_for_timeout(300)
        page.evaluate(axe_source)
        low = page.evaluate("""async () => {
            const r = await axe.run(document, {runOnly: ['color-contrast'], resultTypes: ['violations']});
            return r.violations.flatMap(v => v.nodes.map(n => n.target.join(' ')));
        }""")
        assert not low, f"low contrast at load: {low[:5]}"
    finally:
        context.close()


def test_the_theme_neither_moves_nor_unstyles_the_tables(browser, base_url):
    """Tables arrive in the theme's scroll box (cheatsheet.pageload): the theme's script no
    longer takes each one out of the page and puts it back, which made the browser rebuild
    every table with its formulas at load. They keep the theme's look and the site's."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.add_init_script("""window.__movedTables = 0;
      new MutationObserver(records => { for (const r of records) for (const n of r.removedNodes)
        if (n.nodeName === 'TABLE') window.__movedTables++; })
        .observe(document, {childList: true, subtree: true});""")
    try:
        page.goto(base_url + "optimizers/", wait_until="load")
        page.wait_for_function("() => document.documentElement.classList.contains('js')")
        page.wait_for_timeout(500)
        assert page.evaluate("window.__movedTables") == 0
        facts = page.evaluate("""() => {
          const tables = [...document.querySelectorAll('article table')];
          const t = tables[0], th = t.querySelector('th'), td = t.querySelector('td');
          const root = parseFloat(getComputedStyle(document.documentElement).fontSize);
          return {count: tables.length,
                  doubled: document.querySelectorAll('.md-typeset__scrollwrap .md-typeset__scrollwrap').length,
                  boxed: tables.every(x => x.parentElement.matches('.md-typeset__scrollwrap > .md-typeset__table')),
                  fontSize: parseFloat(getComputedStyle(t).fontSize) / root,
                  thWeight: getComputedStyle(th).fontWeight,
                  tdBorder: getComputedStyle(td).borderTopStyle,
                  scrolls: getComputedStyle(t.closest('.md-typeset__scrollwrap')).overflowX};
        }""")
        assert facts["count"] >= 10 and facts["boxed"] and facts["doubled"] == 0
        assert abs(facts["fontSize"] - 0.68) < 0.01, "the site's dense table text"
        assert facts["thWeight"] == "700" and facts["tdBorder"] == "solid", "the theme's table rules apply"
        assert facts["scrolls"] == "auto", "a wide table scrolls in its box"
    finally:
        context.close()
