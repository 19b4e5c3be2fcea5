"""Loss functions and their gradients with respect to the prediction, in NumPy.

Every loss has the signature ``loss(*inputs, reduction="mean", **params)`` and its gradient
``grad(*inputs, reduction="mean", **params)`` returns the derivative of the reduced loss with
respect to ``inputs[0]`` (the prediction, logits or embedding), with the same shape.
``reduction="none"`` returns the per-element (or per-sample) losses; their gradient is the
gradient of their sum. Conventions (argument order, reductions, clamps, epsilons) follow
PyTorch, so the tests can compare against ``torch.nn.functional``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .activations import sigmoid

Array = np.ndarray


# --- helpers -------------------------------------------------------------------------------


def _arr(x) -> Array:
    return np.asarray(x, dtype=float)


def softplus(x: Array) -> Array:
    r"""$\log(1 + e^{x}) = \max(x, 0) + \log(1 + e^{-\lvert x \rvert})$, without overflow."""
    x = _arr(x)
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def log_softmax(z: Array) -> Array:
    r"""$\log \softmax(\mathbf{z})_c = z_c - \log \sum_{k} e^{z_k}$ along the last axis."""
    z = _arr(z)
    m = z.max(axis=-1, keepdims=True)
    return z - m - np.log(np.exp(z - m).sum(axis=-1, keepdims=True))


def softmax(z: Array) -> Array:
    return np.exp(log_softmax(z))


def reduce(values: Array, reduction: str, denominator: float | None = None) -> Array:
    """PyTorch's reductions: ``none`` keeps the values, ``sum`` adds them, ``mean`` divides
    the sum by ``denominator`` (default: the number of values)."""
    values = _arr(values)
    if reduction == "none":
        return values
    if reduction == "sum":
        return values.sum()
    if reduction == "mean":
        return values.sum() / (values.size if denominator is None else denominator)
    raise ValueError(f"unknown reduction {reduction!r}")


def _scale(reduction: str, count: float) -> float:
    """Factor by which the gradient of the summed loss is multiplied for ``reduction``."""
    if reduction in ("none", "sum"):
        return 1.0
    if reduction == "mean":
        return 1.0 / count
    raise ValueError(f"unknown reduction {reduction!r}")


# --- regression ----------------------------------------------------------------------------


def mse(pred: Array, target: Array, reduction: str = "mean") -> Array:
    r"""Squared error: $\ell_i = (\hat y_i - y_i)^2$."""
    return reduce((_arr(pred) - _arr(target)) ** 2, reduction)


def mse_grad(pred: Array, target: Array, reduction: str = "mean") -> Array:
    r"""$\frac{\partial \ell_i}{\partial \hat y_i} = 2(\hat y_i - y_i)$."""
    pred = _arr(pred)
    return 2.0 * (pred - _arr(target)) * _scale(reduction, pred.size)


def mae(pred: Array, target: Array, reduction: str = "mean") -> Array:
    r"""Absolute error: $\ell_i = \lvert \hat y_i - y_i \rvert$."""
    return reduce(np.abs(_arr(pred) - _arr(target)), reduction)


def mae_grad(pred: Array, target: Array, reduction: str = "mean") -> Array:
    r"""$\frac{\partial \ell_i}{\partial \hat y_i} = \sign(\hat y_i - y_i)$ (0 at a zero residual, as PyTorch)."""
    pred = _arr(pred)
    return np.sign(pred - _arr(target)) * _scale(reduction, pred.size)


def huber(pred: Array, target: Array, reduction: str = "mean", delta: float = 1.0) -> Array:
    r"""With $r_i = \hat y_i - y_i$:
    $\ell_i = \begin{cases} \tfrac{1}{2} r_i^2 & \lvert r_i \rvert < \delta \\ \delta\left(\lvert r_i \rvert - \tfrac{1}{2}\delta\right) & \text{otherwise} \end{cases}$
    """
    a = np.abs(_arr(pred) - _arr(target))
    return reduce(np.where(a < delta, 0.5 * a * a, delta * (a - 0.5 * delta)), reduction)


def huber_grad(pred: Array, target: Array, reduction: str = "mean", delta: float = 1.0) -> Array:
    r"""$\frac{\partial \ell_i}{\partial \hat y_i} = \operatorname{clip}(r_i, -\delta, \delta)$."""
    pred = _arr(pred)
    return np.clip(pred - _arr(target), -delta, delta) * _scale(reduction, pred.size)


def smooth_l1(pred: Array, target: Array, reduction: str = "mean", beta: float = 1.0) -> Array:
    r"""With $r_i = \hat y_i - y_i$ ($\beta = 0$ gives the L1 loss):
    $\ell_i = \begin{cases} \tfrac{1}{2} r_i^2 / \beta & \lvert r_i \rvert < \beta \\ \lvert r_i \rvert - \tfrac{1}{2}\beta & \text{otherwise} \end{cases}$
    """
    a = np.abs(_arr(pred) - _arr(target))
    if beta == 0:
        return reduce(a, reduction)
    return reduce(np.where(a < beta, 0.5 * a * a / beta, a - 0.5 * beta), reduction)


def smooth_l1_grad(pred: Array, target: Array, reduction: str = "mean", beta: float = 1.0) -> Array:
    r"""$\frac{\partial \ell_i}{\partial \hat y_i} = \operatorname{clip}(r_i / \beta, -1, 1)$."""
    pred = _arr(pred)
    r = pred - _arr(target)
    g = np.sign(r) if beta == 0 else np.clip(r / beta, -1.0, 1.0)
    return g * _scale(reduction, pred.size)


def log_cosh(pred: Array, target: Array, reduction: str = "mean") -> Array:
    r"""$\ell_i = \log\cosh(\hat y_i - y_i)$, computed as $\lvert r \rvert + \log(1 + e^{-2\lvert r \rvert}) - \log 2$."""
    a = np.abs(_arr(pred) - _arr(target))
    return reduce(a + np.log1p(np.exp(-2.0 * a)) - np.log(2.0), reduction)


def log_cosh_grad(pred: Array, target: Array, reduction: str = "mean") -> Array:
    r"""$\frac{\partial \ell_i}{\partial \hat y_i} = \tanh(\hat y_i - y_i)$."""
    pred = _arr(pred)
    return np.tanh(pred - _arr(target)) * _scale(reduction, pred.size)


def quantile(pred: Array, target: Array, reduction: str = "mean", tau: float = 0.5) -> Array:
    r"""Pinball loss for the quantile $\tau \in (0, 1)$, with $u_i = y_i - \hat y_i$:
    $\ell_i = \max\left(\tau u_i, (\tau - 1) u_i\right)$
    """
    u = _arr(target) - _arr(pred)
    return reduce(np.maximum(tau * u, (tau - 1.0) * u), reduction)


def quantile_grad(pred: Array, target: Array, reduction: str = "mean", tau: float = 0.5) -> Array:
    r"""$\frac{\partial \ell_i}{\partial \hat y_i} = \1[u_i < 0] - \tau$."""
    pred = _arr(pred)
    u = _arr(target) - pred
    return ((u < 0).astype(float) - tau) * _scale(reduction, pred.size)


# --- classification ------------------------------------------------------------------------

BCE_LOG_CLAMP = -100.0  # PyTorch clamps log(p) and log(1 - p) from below
BCE_GRAD_EPS = 1e-12  # ... and p(1 - p) in the backward pass


def bce(p: Array, y: Array, reduction: str = "mean") -> Array:
    r"""Binary cross-entropy on probabilities $p_i \in [0, 1]$, with PyTorch's log clamp:
    $\ell_i = -\left[y_i \max(\log p_i, -100) + (1 - y_i)\max(\log(1 - p_i), -100)\right]$
    """
    p, y = _arr(p), _arr(y)
    with np.errstate(divide="ignore"):
        log_p = np.maximum(np.log(p), BCE_LOG_CLAMP)
        log_1mp = np.maximum(np.log1p(-p), BCE_LOG_CLAMP)
    return reduce(-(y * log_p + (1.0 - y) * log_1mp), reduction)


def bce_grad(p: Array, y: Array, reduction: str = "mean") -> Array:
    r"""$\frac{\partial \ell_i}{\partial p_i} = \frac{p_i - y_i}{\max(p_i (1 - p_i), 10^{-12})}$."""
    p, y = _arr(p), _arr(y)
    return (p - y) / np.maximum(p * (1.0 - p), BCE_GRAD_EPS) * _scale(reduction, p.size)


def bce_with_logits(z: Array, y: Array, reduction: str = "mean", pos_weight: float | Array | None = None) -> Array:
    r"""Binary cross-entropy on logits, in the overflow-free form
    $\ell_i = \max(z_i, 0) - z_i y_i + \log\left(1 + e^{-\lvert z_i \rvert}\right)$.
    With ``pos_weight`` the positive term $y_i \log \sigma(z_i)$ is multiplied by it.
    """
    z, y = _arr(z), _arr(y)
    if pos_weight is None:
        return reduce(np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z))), reduction)
    w = 1.0 + (_arr(pos_weight) - 1.0) * y
    return reduce((1.0 - y) * z + w * softplus(-z), reduction)


def bce_with_logits_grad(z: Array, y: Array, reduction: str = "mean", pos_weight: float | Array | None = None) -> Array:
    r"""$\frac{\partial \ell_i}{\partial z_i} = \sigma(z_i) - y_i$ (without ``pos_weight``)."""
    z, y = _arr(z), _arr(y)
    if pos_weight is None:
        g = sigmoid(z) - y
    else:
        g = (1.0 - y) - (1.0 + (_arr(pos_weight) - 1.0) * y) * sigmoid(-z)
    return g * _scale(reduction, z.size)


def smoothed_targets(target: Array, num_classes: int, label_smoothing: float = 0.0) -> Array:
    r"""$q_{ic} = (1 - \varepsilon)\,\1[c = y_i] + \varepsilon / C$, PyTorch's ``label_smoothing``."""
    onehot = np.eye(num_classes)[np.asarray(target, dtype=int)]
    return (1.0 - label_smoothing) * onehot + label_smoothing / num_classes


def cross_entropy(z: Array, target: Array, reduction: str = "mean", label_smoothing: float = 0.0) -> Array:
    r"""Cross-entropy of logits $\mathbf{z}_i \in \R^C$ against class $y_i$, smoothed target $\mathbf{q}_i$:
    $\ell_i = -\sum_{c=1}^{C} q_{ic} \log \softmax(\mathbf{z}_i)_c$
    """
    z = _arr(z)
    q = smoothed_targets(target, z.shape[-1], label_smoothing)
    return reduce(-(q * log_softmax(z)).sum(axis=-1), reduction)


def cross_entropy_grad(z: Array, target: Array, reduction: str = "mean", label_smoothing: float = 0.0) -> Array:
    r"""$\frac{\partial \ell_i}{\partial \mathbf{z}_i} = \softmax(\mathbf{z}_i) - \mathbf{q}_i$."""
    z = _arr(z)
    q = smoothed_targets(target, z.shape[-1], label_smoothing)
    return (softmax(z) - q) * _scale(reduction, z.shape[0])


def soft_cross_entropy(z: Array, q: Array, reduction: str = "mean", weight: Array | None = None) -> Array:
    r"""Cross-entropy against probability targets $\mathbf{q}_i$ with class weights $w_c$:
    $\ell_i = -\sum_{c} w_c q_{ic} \log \softmax(\mathbf{z}_i)_c$. Unlike class-index targets, the mean
    divides by $N$ even with weights (PyTorch's ``cross_entropy`` with float targets).
    """
    z, q = _arr(z), _arr(q)
    w = np.ones(z.shape[-1]) if weight is None else _arr(weight)
    return reduce(-(w * q * log_softmax(z)).sum(axis=-1), reduction)


def nll(x: Array, target: Array, reduction: str = "mean", weight: Array | None = None) -> Array:
    r"""Negative log-likelihood of log-probabilities $x_{ic}$ with class weights $w_c$:
    $\ell_i = -w_{y_i} x_{i, y_i}$. The mean divides by $\sum_i w_{y_i}$, not by $N$.
    """
    x = _arr(x)
    t = np.asarray(target, dtype=int)
    w = np.ones(x.shape[-1]) if weight is None else _arr(weight)
    picked = x[np.arange(x.shape[0]), t]
    return reduce(-w[t] * picked, reduction, denominator=w[t].sum())


def nll_grad(x: Array, target: Array, reduction: str = "mean", weight: Array | None = None) -> Array:
    r"""$\frac{\partial \ell_i}{\partial x_{i,c}} = -w_{y_i} \1[c = y_i]$."""
    x = _arr(x)
    t = np.asarray(target, dtype=int)
    w = np.ones(x.shape[-1]) if weight is None else _arr(weight)
    g = np.zeros_like(x)
    g[np.arange(x.shape[0]), t] = -w[t]
    return g * (1.0 / w[t].sum() if reduction == "mean" else _scale(reduction, 1))


def hinge(f: Array, y: Array, reduction: str = "mean") -> Array:
    r"""Binary hinge loss for a score $f_i$ and a label $y_i \in \{-1, +1\}$:
    $\ell_i = \max(0, 1 - y_i f_i)$
    """
    return reduce(np.maximum(0.0, 1.0 - _arr(y) * _arr(f)), reduction)


def hinge_grad(f: Array, y: Array, reduction: str = "mean") -> Array:
    r"""$\frac{\partial \ell_i}{\partial f_i} = -y_i \1[y_i f_i < 1]$."""
    f, y = _arr(f), _arr(y)
    return -y * (y * f < 1.0) * _scale(reduction, f.size)


def squared_hinge(f: Array, y: Array, reduction: str = "mean") -> Array:
    r"""$\ell_i = \max(0, 1 - y_i f_i)^2$, labels $y_i \in \{-1, +1\}$."""
    return reduce(np.maximum(0.0, 1.0 - _arr(y) * _arr(f)) ** 2, reduction)


def squared_hinge_grad(f: Array, y: Array, reduction: str = "mean") -> Array:
    r"""$\frac{\partial \ell_i}{\partial f_i} = -2 y_i \max(0, 1 - y_i f_i)$."""
    f, y = _arr(f), _arr(y)
    return -2.0 * y * np.maximum(0.0, 1.0 - y * f) * _scale(reduction, f.size)


def _margins(x: Array, target: Array, margin: float) -> tuple[Array, Array]:
    """Hinge arguments $h_{ic} = m - x_{i,y_i} + x_{ic}$ and the mask $c \\ne y_i$."""
    t = np.asarray(target, dtype=int)
    rows = np.arange(x.shape[0])
    h = margin - x[rows, t][:, None] + x
    other = np.ones_like(x, dtype=bool)
    other[rows, t] = False
    return h, other


def multi_margin(x: Array, target: Array, reduction: str = "mean", p: int = 1, margin: float = 1.0) -> Array:
    r"""Multi-class hinge (Weston–Watkins style, PyTorch's ``MultiMarginLoss``), $p \in \{1, 2\}$:
    $\ell_i = \frac{1}{C}\sum_{c \ne y_i} \max(0, m - x_{i,y_i} + x_{i,c})^{p}$
    """
    x = _arr(x)
    h, other = _margins(x, target, margin)
    per = (np.maximum(h, 0.0) ** p * other).sum(axis=-1) / x.shape[-1]
    return reduce(per, reduction)


def multi_margin_grad(x: Array, target: Array, reduction: str = "mean", p: int = 1, margin: float = 1.0) -> Array:
    r"""$\frac{\partial \ell_i}{\partial x_{i,c}} = \frac{p}{C} h_{ic}^{p-1} \1[h_{ic} > 0]$ for $c \ne y_i$,
    and $x_{i,y_i}$ gets minus their sum.
    """
    x = _arr(x)
    h, other = _margins(x, target, margin)
    active = (h > 0) & other
    g = np.where(active, p * np.maximum(h, 0.0) ** (p - 1), 0.0) / x.shape[-1]
    rows = np.arange(x.shape[0])
    g[rows, np.asarray(target, dtype=int)] = -g.sum(axis=-1)
    return g * _scale(reduction, x.shape[0])


def focal(z: Array, y: Array, reduction: str = "mean", alpha: float | None = 0.25, gamma: float = 2.0) -> Array:
    r"""Sigmoid focal loss on logits $z_i$, labels $y_i \in \{0, 1\}$, $p_t = \sigma((2y_i - 1) z_i)$:
    $\ell_i = -\alpha_t (1 - p_t)^{\gamma} \log p_t$
    with $\alpha_t = \alpha$ for positives and $1 - \alpha$ for negatives (``alpha=None``: $\alpha_t = 1$).
    """
    z, y = _arr(z), _arr(y)
    s = 2.0 * y - 1.0
    p_t = sigmoid(s * z)
    a_t = 1.0 if alpha is None else alpha * y + (1.0 - alpha) * (1.0 - y)
    return reduce(a_t * (1.0 - p_t) ** gamma * softplus(-s * z), reduction)


def focal_grad(z: Array, y: Array, reduction: str = "mean", alpha: float | None = 0.25, gamma: float = 2.0) -> Array:
    r"""$\frac{\partial \ell_i}{\partial z_i} = \alpha_t (2 y_i - 1)(1 - p_t)^{\gamma}\left(\gamma p_t \log p_t + p_t - 1\right)$."""
    z, y = _arr(z), _arr(y)
    s = 2.0 * y - 1.0
    p_t = sigmoid(s * z)
    a_t = 1.0 if alpha is None else alpha * y + (1.0 - alpha) * (1.0 - y)
    g = a_t * s * (1.0 - p_t) ** gamma * (-gamma * p_t * softplus(-s * z) + p_t - 1.0)
    return g * _scale(reduction, z.size)


# --- distributions and embeddings ----------------------------------------------------------


def kl_div(x: Array, p: Array, reduction: str = "mean") -> Array:
    r"""PyTorch's ``kl_div(input, target)``: ``input`` $x_{ij} = \log q_{ij}$ (log-probabilities of the
    model), ``target`` $p_{ij}$ (probabilities), $0 \log 0 = 0$:
    $\ell_{ij} = p_{ij} \left(\log p_{ij} - x_{ij}\right)$
    ``batchmean`` divides the sum by the batch size $N$ (the true KL per sample); ``mean``
    divides by the number of elements.
    """
    x, p = _arr(x), _arr(p)
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)
    values = plogp - p * x
    if reduction == "batchmean":
        return values.sum() / x.shape[0]
    return reduce(values, reduction)


def kl_div_grad(x: Array, p: Array, reduction: str = "mean") -> Array:
    r"""$\frac{\partial \ell_{ij}}{\partial x_{ij}} = -p_{ij}$."""
    x, p = _arr(x), _arr(p)
    if reduction == "batchmean":
        return -p / x.shape[0]
    return -p * _scale(reduction, x.size)


def kl_bernoulli(p: Array, q: Array) -> Array:
    r"""$\KL(\operatorname{Bern}(p) \,\Vert\, \operatorname{Bern}(q)) = p \log\frac{p}{q} + (1 - p)\log\frac{1 - p}{1 - q}$."""
    p, q = _arr(p), _arr(q)
    return kl_div(np.stack([np.log(q), np.log1p(-q)], axis=-1), np.stack([p + 0 * q, 1.0 - p + 0 * q], axis=-1),
                  reduction="none").sum(axis=-1)


def kl_gaussian(mu1: Array, s1: Array, mu2: Array, s2: Array) -> Array:
    r"""$\KL(\mathcal{N}(\mu_1, \sigma_1^2) \,\Vert\, \mathcal{N}(\mu_2, \sigma_2^2)) = \log\frac{\sigma_2}{\sigma_1} + \frac{\sigma_1^2 + (\mu_1 - \mu_2)^2}{2\sigma_2^2} - \frac{1}{2}$."""
    mu1, s1, mu2, s2 = map(_arr, (mu1, s1, mu2, s2))
    return np.log(s2 / s1) + (s1**2 + (mu1 - mu2) ** 2) / (2.0 * s2**2) - 0.5


def contrastive(x1: Array, x2: Array, y: Array, reduction: str = "mean", margin: float = 1.0) -> Array:
    r"""Pairs of embeddings, $y_i = 1$ for a similar pair and $0$ for a dissimilar one,
    $D_i = \lVert \mathbf{x}_{1,i} - \mathbf{x}_{2,i} \rVert_2$:
    $\ell_i = y_i \tfrac{1}{2} D_i^2 + (1 - y_i) \tfrac{1}{2} \max(0, m - D_i)^2$
    """
    y = _arr(y)
    d = np.linalg.norm(_arr(x1) - _arr(x2), axis=-1)
    return reduce(y * 0.5 * d**2 + (1.0 - y) * 0.5 * np.maximum(0.0, margin - d) ** 2, reduction)


def contrastive_grad(x1: Array, x2: Array, y: Array, reduction: str = "mean", margin: float = 1.0) -> Array:
    r"""$\frac{\partial \ell_i}{\partial \mathbf{x}_{1,i}} = \left[y_i D_i - (1 - y_i)\max(0, m - D_i)\right] \frac{\mathbf{x}_{1,i} - \mathbf{x}_{2,i}}{D_i}$."""
    x1, y = _arr(x1), _arr(y)
    diff = x1 - _arr(x2)
    d = np.linalg.norm(diff, axis=-1)
    coef = y - (1.0 - y) * np.maximum(0.0, margin - d) / np.where(d > 0, d, 1.0)
    return coef[:, None] * diff * _scale(reduction, x1.shape[0])


def pairwise_distance(x1: Array, x2: Array, eps: float = 1e-6) -> Array:
    r"""PyTorch's $d(\mathbf{x}, \mathbf{y}) = \lVert \mathbf{x} - \mathbf{y} + \epsilon \rVert_2$ ($\epsilon$ added to every component)."""
    return np.linalg.norm(_arr(x1) - _arr(x2) + eps, axis=-1)


def triplet(a: Array, pos: Array, neg: Array, reduction: str = "mean", margin: float = 1.0, eps: float = 1e-6) -> Array:
    r"""Triplet margin loss (anchor, positive, negative), $p = 2$:
    $\ell_i = \max\left(0, d(\mathbf{a}_i, \mathbf{p}_i) - d(\mathbf{a}_i, \mathbf{n}_i) + m\right)$
    """
    d_ap = pairwise_distance(a, pos, eps)
    d_an = pairwise_distance(a, neg, eps)
    return reduce(np.maximum(0.0, d_ap - d_an + margin), reduction)


def triplet_grad(a: Array, pos: Array, neg: Array, reduction: str = "mean", margin: float = 1.0, eps: float = 1e-6) -> Array:
    r"""$\frac{\partial \ell_i}{\partial \mathbf{a}_i} = \1[\ell_i > 0]\left(\frac{\mathbf{a}_i - \mathbf{p}_i + \epsilon}{d(\mathbf{a}_i, \mathbf{p}_i)} - \frac{\mathbf{a}_i - \mathbf{n}_i + \epsilon}{d(\mathbf{a}_i, \mathbf{n}_i)}\right)$."""
    a = _arr(a)
    u = a - _arr(pos) + eps
    v = a - _arr(neg) + eps
    d_ap = np.linalg.norm(u, axis=-1)
    d_an = np.linalg.norm(v, axis=-1)
    active = (d_ap - d_an + margin > 0).astype(float)
    g = active[:, None] * (u / d_ap[:, None] - v / d_an[:, None])
    return g * _scale(reduction, a.shape[0])


COSINE_EPS = 1e-12  # PyTorch adds it to both squared norms


def cosine(x1: Array, x2: Array) -> Array:
    r"""$\cos_i = \frac{\mathbf{x}_{1,i}^\top \mathbf{x}_{2,i}}{\sqrt{(\lVert \mathbf{x}_{1,i} \rVert^2 + \epsilon)(\lVert \mathbf{x}_{2,i} \rVert^2 + \epsilon)}}$, $\epsilon = 10^{-12}$."""
    x1, x2 = _arr(x1), _arr(x2)
    return (x1 * x2).sum(-1) / np.sqrt(((x1**2).sum(-1) + COSINE_EPS) * ((x2**2).sum(-1) + COSINE_EPS))


def cosine_embedding(x1: Array, x2: Array, y: Array, reduction: str = "mean", margin: float = 0.0) -> Array:
    r"""Labels $y_i \in \{-1, +1\}$:
    $\ell_i = \begin{cases} 1 - \cos_i & y_i = 1 \\ \max(0, \cos_i - m) & y_i = -1 \end{cases}$
    """
    y = _arr(y)
    c = cosine(x1, x2)
    return reduce(np.where(y == 1, 1.0 - c, np.where(y == -1, np.maximum(0.0, c - margin), 0.0)), reduction)


def cosine_embedding_grad(x1: Array, x2: Array, y: Array, reduction: str = "mean", margin: float = 0.0) -> Array:
    r"""$\frac{\partial \ell_i}{\partial \mathbf{x}_{1,i}} = \left(-\1[y_i = 1] + \1[y_i = -1]\,\1[\cos_i > m]\right) \frac{\partial \cos_i}{\partial \mathbf{x}_{1,i}}$."""
    x1, x2, y = _arr(x1), _arr(x2), _arr(y)
    n1 = (x1**2).sum(-1) + COSINE_EPS
    n2 = (x2**2).sum(-1) + COSINE_EPS
    c = cosine(x1, x2)
    dcos = x2 / np.sqrt(n1 * n2)[:, None] - (c / n1)[:, None] * x1
    coef = np.where(y == 1, -1.0, np.where((y == -1) & (c > margin), 1.0, 0.0))
    return coef[:, None] * dcos * _scale(reduction, x1.shape[0])


def _normalize(x: Array) -> tuple[Array, Array]:
    """Row-wise unit vectors (PyTorch's ``F.normalize``: norm clamped at 1e-12) and the norms."""
    n = np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)
    return x / n, n


def infonce(q: Array, k: Array, reduction: str = "mean", tau: float = 0.1) -> Array:
    r"""Queries $\mathbf{q}_i$, keys $\mathbf{k}_j$ ($\mathbf{k}_i$ is the positive of $\mathbf{q}_i$, the
    other keys its negatives), $s_{ij} = \hat{\mathbf{q}}_i^\top \hat{\mathbf{k}}_j$ with unit vectors:
    $\ell_i = -\log \frac{\exp(s_{ii} / \tau)}{\sum_{j=1}^{N} \exp(s_{ij} / \tau)}$
    """
    qh, _ = _normalize(_arr(q))
    kh, _ = _normalize(_arr(k))
    return cross_entropy(qh @ kh.T / tau, np.arange(qh.shape[0]), reduction)


def infonce_grad(q: Array, k: Array, reduction: str = "mean", tau: float = 0.1) -> Array:
    r"""$\frac{\partial \ell_i}{\partial \mathbf{q}_i} = \frac{1}{\tau \lVert \mathbf{q}_i \rVert}\left(\mathbf{I} - \hat{\mathbf{q}}_i \hat{\mathbf{q}}_i^\top\right) \sum_{j} \left(P_{ij} - \1[i = j]\right) \hat{\mathbf{k}}_j$."""
    qh, qn = _normalize(_arr(q))
    kh, _ = _normalize(_arr(k))
    n = qh.shape[0]
    g_s = cross_entropy_grad(qh @ kh.T / tau, np.arange(n), "sum") / tau  # d l / d s
    g_qh = g_s @ kh
    g_q = (g_qh - (g_qh * qh).sum(-1, keepdims=True) * qh) / qn
    return g_q * _scale(reduction, n)


# --- likelihoods, sequences, segmentation, margins, supervised contrast --------------------


def gaussian_nll(pred: Array, target: Array, var: Array, reduction: str = "mean", full: bool = False,
                 eps: float = 1e-6) -> Array:
    r"""Gaussian negative log-likelihood of $y_i$ under $\mathcal{N}(\hat y_i, v_i)$, variance clamped as PyTorch,
    $\tilde v_i = \max(v_i, \epsilon)$ (``full=True`` adds $\tfrac{1}{2}\log 2\pi$):
    $\ell_i = \tfrac{1}{2}\left(\log \tilde v_i + \frac{(\hat y_i - y_i)^2}{\tilde v_i}\right)$
    """
    v = np.maximum(_arr(var), eps)
    values = 0.5 * (np.log(v) + (_arr(pred) - _arr(target)) ** 2 / v)
    if full:
        values = values + 0.5 * np.log(2.0 * np.pi)
    return reduce(values, reduction)


def gaussian_nll_grad(pred: Array, target: Array, var: Array, reduction: str = "mean", full: bool = False,
                      eps: float = 1e-6) -> Array:
    r"""$\frac{\partial \ell_i}{\partial \hat y_i} = \frac{\hat y_i - y_i}{\tilde v_i}$ (and $\frac{\partial \ell_i}{\partial v_i} = \frac{1}{2 v_i}\left(1 - \frac{(\hat y_i - y_i)^2}{v_i}\right)$ for $v_i > \epsilon$)."""
    pred = _arr(pred)
    v = np.maximum(_arr(var), eps)
    return (pred - _arr(target)) / v * _scale(reduction, pred.size)


def _stirling(y: Array) -> Array:
    r"""PyTorch's Stirling term $y \log y - y + \tfrac{1}{2}\log(2\pi y)$ for $y > 1$, else 0."""
    y = _arr(y)
    safe = np.where(y > 1, y, 2.0)
    return np.where(y > 1, safe * np.log(safe) - safe + 0.5 * np.log(2.0 * np.pi * safe), 0.0)


def poisson_nll(x: Array, y: Array, reduction: str = "mean", log_input: bool = True, full: bool = False,
                eps: float = 1e-8) -> Array:
    r"""Poisson negative log-likelihood of counts $y_i$ with rate $\lambda_i$, without the constant $\log y_i!$
    (``full=True`` adds its Stirling approximation for $y_i > 1$). With ``log_input=True`` (default)
    the input is $x_i = \log \lambda_i$:
    $\ell_i = e^{x_i} - y_i x_i$
    and with ``log_input=False`` it is the rate itself, $\ell_i = x_i - y_i \log(x_i + \epsilon)$.
    """
    x, y = _arr(x), _arr(y)
    values = np.exp(x) - y * x if log_input else x - y * np.log(x + eps)
    if full:
        values = values + _stirling(y)
    return reduce(values, reduction)


def poisson_nll_grad(x: Array, y: Array, reduction: str = "mean", log_input: bool = True, full: bool = False,
                     eps: float = 1e-8) -> Array:
    r"""$\frac{\partial \ell_i}{\partial x_i} = e^{x_i} - y_i$ (log input) or $1 - \frac{y_i}{x_i + \epsilon}$ (rate input)."""
    x, y = _arr(x), _arr(y)
    g = np.exp(x) - y if log_input else 1.0 - y / (x + eps)
    return g * _scale(reduction, x.size)


def _logsumexp(a: Array, axis: int = 0) -> Array:
    m = np.max(a, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    with np.errstate(divide="ignore"):
        return np.squeeze(m, axis) + np.log(np.sum(np.exp(a - m), axis=axis))


def ctc_extended(labels: Array, blank: int = 0) -> Array:
    r"""The label sequence with blanks around every symbol: $\mathbf{l}' = (b, l_1, b, l_2, \dots, l_S, b)$, length $2S + 1$."""
    ext = np.full(2 * len(labels) + 1, blank, dtype=int)
    ext[1::2] = np.asarray(labels, dtype=int)
    return ext


def ctc_alpha(log_probs: Array, labels: Array, blank: int = 0) -> Array:
    r"""Forward variables in log space, $\log\alpha_t(s)$ for $t < T$ and $s < 2S + 1$:
    $\alpha_t(s) = \left(\alpha_{t-1}(s) + \alpha_{t-1}(s-1) + \1[l'_s \ne b,\ l'_s \ne l'_{s-2}]\,\alpha_{t-1}(s-2)\right) y_t^{l'_s}$,
    started from $\alpha_0(0) = y_0^{b}$, $\alpha_0(1) = y_0^{l_1}$; ``log_probs`` is $(T, C)$, $\log y_t^k$.
    """
    lp = _arr(log_probs)
    ext = ctc_extended(labels, blank)
    T, L = lp.shape[0], ext.size
    skip = np.zeros(L, dtype=bool)
    skip[2:] = (ext[2:] != blank) & (ext[2:] != ext[:-2])
    alpha = np.full((T, L), -np.inf)
    alpha[0, 0] = lp[0, ext[0]]
    if L > 1:
        alpha[0, 1] = lp[0, ext[1]]
    for t in range(1, T):
        prev = alpha[t - 1]
        one = np.concatenate([[-np.inf], prev[:-1]])
        two = np.where(skip, np.concatenate([[-np.inf, -np.inf], prev[:-2]]), -np.inf)
        alpha[t] = _logsumexp(np.stack([prev, one, two]), axis=0) + lp[t, ext]
    return alpha


def ctc_beta(log_probs: Array, labels: Array, blank: int = 0) -> Array:
    r"""Backward variables $\log\beta_t(s)$ (the same recursion run from the end, including $y_t^{l'_s}$)."""
    lp = _arr(log_probs)
    ext = ctc_extended(labels, blank)
    flipped = ctc_alpha(lp[::-1], np.asarray(labels, dtype=int)[::-1], blank)
    return flipped[::-1, ::-1] if ext.size else flipped


def _ctc_one(log_probs: Array, labels: Array, blank: int) -> tuple[float, Array]:
    """Negative log-likelihood of one sequence and its gradient w.r.t. the log-probabilities' logits."""
    lp = _arr(log_probs)
    ext = ctc_extended(labels, blank)
    alpha, beta = ctc_alpha(lp, labels, blank), ctc_beta(lp, labels, blank)
    last = alpha[-1, -2:] if ext.size > 1 else alpha[-1, -1:]
    log_p = float(_logsumexp(last, axis=0))
    # occupation probabilities gamma_t(k) = sum_{s: l'_s = k} alpha_t(s) beta_t(s) / (p y_t^k)
    log_ab = alpha + beta - lp[:, ext]
    gamma = np.zeros_like(lp)
    if np.isfinite(log_p):
        for k in np.unique(ext):
            gamma[:, k] = np.exp(_logsumexp(log_ab[:, ext == k].T, axis=0) - log_p)
    return -log_p, gamma


def ctc(z: Array, targets: Array, input_lengths: Array, target_lengths: Array, reduction: str = "mean",
        blank: int = 0, zero_infinity: bool = False) -> Array:
    r"""Connectionist temporal classification on logits $\mathbf{z}$ $(T, N, C)$ (log-softmax over $C$ inside, as
    ``F.ctc_loss(z.log_softmax(-1), ...)``); $\mathcal{B}^{-1}(\mathbf{l}_n)$ are the alignments that collapse to the
    labels $\mathbf{l}_n$ (merge repeats, then drop blanks):
    $\ell_n = -\log \sum_{\boldsymbol{\pi} \in \mathcal{B}^{-1}(\mathbf{l}_n)} \prod_{t=1}^{T_n} y_t^{\pi_t}$
    ``mean`` divides each $\ell_n$ by its target length $S_n$, then averages over the batch.
    """
    z = _arr(z)
    lp = log_softmax(z)
    tl = np.asarray(target_lengths, dtype=int)
    values = np.empty(z.shape[1])
    for n in range(z.shape[1]):
        values[n], _ = _ctc_one(lp[: int(input_lengths[n]), n], np.asarray(targets)[n, : tl[n]], blank)
    if zero_infinity:
        values = np.where(np.isinf(values), 0.0, values)
    if reduction == "mean":
        return (values / np.maximum(tl, 1)).mean()
    return reduce(values, reduction)


def ctc_grad(z: Array, targets: Array, input_lengths: Array, target_lengths: Array, reduction: str = "mean",
             blank: int = 0, zero_infinity: bool = False) -> Array:
    r"""$\frac{\partial \ell_n}{\partial z_{t,n,k}} = y_t^k - \gamma_t(k)$ with the occupation probability
    $\gamma_t(k) = \frac{1}{p(\mathbf{l}_n)\, y_t^k} \sum_{s : l'_s = k} \alpha_t(s)\beta_t(s)$ ($t \le T_n$; 0 on padding frames beyond $T_n$)."""
    z = _arr(z)
    lp = log_softmax(z)
    tl = np.asarray(target_lengths, dtype=int)
    g = np.zeros_like(z)
    n_batch = z.shape[1]
    for n in range(n_batch):
        T = int(input_lengths[n])
        loss, gamma = _ctc_one(lp[:T, n], np.asarray(targets)[n, : tl[n]], blank)
        if np.isinf(loss):
            if zero_infinity:
                continue
            g[:T, n] = np.nan
            continue
        w = 1.0 / (max(tl[n], 1) * n_batch) if reduction == "mean" else 1.0
        g[:T, n] = (np.exp(lp[:T, n]) - gamma) * w
    return g


def _sample_sums(a: Array) -> Array:
    a = _arr(a)
    return a.reshape(a.shape[0], -1).sum(axis=1)


def soft_dice(p: Array, g: Array, reduction: str = "mean", squared: bool = False, smooth: float = 0.0) -> Array:
    r"""Soft Dice loss per sample $i$ over its pixels $j$ (probabilities $p_{ij}$, targets $g_{ij}$; ``squared``
    is Milletari's $\sum_j p_{ij}^2 + \sum_j g_{ij}^2$ in the denominator):
    $\ell_i = 1 - \frac{2\sum_j p_{ij} g_{ij} + s}{\sum_j p_{ij} + \sum_j g_{ij} + s}$
    """
    p, g = _arr(p), _arr(g)
    inter = _sample_sums(p * g)
    den = _sample_sums(p * p) + _sample_sums(g * g) if squared else _sample_sums(p) + _sample_sums(g)
    return reduce(1.0 - (2.0 * inter + smooth) / (den + smooth), reduction)


def soft_dice_grad(p: Array, g: Array, reduction: str = "mean", squared: bool = False, smooth: float = 0.0) -> Array:
    r"""With $I_i = \sum_j p_{ij} g_{ij}$ and $D_i$ the denominator:
    $\frac{\partial \ell_i}{\partial p_{ij}} = -\frac{2 g_{ij} (D_i + s) - (2 I_i + s)\, \partial D_i / \partial p_{ij}}{(D_i + s)^2}$,
    $\partial D_i / \partial p_{ij} = 1$ (or $2 p_{ij}$ squared)."""
    p, g = _arr(p), _arr(g)
    shape = (-1,) + (1,) * (p.ndim - 1)
    inter = _sample_sums(p * g).reshape(shape)
    den = (_sample_sums(p * p) + _sample_sums(g * g) if squared else _sample_sums(p) + _sample_sums(g)).reshape(shape)
    d_den = 2.0 * p if squared else np.ones_like(p)
    grad = -(2.0 * g * (den + smooth) - (2.0 * inter + smooth) * d_den) / (den + smooth) ** 2
    return grad * _scale(reduction, p.shape[0])


def generalized_dice(p: Array, g: Array) -> Array:
    r"""Generalized Dice loss (Sudre et al. 2017) per sample, classes $c$ on axis 1, $w_c = 1 / (\sum_j g_{cj})^2$:
    $\mathcal{L}_{\text{GDL}} = 1 - 2\frac{\sum_c w_c \sum_j p_{cj} g_{cj}}{\sum_c w_c \sum_j (p_{cj} + g_{cj})}$
    """
    p, g = _arr(p), _arr(g)
    n, c = p.shape[:2]
    pf, gf = p.reshape(n, c, -1), g.reshape(n, c, -1)
    w = 1.0 / gf.sum(axis=2) ** 2
    return 1.0 - 2.0 * (w * (pf * gf).sum(axis=2)).sum(axis=1) / (w * (pf + gf).sum(axis=2)).sum(axis=1)


def tversky(p: Array, g: Array, reduction: str = "mean", alpha: float = 0.3, beta: float = 0.7,
            smooth: float = 0.0) -> Array:
    r"""Tversky loss per sample, with soft counts $TP_i = \sum_j p_{ij} g_{ij}$, $FP_i = \sum_j p_{ij}(1 - g_{ij})$,
    $FN_i = \sum_j (1 - p_{ij}) g_{ij}$ ($\alpha = \beta = \tfrac{1}{2}$ is the soft Dice loss):
    $\ell_i = 1 - \frac{TP_i + s}{TP_i + \alpha FP_i + \beta FN_i + s}$
    """
    p, g = _arr(p), _arr(g)
    tp, fp, fn = _sample_sums(p * g), _sample_sums(p * (1.0 - g)), _sample_sums((1.0 - p) * g)
    return reduce(1.0 - (tp + smooth) / (tp + alpha * fp + beta * fn + smooth), reduction)


def tversky_grad(p: Array, g: Array, reduction: str = "mean", alpha: float = 0.3, beta: float = 0.7,
                 smooth: float = 0.0) -> Array:
    r"""With $Q_i = TP_i + \alpha FP_i + \beta FN_i + s$:
    $\frac{\partial \ell_i}{\partial p_{ij}} = -\frac{g_{ij} Q_i - (TP_i + s)\left(g_{ij} + \alpha(1 - g_{ij}) - \beta g_{ij}\right)}{Q_i^2}$."""
    p, g = _arr(p), _arr(g)
    shape = (-1,) + (1,) * (p.ndim - 1)
    tp = _sample_sums(p * g).reshape(shape)
    q = tp + alpha * _sample_sums(p * (1.0 - g)).reshape(shape) + beta * _sample_sums((1.0 - p) * g).reshape(shape) + smooth
    grad = -(g * q - (tp + smooth) * (g + alpha * (1.0 - g) - beta * g)) / q**2
    return grad * _scale(reduction, p.shape[0])


def angular_margin(x: Array, W: Array, y: Array, reduction: str = "mean", s: float = 64.0, m2: float = 0.5,
                   m3: float = 0.0) -> Array:
    r"""Cross-entropy over the margin logits of ``style_transfer.margin_logits`` (ArcFace $m_2$, CosFace $m_3$),
    $\cos\theta_j = \hat{\mathbf{w}}_j^\top \hat{\mathbf{x}}_i$:
    $\ell_i = -\log \frac{e^{s(\cos(\theta_{y_i} + m_2) - m_3)}}{e^{s(\cos(\theta_{y_i} + m_2) - m_3)} + \sum_{j \ne y_i} e^{s\cos\theta_j}}$
    """
    from .style_transfer import margin_logits

    y = np.asarray(y, dtype=int)
    return cross_entropy(margin_logits(_arr(x), _arr(W), y, s=s, m2=m2, m3=m3), y, reduction)


def angular_margin_grad(x: Array, W: Array, y: Array, reduction: str = "mean", s: float = 64.0, m2: float = 0.5,
                        m3: float = 0.0) -> Array:
    r"""With $P_{ij}$ the softmax of the margin logits,
    $\frac{\partial \ell_i}{\partial \cos\theta_j} = s (P_{ij} - \1[j = y_i]) \left(\cos m_2 + \frac{\cos\theta_j \sin m_2}{\sin\theta_j}\right)^{\1[j = y_i]}$,
    then through $\hat{\mathbf{x}}_i = \mathbf{x}_i / \lVert \mathbf{x}_i \rVert$ as for InfoNCE."""
    from .style_transfer import margin_logits

    x, W = _arr(x), _arr(W)
    y = np.asarray(y, dtype=int)
    xh, xn = _normalize(x)
    wh, _ = _normalize(W)
    cos = np.clip(xh @ wh.T, -1.0, 1.0)
    g_logit = cross_entropy_grad(margin_logits(x, W, y, s=s, m2=m2, m3=m3), y, "sum")
    rows = np.arange(len(y))
    factor = np.ones_like(cos)
    c_y = cos[rows, y]
    factor[rows, y] = np.cos(m2) + c_y * np.sin(m2) / np.sqrt(1.0 - c_y**2)
    g_cos = s * g_logit * factor
    g_xh = g_cos @ wh
    g_x = (g_xh - (g_xh * xh).sum(-1, keepdims=True) * xh) / xn
    return g_x * _scale(reduction, x.shape[0])


def supcon(features: Array, labels: Array, reduction: str = "mean", tau: float = 0.1) -> Array:
    r"""Supervised contrastive loss, $\mathcal{L}^{\text{sup}}_{\text{out}}$ of Khosla et al. (2020): anchors $i$,
    their positives $P(i) = \{p \ne i : y_p = y_i\}$, all others $A(i) = \{a \ne i\}$,
    $s_{ij} = \hat{\mathbf{z}}_i^\top \hat{\mathbf{z}}_j / \tau$ on unit vectors:
    $\ell_i = -\frac{1}{\lvert P(i) \rvert} \sum_{p \in P(i)} \log \frac{\exp(s_{ip})}{\sum_{a \in A(i)} \exp(s_{ia})}$
    Every anchor needs at least one positive in the batch.
    """
    zh, _ = _normalize(_arr(features))
    y = np.asarray(labels)
    n = zh.shape[0]
    s = zh @ zh.T / tau
    off = ~np.eye(n, dtype=bool)
    pos = (y[:, None] == y[None, :]) & off
    if not pos.any(axis=1).all():
        raise ValueError("every anchor needs a positive in the batch")
    s_off = np.where(off, s, -np.inf)
    log_prob = s - _logsumexp(s_off.T, axis=0)[:, None]
    values = -(np.where(pos, log_prob, 0.0)).sum(axis=1) / pos.sum(axis=1)
    return reduce(values, reduction)


def supcon_grad(features: Array, labels: Array, reduction: str = "mean", tau: float = 0.1) -> Array:
    r"""With $q_{ij} = \exp(s_{ij}) / \sum_{a \in A(i)} \exp(s_{ia})$ ($j \ne i$):
    $\frac{\partial \ell_i}{\partial s_{ij}} = q_{ij} - \frac{\1[j \in P(i)]}{\lvert P(i) \rvert}$; each
    $\hat{\mathbf{z}}_k$ collects it as anchor and as partner, then passes the unit-norm projection."""
    z = _arr(features)
    zh, zn = _normalize(z)
    y = np.asarray(labels)
    n = zh.shape[0]
    s = zh @ zh.T / tau
    off = ~np.eye(n, dtype=bool)
    pos = (y[:, None] == y[None, :]) & off
    s_off = np.where(off, s, -np.inf)
    q = np.exp(s_off - _logsumexp(s_off.T, axis=0)[:, None])
    g_s = q - pos / pos.sum(axis=1, keepdims=True)
    g_zh = (g_s + g_s.T) @ zh / tau
    g_z = (g_zh - (g_zh * zh).sum(-1, keepdims=True) * zh) / zn
    return g_z * _scale(reduction, n)


def vae_kl(mu: Array, logvar: Array, reduction: str = "mean") -> Array:
    r"""KL divergence of the encoder's $\mathcal{N}(\mu_i, \sigma_i^2)$ from the prior $\mathcal{N}(0, 1)$, per latent
    coordinate, from ``logvar`` $= \log \sigma_i^2$ as VAE code predicts it:
    $\ell_i = \tfrac{1}{2}\left(\mu_i^2 + \sigma_i^2 - \log \sigma_i^2 - 1\right)$
    """
    mu, lv = _arr(mu), _arr(logvar)
    return reduce(0.5 * (mu**2 + np.exp(lv) - lv - 1.0), reduction)


def vae_kl_grad(mu: Array, logvar: Array, reduction: str = "mean") -> Array:
    r"""$\frac{\partial \ell_i}{\partial \mu_i} = \mu_i$ and $\frac{\partial \ell_i}{\partial \log \sigma_i^2} = \tfrac{1}{2}(\sigma_i^2 - 1)$."""
    mu = _arr(mu)
    return mu * _scale(reduction, mu.size)


# --- the registry --------------------------------------------------------------------------


@dataclass(frozen=True)
class Loss:
    """One member of the family, as the page, the figures and the tests see it."""

    name: str  # slug: figure "loss-<name>", page anchor, reference key
    title: str  # display name
    group: str  # "regression", "classification", "segmentation" or "embedding"
    loss: Callable[..., Array]
    grad: Callable[..., Array]  # d(reduced loss) / d(first input)
    inputs: tuple[str, ...]  # positional inputs; the gradient is w.r.t. the first
    window: tuple[float, float]  # x-range of its figure, chosen for this loss
    xlabel: str  # what the figure's x-axis is
    torch: str  # the PyTorch call it matches (or the torch expression of the reference)
    params: dict = field(default_factory=dict, compare=False)  # the defaults used on the page
    reductions: tuple[str, ...] = ("none", "mean", "sum")


def _members() -> tuple[Loss, ...]:
    R, C, E, S = "regression", "classification", "embedding", "segmentation"
    reg = ("pred", "target")
    return (
        Loss("mse", "Mean squared error (MSE, L2)", R, mse, mse_grad, reg, (-3.0, 3.0),
             r"residual $\hat y - y$", "F.mse_loss(pred, target)"),
        Loss("mae", "Mean absolute error (MAE, L1)", R, mae, mae_grad, reg, (-3.0, 3.0),
             r"residual $\hat y - y$", "F.l1_loss(pred, target)"),
        Loss("huber", "Huber loss", R, huber, huber_grad, reg, (-3.0, 3.0),
             r"residual $\hat y - y$", "F.huber_loss(pred, target, delta=1.0)", {"delta": 1.0}),
        Loss("smooth-l1", "Smooth L1 loss", R, smooth_l1, smooth_l1_grad, reg, (-3.0, 3.0),
             r"residual $\hat y - y$", "F.smooth_l1_loss(pred, target, beta=1.0)", {"beta": 1.0}),
        Loss("log-cosh", "Log-cosh loss", R, log_cosh, log_cosh_grad, reg, (-4.0, 4.0),
             r"residual $\hat y - y$", "torch.log(torch.cosh(pred - target)).mean()"),
        Loss("quantile", "Quantile (pinball) loss", R, quantile, quantile_grad, reg, (-3.0, 3.0),
             r"residual $\hat y - y$", "torch.maximum(tau * (target - pred), (tau - 1) * (target - pred)).mean()",
             {"tau": 0.9}),
        Loss("bce", "Binary cross-entropy (BCE)", C, bce, bce_grad, ("p", "y"), (0.0, 1.0),
             r"predicted probability $p$", "F.binary_cross_entropy(p, y)"),
        Loss("bce-with-logits", "BCE with logits", C, bce_with_logits, bce_with_logits_grad, ("z", "y"), (-6.0, 6.0),
             r"logit $z$", "F.binary_cross_entropy_with_logits(z, y)"),
        Loss("cross-entropy", "Cross-entropy (softmax, label smoothing)", C, cross_entropy, cross_entropy_grad,
             ("z", "target"), (-4.0, 6.0), r"true-class logit $z_y$ (others 0)",
             "F.cross_entropy(z, target, label_smoothing=0.1)", {"label_smoothing": 0.1}),
        Loss("nll", "Negative log-likelihood (NLL)", C, nll, nll_grad, ("x", "target"), (-6.0, 0.0),
             r"log-probability of the true class $x_{y}$", "F.nll_loss(log_probs, target)"),
        Loss("hinge", "Hinge loss", C, hinge, hinge_grad, ("f", "y"), (-2.0, 3.0),
             r"margin $y f$", "torch.clamp(1 - y * f, min=0).mean()"),
        Loss("squared-hinge", "Squared hinge loss", C, squared_hinge, squared_hinge_grad, ("f", "y"), (-2.0, 3.0),
             r"margin $y f$", "torch.clamp(1 - y * f, min=0).pow(2).mean()"),
        Loss("multi-margin", "Multi-class hinge (MultiMarginLoss)", C, multi_margin, multi_margin_grad,
             ("x", "target"), (-2.0, 3.0), r"true-class score $x_y$ (others 0 and -1)",
             "F.multi_margin_loss(x, target, p=1, margin=1.0)", {"p": 1, "margin": 1.0}),
        Loss("focal", "Focal loss", C, focal, focal_grad, ("z", "y"), (-5.0, 5.0),
             r"logit $z$ (label $y = 1$)", "sigmoid_focal_loss(z, y, alpha=0.25, gamma=2.0)",
             {"alpha": 0.25, "gamma": 2.0}),
        Loss("kl-div", "Kullback–Leibler divergence", E, kl_div, kl_div_grad, ("x", "p"), (0.0, 1.0),
             r"model probability $q$", 'F.kl_div(log_q, p, reduction="batchmean")',
             reductions=("none", "mean", "sum", "batchmean")),
        Loss("contrastive", "Contrastive loss", E, contrastive, contrastive_grad, ("x1", "x2", "y"), (0.0, 2.0),
             r"distance $D$", "formula (no torch.nn class)", {"margin": 1.0}),
        Loss("triplet", "Triplet margin loss", E, triplet, triplet_grad, ("a", "pos", "neg"), (-1.0, 3.0),
             r"anchor position $a$ (positive at 0, negative at 2)",
             "F.triplet_margin_loss(a, pos, neg, margin=1.0, p=2)", {"margin": 1.0}),
        Loss("cosine-embedding", "Cosine embedding loss", E, cosine_embedding, cosine_embedding_grad,
             ("x1", "x2", "y"), (-1.0, 1.0), r"cosine similarity $\cos$",
             "F.cosine_embedding_loss(x1, x2, y, margin=0.0)", {"margin": 0.0}),
        Loss("infonce", "InfoNCE (NT-Xent)", E, infonce, infonce_grad, ("q", "k"), (-1.0, 1.0),
             r"positive similarity $s_{ii}$ (negatives at 0)",
             "F.cross_entropy(F.normalize(q) @ F.normalize(k).T / tau, torch.arange(N))", {"tau": 0.1}),
        Loss("gaussian-nll", "Gaussian negative log-likelihood", R, gaussian_nll, gaussian_nll_grad,
             ("pred", "target", "var"), (-3.0, 3.0), r"residual $\hat y - y$",
             "F.gaussian_nll_loss(pred, target, var, full=False, eps=1e-6)", {"full": False, "eps": 1e-6}),
        Loss("poisson-nll", "Poisson negative log-likelihood", R, poisson_nll, poisson_nll_grad, ("x", "y"),
             (-2.0, 3.0), r"log-rate $x = \log \lambda$",
             "F.poisson_nll_loss(x, y, log_input=True, full=False, eps=1e-8)",
             {"log_input": True, "full": False, "eps": 1e-8}),
        Loss("ctc", "Connectionist temporal classification (CTC)", C, ctc, ctc_grad,
             ("z", "targets", "input_lengths", "target_lengths"), (-4.0, 6.0),
             r"logit $a$ of label 1 (4 frames)",
             "F.ctc_loss(z.log_softmax(-1), targets, input_lengths, target_lengths, blank=0)",
             {"blank": 0, "zero_infinity": False}),
        Loss("dice", "Soft Dice loss", S, soft_dice, soft_dice_grad, ("p", "g"), (0.0, 1.0),
             r"predicted probability $p$ on the foreground", "formula (no torch.nn class)",
             {"squared": False, "smooth": 0.0}),
        Loss("tversky", "Tversky loss", S, tversky, tversky_grad, ("p", "g"), (0.0, 1.0),
             r"predicted probability $p$ on the foreground", "formula (no torch.nn class)",
             {"alpha": 0.3, "beta": 0.7, "smooth": 0.0}),
        Loss("arcface", "ArcFace and CosFace (angular margin)", E, angular_margin, angular_margin_grad,
             ("x", "W", "y"), (0.0, 180.0), r"angle to the true class $\theta_y$ (degrees)",
             "F.cross_entropy(margin_logits, y)", {"s": 64.0, "m2": 0.5, "m3": 0.0}),
        Loss("supcon", "Supervised contrastive loss (SupCon)", E, supcon, supcon_grad, ("features", "labels"),
             (-1.0, 1.0), r"positive similarity $\hat{\mathbf{z}}_i^\top \hat{\mathbf{z}}_p$ (negatives at 0)",
             "formula (no torch.nn class)", {"tau": 0.1}),
        Loss("vae-kl", "VAE Gaussian KL", E, vae_kl, vae_kl_grad, ("mu", "logvar"), (-3.0, 3.0),
             r"encoder mean $\mu$",
             "torch.distributions.kl_divergence(Normal(mu, std), Normal(0, 1))"),
    )


LOSSES: dict[str, Loss] = {m.name: m for m in _members()}


def zero_one(margin: Array) -> Array:
    r"""The 0-1 loss that margin losses bound from above: $\1[y f \le 0]$ for the margin $y f$."""
    return (_arr(margin) <= 0).astype(float)
