"""Figures of the graph-model pages: over-smoothing under repeated GCN propagation (GNN), the spectral
filter of the renormalized propagation (GCN), and GCN vs GAT neighbor weights on a small graph (GAT)."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure as MplFigure

from ...numerics.graph import (
    add_self_loops,
    augmented_laplacian,
    gat_attention,
    normalized_adjacency,
    normalized_laplacian,
    oversmoothing_curve,
    propagation_filter,
    stochastic_block_model,
)
from ..catalogue import Figure
from ..style import Palette, asymptote, mark_point

DEPTHS = np.arange(0, 41)


def _sbm(p_in: float, p_out: float, seed: int = 1):
    return stochastic_block_model([15, 15], p_in, p_out, seed=seed)


def draw_oversmoothing(fig: MplFigure, pal: Palette) -> None:
    left, right = fig.subplots(1, 2)
    X = np.random.default_rng(0).normal(size=(30, 8))
    for (p_in, p_out, label), color in zip(
        ((0.6, 0.05, r"dense, $p_\mathrm{in} = 0.6$"), (0.25, 0.03, r"sparse, $p_\mathrm{in} = 0.25$"),
         (0.12, 0.02, r"very sparse, $p_\mathrm{in} = 0.12$")),
        (pal.c0, pal.c1, pal.c2),
    ):
        A, _ = _sbm(p_in, p_out)
        curve = oversmoothing_curve(A, X, DEPTHS)
        left.plot(DEPTHS, curve, color=color, label=label, zorder=3)
    A, labels = _sbm(0.25, 0.03)
    curve = oversmoothing_curve(A, X, DEPTHS)
    mark_point(left, pal, 2, curve[2], f"2 layers: {curve[2]:.2f}", color=pal.c1, offset=(6, 4))
    left.set_yscale("log")
    left.set_xlim(0, DEPTHS[-1])
    left.set_ylim(1e-6, 1.5)
    left.set_xlabel(r"propagation steps $k$ (layers)")
    left.set_ylabel(r"$E(\hat{\mathbf{A}}^k\mathbf{X}) \,/\, E(\mathbf{X})$")
    left.set_title("Dirichlet energy decays geometrically")
    left.legend(loc="lower left", fontsize=7)

    # one feature per node, divided by sqrt(d~): every trace converges to the same value
    P = normalized_adjacency(A)
    d = add_self_loops(A).sum(axis=1)
    x = X[:, 0].copy()
    traces = [x / np.sqrt(d)]
    for _ in DEPTHS[1:]:
        x = P @ x
        traces.append(x / np.sqrt(d))
    traces = np.array(traces)
    for i in range(len(A)):
        right.plot(DEPTHS, traces[:, i], color=pal.c0 if labels[i] == 0 else pal.c3, linewidth=0.8, alpha=0.85)
    limit = traces[-1].mean()
    asymptote(right, pal, limit, "common limit")
    right.plot([], [], color=pal.c0, label="community 1")
    right.plot([], [], color=pal.c3, label="community 2")
    right.set_xlim(0, 20)
    right.set_xlabel(r"propagation steps $k$")
    right.set_ylabel(r"node feature $x_i / \sqrt{\tilde d_i}$")
    right.set_title("node features become indistinguishable")
    right.legend(loc="upper right", fontsize=7)


def draw_spectrum(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    lam = np.linspace(0.0, 2.0, 401)
    ax.axhline(0.0, color=pal.muted, linewidth=0.8, zorder=1)
    ax.plot(lam, 2.0 - lam, color=pal.c3, linestyle="--", label=r"no trick: $2 - \lambda$ ($\mathbf{I} + \mathbf{D}^{-1/2}\mathbf{A}\mathbf{D}^{-1/2}$)", zorder=3)
    for k, color in ((1, pal.c0), (2, pal.c1), (8, pal.c2)):
        ax.plot(lam, propagation_filter(lam, k), color=color, label=rf"$(1 - \tilde\lambda)^{{{k}}}$: {k} layer{'s' if k > 1 else ''}", zorder=3)
    A, _ = _sbm(0.25, 0.03)
    ev_aug = np.linalg.eigvalsh(augmented_laplacian(A))
    ev = np.linalg.eigvalsh(normalized_laplacian(A))
    ax.plot(ev_aug, np.full_like(ev_aug, -0.9), "|", color=pal.c0, markersize=8, label=r"eigenvalues $\tilde\lambda$ (with self-loops)")
    ax.plot(ev, np.full_like(ev, -1.15), "|", color=pal.c3, markersize=8, label=r"eigenvalues $\lambda$ (without)")
    mark_point(ax, pal, ev_aug[-1], propagation_filter(ev_aug[-1]), rf"$\tilde\lambda_\max = {ev_aug[-1]:.2f} < 2$",
               color=pal.c0, offset=(-30, -16))
    mark_point(ax, pal, 0.0, 1.0, "smooth signal kept", color=pal.c0, offset=(6, 4))
    ax.set_xlim(0, 2)
    ax.set_ylim(-1.3, 2.05)
    ax.set_xlabel(r"graph frequency: eigenvalue of the normalized Laplacian")
    ax.set_ylabel("filter gain")
    ax.set_title("GCN is a low-pass filter; the renormalization keeps the gain in (-1, 1]")
    ax.legend(loc="upper right", fontsize=6.8)


# A small graph with a hub (node 0) and fixed positions.
SMALL_EDGES = [(0, 1), (0, 2), (0, 3), (0, 4), (1, 2), (3, 4), (4, 5), (5, 6), (2, 6)]
SMALL_POS = np.array([[0.0, 0.0], [-1.0, 0.9], [0.1, 1.25], [-1.1, -0.7], [0.3, -1.15], [1.3, -0.6], [1.25, 0.75]])


def small_graph() -> tuple[np.ndarray, np.ndarray]:
    """Adjacency of the drawn graph and 2-D node features (seeded)."""
    A = np.zeros((7, 7))
    for i, j in SMALL_EDGES:
        A[i, j] = A[j, i] = 1.0
    X = np.random.default_rng(3).normal(size=(7, 2))
    return A, X


def draw_gat_graph(fig: MplFigure, pal: Palette) -> None:
    A, X = small_graph()
    rng = np.random.default_rng(1)
    W, a = rng.normal(size=(3, 2)), rng.normal(size=6)  # one head, F = 2 -> F' = 3
    weights = {
        "GCN: fixed $1/\\sqrt{\\tilde d_i \\tilde d_j}$": normalized_adjacency(A),
        r"GAT: learned $\alpha_{ij}$ (rows sum to 1)": gat_attention(A, X, W, a),
    }
    axes = fig.subplots(1, 2)
    i = 0  # the query node whose incoming weights are drawn
    for ax, (title, M) in zip(axes, weights.items()):
        for u, v in SMALL_EDGES:
            ax.plot(*SMALL_POS[[u, v]].T, color=pal.grid, linewidth=1.0, zorder=1)
        for j in np.nonzero(add_self_loops(A)[i])[0]:
            w = M[i, j]
            if j != i:
                ax.plot(*SMALL_POS[[i, j]].T, color=pal.c0, linewidth=1 + 14 * w, alpha=0.8, zorder=2,
                        solid_capstyle="round")
                mid = 0.55 * SMALL_POS[j] + 0.45 * SMALL_POS[i]
                ax.annotate(f"{w:.2f}", mid, xytext=(4, 4), textcoords="offset points", fontsize=7.5, color=pal.fg,
                            zorder=6)
            else:
                ax.annotate(f"self {w:.2f}", SMALL_POS[i], xytext=(8, -14), textcoords="offset points",
                            fontsize=7.5, color=pal.fg, zorder=6)
        for n, (px, py) in enumerate(SMALL_POS):
            ax.plot(px, py, "o", markersize=13, color=pal.c1 if n == i else pal.muted, zorder=4)
            ax.annotate(str(n), (px, py), ha="center", va="center", fontsize=7.5, color=pal.bg, zorder=5)
        ax.set_title(title)
        ax.set_aspect("equal")
        ax.set_xlim(-1.6, 1.7)
        ax.set_ylim(-1.5, 1.6)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
        for s in ax.spines.values():
            s.set_visible(False)


FIGURES = [
    Figure(
        name="gnn-oversmoothing",
        draw=draw_oversmoothing,
        caption=(
            "Over-smoothing: repeated parameter-free GCN propagation on two-community random graphs (30 nodes). "
            "Left: the Dirichlet energy, which measures how much neighboring features differ, falls geometrically "
            "with depth, faster on denser graphs. Right: a single feature per node (scaled by the inverse square "
            "root of the degree) loses the community structure and converges to one value."
        ),
        alt=(
            "Left panel: three curves of relative Dirichlet energy on a log scale fall from 1 toward 1e-6 as the "
            "number of propagation steps grows from 0 to 40, the densest graph fastest. Right panel: thirty node "
            "traces colored by community start spread out and merge into a single horizontal line within about "
            "ten steps."
        ),
        size=(7.0, 2.9),
    ),
    Figure(
        name="gcn-spectrum",
        draw=draw_spectrum,
        caption=(
            "Spectral view of GCN: one propagation multiplies each graph frequency by 1 - eigenvalue. With self-loops "
            "(the renormalization trick) the eigenvalues stay below 2, so the gain stays in (-1, 1] and stacking "
            "k layers gives (1 - eigenvalue)^k, a stronger low-pass filter; without the trick the gain 2 - eigenvalue "
            "reaches 2 and repeated application is numerically unstable."
        ),
        alt=(
            "Filter gain against eigenvalue from 0 to 2: the line 1 - eigenvalue falls from 1 to -1, its square "
            "and eighth power dip toward 0 away from the origin, and a dashed line 2 - eigenvalue starts at 2. "
            "Tick marks below show the eigenvalues of a sample graph, which end before 2 when self-loops are added."
        ),
        size=(6.4, 3.2),
    ),
    Figure(
        name="gat-attention-graph",
        draw=draw_gat_graph,
        caption=(
            "Weights with which node 0 aggregates its neighbors and itself on a seven-node graph (edge width "
            "proportional to the weight). GCN's weights depend only on degrees; GAT computes them from the "
            "features, so one neighbor can dominate, and they sum to 1."
        ),
        alt=(
            "Two copies of the same seven-node graph with node 0 in the center highlighted. Left, GCN: the four "
            "edges from node 0 have similar widths with weights between 0.2 and 0.26. Right, GAT: the edge widths "
            "differ strongly, with one neighbor receiving most of the attention."
        ),
        size=(6.6, 3.0),
    ),
]
