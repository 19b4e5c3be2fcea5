"""Figures of the diffusion-models page: linear vs cosine noise schedules, and the forward process
turning a two-mode 1-D distribution into a standard normal."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure as MplFigure

from ...numerics.diffusion import (alpha_bars_from_betas, cosine_alpha_bar, forward_mixture_density,
                                   linear_betas, snr)
from ..catalogue import Figure
from ..style import Palette, asymptote, mark_point

T = 1000
MIX_MEANS = np.array([-1.5, 1.2])
MIX_STDS = np.array([0.25, 0.35])
MIX_WEIGHTS = np.array([0.4, 0.6])


def draw_schedules(fig: MplFigure, pal: Palette) -> None:
    left, right = fig.subplots(1, 2)
    t = np.arange(1, T + 1)[::2]
    lin = alpha_bars_from_betas(linear_betas(T))[::2]
    cos = cosine_alpha_bar(t, T)
    for ab, label, color in ((lin, r"linear $\beta$ (Ho et al. 2020)", pal.c0),
                             (cos, "cosine (Nichol & Dhariwal 2021)", pal.c1)):
        left.plot(t / T, ab, color=color, label=label, zorder=3)
        right.plot(t / T, np.log(snr(np.clip(ab, 1e-12, 1 - 1e-12))), color=color, label=label, zorder=3)
    left.set_xlabel("$t / T$")
    left.set_ylabel(r"$\bar\alpha_t$ (signal variance kept)")
    left.set_xlim(0, 1)
    left.set_ylim(0, 1.02)
    i_half = int(np.argmin(np.abs(lin - 0.5)))
    mark_point(left, pal, t[i_half] / T, lin[i_half], f"linear: t = {t[i_half]}",
               color=pal.c0, offset=(-62, -10))
    j_half = int(np.argmin(np.abs(cos - 0.5)))
    mark_point(left, pal, t[j_half] / T, cos[j_half], f"cosine: t = {t[j_half]}", color=pal.c1, offset=(6, 4))
    left.legend(loc="lower left", fontsize=7)
    asymptote(right, pal, 0.0, "SNR = 1")
    right.set_xlabel("$t / T$")
    right.set_ylabel(r"$\log \mathrm{SNR}(t) = \log \frac{\bar\alpha_t}{1 - \bar\alpha_t}$")
    right.set_xlim(0, 1)
    right.set_ylim(-16, 12)
    mark_point(right, pal, 1.0, float(np.log(snr(lin[-1]))), f"{np.log(snr(lin[-1])):.1f}", color=pal.c0,
               offset=(-24, 6))


def draw_forward(fig: MplFigure, pal: Palette) -> None:
    steps = (0, 50, 150, 300, 1000)
    axes = fig.subplots(1, len(steps), sharey=True)
    abar = np.concatenate([[1.0], alpha_bars_from_betas(linear_betas(T))])
    x = np.linspace(-4, 4, 241)
    normal = np.exp(-0.5 * x**2) / np.sqrt(2 * np.pi)
    for ax, t in zip(axes, steps):
        p = forward_mixture_density(x, abar[t], MIX_MEANS, MIX_STDS, MIX_WEIGHTS)
        ax.plot(x, normal, color=pal.muted, linestyle=(0, (3, 2)), linewidth=1.0, zorder=2)
        ax.fill_between(x, p, color=pal.c0, alpha=0.25, linewidth=0, zorder=2)
        ax.plot(x, p, color=pal.c0, zorder=3)
        ax.set_title(rf"$t = {t}$, $\bar\alpha_t = {abar[t]:.2g}$", fontsize=8)
        ax.set_xlim(-4, 4)
        ax.set_xticks([-3, 0, 3])
        ax.set_xlabel("$x_t$")
    axes[0].set_ylabel(r"density $q(x_t)$")
    axes[0].set_ylim(0, 1.05)
    axes[-1].annotate(r"$\mathcal{N}(0, 1)$", (1.2, 0.3), xytext=(2, 12), textcoords="offset points",
                      fontsize=7.5, color=pal.muted)


FIGURES = [
    Figure(
        name="diffusion-schedules",
        draw=draw_schedules,
        caption=(
            "Noise schedules for T = 1000. The linear schedule destroys the signal early: half of it is gone "
            "by step 259 and the last few hundred steps are almost pure noise. The cosine schedule keeps "
            "the log-SNR nearly linear in t over most of the range and reaches one half only at step 497."
        ),
        alt=(
            "Left: the kept signal variance alpha-bar against t over T from 0 to 1. The linear-beta curve "
            "drops quickly, passing 0.5 at t = 259 and flattening near 0 after t = 700; the cosine curve "
            "falls slowly at first, passes 0.5 at t = 497 and reaches 0 at the end. Right: log signal-to-noise "
            "ratio against t over T with a dashed line at SNR = 1; both start near +10; the cosine curve falls "
            "almost linearly through the middle and plunges at the very end, the linear curve drops faster "
            "early, crosses SNR = 1 at t = 259 and ends at -10.1."
        ),
        size=(6.8, 2.8),
    ),
    Figure(
        name="diffusion-forward",
        draw=draw_forward,
        caption=(
            "The forward process q(x_t) for a two-mode 1-D data distribution under the linear schedule: "
            "the modes shrink toward 0 by the factor sqrt(alpha-bar) and widen with the added noise until "
            "only the standard normal (dashed) is left."
        ),
        alt=(
            "Five panels of a density against x_t. At t = 0 two narrow peaks sit at -1.5 and 1.2. At t = 50 "
            "they are slightly lower and wider; at t = 150 they have moved toward 0 and are separated only by a "
            "shallow dip; at t = 300 the density is a single lopsided bump close to the dashed standard normal "
            "curve; at t = 1000 it coincides with the standard normal."
        ),
        size=(6.8, 2.2),
    ),
]
