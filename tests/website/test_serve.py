"""``mkdocs serve``: an edit reaches the browser, and the page served is the one a full build makes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cheatsheet.devserver import dev_server, without_livereload

from .tiny import write_site

pytestmark = pytest.mark.site

PAGES = {
    "index.md": "# Home\n\nSee [the other page](other.md).\n",
    "other.md": "# Other\n\nInline $\\sigma(x)$ and a figure:\n\n<!-- figure: intro-relu-sum -->\n",
}
EDITED = "# Other\n\nEdited: $\\tanh(x)$ now, and the figure stays.\n\n<!-- figure: intro-relu-sum -->\n"


def _normalized(html: str) -> str:
    html = without_livereload(html)
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)  # built sites only
    html = re.sub(r'<link rel="canonical" href="[^"]*">', "", html)  # the dev server sets site_url
    return "\n".join(line for line in html.splitlines() if line.strip())  # blank lines the removals leave


def test_an_edit_is_served_exactly_as_a_full_build_makes_it(tmp_path: Path):
    config = write_site(tmp_path, PAGES)
    with dev_server(config) as server:
        before = server.page("other/")
        assert "math-inline" in before and "intro-relu-sum-light.svg" in before
        seconds, after = server.time_edit("other/", lambda: (tmp_path / "docs" / "other.md").write_text(EDITED))
        assert "Edited:" in after and "Inline" not in after
        home = server.page("")
    site = tmp_path / "built"
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
                          cwd=tmp_path, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert _normalized(after) == _normalized((site / "other" / "index.html").read_text())
    assert _normalized(home) == _normalized((site / "index.html").read_text())
