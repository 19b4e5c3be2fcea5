from __future__ import annotations

from pathlib import Path

import pytest

from cheatsheet.browser import launch
from cheatsheet.localserver import serve


ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def base_url(built_site) -> str:
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    return (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
