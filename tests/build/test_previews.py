"""Only links to another page of the site are marked for a preview (cheatsheet.previews)."""

from __future__ import annotations

import re

import pytest

from cheatsheet.previews import mark_topic_links


@pytest.mark.parametrize("link", [
    '<a href="../loss-functions/">x</a>',
    '<a href="../loss-functions/#mse" title="Mean squared error">x</a>',
    '<a href="../../training/tips/">x</a>',
    '<a href="../">the section</a>',
])
def test_links_to_other_pages_are_marked(link: str):
    assert mark_topic_links(link) == link.replace("<a ", "<a data-preview ", 1)


@pytest.mark.parametrize("link", [
    '<a class="headerlink" href="#adam" title="Permanent link">&para;</a>',  # this page
    '<a href="#fn:1" class="footnote-ref">1</a>',  # footnotes have their own tooltips
    '<a href="https://arxiv.org/abs/1412.6980">Kingma and Ba</a>',  # another site
    '<a href="mailto:someone@example.org">mail</a>',
    '<a href="../notebooks/x/x.ipynb" download>notebook</a>',  # a file, not a page
    '<a href="/absolute/">root-relative</a>',
    '<a data-preview href="../a/">already</a>',
])
def test_other_links_are_left_alone(link: str):
    assert mark_topic_links(link) == link


@pytest.mark.site
def test_the_built_site_marks_page_links_and_the_theme_feature_is_off(built_site):
    html = (built_site / "activation-functions" / "index.html").read_text(encoding="utf-8")
    assert '"navigation.instant.preview"' not in html  # the theme watches only the marked links
    article = html[html.index("<article"):html.index("</article>")]
    marked = re.findall(r'<a data-preview [^>]*href="([^"]+)"', article)
    assert any(h.endswith("/loss-functions/") for h in marked)
    unmarked = re.findall(r'<a (?![^>]*data-preview)[^>]*href="([^"]+)"', article)
    assert not [h for h in unmarked if h.endswith("/") and not h.startswith(("http", "#", "/"))]
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert "data-preview" not in home  # the map of every topic is navigation
