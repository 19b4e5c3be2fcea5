"""Figures of the Transformer pages: why scores are scaled by 1/sqrt(d_k), the causal mask,
sinusoidal and rotary position encodings, and attention rollout versus raw attention."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import LinearSegmentedColormap, ListedColormap
from matplotlib.figure import Figure as MplFigure

from ...numerics.attention import (
    attention_rollout,
    causal_mask,
    dot_product_std,
    mean_max_weight,
    rope_score,
    sinusoidal_positional_encoding,
    softmax,
)
from ..catalogue import Figure
from ..style import Palette, asymptote, mark_point

D_KS = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512)
N_KEYS = 64


def draw_scaling(fig: MplFigure, pal: Palette) -> None:
    left, right = fig.subplots(1, 2)
    d = np.array(D_KS, dtype=float)
    stds = np.array([dot_product_std(int(k), n_samples=4000, seed=1) for k in D_KS])
    left.plot(d, stds, "o-", color=pal.c1, markersize=3, label=r"$\mathbf{q}^\top\mathbf{k}$", zorder=3)
    left.plot(d, stds / np.sqrt(d), "o-", color=pal.c0, markersize=3,
              label=r"$\mathbf{q}^\top\mathbf{k}/\sqrt{d_k}$", zorder=3)
    grid = np.geomspace(1, 512, 200)
    left.plot(grid, np.sqrt(grid), color=pal.muted, linestyle=(0, (4, 3)), linewidth=0.9,
              label=r"$\sqrt{d_k}$", zorder=2)
    left.set_xscale("log", base=2)
    left.set_yscale("log", base=2)
    left.set_xlabel(r"key dimension $d_k$")
    left.set_ylabel("std of the score")
    left.set_title(r"$q_i, k_i \sim \mathcal{N}(0, 1)$: $\mathrm{Var}(\mathbf{q}^\top\mathbf{k}) = d_k$")
    left.legend(loc="upper left")
    mark_point(left, pal, 64, stds[D_KS.index(64)], "d_k = 64: std 8", color=pal.c1, offset=(6, -10))

    un = [mean_max_weight(k, N_KEYS, scaled=False, n_trials=200, seed=2) for k in D_KS]
    sc = [mean_max_weight(k, N_KEYS, scaled=True, n_trials=200, seed=2) for k in D_KS]
    right.plot(d, un, "o-", color=pal.c1, markersize=3, label="unscaled", zorder=3)
    right.plot(d, sc, "o-", color=pal.c0, markersize=3, label=r"scaled by $1/\sqrt{d_k}$", zorder=3)
    asymptote(right, pal, 1.0, "one-hot (saturated)")
    asymptote(right, pal, 1.0 / N_KEYS, "uniform 1/64")
    right.set_xscale("log", base=2)
    right.set_ylim(0, 1.08)
    right.set_xlabel(r"key dimension $d_k$")
    right.set_ylabel("mean largest softmax weight")
    right.set_title(f"softmax over {N_KEYS} keys")
    right.legend(loc="center right")


def draw_causal_mask(fig: MplFigure, pal: Palette) -> None:
    left, right = fig.subplots(1, 2)
    n = 8
    cmap = ListedColormap([pal.grid, pal.c0])
    allowed = causal_mask(n)
    pad = np.ones((n, n), dtype=bool)
    pad[:, 6:] = False  # the last two keys are padding
    for ax, m, title in ((left, allowed, "causal: key j <= query i"),
                         (right, allowed & pad, "causal and key padding (keys 6, 7)")):
        ax.imshow(m.astype(float), cmap=cmap, vmin=0, vmax=1, interpolation="nearest")
        ax.set_xticks(range(n))
        ax.set_yticks(range(n))
        ax.set_xticks(np.arange(-0.5, n), minor=True)
        ax.set_yticks(np.arange(-0.5, n), minor=True)
        ax.grid(False)
        ax.grid(which="minor", color=pal.bg, linewidth=1.0)
        ax.tick_params(which="minor", length=0)
        ax.set_xlabel("key position j")
        ax.set_ylabel("query position i")
        ax.set_title(title)
    left.annotate("allowed (0)", (1.0, 5.0), color=pal.bg, fontsize=7.5, ha="center")
    left.annotate(r"$-\infty$", (5.5, 1.6), color=pal.fg, fontsize=9, ha="center")


def draw_positional_encoding(fig: MplFigure, pal: Palette) -> None:
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": (1.25, 1)})
    d = 64
    pos = np.linspace(0, 60, 601)
    curves = sinusoidal_positional_encoding(pos, d)
    dots = sinusoidal_positional_encoding(61, d)
    for idx, color in ((0, pal.c0), (4, pal.c1), (8, pal.c2), (16, pal.c3)):
        period = 2 * np.pi * 10000.0 ** (idx / d)
        left.plot(pos, curves[:, idx], color=color, linewidth=1.3, label=f"dim {idx}: period {period:.0f}",
                  zorder=3)
        left.plot(np.arange(0, 61, 4), dots[::4, idx], "o", color=color, markersize=2.5, zorder=4)
    left.set_xlim(0, 60)
    left.set_ylim(-1.15, 1.6)
    left.set_xlabel("position p")
    left.set_ylabel(r"$\mathrm{PE}_{(p, 2i)} = \sin(p / 10000^{2i/d})$")
    left.set_title(f"even dimensions, d = {d}")
    left.legend(loc="upper center", ncol=2, fontsize=7)
    n_show = 32
    pe = sinusoidal_positional_encoding(n_show, 32)
    cmap = LinearSegmentedColormap.from_list("pe", [pal.c1, pal.bg, pal.c0])
    im = right.imshow(pe, cmap=cmap, vmin=-1, vmax=1, aspect="auto", interpolation="nearest")
    right.grid(False)
    right.set_xlabel("encoding dimension (d = 32)")
    right.set_ylabel("position p")
    right.set_title("PE matrix: fast to slow frequencies")
    cb = fig.colorbar(im, ax=right, fraction=0.06, pad=0.03)
    cb.outline.set_edgecolor(pal.muted)


def draw_rope(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    rng = np.random.default_rng(3)
    d = 64
    q = rng.standard_normal(d)
    k = q + 0.6 * rng.standard_normal(d)  # a key that matches the query
    offsets = np.arange(-40, 41)
    for m, color, style, width in ((0, pal.c0, "-", 2.6), (100, pal.c1, (0, (4, 2)), 1.6),
                                   (1000, pal.c2, (0, (1, 1.5)), 1.6)):
        scores = [rope_score(q, k, m, m + off) for off in offsets]
        ax.plot(offsets, scores, color=color, linestyle=style, linewidth=width,
                label=f"query at m = {m}", zorder=3)
    ax.axhline(float(q @ k), color=pal.muted, linestyle=(0, (4, 3)), linewidth=0.9, zorder=1)
    mark_point(ax, pal, 0, rope_score(q, k, 0, 0), "offset 0: plain q.k", offset=(8, -12))
    ax.set_xlim(-40, 40)
    ax.set_xlabel("relative position n - m of the key")
    ax.set_ylabel(r"score $(\mathbf{R}_m\mathbf{q})^\top(\mathbf{R}_n\mathbf{k})$")
    ax.set_title("RoPE: the score depends on n - m only (three curves coincide)")
    ax.legend(loc="upper right", fontsize=7.5)


def toy_attention_layers(n_tokens: int = 8, n_layers: int = 6, seed: int = 4) -> list[np.ndarray]:
    """Deterministic head-averaged attention of a toy model: the first layers gather information
    from token 2 into every position, the last layer attends to the previous token."""
    rng = np.random.default_rng(seed)
    layers = []
    idx = np.arange(n_tokens)
    for layer in range(n_layers):
        logits = 0.5 * rng.standard_normal((n_tokens, n_tokens))
        if layer < n_layers - 1:
            logits[:, 2] += 2.5  # early layers: everyone reads token 2
        else:
            logits[idx, np.maximum(idx - 1, 0)] += 3.0  # last layer: previous-token head
        layers.append(softmax(logits))
    return layers


def draw_rollout(fig: MplFigure, pal: Palette) -> None:
    left, right = fig.subplots(1, 2)
    layers = toy_attention_layers()
    rolled = attention_rollout(layers)
    cmap = LinearSegmentedColormap.from_list("w", [pal.bg, pal.c0])
    for ax, M, title in ((left, layers[-1], "raw attention, last layer"),
                         (right, rolled, "rollout of all 6 layers")):
        im = ax.imshow(M, cmap=cmap, vmin=0, vmax=max(0.6, float(M.max())), interpolation="nearest")
        ax.grid(False)
        ax.set_xticks(range(M.shape[1]))
        ax.set_yticks(range(M.shape[0]))
        ax.set_xlabel("input token j")
        ax.set_ylabel("position i (top layer)")
        ax.set_title(title)
        cb = fig.colorbar(im, ax=ax, fraction=0.046, pad=0.03)
        cb.outline.set_edgecolor(pal.muted)


FIGURES = [
    Figure(
        name="attention-scaling",
        draw=draw_scaling,
        caption=(
            "Why the scores are divided by the square root of d_k. Left: with unit-variance entries the std of a "
            "dot product grows as the square root of d_k; the scaled score keeps std 1. Right: unscaled scores "
            "make the softmax nearly one-hot as d_k grows (vanishing gradients), scaled ones stay spread."
        ),
        alt=(
            "Two log-x plots against key dimension d_k from 1 to 512. Left: the measured std of q dot k lies on "
            "the dashed square-root-of-d_k line (8 at d_k = 64) while the scaled score stays flat at 1. Right: "
            "the mean largest softmax weight over 64 keys rises from about 0.1 to about 0.9 without scaling, "
            "and stays near 0.1, between the uniform 1/64 and the one-hot level 1, with scaling."
        ),
        size=(6.8, 2.9),
    ),
    Figure(
        name="attention-causal-mask",
        draw=draw_causal_mask,
        caption=(
            "Which query-key pairs may attend. Coloured cells are allowed (bias 0), grey cells get minus "
            "infinity before the softmax. A causal mask is lower triangular; a key padding mask removes whole "
            "columns and is combined with it by logical and."
        ),
        alt=(
            "Two 8 by 8 grids, rows = query position i, columns = key position j. Left: the lower triangle "
            "including the diagonal is coloured (allowed), the strict upper triangle grey (masked). Right: the "
            "same triangle with columns 6 and 7 also grey because those keys are padding."
        ),
        size=(6.4, 3.1),
    ),
    Figure(
        name="transformer-positional-encoding",
        draw=draw_positional_encoding,
        caption=(
            "Sinusoidal positional encoding. Left: even dimensions are sines whose wavelength grows "
            "geometrically from 2 pi to 10000 times 2 pi across the dimensions. Right: the first 32 positions of a "
            "32-dimensional encoding; low dimensions oscillate quickly, high ones barely change."
        ),
        alt=(
            "Left: four sine curves against position 0 to 60 for dimensions 0, 4, 8 and 16 of a 64-dimensional "
            "encoding, with periods about 6, 11, 20 and 63 positions. Right: a 32 by 32 heatmap of the encoding, "
            "rows are positions and columns dimensions; the left columns alternate quickly between -1 and 1, "
            "the right columns are almost constant (0 for sine columns, 1 for cosine columns)."
        ),
        size=(6.8, 2.9),
    ),
    Figure(
        name="transformer-rope",
        draw=draw_rope,
        caption=(
            "Rotary position embedding makes the attention score a function of the relative position: "
            "the score of a query at position m with a key at position n is the same curve of n - m whether "
            "m is 0, 100 or 1000."
        ),
        alt=(
            "Score of a rotated query and key (d = 64) against the offset n - m from -40 to 40. Three curves for "
            "queries at positions 0, 100 and 1000 lie exactly on top of each other; the score peaks at offset 0, "
            "where it equals the plain dot product, and oscillates with a decaying trend away from it."
        ),
        size=(6.4, 2.8),
    ),
    Figure(
        name="attnviz-rollout",
        draw=draw_rollout,
        caption=(
            "Raw last-layer attention versus attention rollout on a deterministic 6-layer toy model: the first "
            "five layers copy token 2 into every position, the last layer attends to the previous token. The "
            "raw map shows only the last step; rollout, the product of the residual-mixed maps, traces the "
            "information back to token 2."
        ),
        alt=(
            "Two 8 by 8 heatmaps, rows are positions at the top layer and columns input tokens. Left, raw "
            "last-layer attention: a bright sub-diagonal, each position attending to the previous token. Right, "
            "rollout over six layers: one bright column at token 2, about 0.6 of every row, and faint "
            "weight elsewhere."
        ),
        size=(6.8, 3.0),
    ),
]
