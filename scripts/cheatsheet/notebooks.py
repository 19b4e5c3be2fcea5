"""Notebooks: re-execute when imported project code changes; clean their HTML.

mkdocs-jupyter caches a notebook's HTML keyed on the notebook's bytes and its options, so a
change to ``cheatsheet.numerics`` alone would not re-run it. :func:`invalidate_stale` keeps a
manifest of each notebook's dependency hash and clears that cache when one has changed.

The HTML nbconvert produces carries a MathJax loader from a CDN and ~600 KB of inline CSS per
page. :func:`clean_html` drops every script that loads from another origin (math is rendered
by KaTeX at build time instead) and moves the inline CSS into one shared stylesheet. It also
re-encodes SVG plots, which nbconvert embeds as base64 (which gzip cannot shrink), as
percent-encoded text, which it can: a plot then costs a few KB of the page's transfer.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from pathlib import Path
from urllib.parse import quote

from . import deps
from .mathhtml import chunk_locator

MAGIC_RE = re.compile(r"^\s*[%!].*$", re.M)
SCRIPT_RE = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.I | re.S)
SRC_RE = re.compile(r"""\bsrc\s*=\s*["']?([^"'\s>]*)""", re.I)
ABSOLUTE_URL_RE = re.compile(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", re.I)
STYLE_RE = re.compile(r"<style\b[^>]*>(.*?)</style>", re.I | re.S)
SVG_BASE64_RE = re.compile(r"""(["'])data:image/svg\+xml;base64,([A-Za-z0-9+/=\s]+)\1""")
# left as is in the data URI: safe inside a quoted HTML attribute and in a URL
SVG_SAFE = " /=:;,.-_()!*~+$[]{}|^`?@"


def cells(path: Path, kind: str) -> list[str]:
    """Sources of a notebook's cells of one kind ("code" or "markdown"), in order."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in data["cells"] if c["cell_type"] == kind]


def code_cells(path: Path) -> list[str]:
    return cells(path, "code")


def markdown_cells(path: Path) -> list[str]:
    return cells(path, "markdown")


def dependencies(path: Path) -> set[Path]:
    """Project modules a notebook imports, transitively."""
    sources = [(MAGIC_RE.sub("", src), "") for src in code_cells(path)]
    return deps.local_dependencies(sources)


def dependency_hash(path: Path) -> str:
    return deps.hash_files(dependencies(path), hashlib.sha256(path.read_bytes()).hexdigest())


def invalidate_stale(notebooks: list[Path], cache_dir: Path, manifest: Path) -> list[Path]:
    """Clear the notebook HTML cache if any notebook's imported code changed; return those notebooks."""
    try:
        previous = json.loads(manifest.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        previous = {}
    current = {str(nb): dependency_hash(nb) for nb in notebooks}
    # only code changes matter here: a changed notebook already gets a new key upstream
    changed = [nb for nb in notebooks if previous.get(str(nb)) not in (None, current[str(nb)])]
    if changed or not previous:
        shutil.rmtree(cache_dir, ignore_errors=True)
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text(json.dumps(current, indent=1, sort_keys=True), encoding="utf-8")
    return changed


def _is_foreign_script(attrs: str, body: str) -> bool:
    """A script that loads from elsewhere: an external or empty ``src`` (nbconvert's MathJax
    loader), a MathJax configuration, or code importing from an absolute URL (its mermaid loader)."""
    src = SRC_RE.search(attrs)
    if src is not None:
        return src.group(1) == "" or bool(ABSOLUTE_URL_RE.match(src.group(1)))
    return "MathJax" in body or bool(ABSOLUTE_URL_RE.search(body))


def svg_data_uri(svg: str) -> str:
    """``data:image/svg+xml,...`` with the SVG percent-encoded (quotes, ``<``, ``>``, ``&``, ``#``,
    ``%`` and newlines escaped): valid in a double- or single-quoted attribute, and compressible."""
    return "data:image/svg+xml," + quote(svg, safe=SVG_SAFE)


def _text_svg(match: re.Match) -> str:
    svg = base64.b64decode(re.sub(r"\s", "", match.group(2))).decode("utf-8")
    return match.group(1) + svg_data_uri(svg) + match.group(1)


def clean_html(content: str) -> tuple[str, str]:
    """Return the notebook HTML without third-party scripts or inline CSS, and that CSS;
    base64 SVG images become percent-encoded ones."""
    content = SVG_BASE64_RE.sub(_text_svg, content)
    content = SCRIPT_RE.sub(lambda m: "" if _is_foreign_script(m.group(1), m.group(2)) else m.group(0), content)
    styles = [m.group(1).strip() for m in STYLE_RE.finditer(content)]
    content = STYLE_RE.sub("", content)
    return content, "\n".join(styles)


def describe_failure(path_label: str, path: Path, exc: Exception) -> str:
    """``docs/x.ipynb: code cell 3 raised ZeroDivisionError: division by zero`` for a failed run."""
    ename = getattr(exc, "ename", type(exc).__name__)
    evalue = getattr(exc, "evalue", str(exc))
    message = str(exc)
    where = "a code cell"
    for number, source in enumerate(code_cells(path), start=1):
        if source.strip() and source.strip() in message:
            first = source.strip().splitlines()[0]
            where = f"code cell {number} ({first[:60]!r})"
            break
    return f"{path_label}: {where} raised {ename}: {evalue}"


def cell_locator(path_label: str, path: Path):
    """Map a formula to ``notebook: markdown cell N`` for error messages."""
    return chunk_locator(markdown_cells(path), lambda n: f"{path_label}: markdown cell {n}", path_label)


# The gallery: each notebook (file name in docs/notebooks/), its gallery thumbnail (a figure of
# the catalogue, drawn from the numerics the notebook imports) and the topic pages it illustrates;
# each topic page must link to it and it to each of them (tests/build/test_notebook_gallery.py).
GALLERY: dict[str, dict] = {
    "numpy-network-from-scratch.ipynb": {
        "figure": "notebook-numpy-network",
        "topics": ["training/training-algorithm.md"],
    },
    "backprop-computational-graph.ipynb": {
        "figure": "notebook-backprop",
        "topics": ["training/training-algorithm.md"],
    },
    "optimizers-race.ipynb": {
        "figure": "notebook-optimizers-race",
        "topics": ["optimizers.md"],
    },
    "convolution-from-scratch.ipynb": {
        "figure": "notebook-convolution",
        "topics": ["architectures/convolutional/cnn.md"],
    },
    "char-rnn.ipynb": {
        "figure": "notebook-char-rnn",
        "topics": ["architectures/recurrent/rnn.md", "architectures/recurrent/lstm.md"],
    },
    "gcn-karate-club.ipynb": {
        "figure": "notebook-gcn",
        "topics": ["architectures/graph/gcn.md"],
    },
    "attention-transformer.ipynb": {
        "figure": "notebook-attention",
        "topics": ["architectures/transformers/attention.md", "architectures/transformers/transformer.md"],
    },
    "flow-matching-2d.ipynb": {
        "figure": "notebook-flow-matching",
        "topics": ["architectures/generative/diffusion-models.md"],
    },
}

ASSERT_RE = re.compile(r"^\s*assert\b", re.M)
SKIP_MESSAGE = "torch not installed: comparison skipped"


def has_assertion_cell(path: Path) -> bool:
    """True if some code cell asserts (a notebook that checks nothing proves nothing)."""
    return any(ASSERT_RE.search(src) for src in code_cells(path))


def page_links_to(page_text: str, target: str) -> bool:
    """True if Markdown ``page_text`` has a link whose path ends with ``target`` (a file name or a
    site-relative path such as ``training/training-algorithm``; ``.md``, ``.ipynb`` or a trailing slash may follow)."""
    stem = re.sub(r"\.(md|ipynb)$", "", target)
    pattern = rf"\]\((?:[^)\s]*/)?{re.escape(stem)}(?:\.md|\.ipynb|/)?(?:#[^)\s]*)?\)"
    return re.search(pattern, page_text) is not None
