"""Figure of the Vision Transformer page: an image cut into a P x P grid of patches, flattened row by row into a
token sequence behind a class token, with the sizes of cheatsheet.numerics.vit."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure as MplFigure
from matplotlib.patches import FancyArrowPatch, Rectangle

from ...numerics.vit import num_patches, patchify, sequence_length, vit_params
from ..catalogue import Figure
from ..style import Palette

SIZE, PATCH = 64, 16  # a 64 x 64 toy image with 16 x 16 patches: a 4 x 4 grid, 16 tokens + [CLS]


def _toy_image() -> np.ndarray:
    """A deterministic RGB image (1, 3, H, W) in [0, 1]: a sun, a hill and a sky gradient."""
    ii, jj = np.mgrid[0:SIZE, 0:SIZE] / (SIZE - 1)
    sky = np.stack([0.55 + 0.3 * ii, 0.75 + 0.15 * ii, 0.95 - 0.1 * ii])
    hill = ii > 0.62 + 0.18 * np.sin(3.2 * jj)
    sun = (ii - 0.28) ** 2 + (jj - 0.7) ** 2 < 0.018
    img = sky.copy()
    img[:, hill] = np.array([0.35, 0.62, 0.3])[:, None] - 0.15 * ii[hill]
    img[:, sun] = np.array([0.98, 0.8, 0.25])[:, None]
    return np.clip(img, 0, 1)[None]


def draw_vit_patching(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    img = _toy_image()
    g = SIZE // PATCH
    n = num_patches(SIZE, PATCH)
    patches = patchify(img, PATCH)  # (1, N, P^2 C), (c, u, v) order

    # the image and its grid
    x0, y0, side = 0.0, 0.6, 2.6
    ax.imshow(img[0].transpose(1, 2, 0), extent=(x0, x0 + side, y0, y0 + side), interpolation="nearest", zorder=1)
    step = side / g
    for k in range(g + 1):
        ax.plot([x0 + k * step] * 2, [y0, y0 + side], color=pal.bg, linewidth=1.6, zorder=2)
        ax.plot([x0, x0 + side], [y0 + k * step] * 2, color=pal.bg, linewidth=1.6, zorder=2)
    for r in range(g):
        for c in range(g):
            ax.text(x0 + (c + 0.15) * step, y0 + side - (r + 0.2) * step, str(r * g + c + 1), fontsize=6,
                    color=pal.fg, ha="left", va="top", zorder=3,
                    bbox=dict(boxstyle="round,pad=0.1", facecolor=pal.bg, edgecolor="none", alpha=0.8))
    ax.text(x0 + side / 2, y0 - 0.15, f"image {SIZE}×{SIZE}×3, P = {PATCH}: {g}×{g} = {n} patches",
            ha="center", va="top", fontsize=7, color=pal.fg)

    # the token sequence: [CLS] then patches 1..N, each a thumbnail of its patch
    tx0, ty, tw, gap = 3.5, 2.55, 0.34, 0.06
    ax.add_patch(FancyArrowPatch((x0 + side + 0.1, y0 + side / 2 + 0.5), (tx0 - 0.1, ty + 0.1), arrowstyle="-|>",
                                 mutation_scale=8, color=pal.muted, linewidth=1.0, connectionstyle="arc3,rad=-0.2"))
    ax.text(x0 + side + 0.45, y0 + side / 2 + 0.95, "flatten\nrow by row", fontsize=6.5, color=pal.muted,
            ha="center")
    ax.add_patch(Rectangle((tx0, ty - tw / 2), tw, tw, facecolor=pal.c1, edgecolor=pal.fg, linewidth=0.6, zorder=2))
    ax.text(tx0 + tw / 2, ty, "CLS", fontsize=5, color=pal.bg, ha="center", va="center", zorder=3,
            fontweight="bold")
    for k in range(n):
        x = tx0 + (k + 1) * (tw + gap)
        thumb = patches[0, k].reshape(3, PATCH, PATCH).transpose(1, 2, 0)
        ax.imshow(thumb, extent=(x, x + tw, ty - tw / 2, ty + tw / 2), interpolation="nearest", zorder=2)
        ax.add_patch(Rectangle((x, ty - tw / 2), tw, tw, fill=False, edgecolor=pal.fg, linewidth=0.5, zorder=3))
        ax.text(x + tw / 2, ty + tw / 2 + 0.05, str(k + 1), fontsize=5.5, color=pal.fg, ha="center", va="bottom")
    ax.text(tx0 + tw / 2, ty + tw / 2 + 0.05, "0", fontsize=5.5, color=pal.fg, ha="center", va="bottom")
    x_end = tx0 + (n + 1) * (tw + gap)

    # what happens to each token
    rows = [
        (1.85, pal.c0, f"linear map E: P²C = {PATCH * PATCH * 3} → D (a {PATCH}×{PATCH} conv, stride {PATCH})"),
        (1.45, pal.c2, "+ learned position embedding (one row per index 0 … N)"),
        (1.05, pal.c3, "L pre-LN Transformer encoder blocks over all N + 1 tokens"),
        (0.65, pal.c1, "final LayerNorm, linear head on the CLS output → K classes"),
    ]
    for y, color, text in rows:
        ax.add_patch(Rectangle((tx0, y - 0.14), x_end - tx0 - gap, 0.28, facecolor=color, alpha=0.25,
                               edgecolor=color, linewidth=0.8, zorder=1))
        ax.text(tx0 + 0.1, y, text, fontsize=6.8, color=pal.fg, va="center", zorder=2)
    p = vit_params()
    ax.text(tx0, 0.2, f"ViT-B/16 at 224²: {sequence_length(224, 16)} tokens of D = 768, "
                      f"{p.total:,} parameters", fontsize=6.8, color=pal.fg, va="center")
    ax.set_xlim(-0.1, x_end + 0.05)
    ax.set_ylim(0.0, 3.35)
    ax.set_aspect("equal")
    ax.axis("off")


FIGURES = [
    Figure(
        name="vit-patching",
        draw=draw_vit_patching,
        caption="ViT's input: cut the image into P×P patches, flatten them row by row into a sequence, put a "
                "learned class token in front, embed linearly and add position embeddings (sizes and the "
                "parameter count from cheatsheet.numerics.vit).",
        alt="Left, a 64 by 64 toy image of a sun over a green hill, divided by a 4 by 4 grid into 16 numbered "
            "patches. An arrow leads to a row of 17 squares: a CLS token at position 0 followed by thumbnails of "
            "patches 1 to 16 in row-major order. Below the row, four bands list the steps: linear map of each "
            "768-value patch (a 16 by 16 stride-16 convolution), add position embeddings, L pre-LN encoder "
            "blocks, final LayerNorm and a linear head on the CLS output. A note gives ViT-B/16 at 224 pixels: "
            "197 tokens of width 768 and 86,567,656 parameters.",
        size=(7.0, 2.6),
    ),
]
