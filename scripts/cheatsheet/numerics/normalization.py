"""Normalization layers in NumPy: batch, layer, RMS, group and instance norm, and the two
weight reparameterizations (weight norm, spectral norm by power iteration).

Layouts follow PyTorch: images are ``(N, C, H, W)`` (any number of spatial axes after ``C``),
sequences for LayerNorm/RMSNorm are ``(N, T, d)`` with the statistics over the last axes.
Variances used for normalizing are biased (divide by the count); only BatchNorm's running
variance uses the unbiased estimate, as ``torch.nn.BatchNorm*d`` does.
"""

from __future__ import annotations

import numpy as np

Array = np.ndarray


def _channel_shape(x: Array) -> tuple[int, ...]:
    """Shape that broadcasts a per-channel vector over ``(N, C, *spatial)``."""
    return (1, x.shape[1]) + (1,) * (x.ndim - 2)


# --- batch norm -------------------------------------------------------------------------------

def batch_norm_train(x: Array, gamma: Array, beta: Array, running_mean: Array, running_var: Array, *,
                     momentum: float | None = 0.1, num_batches_tracked: int = 0,
                     eps: float = 1e-5) -> tuple[Array, Array, Array]:
    r"""BatchNorm in training mode on $\mathbf{X} \in \R^{N \times C \times \dots}$, statistics per channel $c$
    over the batch and every spatial position ($m = N \cdot H \cdot W$ values):
    $y = \gamma_c \frac{x - \mu_c}{\sqrt{\sigma_c^2 + \epsilon}} + \beta_c$ with the biased $\sigma_c^2$.
    Running statistics: $\hat\mu_c \leftarrow (1 - m_t)\,\hat\mu_c + m_t\,\mu_c$ and
    $\hat\sigma_c^2 \leftarrow (1 - m_t)\,\hat\sigma_c^2 + m_t\,\frac{m}{m - 1}\,\sigma_c^2$, where
    $m_t$ = ``momentum`` (PyTorch: 0.1), or $1/t$ after the $t$-th batch when ``momentum=None``
    (a cumulative average; pass the count *before* this batch as ``num_batches_tracked``).
    Returns ``(Y, new_running_mean, new_running_var)``."""
    x = np.asarray(x, dtype=float)
    axes = (0,) + tuple(range(2, x.ndim))
    count = x.size // x.shape[1]
    mu = x.mean(axis=axes)
    var = x.var(axis=axes)
    shape = _channel_shape(x)
    y = np.reshape(gamma, shape) * (x - mu.reshape(shape)) / np.sqrt(var.reshape(shape) + eps) + np.reshape(beta, shape)
    factor = 1.0 / (num_batches_tracked + 1) if momentum is None else momentum
    new_mean = (1.0 - factor) * np.asarray(running_mean, dtype=float) + factor * mu
    new_var = (1.0 - factor) * np.asarray(running_var, dtype=float) + factor * var * count / (count - 1)
    return y, new_mean, new_var


def batch_norm_backward(x: Array, gamma: Array, upstream: Array, *, eps: float = 1e-5) -> tuple[Array, Array, Array]:
    r"""Gradients of training-mode BatchNorm for upstream $g = \partial\mathcal{L}/\partial y$, per channel over its
    $m$ values: $\frac{\partial \mathcal{L}}{\partial x_i} = \frac{\gamma}{m\,s}\Bigl(m\,g_i - \sum_j g_j - \hat{x}_i \sum_j g_j \hat{x}_j\Bigr)$,
    $s = \sqrt{\sigma^2 + \epsilon}$; $\frac{\partial \mathcal{L}}{\partial \gamma} = \sum_i g_i \hat{x}_i$, $\frac{\partial \mathcal{L}}{\partial \beta} = \sum_i g_i$.
    Returns ``(dx, dgamma, dbeta)``."""
    x = np.asarray(x, dtype=float)
    g = np.asarray(upstream, dtype=float)
    axes = (0,) + tuple(range(2, x.ndim))
    m = x.size // x.shape[1]
    shape = _channel_shape(x)
    mu = x.mean(axis=axes, keepdims=True)
    s = np.sqrt(x.var(axis=axes, keepdims=True) + eps)
    xhat = (x - mu) / s
    sum_g = g.sum(axis=axes, keepdims=True)
    sum_gx = (g * xhat).sum(axis=axes, keepdims=True)
    dx = np.reshape(gamma, shape) / (m * s) * (m * g - sum_g - xhat * sum_gx)
    return dx, sum_gx.reshape(-1), sum_g.reshape(-1)


def batch_norm_eval(x: Array, gamma: Array, beta: Array, running_mean: Array, running_var: Array, *,
                    eps: float = 1e-5) -> Array:
    r"""BatchNorm in evaluation mode, a fixed per-channel affine map:
    $y = \gamma_c \frac{x - \hat\mu_c}{\sqrt{\hat\sigma_c^2 + \epsilon}} + \beta_c$."""
    x = np.asarray(x, dtype=float)
    shape = _channel_shape(x)
    scale = np.reshape(gamma, shape) / np.sqrt(np.reshape(running_var, shape) + eps)
    return (x - np.reshape(running_mean, shape)) * scale + np.reshape(beta, shape)


# --- per-sample norms -------------------------------------------------------------------------

def layer_norm(x: Array, normalized_ndim: int, gamma: Array | None = None, beta: Array | None = None, *,
               eps: float = 1e-5) -> Array:
    r"""LayerNorm over the last ``normalized_ndim`` axes of each sample (``nn.LayerNorm(normalized_shape)``):
    $y = \gamma \odot \frac{\mathbf{x} - \mu}{\sqrt{\sigma^2 + \epsilon}} + \beta$, $\mu$ and the biased
    $\sigma^2$ over those axes; the same in training and evaluation."""
    x = np.asarray(x, dtype=float)
    axes = tuple(range(x.ndim - normalized_ndim, x.ndim))
    y = (x - x.mean(axis=axes, keepdims=True)) / np.sqrt(x.var(axis=axes, keepdims=True) + eps)
    if gamma is not None:
        y = y * gamma
    if beta is not None:
        y = y + beta
    return y


def rms_norm(x: Array, normalized_ndim: int, gamma: Array | None = None, *, eps: float | None = None) -> Array:
    r"""RMSNorm over the last ``normalized_ndim`` axes: $y = \gamma \odot \frac{\mathbf{x}}{\sqrt{\frac{1}{d}\sum_j x_j^2 + \epsilon}}$,
    no mean subtraction and no $\beta$. ``eps=None`` uses the machine epsilon of the (float64) array, as
    ``nn.RMSNorm(eps=None)`` does for fp64 inputs (fp32, fp16 and bf16 inputs get ``torch.finfo(torch.float32).eps``)."""
    x = np.asarray(x, dtype=float)
    eps = np.finfo(x.dtype).eps if eps is None else eps
    axes = tuple(range(x.ndim - normalized_ndim, x.ndim))
    y = x / np.sqrt((x * x).mean(axis=axes, keepdims=True) + eps)
    return y if gamma is None else y * gamma


def group_norm(x: Array, num_groups: int, gamma: Array | None = None, beta: Array | None = None, *,
               eps: float = 1e-5) -> Array:
    r"""GroupNorm on $(N, C, \dots)$: the $C$ channels are split into $G$ = ``num_groups`` consecutive groups of
    $C/G$; each sample and group is normalized over its channels and all spatial positions,
    then the per-channel $\gamma_c, \beta_c$ are applied. $G = 1$ is LayerNorm over $(C, H, W)$,
    $G = C$ is InstanceNorm."""
    x = np.asarray(x, dtype=float)
    n, c = x.shape[:2]
    if c % num_groups:
        raise ValueError("num_groups must divide the number of channels")
    g = x.reshape(n, num_groups, -1)
    g = (g - g.mean(axis=-1, keepdims=True)) / np.sqrt(g.var(axis=-1, keepdims=True) + eps)
    y = g.reshape(x.shape)
    shape = _channel_shape(x)
    if gamma is not None:
        y = y * np.reshape(gamma, shape)
    if beta is not None:
        y = y + np.reshape(beta, shape)
    return y


def instance_norm(x: Array, gamma: Array | None = None, beta: Array | None = None, *, eps: float = 1e-5) -> Array:
    r"""InstanceNorm on $(N, C, \dots)$: each sample and channel over its spatial positions only.
    PyTorch's defaults are ``affine=False`` and ``track_running_stats=False`` (no $\gamma, \beta$,
    batch statistics in evaluation too), unlike BatchNorm."""
    return group_norm(x, np.asarray(x).shape[1], gamma, beta, eps=eps)


# --- which values share one statistic ----------------------------------------------------------

NORMS = ("batch", "layer", "instance", "group")


def shared_statistic_mask(kind: str, shape: tuple[int, int, int], index: tuple[int, int, int], *,
                          num_groups: int = 2) -> Array:
    r"""Boolean mask over an $(N, C, S)$ tensor ($S = H \cdot W$ flattened) marking the values whose
    mean and variance normalize the value at ``index``: BatchNorm shares over $(N, S)$ per channel,
    LayerNorm over $(C, S)$ per sample, InstanceNorm over $S$ per (sample, channel),
    GroupNorm over $(C/G, S)$ per (sample, group)."""
    n_, c_, s_ = shape
    n0, c0, _ = index
    n = np.arange(n_)[:, None, None]
    c = np.arange(c_)[None, :, None]
    full = np.ones(shape, dtype=bool)
    if kind == "batch":
        return full & (c == c0)
    if kind == "layer":
        return full & (n == n0)
    if kind == "instance":
        return full & (n == n0) & (c == c0)
    if kind == "group":
        size = c_ // num_groups
        return full & (n == n0) & (c // size == c0 // size)
    raise ValueError(f"unknown normalization {kind!r}; expected one of {NORMS}")


# --- weight reparameterizations ---------------------------------------------------------------

def weight_norm(v: Array, g: Array, dim: int = 0) -> Array:
    r"""Weight normalization: $\mathbf{w} = g \frac{\mathbf{v}}{\lVert \mathbf{v} \rVert}$, one norm per slice
    along ``dim`` (per output unit for ``dim=0``, the norm over all other axes), as
    ``torch.nn.utils.parametrizations.weight_norm(module, dim=0)``; ``g`` keeps size 1 on the other axes."""
    v = np.asarray(v, dtype=float)
    axes = tuple(a for a in range(v.ndim) if a != dim % v.ndim)
    return np.asarray(g, dtype=float) * v / np.sqrt((v * v).sum(axis=axes, keepdims=True))


def power_iteration(W: Array, v: Array, n_iter: int = 1, *, eps: float = 1e-12) -> tuple[float, Array, Array]:
    r"""Power iteration for the largest singular value of $\mathbf{W} \in \R^{m \times n}$, in the order
    PyTorch's ``spectral_norm`` uses: repeat $\mathbf{u} \leftarrow \mathbf{W}\mathbf{v} / \lVert \mathbf{W}\mathbf{v} \rVert$,
    $\mathbf{v} \leftarrow \mathbf{W}^\top\mathbf{u} / \lVert \mathbf{W}^\top\mathbf{u} \rVert$; then
    $\sigma(\mathbf{W}) \approx \mathbf{u}^\top \mathbf{W} \mathbf{v}$. Returns ``(sigma, u, v)``."""
    W = np.asarray(W, dtype=float)
    v = np.asarray(v, dtype=float)
    u = W @ v
    for _ in range(n_iter):
        u = W @ v
        u = u / max(np.linalg.norm(u), eps)
        v = W.T @ u
        v = v / max(np.linalg.norm(v), eps)
    return float(u @ W @ v), u, v


def spectral_normalize(W: Array, v: Array, n_iter: int = 1) -> Array:
    r"""Spectral normalization: $\mathbf{W}_\text{SN} = \mathbf{W} / \sigma(\mathbf{W})$ with $\sigma$ from
    :func:`power_iteration` (a weight of more than 2 axes is first flattened to ``(W.shape[0], -1)``)."""
    W = np.asarray(W, dtype=float)
    sigma, _, _ = power_iteration(W.reshape(W.shape[0], -1), v, n_iter)
    return W / sigma
