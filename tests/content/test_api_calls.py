"""Every library name shown in code on a page resolves in the pinned library, with the keywords used.

Covers inline code spans, fenced blocks and the snippet files they include (``cheatsheet.apicheck``).
A name a page cannot show executable on purpose is declared there with
``<!-- api: not-executed name (reason) -->``; the unit tests below prove the check fails, naming the
file and the line, on a misspelt function and on a misspelt keyword.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cheatsheet import apicheck

ROOT = Path(__file__).resolve().parents[2]
LOCK = (ROOT / "requirements" / "test.lock").read_text(encoding="utf-8")
LOCKED = {m.group(1).lower().replace("_", "-") for m in re.finditer(r"^([A-Za-z0-9_.-]+)==", LOCK, re.M)}

pytestmark = pytest.mark.torch


@pytest.fixture(scope="module")
def report() -> apicheck.Report:
    pytest.importorskip("torch")
    return apicheck.check_site(ROOT)


def _pinned_but_missing(report: apicheck.Report) -> set[str]:
    return {pkg for pkg in report.missing if pkg.lower().replace("_", "-") in LOCKED}


def test_every_name_on_every_page_resolves_and_binds(report):
    skipped = _pinned_but_missing(report)
    errors = [e for e in report.errors
              if not any(f"({pkg}." in e or f"({pkg})" in e for pkg in skipped)]
    assert not errors, "\n".join(errors)
    assert len(report.checked) > 1000, "the check found suspiciously few names"


def test_packages_the_pages_quote_are_installed(report):
    skipped = _pinned_but_missing(report)
    if skipped:
        pytest.skip(f"pinned in requirements/test.lock but not installed here: {sorted(skipped)}; "
                    f"their names on {sorted({w for p in skipped for w in report.missing[p]})} are unchecked")


# --- the check itself -----------------------------------------------------------------------------

def _page(tmp_path: Path, body: str, snippet: str | None = None) -> apicheck.Report:
    (tmp_path / "docs" / "snippets" / "demo").mkdir(parents=True)
    if snippet is not None:
        (tmp_path / "docs" / "snippets" / "demo" / "demo.py").write_text(snippet, encoding="utf-8")
    (tmp_path / "docs" / "page.md").write_text(body, encoding="utf-8")
    return apicheck.check_site(tmp_path)


def test_a_misspelt_function_in_a_span_names_page_and_line(tmp_path):
    pytest.importorskip("torch")
    r = _page(tmp_path, "# T\n\ntext\n\n- **Call:** `F.gelu(x)` and `F.geluu(x)`.\n")
    assert len(r.errors) == 1 and r.errors[0].startswith("docs/page.md:5: `F.geluu`"), r.errors


def test_a_misspelt_keyword_in_a_span_names_page_and_line(tmp_path):
    pytest.importorskip("torch")
    r = _page(tmp_path, '# T\n\n`F.gelu(x, approximate="tanh")`\n\n`nn.LayerNorm(d, epsilon=1e-5)`\n')
    assert len(r.errors) == 1 and r.errors[0].startswith("docs/page.md:5: `nn.LayerNorm(...)` does not bind"), r.errors
    assert "epsilon" in r.errors[0]


def test_a_misspelt_keyword_of_a_builtin_is_caught_from_its_docstring(tmp_path):
    pytest.importorskip("torch")
    r = _page(tmp_path, "# T\n\n`torch.logsumexp(z, dim=-1)` `torch.logsumexp(z, axis=-1)`\n")
    assert len(r.errors) == 1 and "axis" in r.errors[0] and r.errors[0].startswith("docs/page.md:3:"), r.errors


def test_a_misspelt_name_in_an_included_snippet_names_the_snippet_and_line(tmp_path):
    pytest.importorskip("torch")
    snippet = "import torch\nimport torch.nn.functional as fn\n\nx = torch.ones(2)\ny = fn.softmax(x, dimension=0)\n"
    body = '# T\n\n``` python\n--8<-- "demo/demo.py"\n```\n'
    r = _page(tmp_path, body, snippet)
    assert len(r.errors) == 1 and r.errors[0].startswith("docs/snippets/demo/demo.py:5: `fn.softmax(...)`"), r.errors


def test_too_many_positionals_and_class_init_and_methods(tmp_path):
    pytest.importorskip("torch")
    r = _page(tmp_path, "# T\n\n`nn.Linear(a, b, c, d, e, f, g)`\n\n`nn.Transformer.generate_square_subsequent_mask(n)`\n\n"
                        "`nn.Linear.weight` `nn.Conv*d` `F.*` `nn.Convv*d`\n")
    assert [e.split(":")[1] for e in r.errors] == ["3", "7"], r.errors


def test_shorthand_that_is_not_python_is_still_checked(tmp_path):
    pytest.importorskip("torch")
    r = _page(tmp_path, "# T\n\n`nn.LSTM(I, H, num_layers=2, batch_first=True, dropout=0.2..0.5)`\n\n"
                        "`nn.GRU(I, H, num_layer=1..3)`\n")
    assert len(r.errors) == 1 and r.errors[0].startswith("docs/page.md:5:") and "num_layer" in r.errors[0], r.errors


def test_a_span_across_lines_is_read_whole(tmp_path):
    pytest.importorskip("torch")
    r = _page(tmp_path, "# T\n\nsee `nn.MultiheadAttention(embed_dim,\nnum_heads, need_weights=True)` here\n")
    assert len(r.errors) == 1 and r.errors[0].startswith("docs/page.md:3:") and "need_weights" in r.errors[0]


def test_not_executed_marker_excuses_only_its_names_and_must_be_used(tmp_path):
    pytest.importorskip("torch")
    body = ("# T\n\n<!-- api: not-executed jax.jit, tf.function (another framework) -->\n\n"
            "`jax.jit(f)` `torchvision.ops.box_iou(a, b)`\n")
    r = _page(tmp_path, body)
    assert ("docs/page.md:5", "jax.jit") in r.not_executed
    assert any(e.startswith("docs/page.md:5: `torchvision.ops.box_iou`") for e in r.errors), r.errors
    assert any(e.startswith("docs/page.md:3:") and "tf.function" in e for e in r.errors), r.errors
    assert len(r.errors) == 2


def test_marker_needs_a_reason(tmp_path):
    r = _page(tmp_path, "# T\n\n<!-- api: not-executed jax.jit -->\n\n`jax.jit(f)`\n")
    assert any(e.startswith("docs/page.md:3:") and "reason" in e for e in r.errors), r.errors


def test_names_from_resolves_bare_calls_in_that_module(tmp_path):
    pytest.importorskip("sklearn")
    body = ("# T\n\n<!-- api: names-from sklearn.metrics -->\n\n`f1_score(y, y_hat, average=\"macro\")` "
            "`len(y)`\n\n`f1_scor(y, y_hat)` `recall_score(y, y_hat, pos_labl=0)`\n")
    r = _page(tmp_path, body)
    assert [e.split(":")[1] for e in r.errors] == ["7", "7"], r.errors
    assert "f1_scor" in r.errors[0] + r.errors[1] and "pos_labl" in r.errors[0] + r.errors[1]


def test_fenced_code_and_comments_are_not_inline_spans():
    text = "a `x`\n\n```\n`nope`\n```\n<!-- `hidden` -->\n`y`\n"
    assert apicheck.code_spans(text) == [(1, "x"), (7, "y")]


def test_snippet_aliases_follow_its_imports():
    src = "import torch\nimport torch.nn as nn\nfrom torch.nn import functional as F\nfrom sklearn.metrics import f1_score\nimport os\n"
    assert apicheck.snippet_aliases(src) == {"torch": "torch", "nn": "torch.nn", "F": "torch.nn.functional",
                                             "f1_score": "sklearn.metrics.f1_score"}


# --- snippets that use this site's own code say so where the reader sees it -----------------------

SITE_NOTE = "# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package"


def test_snippets_importing_the_site_package_say_so():
    missing = []
    for path in sorted((ROOT / "docs" / "snippets").rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        first = next((i for i, line in enumerate(lines) if re.match(r"(from|import) cheatsheet\b", line)), None)
        if first is not None and (first == 0 or lines[first - 1] != SITE_NOTE):
            missing.append(f"{path.relative_to(ROOT)}:{first + 1}")
    assert not missing, f"put this line above the first cheatsheet import:\n{SITE_NOTE}\n" + "\n".join(missing)
