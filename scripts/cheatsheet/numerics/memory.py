r"""Memory-augmented networks: the Neural Turing Machine addressing pipeline, read and erase/add
write (Graves, Wayne & Danihelka 2014), an end-to-end memory network hop (Sukhbaatar et al. 2015)
and least-recently-used access (Santoro et al. 2016), in NumPy. Memory $\mathbf{M}$ has shape (N, W)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

Array = np.ndarray


def _softmax(z: Array) -> Array:
    e = np.exp(z - z.max())
    return e / e.sum()


def cosine_similarity(k: Array, M: Array, eps: float = 1e-8) -> Array:
    r"""$K[\mathbf{k}, \mathbf{M}(i)] = \frac{\mathbf{k} \cdot \mathbf{M}(i)}{\lVert\mathbf{k}\rVert\,\lVert\mathbf{M}(i)\rVert}$ for every row $i$."""
    k = np.asarray(k, dtype=float)
    M = np.asarray(M, dtype=float)
    return M @ k / (np.linalg.norm(M, axis=1) * np.linalg.norm(k) + eps)


def content_weights(k: Array, M: Array, beta: float) -> Array:
    r"""$w^c_t(i) = \frac{\exp(\beta_t K[\mathbf{k}_t, \mathbf{M}_t(i)])}{\sum_j \exp(\beta_t K[\mathbf{k}_t, \mathbf{M}_t(j)])}$."""
    return _softmax(beta * cosine_similarity(k, M))


def interpolate(w_c: Array, w_prev: Array, g: float) -> Array:
    r"""$\mathbf{w}^g_t = g_t\,\mathbf{w}^c_t + (1 - g_t)\,\mathbf{w}_{t-1}$."""
    return g * np.asarray(w_c, dtype=float) + (1.0 - g) * np.asarray(w_prev, dtype=float)


def shift_kernel(probs: Sequence[float], offsets: Sequence[int], n: int) -> Array:
    r"""A length-$N$ kernel $s_t$ with $s_t(j \bmod N)$ = probability of shifting by $j$ (e.g. offsets $-1, 0, +1$)."""
    s = np.zeros(n)
    for p, j in zip(probs, offsets, strict=True):
        s[j % n] += p
    return s


def circular_shift(w_g: Array, s: Array) -> Array:
    r"""Circular convolution: $\tilde{w}_t(i) = \sum_{j=0}^{N-1} w^g_t(j)\, s_t(i - j)$, indices modulo $N$."""
    w_g = np.asarray(w_g, dtype=float)
    s = np.asarray(s, dtype=float)
    n = len(w_g)
    return np.array([sum(w_g[j] * s[(i - j) % n] for j in range(n)) for i in range(n)])


def sharpen(w: Array, gamma: float) -> Array:
    r"""$w_t(i) = \frac{\tilde{w}_t(i)^{\gamma_t}}{\sum_j \tilde{w}_t(j)^{\gamma_t}}$, $\gamma_t \ge 1$."""
    p = np.asarray(w, dtype=float) ** gamma
    return p / p.sum()


def address(k: Array, M: Array, beta: float, g: float, s: Array, gamma: float,
            w_prev: Array) -> dict[str, Array]:
    r"""The full NTM addressing: content $\to$ interpolation $\to$ shift $\to$ sharpening. Returns every stage."""
    w_c = content_weights(k, M, beta)
    w_g = interpolate(w_c, w_prev, g)
    w_s = circular_shift(w_g, s)
    return {"content": w_c, "interpolated": w_g, "shifted": w_s, "sharpened": sharpen(w_s, gamma)}


def read(w: Array, M: Array) -> Array:
    r"""$\mathbf{r}_t = \sum_i w_t(i)\,\mathbf{M}_t(i) = \mathbf{M}_t^\top \mathbf{w}_t$."""
    return np.asarray(M, dtype=float).T @ np.asarray(w, dtype=float)


def write(M: Array, w: Array, e: Array, a: Array) -> Array:
    r"""Erase then add: $\tilde{\mathbf{M}}_t(i) = \mathbf{M}_{t-1}(i) \odot [\mathbf{1} - w_t(i)\,\mathbf{e}_t]$,
    $\mathbf{M}_t(i) = \tilde{\mathbf{M}}_t(i) + w_t(i)\,\mathbf{a}_t$, with $\mathbf{e}_t \in (0, 1)^W$."""
    M = np.asarray(M, dtype=float)
    w = np.asarray(w, dtype=float)
    return M * (1.0 - np.outer(w, e)) + np.outer(w, a)


def memn2n_hop(u: Array, m: Array, c: Array) -> tuple[Array, Array]:
    r"""One hop of an end-to-end memory network: $p_i = \softmax(\mathbf{u}^\top \mathbf{m}_i)$,
    $\mathbf{o} = \sum_i p_i\,\mathbf{c}_i$; the next query is $\mathbf{u}^{k+1} = \mathbf{u}^k + \mathbf{o}^k$.
    Returns $(\mathbf{p}, \mathbf{o})$."""
    p = _softmax(np.asarray(m, dtype=float) @ np.asarray(u, dtype=float))
    return p, np.asarray(c, dtype=float).T @ p


def least_used_weights(w_u: Array, n_reads: int) -> Array:
    r"""Santoro et al. (2016): $w^{lu}_t(i) = 1$ if $w^u_t(i) \le m(\mathbf{w}^u_t, n)$ (the $n$-th smallest usage),
    else 0; ties broken by index so exactly $n$ slots are selected."""
    w_u = np.asarray(w_u, dtype=float)
    out = np.zeros_like(w_u)
    out[np.argsort(w_u, kind="stable")[:n_reads]] = 1.0
    return out


def lrua_step(w_u_prev: Array, w_r_prev: Array, w_r: Array, alpha_gate: float,
              decay: float, n_reads: int = 1) -> tuple[Array, Array]:
    r"""Least-recently-used access: write weights
    $\mathbf{w}^w_t = \sigma(\alpha)\,\mathbf{w}^r_{t-1} + (1 - \sigma(\alpha))\,\mathbf{w}^{lu}_{t-1}$ and usage
    $\mathbf{w}^u_t = \gamma\,\mathbf{w}^u_{t-1} + \mathbf{w}^r_t + \mathbf{w}^w_t$. Returns $(\mathbf{w}^w_t, \mathbf{w}^u_t)$."""
    sig = 1.0 / (1.0 + np.exp(-alpha_gate))
    w_w = sig * np.asarray(w_r_prev, dtype=float) + (1 - sig) * least_used_weights(w_u_prev, n_reads)
    return w_w, decay * np.asarray(w_u_prev, dtype=float) + np.asarray(w_r, dtype=float) + w_w
