"""Figure of the Normalization layers page: which values of an (N, C, H·W) activation tensor share
one mean and variance under BatchNorm, LayerNorm, InstanceNorm and GroupNorm (the cube diagram)."""

from __future__ import annotations

from matplotlib.figure import Figure as MplFigure
from matplotlib.patches import Polygon

from ...numerics.normalization import shared_statistic_mask
from ..catalogue import Figure
from ..style import Palette

N, C, S, GROUPS = 4, 6, 5, 3
INDEX = (0, 2, S - 1)  # the value whose statistics are shaded: first sample, channel 2
DX, DY = 0.5, 0.4  # oblique projection of one step along the batch axis N


def _cube(ax, pal: Palette, mask, title: str) -> None:
    def face(corners, shaded: bool) -> None:
        ax.add_patch(Polygon(corners, closed=True, facecolor=pal.c0 if shaded else pal.bg,
                             edgecolor=pal.muted, linewidth=0.6, alpha=0.9 if shaded else 1.0))

    for c in range(C):  # front face: sample n = 0, channels x positions
        for s in range(S):
            face([(c, s), (c + 1, s), (c + 1, s + 1), (c, s + 1)], mask[0, c, s])
    for n in range(N):  # top face: the last position, channels x samples
        for c in range(C):
            x0, y0 = c + n * DX, S + n * DY
            face([(x0, y0), (x0 + 1, y0), (x0 + 1 + DX, y0 + DY), (x0 + DX, y0 + DY)], mask[n, c, S - 1])
    for n in range(N):  # right face: the last channel, samples x positions
        for s in range(S):
            x0, y0 = C + n * DX, s + n * DY
            face([(x0, y0), (x0 + DX, y0 + DY), (x0 + DX, y0 + 1 + DY), (x0, y0 + 1)], mask[n, C - 1, s])
    ax.annotate("", xy=(C, -0.7), xytext=(0, -0.7),
                arrowprops={"arrowstyle": "->", "color": pal.fg, "linewidth": 0.8})
    ax.text(C / 2, -1.05, "C (channels)", ha="center", va="top", fontsize=7.5)
    ax.annotate("", xy=(-0.6, S), xytext=(-0.6, 0),
                arrowprops={"arrowstyle": "->", "color": pal.fg, "linewidth": 0.8})
    ax.text(-0.9, S / 2, "H, W", ha="right", va="center", rotation=90, fontsize=7.5)
    ax.annotate("", xy=(N * DX - 0.1, S + N * DY + 0.1), xytext=(-0.1, S + 0.1),
                arrowprops={"arrowstyle": "->", "color": pal.fg, "linewidth": 0.8})
    ax.text(-0.3, S + 0.6, "N", ha="right", va="bottom", fontsize=7.5)
    ax.set_title(title, fontsize=9)
    ax.set_xlim(-1.6, C + N * DX + 0.3)
    ax.set_ylim(-1.6, S + N * DY + 0.5)
    ax.set_aspect("equal")
    ax.axis("off")


def draw_normalization_axes(fig: MplFigure, pal: Palette) -> None:
    titles = {"batch": "BatchNorm", "layer": "LayerNorm", "instance": "InstanceNorm", "group": f"GroupNorm ($G = {GROUPS}$)"}
    for ax, (kind, title) in zip(fig.subplots(1, 4), titles.items()):
        _cube(ax, pal, shared_statistic_mask(kind, (N, C, S), INDEX, num_groups=GROUPS), title)


FIGURES = [
    Figure(
        name="normalization-axes",
        draw=draw_normalization_axes,
        caption=(
            "Which values of an activation tensor (batch N, channels C, spatial positions H, W) are pooled "
            "into one mean and variance: the shaded cells share the statistics of one value of sample 1, "
            "channel 3. The masks come from the function the tests check against PyTorch's gradients."
        ),
        alt=(
            "Four cubes with axes C to the right, H and W upward and N into the page. BatchNorm shades one "
            "channel across every sample and position; LayerNorm shades the whole front slice of one sample; "
            "InstanceNorm shades one channel of one sample; GroupNorm with 3 groups shades two neighboring "
            "channels of one sample."
        ),
        size=(6.8, 2.1),
    ),
]
