"""Figures of the Introduction: linear versus non-linear decision boundaries, and why depth needs non-linearity."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure as MplFigure

from ...numerics.activations import relu
from ...numerics.perceptron import (
    TwoLayerNet,
    perceptron_predict,
    separable_blobs,
    train_perceptron,
    two_moons_like,
)
from ..catalogue import Figure
from ..style import Palette, zero_axes


def _scatter(ax, pal: Palette, X, y) -> None:
    ax.scatter(*X[y == 0].T, s=10, marker="o", color=pal.c0, label="class 0", zorder=3)
    ax.scatter(*X[y == 1].T, s=12, marker="^", color=pal.c1, label="class 1", zorder=3)


def _region(ax, pal: Palette, predict, lim: float, *, boundary: bool = True) -> None:
    g = np.linspace(-lim, lim, 161)
    xx, yy = np.meshgrid(g, g)
    zz = predict(np.c_[xx.ravel(), yy.ravel()]).reshape(xx.shape)
    ax.contourf(xx, yy, zz, levels=[-0.5, 0.5, 1.5], cmap=ListedColormap([pal.c0, pal.c1]), alpha=0.14)
    if boundary:
        ax.contour(xx, yy, zz, levels=[0.5], colors=[pal.fg], linewidths=1.2)
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")


def draw_boundaries(fig: MplFigure, pal: Palette) -> None:
    left, right = fig.subplots(1, 2)
    X, y = separable_blobs(80, seed=1)
    w, b, epochs = train_perceptron(X, y)
    _region(left, pal, lambda P: perceptron_predict(w, b, P), 2.2, boundary=False)
    x1 = np.array([-2.2, 2.2])
    left.plot(x1, -(w[0] * x1 + b) / w[1], color=pal.fg, linewidth=1.2)  # w1 x1 + w2 x2 + b = 0
    left.set_ylim(-2.2, 2.2)
    _scatter(left, pal, X, y)
    left.set_title(f"Perceptron: a line (converged in {epochs} epochs)")

    Xx, yx = two_moons_like(240, seed=2)
    net = TwoLayerNet.init(2, 8, seed=3)
    net.fit(Xx, yx, eta=1.0, steps=3000)
    _region(right, pal, lambda P: (net.predict_proba(P) >= 0.5).astype(float), 1.2)
    _scatter(right, pal, Xx, yx)
    right.set_title("XOR: needs a hidden layer (8 tanh units)")
    right.legend(loc="lower left", fontsize=7, handletextpad=0.2, borderaxespad=0.3, frameon=True,
                 facecolor=pal.bg, edgecolor=pal.grid, framealpha=0.9)


def relu_basis(x: np.ndarray, knots: np.ndarray) -> np.ndarray:
    """Design matrix [1, x, ReLU(x - k) for each knot]: one hidden ReLU layer with fixed weights."""
    return np.column_stack([np.ones_like(x), x] + [relu(x - k) for k in knots])


def draw_relu_sum(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    x = np.linspace(-np.pi, np.pi, 801)
    target = np.sin(2 * x)
    zero_axes(ax, pal)
    ax.plot(x, target, color=pal.muted, linewidth=3.0, alpha=0.6, label=r"target $\sin 2x$")
    for units, colour in ((3, pal.c1), (12, pal.c0)):
        knots = np.linspace(-np.pi, np.pi, units + 2)[1:-1]
        A = relu_basis(x, knots)
        coef, *_ = np.linalg.lstsq(A, target, rcond=None)
        ax.plot(x, A @ coef, color=colour, label=f"{units} ReLU units")
    ax.set_xlim(-np.pi, np.pi)
    ax.set_xlabel("$x$")
    ax.set_ylabel("output")
    ax.legend(loc="upper left")


FIGURES = [
    Figure(
        name="intro-linear-vs-nonlinear",
        draw=draw_boundaries,
        caption="A perceptron can only draw a straight line; one hidden layer of non-linear units bends the boundary enough to solve XOR.",
        alt=(
            "Two scatter plots of two classes. Left: two separated blobs split by the straight "
            "boundary a perceptron learned. Right: XOR-style data in four quadrants, where a network "
            "with one hidden layer of 8 tanh units draws a curved boundary that puts opposite "
            "quadrants in the same class."
        ),
        size=(6.8, 3.3),
    ),
    Figure(
        name="intro-relu-sum",
        draw=draw_relu_sum,
        caption="A weighted sum of shifted ReLUs is piecewise linear; more units give a closer fit to any continuous function.",
        alt=(
            "A sine wave sin(2x) on [-π, π] approximated by sums of shifted ReLU units: 3 units "
            "give a coarse zig-zag, 12 units follow the sine closely."
        ),
        size=(6.4, 2.6),
    ),
]
