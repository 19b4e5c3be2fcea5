"""Self-supervised objectives on embeddings of two augmented views: SimCLR's NT-Xent (built on the
site's log-softmax), MoCo's queue InfoNCE, BYOL's normalized MSE, Barlow Twins and VICReg.
The in-batch InfoNCE itself is ``cheatsheet.numerics.losses.infonce``."""

from __future__ import annotations

import numpy as np

from .losses import log_softmax

Array = np.ndarray


def l2_normalize(z: Array, eps: float = 1e-12) -> Array:
    r"""$\hat{\mathbf{z}} = \mathbf{z} / \max(\lVert\mathbf{z}\rVert_2, \epsilon)$ row-wise (``F.normalize``)."""
    z = np.asarray(z, dtype=float)
    return z / np.maximum(np.linalg.norm(z, axis=-1, keepdims=True), eps)


def nt_xent(z1: Array, z2: Array, tau: float = 0.5) -> float:
    r"""SimCLR's NT-Xent over $2N$ views $\mathbf{z}_1..\mathbf{z}_{2N}$ (rows of ``z1`` then ``z2``), $k(i)$ the other view of $i$:
    $\ell_i = -\log \frac{\exp(s_{i,k(i)}/\tau)}{\sum_{m \ne i} \exp(s_{i,m}/\tau)}$, $s_{i,m} = \hat{\mathbf{z}}_i^\top\hat{\mathbf{z}}_m$,
    $\mathcal{L} = \frac{1}{2N}\sum_{i=1}^{2N} \ell_i$."""
    z = l2_normalize(np.concatenate([z1, z2], axis=0))
    n = len(z1)
    logits = z @ z.T / tau
    np.fill_diagonal(logits, -np.inf)  # a view is never its own negative
    positives = np.r_[np.arange(n, 2 * n), np.arange(n)]
    return float(-log_softmax(logits)[np.arange(2 * n), positives].mean())


def moco_infonce(q: Array, k_pos: Array, queue: Array, tau: float = 0.07) -> float:
    r"""MoCo: $\ell = -\log \frac{\exp(\hat{\mathbf{q}}^\top\hat{\mathbf{k}}_+/\tau)}{\exp(\hat{\mathbf{q}}^\top\hat{\mathbf{k}}_+/\tau) + \sum_{m=1}^{K}\exp(\hat{\mathbf{q}}^\top\hat{\mathbf{k}}_m/\tau)}$,
    negatives $\hat{\mathbf{k}}_m$ from a queue of $K$ earlier keys; mean over the $N$ queries."""
    q, kp, kq = l2_normalize(q), l2_normalize(k_pos), l2_normalize(queue)
    logits = np.c_[(q * kp).sum(-1), q @ kq.T] / tau
    return float(-log_softmax(logits)[:, 0].mean())


def byol_loss(p: Array, z: Array) -> Array:
    r"""BYOL: $\lVert \hat{\mathbf{p}} - \hat{\mathbf{z}}' \rVert_2^2 = 2 - 2\frac{\mathbf{p}^\top\mathbf{z}'}{\lVert\mathbf{p}\rVert\,\lVert\mathbf{z}'\rVert}$
    per sample (online prediction $\mathbf{p}$, target projection $\mathbf{z}'$ with stopped gradient)."""
    return ((l2_normalize(p) - l2_normalize(z)) ** 2).sum(-1)


def cross_correlation(z1: Array, z2: Array, eps: float = 1e-5) -> Array:
    r"""$\mathcal{C}_{ij} = \frac{1}{N}\sum_b \tilde z^{(1)}_{b,i}\tilde z^{(2)}_{b,j}$, each dimension standardized over
    the batch (mean 0, biased variance 1 as ``BatchNorm1d(affine=False)``)."""
    def standardize(z):
        z = np.asarray(z, dtype=float)
        return (z - z.mean(0)) / np.sqrt(z.var(0) + eps)
    return standardize(z1).T @ standardize(z2) / len(z1)


def barlow_twins_loss(z1: Array, z2: Array, lam: float = 5e-3) -> float:
    r"""$\mathcal{L}_\text{BT} = \sum_i (1 - \mathcal{C}_{ii})^2 + \lambda \sum_i \sum_{j \ne i} \mathcal{C}_{ij}^2$."""
    C = cross_correlation(z1, z2)
    on = ((1.0 - np.diag(C)) ** 2).sum()
    off = (C**2).sum() - (np.diag(C) ** 2).sum()
    return float(on + lam * off)


def vicreg_terms(z1: Array, z2: Array, gamma: float = 1.0, eps: float = 1e-4) -> dict[str, float]:
    r"""VICReg's three terms (paper form), $Z, Z' \in \R^{N \times d}$:
    $s = \frac{1}{N}\sum_b \lVert \mathbf{z}_b - \mathbf{z}'_b \rVert^2$,
    $v(Z) = \frac{1}{d}\sum_j \max\bigl(0, \gamma - \sqrt{\Var(\mathbf{z}^j) + \epsilon}\bigr)$ (unbiased variance),
    $c(Z) = \frac{1}{d}\sum_{i \ne j} C(Z)_{ij}^2$, $C(Z) = \frac{1}{N-1}\sum_b (\mathbf{z}_b - \bar{\mathbf{z}})(\mathbf{z}_b - \bar{\mathbf{z}})^\top$."""
    z1 = np.asarray(z1, dtype=float)
    z2 = np.asarray(z2, dtype=float)
    n, d = z1.shape

    def var_term(z):
        return float(np.maximum(0.0, gamma - np.sqrt(z.var(0, ddof=1) + eps)).mean())

    def cov_term(z):
        zc = z - z.mean(0)
        C = zc.T @ zc / (n - 1)
        return float(((C**2).sum() - (np.diag(C) ** 2).sum()) / d)

    return {"invariance": float(((z1 - z2) ** 2).sum(-1).mean()),
            "variance": var_term(z1) + var_term(z2),
            "covariance": cov_term(z1) + cov_term(z2)}


def vicreg_loss(z1: Array, z2: Array, lam: float = 25.0, mu: float = 25.0, nu: float = 1.0) -> float:
    r"""$\mathcal{L}_\text{VICReg} = \lambda\, s(Z, Z') + \mu\,[v(Z) + v(Z')] + \nu\,[c(Z) + c(Z')]$."""
    t = vicreg_terms(z1, z2)
    return lam * t["invariance"] + mu * t["variance"] + nu * t["covariance"]


def noisy_views(n: int, d: int, noise: float = 0.5, seed: int = 0) -> tuple[Array, Array]:
    """A synthetic batch of two views: $\\mathbf{z}'_b = \\mathbf{z}_b + $ noise, $\\mathbf{z}_b \\sim \\mathcal{N}(0, I_d)$."""
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((n, d))
    return z, z + noise * rng.standard_normal((n, d))
