"""Model compression on NumPy arrays: affine and symmetric quantization (per tensor and per
channel), quantization error, magnitude pruning masks (per layer and global), the knowledge
distillation loss (Hinton, Vinyals & Dean 2015), truncated-SVD low-rank factorization and
compressed-size arithmetic."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

Array = np.ndarray


def _bcast(p, x: Array, axis: int | None) -> Array:
    """Reshape a per-channel parameter so it broadcasts along ``axis`` of ``x``."""
    p = np.asarray(p, dtype=float)
    if axis is None or p.ndim == 0:
        return p
    shape = [1] * x.ndim
    shape[axis] = -1
    return p.reshape(shape)


def quantize(x, scale, zero_point, qmin: int, qmax: int, axis: int | None = None) -> Array:
    r"""Affine quantization $q = \mathrm{clamp}(\mathrm{round}(x/s) + z,\ q_{\min},\ q_{\max})$,
    rounding half to even (as PyTorch). ``scale``/``zero_point`` are scalars (per tensor) or
    one value per slice along ``axis`` (per channel). Returns integers as ``int64``."""
    x = np.asarray(x, dtype=float)
    s = _bcast(scale, x, axis)
    z = _bcast(zero_point, x, axis)
    return np.clip(np.round(x / s) + z, qmin, qmax).astype(np.int64)


def dequantize(q, scale, zero_point, axis: int | None = None) -> Array:
    r"""$\hat{x} = s\,(q - z)$."""
    q = np.asarray(q, dtype=float)
    return _bcast(scale, q, axis) * (q - _bcast(zero_point, q, axis))


def fake_quantize(x, scale, zero_point, qmin: int, qmax: int, axis: int | None = None) -> Array:
    r"""Quantize then dequantize: $\hat{x} = s\,(\mathrm{clamp}(\mathrm{round}(x/s) + z, q_{\min}, q_{\max}) - z)$,
    the forward pass of quantization-aware training."""
    return dequantize(quantize(x, scale, zero_point, qmin, qmax, axis), scale, zero_point, axis)


def affine_qparams(x_min, x_max, qmin: int, qmax: int) -> tuple[Array, Array]:
    r"""Asymmetric (affine) parameters from a range widened to contain 0:
    $s = \dfrac{\max(x_{\max}, 0) - \min(x_{\min}, 0)}{q_{\max} - q_{\min}}$,
    $z = \mathrm{clamp}\bigl(q_{\min} - \mathrm{round}(\min(x_{\min}, 0)/s),\ q_{\min},\ q_{\max}\bigr)$,
    so that the real 0 is exactly representable."""
    lo = np.minimum(np.asarray(x_min, dtype=float), 0.0)
    hi = np.maximum(np.asarray(x_max, dtype=float), 0.0)
    s = (hi - lo) / (qmax - qmin)
    s = np.where(s > 0, s, 1.0)
    z = np.clip(qmin - np.round(lo / s), qmin, qmax).astype(np.int64)
    return s, z


def symmetric_qparams(abs_max, bits: int) -> tuple[Array, Array]:
    r"""Symmetric parameters: $z = 0$ and $s = \dfrac{\max\lvert x \rvert}{2^{b-1} - 1}$
    (restricted range, e.g. $\pm 127$ for INT8, so the grid is symmetric about 0)."""
    a = np.asarray(abs_max, dtype=float)
    s = a / (2 ** (bits - 1) - 1)
    s = np.where(s > 0, s, 1.0)
    return s, np.zeros_like(s, dtype=np.int64)


def quantization_mse(x, x_hat) -> float:
    r"""Mean squared quantization error $\frac{1}{n}\sum_i (x_i - \hat{x}_i)^2$; for a value
    inside the range and uniform rounding error it is about $s^2/12$."""
    d = np.asarray(x, dtype=float) - np.asarray(x_hat, dtype=float)
    return float(np.mean(d * d))


def magnitude_prune_mask(w, amount: float) -> Array:
    r"""Unstructured magnitude pruning of one tensor: zero the $k = \mathrm{round}(p\,n)$ entries
    with the smallest $\lvert w_i \rvert$ (fraction $p$ of $n$ entries). Returns a 0/1 mask."""
    w = np.asarray(w, dtype=float)
    k = int(round(amount * w.size))
    mask = np.ones(w.size)
    if k > 0:
        mask[np.argsort(np.abs(w).ravel(), kind="stable")[:k]] = 0.0
    return mask.reshape(w.shape)


def global_magnitude_prune_masks(weights: Sequence[Array], amount: float) -> list[Array]:
    r"""Global magnitude pruning: rank $\lvert w_i \rvert$ over all tensors together and zero the
    smallest $\mathrm{round}(p \sum_l n_l)$; layers end up with different sparsities."""
    flat = np.concatenate([np.abs(np.asarray(w, dtype=float)).ravel() for w in weights])
    mask = magnitude_prune_mask(flat, amount)
    out, start = [], 0
    for w in weights:
        n = np.asarray(w).size
        out.append(mask[start:start + n].reshape(np.shape(w)))
        start += n
    return out


def structured_prune_mask(w, amount: float, axis: int = 0) -> Array:
    r"""Structured pruning: drop the $\mathrm{round}(p\,C)$ whole slices along ``axis`` (e.g. output
    channels) with the smallest $L_2$ norm $\lVert \mathbf{w}_c \rVert_2$."""
    w = np.asarray(w, dtype=float)
    other = tuple(i for i in range(w.ndim) if i != axis)
    norms = np.sqrt((w * w).sum(axis=other))
    keep = magnitude_prune_mask(norms, amount)
    return np.broadcast_to(_bcast(keep, w, axis), w.shape).copy()


def softmax_t(z, T: float = 1.0) -> Array:
    r"""Softmax with temperature $p_i = \dfrac{\exp(z_i / T)}{\sum_j \exp(z_j / T)}$ over the last axis."""
    z = np.asarray(z, dtype=float) / T
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def distillation_loss(student_logits, teacher_logits, T: float, labels=None, alpha: float = 1.0) -> float:
    r"""$\mathcal{L} = \alpha\, T^2\, \KL\bigl(\mathbf{p}^T \,\Vert\, \mathbf{q}^T\bigr)
    + (1 - \alpha)\, \mathrm{CE}(y, \mathbf{q}^1)$, batch mean, with teacher
    $\mathbf{p}^T = \softmax(\mathbf{v}/T)$ and student $\mathbf{q}^T = \softmax(\mathbf{z}/T)$."""
    p = softmax_t(teacher_logits, T)
    log_q = np.log(softmax_t(student_logits, T))
    log_p = np.log(np.clip(p, 1e-300, None))
    kl = np.sum(p * (log_p - log_q), axis=-1).mean()
    loss = alpha * T * T * kl
    if labels is not None and alpha < 1.0:
        log_q1 = np.log(softmax_t(student_logits, 1.0))
        ce = -np.take_along_axis(log_q1, np.asarray(labels)[..., None], axis=-1).mean()
        loss += (1.0 - alpha) * ce
    return float(loss)


def low_rank_factors(W, rank: int) -> tuple[Array, Array]:
    r"""Truncated SVD $\mathbf{W} \approx \mathbf{U}_r \boldsymbol{\Sigma}_r \mathbf{V}_r^\top
    = \mathbf{A}\mathbf{B}$ with $\mathbf{A} = \mathbf{U}_r \boldsymbol{\Sigma}_r \in \R^{m \times r}$,
    $\mathbf{B} = \mathbf{V}_r^\top \in \R^{r \times n}$."""
    U, S, Vt = np.linalg.svd(np.asarray(W, dtype=float), full_matrices=False)
    return U[:, :rank] * S[:rank], Vt[:rank]


def low_rank_error(W, rank: int) -> float:
    r"""Eckart–Young: $\lVert \mathbf{W} - \mathbf{W}_r \rVert_F = \sqrt{\sum_{i > r} \sigma_i^2}$."""
    S = np.linalg.svd(np.asarray(W, dtype=float), compute_uv=False)
    return float(np.sqrt(np.sum(S[rank:] ** 2)))


def low_rank_params(m: int, n: int, rank: int) -> int:
    r"""Parameters of the factorized layer: $r\,(m + n)$ instead of $mn$; smaller iff $r < \frac{mn}{m+n}$."""
    return rank * (m + n)


def model_bytes(n_params: float, bits: float, sparsity: float = 0.0, index_bits: float = 0.0,
                group_size: int | None = None, scale_bits: int = 16) -> float:
    r"""Stored size: $(1 - p)\,n\,(b + b_\text{idx})/8$ bytes for $n$ parameters at $b$ bits with
    sparsity $p$ (each kept weight may carry an index of $b_\text{idx}$ bits), plus one
    $b_s$-bit scale per group of $g$ weights when ``group_size`` is given."""
    size = (1.0 - sparsity) * n_params * (bits + index_bits) / 8.0
    if group_size:
        size += n_params / group_size * scale_bits / 8.0
    return size


def compression_ratio(n_params: float, bits: float, base_bits: float = 32.0, **kwargs) -> float:
    r"""Compression ratio $= \dfrac{\text{original size}}{\text{compressed size}}$."""
    return model_bytes(n_params, base_bits) / model_bytes(n_params, bits, **kwargs)
