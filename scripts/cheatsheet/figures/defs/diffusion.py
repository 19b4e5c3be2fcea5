"""Figures of the diffusion-models page: linear vs cosine noise schedules, the forward process
turning a two-mode 1-D distribution into a standard normal, flow-matching vs diffusion paths, and
EDM's preconditioning coefficients."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure as MplFigure

from ...numerics.diffusion import (EDM_P_STD, EDM_SIGMA_DATA, EDM_SIGMA_MAX, EDM_SIGMA_MIN,
                                   alpha_bars_from_betas, cosine_alpha_bar, edm_precond, edm_sigma_schedule,
                                   edm_training_sigma, forward_mixture_density, linear_betas, snr)
from ...numerics.flows import (fm_path, heun_solve, linear_path_coefficients, mixture_path_velocity,
                               vp_path_coefficients)
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


# --- flow matching vs diffusion paths; EDM preconditioning ------------------------------------------

FM_MEANS = np.array([-1.5, 1.2])
FM_STDS = np.array([0.15, 0.25])
FM_WEIGHTS = np.array([0.4, 0.6])


def _trajectories(path, starts: np.ndarray, n_steps: int = 200) -> tuple[np.ndarray, np.ndarray]:
    """States of the exact marginal ODE of ``path`` from ``starts`` (noise) at t = 0 to data at t = 1."""
    ts = np.linspace(0.0, 1.0, n_steps + 1)
    v = lambda x, t: mixture_path_velocity(x, path(t), FM_MEANS, FM_STDS, FM_WEIGHTS)  # noqa: E731
    xs = [np.asarray(starts, dtype=float)]
    for t, t_next in zip(ts[:-1], ts[1:]):
        xs.append(heun_solve(v, xs[-1], np.array([t, t_next])))
    return ts, np.array(xs)


def draw_flow_paths(fig: MplFigure, pal: Palette) -> None:
    cond, lin, vp = fig.subplots(1, 3, sharey=True)
    rng = np.random.default_rng(3)
    k = rng.choice(2, size=6, p=FM_WEIGHTS)
    x1 = FM_MEANS[k] + FM_STDS[k] * rng.standard_normal(6)
    x0 = np.array([-1.6, -0.9, -0.2, 0.3, 1.0, 1.7])
    t = np.linspace(0.0, 1.0, 101)
    for a, b in zip(x0, x1):
        cond.plot(t, fm_path(a, b, t), color=pal.c0, linewidth=1.3, zorder=3)
        arc = [vp_path_coefficients(u)[0] * b + vp_path_coefficients(u)[1] * a for u in t]
        cond.plot(t, arc, color=pal.c1, linewidth=1.3, linestyle=(0, (4, 2)), zorder=3)
    cond.plot([], [], color=pal.c0, label="straight (FM, RF)")
    cond.plot([], [], color=pal.c1, linestyle=(0, (4, 2)), label="VP diffusion")
    cond.legend(loc="upper left", fontsize=7, handlelength=2.4)
    cond.set_title("one noise–data pair each", fontsize=8.5)
    starts = np.linspace(-2.2, 2.2, 15)
    for ax, path, color, title in ((lin, linear_path_coefficients, pal.c0, "marginal ODE, straight path"),
                                   (vp, vp_path_coefficients, pal.c1, "marginal ODE, VP path")):
        ts, xs = _trajectories(path, starts)
        for j in range(starts.size):
            ax.plot(ts, xs[:, j], color=color, linewidth=1.0, zorder=3)
        ax.set_title(title, fontsize=8.5)
    for ax in (cond, lin, vp):
        ax.set_xlim(0, 1)
        ax.set_xticks([0, 0.5, 1])
        ax.set_xlabel("$t$ (0 = noise, 1 = data)")
    cond.set_ylim(-2.6, 3.4)
    cond.set_yticks([-2, -1, 0, 1, 2])
    cond.set_ylabel("$x_t$")


def draw_edm_preconditioning(fig: MplFigure, pal: Palette) -> None:
    left, right = fig.subplots(1, 2)
    sigma = np.geomspace(EDM_SIGMA_MIN, EDM_SIGMA_MAX, 400)
    c_skip, c_out, c_in, c_noise = edm_precond(sigma)
    for y, label, color, style in ((c_skip, r"$c_\mathrm{skip}$", pal.c0, "-"),
                                   (c_out, r"$c_\mathrm{out}$", pal.c1, "-"),
                                   (c_in, r"$c_\mathrm{in}$", pal.c2, "-"),
                                   (c_noise, r"$c_\mathrm{noise} = \frac{1}{4}\ln\sigma$", pal.c3, (0, (4, 2)))):
        left.plot(sigma, y, color=color, linestyle=style, label=label, zorder=3)
    left.axvline(EDM_SIGMA_DATA, color=pal.muted, linestyle=(0, (2, 2)), linewidth=0.9, zorder=1)
    left.annotate(r"$\sigma = \sigma_\mathrm{data} = 0.5$", (EDM_SIGMA_DATA, 1.75), xytext=(4, 0),
                  textcoords="offset points", fontsize=7.5, color=pal.muted)
    mark_point(left, pal, EDM_SIGMA_DATA, 0.5, "", color=pal.fg)
    left.set_xscale("log")
    left.set_xlim(EDM_SIGMA_MIN, EDM_SIGMA_MAX)
    left.set_ylim(-1.7, 2.1)
    left.set_xlabel(r"noise level $\sigma$")
    left.set_ylabel("coefficient")
    left.legend(loc="lower right", fontsize=7, ncol=2)
    z = np.linspace(-4, 4, 400)
    s_train = edm_training_sigma(z)
    dens = np.exp(-0.5 * z**2) / np.sqrt(2 * np.pi) / EDM_P_STD  # density of ln(sigma)
    right.fill_between(s_train, dens, color=pal.c0, alpha=0.25, linewidth=0, zorder=2)
    right.plot(s_train, dens, color=pal.c0, label=r"training: $\ln\sigma \sim \mathcal{N}(-1.2, 1.2^2)$", zorder=3)
    steps = edm_sigma_schedule(18)[:-1]
    right.vlines(steps, 0, 0.08, color=pal.c1, linewidth=1.2, zorder=3,
                 label=r"sampling: 18 steps, $\rho = 7$")
    right.set_xscale("log")
    right.set_xlim(EDM_SIGMA_MIN, EDM_SIGMA_MAX)
    right.set_ylim(0, 0.42)
    right.set_xlabel(r"noise level $\sigma$")
    right.set_ylabel(r"density of $\ln\sigma$")
    right.legend(loc="upper left", fontsize=7)


FIGURES += [
    Figure(
        name="flow-matching-paths",
        draw=draw_flow_paths,
        caption=(
            "Flow matching vs diffusion paths from a standard normal (t = 0) to two-mode 1-D data (t = 1). "
            "Left: for one noise-data pair the conditional path is a straight line for flow matching and an arc "
            "for the variance-preserving diffusion path. Middle and right: trajectories of the exact marginal "
            "ODE, solved with Heun's method. The marginal flow of the straight path is not straight either "
            "(reflow straightens it), but it moves steadily over t, while the diffusion trajectories barely "
            "move at first and turn late."
        ),
        alt=(
            "Three panels of x_t against t from 0 (noise) to 1 (data). Left: six straight solid lines, each "
            "joining a noise value to a data value, and six dashed arcs between the same endpoints that bulge "
            "away from the straight lines. Middle: fifteen trajectories of the straight-path ODE leave evenly "
            "spaced starting points between -2.2 and 2.2 at once and bend gradually into the two data modes "
            "near -1.5 and 1.2. Right: the same starting points under the variance-preserving path stay almost "
            "flat until about t = 0.5 and then curve sharply into the modes."
        ),
        size=(6.8, 2.5),
    ),
    Figure(
        name="edm-preconditioning",
        draw=draw_edm_preconditioning,
        caption=(
            "EDM preconditioning with sigma_data = 0.5 (left): at low noise the skip connection passes the "
            "input through (c_skip near 1, c_out near 0); at high noise the network predicts the clean "
            "sample (c_skip near 0, c_out near sigma_data). Right: the log-normal training distribution of "
            "sigma and the 18 sampling noise levels of the rho = 7 schedule, which on a log axis bunch up at "
            "high noise and thin out toward sigma_min."
        ),
        alt=(
            "Left: four curves against sigma on a log axis from 0.002 to 80. c_skip falls from 1 to 0, passing "
            "0.5 at the dotted line sigma = sigma_data = 0.5; c_out rises from 0 to 0.5 and crosses c_skip just "
            "right of that line; c_in falls from 2 to near 0; the dashed c_noise rises as a straight line from "
            "about -1.55 to 1.1. Right: a bell-shaped density on the same log axis peaking at sigma about 0.3, "
            "and 18 short vertical ticks for the sampling steps from 0.002 to 80, widely spaced at low sigma "
            "and close together at high sigma."
        ),
        size=(6.8, 2.7),
    ),
]
