"""Regularizers in NumPy: penalties and their updates, dropout, normalization, label smoothing,
max-norm, mixup, stochastic depth, early stopping, and the small experiments the
Regularization page plots (an early-stopping curve, L1 versus L2 solutions and paths).

Conventions follow PyTorch where the paper differs: ``p`` is the probability of *dropping*
(as in ``torch.nn.Dropout``), and batch norm keeps running statistics with ``momentum`` = 0.1
weighting the *new* batch statistic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.polynomial import legendre

from .normalization import batch_norm_eval, batch_norm_train  # noqa: F401  (re-exported, defined once there)
from .normalization import layer_norm as _layer_norm

Array = np.ndarray


# --- weight penalties -------------------------------------------------------------------------

def l2_penalty(w: Array, lam: float) -> float:
    r"""$\Omega_2(\mathbf{w}) = \frac{\lambda}{2}\lVert \mathbf{w} \rVert_2^2$."""
    w = np.asarray(w, dtype=float)
    return 0.5 * lam * float(np.sum(w * w))


def l2_penalty_grad(w: Array, lam: float) -> Array:
    r"""$\nabla \Omega_2(\mathbf{w}) = \lambda \mathbf{w}$."""
    return lam * np.asarray(w, dtype=float)


def l1_penalty(w: Array, lam: float) -> float:
    r"""$\Omega_1(\mathbf{w}) = \lambda \lVert \mathbf{w} \rVert_1 = \lambda \sum_i \lvert w_i \rvert$."""
    return lam * float(np.sum(np.abs(np.asarray(w, dtype=float))))


def l1_subgradient(w: Array, lam: float) -> Array:
    r"""A subgradient of $\Omega_1$: $\lambda \sign(\mathbf{w})$ (0 at $w_i = 0$, as ``torch.sign`` gives)."""
    return lam * np.sign(np.asarray(w, dtype=float))


def sgd_weight_decay_step(w: Array, g: Array, eta: float, lam: float) -> Array:
    r"""SGD on $\mathcal{L} + \Omega_2$: $\mathbf{w} \leftarrow \mathbf{w} - \eta(\mathbf{g} + \lambda \mathbf{w})
    = (1 - \eta\lambda)\mathbf{w} - \eta \mathbf{g}$ (``torch.optim.SGD(weight_decay=lam)``)."""
    w = np.asarray(w, dtype=float)
    return w - eta * (np.asarray(g, dtype=float) + lam * w)


def soft_threshold(v: Array, tau: float) -> Array:
    r"""Proximal operator of $\tau\lVert\cdot\rVert_1$: $S_\tau(v) = \sign(v)\max(\lvert v \rvert - \tau, 0)$
    (``torch.nn.functional.softshrink(v, tau)``)."""
    v = np.asarray(v, dtype=float)
    return np.sign(v) * np.maximum(np.abs(v) - tau, 0.0)


def proximal_l1_step(w: Array, g: Array, eta: float, lam: float) -> Array:
    r"""Proximal gradient (ISTA) step on $\mathcal{L} + \lambda\lVert\mathbf{w}\rVert_1$:
    $\mathbf{w} \leftarrow S_{\eta\lambda}(\mathbf{w} - \eta \mathbf{g})$."""
    return soft_threshold(np.asarray(w, dtype=float) - eta * np.asarray(g, dtype=float), eta * lam)


def max_norm_project(W: Array, c: float) -> Array:
    r"""Max-norm constraint on each row (a unit's incoming weights) of $\mathbf{W}$:
    $\mathbf{w}_j \leftarrow \mathbf{w}_j \min\!\left(1, \frac{c}{\lVert \mathbf{w}_j \rVert_2}\right)$
    (``torch.renorm(W, 2, 0, c)``, which adds $10^{-7}$ to the norm)."""
    W = np.asarray(W, dtype=float)
    norms = np.linalg.norm(W, axis=1, keepdims=True)
    return W * np.where(norms > c, c / np.where(norms > 0, norms, 1.0), 1.0)


# --- dropout, noise, stochastic depth ---------------------------------------------------------

def dropout_mask(shape: tuple[int, ...], p: float, rng: np.random.Generator) -> Array:
    r"""Keep mask $m_i \sim \operatorname{Bernoulli}(1 - p)$ (1 = kept)."""
    return (rng.random(shape) >= p).astype(float)


def inverted_dropout(x: Array, p: float, mask: Array | None = None, *, train: bool = True,
                     rng: np.random.Generator | None = None) -> Array:
    r"""Inverted dropout: training $\tilde{\mathbf{x}} = \frac{\mathbf{m} \odot \mathbf{x}}{1 - p}$ with
    $m_i \sim \operatorname{Bernoulli}(1 - p)$; evaluation $\tilde{\mathbf{x}} = \mathbf{x}$."""
    x = np.asarray(x, dtype=float)
    if not train or p == 0.0:
        return x.copy()
    if p == 1.0:
        return np.zeros_like(x)
    if mask is None:
        mask = dropout_mask(x.shape, p, rng if rng is not None else np.random.default_rng())
    return mask * x / (1.0 - p)


def gaussian_noise(x: Array, sigma: float, rng: np.random.Generator) -> Array:
    r"""Additive noise injection: $\tilde{\mathbf{x}} = \mathbf{x} + \boldsymbol{\epsilon}$,
    $\boldsymbol{\epsilon} \sim \mathcal{N}(\mathbf{0}, \sigma^2 \mathbf{I})$."""
    x = np.asarray(x, dtype=float)
    return x + sigma * rng.standard_normal(x.shape)


def stochastic_depth(x: Array, fx: Array, p: float, keep: float | Array = 1.0, *, train: bool = True) -> Array:
    r"""Residual block with stochastic depth (inverted form, as ``torchvision.ops.stochastic_depth``):
    training $\mathbf{x} + \frac{b}{1 - p} f(\mathbf{x})$ with $b \sim \operatorname{Bernoulli}(1 - p)$;
    evaluation $\mathbf{x} + f(\mathbf{x})$. ``keep`` is the sampled $b$ (per sample or scalar)."""
    x = np.asarray(x, dtype=float)
    fx = np.asarray(fx, dtype=float)
    if not train or p == 0.0:
        return x + fx
    return x + np.asarray(keep, dtype=float) * fx / (1.0 - p)


# --- normalization ----------------------------------------------------------------------------
# Batch norm is defined once, in normalization.py (the Normalization layers page), and re-exported here for the
# Regularization page. On $\mathbf{X} \in \R^{B \times d}$ it normalizes each feature $j$ over the batch:
# $y_{ij} = \gamma_j \frac{x_{ij} - \mu_j}{\sqrt{\sigma_j^2 + \epsilon}} + \beta_j$ with the biased $\sigma_j^2$, and
# keeps $\hat\mu \leftarrow (1 - m)\hat\mu + m\mu$, $\hat\sigma^2 \leftarrow (1 - m)\hat\sigma^2 + m \frac{B}{B - 1}\sigma^2$.


def layer_norm(X: Array, gamma: Array, beta: Array, *, eps: float = 1e-5) -> Array:
    r"""Layer norm over the last axis (features) of each sample, same in training and evaluation:
    $y_{i} = \gamma \odot \frac{\mathbf{x}_i - \mu_i}{\sqrt{\sigma_i^2 + \epsilon}} + \beta$ with
    $\mu_i = \frac{1}{d}\sum_j x_{ij}$, $\sigma_i^2 = \frac{1}{d}\sum_j (x_{ij} - \mu_i)^2$
    (:func:`cheatsheet.numerics.normalization.layer_norm` over one axis)."""
    return _layer_norm(X, 1, gamma, beta, eps=eps)


# --- targets and inputs -----------------------------------------------------------------------

def smooth_labels(y: Array, num_classes: int, eps: float) -> Array:
    r"""Label smoothing of integer labels: $q_k = (1 - \varepsilon)\,\1[k = y] + \frac{\varepsilon}{K}$
    (``F.cross_entropy(..., label_smoothing=eps)``)."""
    y = np.asarray(y, dtype=int)
    onehot = np.eye(num_classes)[y]
    return (1.0 - eps) * onehot + eps / num_classes


def soft_cross_entropy(logits: Array, q: Array) -> float:
    r"""Mean cross-entropy against soft targets: $\frac{1}{B}\sum_i -\sum_k q_{ik} \log \softmax(\mathbf{z}_i)_k$."""
    z = np.asarray(logits, dtype=float)
    z = z - z.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(-(np.asarray(q) * log_p).sum(axis=1).mean())


def mixup(x1: Array, x2: Array, q1: Array, q2: Array, lam: float) -> tuple[Array, Array]:
    r"""mixup: $\tilde{\mathbf{x}} = \lambda \mathbf{x}_i + (1 - \lambda)\mathbf{x}_j$,
    $\tilde{\mathbf{y}} = \lambda \mathbf{y}_i + (1 - \lambda)\mathbf{y}_j$, $\lambda \sim \operatorname{Beta}(\alpha, \alpha)$."""
    return lam * np.asarray(x1, dtype=float) + (1 - lam) * np.asarray(x2, dtype=float), \
        lam * np.asarray(q1, dtype=float) + (1 - lam) * np.asarray(q2, dtype=float)


# --- early stopping ---------------------------------------------------------------------------

def early_stopping(val_losses: Array, patience: int, min_delta: float = 0.0) -> tuple[int, int]:
    r"""Stop once the validation loss has not improved by more than ``min_delta`` for ``patience``
    epochs; return ``(best_epoch, stop_epoch)`` (0-based), keeping the weights of ``best_epoch``:
    $t^\star = \argmin_{t \le T} \mathcal{L}_{\text{val}}(t)$. If it never triggers, ``stop_epoch`` is the last epoch."""
    best, best_t = np.inf, 0
    for t, v in enumerate(np.asarray(val_losses, dtype=float)):
        if v < best - min_delta:
            best, best_t = v, t
        elif t - best_t >= patience:
            return best_t, t
    return best_t, len(val_losses) - 1


@dataclass(frozen=True)
class Curves:
    train: Array
    val: Array


def polynomial_gd_curves(epochs: int = 1000, *, degree: int = 15, n_train: int = 20, n_val: int = 200,
                         noise: float = 0.3, seed: int = 0) -> Curves:
    r"""Training and validation mean squared error of full-batch gradient descent (one step = one epoch)
    on a degree-15 Legendre-feature regression of $y = \sin(\pi x) + \epsilon$, $\epsilon \sim \mathcal{N}(0, 0.3^2)$,
    20 training points on $[-1, 1]$, step $\eta = 1/L$. Used for the early-stopping figure."""
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(-1.0, 1.0, n_train))
    y = np.sin(np.pi * x) + rng.normal(0.0, noise, n_train)
    xv = np.linspace(-1.0, 1.0, n_val)
    yv = np.sin(np.pi * xv) + rng.normal(0.0, noise, n_val)
    Phi = legendre.legvander(x, degree)
    scale = np.sqrt(np.mean(Phi ** 2, axis=0))
    Phi, Phiv = Phi / scale, legendre.legvander(xv, degree) / scale
    eta = 1.0 / np.linalg.eigvalsh(Phi.T @ Phi / n_train).max()
    w = np.zeros(degree + 1)
    train, val = np.empty(epochs), np.empty(epochs)
    for t in range(epochs):
        r = Phi @ w - y
        train[t] = np.mean(r ** 2)
        val[t] = np.mean((Phiv @ w - yv) ** 2)
        w -= eta * Phi.T @ r / n_train
    return Curves(train, val)


# --- L1 versus L2: solutions and paths ------------------------------------------------------

def ridge(X: Array, y: Array, lam: float) -> Array:
    r"""$\hat{\mathbf{w}} = \argmin_{\mathbf{w}} \frac{1}{2n}\lVert \mathbf{y} - \mathbf{X}\mathbf{w} \rVert^2 + \frac{\lambda}{2}\lVert\mathbf{w}\rVert_2^2
    = (\mathbf{X}^\top\mathbf{X} + n\lambda\mathbf{I})^{-1}\mathbf{X}^\top\mathbf{y}$."""
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    return np.linalg.solve(X.T @ X + n * lam * np.eye(d), X.T @ y)


def lasso_ista(X: Array, y: Array, lam: float, *, steps: int = 5000, w0: Array | None = None) -> Array:
    r"""$\hat{\mathbf{w}} = \argmin_{\mathbf{w}} \frac{1}{2n}\lVert \mathbf{y} - \mathbf{X}\mathbf{w} \rVert^2 + \lambda\lVert\mathbf{w}\rVert_1$
    by proximal gradient: $\mathbf{w} \leftarrow S_{\eta\lambda}(\mathbf{w} - \eta \mathbf{g})$, $\eta = 1/L$."""
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    eta = 1.0 / np.linalg.eigvalsh(X.T @ X / n).max()
    w = np.zeros(d) if w0 is None else np.array(w0, dtype=float)
    for _ in range(steps):
        w = proximal_l1_step(w, X.T @ (X @ w - y) / n, eta, lam)
    return w


def quadratic_ridge(A: Array, w_star: Array, lam: float) -> Array:
    r"""Minimizer of $(\mathbf{w} - \mathbf{w}^\star)^\top \mathbf{A} (\mathbf{w} - \mathbf{w}^\star) + \lambda\lVert\mathbf{w}\rVert_2^2$:
    $(\mathbf{A} + \lambda\mathbf{I})^{-1}\mathbf{A}\mathbf{w}^\star$."""
    return np.linalg.solve(A + lam * np.eye(len(w_star)), A @ w_star)


def quadratic_lasso(A: Array, w_star: Array, lam: float, *, steps: int = 20000) -> Array:
    r"""Minimizer of $(\mathbf{w} - \mathbf{w}^\star)^\top \mathbf{A} (\mathbf{w} - \mathbf{w}^\star) + \lambda\lVert\mathbf{w}\rVert_1$
    by proximal gradient."""
    eta = 1.0 / (2.0 * np.linalg.eigvalsh(A).max())
    w = np.zeros(len(w_star))
    for _ in range(steps):
        w = proximal_l1_step(w, 2.0 * A @ (w - w_star), eta, lam)
    return w


def regression_problem(n: int = 50, d: int = 6, seed: int = 0) -> tuple[Array, Array, Array]:
    """A small seeded regression with correlated standardized features and a sparse true weight vector."""
    rng = np.random.default_rng(seed)
    C = 0.5 ** np.abs(np.subtract.outer(np.arange(d), np.arange(d)))
    X = rng.standard_normal((n, d)) @ np.linalg.cholesky(C).T
    X = (X - X.mean(0)) / X.std(0)
    w_true = np.array([3.0, -2.0, 0.0, 1.5, 0.0, 0.5])[:d]
    y = X @ w_true + rng.normal(0.0, 1.0, n)
    return X, y - y.mean(), w_true
