"""Every page in a real browser, in both palettes: no third-party request, no CSP violation,
no serious or critical accessibility violation (axe-core)."""

from __future__ import annotations

import pytest

from tests.pages import nav_files, page_url

pytestmark = pytest.mark.browser


PAGES = [page_url(p) for p in nav_files()] + ["404.html"]


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
        page.goto(base_url + path, wait_until="networkidle")
        page.mouse.wheel(0, 20000)  # load lazy images too
        page.wait_for_timeout(200)
        page.wait_for_load_state("networkidle")
        page.mouse.wheel(0, -20000)  # back to the top: the header is audited too
        page.wait_for_timeout(300)
        foreign = [u for u in requests if not u.startswith((base_url, "data:", "blob:"))]
        assert not foreign, f"requests to other origins: {foreign}"
        csp = [m for m in console if "Content Security Policy" in m or "Content-Security-Policy" in m]
        assert not csp, f"CSP violations: {csp}"
        errors = [m for m in console if m.startswith(("error", "pageerror")) and "404" not in m]
        assert not errors, f"console errors: {errors}"
        # audit every block as laid out, including those the page lets the browser skip
        page.add_style_tag(content="* { content-visibility: visible !important; }")
        page.evaluate(axe_source)  # through DevTools, so the page's CSP does not block it
        violations = page.evaluate(
            """async () => {
                const r = await axe.run(document, {resultTypes: ['violations']});
                return r.violations
                  .filter(v => ['serious', 'critical'].includes(v.impact))
                  .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`);
            }"""
        )
        assert not violations, "\n".join(violations)
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
