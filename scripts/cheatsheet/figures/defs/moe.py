"""Figures of the mixture-of-experts page: the Switch load-balancing loss against routing imbalance,
and the fraction of tokens dropped against the capacity factor."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure as MplFigure

from ...numerics.moe import balance_loss_of_distribution, dropped_fraction, skewed_routing
from ..catalogue import Figure
from ..style import Palette, asymptote, mark_point


def _one_heavy(n_experts: int, share: float) -> np.ndarray:
    """Routing distribution with ``share`` of the tokens on expert 1, the rest spread evenly."""
    rest = (1.0 - share) / (n_experts - 1)
    return np.array([share] + [rest] * (n_experts - 1))


def draw_load_balance(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    for N, color in ((8, pal.c0), (64, pal.c1)):
        shares = np.geomspace(1.0 / N, 1.0, 300)
        loss = [balance_loss_of_distribution(_one_heavy(N, s)) for s in shares]
        ax.plot(shares, loss, color=color, label=f"N = {N} experts", zorder=3)
        mark_point(ax, pal, 1.0 / N, 1.0, f"uniform 1/{N}: minimum 1", color=color,
                   offset=(4, 6) if N == 8 else (4, 6))
        mark_point(ax, pal, 1.0, float(N), f"collapse: N = {N}", color=color, offset=(-70, 4))
    asymptote(ax, pal, 1.0)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(1 / 80, 1.3)
    ax.set_ylim(0.6, 120)
    ax.set_xlabel("share of tokens routed to the busiest expert (others even)")
    ax.set_ylabel(r"$\mathcal{L}_\mathrm{aux} / \alpha = N \sum_i f_i P_i$")
    ax.set_title(r"Switch load-balancing loss with $f_i = P_i$")
    ax.legend(loc="upper left")


CAPACITY_FACTORS = np.linspace(0.5, 3.0, 101)


def draw_capacity(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    N, T = 8, 4096
    for skew, color, label in ((0.0, pal.c0, "uniform router"), (0.5, pal.c1, "mild imbalance (Zipf 0.5)"),
                               (1.0, pal.c3, "strong imbalance (Zipf 1)")):
        idx = skewed_routing(T, N, skew, seed=0)
        dropped = [dropped_fraction(idx, N, cf) for cf in CAPACITY_FACTORS]
        ax.plot(CAPACITY_FACTORS, dropped, color=color, label=label, zorder=3)
        if skew == 0.5:
            d125 = dropped_fraction(idx, N, 1.25)
            mark_point(ax, pal, 1.25, d125, f"CF 1.25: {100 * d125:.0f} % dropped", color=color, offset=(6, 4))
    ax.axvline(1.0, color=pal.muted, linestyle=(0, (4, 3)), linewidth=0.9, zorder=1)
    ax.annotate("CF = 1: exactly T/N slots", (1.0, 0.45), xytext=(4, 0), textcoords="offset points",
                fontsize=7.5, color=pal.muted)
    ax.set_xlim(0.5, 3.0)
    ax.set_ylim(0, 0.56)
    ax.set_xlabel("capacity factor CF (slots per expert = CF T / N)")
    ax.set_ylabel("fraction of tokens dropped")
    ax.set_title(f"Top-1 routing, N = {N} experts, T = {T} tokens")
    ax.legend(loc="upper right")


FIGURES = [
    Figure(
        name="moe-load-balance",
        draw=draw_load_balance,
        caption=(
            "The Switch auxiliary loss, divided by its weight alpha, when the dispatch fractions equal the mean router "
            "probabilities: it equals 1 for uniform routing and grows to N when every token goes to one expert."
        ),
        alt=(
            "Log-log plot of the loss over alpha against the share of tokens on the busiest expert. For 8 and 64 "
            "experts the curve is flat at 1 from the uniform share 1/N, then rises and ends at 8 and 64 when the "
            "share reaches 1."
        ),
        size=(5.6, 3.0),
    ),
    Figure(
        name="moe-capacity",
        draw=draw_capacity,
        caption=(
            "Tokens dropped by fixed expert capacity under top-1 routing: with a uniform router a capacity factor "
            "of about 1.1 is enough, an imbalanced router needs a much larger buffer, and below 1 tokens are "
            "dropped whatever the balance."
        ),
        alt=(
            "Fraction of dropped tokens against capacity factor from 0.5 to 3 for three routers. All start near 0.5 "
            "at capacity factor 0.5; the uniform curve reaches 0 near 1.1, the mild-imbalance curve near 1.85 (8 "
            "percent dropped at 1.25), and the strong-imbalance curve falls almost linearly and reaches 0 only at 3."
        ),
        size=(5.6, 3.0),
    ),
]
