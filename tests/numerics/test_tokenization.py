"""The from-scratch BPE trainer and encoder, GPT-2's byte map, WordPiece's greedy longest-match-first
encoder and Unigram Viterbi segmentation, checked against Hugging Face ``tokenizers`` trained or
built on the same small corpus (``tests/numerics/data/tokenization_corpus.txt``), and against brute force."""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from cheatsheet.numerics import tokenization as tk
from tests.checks import checks

tokenizers = pytest.importorskip("tokenizers")
from tokenizers import Tokenizer, models, pre_tokenizers, trainers  # noqa: E402

CORPUS = (Path(__file__).parent / "data" / "tokenization_corpus.txt").read_text(encoding="utf-8")
LINES = CORPUS.splitlines()
WORDS = [w for line in LINES for w in tk.pre_tokenize(line)]
PROBES = [
    "The newest baker reads 1987 readings; the widest windows!",
    "lowering the lowest river-marker, 2024 meters",  # unseen words and digits
    "zebras quiz {the} town?",  # characters never seen in the corpus: {, }, q, ?
]


def _hf_merges(tok: Tokenizer) -> list[tuple[str, str]]:
    raw = json.loads(tok.to_str())["model"]["merges"]
    return [tuple(m) if isinstance(m, list) else tuple(m.split(" ")) for m in raw]


def _hf_bpe(vocab_size: int, *, min_frequency: int = 0, special_tokens=(), unk_token=None, **kw) -> Tokenizer:
    tok = Tokenizer(models.BPE(unk_token=unk_token, **kw))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, min_frequency=min_frequency,
                                  special_tokens=list(special_tokens), show_progress=False, **kw)
    tok.train_from_iterator(LINES, trainer)
    return tok


def test_pre_tokenizer_matches_whitespace_pre_tokenizer():
    ref = pre_tokenizers.Whitespace()
    for text in [*LINES, *PROBES]:
        assert tk.pre_tokenize(text) == [piece for piece, _ in ref.pre_tokenize_str(text)]


@pytest.mark.parametrize("vocab_size,min_frequency,special", [
    (120, 0, ()),                       # stops at the vocabulary size
    (300, 2, ("[UNK]", "[PAD]", "[CLS]")),  # special tokens take the first ids; stops at min_frequency
    (2000, 0, ()),                      # runs until no pair is left: every word is one token
])
@checks("bpe-training", against="HF `tokenizers` `BpeTrainer` (same merges, same vocabulary ids)", tol="exact")
def test_bpe_learns_the_same_merges_and_vocab_as_tokenizers(vocab_size, min_frequency, special):
    mine = tk.train_bpe(WORDS, vocab_size, min_frequency=min_frequency, special_tokens=special)
    ref = _hf_bpe(vocab_size, min_frequency=min_frequency, special_tokens=special)
    assert mine.merges == _hf_merges(ref)
    assert mine.vocab == ref.get_vocab()  # same ids: special tokens, sorted alphabet, merges in order
    if vocab_size == 120:
        assert len(mine.vocab) == 120
    else:
        assert len(mine.vocab) < vocab_size  # stopped early
    if vocab_size == 2000:
        assert all(tk.bpe_encode_word(w, mine) == [w] for w in set(WORDS))


def test_corpus_has_ties_so_the_tie_break_is_exercised():
    """Replay the learned merges: many steps pick among pairs of equal count, so a different tie
    rule (e.g. lexicographic on strings) would give different merges."""
    model = tk.train_bpe(WORDS, 300)
    counts = Counter(WORDS)
    segs = {w: list(w) for w in counts}
    ties = 0
    for a, b in model.merges:
        pairs = tk.pair_counts(segs, counts)
        best = max(pairs.values())
        assert pairs[a, b] == best
        tied = [p for p, c in pairs.items() if c == best]
        ties += len(tied) > 1
        if len(tied) > 1:  # the winner has the smallest (id(a), id(b)), not the smallest strings
            assert (a, b) == min(tied, key=lambda p: (model.vocab[p[0]], model.vocab[p[1]]))
        segs = {w: tk._merge_word(s, a, b) for w, s in segs.items()}
    assert ties >= 50


@pytest.mark.parametrize("unk", [None, "[UNK]"])
def test_bpe_encodings_match_tokenizers_including_unknown_characters(unk):
    special = ("[UNK]",) if unk else ()
    mine = tk.train_bpe(WORDS, 250, special_tokens=special, unk_token=unk)
    ref = _hf_bpe(250, special_tokens=special, unk_token=unk)
    for text in [*PROBES, *LINES]:
        enc = ref.encode(text)
        tokens = tk.bpe_encode(text, mine)
        assert tokens == enc.tokens
        assert [mine.vocab[t] for t in tokens] == enc.ids
    if unk is None:  # unknown characters silently vanish: '{', '}' and '?' are not in the output
        assert "?" not in "".join(tk.bpe_encode(PROBES[2], mine))
    else:
        assert tk.bpe_encode(PROBES[2], mine).count("[UNK]") == 4  # q, {, }, ?


@pytest.mark.parametrize("kw", [{"continuing_subword_prefix": "##"}, {"end_of_word_suffix": "</w>"}])
def test_prefix_and_suffix_merges_are_greedy_and_encodings_match(kw):
    """With a prefix or suffix, ``tokenizers`` numbers the marked characters in hash-map order, so
    its tie-breaks vary between runs. Check what is deterministic: each of its merges has the
    largest pair count at its step (under our counting), and our encoder, given its merges, encodes
    exactly as it does."""
    ref = _hf_bpe(220, **kw)
    merges = _hf_merges(ref)
    prefix, suffix = kw.get("continuing_subword_prefix"), kw.get("end_of_word_suffix")
    counts = Counter(WORDS)
    segs = {w: tk.initial_symbols(w, prefix, suffix) for w in counts}
    for a, b in merges:
        pairs = tk.pair_counts(segs, counts)
        assert pairs[a, b] == max(pairs.values())
        segs = {w: tk._merge_word(s, a, b, prefix) for w, s in segs.items()}
    model = tk.BPEModel(vocab=ref.get_vocab(), merges=merges, continuing_subword_prefix=prefix,
                        end_of_word_suffix=suffix)
    for text in [*PROBES[:2], *LINES]:
        assert tk.bpe_encode(text, model) == ref.encode(text).tokens
    # our own trainer with the same option learns a vocabulary of the same size and kind
    mine = tk.train_bpe(WORDS, 220, **kw)
    assert len(mine.vocab) == len(ref.get_vocab())
    first = {x for w in counts for x in tk.initial_symbols(w, prefix, suffix)}  # e.g. '##e', 'e</w>'
    assert first <= set(mine.vocab) and first <= set(ref.get_vocab())
    assert len(mine.merges) == len(merges)


def test_bytes_to_unicode_is_the_byte_level_alphabet():
    table = tk.bytes_to_unicode()
    assert len(set(table.values())) == 256
    assert sorted(table.values()) == sorted(pre_tokenizers.ByteLevel.alphabet())
    assert table[ord(" ")] == "\u0120" and table[ord("\n")] == "\u010a" and table[ord("A")] == "A"


def test_byte_level_bpe_matches_tokenizers_gpt2_style():
    text = CORPUS
    bl = pre_tokenizers.ByteLevel(add_prefix_space=False)
    assert tk.byte_level_pre_tokenize(text) == [p for p, _ in bl.pre_tokenize_str(text)]
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = bl
    tok.train_from_iterator([text], trainers.BpeTrainer(
        vocab_size=500, initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False))
    mine = tk.train_bpe(tk.byte_level_pre_tokenize(text), 500, initial_alphabet=tk.bytes_to_unicode().values())
    assert mine.merges == _hf_merges(tok)
    assert mine.vocab == tok.get_vocab()
    probe = "The newest baker's 1987 readings:\n  {zebras} ~ quiz!"
    tokens = tk.bpe_encode(probe, mine, tk.byte_level_pre_tokenize)
    assert tokens == tok.encode(probe).tokens
    assert "[UNK]" not in tokens  # byte-level: every byte is in the base vocabulary
    inverse = {v: k for k, v in tk.bytes_to_unicode().items()}
    assert bytes(inverse[c] for c in "".join(tokens)).decode("utf-8") == probe  # lossless


def test_wordpiece_greedy_longest_match_matches_tokenizers():
    ref = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    ref.pre_tokenizer = pre_tokenizers.Whitespace()
    ref.train_from_iterator(LINES, trainers.WordPieceTrainer(vocab_size=150, special_tokens=["[UNK]"],
                                                             show_progress=False))
    vocab = ref.get_vocab()
    words = sorted(set(WORDS)) + tk.pre_tokenize(" ".join(PROBES)) + ["x" * 101]
    for w in words:
        assert tk.wordpiece_encode_word(w, vocab) == ref.encode(w).tokens, w
    # one unknown character turns the WHOLE word into [UNK] (BPE would keep the known parts)
    assert tk.wordpiece_encode_word("quiz", vocab) == ["[UNK]"] == ref.encode("quiz").tokens
    assert tk.wordpiece_encode_word("x" * 101, vocab) == ["[UNK]"]  # longer than 100 characters


def test_wordpiece_greedy_can_miss_the_fewest_pieces():
    vocab = {"ab", "a", "##bcd", "##b", "##c", "##d"}
    assert tk.wordpiece_encode_word("abcd", vocab) == ["ab", "##c", "##d"]  # 3 pieces; a + ##bcd has 2


def test_wordpiece_merge_score_prefers_rare_parts_that_co_occur():
    # counts: 'e'=400, 'r'=300, 'er'=120 vs 'q'=10, 'u'=300(!), 'qu'=10: BPE picks 'er', WordPiece 'qu'
    assert tk.wordpiece_merge_score(120, 400, 300) == pytest.approx(1e-3)
    assert tk.wordpiece_merge_score(10, 10, 300) == pytest.approx(1 / 300)
    assert tk.wordpiece_merge_score(10, 10, 300) > tk.wordpiece_merge_score(120, 400, 300)


def _unigram_vocab(seed: int = 0) -> dict[str, float]:
    rng = np.random.default_rng(seed)
    words = sorted(set(tk.pre_tokenize(CORPUS.lower())))
    subs = Counter(w[i:j] for w in words for i in range(len(w)) for j in range(i + 2, min(len(w), i + 5) + 1))
    pieces = sorted({c for w in words for c in w} | {s for s, _ in subs.most_common(150)})
    return {p: float(-rng.uniform(1.0, 8.0)) for p in pieces}


@checks("unigram-viterbi", against="HF `tokenizers` `models.Unigram` and a brute force over all segmentations",
        tol="exact")
def test_unigram_viterbi_matches_tokenizers_and_brute_force():
    log_p = _unigram_vocab()
    ref = Tokenizer(models.Unigram([("<unk>", 0.0), *log_p.items()], unk_id=0, byte_fallback=False))
    ref.pre_tokenizer = pre_tokenizers.Whitespace()
    for w in sorted(set(tk.pre_tokenize(CORPUS.lower()))):
        pieces, score = tk.unigram_viterbi(w, log_p)
        assert pieces == ref.encode(w).tokens, w
        assert "".join(pieces) == w
        if len(w) <= 9:  # exhaustive check of the dynamic program
            best = max(tk.unigram_segmentations(w, log_p), key=lambda s: s[1])
            assert best[0] == pieces and math.isclose(best[1], score)


def test_unigram_segmentation_count_and_marginal():
    log_p = {"a": math.log(0.4), "b": math.log(0.3), "ab": math.log(0.2), "ba": math.log(0.1)}
    segs = tk.unigram_segmentations("aba", log_p)
    # a|b|a, ab|a, a|ba
    assert sorted(tuple(s) for s, _ in segs) == [("a", "b", "a"), ("a", "ba"), ("ab", "a")]
    marginal = sum(math.exp(lp) for _, lp in segs)
    assert math.isclose(marginal, 0.4 * 0.3 * 0.4 + 0.2 * 0.4 + 0.4 * 0.1)
    assert tk.unigram_viterbi("aba", log_p)[0] == ["ab", "a"]  # 0.08 > 0.048 > 0.04
    with pytest.raises(ValueError):
        tk.unigram_viterbi("abc", log_p)


def test_bpe_history_counts_tokens_in_the_corpus():
    model = tk.train_bpe(WORDS, 200)
    assert model.history[0] == sum(len(w) for w in WORDS)  # characters before any merge
    assert len(model.history) == len(model.merges) + 1
    assert all(b < a for a, b in zip(model.history, model.history[1:]))  # each merge shortens the corpus
    assert model.history[-1] == len(tk.bpe_encode(CORPUS, model))
    assert tk.tokens_per_word(tk.bpe_encode(CORPUS, model), WORDS) == model.history[-1] / len(WORDS)
