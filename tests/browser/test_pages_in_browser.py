"""Every page in a real browser, in both palettes: no third-party request, no CSP violation,
no serious or critical accessibility violation (axe-core)."""

from __future__ import annotations

import pytest

from tests.pages import nav_files, page_url

pytestmark = pytest.mark.browser


PAGES = [page_url(p) for p in nav_files()] + ["404.html"]


# Rules whose outcome depends on the palette: the dark pass re-runs only these.
PALETTE_RULES = ["color-contrast", "link-in-text-block"]


def settle(page) -> None:
    """Load every lazy figure (both palettes' variants), wait until all images are in."""
    page.evaluate("() => document.querySelectorAll('img[loading=lazy]').forEach(i => { i.loading = 'eager'; })")
    page.wait_for_function("() => Array.from(document.images).every(i => i.complete)")
    page.wait_for_timeout(100)  # let the header transitions finish


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_page_is_private_secure_and_accessible(browser, base_url, axe_source, path, scheme):
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    console: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    try:
        page.goto(base_url + path, wait_until="load")
        settle(page)
        foreign = [u for u in requests if not u.startswith((base_url, "data:", "blob:"))]
        assert not foreign, f"requests to other origins: {foreign}"
        csp = [m for m in console if "Content Security Policy" in m or "Content-Security-Policy" in m]
        assert not csp, f"CSP violations: {csp}"
        errors = [m for m in console if m.startswith(("error", "pageerror")) and "404" not in m]
        assert not errors, f"console errors: {errors}"
        # audit every block as laid out, including those the page lets the browser skip
        page.add_style_tag(content="* { content-visibility: visible !important; }")
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        page.evaluate(axe_source)  # through DevTools, so the page's CSP does not block it
        options = {"resultTypes": ["violations"]}
        if scheme == "dark":  # everything else was audited in the light pass
            options["runOnly"] = {"type": "rule", "values": PALETTE_RULES}
        violations = page.evaluate(
            """async (options) => {
                const r = await axe.run(document, options);
                return r.violations
                  .filter(v => ['serious', 'critical'].includes(v.impact))
                  .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`);
            }""",
            options,
        )
        assert not violations, "\n".join(violations)
    finally:
        context.close()


@pytest.mark.parametrize("system, expected", [("light", "default"), ("dark", "slate")])
def test_first_visit_follows_the_system_palette(browser, base_url, system, expected):
    context = browser.new_context(color_scheme=system)
    page = context.new_page()
    try:
        page.goto(base_url + "optimizers/", wait_until="load")
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
    finally:
        context.close()


def test_palette_toggle_switches_and_is_remembered(browser, base_url):
    """The header toggle cycles automatic -> light -> dark, and the choice survives instant
    navigation and a reload (Material's "__palette" storage)."""
    context = browser.new_context(color_scheme="light", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    scheme = lambda: page.evaluate("document.body.getAttribute('data-md-color-scheme')")  # noqa: E731
    try:
        page.goto(base_url + "activation-functions/", wait_until="load")
        assert scheme() == "default", "automatic mode follows the (light) system setting"
        toggle = page.locator("form[data-dl-palette] label:not([hidden])")
        assert toggle.count() == 1, "exactly one toggle button is shown"
        toggle.click()                      # -> light (explicit)
        assert scheme() == "default"
        page.locator("form[data-dl-palette] label:not([hidden])").click()   # -> dark
        assert scheme() == "slate"
        page.locator(".md-tabs a", has_text="Losses").first.click()          # instant navigation
        page.wait_for_url("**/loss-functions/")
        assert scheme() == "slate"
        page.reload(wait_until="load")
        assert scheme() == "slate", "the choice is remembered across loads"
        page.locator("form[data-dl-palette] label:not([hidden])").click()   # -> automatic again
        assert scheme() == "default"
        page.emulate_media(color_scheme="dark")  # automatic mode follows the system when it changes
        page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
        page.emulate_media(color_scheme="light")
        page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'default'")
    finally:
        context.close()


def test_printing_a_single_page_shows_content_only(browser, base_url):
    """Ctrl+P on any page: no header, tabs, sidebars, search or footer; light figures only."""
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    try:
        page.goto(base_url + "activation-functions/", wait_until="networkidle")
        page.emulate_media(media="print")
        hidden = page.evaluate(
            """() => ['.md-header', '.md-tabs', '.md-sidebar--primary', '.md-footer', '.md-search', '.md-banner']
                 .map(s => document.querySelector(s))
                 .filter(Boolean)
                 .every(el => getComputedStyle(el).display === 'none')"""
        )
        assert hidden, "site chrome must not print"
        shown = page.evaluate(
            """() => Array.from(document.querySelectorAll('figure.dl-figure img'))
                 .map(i => [i.getAttribute('src').endsWith('#only-dark'), getComputedStyle(i).display !== 'none'])"""
        )
        assert shown and all(visible != dark for dark, visible in shown), "print the light figure, never the dark one"
        assert page.locator("article h1").is_visible()
    finally:
        context.close()
