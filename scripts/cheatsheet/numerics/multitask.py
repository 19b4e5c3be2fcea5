"""Multi-task loss weighting and gradient surgery: uncertainty weighting (Kendall et al. 2018),
the GradNorm target (Chen et al. 2018) and PCGrad (Yu et al. 2020), on NumPy arrays."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

Array = np.ndarray


def uncertainty_weighted_loss(losses: Sequence[float], log_vars: Sequence[float],
                              kinds: Sequence[str]) -> float:
    r"""Kendall, Gal & Cipolla (2018), written with $s_i = \log \sigma_i^2$:

    $\mathcal{L} = \sum_i c_i\, e^{-s_i} \mathcal{L}_i + \tfrac{1}{2} s_i$, with
    $c_i = \frac{1}{2}$ for a regression task (Gaussian likelihood, $\mathcal{L}_i$ = squared error)
    and $c_i = 1$ for a classification task (softmax with temperature $\sigma_i^2$,
    $\mathcal{L}_i$ = cross-entropy). Since $\tfrac{1}{2} s_i = \log \sigma_i$, this is
    $\sum_i \frac{c_i}{\sigma_i^2}\mathcal{L}_i + \log \sigma_i$.
    """
    total = 0.0
    for L, s, kind in zip(losses, log_vars, kinds, strict=True):
        c = {"regression": 0.5, "classification": 1.0}[kind]
        total += c * np.exp(-s) * L + 0.5 * s
    return float(total)


def optimal_log_var(loss: float, kind: str) -> float:
    r"""The $s_i$ that minimizes one term $c_i e^{-s_i}\mathcal{L}_i + \tfrac{1}{2}s_i$:
    $s_i^\star = \log(2 c_i \mathcal{L}_i)$, i.e. $\sigma_i^2 = 2 c_i \mathcal{L}_i$."""
    c = {"regression": 0.5, "classification": 1.0}[kind]
    return float(np.log(2.0 * c * loss))


def gradnorm_targets(grad_norms: Sequence[float], losses: Sequence[float],
                     initial_losses: Sequence[float], alpha: float) -> Array:
    r"""GradNorm's target gradient norms $\bar G_W \cdot r_i^{\alpha}$, where
    $\tilde{\mathcal{L}}_i = \mathcal{L}_i(t) / \mathcal{L}_i(0)$ is the loss ratio,
    $r_i = \tilde{\mathcal{L}}_i / \operatorname{mean}_j \tilde{\mathcal{L}}_j$ the relative inverse
    training rate and $\bar G_W = \operatorname{mean}_j G_W^{(j)}$ with
    $G_W^{(i)} = \lVert \nabla_W\, w_i \mathcal{L}_i \rVert_2$."""
    G = np.asarray(grad_norms, dtype=float)
    ratio = np.asarray(losses, dtype=float) / np.asarray(initial_losses, dtype=float)
    r = ratio / ratio.mean()
    return G.mean() * r**alpha


def gradnorm_loss(grad_norms: Sequence[float], losses: Sequence[float],
                  initial_losses: Sequence[float], alpha: float) -> float:
    r"""$\mathcal{L}_\text{grad} = \sum_i \bigl\lvert G_W^{(i)} - \bar G_W\, r_i^{\alpha} \bigr\rvert$,
    differentiated with respect to the task weights $w_i$ only (the target is a constant)."""
    G = np.asarray(grad_norms, dtype=float)
    return float(np.abs(G - gradnorm_targets(G, losses, initial_losses, alpha)).sum())


def project_conflicting(g_i: Array, g_j: Array) -> Array:
    r"""One PCGrad step: if $\mathbf{g}_i \cdot \mathbf{g}_j < 0$, return
    $\mathbf{g}_i - \frac{\mathbf{g}_i \cdot \mathbf{g}_j}{\lVert \mathbf{g}_j \rVert^2}\,\mathbf{g}_j$
    (the projection of $\mathbf{g}_i$ onto the normal plane of $\mathbf{g}_j$); else $\mathbf{g}_i$."""
    g_i = np.asarray(g_i, dtype=float)
    g_j = np.asarray(g_j, dtype=float)
    dot = float(g_i @ g_j)
    if dot < 0.0:
        return g_i - dot / float(g_j @ g_j) * g_j
    return g_i.copy()


def pcgrad(grads: Sequence[Array], rng: np.random.Generator | None = None) -> tuple[Array, list[Array]]:
    r"""PCGrad (Yu et al. 2020, Algorithm 1). Each task gradient $\mathbf{g}_i^\text{PC}$ starts as
    $\mathbf{g}_i$ and is projected in turn against every other *original* $\mathbf{g}_j$ it conflicts
    with (order shuffled by ``rng``, else $j = 1, \dots, T$); the update is
    $\sum_i \mathbf{g}_i^\text{PC}$. Returns the sum and the projected gradients."""
    G = [np.asarray(g, dtype=float) for g in grads]
    projected = []
    for i, g in enumerate(G):
        order = [j for j in range(len(G)) if j != i]
        if rng is not None:
            rng.shuffle(order)
        pc = g.copy()
        for j in order:
            pc = project_conflicting(pc, G[j])
        projected.append(pc)
    return np.sum(projected, axis=0), projected


def cosine(a: Array, b: Array) -> float:
    r"""$\cos\phi = \frac{\mathbf{a} \cdot \mathbf{b}}{\lVert \mathbf{a} \rVert \lVert \mathbf{b} \rVert}$."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))
