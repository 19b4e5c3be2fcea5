"""Figures of the feed-forward and recurrent architecture pages: depth versus width for ReLU MLPs,
vanishing/exploding gradients through time, and how gates keep memory."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure as MplFigure

from ...numerics.activations import sigmoid
from ...numerics.feedforward import count_linear_pieces, max_pieces_shallow, mlp_forward, sawtooth_net
from ...numerics.recurrent import (
    gradient_norms_vs_lag,
    lstm_cell_survival,
    pytorch_default_params,
    scaled_orthogonal,
    typical_gradient_norms,
)
from ..catalogue import Figure
from ..style import Palette, asymptote, mark_point


def draw_mlp_depth_vs_width(fig: MplFigure, pal: Palette) -> None:
    left, right = fig.subplots(1, 2)
    x = np.linspace(0.0, 1.0, 2**9 + 1)
    for depth, colour in ((1, pal.c0), (2, pal.c1), (3, pal.c2)):
        W, b = sawtooth_net(depth)
        y = mlp_forward(x[:, None], W, b)[:, 0]
        pieces = count_linear_pieces(x, y)
        left.plot(x, y, color=colour, label=f"{depth} hidden layer{'s' if depth > 1 else ''}: {pieces} pieces")
    mark_point(left, pal, 0.5, 1.0, "kink", offset=(-26, 2))
    left.set_xlim(0, 1)
    left.set_ylim(-0.02, 1.55)
    left.set_xlabel("input $x$")
    left.set_ylabel("network output")
    left.set_title("2 ReLU units per layer, stacked")
    left.legend(loc="upper center", ncol=1, fontsize=7)

    units = np.arange(2, 21, 2)
    deep = []
    for n in units:
        W, b = sawtooth_net(n // 2)
        xs = np.linspace(0.0, 1.0, 2**12 + 1)
        deep.append(count_linear_pieces(xs, mlp_forward(xs[:, None], W, b)[:, 0]))
    right.semilogy(units, [max_pieces_shallow(n) for n in units], "o-", color=pal.c0, markersize=3.5,
                   label="1 hidden layer (best case $n+1$)")
    right.semilogy(units, deep, "s-", color=pal.c1, markersize=3.5, label="$n/2$ layers of 2 units ($2^{n/2}$)")
    mark_point(right, pal, units[-1], deep[-1], f"{deep[-1]}", offset=(-22, -4))
    right.set_xlabel("hidden ReLU units $n$")
    right.set_ylabel("linear pieces on $[0, 1]$")
    right.set_title("Depth multiplies, width adds")
    right.set_xticks(units)
    right.legend(loc="upper left", fontsize=7)


def draw_rnn_gradient_decay(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    H, I, T = 32, 4, 60
    rng = np.random.default_rng(0)
    X = rng.standard_normal((T, I))
    W_ih = 0.5 * rng.standard_normal((H, I))
    k = np.arange(1, T + 1)
    for rho, colour in ((0.5, pal.c0), (0.9, pal.c1), (1.0, pal.c2), (2.0, pal.c3)):
        params = {"weight_ih_l0": W_ih, "weight_hh_l0": scaled_orthogonal(H, rho, seed=1),
                  "bias_ih_l0": np.zeros(H), "bias_hh_l0": np.zeros(H)}
        norms = gradient_norms_vs_lag("rnn", params, X)
        ax.semilogy(k, norms, color=colour, label=rf"$\rho = {rho:g}$ (tanh RNN)")
        ax.semilogy(k, rho ** k, color=colour, linestyle=(0, (3, 2)), linewidth=1.0)
    asymptote(ax, pal, 1.0, "norm 1")
    ax.set_xlim(1, T)
    ax.set_ylim(1e-12, 1e6)
    ax.set_xlabel("time lag $k$ (steps back)")
    ax.set_ylabel(r"$\Vert \partial \mathbf{h}_T / \partial \mathbf{h}_{T-k} \Vert_2$")
    ax.annotate(r"dashed: bound $\rho^k$ (linear RNN)", (0.02, 0.04), xycoords="axes fraction",
                fontsize=7.5, color=pal.muted)
    ax.legend(loc="upper right", fontsize=7, ncol=2)


def draw_lstm_cell_survival(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    T = 100
    rng = np.random.default_rng(1234)
    X = rng.standard_normal((T, 16))
    k = np.arange(1, T + 1)
    for bias, colour in ((0.0, pal.c0), (1.0, pal.c1), (3.0, pal.c2), (5.0, pal.c3)):
        surv = lstm_cell_survival(pytorch_default_params("lstm", 16, 64, seed=0, keep_bias=bias), X)
        ax.semilogy(k, surv, color=colour,
                    label=rf"LSTM, forget bias {bias:+g} ($\sigma(b_f) \approx {float(sigmoid(bias)):.2f}$)")
    rnn = typical_gradient_norms("rnn", steps=T)
    ax.semilogy(k, rnn, color=pal.fg, linestyle=(0, (4, 2)), label=r"tanh RNN $\Vert\partial\mathbf{h}_T/\partial\mathbf{h}_{T-k}\Vert$")
    kept = lstm_cell_survival(pytorch_default_params("lstm", 16, 64, seed=0, keep_bias=5.0), X)[-1]
    mark_point(ax, pal, T, float(kept), f"{kept:.2f} kept after {T} steps", color=pal.c3, offset=(-110, -12))
    ax.set_xlim(1, T)
    ax.set_ylim(1e-14, 2)
    ax.set_xlabel("steps $k$")
    ax.set_ylabel(r"mean $\prod f_t$ = cell state kept")
    ax.legend(loc="lower left", fontsize=7)


def draw_gru_memory(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    T = 100
    k = np.arange(1, T + 1)
    curves = (
        ("rnn", 0.0, pal.fg, "tanh RNN", (0, (4, 2))),
        ("gru", 0.0, pal.c0, "GRU (default init)", "-"),
        ("gru", 2.0, pal.c0, "GRU, update-gate bias +2", (0, (1, 1.5))),
        ("lstm", 0.0, pal.c1, "LSTM (default init)", "-"),
        ("lstm", 1.0, pal.c1, "LSTM, forget bias +1", (0, (1, 1.5))),
    )
    for kind, bias, colour, label, ls in curves:
        norms = typical_gradient_norms(kind, steps=T, keep_bias=bias)
        ax.semilogy(k, norms, color=colour, linestyle=ls, label=label)
        if kind == "gru" and bias:
            mark_point(ax, pal, T, float(norms[-1]), f"{norms[-1]:.0e} at k = {T}", color=colour, offset=(-70, 6))
    asymptote(ax, pal, 1.0)
    ax.set_xlim(1, T)
    ax.set_ylim(1e-20, 3)
    ax.set_xlabel("time lag $k$ (steps back)")
    ax.set_ylabel(r"$\Vert \partial \mathbf{s}_T / \partial \mathbf{s}_{T-k} \Vert_2$")
    ax.legend(loc="lower left", fontsize=7)


FIGURES = [
    Figure(
        name="mlp-depth-vs-width",
        draw=draw_mlp_depth_vs_width,
        caption=(
            "A ReLU MLP computes a piecewise-linear function. Stacking the same 2-unit layer doubles the "
            "number of linear pieces each time (Telgarsky's sawtooth), while one wide hidden layer of n units "
            "has at most n + 1 pieces on a line."
        ),
        alt=(
            "Left: the outputs of ReLU networks with 1, 2 and 3 hidden layers of 2 units on [0, 1] are a "
            "tent, a double tent and a four-tooth sawtooth with 2, 4 and 8 linear pieces. Right, log scale: "
            "linear pieces versus hidden units; a single layer grows as a straight line n + 1 up to 21, "
            "stacked 2-unit layers grow exponentially as 2 to the n/2, reaching 1024 at 20 units."
        ),
        size=(6.8, 2.8),
    ),
    Figure(
        name="rnn-gradient-decay",
        draw=draw_rnn_gradient_decay,
        caption=(
            "Norm of the Jacobian product that backpropagation through time multiplies, for a tanh RNN whose "
            "recurrent matrix is orthogonal times a spectral radius ρ. Below ρ = 1 it vanishes geometrically; "
            "the dashed lines ρ^k are the linear-RNN bound, and tanh saturation only shrinks it further."
        ),
        alt=(
            "Log-scale plot of gradient norm against time lag from 1 to 60 steps. For spectral radius 0.5 "
            "the norm falls below 1e-11 within 30 steps; for 0.9 and 1.0 it falls steadily to about 1e-13 "
            "and 1e-11 at 60 steps; for 2.0 it grows slowly from 2 to a few hundred, far below the dashed bound 2 to the k, "
            "which leaves the plot. "
            "Every solid curve lies below its dashed bound."
        ),
        size=(6.4, 3.0),
    ),
    Figure(
        name="lstm-cell-survival",
        draw=draw_lstm_cell_survival,
        caption=(
            "Fraction of the LSTM cell state that survives k steps along the additive path c_t = f_t ⊙ c_(t−1) + …, "
            "measured on random inputs at PyTorch's default initialization with the forget-gate bias shifted, "
            "against the gradient decay of a tanh RNN of the same size."
        ),
        alt=(
            "Log-scale plot over 100 steps. With forget bias 0 the gates sit near 0.5 and the kept fraction "
            "halves each step, falling as fast as the tanh RNN's gradient; bias +1 (forget gate about 0.73) "
            "decays more slowly, bias +3 keeps about 1 percent after 100 steps, and bias +5 keeps about "
            "half of the cell state after 100 steps."
        ),
        size=(6.4, 3.0),
    ),
    Figure(
        name="gru-memory-vs-lag",
        draw=draw_gru_memory,
        caption=(
            "Norm of the state Jacobian ∂s_T/∂s_(T−k) (h for the RNN and GRU, [h; c] for the LSTM) at PyTorch's "
            "default initialization, 64 units, random inputs, geometric mean over 4 seeds. Gates alone help "
            "little at init; biasing them toward keeping the state lengthens the memory by orders of magnitude."
        ),
        alt=(
            "Log-scale plot of Jacobian norm against lag up to 100 steps. The tanh RNN falls fastest, to about "
            "1e-20 well before 100 steps; the GRU and LSTM at default init fall almost as fast; the GRU with "
            "update-gate bias +2 and the LSTM with forget bias +1 decay far more slowly, staying above 1e-10 at "
            "100 steps."
        ),
        size=(6.4, 3.0),
    ),
]
