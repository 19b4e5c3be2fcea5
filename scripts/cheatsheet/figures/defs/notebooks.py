"""Thumbnails of the Notebooks gallery: each drawn from the numerics its notebook imports."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure as MplFigure

from ...numerics.activations import tanh, tanh_grad
from ...numerics.attention import scaled_dot_product_attention
from ...numerics.convolution import SOBEL_X, conv2d, demo_image
from ...numerics.flows import fm_path
from ...numerics.graph import karate_club, normalized_adjacency
from ...numerics.optimizers import OPTIMIZERS
from ...numerics.perceptron import two_moons_like
from ...numerics.recurrent import clip_grad_norm, scaled_orthogonal
from ...numerics.surfaces import SURFACES
from ..catalogue import Figure
from ..style import Palette

SIZE = (3.2, 2.2)
RACERS = ("sgd", "momentum", "rmsprop", "adam", "adamw", "lion")


def draw_numpy_network(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    X, y = two_moons_like(200, seed=0)
    for label, color, marker in ((0, pal.c0, "o"), (1, pal.c1, "^")):
        ax.scatter(*X[y == label].T, s=8, color=color, marker=marker, label=f"class {label}")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.legend(fontsize=7, loc="upper right")


def draw_backprop(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    x = np.linspace(-3, 3, 200)
    ax.plot(x, x * tanh(x), color=pal.c0, label=r"$f(x) = x\tanh x$")
    ax.plot(x, tanh(x) + x * tanh_grad(x), color=pal.c1, label="$f'(x)$ (backprop)")
    pts = np.linspace(-2.5, 2.5, 9)
    h = 1e-5
    fd = ((pts + h) * tanh(pts + h) - (pts - h) * tanh(pts - h)) / (2 * h)
    ax.plot(pts, fd, "o", color=pal.c2, markersize=4, label="finite differences")
    ax.set_xlabel("$x$")
    ax.legend(fontsize=6.5, loc="upper center")


def draw_optimizers_race(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    s = SURFACES["rosenbrock"]
    xx, yy = np.meshgrid(np.linspace(-1.6, 1.5, 90), np.linspace(-0.6, 1.8, 90))
    ax.contour(xx, yy, s.f(np.stack([xx, yy], axis=-1)), levels=s.levels, colors=pal.grid, linewidths=0.6)
    for i, name in enumerate(RACERS):
        o = OPTIMIZERS[name]
        path = o.run(s.grad, s.start, s.steps, lr=o.lr["rosenbrock"])
        ax.plot(*path.T, color=pal.series[i], linewidth=1.0, label=o.title)
    ax.plot(1, 1, "*", color=pal.fg, markersize=8)
    ax.set_xlim(-1.6, 1.5)
    ax.set_ylim(-0.6, 1.8)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.legend(fontsize=5.5, loc="lower right", ncol=2)


def draw_convolution(fig: MplFigure, pal: Palette) -> None:
    ax_in, ax_out = fig.subplots(1, 2)
    img = demo_image(24)
    edges = conv2d(img[None, None], SOBEL_X[None, None], padding=1)[0, 0]
    ax_in.imshow(img, cmap="gray")
    ax_in.set_title("input", color=pal.fg)
    ax_out.imshow(edges, cmap="RdBu_r", vmin=-4, vmax=4)
    ax_out.set_title("Sobel $x$ response", color=pal.fg)
    for ax in (ax_in, ax_out):
        ax.set_xticks([])
        ax.set_yticks([])


def draw_char_rnn(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    k = np.arange(1, 31)
    for i, rho in enumerate((0.9, 1.0, 1.5)):
        W = scaled_orthogonal(16, rho, seed=0)
        norms = [np.linalg.norm(np.linalg.matrix_power(W, n), 2) for n in k]
        clipped = [clip_grad_norm([np.linalg.matrix_power(W, n)], 5.0)[0][0] for n in k] if rho > 1 else None
        ax.semilogy(k, norms, color=pal.series[i], label=rf"$\rho = {rho}$")
        if clipped is not None:
            ax.semilogy(k, [np.linalg.norm(c) for c in clipped], "--", color=pal.series[i], label=r"$\rho = 1.5$, clipped at 5")
    ax.set_xlabel("lag $k$ (steps back)")
    ax.set_ylabel(r"$\Vert \mathbf{W}_{hh}^k \Vert_2$")
    ax.legend(fontsize=6)


def draw_gcn(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    A, faction = karate_club()
    vals, vecs = np.linalg.eigh(normalized_adjacency(A))
    pos = vecs[:, [-2, -3]] * np.sign(vecs[0, [-2, -3]])  # the two smoothest non-trivial directions
    for i, j in zip(*np.nonzero(np.triu(A))):
        ax.plot(*pos[[i, j]].T, color=pal.grid, linewidth=0.6, zorder=1)
    for f, color, marker, label in ((0, pal.c0, "o", "instructor's faction"), (1, pal.c1, "^", "administrator's")):
        ax.scatter(*pos[faction == f].T, s=14, color=color, marker=marker, zorder=2, label=label)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel(r"eigenvector 2 of $\hat{\mathbf{A}}$")
    ax.set_ylabel("eigenvector 3")
    ax.legend(fontsize=6, loc="best")


def draw_attention(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    T = 6
    L = 2 * T
    pos = np.eye(L)
    Q = np.zeros((L, L))
    Q[T + np.arange(T), T - 1 - np.arange(T)] = 8.0  # scored query T + k looks for source position T - 1 - k
    _, A = scaled_dot_product_attention(Q, pos, pos, is_causal=True, scale=1.0)
    ax.imshow(A, cmap="viridis", vmin=0, vmax=1)
    ax.set_xticks(range(L), ["$a_%d$" % (i + 1) for i in range(T)] + ["S"] + [str(i) for i in range(T + 2, L + 1)], fontsize=6)
    ax.set_yticks(range(0, L, 2), [str(i) for i in range(1, L + 1, 2)], fontsize=6)
    ax.set_xlabel("key position")
    ax.set_ylabel("query position")


def draw_flow_matching(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    rng = np.random.default_rng(0)
    angles = 2 * np.pi * np.arange(8) / 8
    modes = 2.0 * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    x1 = modes[rng.integers(0, 8, 400)] + 0.15 * rng.standard_normal((400, 2))
    x0 = rng.standard_normal((400, 2))
    ts = np.linspace(0, 1, 2)[:, None, None]
    for path in np.moveaxis(fm_path(x0[:16], x1[:16], ts), 1, 0):
        ax.plot(*path.T, color=pal.muted, linewidth=0.6, zorder=1)
    ax.scatter(*x0.T, s=3, color=pal.c1, marker="^", label=r"noise $\mathbf{x}_0$", zorder=2)
    ax.scatter(*x1.T, s=3, color=pal.c0, label=r"data $\mathbf{x}_1$", zorder=2)
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.legend(fontsize=6, loc="upper right", markerscale=2)


def _f(name: str, draw, caption: str, alt: str) -> Figure:
    return Figure(name=name, draw=draw, caption=caption, alt=alt, size=SIZE)


FIGURES = [
    _f("notebook-numpy-network", draw_numpy_network,
       "XOR-style data the NumPy network learns to separate.",
       "Two hundred points in the square from -1 to 1; class 1 (triangles) fills the first and third "
       "quadrants and class 0 (circles) the second and fourth, a pattern no straight line separates."),
    _f("notebook-backprop", draw_backprop,
       "f(x) = x tanh x and its derivative from backpropagation, with finite differences as dots.",
       "A U-shaped curve x tanh x and its S-shaped derivative running from -1 to 1; nine finite-difference "
       "dots sit exactly on the derivative curve."),
    _f("notebook-optimizers-race", draw_optimizers_race,
       "Six optimizers on the Rosenbrock valley, 500 steps each at the Optimizers page's learning rates.",
       "Contours of the curved Rosenbrock valley with six paths from (-1.2, 1): SGD and RMSProp stop halfway "
       "along the valley floor, AdamW a little further, while momentum, Adam and Lion reach the star at (1, 1)."),
    _f("notebook-convolution", draw_convolution,
       "A test image and its response to the Sobel x kernel, computed with im2col.",
       "Left, a bright square and a diagonal bar on black; right, the filter response: red where brightness "
       "rises to the right (left edges), blue where it falls (right edges), zero on flat regions."),
    _f("notebook-char-rnn", draw_char_rnn,
       "Norm of the recurrent Jacobian product over k steps for spectral radius 0.9, 1 and 1.5, and clipping.",
       "On a log scale, the norm falls geometrically for radius 0.9, stays at 1 for radius 1 and grows "
       "geometrically for radius 1.5, passing 10 000 within 25 steps; the clipped version stays flat at 5."),
    _f("notebook-gcn", draw_gcn,
       "Zachary's karate club laid out by two eigenvectors of the GCN propagation matrix, by faction.",
       "The 34 members and 78 friendships of the karate club; laid out by the eigenvectors of the normalized "
       "adjacency, the instructor's faction (circles) and the administrator's (triangles) fall on opposite sides of zero along the first axis, all but two members."),
    _f("notebook-attention", draw_attention,
       "The attention pattern that reverses a sequence, under a causal mask: each output position reads the mirrored source digit.",
       "A 12 by 12 map of attention weights, zero above the diagonal (the causal mask); rows 1 to 6 spread their weight "
       "evenly over their past, and rows 7 to 12 put all of it on one key each, on an anti-diagonal from a6 down to a1."),
    _f("notebook-flow-matching", draw_flow_matching,
       "Flow matching's training pairs: straight paths from Gaussian noise to a ring of eight Gaussian modes.",
       "A round cloud of noise points around the origin, a ring of eight tight clusters at radius 2, and sixteen straight "
       "grey segments each joining one noise point to one data point."),
]
