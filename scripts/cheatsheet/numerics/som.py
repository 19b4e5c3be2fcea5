"""Self-organizing map (Kohonen 1982): best-matching unit, Gaussian neighborhood, the online update
rule with decaying learning rate and radius, and the quantization and topographic errors."""

from __future__ import annotations

import numpy as np

Array = np.ndarray


def grid_positions(rows: int, cols: int) -> Array:
    r"""Grid coordinates $\mathbf{r}_j \in \mathbb{Z}^2$ of the $J = $ ``rows`` $\times$ ``cols`` units, row-major: $(J, 2)$."""
    ii, jj = np.mgrid[0:rows, 0:cols]
    return np.c_[ii.ravel(), jj.ravel()].astype(float)


def best_matching_unit(W: Array, x: Array) -> int:
    r"""$c = \argmin_j \lVert \mathbf{x} - \mathbf{w}_j \rVert_2$ (first index on ties). ``W``: $(J, D)$."""
    return int(np.argmin(((np.asarray(W) - np.asarray(x)) ** 2).sum(axis=1)))


def gaussian_neighborhood(grid: Array, c: int, sigma: float) -> Array:
    r"""$h_{c,j} = \exp\!\left(-\frac{\lVert \mathbf{r}_c - \mathbf{r}_j \rVert^2}{2\sigma^2}\right)$, distances on the grid."""
    d2 = ((grid - grid[c]) ** 2).sum(axis=1)
    return np.exp(-d2 / (2.0 * sigma**2))


def exponential_decay(t: Array, start: float, time_constant: float) -> Array:
    r"""$\eta(t) = \eta_0\, e^{-t/\lambda}$ and $\sigma(t) = \sigma_0\, e^{-t/\lambda}$."""
    return start * np.exp(-np.asarray(t, dtype=float) / time_constant)


def som_update(W: Array, x: Array, grid: Array, eta: float, sigma: float) -> Array:
    r"""One online step: $\mathbf{w}_j \leftarrow \mathbf{w}_j + \eta(t)\, h_{c,j}(t)(\mathbf{x}-\mathbf{w}_j)$
    for every unit $j$, $c$ the BMU of $\mathbf{x}$. Returns the new weights."""
    W = np.asarray(W, dtype=float)
    x = np.asarray(x, dtype=float)
    h = gaussian_neighborhood(grid, best_matching_unit(W, x), sigma)
    return W + eta * h[:, None] * (x - W)


def train_som(X: Array, rows: int, cols: int, steps: int, eta0: float = 0.5, sigma0: float | None = None,
              sigma_min: float = 0.5, seed: int = 0, snapshots: tuple[int, ...] = ()) -> tuple[Array, dict[int, Array]]:
    r"""Online training on samples drawn at random from ``X`` $(N, D)$; $\eta$ and $\sigma$ decay
    exponentially from $\eta_0$, $\sigma_0$ (default half the grid) to $\eta_0/100$ and ``sigma_min`` at the last step.
    Weights start as small random values around the data mean. Returns the final $\mathbf{W}$ $(J, D)$ and the
    weights at the requested steps (step 0 = initialization)."""
    rng = np.random.default_rng(seed)
    X = np.asarray(X, dtype=float)
    grid = grid_positions(rows, cols)
    sigma0 = max(rows, cols) / 2.0 if sigma0 is None else sigma0
    W = X.mean(axis=0) + 0.05 * X.std(axis=0) * rng.standard_normal((rows * cols, X.shape[1]))
    lam_eta = steps / np.log(100.0)
    lam_sigma = steps / np.log(sigma0 / sigma_min)
    saved = {0: W.copy()} if 0 in snapshots else {}
    for t in range(steps):
        x = X[rng.integers(len(X))]
        W = som_update(W, x, grid, float(exponential_decay(t, eta0, lam_eta)),
                       float(exponential_decay(t, sigma0, lam_sigma)))
        if t + 1 in snapshots:
            saved[t + 1] = W.copy()
    return W, saved


def quantization_error(W: Array, X: Array) -> float:
    r"""$E_q = \frac{1}{N}\sum_{n} \lVert \mathbf{x}_n - \mathbf{w}_{c(\mathbf{x}_n)} \rVert_2$: mean distance to the BMU."""
    d = np.sqrt(((np.asarray(X)[:, None, :] - np.asarray(W)[None]) ** 2).sum(-1))
    return float(d.min(axis=1).mean())


def topographic_error(W: Array, X: Array, grid: Array) -> float:
    r"""$E_t = \frac{1}{N}\sum_n \1[\text{first and second BMU of } \mathbf{x}_n \text{ are not grid neighbors}]$,
    neighbors meaning $\lVert \mathbf{r}_a - \mathbf{r}_b \rVert_2 = 1$ (4-neighborhood)."""
    d = ((np.asarray(X)[:, None, :] - np.asarray(W)[None]) ** 2).sum(-1)
    order = np.argsort(d, axis=1, kind="stable")[:, :2]
    gap = np.sqrt(((grid[order[:, 0]] - grid[order[:, 1]]) ** 2).sum(-1))
    return float((gap > 1.0 + 1e-9).mean())


def uniform_square(n: int = 500, seed: int = 0) -> Array:
    """$n$ points uniform in the unit square (the data of the unfolding figure)."""
    return np.random.default_rng(seed).uniform(0.0, 1.0, size=(n, 2))
