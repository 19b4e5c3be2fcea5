"""Figures of the reinforcement-learning pages: value iteration on a gridworld, the max-operator
overestimation that Double DQN removes, PPO's clipped surrogate and the GAE weights."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure as MplFigure
from matplotlib.patches import Rectangle

from ...numerics.reinforcement import (expected_max_of_normals, gae_weights, gridworld, ppo_clip_objective,
                                       value_iteration)
from ..catalogue import Figure
from ..style import Palette, asymptote, mark_point

N = 5
SLIP = 0.2
ARROWS = ((0.0, -0.3), (0.0, 0.3), (-0.3, 0.0), (0.3, 0.0))  # up, down, left, right in image coordinates


def draw_value_iteration(fig: MplFigure, pal: Palette) -> None:
    grid_ax, err_ax = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.45]})
    P, R = gridworld(N, slip=SLIP)
    V, greedy, _ = value_iteration(P, R, 0.9)
    for s in range(N * N):
        i, j = divmod(s, N)
        grid_ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=pal.c0, alpha=0.08 + 0.6 * V[s],
                                    edgecolor=pal.bg, linewidth=1.0))
    grid_ax.set_xlim(-0.5, N - 0.5)
    grid_ax.set_ylim(N - 0.5, -0.5)
    grid_ax.set_aspect("equal")
    for s in range(N * N):
        i, j = divmod(s, N)
        if s == N * N - 1:
            grid_ax.annotate("goal", (j, i), ha="center", va="center", fontsize=7.5, color=pal.fg)
            continue
        dx, dy = ARROWS[greedy[s]]
        grid_ax.annotate("", xy=(j + dx, i + dy + 0.12), xytext=(j, i + 0.12),
                         arrowprops=dict(arrowstyle="-|>", color=pal.fg, lw=0.9, mutation_scale=7))
        grid_ax.annotate(f"{V[s]:.2f}", (j, i - 0.22), ha="center", va="center", fontsize=6.5, color=pal.fg)
    grid_ax.set_xticks([])
    grid_ax.set_yticks([])
    grid_ax.grid(False)
    grid_ax.set_title(rf"$V^*$ and greedy policy, $\gamma = 0.9$", fontsize=8.5)

    for gamma, color in ((0.5, pal.c2), (0.9, pal.c0), (0.99, pal.c1)):
        V_star, _, _ = value_iteration(P, R, gamma, tol=1e-14)
        _, _, hist = value_iteration(P, R, gamma, tol=0.0, max_iter=150)
        err = np.array([np.max(np.abs(h - V_star)) for h in hist])
        k = np.arange(len(err))
        keep = err > 1e-13
        err_ax.plot(k[keep], err[keep], color=color, label=rf"$\gamma = {gamma}$", zorder=3)
        err_ax.plot(k, np.max(np.abs(V_star)) * gamma**k, color=color, linestyle=(0, (3, 2)),
                    linewidth=0.9, zorder=2)
    err_ax.set_yscale("log")
    err_ax.set_xlim(0, 150)
    err_ax.set_ylim(1e-12, 3)
    err_ax.set_xlabel("iteration $k$")
    err_ax.set_ylabel(r"$\Vert V_k - V^* \Vert_\infty$")
    err_ax.legend(loc="lower left", fontsize=7)
    err_ax.annotate(r"dashed: bound $\gamma^k \Vert V^* \Vert_\infty$", (0.98, 0.45), xycoords="axes fraction",
                    ha="right", va="top", fontsize=7, color=pal.muted)


def draw_overestimation(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    m = np.arange(1, 65)
    bias = np.array([expected_max_of_normals(int(k)) for k in m])
    ax.plot(m, bias, color=pal.c1, marker="o", markersize=2.5, label=r"$\max_a \hat Q(s, a)$ (DQN target)", zorder=3)
    ax.plot(m, np.sqrt(2 * np.log(m)), color=pal.muted, linestyle=(0, (3, 2)), linewidth=1.0,
            label=r"$\sqrt{2 \ln m}$", zorder=2)
    ax.axhline(0.0, color=pal.c0, linewidth=1.8, label="double estimator (independent noise)", zorder=3)
    mark_point(ax, pal, 18, expected_max_of_normals(18), f"Atari, 18 actions: +{expected_max_of_normals(18):.2f} σ",
               color=pal.c1, offset=(6, -14))
    ax.set_xlim(1, 64)
    ax.set_ylim(-0.2, 3.2)
    ax.set_xlabel("number of actions $m$")
    ax.set_ylabel(r"bias of the target / $\sigma$")
    ax.legend(loc="upper left", fontsize=7.5)


def draw_ppo_clip(fig: MplFigure, pal: Palette) -> None:
    axes = fig.subplots(1, 2, sharey=False)
    eps = 0.2
    r = np.linspace(0.0, 2.0, 401)
    for ax, A in zip(axes, (1.0, -1.0)):
        ax.plot(r, r * A, color=pal.muted, linestyle=(0, (3, 2)), linewidth=1.0, label=r"$\rho\,\hat A$ (unclipped)",
                zorder=2)
        ax.plot(r, ppo_clip_objective(r, np.full_like(r, A), eps), color=pal.c0 if A > 0 else pal.c1,
                label=r"$L^{\mathrm{CLIP}}$", zorder=3)
        ax.axvspan(1 - eps, 1 + eps, color=pal.grid, alpha=0.5, zorder=1, linewidth=0)
        ax.set_xlim(0, 2)
        ax.set_xlabel(r"ratio $\rho = \pi_\theta / \pi_{\theta_{\mathrm{old}}}$")
        ax.set_title(rf"$\hat A = {A:+.0f}$", fontsize=9)
        kink = 1 + eps if A > 0 else 1 - eps
        mark_point(ax, pal, kink, kink * A, rf"$1 {'+' if A > 0 else '-'} \epsilon$", offset=(4, -12 if A > 0 else 6))
        ax.legend(loc="upper left" if A > 0 else "lower left", fontsize=7)
    axes[0].set_ylabel("objective (maximized)")
    axes[0].annotate("flat: no gradient", (1.6, 1.2), xytext=(-20, 8), textcoords="offset points", fontsize=7.5,
                     color=pal.fg)
    axes[1].annotate("flat: no gradient", (0.3, -0.8), xytext=(-10, -16), textcoords="offset points", fontsize=7.5,
                     color=pal.fg)


def draw_gae_weights(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    gamma = 0.99
    n = 151
    l = np.arange(n)
    offsets = {0.5: (6, 2), 0.9: (6, 4), 0.95: (14, 16)}
    for lam, color in ((0.0, pal.c3), (0.5, pal.c2), (0.9, pal.c1), (0.95, pal.c0), (1.0, pal.series[4])):
        w = gae_weights(gamma, lam, n)
        if lam == 0:
            ax.plot([0, 0], [0, 1], color=color, label=r"$\lambda = 0$ (TD error only)", zorder=3)
            ax.plot([0], [1], "o", color=color, markersize=4, zorder=4)
            continue
        ax.plot(l, w, color=color, label=rf"$\lambda = {lam:g}$", zorder=3)
        if lam in offsets:
            h = 1.0 / (1.0 - gamma * lam)
            mark_point(ax, pal, h, (gamma * lam) ** h, f"horizon {h:.1f}", color=color, offset=offsets[lam])
    asymptote(ax, pal, 0.0)
    ax.set_xlim(0, n - 1)
    ax.set_ylim(-0.02, 1.05)
    ax.set_xlabel(r"lag $l$ (steps ahead)")
    ax.set_ylabel(r"weight $(\gamma\lambda)^l$ of $\delta_{t+l}$")
    ax.set_title(r"GAE weights, $\gamma = 0.99$", fontsize=9)
    ax.legend(loc="upper right", fontsize=7.5)


FIGURES = [
    Figure(
        name="rl-value-iteration",
        draw=draw_value_iteration,
        caption=(
            "Value iteration on a 5 × 5 gridworld (reward +1 for entering the goal, moves slip to a random "
            "direction with probability 0.2). Left: the optimal values and the greedy policy. Right: the "
            "sup-norm error shrinks at least by the factor γ per sweep (dashed bound); here it shrinks faster, "
            "because reaching the absorbing goal also ends the reward stream, but larger γ is still slower."
        ),
        alt=(
            "Left: a 5 by 5 grid shaded by value, darkest near the goal in the bottom-right corner, each cell "
            "showing its value (0.41 in the far corner up to 0.97 next to the goal) and an arrow pointing down "
            "or right toward the goal. Right: log-scale error against iteration 0 to 150 for gamma 0.5, 0.9 "
            "and 0.99: after a short plateau each error falls as a straight line, reaching 1e-12 after about "
            "25, 47 and 55 sweeps respectively, all below their dashed geometric bounds gamma to the k; the "
            "bound for 0.99 is still near 0.2 at 150."
        ),
        size=(6.8, 3.0),
    ),
    Figure(
        name="rl-overestimation",
        draw=draw_overestimation,
        caption=(
            "Why Double DQN: if all m actions have the same true value and the estimates carry independent "
            "noise of standard deviation σ, the max in the DQN target is biased upward by E[max of m normals], "
            "bounded by sqrt(2 ln m). Selecting with one estimate and evaluating with an independent one "
            "removes the bias."
        ),
        alt=(
            "Upward bias of the max over m noisy value estimates, in units of sigma, against m from 1 to 64: "
            "0 at m = 1, 0.56 at m = 2, 1.16 at m = 5, about 1.82 at 18 actions (marked), and about 2.34 at 64, "
            "staying below the dashed upper bound square root of 2 ln m. A flat line at 0 marks the double estimator."
        ),
        size=(5.6, 2.8),
    ),
    Figure(
        name="rl-ppo-clip",
        draw=draw_ppo_clip,
        caption=(
            "PPO's clipped surrogate for one sample, ε = 0.2. With a positive advantage the objective stops "
            "rewarding ratios above 1 + ε; with a negative one it stops rewarding ratios below 1 − ε. On the "
            "flat parts the gradient is zero; on the pessimistic side the unclipped term is kept."
        ),
        alt=(
            "Two panels of objective against ratio rho from 0 to 2, with the trust band 0.8 to 1.2 shaded. "
            "For advantage +1 the objective follows the dashed line rho up to 1.2 and is flat at 1.2 "
            "beyond it. For advantage -1 it is flat at -0.8 for rho below 0.8 and follows the dashed line "
            "minus rho above it."
        ),
        size=(6.8, 2.6),
    ),
    Figure(
        name="rl-gae-weights",
        draw=draw_gae_weights,
        caption=(
            "Generalized advantage estimation weights the TD errors δ_{t+l} by (γλ)^l. λ = 0 keeps only the "
            "one-step TD error (low variance, biased by the critic); λ = 1 keeps the whole discounted "
            "Monte Carlo return (unbiased, high variance). The effective horizon is about 1/(1 − γλ) steps."
        ),
        alt=(
            "Weight against lag l from 0 to 150 for gamma 0.99: lambda 0 is a single point of weight 1 at lag "
            "0; lambda 0.5 decays to near zero within 5 steps (horizon 2.0 marked); lambda 0.9 within about 30 steps with horizon "
            "marked at 9.2; lambda 0.95 with horizon marked at 16.8; lambda 1 decays slowly as 0.99 to the l, "
            "still about 0.22 at lag 150."
        ),
        size=(5.6, 2.8),
    ),
]
