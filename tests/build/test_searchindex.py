"""The search index the site's worker reads: made from Material's, by exact terms, in chunks."""

from __future__ import annotations

import json
import re

from cheatsheet import searchindex as si

SEPARATOR = r'[\s\-,:!=\[\]()"`/_]+|\.(?!\d)|&[lg]t;|(?!\b)(?=[A-Z][a-z])'


def _index(docs, fields=None):
    return {"config": {"lang": ["en"], "separator": SEPARATOR, "pipeline": ["stopWordFilter"],
                       "fields": fields or {"aka": {"boost": 500}, "title": {"boost": 1000}, "text": {"boost": 1}}},
            "docs": docs}


def test_search_view_drops_rendered_math_but_keeps_the_words_around_it():
    html = ('<p>An activation <span class="math-inline" data-search-exclude><span class="katex">'
            '<span class="katex-mathml"><math><mi>f</mi></math></span><span class="katex-html">'
            '<span class="mord">f</span><span class="mord">h</span></span></span></span> is applied.</p>'
            '<div class="math-display" data-search-exclude tabindex="0"><span class="katex-display">'
            '<span>∑</span></span></div><p>After <code>nn.ReLU</code>.</p>')
    out = si.search_view(html)
    assert "katex" not in out and "∑" not in out and "mord" not in out
    assert "An activation" in out and "is applied.</p>" in out and "<code>nn.ReLU</code>" in out


def test_material_parser_leaked_the_glyphs_that_search_view_removes():
    from material.plugins.search.plugin import Parser

    html = ('<p>before <span class="math-inline" data-search-exclude><span class="katex">'
            '<span class="katex-mathml">x</span><span class="katex-html">GLYPHS</span></span></span> after</p>')

    def text(h):
        parser = Parser()
        parser.feed(h)
        parser.close()
        return "".join(parser.data[0].text)

    assert "GLYPHS" in text(html), "Material's parser fixed its exclusion: search_view may be simpler now"
    assert "GLYPHS" not in text(si.search_view(html)) and "after" in text(si.search_view(html))


def test_tokens_keep_split_identifiers_whole_and_in_parts():
    sep = re.compile(SEPARATOR)
    assert si.tokens("call optimizer.zero_grad() first", sep) == [
        "call", "optimizerzerograd", "zerograd", "optimizer", "zero", "grad", "first"]
    assert si.tokens("RMSNorm, N-way K-shot", sep) == ["rmsnorm", "rms", "norm", "nway", "n", "way", "kshot", "k", "shot"]
    assert si.tokens("ratio 0.5 and clip_grad_norm_", sep) == ["ratio", "0.5", "and", "clipgradnorm", "clip", "grad", "norm"]
    assert si.tokens("U-Net nn.BatchNorm2d", sep) == ["unet", "u", "net", "nnbatchnorm2d", "batchnorm2d", "nn", "batch", "norm2d"]


def test_also_known_as_keeps_underscores_of_identifiers():
    md = "# T\n\n**Also known as:** `clip_grad_norm_`, *num_beams*, [GELU](x.md).\n\nText."
    assert si.also_known_as(md) == "clip_grad_norm_, num_beams, GELU."


def test_split_index_keeps_what_results_show_and_posts_every_field():
    long_text = "<p>" + " ".join(["gated"] * 3 + ["word"] * 100) + "</p>"
    index = _index([
        {"location": "gat/", "title": "GAT", "text": "<p>Graph &amp; attention.</p>", "tags": ["graphs"]},
        {"location": "gat/#how", "title": "How it works", "text": long_text, "tags": ["graphs"]},
        {"location": "gru/", "title": "GRU", "text": "<p>x 1 2.5</p>", "aka": "gated recurrent unit"},
    ])
    small, chunks = si.split_index(index)
    docs = small["docs"]
    assert [d["location"] for d in docs] == ["gat/", "gat/#how", "gru/"]
    assert docs[0] == {"location": "gat/", "title": "GAT", "text": "Graph & attention.", "tags": ["graphs"]}
    assert "tags" not in docs[1], "tags are shown once per page"
    assert len(docs[1]["text"]) <= si.TEASER_CHARS + 2 and docs[1]["text"].endswith("…")
    fields = si.FIELDS
    assert chunks["ga"]["gat"] == [0, fields.index("title"), 1]
    assert chunks["ga"]["gated"] == [1, fields.index("text"), 3, 2, fields.index("aka"), 1]
    assert chunks["gr"]["graph"][:3] == [0, fields.index("text"), 1]
    assert chunks["gr"]["graphs"] == [0, fields.index("tags"), 1]
    assert chunks["x"]["x"] == [2, fields.index("text"), 1], "single letters are looked up whole"
    assert not any(t[0].isdigit() for c in chunks.values() for t in c), "no numbers"
    terms = small["config"]["terms"]
    assert terms["format"] == si.FORMAT and terms["fields"] == list(fields)
    assert terms["chunks"] == sorted(chunks)
    assert si.split_index(index)[0]["config"]["terms"]["version"] == terms["version"], "reproducible"


def test_chunk_keys_are_safe_file_names():
    assert si.chunk_key("gated") == "ga" and si.chunk_key("x") == "x"
    assert si.chunk_key("σ-vae") == "_3c3_2d"
    assert si.chunk_key("l2") == "l2"


def test_write_replaces_stale_chunks(tmp_path):
    small, chunks = si.split_index(_index([{"location": "", "title": "Home", "text": "alpha beta"}]))
    (tmp_path / "search" / "terms").mkdir(parents=True)
    (tmp_path / "search" / "terms" / "zz.json").write_text("{}")
    si.write(tmp_path, small, chunks)
    assert sorted(p.stem for p in (tmp_path / "search" / "terms").iterdir()) == ["al", "be", "ho"]
    assert json.loads((tmp_path / "search" / "terms" / "al.json").read_text()) == {"alpha": [0, 3, 1]}


def test_pages_use_the_site_worker():
    html = '<script id="__config" type="application/json">{"search": "../assets/javascripts/workers/search.a7633da7.min.js", "x": 1}</script>'
    assert si.use_worker(html) == html.replace("workers/search.a7633da7.min.js", "search-worker.js")
    named = si.use_worker(html, "search-worker.0123abcd.min.js")
    assert named == html.replace("workers/search.a7633da7.min.js", "search-worker.0123abcd.min.js")


def test_the_worker_name_carries_its_content_hash():
    assert si.worker_name(b"a") != si.worker_name(b"b")
    assert si.worker_name(b"a") == si.worker_name(b"a")
    assert re.fullmatch(r"search-worker\.[0-9a-f]{8}\.min\.js", si.worker_name(b"a"))


def test_pairs_of_a_names_list_stay_inside_each_name():
    sep = re.compile(SEPARATOR)
    assert si.pairs("GNN, graph neural network (MPNN); message passing. Overview.", sep) == [
        "graph neural", "neural network", "message passing"]
    small, chunks = si.split_index(_index([{"location": "g/", "title": "Graph models", "text": "graph neural",
                                            "aka": "graph neural network"}]))
    aka, title = si.FIELDS.index("aka"), si.FIELDS.index("title")
    assert chunks["gr"]["graph neural"] == [0, aka, 1], "pairs come from names, not from the text"
    assert chunks["gr"]["graph models"] == [0, title, 1]
