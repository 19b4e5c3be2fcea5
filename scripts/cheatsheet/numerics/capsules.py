"""Capsule networks (Sabour, Frosst & Hinton 2017): the squash non-linearity, dynamic routing by
agreement and the margin loss, on NumPy arrays."""

from __future__ import annotations

import numpy as np

Array = np.ndarray


def squash(s: Array, axis: int = -1, eps: float = 1e-12) -> Array:
    r"""$\mathbf{v}_j = \frac{\lVert\mathbf{s}_j\rVert^2}{1+\lVert\mathbf{s}_j\rVert^2}\frac{\mathbf{s}_j}{\lVert\mathbf{s}_j\rVert}$:
    keeps the direction, maps the length into $[0, 1)$ (``eps`` guards $\mathbf{s}_j = \mathbf{0}$)."""
    s = np.asarray(s, dtype=float)
    sq = (s**2).sum(axis=axis, keepdims=True)
    return sq / (1.0 + sq) * s / np.sqrt(sq + eps)


def squash_length(r: Array) -> Array:
    r"""Output length as a function of the input length $\rho = \lVert\mathbf{s}\rVert$: $\frac{\rho^2}{1 + \rho^2}$."""
    r = np.asarray(r, dtype=float)
    return r**2 / (1.0 + r**2)


def predictions(u: Array, W: Array) -> Array:
    r"""Prediction vectors $\hat{\mathbf{u}}_{j|i} = \mathbf{W}_{ij}\mathbf{u}_i$.
    ``u``: $(I, D_\text{in})$ child capsules, ``W``: $(I, J, D_\text{out}, D_\text{in})$ → $(I, J, D_\text{out})$."""
    return np.einsum("ijod,id->ijo", np.asarray(W, dtype=float), np.asarray(u, dtype=float))


def softmax(b: Array, axis: int = -1) -> Array:
    z = b - b.max(axis=axis, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)


def dynamic_routing(u_hat: Array, iterations: int = 3) -> tuple[Array, Array]:
    r"""Routing by agreement (Procedure 1): $b_{ij} \leftarrow 0$; repeat $r$ times:
    $c_{ij} = \frac{\exp b_{ij}}{\sum_k \exp b_{ik}}$ (softmax over the parents $j$),
    $\mathbf{s}_j = \sum_i c_{ij}\hat{\mathbf{u}}_{j|i}$, $\mathbf{v}_j = \operatorname{squash}(\mathbf{s}_j)$,
    $b_{ij} \leftarrow b_{ij} + \hat{\mathbf{u}}_{j|i}\cdot\mathbf{v}_j$.
    ``u_hat``: $(I, J, D)$. Returns $\mathbf{v}$ $(J, D)$ and the last coupling coefficients $c$ $(I, J)$."""
    u_hat = np.asarray(u_hat, dtype=float)
    b = np.zeros(u_hat.shape[:2])
    for it in range(iterations):
        c = softmax(b, axis=1)
        s = np.einsum("ij,ijd->jd", c, u_hat)
        v = squash(s)
        if it < iterations - 1:
            b = b + np.einsum("ijd,jd->ij", u_hat, v)
    return v, c


def margin_loss(lengths: Array, targets: Array, m_plus: float = 0.9, m_minus: float = 0.1,
                lam: float = 0.5) -> Array:
    r"""$L_k = T_k \max(0, m^+ - \lVert\mathbf{v}_k\rVert)^2 + \lambda (1 - T_k)\max(0, \lVert\mathbf{v}_k\rVert - m^-)^2$,
    summed over the classes $k$; ``lengths`` $(N, K)$, ``targets`` one-hot $(N, K)$. Returns one loss per sample."""
    lengths = np.asarray(lengths, dtype=float)
    T = np.asarray(targets, dtype=float)
    present = T * np.maximum(0.0, m_plus - lengths) ** 2
    absent = lam * (1.0 - T) * np.maximum(0.0, lengths - m_minus) ** 2
    return (present + absent).sum(axis=-1)


def capsnet_loss(lengths: Array, targets: Array, reconstruction: Array, image: Array,
                 recon_weight: float = 0.0005) -> Array:
    r"""$\mathcal{L} = \sum_k L_k + 0.0005\,\lVert \hat{\mathbf{x}} - \mathbf{x} \rVert_2^2$ (sum of squared
    pixel errors, scaled down so that the reconstruction does not dominate); one value per sample."""
    err = ((np.asarray(reconstruction, dtype=float) - np.asarray(image, dtype=float)) ** 2)
    return margin_loss(lengths, targets) + recon_weight * err.reshape(err.shape[0], -1).sum(axis=1)
