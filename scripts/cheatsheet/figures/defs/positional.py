"""Figures of the positional-encodings page: the RoPE rotation of one 2-D pair, ALiBi biases and T5
buckets, and how PI, NTK-aware scaling and YaRN change the RoPE frequencies."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure as MplFigure

from ...numerics.positional import (
    alibi_bias,
    apply_rope,
    ntk_aware_base,
    position_interpolation_inv_freq,
    rope_frequencies,
    t5_relative_position_bucket,
    yarn_inv_freq,
)
from ..catalogue import Figure
from ..style import Palette, asymptote


def draw_rope_rotation(fig: MplFigure, pal: Palette) -> None:
    left, right = fig.subplots(1, 2)
    d = 8
    theta = rope_frequencies(d)
    x = np.zeros(d)
    x[0::2], x[1::2] = 1.0, 0.35  # every pair starts at the same 2-D vector
    positions = np.arange(0, 7)
    rot = apply_rope(np.tile(x, (len(positions), 1)), positions)
    for ax, i, color in ((left, 0, pal.c0), (right, 1, pal.c1)):
        circle = np.linspace(0, 2 * np.pi, 200)
        r = np.hypot(x[2 * i], x[2 * i + 1])
        ax.plot(r * np.cos(circle), r * np.sin(circle), color=pal.grid, linewidth=0.8, zorder=1)
        for m, (a, b) in zip(positions, rot[:, 2 * i: 2 * i + 2]):
            ax.annotate("", xy=(a, b), xytext=(0, 0),
                        arrowprops={"arrowstyle": "->", "color": color, "lw": 1.0 + 0.15 * (m == 0)}, zorder=3)
            ax.annotate(f"m={m}", (a, b), xytext=(3, 2), textcoords="offset points", fontsize=6.5, color=pal.fg)
        ax.set_xlim(-1.35, 1.35)
        ax.set_ylim(-1.35, 1.35)
        ax.set_aspect("equal")
        ax.set_xlabel(f"$x_{{{2 * i}}}$")
        ax.set_ylabel(f"$x_{{{2 * i + 1}}}$")
        ax.set_title(rf"pair {i}: $\theta_{i}$ = {theta[i]:.2f} rad per position", fontsize=8.5)


def draw_alibi_t5(fig: MplFigure, pal: Palette) -> None:
    left, mid, right = fig.subplots(1, 3, gridspec_kw={"width_ratios": (1, 1, 1.4)})
    n = 10
    cmap = LinearSegmentedColormap.from_list("alibi", [pal.c1, pal.bg])
    for ax, head, h in ((left, 0, 8), (mid, 7, 8)):
        B = alibi_bias(n, h)[head]
        shown = np.where(np.isfinite(B), B, np.nan)
        ax.imshow(shown, cmap=cmap, vmin=-5, vmax=0, interpolation="nearest")
        ax.grid(False)
        ax.set_xticks(range(0, n, 3))
        ax.set_yticks(range(0, n, 3))
        ax.set_xlabel("key j")
        ax.set_ylabel("query i")
        slope = 2.0 ** (-8 * (head + 1) / h)
        ax.set_title(f"ALiBi head {head + 1} of {h}, m = 1/{round(1 / slope)}", fontsize=8)
        for i in range(n):
            for j in range(i + 1):
                if (i - j) % 3 == 0 and i - j > 0:
                    ax.text(j, i, f"{B[i, j]:.2f}", ha="center", va="center",
                            fontsize=5, color=pal.fg)
    rel = np.arange(-200, 201)
    right.step(rel, t5_relative_position_bucket(rel, True), where="mid", color=pal.c0, linewidth=1.3,
               label="bidirectional (encoder)", zorder=3)
    right.step(rel, t5_relative_position_bucket(rel, False), where="mid", color=pal.c1, linewidth=1.1,
               linestyle=(0, (4, 2)), label="causal (decoder)", zorder=2)
    for x in (-128, 128):
        right.axvline(x, color=pal.muted, linestyle=(0, (1, 2)), linewidth=0.8)
    right.set_xlabel("relative position j - i")
    right.set_ylabel("bucket (32 buckets)")
    right.set_title("T5 buckets, max_distance 128", fontsize=8)
    right.legend(loc="lower left", fontsize=6.5)


def draw_context_extension(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    d, s, L = 128, 8.0, 4096
    theta = rope_frequencies(d)
    i = np.arange(d // 2)
    curves = (
        ("position interpolation", position_interpolation_inv_freq(d, s), pal.c1, (0, (4, 2))),
        ("NTK-aware base change", rope_frequencies(d, ntk_aware_base(10000.0, s, d)), pal.c2, "-"),
        ("YaRN (ramp over pair index)", yarn_inv_freq(d, s, L), pal.c0, "-"),
        ("YaRN (ramp over r, paper)", yarn_inv_freq(d, s, L, ramp="paper"), pal.c3, (0, (1, 1.5))),
    )
    for label, inv, color, style in curves:
        ax.plot(i, inv / theta, color=color, linestyle=style, linewidth=1.5, label=label, zorder=3)
    asymptote(ax, pal, 1.0, "unchanged")
    asymptote(ax, pal, 1 / s, "1/s")
    ax.set_ylim(0, 1.12)
    ax.set_xlim(0, d // 2 - 1)
    ax.set_xlabel(r"pair index i (fast $\rightarrow$ slow rotation), head dim 128")
    ax.set_ylabel(r"$\theta'_i / \theta_i$")
    ax.set_title("RoPE frequency scaling for s = 8, original context L = 4096")
    ax.legend(loc="center left", fontsize=7)


FIGURES = [
    Figure(
        name="positional-rope-rotation",
        draw=draw_rope_rotation,
        caption=(
            "RoPE turns each 2-D pair of a query or key by the angle m theta_i at position m. The fastest pair "
            "(left, theta_0 = 1 rad) goes more than once around in 7 positions; slower pairs (right) turn little, "
            "so they carry coarse position. The length of each pair never changes."
        ),
        alt=(
            "Two panels with a circle and seven arrows from the origin, labeled m = 0 to 6. Left, pair 0: the "
            "arrows are 1 radian apart and wrap around the whole circle. Right, pair 1 with theta = 0.1: the arrows "
            "fan out over a small arc of about 0.6 radians. All arrows have the same length."
        ),
        size=(6.4, 3.1),
    ),
    Figure(
        name="positional-alibi-t5",
        draw=draw_alibi_t5,
        caption=(
            "Relative position as a bias on the attention scores. Left and middle: ALiBi adds -m (i - j) to the "
            "causal score of query i and key j; the steepest of 8 heads (m = 1/2) fades fast, the flattest (m = 1/256) "
            "barely. Right: T5 maps j - i to one of 32 buckets, exact below 8 (16 causal), logarithmic up to 128, "
            "then constant."
        ),
        alt=(
            "Two 10 by 10 lower-triangular heatmaps of the ALiBi bias, zero on the diagonal; for slope 1/2 it "
            "darkens to -4.5 at the far corner, for slope 1/256 it stays almost white. Right: a staircase of the "
            "T5 bucket against j - i from -200 to 200; the bidirectional curve uses buckets 0 to 15 on the left "
            "and 16 to 31 on the right, the causal curve is 0 for j > i and climbs to 31 on the left."
        ),
        size=(6.8, 2.6),
    ),
    Figure(
        name="positional-context-extension",
        draw=draw_context_extension,
        caption=(
            "How the context-extension methods rescale the RoPE frequencies for an 8 times longer context. "
            "Position interpolation slows every pair by 1/s; the NTK-aware base change leaves fast pairs alone and "
            "slows the slowest by exactly 1/s; YaRN keeps pairs that turn more than 32 times in the original "
            "context, fully interpolates those that turn less than once, and ramps in between."
        ),
        alt=(
            "Ratio of new to old frequency against pair index 0 to 63. Position interpolation is a flat line at "
            "0.125. The NTK-aware curve falls smoothly from 1 to 0.125. Both YaRN curves stay at 1 for the first "
            "pairs (to index 20), fall over a middle band and reach 0.125 from index 46 on; the ramp over the "
            "pair index is a straight line, the paper's ramp over r drops faster at first and then flattens."
        ),
        size=(6.4, 3.0),
    ),
]
