"""Figure of the tokenization page: BPE merges growing the vocabulary and shortening the corpus,
from the from-scratch trainer run on the small corpus the tests ship."""

from __future__ import annotations

from matplotlib.figure import Figure as MplFigure

from ...numerics.tokenization import pre_tokenize, train_bpe
from ...paths import ROOT
from ..catalogue import Figure
from ..style import Palette, mark_point

CORPUS = ROOT / "tests" / "numerics" / "data" / "tokenization_corpus.txt"


def draw_bpe_merges(fig: MplFigure, pal: Palette) -> None:
    left, right = fig.subplots(1, 2)
    words = pre_tokenize(CORPUS.read_text(encoding="utf-8"))
    model = train_bpe(words, 2000)
    alphabet = len(model.vocab) - len(model.merges)
    sizes = [alphabet + i for i in range(len(model.history))]
    tokens = model.history
    left.plot(sizes, tokens, color=pal.c0, linewidth=1.6, zorder=3)
    left.axhline(len(words), color=pal.muted, linestyle=(0, (4, 3)), linewidth=0.9, zorder=1)
    left.annotate(f"{len(words)} words: one token each", (sizes[-1], len(words)), xytext=(0, 5),
                  textcoords="offset points", ha="right", color=pal.muted, fontsize=7.5)
    mark_point(left, pal, sizes[0], tokens[0], f"{alphabet} characters: {tokens[0]} tokens", offset=(8, -4))
    left.set_xlabel("vocabulary size |V| (alphabet + merges)")
    left.set_ylabel("tokens in the corpus")
    left.set_title("each merge shortens the corpus")
    per_word = [t / len(words) for t in tokens]
    right.plot(sizes, per_word, color=pal.c1, linewidth=1.6, zorder=3)
    right.axhline(1.0, color=pal.muted, linestyle=(0, (4, 3)), linewidth=0.9, zorder=1)
    for k in (20, 100):
        i = k
        mark_point(right, pal, sizes[i], per_word[i], f"{k} merges: {per_word[i]:.2f}", color=pal.c1,
                   offset=(8, 4))
    right.set_xlabel("vocabulary size |V|")
    right.set_ylabel("tokens per word (fertility)")
    right.set_title("diminishing returns: frequent pairs go first")
    right.set_ylim(0.8, per_word[0] * 1.05)


FIGURES = [
    Figure(
        name="tokenization-bpe-merges",
        draw=draw_bpe_merges,
        caption=(
            "BPE trained from scratch on the small corpus shipped with the tests (403 words and punctuation runs) (the same merges as Hugging Face "
            "tokenizers). Every merge adds one token to the vocabulary and removes as many tokens from the corpus "
            "as the merged pair had occurrences, so the first merges pay most."
        ),
        alt=(
            "Two plots against vocabulary size, from the character alphabet to the point where every word is a "
            "single token. Left: tokens in the corpus fall steeply at first, from the character count, then "
            "flatten toward the dashed line of one token per word. Right: tokens per word fall from about 3.7 "
            "for characters toward 1, with marked points after 20 and 100 merges."
        ),
        size=(6.8, 2.8),
    ),
]
