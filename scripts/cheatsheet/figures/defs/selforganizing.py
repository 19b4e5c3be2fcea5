"""Figures of the self-organizing map and self-supervised learning pages: a Kohonen map unfolding over
2-D data, and the NT-Xent loss as a function of the temperature and the batch size."""

from __future__ import annotations

import math

import numpy as np
from matplotlib.figure import Figure as MplFigure

from ...numerics.selfsupervised import noisy_views, nt_xent
from ...numerics.som import grid_positions, quantization_error, train_som, uniform_square
from ..catalogue import Figure
from ..style import Palette, asymptote, mark_point

ROWS = COLS = 8
STEPS = 8000
STAGES = (0, 100, 1000, STEPS)
SIGMA_MIN = 0.25


def draw_som_unfolding(fig: MplFigure, pal: Palette) -> None:
    axes = fig.subplots(1, len(STAGES))
    X = uniform_square(400, seed=0)
    _, snaps = train_som(X, ROWS, COLS, STEPS, eta0=0.5, sigma_min=SIGMA_MIN, seed=1, snapshots=STAGES)
    for ax, t in zip(axes, STAGES):
        W = snaps[t].reshape(ROWS, COLS, 2)
        ax.scatter(*X[:150].T, s=2, color=pal.muted, alpha=0.6, linewidths=0, zorder=2)
        for i in range(ROWS):
            ax.plot(W[i, :, 0], W[i, :, 1], color=pal.c0, linewidth=0.9, zorder=3)
        for j in range(COLS):
            ax.plot(W[:, j, 0], W[:, j, 1], color=pal.c0, linewidth=0.9, zorder=3)
        ax.plot(W[..., 0].ravel(), W[..., 1].ravel(), "o", markersize=1.8, color=pal.c1, zorder=4)
        ax.set_xlim(-0.05, 1.05)
        ax.set_ylim(-0.05, 1.05)
        ax.set_aspect("equal")
        ax.set_xticks([0, 1])
        ax.set_yticks([0, 1])
        ax.set_title(f"t = {t}\n$E_q$ = {quantization_error(snaps[t], X):.3f}", fontsize=8)
        ax.set_xlabel("$x_1$")
    axes[0].set_ylabel("$x_2$")


def draw_ntxent_temperature(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    taus = np.geomspace(0.02, 5.0, 60)
    for n, color in ((16, pal.c0), (64, pal.c2), (256, pal.c1)):
        z1, z2 = noisy_views(n, 32, noise=0.8, seed=n)
        loss = np.array([nt_xent(z1, z2, t) for t in taus])
        ax.plot(taus, loss, color=color, label=f"N = {n} pairs ({2 * n - 2} negatives each)", zorder=3)
        asymptote(ax, pal, math.log(2 * n - 1))
        ax.annotate(f"log(2N−1) = {math.log(2 * n - 1):.2f}", (5.0, math.log(2 * n - 1)), xytext=(-2, 3),
                    textcoords="offset points", ha="right", fontsize=7, color=color)
        for t0 in (0.1, 0.5):
            mark_point(ax, pal, t0, nt_xent(z1, z2, t0), "", color=color)
    ax.axvline(0.1, color=pal.muted, linewidth=0.8, linestyle=":")
    ax.axvline(0.5, color=pal.muted, linewidth=0.8, linestyle=":")
    ax.annotate("τ = 0.1 (SimCLR, ImageNet)", (0.1, 6.75), xytext=(3, 0), textcoords="offset points",
                fontsize=7.5, color=pal.muted)
    ax.annotate("τ = 0.5", (0.5, 5.5), xytext=(3, 0), textcoords="offset points", fontsize=7.5, color=pal.muted)
    ax.set_xscale("log")
    ax.set_xlim(0.02, 5.0)
    ax.set_ylim(0, 7.2)
    ax.set_xlabel("temperature τ (log scale)")
    ax.set_ylabel(r"NT-Xent loss $\mathcal{L}$")
    ax.legend(loc="lower right", fontsize=7.5)


FIGURES = [
    Figure(
        name="som-unfolding",
        draw=draw_som_unfolding,
        caption="An 8×8 Kohonen map trained online on 400 points uniform in the unit square (150 shown; η₀ = 0.5, "
                "σ from 4 down to 0.25, exponential decay over 8000 steps, seed 1); lines join grid neighbors. E_q is the "
                "quantization error (cheatsheet.numerics.som).",
        alt="Four snapshots of a grid of 64 prototype points over uniform data. At t = 0 the prototypes sit in a "
            "tiny clump at the center; by t = 100 the grid has spread into a bent, squeezed strip; by t = 1000 it "
            "is an ordered, untangled lattice; at the end it covers the square almost evenly and the quantization "
            "error has fallen from 0.34 to below 0.05.",
        size=(6.8, 2.3),
    ),
    Figure(
        name="ssl-ntxent-temperature",
        draw=draw_ntxent_temperature,
        caption="NT-Xent loss of a synthetic batch (32-d embeddings, each pair a noisy copy) against the "
                "temperature for three batch sizes; dashed lines are the chance level log(2N − 1) "
                "(cheatsheet.numerics.selfsupervised.nt_xent).",
        alt="Three curves of loss against temperature on a log axis. Each rises from a small value at "
            "τ = 0.02 towards its dashed chance level log(2N − 1) at large τ: 3.43 for 16 pairs, 4.84 for 64 "
            "and 6.24 for 256. Larger batches give higher losses at every temperature because there are "
            "more negatives in the denominator.",
        size=(6.4, 3.0),
    ),
]
