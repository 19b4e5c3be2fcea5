"""Figures of the Explainability pages: the SHAP kernel across coalition sizes, exact Shapley values
of a small model as a waterfall (SHAP), and a local linear surrogate for two kernel widths (LIME)."""

from __future__ import annotations

from math import comb

import numpy as np
from matplotlib.figure import Figure as MplFigure

from ...numerics.explain import exact_shapley, interventional_value, kernel_shap_weight, lime_explain, shapley_weight
from ..catalogue import Figure
from ..style import Palette, mark_point

M_KERNEL = 12

WATERFALL_NAMES = ("income", "debt", "age", "tenure", "region")
WATERFALL_X = np.array([1.6, 1.2, -0.4, 0.9, 0.5])


def waterfall_model(Z: np.ndarray) -> np.ndarray:
    r"""Toy credit score $f(\mathbf{z}) = 2 z_1 - 1.5 z_2 + z_1 z_2 + 0.8\tanh(z_3) + 0.5 z_4$ (region unused)."""
    return 2.0 * Z[:, 0] - 1.5 * Z[:, 1] + Z[:, 0] * Z[:, 1] + 0.8 * np.tanh(Z[:, 2]) + 0.5 * Z[:, 3]


def _background() -> np.ndarray:
    return np.random.default_rng(0).standard_normal((64, 5))


def lime_curve(x: np.ndarray) -> np.ndarray:
    r"""A 1-D black box for the LIME figure: $f(x) = \sin(2x) + 0.3x^2$."""
    return np.sin(2.0 * x) + 0.3 * x**2


def draw_kernel_weight(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    m = M_KERNEL
    s = np.arange(1, m)
    per = kernel_shap_weight(m, s)
    total = per * np.array([comb(m, int(k)) for k in s])  # all coalitions of one size together
    shap_w = np.array([shapley_weight(int(k) - 1, m) for k in s])
    ax.semilogy(s, per, "o-", color=pal.c0, label=r"per coalition $\pi(\mathbf{z}')$", zorder=3)
    ax.semilogy(s, total, "s-", color=pal.c1, label=r"all $C(M, s)$ coalitions of size $s$", zorder=3)
    ax.semilogy(s, shap_w, "^--", color=pal.c2, markersize=4, linewidth=1.2,
                label=r"Shapley weight $\frac{(s-1)!\,(M-s)!}{M!}$", zorder=3)
    for end in (0, m):
        ax.axvline(end, color=pal.muted, linestyle=(0, (4, 3)), linewidth=0.9)
        ax.annotate(r"$\pi = \infty$", (end, 1.0), xytext=(4 if end == 0 else -30, -10),
                    textcoords="offset points", fontsize=7.5, color=pal.muted)
    mark_point(ax, pal, m / 2, float(per[m // 2 - 1]), f"size {m // 2}: {per[m // 2 - 1]:.1e}",
               color=pal.c0, offset=(-30, -15))
    ax.set_xlim(-0.5, m + 0.5)
    ax.set_ylim(1e-5, 3.0)
    ax.set_xticks(range(0, m + 1, 2))
    ax.set_xlabel(r"coalition size $s = |\mathbf{z}'|$ ($M = 12$ features)")
    ax.set_ylabel("weight (log scale)")
    ax.legend(loc="center", fontsize=7.5)


def draw_waterfall(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    bg = _background()
    phi = exact_shapley(interventional_value(waterfall_model, WATERFALL_X, bg), len(WATERFALL_X))
    base = float(waterfall_model(bg).mean())
    fx = float(waterfall_model(WATERFALL_X[None])[0])
    order = np.argsort(np.abs(phi))  # smallest at the bottom
    running = base
    lefts, widths = [], []
    for i in order:
        lefts.append(running if phi[i] >= 0 else running + phi[i])
        widths.append(abs(phi[i]))
        running += phi[i]
    y = np.arange(len(order))
    colors = [pal.c2 if phi[i] >= 0 else pal.c3 for i in order]
    ax.barh(y, widths, left=lefts, color=colors, height=0.6, zorder=3)
    for yy, i, left, w in zip(y, order, lefts, widths):
        ax.annotate(f"{phi[i]:+.2f}", (left + w, yy), xytext=(3, -3), textcoords="offset points",
                    fontsize=7.5, color=pal.fg)
    labels = [f"{WATERFALL_NAMES[i]} = {WATERFALL_X[i]:g}" for i in order]
    ax.set_yticks(y, labels)
    ax.axvline(base, color=pal.muted, linestyle=(0, (4, 3)), linewidth=0.9)
    ax.axvline(fx, color=pal.fg, linewidth=0.9)
    ax.annotate(rf"$\mathbb{{E}}[f(X)] = {base:.2f}$", (base, -0.8), xytext=(3, 0), textcoords="offset points",
                fontsize=7.5, color=pal.muted)
    ax.annotate(rf"$f(\mathbf{{x}}) = {fx:.2f}$", (fx, len(order) - 0.4), xytext=(-4, 0),
                textcoords="offset points", fontsize=7.5, color=pal.fg, ha="right")
    ax.set_ylim(-1.1, len(order) - 0.1)
    lo = min(base, *(np.array(lefts))) - 0.5
    hi = max(fx, *(np.array(lefts) + np.array(widths))) + 0.9
    ax.set_xlim(lo, hi)
    ax.set_xlabel(r"model output; bars are exact Shapley values $\phi_i$ (sum $= f(\mathbf{x}) - \mathbb{E}[f(X)]$)")


def draw_lime(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    x0 = np.array([0.6])
    grid = np.linspace(-3.0, 3.0, 400)
    ax.plot(grid, lime_curve(grid), color=pal.fg, linewidth=1.6, label=r"black box $f(x) = \sin 2x + 0.3x^2$",
            zorder=3)
    rng = np.random.default_rng(2)
    Z = x0 + 1.0 * rng.standard_normal(60)
    ax.scatter(Z, lime_curve(Z), s=10, color=pal.muted, zorder=2, label="perturbed samples $z$")
    f = lambda A: lime_curve(A[:, 0])
    for sigma, color in ((0.3, pal.c0), (2.0, pal.c1)):
        b, w = lime_explain(f, x0, scale=1.0, n=4000, sigma=sigma, alpha=1e-6, rng=np.random.default_rng(0))
        t = np.linspace(x0[0] - 1.6, x0[0] + 1.6, 2)
        ax.plot(t, b + w[0] * t, color=color, linewidth=1.6, linestyle="--",
                label=rf"surrogate, $\sigma = {sigma}$: slope {w[0]:+.2f}", zorder=4)
        ker = np.exp(-(grid - x0[0]) ** 2 / sigma**2)
        ax.fill_between(grid, -2.0, -2.0 + 0.8 * ker, color=color, alpha=0.18, linewidth=0)
    slope = 2.0 * np.cos(2.0 * x0[0]) + 0.6 * x0[0]
    mark_point(ax, pal, x0[0], float(lime_curve(x0)[0]), f"x = {x0[0]} (true slope {slope:+.2f})",
               offset=(-30, 10))
    ax.annotate(r"kernel weights $\pi_x(z)$", (-2.9, -1.55), fontsize=7.5, color=pal.muted)
    ax.set_xlim(-3.0, 3.0)
    ax.set_ylim(-2.0, 3.6)
    ax.set_xlabel("feature $x$")
    ax.set_ylabel("model output")
    ax.legend(loc="upper center", fontsize=7, ncol=2)


FIGURES = [
    Figure(
        name="shap-kernel-weight",
        draw=draw_kernel_weight,
        caption=(
            "The SHAP kernel for M = 12 features. Per coalition it is smallest at half size; summed over "
            "all coalitions of a size it is U-shaped, so KernelSHAP spends its weight (and its sampling "
            "budget) on the very small and very large coalitions, and the empty and full ones get "
            "infinite weight (enforced as constraints)."
        ),
        alt=(
            "Log-scale plot of weight against coalition size 1 to 11 for 12 features. The per-coalition "
            "SHAP kernel is a deep U with its minimum of about 3e-4 at size 6; the total weight of all "
            "coalitions of one size is a shallow U, highest at sizes 1 and 11; the per-coalition Shapley "
            "weight is also a U. Dashed vertical lines at sizes 0 and 12 are labeled pi equals infinity."
        ),
        size=(6.0, 3.0),
    ),
    Figure(
        name="shap-waterfall",
        draw=draw_waterfall,
        caption=(
            "Exact Shapley values (interventional, 64 background rows) of a toy credit-score model "
            "with an income × debt interaction, as a waterfall: starting at the mean prediction, each "
            "feature's bar moves the output until it reaches f(x). The unused feature gets exactly 0."
        ),
        alt=(
            "Horizontal waterfall chart with five features. Starting at a dashed line at the mean "
            "prediction, green bars push the output up (income by far the largest, then tenure) and red bars "
            "push it down (debt, and age slightly); region's bar has zero width. The last bar ends at "
            "the solid line labeled f(x)."
        ),
        size=(6.0, 2.9),
    ),
    Figure(
        name="lime-local-surrogate",
        draw=draw_lime,
        caption=(
            "LIME on a 1-D black box: perturbed samples around x are weighted by an exponential kernel "
            "(shaded bumps) and a weighted linear fit is the explanation. A narrow kernel (σ = 0.3) gives "
            "nearly the true local slope; a wide one (σ = 2) averages over the curvature and returns "
            "about half of it: the explanation depends on a width the user picks."
        ),
        alt=(
            "A wavy curve f(x) = sin 2x + 0.3 x squared for x from -3 to 3, with grey sample points on it "
            "and a marked point at x = 0.6. Two dashed straight lines pass near that point: the blue one, "
            "from a narrow kernel, is almost tangent, with slope 1.03 against the true 1.08; the orange "
            "one, from a wide kernel, is flatter, with slope 0.56. Shaded bumps at the bottom show the two "
            "kernel weight profiles, one narrow and one wide."
        ),
        size=(6.4, 3.2),
    ),
]
