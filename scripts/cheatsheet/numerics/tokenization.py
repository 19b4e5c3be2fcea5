"""Subword tokenization from scratch: pre-tokenization, a BPE trainer and encoder (with the
Hugging Face ``tokenizers`` tie-breaking, so both learn the same merges), GPT-2's byte-to-unicode
map, WordPiece's greedy longest-match-first encoder and merge score, and Unigram-LM Viterbi
segmentation."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

# --------------------------------------------------------------------------- pre-tokenization

#: ``tokenizers.pre_tokenizers.Whitespace``: runs of word characters, or runs of punctuation.
WHITESPACE_SPLIT = re.compile(r"\w+|[^\w\s]+")

#: GPT-2's split pattern restricted to ASCII letters and digits (the original uses ``\p{L}``
#: and ``\p{N}``, which Python's ``re`` lacks): contractions, an optional leading space glued to
#: a run of letters / digits / punctuation, then whitespace runs.
GPT2_SPLIT_ASCII = re.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?[A-Za-z]+| ?[0-9]+| ?[^\sA-Za-z0-9]+|\s+(?!\S)|\s+""")


def pre_tokenize(text: str) -> list[str]:
    """Split text into words the way ``pre_tokenizers.Whitespace()`` does (``\\w+|[^\\w\\s]+``)."""
    return WHITESPACE_SPLIT.findall(text)


def bytes_to_unicode() -> dict[int, str]:
    """GPT-2's reversible map from the 256 byte values to printable characters.

    The 188 printable Latin-1 bytes (``!``..``~``, ``¡``..``¬``, ``®``..``ÿ``) map to themselves;
    the other 68 (control characters, space, ...) map, in byte order, to ``chr(256)``, ``chr(257)``, ...
    So the space byte 0x20 becomes ``Ġ`` (U+0120) and the newline 0x0A becomes ``Ċ`` (U+010A)."""
    printable = (list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1))
                 + list(range(ord("®"), ord("ÿ") + 1)))
    table, extra = {}, 0
    for b in range(256):
        if b in printable:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + extra)
            extra += 1
    return table


def byte_level_pre_tokenize(text: str) -> list[str]:
    """GPT-2 pre-tokenization (ASCII version of its regex), then every UTF-8 byte mapped to its
    printable stand-in: ``"Hi there"`` -> ``["Hi", "Ġthere"]``."""
    table = bytes_to_unicode()
    return ["".join(table[b] for b in piece.encode("utf-8")) for piece in GPT2_SPLIT_ASCII.findall(text)]


# --------------------------------------------------------------------------- BPE

@dataclass
class BPEModel:
    """A trained BPE: ``vocab`` maps token -> id (special tokens, then the alphabet sorted by code
    point, then one token per merge); ``merges`` is the ordered list of pairs (rank = index)."""

    vocab: dict[str, int]
    merges: list[tuple[str, str]]
    unk_token: str | None = None
    history: list[int] = field(default_factory=list)  # corpus length in tokens after 0, 1, 2, ... merges
    continuing_subword_prefix: str | None = None
    end_of_word_suffix: str | None = None


def _merge_word(symbols: list[str], a: str, b: str, prefix: str | None = None) -> list[str]:
    """Replace every occurrence of the adjacent pair (a, b), scanning left to right without overlap.
    With a continuing-subword ``prefix``, the merged token drops b's prefix (``"lo" + "##w"`` -> ``"low"``)."""
    merged = a + (b[len(prefix):] if prefix and b.startswith(prefix) else b)
    out, i = [], 0
    while i < len(symbols):
        if i + 1 < len(symbols) and symbols[i] == a and symbols[i + 1] == b:
            out.append(merged)
            i += 2
        else:
            out.append(symbols[i])
            i += 1
    return out


def initial_symbols(word: str, prefix: str | None = None, suffix: str | None = None) -> list[str]:
    """A word as its first symbols: characters, non-initial ones marked with ``prefix`` (WordPiece
    style ``##``), the last one with ``suffix`` (Sennrich's ``</w>``)."""
    symbols = [c if i == 0 or not prefix else prefix + c for i, c in enumerate(word)]
    if suffix and symbols:
        symbols[-1] += suffix
    return symbols


def pair_counts(segmented: dict[str, list[str]], counts: dict[str, int]) -> Counter:
    r"""$c(a, b) = \sum_w n_w \cdot \#\{(a, b) \text{ adjacent in the current segmentation of } w\}$
    (overlapping occurrences count: ``aaa`` holds the pair ``(a, a)`` twice)."""
    pairs: Counter[tuple[str, str]] = Counter()
    for w, s in segmented.items():
        for a, b in zip(s, s[1:]):
            pairs[a, b] += counts[w]
    return pairs


def train_bpe(words: Iterable[str], vocab_size: int, *, min_frequency: int = 0,
              special_tokens: Sequence[str] = (), initial_alphabet: Iterable[str] = (),
              continuing_subword_prefix: str | None = None, end_of_word_suffix: str | None = None,
              unk_token: str | None = None) -> BPEModel:
    r"""Learn BPE merges (Sennrich et al. 2016) from pre-tokenized words.

    Start from characters; repeat until $|V| = $ ``vocab_size``: count every adjacent pair over the
    corpus, $c(a, b) = \sum_w n_w \cdot \#\{(a, b) \text{ adjacent in } w\}$, merge the most frequent pair
    into a new token $ab$ everywhere, and record the merge. Stops early when the best count is below
    ``min_frequency`` (or below 1). ``initial_alphabet`` adds characters never seen in the corpus
    (byte-level BPE passes all 256 byte stand-ins, so no input is ever out of vocabulary).

    Tie-break as ``tokenizers.trainers.BpeTrainer``: among pairs with the same count, the pair of
    smallest ids $(\mathrm{id}(a), \mathrm{id}(b))$ wins, where ids are special tokens first, then the
    alphabet sorted by code point, then merged tokens in creation order. (With a prefix or suffix,
    ``tokenizers`` numbers the marked characters in hash-map order, so its ties, and hence its merges,
    can change from run to run; here they are numbered in sorted order.)"""
    counts = Counter(words)
    vocab: dict[str, int] = {}
    for tok in special_tokens:
        vocab.setdefault(tok, len(vocab))
    for ch in sorted({c for w in counts for c in w} | set(initial_alphabet)):
        vocab.setdefault(ch, len(vocab))
    segs = {w: initial_symbols(w, continuing_subword_prefix, end_of_word_suffix) for w in counts}
    for sym in sorted({x for s in segs.values() for x in s}):
        vocab.setdefault(sym, len(vocab))
    merges: list[tuple[str, str]] = []
    history = [sum(counts[w] * len(s) for w, s in segs.items())]
    while len(vocab) < vocab_size:
        pairs = pair_counts(segs, counts)
        if not pairs:
            break
        best = min(pairs, key=lambda p: (-pairs[p], vocab[p[0]], vocab[p[1]]))
        if pairs[best] < max(min_frequency, 1):
            break
        merges.append(best)
        segs = {w: _merge_word(s, *best, continuing_subword_prefix) for w, s in segs.items()}
        a, b = best
        if continuing_subword_prefix and b.startswith(continuing_subword_prefix):
            b = b[len(continuing_subword_prefix):]
        vocab.setdefault(a + b, len(vocab))
        history.append(sum(counts[w] * len(s) for w, s in segs.items()))
    return BPEModel(vocab=vocab, merges=merges, unk_token=unk_token, history=history,
                    continuing_subword_prefix=continuing_subword_prefix, end_of_word_suffix=end_of_word_suffix)


def bpe_encode_word(word: str, model: BPEModel) -> list[str]:
    """Encode one pre-tokenized word: start from its characters (unknown characters become
    ``unk_token``, or are dropped when it is ``None``), then repeatedly apply the learned merge of
    lowest rank present anywhere in the word, left to right, until no learned pair is adjacent."""
    rank = {p: i for i, p in enumerate(model.merges)}
    symbols = []
    for sym in initial_symbols(word, model.continuing_subword_prefix, model.end_of_word_suffix):
        if sym in model.vocab:
            symbols.append(sym)
        elif model.unk_token is not None:
            symbols.append(model.unk_token)
    while len(symbols) > 1:
        candidates = [rank[p] for p in zip(symbols, symbols[1:]) if p in rank]
        if not candidates:
            break
        symbols = _merge_word(symbols, *model.merges[min(candidates)], model.continuing_subword_prefix)
    return symbols


def bpe_encode(text: str, model: BPEModel, pre_tokenizer=pre_tokenize) -> list[str]:
    """Pre-tokenize ``text`` and BPE-encode each word; returns the token strings."""
    return [t for w in pre_tokenizer(text) for t in bpe_encode_word(w, model)]


# --------------------------------------------------------------------------- WordPiece

def wordpiece_merge_score(pair_count: int, count_a: int, count_b: int) -> float:
    r"""WordPiece merge score in its common modern form: $\mathrm{score}(a, b) = \dfrac{c(ab)}{c(a)\, c(b)}$,
    i.e. $p(ab) / (p(a)\,p(b))$ up to a constant factor (a pointwise-mutual-information ratio): a pair
    of rare parts that always occur together beats a pair of frequent ones. BPE ranks by $c(ab)$
    alone. The original (Schuster & Nakajima 2012) adds the unit that most increases the training
    data's likelihood under the LM; Google never published its exact trainer."""
    return pair_count / (count_a * count_b)


def wordpiece_encode_word(word: str, vocab: set[str] | dict[str, int], *, unk_token: str = "[UNK]",
                          prefix: str = "##", max_input_chars_per_word: int = 100) -> list[str]:
    """Greedy longest-match-first (BERT): from the current position take the longest vocabulary
    entry that matches (non-initial pieces carry ``prefix``), then continue after it. If some
    position has no match, or the word is longer than ``max_input_chars_per_word``, the WHOLE
    word becomes ``unk_token``."""
    if len(word) > max_input_chars_per_word:
        return [unk_token]
    pieces, start = [], 0
    while start < len(word):
        for end in range(len(word), start, -1):
            piece = word[start:end] if start == 0 else prefix + word[start:end]
            if piece in vocab:
                pieces.append(piece)
                start = end
                break
        else:
            return [unk_token]
    return pieces


# --------------------------------------------------------------------------- Unigram LM

def unigram_viterbi(word: str, log_probs: dict[str, float]) -> tuple[list[str], float]:
    r"""Most likely segmentation under a unigram LM (Kudo 2018):
    $\mathbf{x}^* = \argmax_{\mathbf{x} \in S(w)} \sum_{i} \log p(x_i)$, by dynamic programming over
    the end positions of the word (Viterbi). Returns the pieces and their total log-probability;
    raises ``ValueError`` if no segmentation exists."""
    n = len(word)
    best = [-math.inf] * (n + 1)
    back = [0] * (n + 1)
    best[0] = 0.0
    longest = max(len(p) for p in log_probs)
    for end in range(1, n + 1):
        for start in range(max(0, end - longest), end):
            piece = word[start:end]
            if piece in log_probs and best[start] + log_probs[piece] > best[end]:
                best[end] = best[start] + log_probs[piece]
                back[end] = start
    if best[n] == -math.inf:
        raise ValueError(f"no segmentation of {word!r} with this vocabulary")
    pieces, end = [], n
    while end > 0:
        pieces.append(word[back[end]:end])
        end = back[end]
    return pieces[::-1], best[n]


def unigram_segmentations(word: str, log_probs: dict[str, float]) -> list[tuple[list[str], float]]:
    """Every segmentation of ``word`` into vocabulary pieces with its log-probability (brute force;
    the marginal $p(w) = \\sum_{\\mathbf{x}} p(\\mathbf{x})$ used by the EM step sums over these)."""
    if not word:
        return [([], 0.0)]
    out = []
    for end in range(1, len(word) + 1):
        head = word[:end]
        if head in log_probs:
            for rest, lp in unigram_segmentations(word[end:], log_probs):
                out.append(([head, *rest], log_probs[head] + lp))
    return out


def tokens_per_word(tokens: Sequence[str], words: Sequence[str]) -> float:
    """Fertility: tokens per pre-tokenized word (1.0 for a word-level tokenizer)."""
    return len(tokens) / len(words)
