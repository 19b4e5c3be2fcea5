"""Figures of the convolutional-network pages: receptive-field growth, a convolution applied to an image
(CNN) and the squash non-linearity with the margin loss (capsule networks)."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure as MplFigure

from ...numerics.capsules import margin_loss, squash_length
from ...numerics.convolution import SOBEL_X, conv2d, demo_image, max_pool2d, receptive_field
from ..catalogue import Figure
from ..style import Palette, asymptote, mark_point

DEPTH = 10


def draw_receptive_field(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    layers = np.arange(DEPTH + 1)
    k3 = [3] * DEPTH
    curves = (
        ("3×3, stride 1", receptive_field(k3), pal.c0, "-"),
        ("3×3, stride 2 every 2nd layer", receptive_field(k3, [1, 2] * (DEPTH // 2)), pal.c2, "-"),
        ("3×3, stride 2 every layer (= dilation curve)", receptive_field(k3, [2] * DEPTH), pal.c1, "-"),
        ("3×3, dilation 1, 2, 4, ... (stride 1)", receptive_field(k3, dilations=[2**i for i in range(DEPTH)]),
         pal.c3, (0, (4, 2))),
    )
    for label, r, color, ls in curves:
        ax.plot(layers, r, color=color, linestyle=ls, marker="o", markersize=2.5, label=label, zorder=3)
    asymptote(ax, pal, 224, "224-pixel ImageNet crop")
    r = receptive_field(k3)
    mark_point(ax, pal, 3, r[3], "three 3×3 = one 7×7", color=pal.c0, offset=(6, -12))
    rd = receptive_field(k3, dilations=[2**i for i in range(DEPTH)])
    mark_point(ax, pal, 6, rd[6], f"$r_6 = 2^7 - 1 = {rd[6]}$", color=pal.c3, offset=(8, -4))
    ax.set_yscale("log", base=2)
    ax.set_xlim(0, DEPTH)
    ax.set_ylim(1, 2**12)
    ax.set_xlabel("layer $l$ (all kernels 3×3)")
    ax.set_ylabel("receptive field $r_l$ (pixels, log scale)")
    ax.legend(loc="upper left", fontsize=7)


def draw_feature_map(fig: MplFigure, pal: Palette) -> None:
    axes = fig.subplots(1, 4, gridspec_kw={"width_ratios": [24, 7, 22, 22]})
    img = demo_image(24)
    x = img[None, None]
    y = conv2d(x, SOBEL_X[None, None])
    pooled = max_pool2d(np.maximum(y, 0.0), 2)
    seq = LinearSegmentedColormap.from_list("seq", [pal.bg, pal.fg])
    div = LinearSegmentedColormap.from_list("div", [pal.c1, pal.bg, pal.c0])
    panels = (
        (axes[0], img, seq, (0, 1), "input $24 \\times 24$"),
        (axes[1], SOBEL_X, div, (-2, 2), "kernel $3 \\times 3$"),
        (axes[2], y[0, 0], div, (-4, 4), "conv, $p=0$: $22 \\times 22$"),
        (axes[3], pooled[0, 0], seq, (0, 4), "ReLU + max-pool 2: $11 \\times 11$"),
    )
    for ax, data, cmap, (lo, hi), title in panels:
        ax.imshow(data, cmap=cmap, vmin=lo, vmax=hi, interpolation="nearest")
        ax.set_title(title, fontsize=8)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
        for spine in ax.spines.values():
            spine.set_visible(True)
            spine.set_color(pal.muted)
    for (i, j), w in np.ndenumerate(SOBEL_X):
        axes[1].text(j, i, f"{w:+.0f}", ha="center", va="center", fontsize=7, color=pal.fg)
    axes[2].set_xlabel("blue +: value rises to the right\norange −: value falls", fontsize=7)
    axes[3].set_xlabel("negative responses\nzeroed by ReLU", fontsize=7)


def draw_squash(fig: MplFigure, pal: Palette) -> None:
    left, right = fig.subplots(1, 2)
    r = np.linspace(0.0, 5.0, 501)
    left.plot(r, squash_length(r), color=pal.c0, label=r"$\Vert\mathbf{v}\Vert = \frac{\rho^2}{1 + \rho^2}$", zorder=3)
    left.plot(r, np.tanh(r), color=pal.muted, linestyle=(0, (3, 2)), linewidth=1.2, label=r"$\tanh \rho$ (for contrast)")
    asymptote(left, pal, 1.0, "length < 1")
    mark_point(left, pal, 1.0, 0.5, r"$\rho = 1 \to 0.5$", color=pal.c0, offset=(6, -12))
    left.set_xlim(0, 5)
    left.set_ylim(0, 1.08)
    left.set_xlabel(r"input length $\rho = \Vert\mathbf{s}_j\Vert$")
    left.set_ylabel(r"output length $\Vert\mathbf{v}_j\Vert$")
    left.set_title("squash: short vectors shrink to ~0")
    left.legend(loc="lower right", fontsize=7.5)

    v = np.linspace(0.0, 1.0, 401)
    present = margin_loss(v[:, None], np.ones((len(v), 1)))
    absent = margin_loss(v[:, None], np.zeros((len(v), 1)))
    right.plot(v, present, color=pal.c2, label="class present ($T_k = 1$)", zorder=3)
    right.plot(v, absent, color=pal.c1, label=r"class absent ($T_k = 0$, $\lambda = 0.5$)", zorder=3)
    mark_point(right, pal, 0.9, 0.0, "$m^+ = 0.9$", color=pal.c2, offset=(-14, 8))
    mark_point(right, pal, 0.1, 0.0, "$m^- = 0.1$", color=pal.c1, offset=(-4, 8))
    right.set_xlim(0, 1)
    right.set_ylim(-0.02, 0.85)
    right.set_xlabel(r"capsule length $\Vert\mathbf{v}_k\Vert$")
    right.set_ylabel("$L_k$")
    right.set_title("margin loss per class")
    right.legend(loc="upper center", fontsize=7.5)


FIGURES = [
    Figure(
        name="cnn-receptive-field",
        draw=draw_receptive_field,
        caption="Receptive field of one unit after l layers of 3×3 convolutions, from "
                "r_l = r_{l−1} + (k_l − 1) d_l ∏ s_i (cheatsheet.numerics.convolution.receptive_field).",
        alt="Log-scale plot of receptive field against depth for 3×3 kernels. Stride 1 grows linearly "
            "(3, 5, 7, ... so three layers see 7 pixels); stride 2 in every second layer grows faster; stride 2 "
            "in every layer and dilations 1, 2, 4, ... both double it each layer (2^(l+1) − 1), passing the "
            "224-pixel image size after 7 layers.",
        size=(6.4, 3.0),
    ),
    Figure(
        name="cnn-feature-map",
        draw=draw_feature_map,
        caption="A 3×3 Sobel kernel applied by cross-correlation (no flip, no padding) to a 24×24 image, "
                "then ReLU and 2×2 max-pooling, all computed with cheatsheet.numerics.convolution.",
        alt="Four panels: an image of value 0 with a square of value 1 and a diagonal bar of value 0.6; the 3×3 "
            "Sobel kernel with columns −1 −2 −1, 0, +1 +2 +1; the 22×22 feature map, positive (blue) on the "
            "left edges where the value rises to the right and negative (orange) on the right edges; and the 11×11 "
            "pooled map keeping only the positive edges at half the resolution.",
        size=(6.8, 2.5),
    ),
    Figure(
        name="capsule-squash",
        draw=draw_squash,
        caption="Left: the squash non-linearity as a function of the input length; right: the margin loss "
                "of one class capsule (Sabour et al. 2017), from cheatsheet.numerics.capsules.",
        alt="Left: the output length ρ²/(1+ρ²) starts flat at zero, passes 0.5 at ρ = 1 and approaches 1 "
            "from below, slower than tanh. Right: the loss of a present class falls quadratically to zero at "
            "length 0.9; the loss of an absent class is zero up to 0.1 and then rises quadratically with "
            "half the weight.",
        size=(6.4, 2.7),
    ),
]
