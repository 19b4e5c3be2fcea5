"""Position encodings in NumPy: sinusoidal, Shaw et al. relative vectors, T5 relative buckets,
RoPE (interleaved pairs, half-split pairs as in Hugging Face Llama, complex form), ALiBi slopes and
biases, and RoPE context extension (position interpolation, NTK-aware base change, YaRN)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

Array = np.ndarray


# --------------------------------------------------------------------------- absolute

def sinusoidal_positional_encoding(positions: int | Array, d_model: int, base: float = 10000.0) -> Array:
    r"""$\mathrm{PE}_{(p, 2i)} = \sin(p / 10000^{2i/d})$, $\mathrm{PE}_{(p, 2i+1)} = \cos(p / 10000^{2i/d})$;
    returns $(n, d)$ for positions $p = 0, \dots, n-1$ when ``positions`` is an int $n$, else for the
    given (possibly fractional) positions; $d$ even."""
    p = np.arange(positions) if np.ndim(positions) == 0 else np.asarray(positions)
    p = p.astype(float)[:, None]
    inv = base ** (-np.arange(0, d_model, 2, dtype=float) / d_model)
    pe = np.zeros((p.shape[0], d_model))
    pe[:, 0::2] = np.sin(p * inv)
    pe[:, 1::2] = np.cos(p * inv)
    return pe


# --------------------------------------------------------------------------- relative

def shaw_relative_index(n_queries: int, n_keys: int, k: int) -> Array:
    r"""Shaw et al. (2018): index of the learned vector $\mathbf{a}_{ij} = \mathbf{w}_{\operatorname{clip}(j - i, k)}$,
    $\operatorname{clip}(x, k) = \max(-k, \min(k, x))$, shifted to $0, \dots, 2k$ for a table of $2k + 1$ rows."""
    rel = np.arange(n_keys)[None, :] - np.arange(n_queries)[:, None]
    return np.clip(rel, -k, k) + k


def shaw_attention(x: Array, W_q: Array, W_k: Array, W_v: Array, w_K: Array, w_V: Array, k: int) -> tuple[Array, Array]:
    r"""One head of relative-position self-attention (Shaw et al. 2018):
    $e_{ij} = \mathbf{x}_i\mathbf{W}^Q(\mathbf{x}_j\mathbf{W}^K + \mathbf{a}^K_{ij})^\top / \sqrt{d_z}$,
    $\mathbf{z}_i = \sum_j \alpha_{ij}(\mathbf{x}_j\mathbf{W}^V + \mathbf{a}^V_{ij})$, $\alpha_{ij} = \softmax_j(e_{ij})$.

    ``x``: $(n, d)$; ``W_q``, ``W_k``, ``W_v``: $(d, d_z)$; ``w_K``, ``w_V``: $(2k + 1, d_z)$ tables indexed by
    :func:`shaw_relative_index`. Returns $\mathbf{Z}$ $(n, d_z)$ and the weights $(n, n)$."""
    x = np.asarray(x, dtype=float)
    n = x.shape[0]
    q, kk, v = x @ W_q, x @ W_k, x @ W_v
    idx = shaw_relative_index(n, n, k)
    a_K, a_V = np.asarray(w_K)[idx], np.asarray(w_V)[idx]  # (n, n, d_z)
    e = (q @ kk.T + np.einsum("id,ijd->ij", q, a_K)) / math.sqrt(q.shape[-1])
    e = e - e.max(axis=-1, keepdims=True)
    alpha = np.exp(e) / np.exp(e).sum(axis=-1, keepdims=True)
    z = alpha @ v + np.einsum("ij,ijd->id", alpha, a_V)
    return z, alpha


def t5_relative_position_bucket(relative_position: Array, bidirectional: bool = True, num_buckets: int = 32,
                                max_distance: int = 128) -> Array:
    r"""T5 bucket of the relative position $r = j - i$ (key minus query). Bidirectional: half of the buckets
    for $r > 0$ (offset $B/2$), half for $r \le 0$, on $|r|$; causal: $r > 0$ is clamped to 0 and
    $\max(-r, 0)$ is bucketed. With $B'$ buckets left for $|r|$ (= $B/2$ or $B$) and $e = B'/2$ exact ones:
    $\text{bucket}(|r|) = |r|$ if $|r| < e$, else
    $\min\!\big(B' - 1,\ e + \lfloor \ln(|r|/e) / \ln(D/e) \cdot (B' - e) \rfloor\big)$, $D$ = ``max_distance``."""
    rel = np.asarray(relative_position).astype(np.int64)
    buckets = np.zeros_like(rel)
    if bidirectional:
        num_buckets //= 2
        buckets = buckets + (rel > 0).astype(np.int64) * num_buckets
        rel = np.abs(rel)
    else:
        rel = -np.minimum(rel, 0)
    max_exact = num_buckets // 2
    is_small = rel < max_exact
    with np.errstate(divide="ignore"):
        large = max_exact + (np.log(np.maximum(rel, 1) / max_exact) / math.log(max_distance / max_exact)
                             * (num_buckets - max_exact)).astype(np.int64)
    large = np.minimum(large, num_buckets - 1)
    return buckets + np.where(is_small, rel, large)


# --------------------------------------------------------------------------- RoPE

def rope_frequencies(d: int, base: float = 10000.0) -> Array:
    r"""RoPE angles per pair: $\theta_i = \text{base}^{-2i/d}$, $i = 0, \dots, d/2 - 1$."""
    return base ** (-np.arange(0, d, 2, dtype=float) / d)


def _angles(positions: Array | Sequence[float], d: int, base: float, inv_freq: Array | None) -> Array:
    inv = rope_frequencies(d, base) if inv_freq is None else np.asarray(inv_freq, dtype=float)
    return np.asarray(positions, dtype=float)[:, None] * inv


def apply_rope(x: Array, positions: Array | Sequence[float], base: float = 10000.0,
               inv_freq: Array | None = None) -> Array:
    r"""Rotary position embedding (Su et al. 2021), interleaved pairs as in the paper:
    $\begin{pmatrix} x'_{2i} \\ x'_{2i+1} \end{pmatrix} = \begin{pmatrix} \cos m\theta_i & -\sin m\theta_i \\ \sin m\theta_i & \cos m\theta_i \end{pmatrix} \begin{pmatrix} x_{2i} \\ x_{2i+1} \end{pmatrix}$
    for the vector at position $m$. ``x``: $(\dots, n, d)$, ``positions``: $(n,)$; ``inv_freq`` overrides
    $\theta_i$ (context extension)."""
    x = np.asarray(x, dtype=float)
    ang = _angles(positions, x.shape[-1], base, inv_freq)
    c, s = np.cos(ang), np.sin(ang)
    out = np.empty_like(x)
    x0, x1 = x[..., 0::2], x[..., 1::2]
    out[..., 0::2] = x0 * c - x1 * s
    out[..., 1::2] = x0 * s + x1 * c
    return out


def apply_rope_half(x: Array, positions: Array | Sequence[float], base: float = 10000.0,
                    inv_freq: Array | None = None) -> Array:
    r"""RoPE with half-split pairs $(x_i, x_{i + d/2})$ (GPT-NeoX, Hugging Face Llama ``rotate_half``):
    $\mathbf{x}' = \mathbf{x} \odot \cos + \operatorname{rotate\_half}(\mathbf{x}) \odot \sin$,
    $\operatorname{rotate\_half}(\mathbf{x}) = (-\mathbf{x}_{d/2:}, \mathbf{x}_{:d/2})$, angles $m\theta_i$ repeated twice."""
    x = np.asarray(x, dtype=float)
    ang = _angles(positions, x.shape[-1], base, inv_freq)
    ang = np.concatenate([ang, ang], axis=-1)
    half = x.shape[-1] // 2
    rotated = np.concatenate([-x[..., half:], x[..., :half]], axis=-1)
    return x * np.cos(ang) + rotated * np.sin(ang)


def apply_rope_complex(x: Array, positions: Array | Sequence[float], base: float = 10000.0) -> Array:
    r"""Complex form of RoPE: $z_i = x_{2i} + \mathrm{i}\,x_{2i+1}$, $z'_i = z_i\, e^{\mathrm{i} m \theta_i}$, then
    back to interleaved real pairs."""
    x = np.asarray(x, dtype=float)
    z = x[..., 0::2] + 1j * x[..., 1::2]
    z = z * np.exp(1j * _angles(positions, x.shape[-1], base, None))
    out = np.empty_like(x)
    out[..., 0::2], out[..., 1::2] = z.real, z.imag
    return out


def rope_score(q: Array, k: Array, m: float, n: float, base: float = 10000.0) -> float:
    r"""$\langle R_m \mathbf{q}, R_n \mathbf{k} \rangle = \mathbf{q}^\top R_{n-m} \mathbf{k}$: depends on $n - m$ only."""
    qm = apply_rope(np.asarray(q, dtype=float)[None], [m], base)[0]
    kn = apply_rope(np.asarray(k, dtype=float)[None], [n], base)[0]
    return float(qm @ kn)


def interleaved_to_half(d: int) -> Array:
    r"""Permutation ``perm`` with ``x[perm]`` = $(x_0, x_2, \dots, x_{d-2}, x_1, x_3, \dots, x_{d-1})$: it maps the
    paper's interleaved pairs onto the half-split layout, so
    ``apply_rope_half(x[perm]) == apply_rope(x)[perm]``."""
    return np.concatenate([np.arange(0, d, 2), np.arange(1, d, 2)])


# --------------------------------------------------------------------------- ALiBi

def alibi_slopes(num_heads: int) -> Array:
    r"""ALiBi head slopes (Press et al. 2022). For $h$ a power of two: $m_k = 2^{-8k/h}$, $k = 1, \dots, h$
    (a geometric sequence starting at and with ratio $2^{-8/h}$). Otherwise, with $h'$ the largest power of two
    below $h$: the $h'$ slopes for $h'$ heads, then the first $h - h'$ odd-indexed slopes of $2h'$ heads,
    $2^{-8(2j-1)/(2h')}$, $j = 1, \dots, h - h'$."""
    if num_heads < 1:
        raise ValueError("num_heads must be positive")
    closest = 2 ** int(math.floor(math.log2(num_heads)))
    slopes = 2.0 ** (-8.0 * np.arange(1, closest + 1) / closest)
    if closest == num_heads:
        return slopes
    extra = 2.0 ** (-8.0 * np.arange(1, 2 * closest + 1, 2) / (2 * closest))
    return np.concatenate([slopes, extra[: num_heads - closest]])


def alibi_bias(n: int, num_heads: int) -> Array:
    r"""ALiBi bias added to the causal scores: $B_{k,i,j} = -m_k (i - j)$ for $j \le i$, $-\infty$ for $j > i$;
    shape $(h, n, n)$."""
    i, j = np.arange(n)[:, None], np.arange(n)[None, :]
    dist = (i - j).astype(float)
    bias = -alibi_slopes(num_heads)[:, None, None] * dist[None]
    return np.where(j <= i, bias, -np.inf)


# --------------------------------------------------------------------------- context extension

def position_interpolation_inv_freq(d: int, scale: float, base: float = 10000.0) -> Array:
    r"""Position interpolation (Chen et al. 2023): positions $m \to m / s$ with $s = L'/L$, i.e.
    $\theta_i' = \theta_i / s$ for every pair."""
    return rope_frequencies(d, base) / scale


def ntk_aware_base(base: float, scale: float, d: int) -> float:
    r"""NTK-aware scaling: $b' = b \cdot s^{d/(d-2)}$, so the slowest pair ($i = d/2 - 1$) is interpolated by
    exactly $s$ while the fastest ($i = 0$) is unchanged."""
    return base * scale ** (d / (d - 2))


def yarn_ramp(r: Array, alpha: float = 1.0, beta: float = 32.0) -> Array:
    r"""YaRN ramp of the paper: $\gamma(r) = 0$ for $r < \alpha$, $1$ for $r > \beta$, $(r - \alpha)/(\beta - \alpha)$
    between, where $r_i = L / \lambda_i$ counts the turns of pair $i$ (wavelength $\lambda_i = 2\pi/\theta_i$) over the
    original context $L$."""
    return np.clip((np.asarray(r, dtype=float) - alpha) / (beta - alpha), 0.0, 1.0)


def yarn_inv_freq(d: int, scale: float, original_max_position: int, base: float = 10000.0, alpha: float = 1.0,
                  beta: float = 32.0, ramp: str = "index", truncate: bool = True) -> Array:
    r"""YaRN ("NTK-by-parts") frequencies: $\theta_i' = (1 - \gamma_i)\,\theta_i / s + \gamma_i\,\theta_i$.

    ``ramp="paper"``: $\gamma_i = \gamma(r_i)$ of :func:`yarn_ramp` (linear in $r$). ``ramp="index"``: as the
    authors' code and ``transformers`` do, $\gamma$ is linear in the pair index $i$ between the indices where
    $r_i = \beta$ and $r_i = \alpha$, $i(r) = d \ln(L / (2\pi r)) / (2 \ln b)$ (rounded down / up when
    ``truncate``), clamped to $[0, d - 1]$."""
    theta = rope_frequencies(d, base)
    if ramp == "paper":
        gamma = yarn_ramp(original_max_position * theta / (2 * math.pi), alpha, beta)
    elif ramp == "index":
        def index_of(turns: float) -> float:
            return d * math.log(original_max_position / (turns * 2 * math.pi)) / (2 * math.log(base))
        low, high = index_of(beta), index_of(alpha)
        if truncate:
            low, high = math.floor(low), math.ceil(high)
        low, high = max(low, 0), min(high, d - 1)
        if low == high:
            high += 0.001
        gamma = 1.0 - np.clip((np.arange(d // 2) - low) / (high - low), 0.0, 1.0)
    else:
        raise ValueError("ramp must be 'paper' or 'index'")
    return (1.0 - gamma) * theta / scale + gamma * theta


def yarn_attention_factor(scale: float) -> float:
    r"""YaRN temperature: $\sqrt{1/t} = 0.1 \ln s + 1$ (1 for $s \le 1$); the logits are divided by $t$, i.e.
    $\mathbf{q}$ and $\mathbf{k}$ are each multiplied by $\sqrt{1/t}$."""
    return 1.0 if scale <= 1 else 0.1 * math.log(scale) + 1.0
