"""Figures of the word-embeddings page: a tiny skip-gram's embedding space and loss, GloVe's weighting
function and the unigram^(3/4) noise distribution of negative sampling."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure as MplFigure

from ...numerics.embeddings import (
    TOY_TOPICS,
    glove_weight,
    noise_distribution,
    pca_2d,
    toy_corpus,
    train_skipgram_ns,
)
from ..catalogue import Figure
from ..style import Palette, asymptote, mark_point


def draw_skipgram_space(fig: MplFigure, pal: Palette) -> None:
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": (1.3, 1)})
    corpus, vocab = toy_corpus(n_sentences=300, seed=0)
    V_in, _, history = train_skipgram_ns(corpus, len(vocab), dim=8, epochs=6, seed=0)
    unit = V_in / np.linalg.norm(V_in, axis=1, keepdims=True)
    xy = pca_2d(unit)
    size = len(TOY_TOPICS[0])
    for t, (name, color, marker) in enumerate(zip(("animals", "colors", "numbers"), (pal.c0, pal.c1, pal.c2),
                                                  ("o", "s", "^"))):
        pts = xy[t * size:(t + 1) * size]
        left.scatter(pts[:, 0], pts[:, 1], color=color, marker=marker, s=22, label=name, zorder=3)
        words = vocab[t * size:(t + 1) * size]
        left.annotate(", ".join(words), pts.mean(axis=0), xytext=(0, -13 if t == 1 else 9), textcoords="offset points",
                      fontsize=6.5, color=pal.fg, ha="center")
    left.set_xlabel("principal component 1")
    left.set_ylabel("principal component 2")
    left.set_title("skip-gram vectors (d = 8), PCA to 2-D")
    left.margins(x=0.35, y=0.2)
    left.legend(loc="lower right", fontsize=7)
    epochs = np.arange(1, len(history) + 1)
    right.plot(epochs, history, "o-", color=pal.c0, markersize=3, zorder=3, label="mean SGNS loss")
    asymptote(right, pal, 6 * np.log(2), "start: 6 ln 2 (all u = 0)")
    right.set_ylim(0, 4.6)
    right.set_xlabel("epoch")
    right.set_ylabel("loss per (center, context) pair")
    right.set_title("negative sampling, K = 5")
    right.legend(loc="lower left", fontsize=7)


def draw_glove_and_noise(fig: MplFigure, pal: Palette) -> None:
    left, right = fig.subplots(1, 2)
    x = np.linspace(0, 160, 641)
    left.plot(x, glove_weight(x), color=pal.c0, linewidth=1.6, label=r"$\alpha = 3/4$ (paper)", zorder=3)
    left.plot(x, glove_weight(x, alpha=1.0), color=pal.c1, linestyle=(0, (4, 2)), linewidth=1.2,
              label=r"$\alpha = 1$", zorder=2)
    left.axvline(100, color=pal.muted, linestyle=(0, (1, 2)), linewidth=0.9)
    mark_point(left, pal, 100, 1.0, "x_max = 100", offset=(6, -14))
    mark_point(left, pal, 10, float(glove_weight(10.0)), "f(10) = 0.18", offset=(8, -4))
    left.set_xlim(0, 160)
    left.set_ylim(0, 1.15)
    left.set_xlabel(r"co-occurrence count $X_{ij}$")
    left.set_ylabel(r"weight $f(X_{ij})$")
    left.set_title("GloVe weighting")
    left.legend(loc="lower right", fontsize=7)

    ranks = np.arange(1, 1001)
    counts = 1e6 / ranks  # Zipf's law
    uni = counts / counts.sum()
    noise = noise_distribution(counts)
    right.loglog(ranks, uni, color=pal.c1, linestyle=(0, (4, 2)), linewidth=1.3, label="unigram U(w)", zorder=2)
    right.loglog(ranks, noise, color=pal.c0, linewidth=1.6, label=r"$U(w)^{3/4}$, renormalized", zorder=3)
    right.set_xlabel("word rank (Zipf counts, 1000 words)")
    right.set_ylabel("probability of being drawn")
    right.set_title("negative-sampling noise")
    right.legend(loc="lower left", fontsize=7)


FIGURES = [
    Figure(
        name="embeddings-skipgram-space",
        draw=draw_skipgram_space,
        caption=(
            "A tiny skip-gram with negative sampling trained by this site's NumPy code on a synthetic corpus whose "
            "sentences each mix words of one topic. Left: the learned vectors, projected to 2-D, form one cluster "
            "per topic because words of a topic share contexts. Right: the loss falls from 6 ln 2 in the first epoch."
        ),
        alt=(
            "Left: a scatter plot of 15 words in the first two principal components; animals (cat, dog, horse, cow, "
            "sheep), colors and numbers form three separate tight groups. Right: the mean loss per epoch over six "
            "epochs, about 2.3 in the first epoch and about 1.8 afterwards, well below the dashed start level 4.16."
        ),
        size=(6.8, 3.0),
    ),
    Figure(
        name="embeddings-glove-weight",
        draw=draw_glove_and_noise,
        caption=(
            "Left: GloVe's weight f(x) = (x / x_max)^alpha below x_max = 100 and 1 above, so rare pairs count "
            "little and very frequent pairs do not dominate. Right: raising Zipf-distributed unigram counts to the "
            "power 3/4 flattens the noise distribution of negative sampling: rare words are drawn more often."
        ),
        alt=(
            "Left: the weight rises from 0 at x = 0 as a concave curve (alpha 3/4) or a straight line (alpha 1) "
            "and reaches 1 at the dotted line x = 100, then stays flat at 1. Right: on log-log axes the unigram "
            "probability falls with slope -1 over 1000 ranks while the 3/4-power noise falls with slope -3/4, "
            "lower for the top words and higher for rare ones."
        ),
        size=(6.8, 2.9),
    ),
]
