"""Figures of the practical training pages: initialization through depth (Tips), LoRA's
parameter count (Fine-tuning) and PCGrad's projection (Multi-task learning)."""

from __future__ import annotations

import math

import numpy as np
from matplotlib.figure import Figure as MplFigure

from ...numerics.initialization import activation_stds, calculate_gain, lora_fraction
from ...numerics.multitask import pcgrad
from ..catalogue import Figure
from ..style import Palette, asymptote, mark_point

DEPTH = 30
WIDTH = 256


def draw_init_depth(fig: MplFigure, pal: Palette) -> None:
    left, right = fig.subplots(1, 2, sharey=True)
    layers = np.arange(DEPTH + 1)
    panels = (
        (left, "tanh", "tanh network", (
            ("normal", None, 0.01, r"$\mathcal{N}(0, 0.01^2)$", pal.c3),
            ("linear_default", None, None, r"nn.Linear default $\mathcal{U}(\pm 1/\sqrt{n})$", pal.c1),
            ("xavier_normal", 1.0, None, "Xavier, $g = 1$", pal.c2),
            ("xavier_normal", calculate_gain("tanh"), None, "Xavier, $g = 5/3$", pal.c0),
        )),
        (right, "relu", "ReLU network", (
            ("normal", None, 0.05, r"$\mathcal{N}(0, 0.05^2)$", pal.c3),
            ("normal", None, 0.1, r"$\mathcal{N}(0, 0.1^2)$", pal.series[4]),
            ("linear_default", None, None, "nn.Linear default", pal.c1),
            ("xavier_normal", 1.0, None, "Xavier, $g = 1$", pal.c2),
            ("kaiming_normal", calculate_gain("relu"), None, r"He, $g = \sqrt{2}$", pal.c0),
        )),
    )
    for ax, act, title, curves in panels:
        asymptote(ax, pal, 1.0, "input std" if ax is left else None)
        for scheme, gain, std, label, color in curves:
            s = activation_stds(scheme, act, depth=DEPTH, width=WIDTH, gain=gain or 1.0, std=std, seed=7)
            ax.plot(layers, s, color=color, label=label, zorder=3)
        ax.set_yscale("log")
        ax.set_xlim(0, DEPTH)
        ax.set_ylim(1e-9, 1e3)
        ax.set_xlabel("layer $l$")
        ax.set_title(f"{title} (width {WIDTH})")
        ax.legend(loc="lower left", fontsize=6.5, handlelength=1.4, borderaxespad=0.2)
    left.set_ylabel(r"std of activations $\mathbf{h}_l$")
    he = activation_stds("kaiming_normal", "relu", depth=DEPTH, width=WIDTH, gain=math.sqrt(2), seed=7)
    mark_point(right, pal, DEPTH, he[-1], "He stays near 1", color=pal.c0, offset=(-74, -13))
    big = activation_stds("normal", "relu", depth=DEPTH, width=WIDTH, std=0.1, seed=7)
    mark_point(right, pal, DEPTH, big[-1], "explodes", color=pal.series[4], offset=(-44, 4))


def draw_lora_params(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    ranks = np.unique(np.round(np.geomspace(1, 1024, 400)).astype(int))
    for (d, k), color in (((768, 768), pal.c1), ((4096, 4096), pal.c0), ((4096, 11008), pal.c2)):
        rs = ranks[ranks <= min(d, k)]
        frac = [lora_fraction(d, k, int(r)) for r in rs]
        ax.plot(rs, frac, color=color, label=rf"$d \times k = {d} \times {k}$", zorder=3)
    asymptote(ax, pal, 1.0)
    ax.annotate("full fine-tuning: dk parameters", (1.1, 1.0), xytext=(0, 3), textcoords="offset points",
                fontsize=7.5, color=pal.muted)
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlim(1, 1024)
    ax.set_ylim(1e-4, 4)
    f8 = lora_fraction(4096, 4096, 8)
    mark_point(ax, pal, 8, f8, f"r = 8: {100 * f8:.2f} %", color=pal.c0, offset=(6, -12))
    f384 = lora_fraction(768, 768, 384)
    mark_point(ax, pal, 384, f384, "r = d/2 = 384: break-even", color=pal.c1, offset=(-128, 5))
    ax.set_xlabel("LoRA rank $r$")
    ax.set_ylabel(r"trainable fraction $r(d + k)/(dk)$")
    ax.legend(loc="lower right")


def draw_pcgrad(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    g1 = np.array([2.0, 0.3])
    g2 = np.array([-1.6, 1.0])
    total, (p1, p2) = pcgrad([g1, g2])
    naive = g1 + g2

    def arrow(v, color, style="-", width=1.8, start=(0.0, 0.0)):
        ax.annotate("", xy=(start[0] + v[0], start[1] + v[1]), xytext=start,
                    arrowprops=dict(arrowstyle="-|>", color=color, lw=width, linestyle=style,
                                    shrinkA=0, shrinkB=0, mutation_scale=11), zorder=4)

    # normal lines of each gradient (the planes PCGrad projects onto)
    t = np.linspace(-3, 3, 2)
    for g, color in ((g2, pal.c1), (g1, pal.c0)):
        n = np.array([-g[1], g[0]]) / np.linalg.norm(g)
        ax.plot(t * n[0], t * n[1], color=color, linestyle=(0, (2, 3)), linewidth=0.9, alpha=0.8, zorder=2)
    arrow(g1, pal.c0)
    arrow(g2, pal.c1)
    arrow(p1, pal.c0, style="--", width=1.4)
    arrow(p2, pal.c1, style="--", width=1.4)
    ax.plot([g1[0], p1[0]], [g1[1], p1[1]], color=pal.muted, linewidth=0.8, linestyle=":", zorder=2)
    ax.plot([g2[0], p2[0]], [g2[1], p2[1]], color=pal.muted, linewidth=0.8, linestyle=":", zorder=2)
    arrow(naive, pal.muted, width=1.4)
    arrow(total, pal.c2, width=2.2)
    ax.annotate(r"$\mathbf{g}_1$", g1, xytext=(4, -10), textcoords="offset points", color=pal.c0)
    ax.annotate(r"$\mathbf{g}_2$", g2, xytext=(-16, 2), textcoords="offset points", color=pal.c1)
    ax.annotate(r"$\mathbf{g}_1^{\mathrm{PC}}$", p1, xytext=(4, 2), textcoords="offset points", color=pal.c0)
    ax.annotate(r"$\mathbf{g}_2^{\mathrm{PC}}$", p2, xytext=(-30, 4), textcoords="offset points", color=pal.c1)
    ax.annotate(r"$\mathbf{g}_1 + \mathbf{g}_2$", 0.55 * naive, xytext=(5, -6), textcoords="offset points",
                color=pal.muted, fontsize=8)
    ax.annotate(r"PCGrad update $\mathbf{g}_1^{\mathrm{PC}} + \mathbf{g}_2^{\mathrm{PC}}$", total,
                xytext=(6, 0), textcoords="offset points", color=pal.c2, fontsize=8)
    mark_point(ax, pal, 0.0, 0.0, "", color=pal.fg)
    cos = g1 @ g2 / (np.linalg.norm(g1) * np.linalg.norm(g2))
    ax.set_title(rf"conflicting gradients: $\cos\phi = {cos:.2f} < 0$")
    ax.set_xlim(-2.0, 2.6)
    ax.set_ylim(-0.5, 2.6)
    ax.set_aspect("equal")
    ax.set_xlabel(r"$\theta_1$ component")
    ax.set_ylabel(r"$\theta_2$ component")


FIGURES = [
    Figure(
        name="practice-init-depth",
        draw=draw_init_depth,
        caption=(
            "Standard deviation of the activations through a 30-layer plain network (width 256, no bias, "
            "no normalization) for several initializations. Only a gain matched to the non-linearity "
            "keeps the signal at a constant scale; nn.Linear's default shrinks it by about 2.4 per ReLU layer."
        ),
        alt=(
            "Two log-scale plots of activation standard deviation against layer 0 to 30. In the tanh "
            "network, weights drawn with std 0.01 and PyTorch's nn.Linear default collapse toward zero "
            "within a few layers, Xavier with gain 1 decays slowly, and Xavier with gain 5/3 settles near "
            "0.6. In the ReLU network, std 0.05, the nn.Linear default and Xavier with gain 1 decay "
            "geometrically, std 0.1 grows to about 30, and He initialization with gain root 2 stays near 1."
        ),
        size=(6.8, 3.0),
    ),
    Figure(
        name="practice-lora-params",
        draw=draw_lora_params,
        caption=(
            "Trainable parameters of a LoRA update relative to the frozen matrix it adapts: "
            "r(d + k)/(dk) grows linearly with the rank r and, for square matrices, equals the full "
            "count at r = d/2."
        ),
        alt=(
            "Log-log plot of the trainable fraction r(d+k)/(dk) against LoRA rank r from 1 to 1024 for "
            "three matrix shapes: 768 by 768, 4096 by 4096 and 4096 by 11008. Each is a straight line of "
            "slope one; rank 8 on a 4096 by 4096 matrix trains 0.39 percent of its weights, and the "
            "768 by 768 line reaches the dashed full-fine-tuning level 1 at rank 384."
        ),
        size=(6.4, 2.9),
    ),
    Figure(
        name="practice-pcgrad",
        draw=draw_pcgrad,
        caption=(
            "PCGrad on two conflicting task gradients: each is projected onto the normal line of the "
            "other (dotted), so neither projected gradient hurts the other task to first order; the update "
            "is their sum."
        ),
        alt=(
            "Two gradient arrows from the origin, g1 pointing right and slightly up, g2 pointing up-left, "
            "at an obtuse angle. Dashed arrows show each projected onto the line perpendicular to the "
            "other: g1 PC points up-right, g2 PC points almost straight up. The plain sum g1 + g2 is a "
            "short grey arrow; the PCGrad update, the sum of the projections, is a longer green arrow "
            "pointing up and to the right."
        ),
        size=(5.2, 3.4),
    ),
]
