"""Figures of the hybrid-model pages: DARTS architecture weights (NAS), NTM addressing stages
(memory-augmented networks), Euler versus RK4 (neural ODEs) and a CLIP similarity matrix (multimodal)."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure as MplFigure
from matplotlib.patches import Rectangle

from ...numerics.memory import address, shift_kernel
from ...numerics.multimodal import LOGIT_SCALE_MAX, clip_logits, clip_loss
from ...numerics.nas import DARTS_OPS, darts_toy_trajectory
from ...numerics.neural_ode import convergence_errors, odeint_fixed, spiral_matrix, spiral_solution
from ..catalogue import Figure
from ..style import Palette, mark_point

# --- NAS -------------------------------------------------------------------------------------------------

DARTS_GAINS = (0.0, 0.45, 0.1, 0.15, 0.9, 0.8, 0.6, 0.35)  # toy payoff of each operation


def draw_darts_softmax(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    steps = 150
    traj = darts_toy_trajectory(DARTS_GAINS, steps=steps, lr=1.0)
    x = np.arange(steps + 1)
    colors = [pal.muted, pal.c1, pal.series[5], pal.series[5], pal.c0, pal.c2, pal.c3, pal.series[4]]
    styles = ["-", "-", "--", ":", "-", "-", "-", "--"]
    for o, (name, color, ls) in enumerate(zip(DARTS_OPS, colors, styles)):
        ax.plot(x, traj[:, o], color=color, linestyle=ls, linewidth=1.5, label=name, zorder=3)
    mark_point(ax, pal, 0, 1 / 8, r"uniform start $1/\vert\mathcal{O}\vert = 1/8$", offset=(4, 22))
    best = int(np.argmax(traj[-1]))
    mark_point(ax, pal, steps, traj[-1, best], f"argmax: {DARTS_OPS[best]}", color=pal.c0, offset=(-92, -14))
    ax.set_xlim(0, steps)
    ax.set_ylim(0, 1)
    ax.set_xlabel(r"architecture step (gradient ascent on $\alpha$)")
    ax.set_ylabel(r"softmax weight $p_o$")
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=7, handlelength=1.8)


# --- Memory-augmented networks ---------------------------------------------------------------------------

N_SLOTS = 10


def ntm_demo() -> dict[str, np.ndarray]:
    """A key that matches slot 6 best and slot 2 second; previous focus on slot 3; shift +1 likely."""
    rng = np.random.default_rng(4)
    M = rng.normal(size=(N_SLOTS, 6))
    k = M[6] + 0.3 * rng.normal(size=6)
    M[2] = 0.7 * k + 0.7 * rng.normal(size=6)
    s = shift_kernel([0.1, 0.1, 0.8], [-1, 0, 1], N_SLOTS)
    return address(k, M, beta=5.0, g=0.7, s=s, gamma=3.0, w_prev=np.eye(N_SLOTS)[3])


def draw_ntm_addressing(fig: MplFigure, pal: Palette) -> None:
    axes = fig.subplots(1, 4, sharey=True)
    stages = ntm_demo()
    titles = (r"1. content, $\beta = 5$", r"2. interpolate, $g = 0.7$", r"3. shift, $P(+1) = 0.8$",
              r"4. sharpen, $\gamma = 3$")
    colors = (pal.c0, pal.c1, pal.c2, pal.c3)
    slots = np.arange(N_SLOTS)
    for ax, (name, w), title, color in zip(axes, stages.items(), titles, colors):
        ax.bar(slots, w, color=color, width=0.75, zorder=3)
        ax.set_title(title, fontsize=8.5)
        ax.set_xticks(slots[::3])
        ax.set_xlabel("memory slot $i$")
        ax.set_ylim(0, 1)
        i = int(np.argmax(w))
        ax.annotate(f"{w[i]:.2f}", (i, w[i]), xytext=(0, 3), textcoords="offset points", ha="center",
                    fontsize=7, color=pal.fg)
    axes[1].annotate(r"from $\mathbf{w}_{t-1}$", (3, stages["interpolated"][3]), xytext=(-8, 22),
                     textcoords="offset points", fontsize=7, color=pal.muted, ha="center",
                     arrowprops=dict(arrowstyle="-", color=pal.muted, lw=0.7))
    axes[0].set_ylabel("weight $w_t(i)$")


# --- Neural ODEs -----------------------------------------------------------------------------------------

def draw_ode_solvers(fig: MplFigure, pal: Palette) -> None:
    left, right = fig.subplots(1, 2)
    A = spiral_matrix(0.1, 2.0)
    h0, t1 = np.array([1.0, 0.0]), 5.0
    t = np.linspace(0, t1, 400)
    exact = np.array([spiral_solution(h0, ti) for ti in t])
    left.plot(exact[:, 0], exact[:, 1], color=pal.c0, label="exact", zorder=3)
    eu = odeint_fixed(lambda h, _t: A @ h, h0, 0.0, t1, 60, "euler")
    left.plot(eu[:, 0], eu[:, 1], ".-", color=pal.c1, markersize=3, linewidth=1.0, label="Euler, 60 steps",
              zorder=3)
    rk = odeint_fixed(lambda h, _t: A @ h, h0, 0.0, t1, 10, "rk4")
    left.plot(rk[:, 0], rk[:, 1], "s", color=pal.c2, markersize=3.5, label="RK4, 10 steps", zorder=4)
    mark_point(left, pal, 1.0, 0.0, "$\\mathbf{h}(0)$", offset=(4, 4))
    left.set_aspect("equal")
    left.set_xlim(-1.6, 1.6)
    left.set_ylim(-1.6, 1.6)
    left.set_xlabel("$h_1$")
    left.set_ylabel("$h_2$")
    left.set_title(r"spiral $d\mathbf{h}/dt = \mathbf{A}\mathbf{h}$, $t \in [0, 5]$")
    left.legend(loc="lower left", fontsize=6.5, borderaxespad=0.1)

    n_eu = 2 ** np.arange(4, 13)
    n_rk = 2 ** np.arange(3, 10)
    e_eu = convergence_errors("euler", n_eu)
    e_rk = convergence_errors("rk4", n_rk)
    right.loglog(n_eu, e_eu, "o-", color=pal.c1, markersize=3, label="Euler (1 NFE/step)", zorder=3)
    right.loglog(n_rk, e_rk, "s-", color=pal.c2, markersize=3, label="RK4 (4 NFE/step)", zorder=3)
    for n, e, p, off in ((n_eu, e_eu, 1, (-10, 8)), (n_rk, e_rk, 4, (-40, -18))):
        ref = e[-1] * (n[-1] / n) ** p  # reference slope through the last point
        right.loglog(n, ref, color=pal.muted, linestyle=(0, (3, 2)), linewidth=0.9, zorder=2)
        right.annotate(f"slope $-{p}$", (n[-3], ref[-3]), xytext=off, textcoords="offset points", fontsize=7.5,
                       color=pal.muted)
    right.set_xlabel("number of steps $N$")
    right.set_ylabel(r"error $\Vert\mathbf{h}_N - \mathbf{h}(5)\Vert$")
    right.set_title("global error: Euler $O(\\Delta t)$, RK4 $O(\\Delta t^4)$")
    right.set_ylim(1e-11, 1e2)
    right.legend(loc="lower left", fontsize=7)


# --- Multimodal ------------------------------------------------------------------------------------------

def clip_toy_batch(b: int = 8, d: int = 32, noise: float = 2.5, seed: int = 2) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    img = rng.normal(size=(b, d))
    return img, img + noise * rng.normal(size=(b, d))


def draw_clip_similarity(fig: MplFigure, pal: Palette) -> None:
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.0, 1.25]})
    img, txt = clip_toy_batch()
    S = clip_logits(img, txt, log_scale=0.0)  # plain cosine similarities
    b = S.shape[0]
    cmap = LinearSegmentedColormap.from_list("pal", [pal.bg, pal.c0])
    mesh = left.pcolormesh(np.arange(b + 1) - 0.5, np.arange(b + 1) - 0.5, S, cmap=cmap, vmin=-0.4, vmax=0.8)
    for i in range(b):
        left.add_patch(Rectangle((i - 0.5, i - 0.5), 1, 1, fill=False, edgecolor=pal.c1, linewidth=1.2))
        left.text(i, i, f"{S[i, i]:.2f}", ha="center", va="center", fontsize=5.5,
                  color=pal.bg if S[i, i] > 0.3 else pal.fg)
    left.set_xlim(-0.5, b - 0.5)
    left.set_ylim(b - 0.5, -0.5)
    left.set_aspect("equal")
    left.grid(False)
    left.set_xlabel("text $j$")
    left.set_ylabel("image $i$")
    left.set_title(r"cosine $\hat{\mathbf{i}}_i^\top\hat{\mathbf{t}}_j$, targets outlined")
    cb = fig.colorbar(mesh, ax=left, shrink=0.8, pad=0.02)
    cb.ax.tick_params(labelsize=7)
    cb.outline.set_edgecolor(pal.muted)

    scales = np.geomspace(1.0, 300.0, 300)
    loss = [clip_loss(img, txt, np.log(s)) for s in scales]
    right.semilogx(scales, loss, color=pal.c0, zorder=3)
    right.axvline(LOGIT_SCALE_MAX, color=pal.muted, linestyle=(0, (4, 3)), linewidth=0.9)
    right.annotate("clamp 100", (LOGIT_SCALE_MAX, max(loss)), xytext=(-44, -4), textcoords="offset points",
                   fontsize=7.5, color=pal.muted)
    s0 = 1 / 0.07
    mark_point(right, pal, s0, clip_loss(img, txt, np.log(s0)), r"init $1/\tau = 1/0.07$", color=pal.c1,
               offset=(-62, 12))
    right.axhline(np.log(b), color=pal.muted, linewidth=0.7, linestyle=":")
    right.annotate(rf"chance: $\log B = {np.log(b):.2f}$", (1.1, np.log(b)), xytext=(0, -11),
                   textcoords="offset points", fontsize=7.5, color=pal.muted)
    i_min = int(np.argmin(loss))
    mark_point(right, pal, scales[i_min], loss[i_min], f"minimum at {scales[i_min]:.0f}", color=pal.c0,
               offset=(8, -4))
    right.set_xlim(1.0, 300.0)
    right.set_xlabel(r"logit scale $e^{s} = 1/\tau$")
    right.set_ylabel("symmetric CLIP loss")
    right.set_title("same batch: loss against the temperature")


FIGURES = [
    Figure(
        name="nas-darts-softmax",
        draw=draw_darts_softmax,
        caption=(
            "DARTS on one edge with a toy validation payoff per operation: gradient steps on the logits "
            "alpha move the softmax weights from uniform (1/8) toward the best operation, which the final "
            "argmax (zero op excluded) keeps."
        ),
        alt=(
            "Eight curves of softmax weight against architecture step, all starting at 0.125. The weight of "
            "sep_conv_3x3 passes 0.8 by step 40 and ends near 0.97, sep_conv_5x5 rises then falls, and the other six, "
            "including none, the pools and skip_connect, decay toward zero."
        ),
        size=(6.6, 2.8),
    ),
    Figure(
        name="mann-ntm-addressing",
        draw=draw_ntm_addressing,
        caption=(
            "The four stages of Neural Turing Machine addressing over 10 memory slots: content similarity "
            "(peak at slot 6), interpolation with the previous focus on slot 3, a circular shift by +1 with "
            "probability 0.8, and sharpening with gamma = 3."
        ),
        alt=(
            "Four bar charts of weights over memory slots 0 to 9. The content weights peak at 0.76 on slot 6 with "
            "small bumps elsewhere. After interpolation with gate 0.7, 30 percent of the mass moves to slot 3, "
            "the previous focus. The shift moves every bar one slot to the right and blurs it, so the peaks "
            "sit at 7 and 4. Sharpening with gamma 3 makes slot 7 dominant at 0.80."
        ),
        size=(7.0, 2.4),
    ),
    Figure(
        name="ode-solvers",
        draw=draw_ode_solvers,
        caption=(
            "Left: the damped spiral dh/dt = Ah solved by Euler with 60 steps (spirals outward, unstable) "
            "and by RK4 with 10 steps (on the exact curve). Right: global error at t = 5 against the number "
            "of steps; the slopes -1 and -4 are the orders of the two methods."
        ),
        alt=(
            "Left panel: an exact inward spiral from the point (1, 0); Euler with 60 steps drifts outward "
            "to a larger spiral while the RK4 points at 10 steps lie on the exact curve. Right panel: "
            "log-log plot of error against steps from 8 to 4096; the Euler line falls with slope about -1 "
            "from 9 to 0.007, the RK4 line falls with slope -4 from 0.1 to 1e-8, each next to a dashed "
            "reference slope."
        ),
        size=(7.0, 3.0),
    ),
    Figure(
        name="multimodal-clip-similarity",
        draw=draw_clip_similarity,
        caption=(
            "Left: cosine similarities of 8 image and 8 text embeddings of a hard toy batch; the matching pairs "
            "(outlined diagonal) are the targets of both softmax directions of the CLIP loss. Right: the loss of "
            "the same batch against the logit scale 1/tau; CLIP starts at 1/0.07 and clamps the scale at 100."
        ),
        alt=(
            "Left: an 8 by 8 heat map; the outlined diagonal cells hold similarities from 0.10 to 0.60, and "
            "several off-diagonal cells are as dark, so some pairs are hard. Right: the symmetric loss falls "
            "from 1.73 at scale 1 (below the chance level log 8 = 2.08) to a minimum of about 0.31 near "
            "scale 20, just past the initial scale 14.3, then rises as the hard pairs are punished harder, "
            "and stays flat at 0.79 beyond the dashed clamp line at 100."
        ),
        size=(7.0, 3.0),
    ),
]
