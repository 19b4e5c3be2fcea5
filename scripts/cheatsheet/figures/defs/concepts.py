"""Figures of the Concepts pages: a prototypical-network episode (Few-shot learning) and BM25's
term-frequency saturation and length normalization (Retrieval-augmented generation)."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure as MplFigure

from ...numerics.fewshot import proto_logits, prototypes, sample_episode
from ...numerics.retrieval import bm25_tf
from ..catalogue import Figure
from ..style import Palette, asymptote, mark_point

N_WAY, K_SHOT, N_QUERY = 3, 5, 6


def _episode():
    """Ten Gaussian 'classes' in a 2-D embedding space; one 3-way 5-shot episode drawn from them."""
    rng = np.random.default_rng(14)
    centres = rng.uniform(-4.0, 4.0, size=(10, 2))
    labels = np.repeat(np.arange(10), 40)
    X = centres[labels] + 0.8 * rng.standard_normal((len(labels), 2))
    s_idx, s_y, q_idx, q_y = sample_episode(labels, N_WAY, K_SHOT, N_QUERY, np.random.default_rng(0))
    return X[s_idx], s_y, X[q_idx], q_y


def draw_prototypes(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    S, s_y, Q, q_y = _episode()
    C = prototypes(S, s_y, N_WAY)
    pts = np.vstack([S, Q])
    lo, hi = pts.min(axis=0) - 0.8, pts.max(axis=0) + 0.8
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], 160), np.linspace(lo[1], hi[1], 160))
    logits = proto_logits(np.c_[gx.ravel(), gy.ravel()], C).reshape(*gx.shape, N_WAY)
    region = logits.argmax(axis=-1)
    colors = [pal.c0, pal.c1, pal.c2]
    ax.contourf(gx, gy, region, levels=[-0.5, 0.5, 1.5, 2.5], cmap=ListedColormap(colors), alpha=0.13)
    for k in range(N_WAY):  # region edge: where class k's logit ties the best other one (straight lines)
        margin = logits[..., k] - np.delete(logits, k, axis=-1).max(axis=-1)
        ax.contour(gx, gy, margin, levels=[0.0], colors=[pal.muted], linewidths=0.9)
    pred = proto_logits(Q, C).argmax(axis=1)
    markers = ("o", "s", "^")
    for k in range(N_WAY):
        ax.scatter(*S[s_y == k].T, s=26, marker=markers[k], color=colors[k], zorder=3,
                   label=f"support, class {k + 1}")
        ax.scatter(*Q[q_y == k].T, s=26, marker=markers[k], facecolors="none", edgecolors=colors[k],
                   linewidths=1.1, zorder=3, label="query" if k == 0 else None)
        ax.scatter(*C[k], s=150, marker="*", color=colors[k], edgecolors=pal.fg, linewidths=0.8, zorder=5)
    wrong = pred != q_y
    if wrong.any():
        ax.scatter(*Q[wrong].T, s=120, marker="o", facecolors="none", edgecolors=pal.fg, linewidths=0.9,
                   linestyle=(0, (2, 1.5)), zorder=4, label="misclassified query")
    for k in range(N_WAY):
        ax.annotate(rf"$\mathbf{{c}}_{k + 1}$", C[k], xytext=(7, 5), textcoords="offset points", fontsize=8.5,
                    color=pal.fg, zorder=6)
    acc = (~wrong).mean()
    ax.set_title(f"3-way 5-shot episode, 6 queries per class: query accuracy {acc:.0%}")
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_aspect("equal")
    ax.set_xlabel(r"embedding dimension 1 of $f_\phi(\mathbf{x})$")
    ax.set_ylabel("embedding dimension 2")
    ax.scatter([], [], s=150, marker="*", color=pal.muted, edgecolors=pal.fg, label="prototype (mean)")
    ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5), fontsize=7.5)


def draw_bm25(fig: MplFigure, pal: Palette) -> None:
    left, right = fig.subplots(1, 2)
    tf = np.linspace(0, 20, 401)
    for k1, color in ((0.5, pal.c2), (1.2, pal.c0), (2.0, pal.c1), (5.0, pal.c3)):
        left.plot(tf, bm25_tf(tf, k1=k1, b=0.0), color=color, label=f"$k_1 = {k1}$", zorder=3)
        asymptote(left, pal, k1 + 1.0)
    left.annotate("asymptote $k_1 + 1$", (20, 6.0), xytext=(-2, 3), textcoords="offset points", ha="right",
                  fontsize=7.5, color=pal.muted)
    mark_point(left, pal, 1.0, 1.0, "every curve is 1 at tf = 1", offset=(6, -12))
    left.set_xlim(0, 20)
    left.set_ylim(0, 6.6)
    left.set_xlabel(r"term frequency $f_{t,d}$ in the document")
    left.set_ylabel("BM25 tf factor (IDF = 1)")
    left.set_title(r"saturation ($|d|$ = avgdl)")
    left.legend(loc="lower right", fontsize=7.5, frameon=True, facecolor=pal.bg, edgecolor=pal.grid,
                framealpha=0.95)

    ratio = np.linspace(0.1, 4.0, 400)
    for b, color in ((0.0, pal.c2), (0.5, pal.c1), (0.75, pal.c0), (1.0, pal.c3)):
        right.plot(ratio, bm25_tf(3.0, k1=1.2, b=b, length_ratio=ratio), color=color, label=f"$b = {b}$",
                   zorder=3)
    mark_point(right, pal, 1.0, float(bm25_tf(3.0, k1=1.2, b=0.75)), "all equal at avgdl", offset=(6, 6))
    right.set_xlim(0.1, 4.0)
    right.set_xlabel(r"document length $|d| / \mathrm{avgdl}$")
    right.set_ylabel("BM25 tf factor")
    right.set_title(r"length normalization ($f_{t,d} = 3$, $k_1 = 1.2$)")
    right.legend(loc="upper right", fontsize=7.5)


FIGURES = [
    Figure(
        name="fewshot-prototypes",
        draw=draw_prototypes,
        caption=(
            "A prototypical network on one 3-way 5-shot episode in a 2-D embedding space: each prototype "
            "(star) is the mean of its class's five support embeddings; a query gets the class of the "
            "nearest prototype in squared Euclidean distance, so the decision regions are the Voronoi "
            "cells of the prototypes, split by straight lines."
        ),
        alt=(
            "Scatter plot of three classes of points in two dimensions, blue circles, orange squares and "
            "green triangles. Filled markers are the five support points per class, hollow markers the "
            "query points, and a large star at the mean of each class's support points marks its "
            "prototype. The plane is shaded into three regions, separated by straight grey lines that are "
            "the perpendicular bisectors between prototypes; misclassified queries are circled."
        ),
        size=(6.0, 4.2),
    ),
    Figure(
        name="rag-bm25-saturation",
        draw=draw_bm25,
        caption=(
            "BM25's term-frequency factor. Left: it grows with the count of the term but saturates at "
            "k1 + 1, faster for small k1. Right: a term occurring three times counts less in a long "
            "document and more in a short one; b sets how strongly length is normalized (b = 0: not at all)."
        ),
        alt=(
            "Two line plots. Left: the BM25 term-frequency factor against term frequency 0 to 20 for k1 "
            "equal to 0.5, 1.2, 2 and 5; all curves pass through 1 at frequency 1 and flatten toward "
            "dashed asymptotes at k1 + 1, the small k1 curves saturating after a few occurrences. Right: "
            "the factor for a term occurring 3 times against document length relative to the average, "
            "0.1 to 4; for b = 0 it is flat, and for b = 0.5, 0.75 and 1 it falls with length, all curves "
            "crossing at the average length."
        ),
        size=(6.8, 2.9),
    ),
]
