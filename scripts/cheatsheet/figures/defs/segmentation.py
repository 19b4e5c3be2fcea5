"""Figure of the segmentation page: U-Net's shape diagram with the sizes of the original (valid-convolution)
network, computed by cheatsheet.numerics.segmentation.unet_sizes."""

from __future__ import annotations

from matplotlib.figure import Figure as MplFigure
from matplotlib.patches import FancyArrowPatch, Rectangle

from ...numerics.segmentation import unet_params, unet_sizes
from ..catalogue import Figure
from ..style import Palette

N_IN, DEPTH, BASE = 572, 4, 64


def draw_unet(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    s = unet_sizes(N_IN, DEPTH)
    row_y = [-1.6 * level for level in range(DEPTH + 1)]  # one row per resolution level

    def block(x, y, size, ch, color, label_below=True):
        h = 0.25 + 0.9 * size / N_IN  # height grows with the spatial size
        w = 0.12 + 0.1 * (ch / BASE) ** 0.5  # width grows with the channels
        ax.add_patch(Rectangle((x - w / 2, y - h / 2), w, h, facecolor=color, edgecolor=pal.fg, linewidth=0.6,
                               alpha=0.85, zorder=3))
        ax.text(x, y - h / 2 - 0.08 if label_below else y + h / 2 + 0.08, f"{size}²×{ch}", ha="center",
                va="top" if label_below else "bottom", fontsize=6.2, color=pal.fg, zorder=4)
        return x + w / 2, x - w / 2

    def arrow(p, q, color, style="-|>", ls="-"):
        ax.add_patch(FancyArrowPatch(p, q, arrowstyle=style, mutation_scale=7, color=color, linewidth=1.0,
                                     linestyle=ls, zorder=2))

    x_enc = [0.6 + 0.9 * level for level in range(DEPTH + 1)]
    x_dec = [9.6 - 0.9 * level for level in range(DEPTH)]
    block(-0.4, row_y[0], N_IN, 1, pal.bg, label_below=False)
    ax.text(-0.4, row_y[0] - 0.65, "input", ha="center", va="top", fontsize=7, color=pal.fg)
    arrow((-0.25, row_y[0]), (x_enc[0] - 0.25, row_y[0]), pal.c0)
    enc_right = []
    for level in range(DEPTH):
        ch = BASE * 2**level
        right, _ = block(x_enc[level], row_y[level], s.encoder[level], ch, pal.c0)
        enc_right.append(right)
        arrow((x_enc[level], row_y[level] - 0.62), (x_enc[level + 1] - 0.05, row_y[level + 1] + 0.45), pal.c1)
    block(x_enc[DEPTH] + 0.5, row_y[DEPTH], s.bottleneck, BASE * 2**DEPTH, pal.c0)
    prev = (x_enc[DEPTH] + 0.75, row_y[DEPTH] + 0.3)
    for i, level in enumerate(reversed(range(DEPTH))):
        ch = BASE * 2**level
        x = x_dec[level]
        arrow(prev, (x - 0.15, row_y[level] - 0.55), pal.c2)
        arrow((enc_right[level] + 0.05, row_y[level]), (x - 0.35, row_y[level]), pal.muted, ls=(0, (3, 2)))
        ax.text((enc_right[level] + x) / 2, row_y[level] + 0.08, f"copy, crop {s.encoder[level]} → {s.crops[i]}",
                ha="center", va="bottom", fontsize=6.2, color=pal.muted)
        block(x, row_y[level], s.decoder[i], ch, pal.c3)
        prev = (x + 0.15, row_y[level] + 0.55)
    arrow((x_dec[0] + 0.3, row_y[0]), (10.7, row_y[0]), pal.c0)
    block(11.0, row_y[0], s.output, 2, pal.bg, label_below=False)
    ax.text(11.0, row_y[0] - 0.65, "output (1×1 conv)", ha="center", va="top", fontsize=7, color=pal.fg)
    legend = [(pal.c0, "two 3×3 convs (valid: −4 per level), ReLU"), (pal.c1, "2×2 max-pool (÷2)"),
              (pal.c2, "2×2 up-conv (×2, halves channels)"), (pal.muted, "skip: copy and center-crop, concatenate")]
    for k, (color, text) in enumerate(legend):
        ax.plot([9.0, 9.5], [row_y[DEPTH - 1] - 0.2 - 0.42 * k] * 2, color=color, linewidth=1.6)
        ax.text(9.65, row_y[DEPTH - 1] - 0.2 - 0.42 * k, text, va="center", fontsize=6.5, color=pal.fg)
    ax.text(9.0, row_y[DEPTH] - 0.5, f"{unet_params():,} parameters (1 → 2 channels)", fontsize=6.5, color=pal.fg)
    ax.set_xlim(-0.8, 14.6)
    ax.set_ylim(row_y[DEPTH] - 1.2, 1.2)
    ax.set_aspect("equal")
    ax.axis("off")


FIGURES = [
    Figure(
        name="segmentation-unet",
        draw=draw_unet,
        caption="U-Net (Ronneberger et al. 2015) with valid 3×3 convolutions: a 572×572 input gives a 388×388 "
                "output; sizes and the parameter count from cheatsheet.numerics.segmentation.",
        alt="A U-shaped diagram. The left (contracting) path goes down four levels with feature maps of 568² × 64, "
            "280² × 128, 136² × 256 and 64² × 512 joined by max-pools, to a 28² × 1024 bottleneck. The right "
            "(expanding) path climbs back with up-convolutions to 52² × 512, 100² × 256, 196² × 128 and 388² × 64; "
            "dashed arrows copy each encoder map across, cropped to 56, 104, 200 and 392, and a 1×1 conv gives the "
            "388² × 2 output.",
        size=(7.0, 3.6),
    ),
]
