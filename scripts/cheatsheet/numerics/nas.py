"""Neural architecture search: the DARTS mixed operation (Liu, Simonyan & Yang 2019), its
discretization, search-space counting and the MnasNet reward (Tan et al. 2019), in NumPy."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from math import comb

import numpy as np

Array = np.ndarray

DARTS_OPS = ("none", "skip_connect", "max_pool_3x3", "avg_pool_3x3", "sep_conv_3x3",
             "sep_conv_5x5", "dil_conv_3x3", "dil_conv_5x5")


def softmax(alpha: Sequence[float]) -> Array:
    r"""Architecture weights of one edge: $p_o = \frac{\exp(\alpha_o)}{\sum_{o'}\exp(\alpha_{o'})}$."""
    a = np.asarray(alpha, dtype=float)
    e = np.exp(a - a.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def mixed_op(x: Array, alpha: Sequence[float], ops: Sequence[Callable[[Array], Array]]) -> Array:
    r"""DARTS continuous relaxation of one edge:
    $\bar{o}(x) = \sum_{o \in \mathcal{O}} \frac{\exp(\alpha_o)}{\sum_{o'}\exp(\alpha_{o'})}\, o(x)$."""
    p = softmax(alpha)
    return sum(p_o * op(x) for p_o, op in zip(p, ops, strict=True))


def softmax_jacobian(alpha: Sequence[float]) -> Array:
    r"""$\partial p_o / \partial \alpha_{o'} = p_o(\delta_{oo'} - p_{o'})$, i.e. $\diag(\mathbf{p}) - \mathbf{p}\mathbf{p}^\top$."""
    p = softmax(alpha)
    return np.diag(p) - np.outer(p, p)


def discretize(alpha: Sequence[float], op_names: Sequence[str] = DARTS_OPS, exclude: str = "none") -> str:
    r"""Keep the strongest operation of an edge, zero excluded: $o^{\star} = \argmax_{o \ne \text{zero}} \alpha_o$."""
    a = np.asarray(alpha, dtype=float).copy()
    a[[i for i, n in enumerate(op_names) if n == exclude]] = -np.inf
    return op_names[int(np.argmax(a))]


def derive_cell(alphas: dict[tuple[int, int], Sequence[float]], n_nodes: int, k: int = 2,
                op_names: Sequence[str] = DARTS_OPS, exclude: str = "none") -> list[tuple[int, int, str]]:
    r"""DARTS cell derivation: for every intermediate node $j$, keep the $k$ incoming edges $(i, j)$ with
    the largest $\max_{o \ne \text{zero}} p_o^{(i,j)}$ and give each its argmax operation.
    ``alphas[(i, j)]`` holds the logits of edge $i \to j$; nodes 0 and 1 are the cell inputs."""
    keep = []
    for j in range(2, n_nodes):
        edges = [(i, j) for i in range(j)]
        mask = np.array([n != exclude for n in op_names])

        def strength(e: tuple[int, int]) -> float:
            return float(softmax(alphas[e])[mask].max())

        for e in sorted(edges, key=strength, reverse=True)[:k]:
            keep.append((e[0], e[1], discretize(alphas[e], op_names, exclude)))
    return keep


def cell_space_size(n_intermediate: int = 4, n_ops: int = 7, n_cell_inputs: int = 2, k: int = 2) -> int:
    r"""Number of discrete cells: intermediate node $j$ ($j = 0, \dots, B-1$) picks $k$ distinct inputs among
    the $n_\text{in} + j$ earlier nodes and an operation for each:
    $\lvert\mathcal{A}\rvert = \prod_{j=0}^{B-1} \binom{n_\text{in} + j}{k}\, \lvert\mathcal{O}\rvert^{k}$."""
    total = 1
    for j in range(n_intermediate):
        total *= comb(n_cell_inputs + j, k) * n_ops**k
    return total


def chain_space_size(n_layers: int, choices_per_layer: int) -> int:
    r"""A layer-wise (chain) search space: $\lvert\mathcal{A}\rvert = \lvert\mathcal{O}\rvert^{L}$."""
    return choices_per_layer**n_layers


def mnas_reward(accuracy: float, latency: float, target: float,
                alpha: float = -0.07, beta: float = -0.07) -> float:
    r"""MnasNet objective: $\text{ACC}(m) \cdot \left[\frac{\text{LAT}(m)}{T}\right]^{w}$, with $w = \alpha$ if
    $\text{LAT}(m) \le T$ and $w = \beta$ otherwise ($\alpha = \beta = -0.07$: soft constraint)."""
    w = alpha if latency <= target else beta
    return float(accuracy * (latency / target) ** w)


def darts_toy_trajectory(gains: Sequence[float], steps: int, lr: float,
                         alpha0: Sequence[float] | None = None) -> Array:
    r"""Gradient ascent of the architecture logits on a toy validation objective
    $J(\boldsymbol\alpha) = \sum_o p_o(\boldsymbol\alpha)\, r_o$ (each operation has a fixed payoff $r_o$):
    $\boldsymbol\alpha \leftarrow \boldsymbol\alpha + \eta\,(\diag(\mathbf{p}) - \mathbf{p}\mathbf{p}^\top)\,\mathbf{r}$.
    Returns the softmax weights, shape (steps + 1, |O|)."""
    r = np.asarray(gains, dtype=float)
    a = np.zeros_like(r) if alpha0 is None else np.asarray(alpha0, dtype=float).copy()
    out = [softmax(a)]
    for _ in range(steps):
        a = a + lr * softmax_jacobian(a) @ r
        out.append(softmax(a))
    return np.array(out)
