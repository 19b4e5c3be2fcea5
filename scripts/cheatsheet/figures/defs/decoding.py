"""Figure of the decoding page: where top-k, top-p and min-p cut one sorted next-token distribution,
for a confident and a flat distribution."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure as MplFigure

from ...numerics.decoding import min_p, softmax, top_k, top_p
from ..catalogue import Figure
from ..style import Palette

K, P, MIN_P = 10, 0.9, 0.1


def example_logits(spread: float, n: int = 40) -> np.ndarray:
    """Zipf-like logits: the i-th most likely token has logit -spread * log(i + 1)."""
    return -spread * np.log(np.arange(1, n + 1))


def draw_truncation(fig: MplFigure, pal: Palette) -> None:
    axes = fig.subplots(1, 2, sharey=False)
    for ax, spread, title in ((axes[0], 2.2, "confident: steep distribution"),
                              (axes[1], 0.6, "uncertain: flat distribution")):
        z = example_logits(spread)
        probs = softmax(z)
        ranks = np.arange(1, len(z) + 1)
        ax.bar(ranks, probs, width=0.8, color=pal.grid, edgecolor=pal.muted, linewidth=0.4, zorder=2)
        cuts = (("top-k", K, (~np.isneginf(top_k(z, K))).sum(), pal.c0, (0, (1, 1.5))),
                ("top-p", P, (~np.isneginf(top_p(z, P))).sum(), pal.c1, "-"),
                ("min-p", MIN_P, (~np.isneginf(min_p(z, MIN_P))).sum(), pal.c2, (0, (4, 2))))
        ytop = probs.max() * 1.05
        for j, (name, val, kept, color, style) in enumerate(cuts):
            ax.axvline(kept + 0.5, color=color, linestyle=style, linewidth=1.5, zorder=3,
                       label=f"{name} = {val:g}: keeps {kept}")
        ax.axhline(MIN_P * probs.max(), color=pal.c2, linestyle=(0, (4, 2)), linewidth=0.8, zorder=3)
        ax.annotate(r"$0.1 \cdot p_{\max}$", (len(z), MIN_P * probs.max()), xytext=(0, 3),
                    textcoords="offset points", ha="right", color=pal.c2, fontsize=7.5)
        ax.set_xlim(0.3, len(z) + 0.7)
        ax.set_ylim(0, ytop)
        ax.set_xlabel("token rank (most likely first)")
        ax.set_ylabel("probability $p_i$")
        ax.set_title(title)
        ax.legend(loc="upper right", fontsize=7)


FIGURES = [
    Figure(
        name="decoding-truncation",
        draw=draw_truncation,
        caption=(
            "Top-k (k = 10), top-p (p = 0.9) and min-p (0.1 times the top probability) on one sorted 40-token "
            "distribution; each vertical line sits after the last token kept. Top-k keeps 10 tokens whatever the "
            "shape; top-p and min-p keep few tokens when the model is confident and many when it is not."
        ),
        alt=(
            "Two bar charts of next-token probabilities sorted by rank 1 to 40. Left, a steep distribution: "
            "top-p and min-p cut after a handful of tokens, before top-k's fixed line at 10. Right, a flat "
            "distribution: top-k still cuts at 10, while top-p and min-p lines move far to the right and keep "
            "most of the tokens; a horizontal dashed line marks the min-p threshold in each panel."
        ),
        size=(6.8, 2.9),
    ),
]
