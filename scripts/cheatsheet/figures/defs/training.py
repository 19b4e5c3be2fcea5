"""Figures of "Training neural networks": gradient flow through depth, early stopping,
L1 versus L2 (constraint regions and regularization paths)."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure as MplFigure
from matplotlib.lines import Line2D

from ...numerics.backprop import layer_gradient_norms
from ...numerics.regularization import (
    early_stopping,
    lasso_ista,
    polynomial_gd_curves,
    quadratic_lasso,
    quadratic_ridge,
    regression_problem,
    ridge,
)
from ..catalogue import Figure
from ..style import Palette, mark_point, zero_axes

DEPTH = 20
PATIENCE = 100
# the quadratic loss (w - w*)^T A (w - w*) of the constraint-region picture
QUAD_A = np.array([[1.0, -0.4], [-0.4, 1.2]])
QUAD_W_STAR = np.array([2.0, 0.8])
QUAD_LAMBDA_L1 = 2.0
QUAD_LAMBDA_L2 = 1.5


def draw_gradient_depth(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    layers = np.arange(1, DEPTH + 1)
    runs = (("sigmoid", "xavier", "sigmoid, Glorot init", pal.c1),
            ("tanh", "xavier", "tanh, Glorot init", pal.c2),
            ("relu", "he", "ReLU, He init", pal.c0))
    for act, scheme, label, colour in runs:
        norms = layer_gradient_norms(act, depth=DEPTH, scheme=scheme)
        ax.plot(layers, norms, "o-", markersize=3, color=colour, label=label)
        if act == "sigmoid":
            mark_point(ax, pal, 1, norms[0], f"layer 1: {norms[0]:.0e}", color=colour, offset=(8, -2))
    ax.set_yscale("log")
    ax.set_xlim(0.5, DEPTH + 0.5)
    ax.set_xticks([1, 5, 10, 15, 20])
    ax.set_xlabel(r"layer $l$ (1 = next to the input)")
    ax.set_ylabel(r"$\Vert\partial\mathcal{L}/\partial\mathbf{W}^{(l)}\Vert_F$")
    ax.legend(loc="lower right")


def draw_early_stopping(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    curves = polynomial_gd_curves(1000)
    epochs = np.arange(1, len(curves.train) + 1)
    best, stop = early_stopping(curves.val, PATIENCE)
    ax.plot(epochs, curves.train, color=pal.c0, label="training loss")
    ax.plot(epochs, curves.val, color=pal.c1, label="validation loss")
    ax.axvspan(epochs[best], epochs[stop], color=pal.grid, alpha=0.5, zorder=0, linewidth=0)
    ax.axvline(epochs[best], color=pal.muted, linestyle=(0, (4, 3)), linewidth=0.9)
    mark_point(ax, pal, epochs[best], curves.val[best], f"best: epoch {epochs[best]}, keep these weights",
               color=pal.c1, offset=(-40, 10))
    mark_point(ax, pal, epochs[stop], curves.val[stop], f"stop: {PATIENCE} epochs without improvement",
               color=pal.c1, offset=(-60, -14))
    ax.annotate("overfitting", (400, curves.val[399]), xytext=(0, 10), textcoords="offset points",
                ha="center", fontsize=7.5, color=pal.muted)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(1, len(epochs))
    ax.set_xlabel("epoch (one full-batch gradient step)")
    ax.set_ylabel("mean squared error")
    ax.legend(loc="lower left")


def _constraint_panel(ax, pal: Palette, w_hat: np.ndarray, kind: str) -> None:
    lim = (-1.2, 2.6)
    g = np.linspace(*lim, 161)
    W1, W2 = np.meshgrid(g, g)
    D = np.stack([W1 - QUAD_W_STAR[0], W2 - QUAD_W_STAR[1]])
    loss = np.einsum("i...,ij,j...->...", D, QUAD_A, D)
    level = float((w_hat - QUAD_W_STAR) @ QUAD_A @ (w_hat - QUAD_W_STAR))
    zero_axes(ax, pal)
    ax.contour(W1, W2, loss, levels=level * np.array([0.15, 0.45, 1.0, 1.8, 3.0]),
               colors=[pal.c0], linewidths=0.9)
    if kind == "l1":
        t = np.abs(w_hat).sum()
        region = np.array([[t, 0], [0, t], [-t, 0], [0, -t], [t, 0]])
        ax.fill(region[:, 0], region[:, 1], color=pal.c1, alpha=0.22, linewidth=0)
        ax.plot(region[:, 0], region[:, 1], color=pal.c1)
        ax.set_title(r"L1: $\Vert\mathbf{w}\Vert_1 \leq t$ (diamond)")
        label = rf"$\hat{{\mathbf{{w}}}}$ = ({w_hat[0]:.2f}, {w_hat[1]:.0f}): sparse"
    else:
        t = np.linalg.norm(w_hat)
        phi = np.linspace(0, 2 * np.pi, 400)
        ax.fill(t * np.cos(phi), t * np.sin(phi), color=pal.c2, alpha=0.22, linewidth=0)
        ax.plot(t * np.cos(phi), t * np.sin(phi), color=pal.c2)
        ax.set_title(r"L2: $\Vert\mathbf{w}\Vert_2 \leq t$ (disk)")
        label = rf"$\hat{{\mathbf{{w}}}}$ = ({w_hat[0]:.2f}, {w_hat[1]:.2f})"
    mark_point(ax, pal, *QUAD_W_STAR, r"$\mathbf{w}^*$ (unregularized)", offset=(-62, 8))
    mark_point(ax, pal, *w_hat, label, offset=(4, -16))
    ax.set_xlim(*lim)
    ax.set_ylim(*lim)
    ax.set_aspect("equal")
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")


def draw_l1_vs_l2(fig: MplFigure, pal: Palette) -> None:
    left, right = fig.subplots(1, 2)
    _constraint_panel(left, pal, quadratic_lasso(QUAD_A, QUAD_W_STAR, QUAD_LAMBDA_L1), "l1")
    _constraint_panel(right, pal, quadratic_ridge(QUAD_A, QUAD_W_STAR, QUAD_LAMBDA_L2), "l2")


def draw_paths(fig: MplFigure, pal: Palette) -> None:
    left, right = fig.subplots(1, 2, sharey=True)
    X, y, w_true = regression_problem()
    lams = np.logspace(-3, 1, 60)
    ridge_path = np.array([ridge(X, y, lam) for lam in lams[::-1]])[::-1]
    lasso_path, w = [], None
    for lam in lams[::-1]:  # warm start from large lambda (all zero) down
        w = lasso_ista(X, y, lam, steps=800, w0=w)
        lasso_path.append(w)
    lasso_path = np.array(lasso_path[::-1])
    colours = pal.series
    for ax, path, title in ((left, lasso_path, r"L1 (lasso): $\frac{1}{2n}\Vert\mathbf{y}-\mathbf{Xw}\Vert^2+\lambda\Vert\mathbf{w}\Vert_1$"),
                            (right, ridge_path, r"L2 (ridge): $\ldots+\frac{\lambda}{2}\Vert\mathbf{w}\Vert_2^2$")):
        zero_axes(ax, pal)
        for j in range(path.shape[1]):
            ax.plot(lams, path[:, j], color=colours[j % len(colours)],
                    linestyle="-" if w_true[j] != 0 else (0, (3, 2)))
        ax.set_xscale("log")
        ax.set_xlim(lams[0], lams[-1])
        ax.set_xlabel(r"$\lambda$")
        ax.set_title(title, fontsize=8.5)
    left.set_ylabel(r"weight $\hat{w}_j$")
    # where each lasso weight leaves zero, reading lambda from large to small
    for j in range(lasso_path.shape[1]):
        nz = np.nonzero(np.abs(lasso_path[:, j]) > 1e-10)[0]
        if len(nz) and w_true[j] != 0:
            k = nz.max()
            left.plot([lams[k]], [0.0], "o", markersize=3.5, color=colours[j % len(colours)], zorder=5)
    right.legend(handles=[Line2D([], [], color=pal.muted, label="true weight nonzero"),
                          Line2D([], [], color=pal.muted, linestyle=(0, (3, 2)), label="true weight 0")],
                 loc="upper right")


FIGURES = [
    Figure(
        name="training-gradient-depth",
        draw=draw_gradient_depth,
        caption=(f"Gradient norm per layer of a freshly initialized {DEPTH}-layer MLP (128 units, batch of 256, MSE "
                 "loss, computed by the NumPy backward pass of this page). Sigmoid's derivative is at most 1/4, so "
                 "the gradient shrinks by about 4x per layer; tanh with Glorot init and ReLU with He init keep it flat."),
        alt=("Log-scale plot of the Frobenius norm of the weight gradient against layer index 1 to 20. The sigmoid "
             "curve falls steadily from about 10 at the output layer to about 1e-12 at layer 1. The tanh curve stays "
             "near 0.6 to 0.8 and the ReLU curve near 4 to 25 across all layers."),
        size=(6.4, 2.8),
    ),
    Figure(
        name="training-early-stopping",
        draw=draw_early_stopping,
        caption=("Full-batch gradient descent on a degree-15 polynomial regression of 20 noisy points of "
                 "sin(πx): training loss keeps falling while validation loss reaches its minimum early and then "
                 f"rises. Early stopping with patience {PATIENCE} stops at the end of the shaded band and restores "
                 "the best weights."),
        alt=("Log-log plot of mean squared error against epoch 1 to 1000. The training curve decreases "
             "monotonically to below 0.01. The validation curve falls to a minimum of about 0.15 near epoch 22, "
             "marked as the best epoch, then climbs above 0.5; a second marker 100 epochs later shows where early "
             "stopping halts, with the band between them shaded."),
        size=(6.4, 2.9),
    ),
    Figure(
        name="training-l1-vs-l2",
        draw=draw_l1_vs_l2,
        caption=("The penalized solution is where a loss contour first touches the constraint region. The L1 "
                 "diamond has corners on the axes, so the contact point often has a zero coordinate; the L2 disk "
                 "is round, so both weights shrink but stay nonzero. Quadratic loss with minimum w* = (2, 0.8)."),
        alt=("Two panels in the w1-w2 plane with elliptical loss contours centred on the unregularized minimum at "
             "(2, 0.8). Left: a shaded diamond; the innermost touching contour meets it at its corner on the w1 axis, "
             "at (0.68, 0), so w2 is exactly zero. Right: a shaded disk; the contour touches it at a point where both "
             "w1 and w2 are positive."),
        size=(6.6, 3.3),
    ),
    Figure(
        name="training-regularization-paths",
        draw=draw_paths,
        caption=("Regularization paths on a seeded regression with 6 correlated features, 2 of them irrelevant "
                 "(dashed): lasso (solved by proximal gradient) sets weights exactly to zero one by one as λ grows, "
                 "ridge (closed form) shrinks all of them smoothly towards zero without reaching it."),
        alt=("Two panels of weight against regularization strength lambda on a log axis from 0.001 to 10. Left, "
             "lasso: the six weight curves reach exactly zero at different lambdas, the irrelevant ones first, "
             "and all are zero beyond about lambda 2. Right, ridge: all six curves shrink gradually and are still "
             "nonzero at lambda 10."),
        size=(6.8, 2.9),
    ),
]
