"""Figure of the prompting page: the accuracy of a self-consistency vote against the number of
sampled reasoning paths, for two answers (majority) and for errors spread over several wrong answers."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure as MplFigure

from ...numerics import prompting as pr
from ..catalogue import Figure
from ..style import Palette, asymptote, mark_point


def draw_self_consistency(fig: MplFigure, pal: Palette) -> None:
    left, right = fig.subplots(1, 2, sharey=True)
    odd = np.arange(1, 42, 2)
    for p, color in zip((0.85, 0.7, 0.55, 0.45, 0.3), pal.series):
        acc = [pr.majority_correct_prob(p, int(n)) for n in odd]
        left.plot(odd, acc, "o-", color=color, markersize=2.5, linewidth=1.3, label=f"p = {p}", zorder=3)
    asymptote(left, pal, 0.5)
    left.annotate("coin flip", (1, 0.5), xytext=(2, 3), textcoords="offset points", fontsize=7.5, color=pal.muted)
    left.set_xlabel("samples n (odd)")
    left.set_ylabel("P(vote is correct)")
    left.set_title("two answers: majority vote")
    left.legend(loc="center right", fontsize=6.5)

    n = np.arange(1, 41)
    p = 0.4
    for m, color in zip((1, 2, 5, 20), pal.series):
        acc = [pr.plurality_correct_prob(p, int(k), m) for k in n]
        right.plot(n, acc, color=color, linewidth=1.3, label=f"m = {m}", zorder=3)
    asymptote(right, pal, p, "single sample")
    mark_point(right, pal, 40, pr.plurality_correct_prob(p, 40, 1), "m = 1: worse",
               color=pal.series[0], offset=(-48, 7))
    right.set_xlabel("samples n")
    right.set_title(f"p = {p}, m distinct wrong answers")
    right.legend(loc="lower left", fontsize=6.5)
    for ax in (left, right):
        ax.set_ylim(0, 1.02)


FIGURES = [
    Figure(
        name="prompting-self-consistency",
        draw=draw_self_consistency,
        caption=(
            "Self-consistency as a vote over n independent samples. Left: with one right and one wrong answer, "
            "the majority converges to 1 when the single-sample accuracy p exceeds 1/2 and to 0 below it. "
            "Right: at p = 0.4, a plurality vote still climbs toward 1 when the wrong answers disagree with "
            "each other (m distinct wrong answers, equally likely); real samples are correlated, so gains are smaller."
        ),
        alt=(
            "Left panel: curves of vote accuracy against odd n from 1 to 41 for p = 0.85, 0.7, 0.55, 0.45 and 0.3; "
            "the three curves above one half rise toward 1 and the two below fall toward 0. Right panel: at p = 0.4 "
            "the curve for one wrong answer falls to about 0.1 by n = 40, while the curves for 2, 5 and 20 wrong "
            "answers rise, reaching about 0.65, 0.98 and 1.0."
        ),
        size=(6.6, 2.8),
    ),
]
