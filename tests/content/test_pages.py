"""Every page in the nav reads like a cheat-sheet page (STYLE.md): complete, cited, no placeholders."""

from __future__ import annotations

import re

import pytest

from tests.pages import DOCS, front_matter, markdown_pages, nav_files

PAGES = markdown_pages()
TOPIC_PAGES = [p for p in PAGES if p != "index.md"]
PLACEHOLDER_RE = re.compile(r"\b(TODO|TBD|FIXME|coming soon|lorem ipsum|to be written|STUB-PAGE)\b", re.I)
LINK_RE = re.compile(r"\]\((https?://[^)\s]+)\)")


def test_nav_lists_only_existing_pages_and_every_page_is_in_it():
    missing = [p for p in nav_files() if not (DOCS / p).is_file()]
    assert not missing, f"nav entries without a page: {missing}"
    on_disk = {
        p.relative_to(DOCS).as_posix()
        for p in list(DOCS.rglob("*.md")) + list(DOCS.rglob("*.ipynb"))
        if not p.relative_to(DOCS).parts[0] in {"includes", "snippets"}
    }
    assert not (on_disk - set(nav_files())), f"pages not in the nav: {sorted(on_disk - set(nav_files()))}"


@pytest.mark.parametrize("page", PAGES)
def test_front_matter_has_title_and_one_sentence_description(page):
    meta, _ = front_matter(page)
    assert isinstance(meta.get("title"), str) and meta["title"].strip()
    desc = meta.get("description", "")
    assert isinstance(desc, str) and 50 <= len(desc) <= 300, f"{page}: description must be one real sentence"
    assert desc.rstrip().endswith("."), f"{page}: description is a sentence"


@pytest.mark.parametrize("page", PAGES)
def test_page_has_also_known_as_and_one_line_summary(page):
    _, body = front_matter(page)
    assert re.search(r"^# .+$", body, re.M), f"{page}: needs a '# Title'"
    assert re.search(r"^\*\*Also known as:\*\* \S", body, re.M), f"{page}: needs an 'Also known as' line"
    assert '!!! abstract "In one line"' in body, f"{page}: needs the 'In one line' admonition"


@pytest.mark.parametrize("page", TOPIC_PAGES)
def test_topic_page_cites_references_with_links(page):
    _, body = front_matter(page)
    assert "## References" in body, f"{page}: needs a References section"
    refs = body.split("## References", 1)[1]
    assert LINK_RE.search(refs), f"{page}: the references need at least one link (arXiv or DOI)"
    assert re.search(r"\b(19|20)\d\d\b", refs), f"{page}: references need years"


@pytest.mark.parametrize("page", PAGES)
def test_no_placeholder_text(page):
    _, body = front_matter(page)
    hit = PLACEHOLDER_RE.search(body)
    assert hit is None, f"{page}: placeholder {hit.group(0)!r}"


@pytest.mark.parametrize("page", PAGES)
def test_no_empty_sections(page):
    _, body = front_matter(page)
    body = re.sub(r"^```.*?^```", "", body, flags=re.S | re.M)
    headings = list(re.finditer(r"^(#{2,4}) .+$", body, re.M))
    for this, nxt in zip(headings, headings[1:] + [None]):
        chunk = body[this.end(): nxt.start() if nxt else len(body)]
        deeper = nxt is not None and len(nxt.group(1)) > len(this.group(1))
        assert chunk.strip() or deeper, f"{page}: empty section {this.group(0)!r}"


# STYLE.md: one spelling everywhere (American). Common British forms a writer slips into;
# the "Also known as" line may list them on purpose, since readers search with them.
BRITISH_RE = re.compile(
    r"\b(\w*(?:modell|labell|travell)(?:ing|ed)|\w*(?:colour|behaviour|neighbour|favour)\w*|"
    r"optimis(?:e|ed|es|ing|ation|er)|normalis(?:e|ed|es|ing|ation)|regularis(?:e|ed|ing|ation)|"
    r"generalis(?:e|ed|es|ing|ation)|visualis(?:e|ed|es|ing|ation)|initialis(?:e|ed|es|ing|ation)|"
    r"centre[sd]?|analys(?:e|ed|es|ing))\b",
    re.I,
)


@pytest.mark.parametrize("page", PAGES)
def test_american_spelling(page):
    _, body = front_matter(page)
    body = re.sub(r"^\*\*Also known as:\*\*.*$", "", body, flags=re.M)
    body = re.sub(r"^```.*?^```", "", body, flags=re.S | re.M)
    body = body.split("## References", 1)[0]  # paper titles are quoted as published
    body = re.sub(r"\]\([^)]*\)", "]()", body)  # link targets
    hits = sorted({m.group(0) for m in BRITISH_RE.finditer(body)})
    assert not hits, f"{page}: British spelling {hits}"


@pytest.mark.parametrize("page", PAGES)
def test_title_matches_heading_and_description_is_attribute_safe(page):
    """The PDF bookmarks and the browser tab use the front-matter title, the page shows the
    heading: they must agree. The description goes into meta attributes unescaped."""
    meta, body = front_matter(page)
    heading = re.search(r"^# (.+)$", body, re.M).group(1).strip()
    assert meta["title"].strip() == heading, f"{page}: title {meta['title']!r} != heading {heading!r}"
    assert '"' not in meta.get("description", ""), f"{page}: a double quote would end the meta attribute"
