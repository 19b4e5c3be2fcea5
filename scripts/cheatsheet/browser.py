"""Headless Chromium for the browser tests, the PDF export and the audits.

Debian's ``chromium`` is used where it exists (no browser download needed offline);
``CHROMIUM_PATH`` overrides it; otherwise Playwright's own browser is used.
"""

from __future__ import annotations

import os
import shutil

QUIET_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]


def chromium_path() -> str | None:
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def launch(playwright, **kwargs):
    """Launch headless Chromium with the flags that keep it quiet on a closed network."""
    path = chromium_path()
    options = {"headless": True, "args": QUIET_FLAGS, **kwargs}
    if path:
        options["executable_path"] = path
    return playwright.chromium.launch(**options)
