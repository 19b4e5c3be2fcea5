"""The site's search index: every name a page is known by, ranked by exact terms, in chunks.

Three steps, all at build time:

1. ``search_view`` hands Material's search parser a page without its rendered math. The
   math is marked ``data-search-exclude``, but the parser compares elements by tag name, so
   the first nested ``</span>`` ends the exclusion and KaTeX's glyph text leaked into the
   index (and took most of the parsing time).
2. ``also_known_as`` / ``enrich``: each page's own **Also known as:** line (and its
   front-matter description) goes into an ``aka`` field of the page's first entry, boosted
   just under the title. No separate synonym list exists to drift from the pages.
3. ``split_index`` turns Material's index into what ``docs/assets/javascripts/search-worker.js``
   reads: ``search/search_index.json`` keeps, per entry, only what a result shows (location,
   title, a short teaser, the page's tags); the terms live in small posting files
   ``search/terms/<key>.json``, one per two-letter term prefix, which the worker fetches
   only for the words typed. A page thus downloads a few kilobytes of postings, not the
   whole text of the site, before its first result.

Terms are made exactly as the worker makes them from a query (``tokens``): the text is
split with the plugin's ``separator``, lower-cased and trimmed; a word that the separator
splits (``zero_grad``, ``nn.ReLU``, ``RMSNorm``) is also kept whole, so typing the whole
word finds it exactly.
"""

from __future__ import annotations

import html as htmllib
import json
import re
from functools import lru_cache
from collections import defaultdict
from pathlib import Path

from .buildcache import write_if_changed

AKA_RE = re.compile(r"^\*\*Also known as:\*\*\s*(.+?)(?:\n\s*\n|\Z)", re.M | re.S)
MARKUP_RE = re.compile(r"[`*]|\[([^\]]*)\]\([^)]*\)")  # underscores stay: zero_grad, num_beams

MATH_OPEN_RE = re.compile(r'<(span|div) class="math-(?:inline|display)" data-search-exclude[^>]*>')
TAG_RE = re.compile(r"<[^>]+>")
TRIM_RE = re.compile(r"^[^\w]+|[^\w]+$")
NUMBER_RE = re.compile(r"^[\d.,+\-−×%e]+$")

FIELDS = ("title", "aka", "tags", "text")  # the order of the field numbers in the postings
TEASER_CHARS = 160  # of a section's text shown under its title in the results
MAX_TF = 9  # term frequencies are capped (BM25 saturates long before)
FORMAT = 1  # bump when the layout of the files changes (the worker checks it)


def also_known_as(markdown: str) -> str:
    """The plain text of a page's 'Also known as' line, or '' if it has none."""
    m = AKA_RE.search(markdown)
    if not m:
        return ""
    text = MARKUP_RE.sub(lambda g: g.group(1) or "", m.group(1))
    return " ".join(text.split())


def search_view(html: str) -> str:
    """The page content without its rendered math (inline and display), for the search parser."""
    out, pos = [], 0
    for m in MATH_OPEN_RE.finditer(html):
        if m.start() < pos:
            continue  # inside math already removed
        tag_re = re.compile(rf"<(/?){m.group(1)}\b[^>]*>")
        depth, end = 0, None
        for t in tag_re.finditer(html, m.start()):
            depth += -1 if t.group(1) else 1
            if depth == 0:
                end = t.end()
                break
        if end is None:
            break  # unbalanced: leave the rest as it is
        out.append(html[pos:m.start()])
        out.append(" ")
        pos = end
    out.append(html[pos:])
    return "".join(out)


def enrich(index: dict, names_by_url: dict[str, str]) -> int:
    """Add the ``aka`` field to each page's first entry; return how many entries got one.

    The field's boost is configured with the search plugin (``fields: aka: boost``); a site
    whose search does not declare the field is left as it is.
    """
    if "aka" not in index["config"].get("fields", {}):
        return 0
    done = 0
    for entry in index["docs"]:
        names = names_by_url.get(entry["location"])
        if names and "aka" not in entry:
            entry["aka"] = names
            done += 1
    return done


def plain(fragment: str) -> str:
    """Text of an HTML fragment of the index: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(htmllib.unescape(TAG_RE.sub(" ", fragment)).split())


SEGMENT_RE = re.compile(r"\.(?!\d)|[()\[\]/,:=!\"`]+")


def _pieces(word: str, separator: re.Pattern) -> list[str]:
    return [p for p in (TRIM_RE.sub("", s.lower()) for s in separator.split(word) if s) if p]


def tokens(text: str, separator: re.Pattern) -> list[str]:
    """The terms of a text, in order: the separator's pieces, and each split word whole too
    (its pieces joined: ``zero_grad`` -> ``zerograd``, ``U-Net`` -> ``unet``), as well as each
    dotted or called part of it (``optimizer.zero_grad()`` -> ``zerograd``)."""
    out: list[str] = []
    for word in text.split():
        parts = _pieces(word, separator)
        if len(parts) > 1:
            out.append("".join(parts))
            for segment in SEGMENT_RE.split(word):
                pieces = _pieces(segment, separator)
                if 1 < len(pieces) < len(parts):
                    out.append("".join(pieces))
        out.extend(parts)
    return out


PHRASE_RE = re.compile(r"[,;()]|\.(?:\s|$)")


def pairs(text: str, separator: re.Pattern) -> list[str]:
    """Adjacent word pairs (``graph neural``, ``neural network``) within each phrase of a
    names list or title: a query with the same two words in a row matches the name."""
    out: list[str] = []
    for phrase in PHRASE_RE.split(text):
        words = [p for word in phrase.split() for p in _pieces(word, separator)]
        out.extend(f"{a} {b}" for a, b in zip(words, words[1:]))
    return out


def indexable(term: str) -> bool:
    """Numbers are left out of the postings (they find nothing useful)."""
    return not NUMBER_RE.match(term)


def chunk_key(term: str) -> str:
    """File name of the postings holding ``term``: its first two characters, ASCII-safe."""
    return "".join(c if c.isascii() and c.isalnum() else f"_{ord(c):x}" for c in term[:2])


def teaser(text: str, limit: int = TEASER_CHARS) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,;:") + " …"


@lru_cache(maxsize=65536)
def field_terms(name: str, value: str, separator: str) -> tuple[tuple[str, int, str], ...]:
    """The (term, frequency, chunk key) triples one field of one entry contributes;
    memoized, so a ``mkdocs serve`` rebuild tokenizes only the entries that changed."""
    pattern = re.compile(separator)
    counts: dict[str, int] = {}
    terms = tokens(value, pattern)
    if name in ("title", "aka"):
        terms += pairs(value, pattern)
    for term in terms:
        if indexable(term):
            counts[term] = counts.get(term, 0) + 1
    # a name is a name however often a title or the names list repeats it
    return tuple((term, 1 if name in ("title", "aka", "tags") else min(tf, MAX_TF), chunk_key(term))
                 for term, tf in counts.items())


def split_index(index: dict) -> tuple[dict, dict[str, dict]]:
    """Material's index -> (the small index the page loads, postings by chunk key).

    Postings: ``{term: [doc, field, tf, doc, field, tf, ...]}`` with ``doc`` the entry's
    position in the small index and ``field`` a position in ``FIELDS``.
    """
    config = dict(index["config"])
    postings: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    docs = []
    seen_pages: set[str] = set()
    for i, entry in enumerate(index["docs"]):
        page = entry["location"].split("#")[0]
        first = page not in seen_pages
        seen_pages.add(page)
        doc, terms = _entry(entry["location"], entry.get("title", ""), entry.get("text", ""),
                            tuple(entry.get("tags", ())), entry.get("aka", ""), first, config["separator"])
        docs.append(dict(doc))
        for f, triples in terms:
            for term, tf, key in triples:
                postings[key][term].extend((i, f, tf))
    chunks = {key: dict(sorted(terms.items())) for key, terms in sorted(postings.items())}
    config["terms"] = {"format": FORMAT, "fields": list(FIELDS), "version": _fingerprint(index),
                       "chunks": sorted(chunks)}
    return {"config": config, "docs": docs}, chunks


@lru_cache(maxsize=16384)
def _entry(location: str, title_html: str, text_html: str, tags: tuple[str, ...], aka: str, first: bool,
           separator: str) -> tuple[tuple[tuple[str, object], ...], tuple[tuple[int, tuple], ...]]:
    """One index entry's result (as pairs, for the caller's dict) and its terms by field;
    memoized, so a ``mkdocs serve`` rebuild redoes only the entries that changed."""
    title, text = plain(title_html), plain(text_html)
    doc: list[tuple[str, object]] = [("location", location), ("title", title), ("text", teaser(text))]
    if first and tags:
        doc.append(("tags", list(tags)))  # shown once, on the page's own result
    fields = {"title": title, "aka": aka, "tags": " ".join(tags) if first else "", "text": text}
    terms = tuple((f, field_terms(name, fields[name], separator)) for f, name in enumerate(FIELDS))
    return tuple(doc), terms


def _fingerprint(index: dict) -> str:
    """The version the worker asks the posting files by: it changes with the index and with
    the code that splits it (the postings are a function of both)."""
    import hashlib

    h = hashlib.sha256(Path(__file__).read_bytes())
    h.update(json.dumps(index, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return h.hexdigest()[:12]


def dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def write(site_dir: Path, small: dict, chunks: dict[str, dict], last: dict[Path, object] | None = None) -> None:
    """Write the small index over Material's and the posting files beside it. ``last``
    (path -> what this process wrote there) lets a dev server rebuild skip the posting
    files whose contents are unchanged and still in place."""
    last = {} if last is None else last
    base = site_dir / "search"
    # over the file Material's plugin has just written again: always
    (base / "search_index.json").write_text(dumps(small), encoding="utf-8")
    out = base / "terms"
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("*.json"):
        if stale.stem not in chunks:
            stale.unlink()
            last.pop(stale, None)
    for key, terms in chunks.items():
        write_if_changed(out / f"{key}.json", terms, last, dumps)


MATERIAL_WORKER_RE = re.compile(r'("search":\s*"[^"]*?assets/javascripts/)workers/search\.[0-9a-f]+\.min\.js"')
WORKER = "search-worker.js"  # docs/assets/javascripts/search-worker.js
WORKER_SOURCE = "assets/javascripts/" + WORKER  # its place in docs/


def worker_name(source: bytes) -> str:
    """The published name of the worker: its content's hash in the name, so a browser never
    keeps an old worker from its cache after a deploy (Material names its own worker so)."""
    import hashlib

    return f"search-worker.{hashlib.sha256(source).hexdigest()[:8]}.min.js"


def use_worker(page_html: str, name: str = WORKER) -> str:
    """Point the theme's search at the site's worker (same messages, this index, its ranking)."""
    return MATERIAL_WORKER_RE.sub(rf'\g<1>{name}"', page_html)
