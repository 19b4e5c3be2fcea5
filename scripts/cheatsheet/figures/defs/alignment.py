"""Figures of the scaling and alignment page: Chinchilla iso-FLOP curves and the compute-optimal
allocation, the DPO loss against the reward margin, and the training lifecycle of an LLM."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure as MplFigure
from matplotlib.patches import FancyBboxPatch

from ...numerics import alignment as al
from ...numerics import scaling as sc
from ..catalogue import Figure
from ..style import Palette, mark_point


def draw_isoflop(fig: MplFigure, pal: Palette) -> None:
    left, right = fig.subplots(1, 2)
    budgets = (1e19, 1e20, 1e21, 1e22, 1e23, 1e24)
    for C, color in zip(budgets, list(pal.series) + [pal.fg]):
        N = np.geomspace(1e7, 1e12, 300)
        loss = sc.chinchilla_loss(N, C / (6 * N))
        keep = C / (6 * N) > 1e8
        left.plot(N[keep], loss[keep], color=color, linewidth=1.3, label=f"C = {C:.0e}", zorder=3)
        n_opt, _ = sc.chinchilla_optimal(C)
        left.plot([n_opt], [sc.chinchilla_loss(n_opt, C / (6 * n_opt))], "o", color=color, markersize=4, zorder=4)
    left.set_xscale("log")
    left.set_ylim(1.9, 4.0)
    left.set_xlabel("parameters N")
    left.set_ylabel("fitted loss L(N, C / 6N) (nats)")
    left.set_title("iso-FLOP curves (Chinchilla fit), dots = optimum")
    left.legend(loc="upper right", fontsize=6.5, ncol=2)

    C = np.geomspace(1e18, 1e26, 60)
    n_opt, d_opt = sc.chinchilla_optimal(C)
    right.plot(C, n_opt, color=pal.c0, linewidth=1.5, label=r"$N_{opt}$ (fit, Approach 3)", zorder=3)
    right.plot(C, d_opt, color=pal.c1, linewidth=1.5, label=r"$D_{opt}$ (fit, Approach 3)", zorder=3)
    right.plot(C, np.sqrt(C / 120), color=pal.c0, linestyle=(0, (4, 2)), linewidth=1.0,
               label="N at 20 tokens / parameter", zorder=2)
    right.plot(C, 20 * np.sqrt(C / 120), color=pal.c1, linestyle=(0, (4, 2)), linewidth=1.0,
               label="D = 20 N", zorder=2)
    mark_point(right, pal, 5.76e23, 70e9, "Chinchilla 70B", color=pal.c0, offset=(-70, 8))
    mark_point(right, pal, 5.76e23, 1.4e12, "1.4T tokens", color=pal.c1, offset=(-62, 6))
    right.set_xscale("log")
    right.set_yscale("log")
    right.set_xlabel("training compute C (FLOPs)")
    right.set_ylabel("parameters / tokens")
    right.set_title("compute-optimal allocation, C = 6ND")
    right.legend(loc="upper left", fontsize=6.5)


def draw_dpo_loss(fig: MplFigure, pal: Palette) -> None:
    left, right = fig.subplots(1, 2)
    h = np.linspace(-6, 6, 400)
    left.plot(h, al.dpo_loss_from_margin(h, beta=1.0), color=pal.c0, linewidth=1.6,
              label=r"DPO / Bradley-Terry $-\log\sigma(u)$", zorder=3)
    left.plot(h, al.dpo_gradient_weight(h, beta=1.0), color=pal.c1, linestyle=(0, (4, 2)), linewidth=1.3,
              label=r"gradient weight $\sigma(-u)$", zorder=3)
    mark_point(left, pal, 0.0, np.log(2), "log 2 at u = 0", offset=(6, 6))
    left.set_ylim(0, 6.5)
    left.set_xlabel(r"margin $u = \hat r_w - \hat r_l$")
    left.set_ylabel("loss")
    left.set_title("loss and gradient weight vs the margin")
    left.legend(loc="upper right", fontsize=6.5)

    logratio = np.linspace(-40, 40, 400)  # log pi/pi_ref of y_w minus that of y_l
    for beta, color in ((0.05, pal.c0), (0.1, pal.c1), (0.5, pal.c2)):
        right.plot(logratio, al.dpo_loss_from_margin(logratio, beta=beta), color=color, linewidth=1.4,
                   label=rf"$\beta$ = {beta}", zorder=3)
    right.set_xlabel(r"log-ratio difference $h$ (nats)")
    right.set_ylabel(r"DPO loss $-\log\sigma(\beta h)$")
    right.set_title(r"larger $\beta$: a smaller log-ratio suffices")
    right.legend(loc="upper right", fontsize=7)


def _box(ax, pal: Palette, x: float, y: float, w: float, h: float, title: str, body: str, color: str) -> None:
    ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0.02,rounding_size=0.04",
                                facecolor=pal.bg, edgecolor=color, linewidth=1.6, zorder=2))
    ax.text(x + w / 2, y + h - 0.09, title, ha="center", va="top", fontsize=8.5, color=pal.fg,
            fontweight="bold", zorder=3)
    ax.text(x + w / 2, y + h - 0.25, body, ha="center", va="top", fontsize=7.2, color=pal.fg,
            linespacing=1.35, zorder=3)


def draw_lifecycle(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    ax.set_xlim(0, 4.16)
    ax.set_ylim(-0.05, 0.84)
    ax.axis("off")
    stages = (
        ("1. Pretraining", "next-token loss\ntrillions of web, code\nand book tokens\nmost of the compute", pal.c0),
        ("2. SFT", "instruction tuning\n10k-1M prompt-answer\npairs, same loss on\nthe answer tokens", pal.c1),
        ("3. Preference tuning", "RLHF (reward model\n+ PPO), DPO, or\nGRPO / RLVR on\nverifiable rewards", pal.c2),
        ("4. Deployment", "chat / reasoning model\ntest-time compute:\nsampling, long chains\nof thought", pal.c3),
    )
    w, h, gap = 0.9, 0.66, 0.16
    for i, (title, body, color) in enumerate(stages):
        x = 0.04 + i * (w + gap)
        _box(ax, pal, x, 0.12, w, h, title, body, color)
        if i < len(stages) - 1:
            ax.annotate("", xy=(x + w + gap - 0.02, 0.45), xytext=(x + w + 0.03, 0.45),
                        arrowprops=dict(arrowstyle="-|>", color=pal.fg, lw=1.1, mutation_scale=9))
    ax.text(0.04 + 0.5 * w, 0.02, "base model", ha="center", fontsize=7, color=pal.muted)
    ax.text(0.04 + 1.5 * w + gap, 0.02, "instruct model", ha="center", fontsize=7, color=pal.muted)
    ax.text(0.04 + 2.5 * w + 2 * gap, 0.02, "aligned model", ha="center", fontsize=7, color=pal.muted)


FIGURES = [
    Figure(
        name="scaling-isoflop",
        draw=draw_isoflop,
        caption=(
            "Chinchilla's fitted loss L(N, D) = E + A/N^alpha + B/D^beta along iso-FLOP lines D = C/(6N): each "
            "budget has a best model size (dots). Right: the closed-form optimum of the fit against compute, "
            "next to the 20-tokens-per-parameter rule that the paper's other two approaches and Chinchilla itself follow."
        ),
        alt=(
            "Left: six U-shaped curves of fitted loss against parameters on a log axis, one per compute budget from "
            "1e19 to 1e24 FLOPs; larger budgets sit lower and their minima move to larger models. Right: log-log "
            "straight lines of optimal parameters and tokens against compute; the fitted optimum gives somewhat fewer "
            "parameters and more tokens than the dashed 20-tokens-per-parameter lines, which pass through Chinchilla's "
            "70B parameters and 1.4T tokens."
        ),
        size=(6.8, 3.0),
    ),
    Figure(
        name="alignment-dpo-loss",
        draw=draw_dpo_loss,
        caption=(
            "Left: the Bradley-Terry / DPO loss is the logistic loss of the reward margin; its gradient weight "
            "sigma(-u) is largest on pairs the model still orders wrongly and never reaches zero, so the margin keeps "
            "growing. Right: the DPO loss against the log-ratio difference for three beta values."
        ),
        alt=(
            "Left: a decreasing softplus curve through log 2 at margin 0 and a dashed sigmoid falling from 1 to 0 "
            "against the margin from -6 to 6. Right: three decreasing softplus curves against "
            "the log-ratio difference from -40 to 40; beta 0.5 is the steepest, beta 0.05 the flattest."
        ),
        size=(6.8, 3.0),
    ),
    Figure(
        name="llm-lifecycle",
        draw=draw_lifecycle,
        caption=(
            "The LLM lifecycle: a base model from next-token pretraining, supervised fine-tuning on instructions, "
            "preference tuning (RLHF, DPO, GRPO with verifiable rewards), then deployment, where test-time "
            "compute can be scaled as well."
        ),
        alt=(
            "Four rounded boxes left to right joined by arrows: pretraining (next-token loss on trillions of tokens, "
            "most of the compute), SFT (instruction pairs), preference tuning (RLHF with a reward model and PPO, DPO, "
            "or GRPO with verifiable rewards) and deployment (sampling, long chains of thought); below them the labels "
            "base model, instruct model and aligned model."
        ),
        size=(6.8, 2.1),
    ),
]
