"""The tests' @checks registry (read without importing them) and the note a page shows from it."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from cheatsheet import buildcache
from cheatsheet.checks import Check, CheckError, declarations, expand_checks, lines_before, load, note_html, scan
from cheatsheet.paths import ROOT
from tests.checks import checks

LSTM = Check("lstm-cell", "`torch.nn.LSTMCell`", "rtol 1e-6", "tests/numerics/test_recurrent.py", 33, "test_cell")
LOSSES = Check("losses", "torch reference vectors", "rtol 1e-6", "tests/numerics/test_losses.py", 41, "test_losses",
               link="tests/numerics/reference/losses.json")
REGISTRY = {c.id: c for c in (LSTM, LOSSES)}


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


GOOD_TEST = """\
    import pytest
    from tests.checks import checks

    @checks("lstm-cell", against="`torch.nn.LSTMCell`", tol="rtol 1e-6")
    @pytest.mark.parametrize("k", [1, 2])
    def test_cell(k):
        pass

    class TestGroup:
        @checks("gru-cell", against="`torch.nn.GRUCell`", tol="exact", link="ref.json")
        def test_gru(self):
            pass
    """


def test_declarations_are_read_from_the_source_with_their_place():
    found, errors = declarations(textwrap.dedent(GOOD_TEST), "tests/t.py")
    assert errors == []
    assert [(c.id, c.against, c.tol, c.line, c.test, c.link) for c in found] == [
        ("lstm-cell", "`torch.nn.LSTMCell`", "rtol 1e-6", 6, "test_cell", None),
        ("gru-cell", "`torch.nn.GRUCell`", "exact", 11, "test_gru", "ref.json"),
    ]


@pytest.mark.parametrize("deco,message", [
    ('@checks(NAME, against="a", tol="t")', "one literal string id"),
    ('@checks("Bad_Id", against="a", tol="t")', "lower-case words joined by hyphens"),
    ('@checks("x", against="a")', "needs tol"),
    ('@checks("x", against=REF, tol="t")', "'against' must be a non-empty literal string"),
    ('@checks("x", against="a", tol="t", rtol=1e-6)', "unknown argument 'rtol'"),
    ('@checks("x", against=" ", tol="t")', "'against' must be a non-empty literal string"),
])
def test_a_malformed_declaration_names_file_and_line(deco, message):
    source = f"from tests.checks import checks\n\n{deco}\ndef test_x():\n    pass\n"
    found, errors = declarations(source, "tests/t.py")
    assert found == []
    assert len(errors) == 1 and errors[0].startswith("tests/t.py:3: ") and message in errors[0], errors


def test_only_a_test_function_can_declare_a_check():
    source = '@checks("x", against="a", tol="t")\ndef helper():\n    pass\n'
    found, errors = declarations(source, "tests/t.py")
    assert found == [] and errors == ["tests/t.py:1: @checks('x') is on 'helper', which pytest does not collect as a test"]


def test_scan_collects_every_file_and_skips_files_without_declarations(tmp_path):
    root = _tree(tmp_path, {"tests/a/test_a.py": GOOD_TEST, "tests/test_b.py": "def test_b():\n    pass\n",
                            "ref.json": "{}"})
    registry = scan(root)
    assert sorted(registry) == ["gru-cell", "lstm-cell"]
    assert registry["lstm-cell"].path == "tests/a/test_a.py"


def test_an_id_declared_twice_is_an_error_naming_both_places(tmp_path):
    other = 'from tests.checks import checks\n\n@checks("lstm-cell", against="a", tol="t")\ndef test_again():\n    pass\n'
    root = _tree(tmp_path, {"tests/test_a.py": GOOD_TEST, "tests/test_z.py": other, "ref.json": "{}"})
    with pytest.raises(CheckError, match=r"tests/test_z\.py:4: check 'lstm-cell' is already declared at tests/test_a\.py:6"):
        scan(root)


def test_the_same_id_twice_in_one_file_is_an_error(tmp_path):
    twice = GOOD_TEST + '''
    @checks("lstm-cell", against="b", tol="t")
    def test_twice():
        pass
    '''
    root = _tree(tmp_path, {"tests/test_a.py": twice, "ref.json": "{}"})
    with pytest.raises(CheckError, match=r"tests/test_a\.py:15: check 'lstm-cell' is already declared at tests/test_a\.py:6"):
        scan(root)


def test_a_link_to_a_missing_file_is_an_error(tmp_path):
    root = _tree(tmp_path, {"tests/test_a.py": GOOD_TEST})
    with pytest.raises(CheckError, match=r"check 'gru-cell' links to a missing file 'ref.json'"):
        scan(root)


def test_load_caches_on_the_test_sources_and_misses_when_one_changes(tmp_path):
    root = _tree(tmp_path / "repo", {"tests/test_a.py": GOOD_TEST, "ref.json": "{}"})
    store = buildcache.Store("checks", root=tmp_path / "cache")
    first = load(root, store=store)
    assert (store.hits, store.misses) == (0, 1)
    store._memory.clear()  # a new process: read from disk
    assert load(root, store=store) == first and store.hits == 1
    (root / "tests" / "test_a.py").write_text(textwrap.dedent(GOOD_TEST).replace("rtol 1e-6", "rtol 1e-9"))
    assert load(root, store=store)["lstm-cell"].tol == "rtol 1e-9" and store.misses == 2
    (root / "ref.json").unlink()  # not part of the key, but checked on a hit too
    (root / "tests" / "test_a.py").write_text(textwrap.dedent(GOOD_TEST))
    with pytest.raises(CheckError, match="missing file"):
        load(root, store=store)


def test_the_decorator_is_a_no_op_that_remembers_the_declaration():
    def f():
        return 3

    f = checks("x-y", against="a", tol="t")(f)  # not decorator syntax: the scan must not see it

    assert f() == 3 and f.checks == [{"id": "x-y", "against": "a", "tol": "t", "link": None}]


# -- the note ---------------------------------------------------------------------------------

def test_note_names_reference_and_tolerance_and_links_the_test_line():
    html = note_html([LSTM], "https://github.com/o/r")
    assert html.startswith('<p class="dl-checked" data-search-exclude>Checked against <code>torch.nn.LSTMCell</code>, rtol 1e-6 · ')
    assert 'href="https://github.com/o/r/blob/main/tests/numerics/test_recurrent.py#L33"' in html
    assert ">test</a></p>" in html


def test_note_links_the_reference_file_when_the_test_names_one():
    html = note_html([LOSSES], "https://github.com/o/r/")
    assert 'href="https://github.com/o/r/blob/main/tests/numerics/reference/losses.json"' in html
    assert ">losses.json</a>" in html


def test_without_a_repository_the_note_names_the_file_without_a_link():
    html = note_html([LSTM])
    assert "<a " not in html and "<code>tests/numerics/test_recurrent.py</code>" in html


def test_text_is_escaped():
    odd = Check("odd", "a <b> & `x<y`", "tol <1", "tests/t.py", 1, "t")
    html = note_html([odd])
    assert "a &lt;b&gt; &amp; <code>x&lt;y</code>, tol &lt;1" in html


def test_shortcode_expands_in_place_keeping_the_line_count_and_indent():
    md = "$$\nx\n$$\n\n<!-- checked: lstm-cell -->\n\n!!! note\n    <!-- checked: lstm-cell, losses -->\n"
    out, used = expand_checks(md, REGISTRY, "docs/a.md")
    assert used == ["lstm-cell", "lstm-cell", "losses"]
    lines = out.splitlines()
    assert len(lines) == len(md.splitlines())
    assert lines[4].startswith('<p class="dl-checked"')
    assert lines[7].startswith('    <p class="dl-checked"') and "; " in lines[7]


def test_unknown_check_names_file_and_line():
    with pytest.raises(CheckError, match=r"docs/a\.md:3: unknown check 'lstm-cel': no test declares it \(did you mean lstm-cell\?\)"):
        expand_checks("a\n\n<!-- checked: lstm-cel -->\n", REGISTRY, "docs/a.md")


def test_line_numbers_count_the_front_matter():
    source = "---\ntitle: A\n---\n\n# A\n\n<!-- checked: gone -->\n"
    body = source.split("---\n", 2)[2].lstrip("\n")
    assert lines_before(body, source) == 4
    with pytest.raises(CheckError, match=r"docs/a\.md:7: unknown check 'gone'"):
        expand_checks(body, REGISTRY, "docs/a.md", source=source)


def test_malformed_shortcode_is_an_error_and_fences_are_left_alone():
    with pytest.raises(CheckError, match=r"docs/a\.md:2: malformed check shortcode"):
        expand_checks("x\nsee <!-- checked: lstm-cell --> inline\n", REGISTRY, "docs/a.md")
    text = "```markdown\n<!-- checked: nope -->\n```\n"
    assert expand_checks(text, REGISTRY, "docs/a.md") == (text, [])


def test_the_projects_own_registry_is_well_formed():
    registry = scan(ROOT)
    assert registry, "the tests declare checked formulas"
    for check in registry.values():
        assert (ROOT / check.path).is_file() and check.test.startswith("test_"), check


def test_a_note_right_under_the_closing_dollars_is_an_error():
    # raw HTML glued to a display formula kept it from being recognized: the reader saw raw TeX
    md = "x\n\n$$\na < b\n$$\n<!-- checked: lstm-cell -->\n"
    with pytest.raises(CheckError, match=r"docs/a\.md:6: leave a blank line"):
        expand_checks(md, REGISTRY, "docs/a.md")
    out, used = expand_checks(md.replace("$$\n<!--", "$$\n\n<!--"), REGISTRY, "docs/a.md")
    assert used == ["lstm-cell"] and "dl-checked" in out
