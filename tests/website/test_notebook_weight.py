"""Every notebook page transfers at most 1.5 times the median Markdown page (issue 17): its plots
are what make it heavy, so they are kept small (SVG, few points, low-resolution PNG)."""

from __future__ import annotations

import gzip
import statistics
from pathlib import Path

import pytest

from cheatsheet import notebooks

pytestmark = pytest.mark.site

LIMIT = 1.5


def _gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))  # a web server's usual level


def test_notebook_pages_weigh_at_most_one_and_a_half_markdown_pages(built_site: Path):
    notebook_pages = {built_site / "notebooks" / name.removesuffix(".ipynb") / "index.html" for name in notebooks.GALLERY}
    markdown = [p for p in built_site.glob("**/index.html") if p not in notebook_pages]
    assert len(markdown) > 50 and all(p.is_file() for p in notebook_pages)
    for page in notebook_pages:  # the plots are there (an Agg backend in the kernel would drop them)
        assert 'data-mime-type="image/' in page.read_text(encoding="utf-8"), f"{page.parent.name}: no plot on the page"
    median = statistics.median(_gzip_size(p) for p in markdown)
    heavy = {p.parent.name: round(_gzip_size(p) / median, 2) for p in sorted(notebook_pages)
             if _gzip_size(p) > LIMIT * median}
    assert not heavy, f"notebook pages above {LIMIT} x the median Markdown page ({median / 1000:.1f} KB gzip): {heavy}"
