"""Reading a page: what the first screen shows, taking a formula away as TeX, previews of
linked topics, and keyboard access to wide tables from the moment a page loads."""

from __future__ import annotations

import re

import pytest

from tests.browser.navigation import instant_navigation
from tests.pages import DOCS, nav_files, page_url

pytestmark = pytest.mark.browser

# a topic page has Key equations (overview and home pages do not)
TOPIC_PAGES = [p for p in nav_files() if p.endswith(".md") and "\n## Key equations" in (DOCS / p).read_text(encoding="utf-8")]
ALL_PAGES = [page_url(p) for p in nav_files()]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
COPY = "Copy formula as TeX"


@pytest.fixture(scope="module")
def viewports(browser):
    contexts = {name: browser.new_context(viewport=size) for name, size in [("phone", PHONE), ("desktop", DESKTOP)]}
    pages = {name: ctx.new_page() for name, ctx in contexts.items()}
    yield pages
    for ctx in contexts.values():
        ctx.close()


FIRST_SCREEN = """() => {
  const box = el => el ? el.getBoundingClientRect() : null;
  const heading = document.getElementById('key-equations');
  const first = heading && heading.nextElementSibling;
  const firstBox = box(first);
  // the first line of what follows the heading: a formula is one line, text ~ 1.6 em
  const lineHeight = first ? parseFloat(getComputedStyle(first).lineHeight) || 26 : 0;
  return {
    title: box(document.querySelector('article h1')),
    oneLine: box(document.querySelector('article .admonition.abstract')),
    keyLine: firstBox && first.classList.contains('dl-math') ? firstBox.bottom : firstBox && firstBox.top + Math.min(firstBox.height, lineHeight),
    formula: box(document.querySelector('article .math-display')),
    tags: box(document.querySelector('.md-tags')),
    scroll: window.scrollY,
  };
}"""


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("src", TOPIC_PAGES)
def test_first_screen_shows_title_summary_and_first_formula(viewports, base_url, src, viewport):
    """Without scrolling: the title, the In-one-line box, the first line of Key equations;
    on a desktop also the whole first display formula. Tag chips sit below the content."""
    page = viewports[viewport]
    height = (PHONE if viewport == "phone" else DESKTOP)["height"]
    page.goto(base_url + page_url(src), wait_until="load")
    m = page.evaluate(FIRST_SCREEN)
    assert m["scroll"] == 0
    assert m["title"] and m["title"]["bottom"] <= height, f"{src}: the title is below the first screen"
    assert m["oneLine"] and m["oneLine"]["bottom"] <= height, f"{src}: In one line ends at {m['oneLine']['bottom']:.0f} px > {height}"
    assert m["keyLine"] is not None and m["keyLine"] <= height, f"{src}: Key equations start at {m['keyLine']:.0f} px > {height}"
    if viewport == "desktop":
        assert m["formula"] and m["formula"]["bottom"] <= height, f"{src}: the first formula ends at {m['formula']['bottom']:.0f} px"
    if m["tags"]:
        assert m["tags"]["top"] > m["oneLine"]["bottom"], f"{src}: tag chips above the content"


def test_also_known_as_is_one_line_that_opens_with_every_name(browser, base_url):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(base_url + "activation-functions/", wait_until="load")
        summary = page.locator("article details.dl-aka > summary")
        text = summary.inner_text()
        for name in ["non-linearities", "GELU", "log-sum-exp (LSE)"]:
            assert name in text, f"{name!r} must stay in the page's text"
        closed = summary.bounding_box()["height"]
        assert closed < 40, f"closed, the names take one line, not {closed:.0f} px"
        summary.focus()
        page.keyboard.press("Enter")  # a native disclosure: keyboard opens it
        assert page.locator("article details.dl-aka").get_attribute("open") is not None
        assert summary.bounding_box()["height"] > 3 * closed, "opened, every name is shown"
    finally:
        context.close()


def _clipboard_context(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    return context


def test_copy_button_and_selection_give_the_formula_as_tex(browser, base_url):
    context = _clipboard_context(browser, base_url)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    try:
        page.goto(base_url + "activation-functions/", wait_until="load")
        tex = page.evaluate("""() => Array.from(document.querySelectorAll('article .math-display'))
            .slice(0, 2).map(d => d.querySelector('annotation[encoding="application/x-tex"]').textContent)""")
        assert len(tex) == 2 and all(t.strip() for t in tex), "the TeX source ships in the HTML"
        # the button: keyboard-reachable, named for screen readers, copies $$...$$
        buttons = page.get_by_role("button", name=COPY)
        assert buttons.count() == page.locator("article .math-display").count()
        buttons.first.focus()
        page.keyboard.press("Enter")
        assert page.evaluate("navigator.clipboard.readText()") == f"$${tex[0]}$$"
        # a selection over text and two formulas: KaTeX's copy-tex puts their TeX on the clipboard
        page.evaluate("""() => {
            const maths = document.querySelectorAll('article .dl-math');
            const range = document.createRange();
            range.setStartBefore(maths[0]); range.setEndAfter(maths[1]);
            const s = getSelection(); s.removeAllRanges(); s.addRange(range);
        }""")
        page.keyboard.press("Control+C")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.startswith(f"$${tex[0]}$$") and f"$${tex[1]}$$" in copied, copied[:300]
        # an inline formula comes out between single dollars
        page.evaluate("""() => {
            const m = document.querySelector('article .admonition.abstract .math-inline');
            const range = document.createRange(); range.selectNode(m);
            const s = getSelection(); s.removeAllRanges(); s.addRange(range);
        }""")
        page.keyboard.press("Control+C")
        assert re.fullmatch(r"\$[^$]+\$", page.evaluate("navigator.clipboard.readText()"))
        assert not [m for m in console if m.startswith("error")], console
    finally:
        context.close()


def test_display_formulas_are_named_for_screen_readers(browser, base_url):
    """Each display formula is a named group holding KaTeX's MathML (what screen readers
    read); the glyph markup is hidden from them, so nothing is announced twice."""
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(base_url + "optimizers/", wait_until="load")
        bad = page.evaluate("""() => Array.from(document.querySelectorAll('article .math-display')).filter(d =>
            d.getAttribute('role') !== 'group' || !d.getAttribute('aria-label') || d.tabIndex !== 0
            || !d.querySelector('math') || d.querySelector('.katex-html').getAttribute('aria-hidden') !== 'true').length""")
        assert bad == 0
    finally:
        context.close()


def test_linked_topics_preview_on_hover_and_focus(browser, base_url, axe_source):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    try:
        instant_navigation(page, base_url)  # the theme previews only pages its sitemap lists
        page.goto(base_url + "activation-functions/", wait_until="load")
        previews = page.locator(".md-tooltip2[role=dialog]")
        page.locator("article a[href$='/loss-functions/']").first.hover()
        previews.first.wait_for(state="visible")
        assert "Loss functions" in previews.first.inner_text()
        page.mouse.move(0, 0)
        page.locator("article a[href$='/training/tips/']").first.focus()  # keyboard, too
        page.wait_for_function("() => Array.from(document.querySelectorAll('.md-tooltip2[role=dialog]')).some(t => t.textContent.includes('Training tips'))")
        page.evaluate(axe_source)
        violations = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .filter(v => ['serious', 'critical'].includes(v.impact)).map(v => v.id + ': ' + v.nodes[0].target.join(' '))""")
        assert not violations, violations
        assert not [m for m in console if "Content Security Policy" in m or m.startswith("error")], console
    finally:
        context.close()


AXE_SCROLL_RULE = """async () => {
  const r = await axe.run(document, {runOnly: {type: 'rule', values: ['scrollable-region-focusable']}});
  return r.violations.flatMap(v => v.nodes.map(n => n.target.join(' ')));
}"""


@pytest.mark.parametrize("path", ALL_PAGES)
def test_wide_tables_are_keyboard_reachable_at_load_and_after_scrolling(viewports, base_url, axe_source, path):
    """No scrolling region without a tab stop, right after load (before any observer could
    run) and after scrolling through the page, on a phone, where most tables scroll."""
    page = viewports["phone"]
    page.goto(base_url + path, wait_until="load")
    page.evaluate(axe_source)
    # lay out every block at once (the page lets the browser skip those far below), and
    # audit in the same task: no observer gets a chance to add a tab stop first
    at_load = page.evaluate("""async () => {
        const style = document.createElement('style');
        style.textContent = '* { content-visibility: visible !important; }';
        document.head.append(style);
        document.body.offsetWidth;
        return (""" + AXE_SCROLL_RULE + """)();
    }""")
    assert not at_load, f"at load: {at_load[:5]}"
    page.evaluate("""async () => { for (let y = 0; y < document.body.scrollHeight; y += innerHeight) {
        scrollTo(0, y); await new Promise(r => requestAnimationFrame(r)); } }""")
    after = page.evaluate(AXE_SCROLL_RULE)
    assert not after, f"after scrolling: {after[:5]}"
    unnamed = page.evaluate("() => Array.from(document.querySelectorAll('article table.dl-table')).filter(t => t.tabIndex !== 0 || !t.getAttribute('aria-label')).length")
    assert unnamed == 0
