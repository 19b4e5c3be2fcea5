"""``mkdocs serve --dirty`` (what ``make serve`` runs): an edit reaches the browser, and the
folder served is, file for file, what a clean ``mkdocs build`` makes of the same sources.

MkDocs' own dirty mode is inexact (it skips unchanged pages and never removes anything);
``cheatsheet.devbuild`` makes it exact. These tests walk a served site through the changes
an author makes (a body edit, a new title, a new page, a deleted page, a static file changed
with an older date, a deleted file, a configuration change, a build that fails and is fixed)
and compare the whole folder with a clean build after each one.
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from cheatsheet.devserver import DevServer, dev_server, epoch_of, without_livereload
from cheatsheet.localserver import free_port

from .tiny import ROOT, write_site

pytestmark = pytest.mark.site

PAGES = {
    "index.md": "# Home\n\nSee [the other page](other.md).\n",
    "other.md": "# Other\n\nInline $\\sigma(x)$ and a figure:\n\n<!-- figure: intro-relu-sum -->\n",
    "third.md": "# Third\n\nA page that will be deleted.\n",
    "named.md": "# Named\n\n**Also known as:** first alias, second alias\n\nBody.\n",
    "img/dot.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><circle r="2" cx="2" cy="2"/></svg>\n',
}
CSP_RE = re.compile(r'\n    <meta http-equiv="Content-Security-Policy"[^>]*>')  # as csp.py inserts it


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``: compressed files by their contents, pages without the
    policy a built site carries (``make build`` adds it; the dev server's pages cannot have
    it, as its live-reload script is inline)."""
    out = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        if path.suffix == ".html":
            data = CSP_RE.sub("", data.decode("utf-8")).encode("utf-8")
        out[path.relative_to(folder).as_posix()] = data
    return out


def _clean_build(config: Path, out: Path, env: dict[str, str] | None = None) -> Path:
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out)],
                          cwd=config.parent, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out


def _assert_same(served: Path, built: Path, step: str) -> None:
    a, b = _tree(served), _tree(built)
    assert sorted(a) == sorted(b), (f"{step}: files only served: {sorted(set(a) - set(b))[:10]}; "
                                    f"only built: {sorted(set(b) - set(a))[:10]}")
    differ = [name for name in a if a[name] != b[name]]
    assert not differ, f"{step}: served files differ from a clean build: {differ[:10]}"
    empty = [p for p in served.rglob("*") if p.is_dir() and not any(p.iterdir())]
    assert not empty, f"{step}: the served folder keeps empty folders: {empty[:5]}"


def _rebuild(server: DevServer, edit: Callable[[], None]) -> float:
    seconds, _ = server.time_edit("", edit)
    return seconds


def test_a_dirty_served_site_equals_a_clean_build_after_every_kind_of_change(tmp_path: Path):
    port = free_port()
    config = write_site(tmp_path, PAGES)
    # the search field the hooks fill from a page's "Also known as" line, as in mkdocs.yml
    text = config.read_text().replace("  - search\n", "  - search:\n      fields:\n        aka:\n          boost: 500\n")
    config.write_text(text + f"site_url: http://127.0.0.1:{port}/\n")
    docs = tmp_path / "docs"
    built = tmp_path / "built"
    with dev_server(config, port=port, extra_args=("--dirty",)) as server:
        before = server.page("other/")
        assert "math-inline" in before and "intro-relu-sum-light.svg" in before
        _assert_same(server.site_dir, _clean_build(config, built / "0"), "first build")

        def step(name: str, edit: Callable[[], None]) -> None:
            _rebuild(server, edit)
            _assert_same(server.site_dir, _clean_build(config, built / name), name)

        step("body edit", lambda: (docs / "other.md").write_text(
            "# Other\n\nEdited: $\\tanh(x)$ now, and the figure stays.\n\n<!-- figure: intro-relu-sum -->\n"))
        served = server.page("other/")
        assert "Edited:" in without_livereload(served) and "Inline" not in served
        step("new title", lambda: (docs / "other.md").write_text("# Another title\n\nBody.\n"))
        assert "Another title" in server.page("")  # the home page's navigation shows it
        step("other names removed", lambda: (docs / "named.md").write_text("# Named\n\nBody only.\n"))
        step("new page", lambda: (docs / "new.md").write_text("# New\n\nBack [home](index.md).\n"))
        step("deleted page", lambda: (docs / "third.md").unlink())
        assert not (server.site_dir / "third").exists()

        def older_svg() -> None:  # a changed file whose date goes back (git checkout, cp -p)
            svg = docs / "img" / "dot.svg"
            svg.write_text(PAGES["img/dot.svg"].replace('r="2"', 'r="1"'))
            os.utime(svg, (1_000_000_000, 1_000_000_000))

        step("static file changed, older date", older_svg)
        step("static file deleted", lambda: (docs / "img" / "dot.svg").unlink())
        step("configuration", lambda: config.write_text(config.read_text().replace("site_name: tiny", "site_name: renamed")))

        # a build that fails (a figure that does not exist) leaves what it had written; the fix is exact
        failed = "An error happened during the rebuild"
        log_before = server.log.read_text().count(failed)
        epoch = epoch_of(server.page(""))  # pages wait while the last build has failed
        (docs / "new.md").write_text("# New\n\n<!-- figure: no-such-figure -->\n")
        deadline = time.monotonic() + 120
        while server.log.read_text().count(failed) == log_before:
            assert time.monotonic() < deadline, "the broken build did not fail"
            time.sleep(0.2)
        (docs / "new.md").write_text("# New\n\nFixed.\n")
        server.wait_for_reload(epoch)
        _assert_same(server.site_dir, _clean_build(config, built / "fixed"), "fixed after a failed build")


def test_the_real_site_served_dirty_equals_a_clean_build_after_an_edit(tmp_path: Path):
    """The whole site (notebooks, search, print pages, llms.txt, figures): one edit, then
    every file compared. Only the PDF links differ by design: the dev server exports none."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    page = ROOT / "docs" / "training" / "tips.md"
    original = page.read_text(encoding="utf-8")
    marker = f"Served-equals-built check {time.time_ns()}."
    try:
        with dev_server(ROOT / "mkdocs.yml", port=port, extra_args=("--dirty",), env={"SITE_URL": url}) as server:
            _rebuild(server, lambda: page.write_text(original + f"\n{marker}\n", encoding="utf-8"))
            assert marker in server.page("training/tips/")
            served = _tree(server.site_dir)
            built = _tree(_clean_build(ROOT / "mkdocs.yml", tmp_path / "built", {"SITE_URL": url}))
    finally:
        page.write_text(original, encoding="utf-8")
    assert sorted(served) == sorted(built)
    pdf_links = re.compile(rb'  <span class="dl-downloads">.*?</a>\n  </span>\n', re.S)
    differ = [n for n in served if n.endswith(".html") and pdf_links.sub(b"", served[n]) != pdf_links.sub(b"", built[n])]
    differ += [n for n in served if not n.endswith(".html") and served[n] != built[n]]
    assert not differ, f"served files differ from a clean build: {differ[:10]}"
