"""Every catalogued figure renders in both palettes, deterministically, and is cached by content."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from cheatsheet import deps
from cheatsheet.figures import store
from cheatsheet.figures.catalogue import Figure, catalogue
from cheatsheet.figures.render import render_svg
from cheatsheet.figures.style import DARK, LIGHT, PALETTES
from cheatsheet.paths import PACKAGE_DIR

FIGURES = sorted(catalogue().values(), key=lambda f: f.name)
SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def rendered() -> dict[tuple[str, str], bytes]:
    """Render the whole catalogue once through the cache (cheap when already rendered)."""
    store.build_figures()
    out: dict[tuple[str, str], bytes] = {}
    shared = store.shared_files()
    for fig in FIGURES:
        for pal in PALETTES:
            key = store.cache_key(fig, pal, store.sources_digest(fig, shared))
            out[fig.name, pal.name] = (store.FIGURES_CACHE_DIR / f"{key}.svg").read_bytes()
    return out


def test_catalogue_is_not_empty_and_names_are_unique():
    assert len(FIGURES) >= 2
    assert len({f.name for f in FIGURES}) == len(FIGURES)


@pytest.mark.parametrize("fig", FIGURES, ids=[f.name for f in FIGURES])
def test_each_variant_is_a_valid_svg_of_the_declared_size(fig: Figure, rendered):
    light, dark = rendered[fig.name, "light"], rendered[fig.name, "dark"]
    for data in (light, dark):
        root = ET.fromstring(data)
        assert root.tag == f"{SVG_NS}svg"
        width = float(root.attrib["width"].removesuffix("pt"))
        assert width == pytest.approx(fig.size[0] * 72, rel=0.01)
        assert b"<path" in data, "the figure draws nothing"
        assert b"<dc:date>" not in data, "a date in the SVG breaks determinism"
    assert light != dark, "the dark variant must differ in colour from the light one"
    assert LIGHT.fg.encode() in light and DARK.fg.encode() in dark
    assert DARK.fg.encode() not in light


@pytest.mark.parametrize("fig", FIGURES, ids=[f.name for f in FIGURES])
def test_declaration_has_words_a_reader_needs(fig: Figure):
    assert len(fig.alt) >= 40, "alt text must say what the figure shows"
    assert fig.caption.strip().endswith((".", ")")), "captions are sentences"
    assert fig.alt != fig.caption


def test_rendering_twice_gives_identical_bytes():
    fig = FIGURES[0]
    assert render_svg(fig, LIGHT) == render_svg(fig, LIGHT)


def test_rendering_is_identical_across_processes_with_different_hash_seeds(tmp_path: Path):
    code = (
        "import sys; from cheatsheet.figures.catalogue import catalogue;"
        "from cheatsheet.figures.render import render_svg; from cheatsheet.figures.style import DARK;"
        f"sys.stdout.buffer.write(render_svg(catalogue()[{FIGURES[0].name!r}], DARK))"
    )
    outs = []
    for seed in ("1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "MPLCONFIGDIR": str(tmp_path / seed)}
        outs.append(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=True).stdout)
    assert outs[0] == outs[1] and len(outs[0]) > 1000


def test_noop_build_renders_and_writes_nothing(tmp_path: Path):
    out, cache = tmp_path / "figures", tmp_path / "cache"
    names = [FIGURES[0].name]
    first = store.build_figures(names, out_dir=out, cache_dir=cache)
    assert len(first.rendered) == 2 and len(first.written) == 2
    mtimes = {p: p.stat().st_mtime_ns for p in out.iterdir()}
    second = store.build_figures(names, out_dir=out, cache_dir=cache)
    assert second.rendered == [] and second.written == []
    assert {p: p.stat().st_mtime_ns for p in out.iterdir()} == mtimes


def test_full_build_removes_stale_figures_and_cache_entries(tmp_path: Path):
    out, cache = tmp_path / "figures", tmp_path / "cache"
    out.mkdir()
    cache.mkdir()
    (out / "deleted-figure-light.svg").write_text("<svg/>")
    unused = cache / ("0" * 64 + ".svg")
    unused.write_text("<svg/>")
    recent = cache / ("1" * 64 + ".svg")
    recent.write_text("<svg/>")
    day_old = __import__("time").time() - store.CACHE_MAX_AGE - 60
    os.utime(unused, (day_old, day_old))
    # seed the private cache from the project cache so this stays fast
    store.build_figures()
    for src in store.FIGURES_CACHE_DIR.glob("*.svg"):
        (cache / src.name).write_bytes(src.read_bytes())
    report = store.build_figures(out_dir=out, cache_dir=cache)
    assert report.rendered == []
    assert not (out / "deleted-figure-light.svg").exists()
    assert not unused.exists(), "an entry unused for a day is pruned"
    assert recent.exists(), "a recent entry may belong to a concurrent build: kept"
    assert len(list(out.glob("*.svg"))) == report.total == 2 * len(FIGURES)


def test_write_if_changed_is_atomic_and_lazy(tmp_path: Path):
    target = tmp_path / "a" / "x.svg"
    assert store.write_if_changed(target, b"one") is True
    before = target.stat().st_mtime_ns
    assert store.write_if_changed(target, b"one") is False
    assert target.stat().st_mtime_ns == before
    assert store.write_if_changed(target, b"two") is True
    assert target.read_bytes() == b"two"
    assert oct(target.stat().st_mode & 0o777) == oct(0o644)
    assert [p.name for p in target.parent.iterdir()] == ["x.svg"], "no temporary file left behind"


def test_cache_key_tracks_the_plotted_numerics_and_the_render_code():
    fig = catalogue()["intro-linear-vs-nonlinear"]
    files = deps.module_closure(fig.source_file) | store.shared_files()
    names = {p.relative_to(PACKAGE_DIR).as_posix() for p in files}
    # the definitions it plots, transitively (perceptron imports activations)
    assert {"numerics/perceptron.py", "numerics/activations.py"} <= names
    assert {"figures/render.py", "figures/style.py", "figures/store.py"} <= names
    assert store.cache_key(fig, LIGHT) != store.cache_key(fig, DARK)


def test_hash_changes_with_any_byte_of_a_dependency(tmp_path: Path, monkeypatch):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    a, b = pkg / "a.py", pkg / "b.py"
    a.write_text("x = 1\n")
    b.write_text("y = 2\n")
    monkeypatch.setattr(deps, "PACKAGE_DIR", pkg)
    before = deps.hash_files([a, b], "v1")
    b.write_text("y = 3\n")
    assert deps.hash_files([a, b], "v1") != before
    assert deps.hash_files([a, b], "v1") == deps.hash_files([b, a], "v1")
    assert deps.hash_files([a, b], "v2") != deps.hash_files([a, b], "v1")


def test_catalogue_reimports_edited_sources_in_a_long_lived_process():
    """mkdocs serve keeps one process: an edited numeric module must not be served stale."""
    import sys

    from cheatsheet.figures.catalogue import catalogue as current

    first = current()
    module = sys.modules["cheatsheet.numerics.perceptron"]
    assert current() is first, "unchanged sources: no re-import"
    path = PACKAGE_DIR / "numerics" / "perceptron.py"
    stat = path.stat()
    try:
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
        again = current()
        assert again is not first and set(again) == set(first)
        assert sys.modules["cheatsheet.numerics.perceptron"] is not module, "the edited module is imported afresh"
    finally:
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
