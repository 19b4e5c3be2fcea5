"""Figures of the loss-functions page: one per member (loss and gradient), plus overviews of
regression losses against the residual, margin losses against the 0-1 loss, the focal loss for
several gamma, and the asymmetry of the KL divergence.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure as MplFigure

from ...numerics.losses import (
    LOSSES,
    bce_with_logits,
    focal,
    hinge,
    huber,
    kl_bernoulli,
    kl_gaussian,
    log_cosh,
    mae,
    mse,
    quantile,
    smooth_l1,
    squared_hinge,
    zero_one,
)
from ..catalogue import Figure
from ..style import Palette, asymptote, mark_point, zero_axes

DASHED = (0, (4, 2))
DOTTED = (0, (1, 1.5))


def _two(fig: MplFigure, pal: Palette, xlabel: str, window: tuple[float, float],
         f_title: str, df_title: str) -> tuple[Axes, Axes]:
    ax_f, ax_df = fig.subplots(1, 2)
    for ax, title in ((ax_f, f_title), (ax_df, df_title)):
        zero_axes(ax, pal)
        ax.set_xlim(*window)
        ax.set_xlabel(xlabel)
        ax.set_title(title)
    return ax_f, ax_df


def _grid(name: str, samples: int = 601) -> np.ndarray:
    lo, hi = LOSSES[name].window
    return np.linspace(lo, hi, samples)


def _member(name: str, fig: MplFigure, pal: Palette, f_title: str = r"loss $\ell$",
            df_title: str = "gradient") -> tuple[Axes, Axes]:
    m = LOSSES[name]
    return _two(fig, pal, m.xlabel, m.window, f_title, df_title)


def _elementwise(name: str, fig: MplFigure, pal: Palette, variants: list[tuple[str, dict]], *,
                 df_title: str = r"$\partial \ell / \partial \hat y$") -> tuple[Axes, Axes, np.ndarray]:
    """Regression member: loss and gradient against the residual, one curve per parameter set."""
    m = LOSSES[name]
    r = _grid(name)
    zeros = np.zeros_like(r)
    ax_f, ax_df = _member(name, fig, pal, df_title=df_title)
    for i, (label, params) in enumerate(variants):
        col = pal.series[i % len(pal.series)]
        ax_f.plot(r, m.loss(r, zeros, "none", **params), color=col, label=label, zorder=3)
        ax_df.plot(r, m.grad(r, zeros, "none", **params), color=col, label=label, zorder=3)
    if len(variants) > 1:
        ax_f.legend(loc="upper center")
    return ax_f, ax_df, r


# --- regression ----------------------------------------------------------------------------


def draw_mse(fig: MplFigure, pal: Palette) -> None:
    ax_f, ax_df, _ = _elementwise("mse", fig, pal, [("MSE", {})])
    mark_point(ax_f, pal, 0.0, 0.0, "minimum", offset=(6, 10))
    ax_df.annotate("grows with the residual", (1.5, 3.0), xytext=(-110, 12), textcoords="offset points",
                   fontsize=7.5, color=pal.muted)


def draw_mae(fig: MplFigure, pal: Palette) -> None:
    ax_f, ax_df, _ = _elementwise("mae", fig, pal, [("MAE", {})])
    mark_point(ax_f, pal, 0.0, 0.0, "kink at 0", offset=(6, 10))
    mark_point(ax_df, pal, 0.0, 0.0, "PyTorch: sign(0) = 0", offset=(6, 8))
    asymptote(ax_df, pal, 1.0, "+1")
    asymptote(ax_df, pal, -1.0, "-1")
    ax_df.set_ylim(-1.5, 1.5)


def draw_huber(fig: MplFigure, pal: Palette) -> None:
    ax_f, ax_df, _ = _elementwise("huber", fig, pal, [(rf"$\delta = {d:g}$", {"delta": d}) for d in (0.5, 1.0, 2.0)])
    for i, d in enumerate((0.5, 1.0, 2.0)):
        mark_point(ax_f, pal, d, float(huber(d, 0.0, "none", delta=d)), rf"$\delta={d:g}$",
                   color=pal.series[i], offset=(6, -10))
        mark_point(ax_df, pal, d, d, "", color=pal.series[i])
    ax_df.annotate(r"clipped at $\pm\delta$", (-2.9, 1.6), fontsize=7.5, color=pal.muted)


def draw_smooth_l1(fig: MplFigure, pal: Palette) -> None:
    betas = (0.0, 0.5, 1.0, 2.0)
    ax_f, ax_df, _ = _elementwise("smooth-l1", fig, pal,
                                  [(rf"$\beta = {b:g}$" + (" (L1)" if b == 0 else ""), {"beta": b}) for b in betas])
    for i, b in enumerate(betas[1:], start=1):
        mark_point(ax_f, pal, b, float(smooth_l1(b, 0.0, "none", beta=b)), "", color=pal.series[i])
        mark_point(ax_df, pal, b, 1.0, "", color=pal.series[i])
    asymptote(ax_df, pal, 1.0, r"slope 1 beyond $\beta$")
    asymptote(ax_df, pal, -1.0)
    ax_df.set_ylim(-1.4, 1.4)


def draw_huber_vs_smooth_l1(fig: MplFigure, pal: Palette) -> None:
    d = 2.0
    r = np.linspace(-4.0, 4.0, 601)
    z = np.zeros_like(r)
    ax_f, ax_df = _two(fig, pal, r"residual $\hat y - y$", (-4.0, 4.0), r"loss, $\delta = \beta = 2$",
                       r"$\partial \ell / \partial \hat y$")
    ax_f.plot(r, huber(r, z, "none", delta=d), color=pal.c0, label=r"Huber$_\delta$", zorder=3)
    ax_f.plot(r, smooth_l1(r, z, "none", beta=d), color=pal.c1, label=r"Smooth L1$_\beta$", zorder=3)
    ax_f.plot(r, d * smooth_l1(r, z, "none", beta=d), color=pal.fg, linestyle=DOTTED,
              label=r"$\delta \cdot$ Smooth L1$_{\beta=\delta}$", zorder=4)
    ax_df.plot(r, LOSSES["huber"].grad(r, z, "none", delta=d), color=pal.c0, zorder=3)
    ax_df.plot(r, LOSSES["smooth-l1"].grad(r, z, "none", beta=d), color=pal.c1, zorder=3)
    for ax in (ax_f,):
        mark_point(ax, pal, d, float(huber(d, 0.0, "none", delta=d)), r"knee $\pm\delta$", offset=(-58, 4))
        mark_point(ax, pal, -d, float(huber(-d, 0.0, "none", delta=d)), "")
    asymptote(ax_df, pal, d, r"Huber: $\pm\delta$")
    asymptote(ax_df, pal, 1.0, r"Smooth L1: $\pm 1$")
    asymptote(ax_df, pal, -d)
    asymptote(ax_df, pal, -1.0)
    ax_f.legend(loc="upper center")


def draw_log_cosh(fig: MplFigure, pal: Palette) -> None:
    ax_f, ax_df, r = _elementwise("log-cosh", fig, pal, [("log-cosh", {})])
    ax_f.plot(r, 0.5 * r**2, color=pal.muted, linestyle=DASHED, label=r"$r^2/2$ near 0", zorder=2)
    ax_f.plot(r, np.abs(r) - np.log(2.0), color=pal.c1, linestyle=DOTTED, label=r"$\vert r\vert - \log 2$ far out",
              zorder=2)
    ax_f.set_ylim(-0.8, 4.0)
    ax_f.legend(loc="upper center")
    mark_point(ax_f, pal, 0.0, 0.0, "smooth minimum", offset=(8, -14))
    asymptote(ax_df, pal, 1.0, r"$\tanh \to \pm 1$")
    asymptote(ax_df, pal, -1.0)
    ax_df.set_ylim(-1.4, 1.4)


def draw_quantile(fig: MplFigure, pal: Palette) -> None:
    taus = (0.1, 0.5, 0.9)
    ax_f, ax_df, _ = _elementwise("quantile", fig, pal, [(rf"$\tau = {t:g}$", {"tau": t}) for t in taus])
    mark_point(ax_f, pal, 0.0, 0.0, "kink at 0", offset=(6, 14))
    for i, t in enumerate(taus):
        mark_point(ax_df, pal, -2.0, -t, rf"$-\tau = {-t:g}$", color=pal.series[i], offset=(4, 3))
    ax_df.annotate(r"$1 - \tau$ above 0", (0.3, 0.75), fontsize=7.5, color=pal.muted)


# --- classification ------------------------------------------------------------------------


def draw_bce(fig: MplFigure, pal: Palette) -> None:
    m = LOSSES["bce"]
    p = np.linspace(1e-3, 1 - 1e-3, 601)
    ax_f, ax_df = _member("bce", fig, pal, df_title=r"$\partial \ell / \partial p$")
    for col, y in ((pal.c0, 1.0), (pal.c1, 0.0)):
        yy = np.full_like(p, y)
        ax_f.plot(p, m.loss(p, yy, "none"), color=col, label=f"$y = {y:g}$", zorder=3)
        ax_df.plot(p, m.grad(p, yy, "none"), color=col, zorder=3)
    ax_f.set_ylim(0.0, 5.0)
    ax_df.set_ylim(-12.0, 12.0)
    mark_point(ax_f, pal, 0.5, float(np.log(2.0)), r"$\log 2$ at $p = 0.5$", offset=(6, 6))
    ax_f.annotate(r"$\to\infty$ (PyTorch clamps at 100)", (0.1, 4.4), fontsize=7.5, color=pal.muted)
    ax_df.annotate(r"$-1/p$", (0.05, -10.5), fontsize=8, color=pal.c0)
    ax_df.annotate(r"$1/(1-p)$", (0.68, 9.5), fontsize=8, color=pal.c1)
    ax_f.legend(loc="center")


def draw_bce_with_logits(fig: MplFigure, pal: Palette) -> None:
    m = LOSSES["bce-with-logits"]
    z = _grid("bce-with-logits")
    ax_f, ax_df = _member("bce-with-logits", fig, pal, df_title=r"$\partial \ell / \partial z = \sigma(z) - y$")
    for col, y in ((pal.c0, 1.0), (pal.c1, 0.0)):
        yy = np.full_like(z, y)
        ax_f.plot(z, m.loss(z, yy, "none"), color=col, label=f"$y = {y:g}$", zorder=3)
        ax_df.plot(z, m.grad(z, yy, "none"), color=col, zorder=3)
    mark_point(ax_f, pal, 0.0, float(np.log(2.0)), r"$\log 2$", offset=(6, 6))
    ax_f.annotate("linear for wrong, confident logits", (-5.8, 5.5), fontsize=7.5, color=pal.muted)
    asymptote(ax_df, pal, 1.0, "+1")
    asymptote(ax_df, pal, -1.0, "-1")
    ax_df.set_ylim(-1.3, 1.3)
    ax_f.legend(loc="center right")


def draw_cross_entropy(fig: MplFigure, pal: Palette) -> None:
    m = LOSSES["cross-entropy"]
    z = _grid("cross-entropy")
    logits = np.column_stack([z, np.zeros_like(z), np.zeros_like(z)])
    target = np.zeros(z.size, dtype=int)
    ax_f, ax_df = _member("cross-entropy", fig, pal, df_title=r"$\partial \ell / \partial z_y$ ($C = 3$)")
    for i, eps in enumerate((0.0, 0.1, 0.3)):
        col = pal.series[i]
        loss = m.loss(logits, target, "none", label_smoothing=eps)
        ax_f.plot(z, loss, color=col, label=rf"$\varepsilon = {eps:g}$", zorder=3)
        ax_df.plot(z, m.grad(logits, target, "none", label_smoothing=eps)[:, 0], color=col, zorder=3)
        if eps > 0:
            k = int(np.argmin(loss))
            mark_point(ax_f, pal, z[k], loss[k], rf"min at $z_y \approx {z[k]:.1f}$", color=col,
                       offset=(-12, 14) if eps > 0.2 else (6, 6))
    asymptote(ax_df, pal, -1.0, r"$-1$: limit for $\varepsilon = 0$")
    ax_f.legend(loc="upper right")


def draw_nll(fig: MplFigure, pal: Palette) -> None:
    m = LOSSES["nll"]
    x = _grid("nll")
    logp = np.column_stack([x, np.log(-np.expm1(np.minimum(x, -1e-9)))])  # a valid 2-class log-distribution
    target = np.zeros(x.size, dtype=int)
    ax_f, ax_df = _member("nll", fig, pal, df_title=r"$\partial \ell / \partial x_{y}$")
    for col, w in ((pal.c0, 1.0), (pal.c1, 2.0)):
        weight = np.array([w, 1.0])
        ax_f.plot(x, m.loss(logp, target, "none", weight=weight), color=col, label=f"$w_y = {w:g}$", zorder=3)
        ax_df.plot(x, m.grad(logp, target, "none", weight=weight)[:, 0], color=col, zorder=3)
    mark_point(ax_f, pal, 0.0, 0.0, r"$p_y = 1$", offset=(-30, 8))
    ax_df.set_ylim(-2.5, 0.5)
    ax_df.annotate("constant: all curvature comes from log_softmax", (-5.8, 0.2), fontsize=7, color=pal.muted)
    ax_f.legend(loc="upper right")


def _margin_member(name: str, fig: MplFigure, pal: Palette, df_title: str) -> tuple[Axes, Axes, np.ndarray]:
    m = LOSSES[name]
    f = _grid(name)
    y = np.ones_like(f)
    ax_f, ax_df = _member(name, fig, pal, df_title=df_title)
    ax_f.plot(f, zero_one(f), color=pal.muted, linestyle=DASHED, label="0-1 loss", zorder=2)
    ax_f.plot(f, m.loss(f, y, "none"), color=pal.c0, label=m.title.split(" (")[0], zorder=3)
    ax_df.plot(f, m.grad(f, y, "none"), color=pal.c1, zorder=3)
    mark_point(ax_f, pal, 1.0, 0.0, "margin 1", offset=(4, 8))
    ax_f.legend(loc="upper right")
    return ax_f, ax_df, f


def draw_hinge(fig: MplFigure, pal: Palette) -> None:
    _, ax_df, _ = _margin_member("hinge", fig, pal, r"$\partial \ell / \partial f$ ($y = 1$)")
    mark_point(ax_df, pal, 1.0, 0.0, "zero beyond the margin", offset=(-30, 10))
    ax_df.set_ylim(-1.4, 0.4)


def draw_squared_hinge(fig: MplFigure, pal: Palette) -> None:
    _, ax_df, _ = _margin_member("squared-hinge", fig, pal, r"$\partial \ell / \partial f$ ($y = 1$)")
    mark_point(ax_df, pal, 1.0, 0.0, "continuous at the margin", offset=(6, -14))


def draw_multi_margin(fig: MplFigure, pal: Palette) -> None:
    m = LOSSES["multi-margin"]
    s = _grid("multi-margin")
    x = np.column_stack([s, np.zeros_like(s), -np.ones_like(s)])
    target = np.zeros(s.size, dtype=int)
    ax_f, ax_df = _member("multi-margin", fig, pal, df_title=r"$\partial \ell / \partial x_y$ ($C = 3$)")
    for col, p in ((pal.c0, 1), (pal.c1, 2)):
        ax_f.plot(s, m.loss(x, target, "none", p=p), color=col, label=f"$p = {p}$", zorder=3)
        ax_df.plot(s, m.grad(x, target, "none", p=p)[:, 0], color=col, zorder=3)
    at_zero = np.array([[0.0, 0.0, -1.0]])
    mark_point(ax_f, pal, 0.0, float(m.loss(at_zero, target[:1], "none")[0]), "class -1 leaves the margin",
               offset=(4, 22))
    mark_point(ax_f, pal, 1.0, 0.0, "class 0 leaves", offset=(4, 8))
    ax_f.legend(loc="upper right")


def draw_focal(fig: MplFigure, pal: Palette) -> None:
    m = LOSSES["focal"]
    z = _grid("focal")
    y = np.ones_like(z)
    ax_f, ax_df = _member("focal", fig, pal, df_title=r"$\partial \ell / \partial z$ ($y = 1$)")
    variants = [(r"$\gamma = 0$ (BCE)", None, 0.0, "-"), (r"$\gamma = 2$", None, 2.0, "-"),
                (r"$\gamma = 5$", None, 5.0, "-"), (r"$\gamma = 2,\ \alpha = 0.25$", 0.25, 2.0, DASHED)]
    for i, (label, alpha, gamma, ls) in enumerate(variants):
        col = pal.series[i]
        ax_f.plot(z, m.loss(z, y, "none", alpha=alpha, gamma=gamma), color=col, linestyle=ls, label=label, zorder=3)
        ax_df.plot(z, m.grad(z, y, "none", alpha=alpha, gamma=gamma), color=col, linestyle=ls, zorder=3)
    mark_point(ax_f, pal, 0.0, float(np.log(2.0)), r"$\log 2$ ($\gamma = 0$)", offset=(6, 6))
    asymptote(ax_df, pal, -1.0, "-1")
    ax_f.legend(loc="upper right")


# --- distributions and embeddings ----------------------------------------------------------


def draw_kl_div(fig: MplFigure, pal: Palette) -> None:
    m = LOSSES["kl-div"]
    q = np.linspace(1e-3, 1 - 1e-3, 601)
    x = np.column_stack([np.log(q), np.log1p(-q)])  # input: log-probabilities of the model
    ax_f, ax_df = _member("kl-div", fig, pal, f_title=r"$\mathrm{KL}(p \,\Vert\, q)$, two classes",
                          df_title=r"$\partial / \partial\, \mathrm{logit}(q)$")
    for col, p in ((pal.c0, 0.1), (pal.c1, 0.5)):
        target = np.column_stack([np.full_like(q, p), np.full_like(q, 1 - p)])
        ax_f.plot(q, m.loss(x, target, "none").sum(axis=1), color=col, label=f"$p = {p:g}$", zorder=3)
        g = m.grad(x, target, "none")  # d/d log q; log q and log(1 - q) move with the logit
        ax_df.plot(q, g[:, 0] * (1 - q) - g[:, 1] * q, color=col, zorder=3)
        mark_point(ax_f, pal, p, 0.0, f"min at $q = p = {p:g}$", color=col, offset=(4, 8 if p < 0.3 else 18))
        mark_point(ax_df, pal, p, 0.0, "", color=col)
    ax_f.set_ylim(-0.1, 2.5)
    ax_f.legend(loc="upper right")


def draw_contrastive(fig: MplFigure, pal: Palette) -> None:
    m = LOSSES["contrastive"]
    d = np.linspace(1e-3, 2.0, 601)
    x1, x2 = d[:, None], np.zeros((d.size, 1))
    ax_f, ax_df = _member("contrastive", fig, pal, df_title=r"$\partial \ell / \partial D$ (margin $m = 1$)")
    for col, y, label in ((pal.c0, 1.0, "similar, $y = 1$"), (pal.c1, 0.0, "dissimilar, $y = 0$")):
        yy = np.full_like(d, y)
        ax_f.plot(d, m.loss(x1, x2, yy, "none"), color=col, label=label, zorder=3)
        ax_df.plot(d, m.grad(x1, x2, yy, "none")[:, 0], color=col, zorder=3)
    mark_point(ax_f, pal, 1.0, 0.0, "margin: dissimilar pairs stop pushing", offset=(-60, 12))
    ax_f.legend(loc="upper left")


def draw_triplet(fig: MplFigure, pal: Palette) -> None:
    m = LOSSES["triplet"]
    a = _grid("triplet")
    pos, neg = np.zeros((a.size, 1)), np.full((a.size, 1), 2.0)
    ax_f, ax_df = _member("triplet", fig, pal, df_title=r"$\partial \ell / \partial a$")
    ax_f.plot(a, m.loss(a[:, None], pos, neg, "none"), color=pal.c0, zorder=3)
    ax_df.plot(a, m.grad(a[:, None], pos, neg, "none")[:, 0], color=pal.c1, zorder=3)
    for ax in (ax_f, ax_df):
        ax.axvline(0.0, color=pal.c2, linewidth=1.0, linestyle=DASHED, zorder=2)
        ax.axvline(2.0, color=pal.c3, linewidth=1.0, linestyle=DASHED, zorder=2)
    ax_f.annotate("positive", (0.05, 2.6), fontsize=7.5, color=pal.c2)
    ax_f.annotate("negative", (2.05, 2.6), fontsize=7.5, color=pal.c3)
    mark_point(ax_f, pal, 0.5, 0.0, r"$d_{an} - d_{ap} = m$", offset=(-20, 10))
    asymptote(ax_f, pal, 3.0, "2 + m")


def draw_cosine_embedding(fig: MplFigure, pal: Palette) -> None:
    m = LOSSES["cosine-embedding"]
    theta = np.linspace(np.pi - 1e-3, 1e-3, 601)
    c = np.cos(theta)
    x1 = np.column_stack([np.cos(theta), np.sin(theta)])
    x2 = np.tile([1.0, 0.0], (theta.size, 1))
    ax_f, ax_df = _member("cosine-embedding", fig, pal, df_title=r"$\partial \ell / \partial \cos$")
    variants = [("$y = 1$", 1.0, 0.0, "-"), ("$y = -1$, $m = 0$", -1.0, 0.0, "-"),
                ("$y = -1$, $m = 0.5$", -1.0, 0.5, DASHED)]
    for i, (label, y, margin, ls) in enumerate(variants):
        yy = np.full_like(c, y)
        ax_f.plot(c, m.loss(x1, x2, yy, "none", margin=margin), color=pal.series[i], linestyle=ls, label=label, zorder=3)
        g = m.grad(x1, x2, yy, "none", margin=margin)
        d_theta = g[:, 0] * -np.sin(theta) + g[:, 1] * np.cos(theta)  # chain rule along the circle
        ax_df.plot(c, d_theta / -np.sin(theta), color=pal.series[i], linestyle=ls, zorder=3)
    mark_point(ax_f, pal, 0.5, 0.0, "margin", color=pal.series[2], offset=(4, 8))
    ax_df.set_ylim(-1.4, 1.4)
    ax_f.legend(loc="upper center")


def draw_infonce(fig: MplFigure, pal: Palette) -> None:
    m = LOSSES["infonce"]
    n = 8
    theta = np.linspace(np.pi - 1e-2, 1e-2, 401)
    s = np.cos(theta)
    keys = np.eye(n + 1)[:n]  # key 0 is the positive; keys 1..7 are orthogonal negatives
    ax_f, ax_df = _member("infonce", fig, pal, df_title=r"$\partial \ell_1 / \partial s_{11}$")
    for i, tau in enumerate((0.1, 0.5, 1.0)):
        loss, dl = np.empty_like(s), np.empty_like(s)
        for j, t in enumerate(theta):
            q = keys.copy()
            q[0] = np.cos(t) * np.eye(n + 1)[0] + np.sin(t) * np.eye(n + 1)[n]
            loss[j] = m.loss(q, keys, "none", tau=tau)[0]
            g = m.grad(q, keys, "none", tau=tau)[0]
            dq = -np.sin(t) * np.eye(n + 1)[0] + np.cos(t) * np.eye(n + 1)[n]
            dl[j] = (g @ dq) / -np.sin(t)  # chain rule: d l / d s = (d l / d theta) / (d s / d theta)
        ax_f.plot(s, loss, color=pal.series[i], label=rf"$\tau = {tau:g}$", zorder=3)
        ax_df.plot(s, dl, color=pal.series[i], zorder=3)
    mark_point(ax_f, pal, 0.0, float(np.log(n)), r"$\log N$ when $s_{11} = 0$", offset=(6, 6))
    ax_f.set_ylim(0.0, 12.0)
    ax_df.set_ylim(-11.0, 0.5)
    ax_f.legend(loc="upper right")


# --- overviews ---------------------------------------------------------------------------


def draw_regression(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    r = np.linspace(-3.0, 3.0, 601)
    z = np.zeros_like(r)
    zero_axes(ax, pal)
    d = 1.5
    curves = [("MSE", mse(r, z, "none"), "-"), ("MAE", mae(r, z, "none"), "-"),
              (rf"Huber $\delta = {d:g}$", huber(r, z, "none", delta=d), "-"),
              (rf"Smooth L1 $\beta = {d:g}$", smooth_l1(r, z, "none", beta=d), DASHED),
              ("log-cosh", log_cosh(r, z, "none"), "-"),
              (r"quantile $\tau = 0.9$", quantile(r, z, "none", tau=0.9), DASHED)]
    for i, (label, values, ls) in enumerate(curves):
        ax.plot(r, values, color=pal.series[i], linestyle=ls, label=label, zorder=3)
    for sgn in (-1.0, 1.0):
        mark_point(ax, pal, sgn * d, float(huber(sgn * d, 0.0, "none", delta=d)), "Huber knee" if sgn > 0 else "",
                   color=pal.c2, offset=(6, -2))
        mark_point(ax, pal, sgn * d, float(smooth_l1(sgn * d, 0.0, "none", beta=d)), "Smooth L1 knee" if sgn > 0 else "",
                   color=pal.c3, offset=(6, -8))
    ax.set_xlim(-3.0, 3.0)
    ax.set_ylim(-0.1, 3.2)
    ax.set_xlabel(r"residual $r = \hat y - y$")
    ax.set_ylabel(r"loss $\ell(r)$")
    ax.legend(loc="upper center", ncols=3)


def draw_classification(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    mg = np.linspace(-2.0, 3.0, 601)
    one = np.ones_like(mg)
    zero_axes(ax, pal)
    ax.plot(mg, zero_one(mg), color=pal.fg, linestyle=DASHED, label="0-1 loss", zorder=2)
    curves = [("logistic (BCE with logits)", bce_with_logits(mg, one, "none")),
              ("hinge", hinge(mg, one, "none")), ("squared hinge", squared_hinge(mg, one, "none")),
              (r"focal $\gamma = 2$ ($\alpha_t = 1$)", focal(mg, one, "none", alpha=None, gamma=2.0))]
    for i, (label, values) in enumerate(curves):
        ax.plot(mg, values, color=pal.series[i], label=label, zorder=3)
    mark_point(ax, pal, 0.0, float(np.log(2.0)), r"$\log 2$", offset=(-26, -4))
    mark_point(ax, pal, 1.0, 0.0, "hinge kink: margin 1", offset=(4, 8))
    mark_point(ax, pal, 0.0, 1.0, "decision boundary", offset=(6, 6))
    ax.set_xlim(-2.0, 3.0)
    ax.set_ylim(-0.1, 4.0)
    ax.set_xlabel(r"margin $y f(\mathbf{x})$ (labels $\pm 1$)")
    ax.set_ylabel("loss")
    ax.legend(loc="upper right")


def draw_focal_gamma(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    pt = np.linspace(1e-3, 1 - 1e-3, 601)
    z = np.log(pt) - np.log1p(-pt)  # the logit whose probability of the true class is p_t
    one = np.ones_like(pt)
    zero_axes(ax, pal)
    for i, gamma in enumerate((0.0, 0.5, 1.0, 2.0, 5.0)):
        ax.plot(pt, focal(z, one, "none", alpha=None, gamma=gamma), color=pal.series[i],
                label=rf"$\gamma = {gamma:g}$" + (" (CE)" if gamma == 0 else ""), zorder=3)
    ax.axvspan(0.6, 1.0, color=pal.grid, alpha=0.35, zorder=0)
    ax.annotate("well-classified examples", (0.62, 3.6), fontsize=7.5, color=pal.muted)
    k = float(focal(np.log(0.9) - np.log(0.1), 1.0, "none", alpha=None, gamma=2.0))
    mark_point(ax, pal, 0.9, k, r"$p_t = 0.9$: 100$\times$ smaller than CE", color=pal.c3, offset=(-120, 14))
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(0.0, 5.0)
    ax.set_xlabel(r"probability of the true class $p_t$")
    ax.set_ylabel(r"$-(1 - p_t)^\gamma \log p_t$")
    ax.legend(loc="upper right")


def draw_kl_asymmetry(fig: MplFigure, pal: Palette) -> None:
    left, right = fig.subplots(1, 2)
    p = 0.1
    q = np.linspace(1e-3, 1 - 1e-3, 601)
    zero_axes(left, pal)
    left.plot(q, kl_bernoulli(p, q), color=pal.c0, label=r"$\mathrm{KL}(p \Vert q)$", zorder=3)
    left.plot(q, kl_bernoulli(q, p), color=pal.c1, linestyle=DASHED, label=r"$\mathrm{KL}(q \Vert p)$", zorder=3)
    mark_point(left, pal, p, 0.0, "both 0 at $q = p$", offset=(4, 10))
    left.set_xlim(0.0, 1.0)
    left.set_ylim(-0.05, 3.0)
    asymptote(left, pal, float(np.log(10.0)), r"KL(q||p) $\to \log 10$")
    left.set_xlabel(r"$q$ (Bernoulli, $p = 0.1$ fixed)")
    left.set_ylabel("divergence (nats)")
    left.set_title("Bernoulli")
    left.legend(loc="center left")

    s = np.linspace(0.2, 3.0, 601)
    zero_axes(right, pal)
    right.plot(s, kl_gaussian(0.0, 1.0, 0.0, s), color=pal.c0, label=r"$\mathrm{KL}(p \Vert q)$", zorder=3)
    right.plot(s, kl_gaussian(0.0, s, 0.0, 1.0), color=pal.c1, linestyle=DASHED, label=r"$\mathrm{KL}(q \Vert p)$",
               zorder=3)
    mark_point(right, pal, 1.0, 0.0, r"$\sigma_q = 1$", offset=(4, 10))
    right.annotate("too narrow $q$:\nKL(p||q) explodes", (0.25, 1.9), fontsize=7.5, color=pal.c0)
    right.set_xlim(0.2, 3.0)
    right.set_ylim(-0.05, 2.5)
    right.set_xlabel(r"$\sigma_q$ ($p = \mathcal{N}(0, 1)$, $q = \mathcal{N}(0, \sigma_q^2)$)")
    right.set_title("Gaussians")
    right.legend(loc="upper right")


def _fig(name: str, draw, caption: str, alt: str, size: tuple[float, float] = (6.4, 2.6)) -> Figure:
    return Figure(name=f"loss-{name}", draw=draw, caption=caption, alt=alt, size=size)


FIGURES = [
    _fig("regression", draw_regression,
         "Regression losses against the residual: MSE grows quadratically, MAE linearly; Huber and Smooth L1 "
         "switch from quadratic to linear at their knee; log-cosh is a smooth Huber; the pinball loss is tilted.",
         "Six curves of loss versus residual on [-3, 3]. MSE is a parabola; MAE a V; Huber and Smooth L1 with "
         "delta = beta = 1.5 are parabolas near zero that turn into straight lines at the marked knees at plus "
         "and minus 1.5, Huber's line being 1.5 times steeper; log-cosh is a smooth V; the quantile loss for "
         "tau = 0.9 is a V with slope 0.1 on the positive side and 0.9 on the negative side.",
         size=(6.4, 3.0)),
    _fig("classification", draw_classification,
         "Margin losses are convex upper bounds (or, for the logistic loss, near-bounds) of the 0-1 loss; "
         "only the hinge is exactly zero beyond margin 1.",
         "Loss versus the margin y times f(x) from -2 to 3. The 0-1 loss is a dashed step from 1 to 0 at margin "
         "0. The logistic loss decreases smoothly through log 2 at 0; the hinge is a straight line reaching 0 "
         "at margin 1; the squared hinge is a parabola reaching 0 at 1; the focal loss with gamma 2 is flat "
         "near zero for positive margins.",
         size=(6.4, 3.0)),
    _fig("focal-gamma", draw_focal_gamma,
         "Focal loss against the probability of the true class, as in Lin et al. (2017): larger gamma "
         "down-weights well-classified examples.",
         "Five curves of focal loss versus p_t from 0 to 1 for gamma 0, 0.5, 1, 2 and 5. All go to infinity as "
         "p_t goes to 0; gamma 0 is the cross-entropy; larger gamma pushes the loss of well-classified "
         "examples (p_t above 0.6, shaded) towards zero, e.g. at p_t = 0.9 gamma 2 is 100 times smaller.",
         size=(6.4, 3.0)),
    _fig("kl-asymmetry", draw_kl_asymmetry,
         "The KL divergence is not symmetric: KL(p‖q) punishes a q that misses mass where p has it; "
         "KL(q‖p) punishes a q that puts mass where p has little.",
         "Two panels. Left: for Bernoulli p = 0.1, KL(p||q) and KL(q||p) against q; both are 0 at q = 0.1, "
         "but KL(p||q) grows without bound as q approaches 0 or 1, while KL(q||p) stays finite, about 0.1 at "
         "q = 0 and log 10 (dashed line) at q = 1. Right: for p the standard normal and q a "
         "zero-mean normal of standard deviation sigma_q, KL(p||q) explodes as sigma_q shrinks below 1 while "
         "KL(q||p) stays small, and for sigma_q above 1 the order flips; both are 0 at sigma_q = 1.",
         size=(6.4, 2.8)),
    _fig("huber-vs-smooth-l1", draw_huber_vs_smooth_l1,
         "PyTorch's HuberLoss(delta) equals delta times SmoothL1Loss(beta=delta): same knee, the linear part "
         "has slope delta instead of 1.",
         "Left: Huber and Smooth L1 losses with delta = beta = 2 against the residual on [-4, 4]; both are "
         "quadratic inside plus or minus 2 and linear outside; a dotted curve, 2 times Smooth L1, lies exactly "
         "on the Huber curve. Right: their gradients, clipped at plus or minus 2 for Huber and plus or minus 1 "
         "for Smooth L1."),
    _fig("mse", draw_mse,
         "MSE: a parabola with a gradient proportional to the residual, so outliers dominate.",
         "Left: the squared error r squared on [-3, 3], minimum 0 at r = 0. Right: its gradient 2r, a straight "
         "line through the origin."),
    _fig("mae", draw_mae,
         "MAE: constant-size gradient whatever the residual; a kink at 0.",
         "Left: the absolute error, a V with its kink at 0. Right: its gradient, a step from -1 to +1, 0 at "
         "exactly r = 0 in PyTorch."),
    _fig("huber", draw_huber,
         "Huber loss for three delta: quadratic inside plus or minus delta, linear with slope delta outside; "
         "the gradient is the residual clipped to plus or minus delta.",
         "Left: Huber loss for delta 0.5, 1 and 2 against the residual on [-3, 3], with dots at the knees "
         "r = delta. Right: the gradients, straight lines through the origin clipped flat at plus or minus "
         "delta."),
    _fig("smooth-l1", draw_smooth_l1,
         "Smooth L1 loss for several beta: beta = 0 is the L1 loss; every curve has slope 1 beyond its knee.",
         "Left: Smooth L1 loss for beta 0, 0.5, 1 and 2 against the residual; larger beta widens the quadratic "
         "bowl and lowers the curve by beta/2. Right: the gradients, ramps of slope 1/beta saturating at plus "
         "or minus 1, a step for beta = 0."),
    _fig("log-cosh", draw_log_cosh,
         "Log-cosh behaves like r²/2 near 0 and like |r| − log 2 far out; its gradient is tanh.",
         "Left: log cosh of the residual on [-4, 4] with two guides, the parabola r squared over 2 near zero "
         "and the lines |r| minus log 2 far out. Right: its gradient tanh(r), saturating at plus or minus 1."),
    _fig("quantile", draw_quantile,
         "Pinball loss for three quantiles: over-prediction costs 1 − tau per unit, under-prediction tau per unit.",
         "Left: pinball loss against the residual prediction minus target for tau 0.1, 0.5 and 0.9, each a "
         "tilted V with its kink at 0. Right: the gradients, steps from -tau to 1 - tau at 0."),
    _fig("bce", draw_bce,
         "Binary cross-entropy on probabilities: unbounded as the predicted probability of the true class goes "
         "to 0 (PyTorch clamps each log at -100).",
         "Left: BCE against the predicted probability p for y = 1 (falling from large values to 0 at p = 1) "
         "and y = 0 (rising to large values at p = 1); both are log 2 at p = 0.5. Right: the gradients -1/p "
         "and 1/(1-p), diverging at the edges."),
    _fig("bce-with-logits", draw_bce_with_logits,
         "BCE with logits: linear for confidently wrong logits, vanishing for confidently right ones; the "
         "gradient is simply sigma(z) − y.",
         "Left: loss against the logit z on [-6, 6] for y = 1 (a softplus decreasing to 0) and y = 0 (its "
         "mirror image); both pass through log 2 at z = 0. Right: the gradients sigma(z) - 1 and sigma(z), "
         "S-shaped between -1 and 0 and between 0 and 1."),
    _fig("cross-entropy", draw_cross_entropy,
         "Cross-entropy with three classes as the true-class logit varies: with label smoothing the loss has "
         "a finite minimum, so logits stop growing.",
         "Left: loss against the true-class logit (other two logits 0) for smoothing 0, 0.1 and 0.3; without "
         "smoothing it decreases towards 0, with smoothing it has a marked minimum at a finite logit and "
         "rises again. Right: the gradients, negative then crossing 0 at those minima for smoothing > 0."),
    _fig("nll", draw_nll,
         "NLL loss is linear in its input, the log-probability of the true class; the class weight scales it.",
         "Left: the loss against the log-probability of the true class from -6 to 0, straight lines with "
         "slopes -1 and -2 for weights 1 and 2, reaching 0 at log-probability 0. Right: the gradients, the "
         "constants -1 and -2."),
    _fig("hinge", draw_hinge,
         "Hinge loss: zero, with zero gradient, once the margin y·f exceeds 1.",
         "Left: the hinge loss against the margin from -2 to 3, a straight line of slope -1 reaching 0 at "
         "margin 1, above the dashed 0-1 step. Right: its gradient with respect to f for y = 1, -1 below "
         "margin 1 and 0 above."),
    _fig("squared-hinge", draw_squared_hinge,
         "Squared hinge loss: differentiable at the margin, quadratic penalty for violations.",
         "Left: the squared hinge loss against the margin, a parabola reaching 0 at margin 1 and staying 0, "
         "above the dashed 0-1 step. Right: its gradient, a line rising to 0 at margin 1, then 0."),
    _fig("multi-margin", draw_multi_margin,
         "MultiMarginLoss with three classes (other scores 0 and −1): each wrong class adds a hinge until the "
         "true score beats it by the margin.",
         "Left: the loss against the true-class score from -2 to 3 for p = 1 (piecewise linear with kinks at "
         "0 and 1) and p = 2 (piecewise quadratic); both reach 0 at score 1. Right: the gradients with "
         "respect to the true-class score, negative steps for p = 1 and ramps for p = 2, zero beyond 1."),
    _fig("focal", draw_focal,
         "Focal loss against the logit of a positive example: gamma flattens the loss and its gradient for "
         "well-classified examples; alpha rescales it.",
         "Left: focal loss against the logit z on [-5, 5] for y = 1 with gamma 0, 2 and 5 and with gamma 2, "
         "alpha 0.25 (dashed); gamma 0 is the softplus of BCE, larger gamma stays near zero for positive z. "
         "Right: the gradients, all tending to -1 (or -alpha) for very negative z and vanishing faster for "
         "larger gamma."),
    _fig("kl-div", draw_kl_div,
         "KL divergence between two-class distributions as the model probability q varies: zero at q = p, "
         "and its gradient with respect to the model's logit is q − p.",
         "Left: KL(p||q) against q for p = 0.1 and p = 0.5, convex curves with minima 0 at q = p, rising "
         "steeply as q approaches 0 or 1. Right: the gradient with respect to the logit of q, straight lines "
         "q - p crossing 0 at q = p."),
    _fig("contrastive", draw_contrastive,
         "Contrastive loss: similar pairs are pulled together at all distances, dissimilar pairs pushed apart "
         "only inside the margin.",
         "Left: loss against the distance D from 0 to 2 with margin 1; for similar pairs a parabola D squared "
         "over 2; for dissimilar pairs a parabola falling to 0 at D = 1 and staying 0. Right: the gradients "
         "with respect to D, the line D for similar pairs and -(1 - D) for dissimilar ones up to the margin."),
    _fig("triplet", draw_triplet,
         "Triplet margin loss in one dimension (positive at 0, negative at 2, margin 1): the anchor is "
         "penalized once it is not at least the margin closer to the positive.",
         "Left: loss against the anchor position from -1 to 3; 0 up to 0.5, then rising linearly with slope 2 "
         "until the negative at 2, then flat at 3; dashed vertical lines mark the positive and the negative. "
         "Right: the gradient with respect to the anchor, 0, then 2, then 0."),
    _fig("cosine-embedding", draw_cosine_embedding,
         "Cosine embedding loss: similar pairs pay 1 − cos; dissimilar pairs pay only the cosine above the margin.",
         "Left: loss against the cosine similarity from -1 to 1; for y = 1 a line falling from 2 to 0; for "
         "y = -1 zero up to the margin (0 or 0.5, dashed) and then a line of slope 1. Right: the gradients "
         "with respect to the cosine, -1 for similar pairs and 0 or 1 for dissimilar ones."),
    _fig("infonce", draw_infonce,
         "InfoNCE with N = 8 keys (one positive, seven negatives at similarity 0): a lower temperature makes "
         "the loss, and its gradient, far steeper.",
         "Left: loss of one query against the cosine similarity to its positive from -1 to 1 for temperatures "
         "0.1, 0.5 and 1; all pass through log 8 at similarity 0, and the low temperature curve drops to near "
         "0 for high similarity and climbs to about 12 for low similarity. Right: the gradients with respect "
         "to the similarity, reaching -1/tau, steepest for tau = 0.1."),
]


# --- likelihoods, CTC, segmentation, margins, supervised contrast -----------------------------


def draw_gaussian_nll(fig: MplFigure, pal: Palette) -> None:
    m = LOSSES["gaussian-nll"]
    r = _grid("gaussian-nll")
    zeros = np.zeros_like(r)
    ax_f, ax_df = _member("gaussian-nll", fig, pal, df_title=r"$\partial \ell / \partial \hat y$")
    for i, v in enumerate((0.25, 1.0, 4.0)):
        var = np.full_like(r, v)
        ax_f.plot(r, m.loss(r, zeros, var, "none"), color=pal.series[i], label=f"$v = {v:g}$", zorder=3)
        ax_df.plot(r, m.grad(r, zeros, var, "none"), color=pal.series[i], zorder=3)
        mark_point(ax_f, pal, 0.0, 0.5 * np.log(v), "", color=pal.series[i])
    ax_f.annotate(r"$\frac{1}{2}\log v$ at $r = 0$: negative for $v < 1$", (-2.9, -1.2), fontsize=7.5, color=pal.muted)
    ax_f.set_ylim(-1.5, 4.0)
    ax_df.set_ylim(-4.0, 4.0)
    ax_df.annotate(r"slope $1/v$", (0.6, 3.0), fontsize=7.5, color=pal.muted)
    ax_f.legend(loc="upper center")


def draw_poisson_nll(fig: MplFigure, pal: Palette) -> None:
    m = LOSSES["poisson-nll"]
    x = _grid("poisson-nll")
    ax_f, ax_df = _member("poisson-nll", fig, pal, df_title=r"$\partial \ell / \partial x = e^{x} - y$")
    for i, y in enumerate((0.0, 1.0, 4.0)):
        yy = np.full_like(x, y)
        ax_f.plot(x, m.loss(x, yy, "none"), color=pal.series[i], label=f"count $y = {y:g}$", zorder=3)
        ax_df.plot(x, m.grad(x, yy, "none"), color=pal.series[i], zorder=3)
        if y > 0:
            mark_point(ax_f, pal, np.log(y), float(m.loss(np.log(y), y, "none")), rf"min at $x = \log {y:g}$",
                       color=pal.series[i], offset=(4, -14))
            mark_point(ax_df, pal, np.log(y), 0.0, "", color=pal.series[i])
    ax_f.set_ylim(-4.0, 8.0)
    ax_df.set_ylim(-5.0, 8.0)
    ax_f.legend(loc="upper left")


def draw_ctc(fig: MplFigure, pal: Palette) -> None:
    m = LOSSES["ctc"]
    a = _grid("ctc", 241)
    frames, classes = 4, 3  # blank 0, labels 1 and 2
    z = np.zeros((a.size, frames, 1, classes))
    z[:, :, 0, 1] = a[:, None]
    ax_f, ax_df = _member("ctc", fig, pal, df_title=r"$\partial \ell / \partial a$ (summed over the 4 frames)")
    for i, labels in enumerate(([1], [1, 1], [1, 2])):
        tgt = np.array([labels])
        loss = np.array([m.loss(zz, tgt, [frames], [len(labels)], "sum") for zz in z])
        grad = np.array([m.grad(zz, tgt, [frames], [len(labels)], "sum")[:, 0, 1].sum() for zz in z])
        label = "target " + " ".join(map(str, labels))
        ax_f.plot(a, loss, color=pal.series[i], label=label, zorder=3)
        ax_df.plot(a, grad, color=pal.series[i], zorder=3)
    ax_f.annotate("a repeat needs a blank frame", (0.5, 6.5), fontsize=7.5, color=pal.series[1])
    ax_f.set_ylim(0.0, 9.0)
    ax_f.legend(loc="upper left")


def _seg_case(p: np.ndarray, fg: int = 4, bg: int = 16, p_bg: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Rows of predictions: ``fg`` foreground pixels at probability p, ``bg`` background pixels at p_bg."""
    pred = np.column_stack([np.repeat(p[:, None], fg, axis=1), np.full((p.size, bg), p_bg)])
    g = np.tile(np.r_[np.ones(fg), np.zeros(bg)], (p.size, 1))
    return pred, g


def draw_dice(fig: MplFigure, pal: Palette) -> None:
    m = LOSSES["dice"]
    p = np.linspace(0.0, 1.0, 401)
    pred, g = _seg_case(p, p_bg=0.1)
    ax_f, ax_df = _member("dice", fig, pal, df_title=r"$\partial \ell / \partial p_j$, one foreground pixel")
    for i, (label, params) in enumerate((("linear denominator", {"squared": False}),
                                         ("squared (Milletari)", {"squared": True}))):
        ax_f.plot(p, m.loss(pred, g, "none", **params), color=pal.series[i], label=label, zorder=3)
        ax_df.plot(p, m.grad(pred, g, "none", **params)[:, 0], color=pal.series[i], zorder=3)
    ax_f.annotate("4 foreground pixels at $p$,\n16 background at 0.1", (0.35, 0.75), fontsize=7.5, color=pal.muted)
    ax_f.set_ylim(0.0, 1.05)
    ax_f.legend(loc="lower left")


def draw_tversky(fig: MplFigure, pal: Palette) -> None:
    m = LOSSES["tversky"]
    p = np.linspace(0.0, 1.0, 401)
    pred, g = _seg_case(p, p_bg=0.1)
    ax_f, ax_df = _member("tversky", fig, pal, df_title=r"$\partial \ell / \partial p_j$, one foreground pixel")
    variants = ((r"$\alpha = \beta = 0.5$ (Dice)", 0.5, 0.5, DASHED), (r"$\alpha = 0.3, \beta = 0.7$", 0.3, 0.7, "-"),
                (r"$\alpha = 0.7, \beta = 0.3$", 0.7, 0.3, "-"))
    for i, (label, al, be, ls) in enumerate(variants):
        ax_f.plot(p, m.loss(pred, g, "none", alpha=al, beta=be), color=pal.series[i], linestyle=ls, label=label,
                  zorder=3)
        ax_df.plot(p, m.grad(pred, g, "none", alpha=al, beta=be)[:, 0], color=pal.series[i], linestyle=ls, zorder=3)
    ax_f.set_ylim(0.0, 1.05)
    ax_f.legend(loc="lower left")


def draw_arcface(fig: MplFigure, pal: Palette) -> None:
    m = LOSSES["arcface"]
    deg = np.linspace(1.0, 179.0, 357)
    th = np.radians(deg)
    x = np.column_stack([np.cos(th), np.sin(th)])
    W = np.array([[1.0, 0.0], [-1.0, 0.0]])  # the other class opposite the true one
    y = np.zeros(th.size, dtype=int)
    dx = np.column_stack([-np.sin(th), np.cos(th)])
    ax_f, ax_df = _member("arcface", fig, pal, df_title=r"$\partial \ell / \partial \theta_y$ (per radian)")
    variants = (("softmax, no margin", 0.0, 0.0, DASHED), ("CosFace $m_3 = 0.35$", 0.0, 0.35, "-"),
                ("ArcFace $m_2 = 0.5$", 0.5, 0.0, "-"))
    for i, (label, m2, m3, ls) in enumerate(variants):
        params = {"s": 16.0, "m2": m2, "m3": m3}
        ax_f.plot(deg, m.loss(x, W, y, "none", **params), color=pal.series[i], linestyle=ls, label=label, zorder=3)
        g = m.grad(x, W, y, "none", **params)
        ax_df.plot(deg, (g * dx).sum(axis=1), color=pal.series[i], linestyle=ls, zorder=3)
    ax_f.axvline(180.0 - np.degrees(0.5), color=pal.muted, linewidth=0.9, linestyle=DOTTED, zorder=2)
    ax_f.annotate(r"$\theta_y + m_2 > \pi$:" + "\nArcFace turns back", (100.0, 4.0), fontsize=7.5, color=pal.muted)
    ax_f.set_ylim(0.0, 40.0)
    ax_f.set_xlim(0.0, 180.0)
    ax_df.set_xlim(0.0, 180.0)
    ax_f.legend(loc="upper left")


def draw_supcon(fig: MplFigure, pal: Palette) -> None:
    m = LOSSES["supcon"]
    c = np.linspace(-0.99, 0.99, 397)
    labels = np.array([0, 0, 0, 1, 1, 2, 2])  # anchor 0, its 2 positives, 4 negatives in two classes
    eye = np.eye(5)
    ax_f, ax_df = _member("supcon", fig, pal, f_title=r"loss of the anchor $\ell_i$",
                          df_title=r"slope $d\ell_i / d(\hat{\mathbf{z}}_i^\top \hat{\mathbf{z}}_p)$")
    for i, tau in enumerate((0.1, 0.5)):
        loss = np.empty_like(c)
        for j, cj in enumerate(c):
            sj = np.sqrt(1.0 - cj**2)
            z = np.stack([eye[0], cj * eye[0] + sj * eye[1], cj * eye[0] + sj * eye[2], eye[3], eye[3], eye[4], eye[4]])
            loss[j] = m.loss(z, labels, "none", tau=tau)[0]
        ax_f.plot(c, loss, color=pal.series[i], label=rf"$\tau = {tau:g}$", zorder=3)
        ax_df.plot(c, np.gradient(loss, c), color=pal.series[i], zorder=3)
    mark_point(ax_f, pal, 0.0, float(np.log(6.0)), r"$\log 6$: chance among 6 others", offset=(6, 6))
    ax_f.set_ylim(0.0, 13.0)
    ax_f.legend(loc="upper right")


def draw_vae_kl(fig: MplFigure, pal: Palette) -> None:
    m = LOSSES["vae-kl"]
    mu = _grid("vae-kl")
    ax_f, ax_df = _member("vae-kl", fig, pal, df_title=r"$\partial \ell / \partial \log \sigma^2$ against $\sigma$")
    for i, sigma in enumerate((0.5, 1.0, 2.0)):
        lv = np.full_like(mu, 2.0 * np.log(sigma))
        ax_f.plot(mu, m.loss(mu, lv, "none"), color=pal.series[i], label=rf"$\sigma = {sigma:g}$", zorder=3)
    mark_point(ax_f, pal, 0.0, 0.0, r"prior: $\mu = 0, \sigma = 1$", offset=(6, 10))
    ax_f.legend(loc="upper center")
    sig = np.linspace(0.05, 3.0, 300)
    ax_df.cla()
    zero_axes(ax_df, pal)
    ax_df.plot(sig, m.loss(np.zeros_like(sig), 2.0 * np.log(sig), "none"), color=pal.c0,
               label=r"$\ell$ at $\mu = 0$", zorder=3)
    h = 1e-6  # the log-variance slope, by central differences of the loss itself
    lv = 2.0 * np.log(sig)
    slope = (m.loss(np.zeros_like(sig), lv + h, "none") - m.loss(np.zeros_like(sig), lv - h, "none")) / (2 * h)
    ax_df.plot(sig, slope, color=pal.c1, label=r"$\partial \ell / \partial \log \sigma^2$", zorder=3)
    mark_point(ax_df, pal, 1.0, 0.0, r"$\sigma = 1$", offset=(4, 8))
    ax_df.set_xlim(0.0, 3.0)
    ax_df.set_ylim(-1.0, 4.0)
    ax_df.set_xlabel(r"encoder standard deviation $\sigma$")
    ax_df.set_title(r"in $\sigma$ ($\mu = 0$)")
    ax_df.legend(loc="upper center")


FIGURES += [
    _fig("gaussian-nll", draw_gaussian_nll,
         "Gaussian NLL against the residual for three predicted variances: a wide variance flattens the "
         "parabola but pays half its log; the loss can be negative.",
         "Left: loss against the residual on [-3, 3] for variances 0.25, 1 and 4; each is a parabola with "
         "minimum half log v at zero residual, negative for v = 0.25, narrower for small v. Right: the "
         "gradients, straight lines through the origin with slopes 4, 1 and 0.25."),
    _fig("poisson-nll", draw_poisson_nll,
         "Poisson NLL on the log-rate: e^x − y x has its minimum at x = log y; for y = 0 it only pushes the "
         "rate down.",
         "Left: loss against the log-rate x from -2 to 3 for counts 0, 1 and 4; for y = 0 it is the "
         "exponential, for y = 1 and 4 convex curves with marked minima at x = 0 and x = log 4. Right: the "
         "gradients e^x - y, exponential curves crossing zero at those minima."),
    _fig("ctc", draw_ctc,
         "CTC loss of 4 frames that all favor label 1 by a logit a: target 1 is reached, target 1 1 needs a "
         "blank frame between the repeats and target 1 2 a frame of label 2, so their loss grows with a.",
         "Left: CTC loss against the logit a from -4 to 6 for targets '1', '1 1' and '1 2' (blank 0, three "
         "classes). All three are moderate at a = 0; as a grows the loss of target '1' falls to 0 while the "
         "other two rise about linearly, because a blank or a 2 must take one of the frames. Right: the "
         "derivative with respect to a, negative for all three at first, then tending to 0 for target '1' and to "
         "+1 for the other two."),
    _fig("dice", draw_dice,
         "Soft Dice loss as four foreground pixels gain probability (16 background pixels at 0.1): the "
         "squared denominator of V-Net falls faster and ends lower; with false positives neither reaches 0.",
         "Left: loss against the foreground probability p from 0 to 1 for the linear and the squared "
         "denominator; both fall from 1 towards 0 as p grows, the squared one more steeply at first. Right: "
         "the derivative with respect to one foreground pixel, negative everywhere, largest in magnitude "
         "at small p."),
    _fig("tversky", draw_tversky,
         "Tversky loss for three (alpha, beta): alpha weights the soft false positives, beta the false "
         "negatives; with 16 background pixels at 0.1, alpha = 0.7 leaves a loss of 0.22 at p = 1, alpha = 0.3 "
         "only 0.11; alpha = beta = 0.5 is the soft Dice loss.",
         "Left: loss against the foreground probability p for alpha = beta = 0.5 (dashed, soft Dice), "
         "alpha 0.3 with beta 0.7, and alpha 0.7 with beta 0.3; all fall from 1 towards a small value at "
         "p = 1, where alpha 0.7 stays highest. Right: the derivatives with respect to one foreground pixel, "
         "all negative, steepest at p = 0 for alpha 0.7."),
    _fig("arcface", draw_arcface,
         "Angular-margin losses with scale 16 against the angle between the embedding and its class weight "
         "(the other class opposite): CosFace shifts the cosine, ArcFace the angle, so both start to cost "
         "at a smaller angle than plain softmax.",
         "Left: loss against the angle to the true class from 0 to 180 degrees for softmax without margin "
         "(dashed), CosFace with m3 = 0.35 and ArcFace with m2 = 0.5; all are near 0 for small angles; the "
         "softmax curve rises from about 80 degrees, the margin curves from about 60, and all climb to "
         "30-38; a dotted line at 151 degrees marks where ArcFace's cos(theta + m) turns back, and its "
         "loss flattens and falls slightly near 180 degrees. Right: the derivatives with respect to the "
         "angle, bumps that are positive, ArcFace's dropping below zero near 180 degrees."),
    _fig("supcon", draw_supcon,
         "Supervised contrastive loss of one anchor with 2 positives and 4 orthogonal negatives as the "
         "positives' cosine to the anchor varies: lower temperature, steeper loss.",
         "Left: the anchor's loss against the cosine similarity of its two positives from -1 to 1 for "
         "temperatures 0.1 and 0.5; both pass through log 6 at similarity 0 and fall as the positives "
         "align, the 0.1 curve far more steeply, from about 11 to near 0. Right: their slopes, negative, "
         "about -1/tau for dissimilar positives and vanishing once the positives dominate."),
    _fig("vae-kl", draw_vae_kl,
         "The VAE's KL term per latent coordinate: a parabola in the mean, and in the standard deviation a "
         "curve with its minimum 0 at sigma = 1.",
         "Left: the KL against the encoder mean mu from -3 to 3 for sigma 0.5, 1 and 2; parabolas mu squared "
         "over 2 shifted up by the variance term, zero only at mu = 0, sigma = 1. Right: at mu = 0, the KL "
         "against sigma from 0 to 3, large for small sigma, zero at sigma = 1, growing again; and its "
         "derivative with respect to log sigma squared, (sigma squared - 1) / 2, crossing zero at sigma = 1."),
]
