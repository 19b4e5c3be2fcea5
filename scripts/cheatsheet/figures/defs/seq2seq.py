"""Figure of the sequence-to-sequence page: the five input/output patterns of a recurrent network as boxes and
arrows (inputs below, cells in the middle, outputs above), drawn from cheatsheet.numerics.seq2seq.PATTERNS."""

from __future__ import annotations

from matplotlib.figure import Figure as MplFigure
from matplotlib.patches import FancyArrowPatch, Rectangle

from ...numerics.seq2seq import PATTERNS
from ..catalogue import Figure
from ..style import Palette

BOX = 0.5


def draw_patterns(fig: MplFigure, pal: Palette) -> None:
    axes = fig.subplots(1, len(PATTERNS), gridspec_kw=dict(width_ratios=[2, 4, 4, 4, 7], wspace=0.1))

    def box(ax, x, y, color, label=None):
        ax.add_patch(Rectangle((x - BOX / 2, y - BOX / 2), BOX, BOX, facecolor=color, edgecolor=pal.fg,
                               linewidth=0.6, alpha=0.9, zorder=2))
        if label:
            ax.text(x, y, label, ha="center", va="center", fontsize=5.5, color=pal.bg, zorder=3, fontweight="bold")

    def arrow(ax, p, q, color):
        ax.add_patch(FancyArrowPatch(p, q, arrowstyle="-|>", mutation_scale=6, color=color, linewidth=0.8,
                                     shrinkA=0, shrinkB=0, zorder=1))

    for ax, pat in zip(axes, PATTERNS):
        unaligned = pat.delay == pat.n_in and pat.n_out > 1
        steps = pat.n_in + pat.n_out if unaligned else max(pat.n_in, pat.n_out)
        for t in range(steps):
            x = t * 1.0
            box(ax, x, 1.0, pal.c0)  # the recurrent cell at step t
            if t > 0:
                arrow(ax, (x - 1 + BOX / 2, 1.0), (x - BOX / 2, 1.0), pal.fg)
            has_in = t < pat.n_in
            if unaligned:
                has_out = t >= pat.n_in
            elif pat.n_out == 1:
                has_out = t == steps - 1
            else:
                has_out = True
            if has_in:
                box(ax, x, 0.0, pal.c2, "x")
                arrow(ax, (x, BOX / 2), (x, 1.0 - BOX / 2), pal.muted)
            elif pat.n_out > 1 and t > 0:  # the previous output is fed back as the next input
                box(ax, x, 0.0, pal.grid)
                ax.text(x, 0.0, "ŷ", ha="center", va="center", fontsize=5.5, color=pal.fg, zorder=3)
                arrow(ax, (x, BOX / 2), (x, 1.0 - BOX / 2), pal.muted)
            if has_out:
                box(ax, x, 2.0, pal.c1, "y")
                arrow(ax, (x, 1.0 + BOX / 2), (x, 2.0 - BOX / 2), pal.muted)
        if unaligned:
            ax.plot([pat.n_in - 0.5] * 2, [-0.45, 2.45], color=pal.muted, linestyle=(0, (3, 2)), linewidth=0.8)
            ax.text(pat.n_in / 2 - 0.5, 2.0, "encoder", ha="center", va="center", fontsize=6.5, color=pal.fg)
            ax.text(pat.n_in - 0.3, 2.55, "decoder", ha="left", va="bottom", fontsize=6.5, color=pal.fg)
        ax.text((steps - 1) / 2, -0.75, pat.name, ha="center", va="top", fontsize=7, color=pal.fg,
                fontweight="bold")
        ax.text((steps - 1) / 2, -1.15, f"in {pat.input_shape}\nout {pat.output_shape}", ha="center", va="top",
                fontsize=6, color=pal.muted, linespacing=1.2)
        half = max(steps, 2) / 2
        ax.set_xlim((steps - 1) / 2 - half - 0.1, (steps - 1) / 2 + half + 0.1)
        ax.set_ylim(-1.95, 2.9)
        ax.set_aspect("equal")
        ax.axis("off")


FIGURES = [
    Figure(
        name="seq2seq-patterns",
        draw=draw_patterns,
        caption="The five input/output patterns of a recurrent network, unrolled in time, with PyTorch shapes "
                "(batch-first; B batch, T lengths, I features, C classes, V vocabulary).",
        alt="Five small diagrams side by side. Each has input boxes x at the bottom, recurrent cells in the middle "
            "joined left to right by arrows, and output boxes y on top. One-to-one: one x, one cell, one y. "
            "One-to-many: one x feeds the first of four cells and each later cell receives the previous output. "
            "Many-to-one: four inputs, and only the last cell emits a y. Many-to-many aligned: four inputs and "
            "four outputs, one per step. Many-to-many unaligned: three encoder cells read the inputs, a dashed line "
            "separates them from four decoder cells that emit the outputs, each fed the previous output.",
        size=(7.0, 1.9),
    ),
]
