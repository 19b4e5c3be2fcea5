"""Notebook CSS pruning: rules for classes a page never uses go, everything else stays."""

from __future__ import annotations

from cheatsheet.cssprune import prune, used_classes

CSS = """
:root { --jp-ui-font-size1: 13px; }
pre { line-height: 125%; }
/* a comment with { braces } */
.jp-Cell, .jp-Unused { padding: 4px; }
.jp-Unused .jp-Cell { color: red; }
.jp-OutputArea:not(.jp-mod-active) > .jp-Cell { margin: 0; }
.jp-Cell::after { content: "}{"; }
@media print { .jp-Unused { display: none; } }
@media (max-width: 760px) { .jp-Cell { padding: 0; } .jp-Unused { padding: 1px; } }
@keyframes fade { from { opacity: 0; } to { opacity: 1; } }
.lm-Widget:is(.jp-Unused) { order: 1; }
"""
HTML = '<div class="jp-Cell jp-OutputArea"><pre class=x>1</pre></div>'


def test_used_classes_reads_every_class_attribute():
    assert used_classes(HTML) == {"jp-Cell", "jp-OutputArea", "x"}


def test_unused_rules_go_and_used_rules_stay():
    out = prune(CSS, used_classes(HTML))
    assert ":root { --jp-ui-font-size1: 13px; }" in out, "variables are kept"
    assert "pre { line-height: 125%; }" in out
    assert ".jp-Cell { padding: 4px; }" in out, "the used half of a selector list is kept"
    assert ".jp-Unused .jp-Cell" not in out and "color: red" not in out
    assert ".jp-OutputArea:not(.jp-mod-active) > .jp-Cell" in out, "a class inside :not() need not be used"
    assert '.jp-Cell::after { content: "}{"; }' in out, "braces inside strings do not end a rule"
    assert "@media print" not in out, "a grouping rule left empty is dropped"
    assert "@media (max-width: 760px) {\n.jp-Cell { padding: 0; }\n}" in out
    assert "@keyframes fade" in out and "to { opacity: 1; }" in out
    assert ".lm-Widget:is(.jp-Unused)" in out, "selectors that class names cannot judge are kept"
    assert "comment" not in out


def test_pruning_is_idempotent():
    once = prune(CSS, used_classes(HTML))
    assert prune(once, used_classes(HTML)) == once
