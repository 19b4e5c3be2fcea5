"""Feature attributions: exact Shapley values by enumerating coalitions, KernelSHAP (Lundberg & Lee
2017) and LIME (Ribeiro, Singh & Guestrin 2016), on NumPy arrays with a black-box ``f``."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from math import comb, factorial

import numpy as np

Array = np.ndarray
ValueFn = Callable[[frozenset], float]


def shapley_weight(s: int, m: int) -> float:
    r"""Coalition weight of the Shapley value: $\frac{\lvert S \rvert!\,(M - \lvert S \rvert - 1)!}{M!}$."""
    return factorial(s) * factorial(m - s - 1) / factorial(m)


def exact_shapley(v: ValueFn, m: int) -> Array:
    r"""$\phi_i = \sum_{S \subseteq F \setminus \{i\}} \frac{\lvert S \rvert!\,(M - \lvert S \rvert - 1)!}{M!}
    \bigl[v(S \cup \{i\}) - v(S)\bigr]$, by enumerating all $2^{M-1}$ coalitions per feature.
    ``v`` maps a frozenset of feature indices to a number (the value of the coalition)."""
    cache: dict[frozenset, float] = {}

    def val(S: frozenset) -> float:
        if S not in cache:
            cache[S] = float(v(S))
        return cache[S]

    phi = np.zeros(m)
    for i in range(m):
        others = [j for j in range(m) if j != i]
        for r in range(m):
            for S in itertools.combinations(others, r):
                S = frozenset(S)
                phi[i] += shapley_weight(r, m) * (val(S | {i}) - val(S))
    return phi


def interventional_value(f: Callable[[Array], Array], x: Array, background: Array) -> ValueFn:
    r"""Interventional (marginal) value function
    $v(S) = \E_{\mathbf{x}'_{\bar S} \sim \text{background}}\bigl[f(\mathbf{x}_S, \mathbf{x}'_{\bar S})\bigr]$:
    features in $S$ are set to $\mathbf{x}$, the others keep each background row's values."""
    x = np.asarray(x, dtype=float)
    background = np.atleast_2d(np.asarray(background, dtype=float))

    def v(S: frozenset) -> float:
        z = background.copy()
        idx = list(S)
        z[:, idx] = x[idx]
        return float(np.mean(f(z)))

    return v


def linear_shap(w: Array, x: Array, mean: Array) -> Array:
    r"""Closed form for $f(\mathbf{x}) = \mathbf{w}^\top \mathbf{x} + b$ with the interventional value
    function (or independent features): $\phi_i = w_i(x_i - \E[x_i])$."""
    return np.asarray(w, dtype=float) * (np.asarray(x, dtype=float) - np.asarray(mean, dtype=float))


def kernel_shap_weight(m: int, s: int | Array) -> Array:
    r"""SHAP kernel $\pi(\mathbf{z}') = \frac{M - 1}{\binom{M}{\lvert \mathbf{z}' \rvert}\,
    \lvert \mathbf{z}' \rvert\,(M - \lvert \mathbf{z}' \rvert)}$; infinite for $\lvert \mathbf{z}' \rvert \in \{0, M\}$."""
    s = np.asarray(s)
    out = np.full(s.shape, np.inf)
    inner = (s > 0) & (s < m)
    si = s[inner]
    out[inner] = (m - 1) / (np.array([comb(m, int(k)) for k in si.ravel()]).reshape(si.shape) * si * (m - si))
    return out


def all_coalitions(m: int) -> Array:
    r"""All $2^M$ binary coalition vectors $\mathbf{z}' \in \{0, 1\}^M$, shape $(2^M, M)$."""
    return np.array(list(itertools.product([0, 1], repeat=m)), dtype=float)


def kernel_shap(v: ValueFn, m: int, coalitions: Array | None = None) -> tuple[float, Array]:
    r"""KernelSHAP: fit $g(\mathbf{z}') = \phi_0 + \sum_i \phi_i z'_i$ by weighted least squares
    $\min_\phi \sum_{\mathbf{z}'} \pi(\mathbf{z}')\bigl(v(\mathbf{z}') - g(\mathbf{z}')\bigr)^2$ over the
    coalitions with $0 < \lvert \mathbf{z}' \rvert < M$, the two infinite-weight ones imposed exactly:
    $\phi_0 = v(\varnothing)$ and $\sum_i \phi_i = v(F) - v(\varnothing)$ (efficiency, eliminated by
    substituting $\phi_M$). Returns $(\phi_0, \boldsymbol{\phi})$."""
    Z = all_coalitions(m) if coalitions is None else np.asarray(coalitions, dtype=float)
    size = Z.sum(axis=1)
    Z = Z[(size > 0) & (size < m)]
    weights = kernel_shap_weight(m, Z.sum(axis=1).astype(int))
    phi0 = float(v(frozenset()))
    total = float(v(frozenset(range(m)))) - phi0
    y = np.array([v(frozenset(np.flatnonzero(z).tolist())) for z in Z]) - phi0
    # phi_M = total - sum_{i<M} phi_i  ->  y - z_M * total = sum_{i<M} phi_i (z_i - z_M)
    A = Z[:, :-1] - Z[:, [-1]]
    b = y - Z[:, -1] * total
    sw = np.sqrt(weights)
    head, *_ = np.linalg.lstsq(A * sw[:, None], b * sw, rcond=None)
    return phi0, np.append(head, total - head.sum())


def lime_kernel(d: Array, sigma: float) -> Array:
    r"""LIME's exponential kernel (paper): $\pi_x(z) = \exp\bigl(-D(x, z)^2/\sigma^2\bigr)$."""
    return np.exp(-np.asarray(d, dtype=float) ** 2 / sigma**2)


def lime_package_kernel(d: Array, width: float) -> Array:
    r"""The ``lime`` package's tabular kernel: $\sqrt{\exp(-d^2/w^2)} = \exp\bigl(-d^2/(2w^2)\bigr)$,
    default width $w = 0.75\sqrt{\text{num features}}$ on standardized features."""
    return np.sqrt(np.exp(-np.asarray(d, dtype=float) ** 2 / width**2))


def default_kernel_width(n_features: int) -> float:
    r"""Default tabular kernel width of the ``lime`` package: $0.75\sqrt{\text{num features}}$."""
    return 0.75 * float(np.sqrt(n_features))


def lime_sample(x: Array, scale: Array, n: int, rng: np.random.Generator) -> Array:
    r"""Tabular perturbations $z = x + \text{scale} \odot \varepsilon$, $\varepsilon \sim \mathcal{N}(0, I)$
    (the ``lime`` package samples around the training mean instead unless ``sample_around_instance``)."""
    x = np.asarray(x, dtype=float)
    return x + np.asarray(scale, dtype=float) * rng.standard_normal((n, x.size))


def weighted_ridge(Z: Array, y: Array, weights: Array, alpha: float = 1.0) -> tuple[float, Array]:
    r"""Weighted ridge surrogate with an unpenalized intercept:
    $\min_{b, \mathbf{w}} \sum_j \pi_j (y_j - b - \mathbf{w}^\top \mathbf{z}_j)^2 + \alpha \lVert \mathbf{w} \rVert^2$.
    Solved by centering with the weighted means, then $(\mathbf{Z}_c^\top \Pi \mathbf{Z}_c + \alpha I)\mathbf{w}
    = \mathbf{Z}_c^\top \Pi \mathbf{y}_c$. Returns $(b, \mathbf{w})$."""
    Z = np.atleast_2d(np.asarray(Z, dtype=float))
    y = np.asarray(y, dtype=float)
    p = np.asarray(weights, dtype=float)
    zbar = p @ Z / p.sum()
    ybar = p @ y / p.sum()
    Zc, yc = Z - zbar, y - ybar
    w = np.linalg.solve(Zc.T @ (p[:, None] * Zc) + alpha * np.eye(Z.shape[1]), Zc.T @ (p * yc))
    return float(ybar - zbar @ w), w


def lime_explain(f: Callable[[Array], Array], x: Array, scale: Array, *, n: int = 5000,
                 sigma: float | None = None, alpha: float = 1.0,
                 rng: np.random.Generator | None = None) -> tuple[float, Array]:
    r"""LIME for tabular data: sample $z$ around $x$, weight by $\pi_x(z) = \exp(-D(x, z)^2/\sigma^2)$
    with $D$ the Euclidean distance on standardized features, fit the weighted ridge surrogate
    $g(z) = b + \mathbf{w}^\top z$ to $f(z)$. Returns $(b, \mathbf{w})$ (local slopes)."""
    rng = np.random.default_rng(0) if rng is None else rng
    x = np.asarray(x, dtype=float)
    scale = np.broadcast_to(np.asarray(scale, dtype=float), x.shape)
    sigma = default_kernel_width(x.size) if sigma is None else sigma
    Z = lime_sample(x, scale, n, rng)
    d = np.linalg.norm((Z - x) / scale, axis=1)
    return weighted_ridge(Z, f(Z), lime_kernel(d, sigma), alpha)
