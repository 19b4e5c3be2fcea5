"""Figures of the learning-rate schedules page: one per schedule (lr against step) and an overview grid."""

from __future__ import annotations

import math

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure as MplFigure

from ...numerics.schedules import SCHEDULES, restart_steps
from ..catalogue import Figure
from ..style import Palette, asymptote, mark_point

STEPWISE = {"constant", "step", "multistep", "plateau"}  # piecewise-constant: drawn as steps


def _steps(name: str, n: int | None = None) -> np.ndarray:
    s = SCHEDULES[name]
    n = s.steps if n is None else n
    if n <= 800:
        return np.arange(n)
    return np.unique(np.linspace(0, n - 1, 800).astype(int))


def _curve(ax: Axes, pal: Palette, name: str, *, params: dict | None = None, n: int | None = None,
           color: str | None = None, label: str | None = None, **kw) -> tuple[np.ndarray, np.ndarray]:
    s = SCHEDULES[name]
    t = _steps(name, n)
    lr = s.lr(t, **(params if params is not None else s.params))
    ax.plot(t, lr, color=color or pal.c0, label=label, zorder=3,
            drawstyle="steps-post" if name in STEPWISE else "default", **kw)
    return t, lr


def _axes(ax: Axes, t: np.ndarray, *, ylabel: str = r"learning rate $\eta_t$", bottom: float | None = 0.0) -> None:
    ax.set_xlim(0, t[-1])
    if bottom is not None:
        ax.set_ylim(bottom=bottom)
    ax.set_xlabel("step $t$ (scheduler.step() calls)")
    ax.set_ylabel(ylabel)


def _vline(ax: Axes, pal: Palette, x: float) -> None:
    ax.axvline(x, color=pal.muted, linestyle=(0, (2, 2)), linewidth=0.8, zorder=1)


def draw_constant(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    p = SCHEDULES["constant"].params
    t, _ = _curve(ax, pal, "constant", params={"eta0": p["eta0"]}, color=pal.muted, label="no scheduler",
                  linestyle=(0, (4, 3)))
    _curve(ax, pal, "constant", label=f"ConstantLR(factor=1/3, total_iters={p['total_iters']})")
    mark_point(ax, pal, p["total_iters"], p["eta0"], r"$t = T$: back to $\eta_0$", offset=(6, -14))
    mark_point(ax, pal, 0, p["eta0"] * p["factor"], r"$\alpha\eta_0$", offset=(6, 4))
    _axes(ax, t)
    ax.set_ylim(0, 0.12)
    ax.legend(loc="lower right")


def draw_step(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    p = SCHEDULES["step"].params
    t, _ = _curve(ax, pal, "step")
    for k in range(1, 4):
        x = k * p["step_size"]
        mark_point(ax, pal, x, p["eta0"] * p["gamma"] ** k, f"$t = {x}$", offset=(4, 4))
    ax.set_yscale("log")
    _axes(ax, t, bottom=None)


def draw_multistep(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    p = SCHEDULES["multistep"].params
    t, _ = _curve(ax, pal, "multistep")
    for k, m in enumerate(p["milestones"], start=1):
        mark_point(ax, pal, m, p["eta0"] * p["gamma"] ** k, f"milestone {m}", offset=(4, 4))
    ax.set_yscale("log")
    _axes(ax, t, bottom=None)


def draw_exponential(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    p = SCHEDULES["exponential"].params
    t, _ = _curve(ax, pal, "exponential", label=rf"$\gamma = {p['gamma']}$")
    _curve(ax, pal, "exponential", params={**p, "gamma": 0.99}, color=pal.c1, label=r"$\gamma = 0.99$")
    half = math.log(0.5) / math.log(p["gamma"])
    mark_point(ax, pal, half, p["eta0"] / 2, f"half-life {half:.1f} steps", offset=(6, 4))
    asymptote(ax, pal, 0.0)
    _axes(ax, t)
    ax.legend(loc="upper right")


def draw_polynomial(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    p = SCHEDULES["polynomial"].params
    for power, shade in ((0.5, pal.c2), (1.0, pal.c1), (p["power"], pal.c0)):
        t, _ = _curve(ax, pal, "polynomial", params={**p, "power": power}, color=shade, label=f"$p = {power:g}$")
    mark_point(ax, pal, p["total_iters"], 0.0, r"$t = T$: $\eta = 0$", offset=(4, 8))
    _axes(ax, t)
    ax.legend(loc="upper right")


def draw_cosine(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    p = SCHEDULES["cosine"].params
    T = p["T_max"]
    t, _ = _curve(ax, pal, "cosine", label=rf"$T_{{\max}} = {T}$")
    _curve(ax, pal, "cosine", n=int(1.3 * T), color=pal.muted, linestyle=(0, (4, 3)),
           label=r"past $T_{\max}$ it rises again")
    mid = float(SCHEDULES["cosine"].lr(np.array([T // 2]), **p)[0])
    mark_point(ax, pal, T // 2, mid, r"$t = T_{\max}/2$: steepest", offset=(6, 4))
    mark_point(ax, pal, T, p["eta_min"], r"minimum $\eta_{\min}$", offset=(-30, 8))
    asymptote(ax, pal, p["eta_min"])
    ax.set_xlim(0, int(1.3 * T) - 1)
    ax.set_ylim(bottom=0)
    ax.set_xlabel("step $t$ (scheduler.step() calls)")
    ax.set_ylabel(r"learning rate $\eta_t$")
    ax.legend(loc="upper right")


def draw_cosine_restarts(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    p = SCHEDULES["cosine-restarts"].params
    s = SCHEDULES["cosine-restarts"]
    _curve(ax, pal, "cosine-restarts", params={**p, "T_mult": 1}, color=pal.c1, linewidth=1.0,
           label=rf"$T_0 = {p['T_0']}$, $T_{{\mathrm{{mult}}}} = 1$")
    t, lr = _curve(ax, pal, "cosine-restarts", label=rf"$T_0 = {p['T_0']}$, $T_{{\mathrm{{mult}}}} = {p['T_mult']}$")
    for r in restart_steps(T_0=p["T_0"], T_mult=p["T_mult"], until=s.steps - 1):
        _vline(ax, pal, r)
        mark_point(ax, pal, r, p["eta0"], f"restart {r}", offset=(3, 3))
        mark_point(ax, pal, r - 1, float(lr[r - 1]), "", color=pal.c0)
    _axes(ax, t)
    ax.set_ylim(0, 0.14)
    ax.legend(loc="upper right", ncols=2)


def draw_warmup_cosine(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    p = SCHEDULES["warmup-cosine"].params
    t, lr = _curve(ax, pal, "warmup-cosine")
    _vline(ax, pal, p["warmup"])
    mark_point(ax, pal, 0, float(lr[0]), r"$\alpha\eta_0$", offset=(4, 4))
    mark_point(ax, pal, p["warmup"], p["eta0"], rf"warmup ends, $t = W = {p['warmup']}$: $\eta_0$", offset=(6, 3))
    mark_point(ax, pal, t[-1], float(lr[-1]), rf"$t = {t[-1]}$", offset=(-30, 8))
    _axes(ax, t)
    ax.set_ylim(0, 0.115)


def draw_linear_warmup_decay(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    p = SCHEDULES["linear-warmup-decay"].params
    t, lr = _curve(ax, pal, "linear-warmup-decay", label="linear decay (transformers)")
    _curve(ax, pal, "warmup-cosine", params={"eta0": p["eta0"], "warmup": p["warmup"], "total": p["total"],
                                              "start_factor": 0.01}, color=pal.muted, linestyle=(0, (3, 2)),
           label="warmup + cosine, for comparison")
    _vline(ax, pal, p["warmup"])
    mark_point(ax, pal, 0, 0.0, r"$\eta_t = 0$ at $t = 0$", offset=(6, 4))
    mark_point(ax, pal, p["warmup"], p["eta0"], rf"peak at $t = W = {p['warmup']}$", offset=(6, 3))
    mark_point(ax, pal, t[-1], float(lr[-1]), rf"$t = {t[-1]}$: $\eta_0/(T - W)$", offset=(-80, 10))
    _axes(ax, t)
    ax.set_ylim(0, 0.115)
    ax.legend(loc="upper right")


def draw_wsd(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    p = SCHEDULES["wsd"].params
    t, lr = _curve(ax, pal, "wsd", label="linear decay to 0 over $D = 20$")
    exp = {k: v for k, v in p.items() if k not in ("end_factor",)} | {"half_life": 5.0}
    _curve(ax, pal, "wsd", params=exp, color=pal.c1, linestyle=(0, (4, 2)),
           label="MiniCPM: exponential, half-life 5 steps")
    for x in (p["warmup"], p["warmup"] + p["stable"]):
        _vline(ax, pal, x)
    mark_point(ax, pal, p["warmup"], p["eta0"], rf"$t = W = {p['warmup']}$", offset=(4, 4))
    mark_point(ax, pal, p["warmup"] + p["stable"], p["eta0"], rf"decay starts, $t = W + S = {p['warmup'] + p['stable']}$",
               offset=(-150, 4))
    _axes(ax, t)
    ax.set_ylim(0, 0.125)
    ax.legend(loc="lower left")


def draw_one_cycle(fig: MplFigure, pal: Palette) -> None:
    ax, axm = fig.subplots(1, 2)
    s = SCHEDULES["one-cycle"]
    p = s.params
    t, lr = _curve(ax, pal, "one-cycle")
    _curve(ax, pal, "one-cycle", params={**p, "three_phase": True}, color=pal.c1, linewidth=1.2)
    ax.annotate("two-phase (default)", (150, 0.035), fontsize=7.5, color=pal.c0)
    ax.annotate("three_phase=True", (100, 0.02), fontsize=7.5, color=pal.c1, ha="right")
    peak = 0.3 * p["total_steps"] - 1
    mark_point(ax, pal, peak, p["max_lr"], rf"peak $\eta_{{\max}}$ at $t = {peak:g}$", offset=(6, -4))
    mark_point(ax, pal, 0, float(lr[0]), r"$\eta_{\max}/25$", offset=(4, 6))
    mark_point(ax, pal, t[-1], float(lr[-1]), r"$\eta_{\max}/(25 \cdot 10^4)$", offset=(-70, 10))
    _axes(ax, t)
    ax.set_ylim(0, 0.115)
    m = s.momentum(t, **p)
    axm.plot(t, m, color=pal.c2, zorder=3)
    mark_point(axm, pal, peak, 0.85, "0.85 at the lr peak", offset=(6, 2))
    _axes(axm, t, ylabel=r"momentum $\beta_t$", bottom=None)
    axm.set_ylim(0.83, 0.96)


def draw_inverse_sqrt(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    p = SCHEDULES["inverse-sqrt"].params
    t, _ = _curve(ax, pal, "inverse-sqrt", label=rf"$d_{{\mathrm{{model}}}} = {p['d_model']}$, $W = {p['warmup']}$")
    w = p["warmup"]
    peak = p["d_model"] ** -0.5 * w ** -0.5
    mark_point(ax, pal, w - 1, peak, rf"peak at $t + 1 = W$: $\eta = {peak:.2e}$", offset=(6, 2))
    ax.ticklabel_format(axis="y", style="sci", scilimits=(0, 0))
    _axes(ax, t)
    ax.legend(loc="upper right")


def draw_cyclic(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    p = SCHEDULES["cyclic"].params
    t, _ = _curve(ax, pal, "cyclic", label="triangular")
    _curve(ax, pal, "cyclic", params={**p, "mode": "triangular2"}, color=pal.c1, label="triangular2")
    _curve(ax, pal, "cyclic", params={**p, "mode": "exp_range", "gamma": 0.99}, color=pal.c2,
           label=r"exp_range, $\gamma = 0.99$")
    up = p["step_size_up"]
    mark_point(ax, pal, up, p["max_lr"], rf"$t = s_{{\mathrm{{up}}}} = {up}$: $\eta_{{\max}}$", offset=(4, 3))
    mark_point(ax, pal, 2 * up, p["base_lr"], r"$t = 2s$: $\eta_{\mathrm{base}}$, cycle 2 starts", offset=(4, -12))
    asymptote(ax, pal, p["base_lr"])
    _axes(ax, t)
    ax.set_ylim(0, 0.125)
    ax.legend(loc="upper right", ncols=3)


def draw_plateau(fig: MplFigure, pal: Palette) -> None:
    ax_m, ax = fig.subplots(2, 1, sharex=True)
    s = SCHEDULES["plateau"]
    p = s.params
    n = s.steps
    t = np.arange(n + 1)
    lr = s.lr(t, **p)
    metrics = np.asarray(p["metrics"][:n])
    ax_m.plot(np.arange(1, n + 1), metrics, color=pal.c1, zorder=3)
    ax_m.set_ylabel("validation loss")
    ax.plot(t, lr, color=pal.c0, drawstyle="steps-post", zorder=3)
    for k in np.nonzero(np.diff(lr))[0] + 1:
        _vline(ax, pal, k)
        _vline(ax_m, pal, k)
        mark_point(ax, pal, k, float(lr[k]), f"cut at {k}", offset=(3, 3))
    ax.set_yscale("log")
    ax.set_xlim(0, n)
    ax.set_xlabel("epoch $t$ (scheduler.step(val_loss) calls)")
    ax.set_ylabel(r"$\eta_t$")


OVERVIEW = ("constant", "step", "multistep", "exponential", "polynomial", "cosine", "cosine-restarts",
            "warmup-cosine", "one-cycle", "inverse-sqrt", "cyclic", "plateau")


def draw_overview(fig: MplFigure, pal: Palette) -> None:
    axes = fig.subplots(3, 4, sharey=True).ravel()
    for ax, name in zip(axes, OVERVIEW, strict=True):
        s = SCHEDULES[name]
        t = _steps(name)
        lr = s.lr(t, **s.params)
        ax.plot(t, lr / lr.max(), color=pal.c0, drawstyle="steps-post" if name in STEPWISE else "default")
        ax.set_title(s.title, fontsize=8)
        ax.set_xlim(0, t[-1])
        ax.set_ylim(0, 1.08)
        ax.tick_params(labelsize=6.5)
        i = int(np.argmax(lr))
        mark_point(ax, pal, float(t[i]), 1.0, "", color=pal.c1)
    for ax in axes[8:]:
        ax.set_xlabel("step $t$", fontsize=7.5)
    for ax in axes[::4]:
        ax.set_ylabel(r"$\eta_t / \max \eta$", fontsize=7.5)


FIGURES = [
    Figure("schedule-constant", draw_constant, size=(6.4, 2.5),
           caption="A constant rate, and PyTorch's ConstantLR: the rate times a factor for the first T steps, then the rate itself.",
           alt="Two horizontal lines at 0.1. The ConstantLR line starts at 0.033 (one third) for steps 0 to 4 and jumps to 0.1 at step 5, marked; the no-scheduler line stays at 0.1 throughout."),
    Figure("schedule-step", draw_step, size=(6.4, 2.5),
           caption="StepLR with step size 30 and gamma 0.1 on a log scale: the rate drops tenfold at steps 30, 60 and 90.",
           alt="A staircase on a logarithmic axis: 0.1 up to step 29, then 0.01, 0.001 and 0.0001, with the drops marked at steps 30, 60 and 90."),
    Figure("schedule-multistep", draw_multistep, size=(6.4, 2.5),
           caption="MultiStepLR with milestones 30 and 80: the rate drops by gamma exactly at each milestone.",
           alt="A staircase on a logarithmic axis with uneven stairs: 0.1 until step 29, 0.01 from step 30, 0.001 from step 80; both drops marked."),
    Figure("schedule-exponential", draw_exponential, size=(6.4, 2.5),
           caption="ExponentialLR multiplies the rate by gamma every step; the half-life is ln 0.5 / ln gamma steps.",
           alt="Two decaying curves from 0.1 over 100 steps: gamma 0.95 falls quickly, with its half-life of 13.5 steps marked at 0.05, and is near zero by step 100; gamma 0.99 falls slowly to about 0.037."),
    Figure("schedule-polynomial", draw_polynomial, size=(6.4, 2.5),
           caption="PolynomialLR reaches exactly zero at total_iters and stays there; the power sets how early the rate falls.",
           alt="Three curves from 0.1 to 0 at step 80: power 0.5 stays high and drops steeply at the end, power 1 is a straight line, power 2 falls fast at first and flattens; all are zero after step 80, marked."),
    Figure("schedule-cosine", draw_cosine, size=(6.4, 2.6),
           caption="CosineAnnealingLR: a half cosine from the initial rate to eta_min over T_max steps; stepped past T_max it climbs back up.",
           alt="A half cosine from 0.1 at step 0 down to 0.001 at step 100, with the steepest point marked at step 50 and the minimum marked at step 100; a dashed continuation after step 100 rises again."),
    Figure("schedule-cosine-restarts", draw_cosine_restarts, size=(6.4, 2.6),
           caption="CosineAnnealingWarmRestarts (SGDR): cosine decays that restart at the initial rate; with T_mult = 2 each cycle is twice as long.",
           alt="A saw-tooth of cosine arcs over 150 steps. The main curve restarts at steps 10, 30 and 70 (dotted vertical lines, marked), each arc twice as long as the previous; a thinner curve with T_mult 1 restarts every 10 steps. Each arc reaches just above 0.001 the step before its restart."),
    Figure("schedule-warmup-cosine", draw_warmup_cosine, size=(6.4, 2.5),
           caption="Linear warmup then cosine decay (SequentialLR of LinearLR and CosineAnnealingLR): the rate climbs for W steps, then anneals.",
           alt="The rate rises in a straight line from 0.001 at step 0 to nearly 0.1 at step 9, reaches 0.1 exactly at step 10 (marked, dotted vertical line), then follows a half cosine down to almost 0 at step 99."),
    Figure("schedule-linear-warmup-decay", draw_linear_warmup_decay, size=(6.4, 2.5),
           caption="Linear warmup from 0 then linear decay to 0 at the last step (Hugging Face's get_linear_schedule_with_warmup); warmup + cosine dashed.",
           alt="A triangle: the rate rises in a straight line from 0 at step 0 to 0.1 at step 10 (marked, dotted vertical line), then falls in a straight line, reaching 0.1/90 at step 99 and 0 at step 100; a dashed warmup-plus-cosine curve over the same steps lies above it until about step 55 and below it after."),
    Figure("schedule-wsd", draw_wsd, size=(6.4, 2.5),
           caption="Warmup-stable-decay: a short warmup, a long constant phase, and a short decay at the end (linear here; MiniCPM's exponential decay dashed).",
           alt="The rate climbs from 0.001 to 0.1 over the first 10 steps, stays flat at 0.1 until step 80 (dotted vertical lines at 10 and 80), then falls in a straight line to 0 at step 100; a dashed curve falls instead by half every 5 steps from step 80, to about 0.006 at step 99."),
    Figure("schedule-one-cycle", draw_one_cycle, size=(6.8, 2.6),
           caption="OneCycleLR with its defaults over 200 steps: the rate rises for 30 % of the steps and anneals far below its start; momentum mirrors it.",
           alt="Left: the learning rate rises along a cosine from 0.004 to 0.1 at step 59 (marked), then falls along a cosine to 4e-7 at step 199; a three-phase variant rises, falls back to 0.004 symmetrically, then decays to 4e-7. Right: momentum falls from 0.95 to 0.85 at step 59 and rises back to 0.95."),
    Figure("schedule-inverse-sqrt", draw_inverse_sqrt, size=(6.4, 2.5),
           caption="The Transformer schedule: linear warmup for W steps, then decay as one over the square root of the step.",
           alt="The rate rises in a straight line from almost 0 to its peak of about 7e-4 at step 3999 (marked) and then decays slowly as 1 over the square root of the step, to about 2.2e-4 at step 40000."),
    Figure("schedule-cyclic", draw_cyclic, size=(6.4, 2.6),
           caption="CyclicLR between 0.01 and 0.1 with a half-cycle of 20 steps: triangular keeps the amplitude, triangular2 halves it every cycle, exp_range shrinks it by gamma every step.",
           alt="Three triangle waves over 200 steps between 0.01 and 0.1. Triangular repeats peaks at 0.1 every 40 steps; triangular2 peaks at 0.1, 0.055, 0.0325 and so on; exp_range peaks lower and lower smoothly. The first peak at step 20 and the return to 0.01 at step 40 are marked."),
    Figure("schedule-plateau", draw_plateau, size=(6.4, 3.6),
           caption="ReduceLROnPlateau with factor 0.5 and patience 5 on a made-up validation loss: the rate halves after more than 5 epochs without improvement.",
           alt="Top: a validation loss that falls, stalls around 0.43, falls again to 0.33 and stalls for good. Bottom, on a log scale: the rate stays at 0.1 while the loss falls and is halved at each marked cut after 6 epochs without a new best, repeatedly during the final stall."),
    Figure("schedule-overview", draw_overview, size=(7.2, 4.6),
           caption="Every schedule on this page at the setting of its own figure, scaled to its maximum rate; the dot marks where the rate peaks.",
           alt="A grid of 12 small plots: constant, step, multi-step, exponential, polynomial, cosine, cosine with warm restarts, linear warmup plus cosine, one-cycle, inverse square root, cyclic and reduce on plateau, each showing the rate against the step on a 0 to 1 scale."),
]
