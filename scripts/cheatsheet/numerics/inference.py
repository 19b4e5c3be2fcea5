"""LLM inference in NumPy: KV-cache sizes of published model configurations (MHA, GQA, MLA), the
decode roofline, attention computed block by block with the online softmax (FlashAttention's
recurrence), and the speed-up of speculative decoding with a Monte-Carlo check."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Array = np.ndarray

GiB = 2**30


# --------------------------------------------------------------------------- KV cache

def kv_bytes_per_token(n_layers: int, n_kv_heads: int, head_dim: int, bytes_per_value: float = 2) -> float:
    r"""$2 \cdot n_\text{layer} \cdot n_\text{kv} \cdot d_h \cdot b$ bytes per cached token (a key and a value
    vector per layer and KV head; $b = 2$ for BF16/FP16)."""
    return 2 * n_layers * n_kv_heads * head_dim * bytes_per_value


def mla_bytes_per_token(n_layers: int, d_latent: int, d_rope: int, bytes_per_value: float = 2) -> float:
    r"""Multi-head latent attention (DeepSeek-V2) caches one compressed latent $\mathbf{c}^{KV}_t \in \R^{d_c}$
    and one shared RoPE key $\mathbf{k}^R_t \in \R^{d_h^R}$ per layer: $n_\text{layer}(d_c + d_h^R)\, b$ bytes."""
    return n_layers * (d_latent + d_rope) * bytes_per_value


@dataclass(frozen=True)
class ModelConfig:
    """Attention shape of a published decoder (from the model card / config / paper)."""
    name: str
    n_layers: int
    n_heads: int
    n_kv_heads: int
    head_dim: int
    d_latent: int = 0  # MLA only
    d_rope: int = 0  # MLA only

    def bytes_per_token(self, bytes_per_value: float = 2) -> float:
        if self.d_latent:
            return mla_bytes_per_token(self.n_layers, self.d_latent, self.d_rope, bytes_per_value)
        return kv_bytes_per_token(self.n_layers, self.n_kv_heads, self.head_dim, bytes_per_value)


MODELS = {
    "Llama-2-7B (MHA)": ModelConfig("Llama-2-7B (MHA)", 32, 32, 32, 128),
    "Llama-3-8B (GQA)": ModelConfig("Llama-3-8B (GQA)", 32, 32, 8, 128),
    "Mistral-7B (GQA)": ModelConfig("Mistral-7B (GQA)", 32, 32, 8, 128),
    "Llama-3-70B (GQA)": ModelConfig("Llama-3-70B (GQA)", 80, 64, 8, 128),
    "DeepSeek-V2 (MLA)": ModelConfig("DeepSeek-V2 (MLA)", 60, 128, 128, 128, d_latent=512, d_rope=64),
}


def kv_cache_gib(cfg: ModelConfig, n_tokens: int, batch: int = 1, bytes_per_value: float = 2,
                 window: int | None = None) -> float:
    r"""Cache of ``batch`` sequences of ``n_tokens`` in GiB; with a sliding ``window`` only the last
    $\min(T, W)$ tokens are kept (Mistral's rolling buffer)."""
    kept = n_tokens if window is None else min(n_tokens, window)
    return cfg.bytes_per_token(bytes_per_value) * kept * batch / GiB


# --------------------------------------------------------------------------- decode roofline

def decode_intensity(batch: int, bytes_per_weight: float = 2) -> float:
    r"""Arithmetic intensity of one decode step through a weight matrix: every weight is read once
    ($b$ bytes) and used for a multiply-add per sequence ($2B$ FLOPs): $I \approx 2B / b$ FLOP/byte
    ($= B$ in BF16)."""
    return 2 * batch / bytes_per_weight


def min_decode_latency(n_params: float, bandwidth: float, bytes_per_weight: float = 2) -> float:
    r"""Lower bound on the time per decode step at small batch: read every weight once,
    $t \ge N b / \beta$ seconds (KV-cache reads come on top)."""
    return n_params * bytes_per_weight / bandwidth


# --------------------------------------------------------------------------- online softmax

def online_softmax_attention(q: Array, k: Array, v: Array, block_size: int, *, causal: bool = False,
                             scale: float | None = None) -> Array:
    r"""Exact attention computed over key/value blocks of ``block_size`` with the online softmax.

    For each key block $\mathbf{S}^{(j)} = \mathbf{Q}\mathbf{K}_j^\top \cdot \text{scale}$ (masked entries $-\infty$):

    $m^{\text{new}} = \max(m, \operatorname{rowmax}\mathbf{S}^{(j)})$,
    $\ell^{\text{new}} = e^{m - m^{\text{new}}}\ell + \operatorname{rowsum} e^{\mathbf{S}^{(j)} - m^{\text{new}}}$,
    $\mathbf{O}^{\text{new}} = e^{m - m^{\text{new}}}\mathbf{O} + e^{\mathbf{S}^{(j)} - m^{\text{new}}}\mathbf{V}_j$;
    the output is $\mathbf{O}/\ell$ after the last block.

    ``q``: $(\dots, H_q, L, d)$, ``k``/``v``: $(\dots, H_{kv}, S, d)$ with $H_{kv}$ dividing $H_q$ (GQA: query
    head $i$ reads KV head $\lfloor i / (H_q/H_{kv}) \rfloor$). ``causal`` is top-left aligned as in
    ``F.scaled_dot_product_attention(is_causal=True)``."""
    q, k, v = (np.asarray(a, dtype=float) for a in (q, k, v))
    hq, hkv = q.shape[-3], k.shape[-3]
    if hq % hkv:
        raise ValueError("the number of query heads must be a multiple of the number of KV heads")
    k = np.repeat(k, hq // hkv, axis=-3)
    v = np.repeat(v, hq // hkv, axis=-3)
    L, S = q.shape[-2], k.shape[-2]
    scale = 1.0 / np.sqrt(q.shape[-1]) if scale is None else scale
    m = np.full(q.shape[:-1] + (1,), -np.inf)
    ell = np.zeros(q.shape[:-1] + (1,))
    o = np.zeros(q.shape[:-1] + (v.shape[-1],))
    rows = np.arange(L)[:, None]
    for start in range(0, S, block_size):
        stop = min(start + block_size, S)
        s = q @ np.swapaxes(k[..., start:stop, :], -1, -2) * scale
        if causal:
            s = np.where(np.arange(start, stop)[None, :] <= rows, s, -np.inf)
        m_new = np.maximum(m, s.max(axis=-1, keepdims=True))
        safe = np.where(np.isfinite(m_new), m_new, 0.0)  # a row with no visible key yet
        p = np.exp(s - safe)
        alpha = np.exp(np.where(np.isfinite(m), m - safe, -np.inf))
        ell = alpha * ell + p.sum(axis=-1, keepdims=True)
        o = alpha * o + p @ v[..., start:stop, :]
        m = m_new
    return o / ell


# --------------------------------------------------------------------------- speculative decoding

def speculative_expected_tokens(alpha: float, gamma: int) -> float:
    r"""Expected tokens produced per target-model call, $\E[\#] = \frac{1 - \alpha^{\gamma+1}}{1 - \alpha}$
    (Leviathan et al. 2023), for acceptance rate $\alpha$ and $\gamma$ draft tokens; $\gamma + 1$ when $\alpha = 1$."""
    if alpha == 1.0:
        return float(gamma + 1)
    return (1 - alpha ** (gamma + 1)) / (1 - alpha)


def speculative_speedup(alpha: float, gamma: int, c: float) -> float:
    r"""Expected wall-time improvement over plain decoding,
    $\frac{1 - \alpha^{\gamma+1}}{(1 - \alpha)(\gamma c + 1)}$, where $c$ is the cost of one draft step relative
    to one target step."""
    return speculative_expected_tokens(alpha, gamma) / (gamma * c + 1)


def simulate_speculative(alpha: float, gamma: int, n_steps: int, seed: int = 0) -> float:
    """Monte-Carlo mean of the tokens emitted per target call when each draft token is accepted
    independently with probability ``alpha``: the accepted prefix plus one token from the target
    (the correction at the first rejection, or the bonus token when all ``gamma`` are accepted)."""
    rng = np.random.default_rng(seed)
    accept = rng.random((n_steps, gamma)) < alpha
    prefix = np.where(accept.all(axis=1), gamma, np.argmin(accept, axis=1))
    return float(np.mean(prefix + 1))
