"""Mixture-of-experts routing on NumPy arrays: softmax and top-k gating (Shazeer et al. 2017;
Mixtral), noisy top-k logits, the Switch Transformer load-balancing loss (Fedus et al. 2022),
the router z-loss (Zoph et al. 2022), expert capacity with token dropping, and parameter counts.

Shapes: ``T`` tokens, ``N`` experts; router logits are ``(T, N)``.
"""

from __future__ import annotations

import math

import numpy as np

Array = np.ndarray


def softmax(z: Array, axis: int = -1) -> Array:
    r"""$\softmax(\mathbf{z})_i = e^{z_i} / \sum_j e^{z_j}$ (max-shifted)."""
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def logsumexp(z: Array, axis: int = -1) -> Array:
    r"""$\log \sum_j e^{z_j}$, computed stably."""
    z = np.asarray(z, dtype=float)
    m = z.max(axis=axis, keepdims=True)
    return (m + np.log(np.exp(z - m).sum(axis=axis, keepdims=True))).squeeze(axis)


def top_k_indices(logits: Array, k: int) -> Array:
    r"""Indices of the $k$ largest logits per token, largest first (ties: lower index first). $(T, k)$."""
    logits = np.asarray(logits, dtype=float)
    return np.argsort(-logits, axis=-1, kind="stable")[..., :k]


def top_k_gating(logits: Array, k: int, renormalize: bool = True) -> tuple[Array, Array]:
    r"""Sparse gates $\mathbf{g} \in \R^{T \times N}$ with $k$ nonzeros per row, and the chosen indices.
    ``renormalize=True``: $\mathbf{g} = \softmax(\mathrm{KeepTopK}(\mathbf{z}, k))$ (others $-\infty$) — Shazeer et al. 2017,
    GShard, Mixtral; equal to the full softmax renormalized over the top $k$.
    ``renormalize=False``: $g_i = p_i = \softmax(\mathbf{z})_i$ kept for the top $k$ (Switch, $k = 1$)."""
    logits = np.asarray(logits, dtype=float)
    idx = top_k_indices(logits, k)
    p = softmax(logits)
    mask = np.zeros_like(p, dtype=bool)
    np.put_along_axis(mask, idx, True, axis=-1)
    g = np.where(mask, p, 0.0)
    if renormalize:
        g = g / g.sum(axis=-1, keepdims=True)
    return g, idx


def softplus(x: Array) -> Array:
    r"""$\mathrm{softplus}(x) = \log(1 + e^{x})$."""
    return np.logaddexp(0.0, np.asarray(x, dtype=float))


def noisy_top_k_logits(X: Array, W_g: Array, W_noise: Array, noise: Array) -> Array:
    r"""Shazeer et al. (2017): $H(\mathbf{x})_i = (\mathbf{x}^\top\mathbf{W}_g)_i + \epsilon_i \cdot \mathrm{softplus}\bigl((\mathbf{x}^\top\mathbf{W}_\text{noise})_i\bigr)$,
    $\epsilon_i \sim \mathcal{N}(0, 1)$ given as ``noise`` $(T, N)$; $\mathbf{W}_g, \mathbf{W}_\text{noise} \in \R^{d \times N}$."""
    X = np.asarray(X, dtype=float)
    return X @ W_g + np.asarray(noise, dtype=float) * softplus(X @ W_noise)


def load_balancing_loss(router_probs: Array, expert_index: Array, alpha: float = 0.01) -> float:
    r"""Switch Transformer auxiliary loss $\mathcal{L}_\text{aux} = \alpha N \sum_{i=1}^{N} f_i P_i$ with
    $f_i = \frac{1}{T}\sum_{\mathbf{x} \in \mathcal{B}} \1\{\argmax \mathbf{p}(\mathbf{x}) = i\}$ (fraction of tokens
    dispatched to expert $i$) and $P_i = \frac{1}{T}\sum_{\mathbf{x} \in \mathcal{B}} p_i(\mathbf{x})$ (mean router probability). Equals $\alpha$ under uniform routing (its minimum when $f = P$); it can dip
    slightly below $\alpha$ when $f$ and $P$ disagree.
    ``router_probs`` $(T, N)$; ``expert_index`` $(T,)$ or $(T, k)$ (each of the $k$ choices counted, divided by $k$)."""
    p = np.asarray(router_probs, dtype=float)
    T, N = p.shape
    idx = np.asarray(expert_index).reshape(T, -1)
    f = np.bincount(idx.ravel(), minlength=N) / idx.size
    P = p.mean(axis=0)
    return float(alpha * N * np.sum(f * P))


def router_z_loss(logits: Array) -> float:
    r"""ST-MoE router z-loss $\mathcal{L}_z = \frac{1}{T}\sum_{t=1}^{T}\bigl(\log\sum_{j=1}^{N} e^{z_{tj}}\bigr)^2$
    (weighted by $c_z = 10^{-3}$ in the total loss)."""
    return float(np.mean(logsumexp(logits) ** 2))


def importance_cv2(gates: Array) -> float:
    r"""Shazeer et al. (2017) importance loss without its weight: $\mathrm{CV}(\mathrm{Importance})^2$,
    $\mathrm{Importance}_i = \sum_x g_i(x)$, $\mathrm{CV} = \text{std} / \text{mean}$ (population std)."""
    imp = np.asarray(gates, dtype=float).sum(axis=0)
    return float(imp.var() / imp.mean() ** 2)


def expert_capacity(tokens: int, n_experts: int, capacity_factor: float, k: int = 1) -> int:
    r"""Slots per expert $C = \bigl\lceil \frac{k\,T}{N} \cdot \mathrm{CF} \bigr\rceil$ (Switch: $k = 1$, $\mathrm{CF} = 1.0$–$1.25$;
    implementations differ in rounding — here rounded up)."""
    return int(math.ceil(k * tokens / n_experts * capacity_factor - 1e-9))


def dispatch(expert_index: Array, n_experts: int, capacity: int) -> tuple[Array, Array]:
    r"""Assign tokens to experts in token order; a token whose expert already holds $C$ tokens is dropped
    (it skips the layer through the residual connection). Returns ``(kept mask (T,), tokens per expert (N,))``
    with the counts before dropping."""
    idx = np.asarray(expert_index).ravel()
    counts = np.bincount(idx, minlength=n_experts)
    position = np.zeros(len(idx), dtype=int)
    seen = np.zeros(n_experts, dtype=int)
    for t, e in enumerate(idx):
        position[t] = seen[e]
        seen[e] += 1
    return position < capacity, counts


def dropped_fraction(expert_index: Array, n_experts: int, capacity_factor: float) -> float:
    r"""Fraction of tokens dropped, $\frac{1}{T}\sum_i \max(0, n_i - C)$, for top-1 routing with $C$ from
    :func:`expert_capacity`."""
    idx = np.asarray(expert_index).ravel()
    C = expert_capacity(len(idx), n_experts, capacity_factor)
    counts = np.bincount(idx, minlength=n_experts)
    return float(np.maximum(counts - C, 0).sum() / len(idx))


def skewed_routing(tokens: int, n_experts: int, skew: float, seed: int = 0) -> Array:
    r"""Top-1 expert choices drawn i.i.d. from $\pi_i \propto i^{-s}$ (Zipf with exponent $s$; $s = 0$ uniform)."""
    rng = np.random.default_rng(seed)
    w = np.arange(1, n_experts + 1, dtype=float) ** (-skew)
    return rng.choice(n_experts, size=tokens, p=w / w.sum())


def balance_loss_of_distribution(pi: Array, alpha: float = 1.0) -> float:
    r"""$\mathcal{L}_\text{aux}$ in the limit where the dispatch fractions equal the mean probabilities,
    $f_i = P_i = \pi_i$: $\alpha N \sum_i \pi_i^2$ — from $\alpha$ (uniform) to $\alpha N$ (all tokens to one expert)."""
    pi = np.asarray(pi, dtype=float)
    return float(alpha * len(pi) * np.sum(pi**2))


def moe_transformer_params(n_layers: int, d_model: int, d_ff: int, n_experts: int, top_k: int, vocab: int,
                           n_heads: int, n_kv_heads: int, gated: bool = True, tied_embeddings: bool = False) -> dict:
    r"""Total vs active parameters of a decoder with an MoE feed-forward in every layer (no biases):
    attention $d(2d + 2 d_{kv})$ with $d_{kv} = d \cdot n_{kv}/n_h$ (GQA), experts $N \cdot c\,d\,d_{ff}$ ($c = 3$ for
    SwiGLU, $2$ otherwise), router $dN$, two RMSNorms $2d$ per layer, final norm $d$, embeddings $Vd$ (twice if untied).
    Active: the same with $k$ experts instead of $N$."""
    d_kv = d_model * n_kv_heads // n_heads
    attn = d_model * (2 * d_model + 2 * d_kv)
    expert = (3 if gated else 2) * d_model * d_ff
    router = d_model * n_experts
    norms = 2 * d_model
    emb = vocab * d_model * (1 if tied_embeddings else 2) + d_model
    total = n_layers * (attn + n_experts * expert + router + norms) + emb
    active = n_layers * (attn + top_k * expert + router + norms) + emb
    return {"total": total, "active": active, "expert": expert, "attention": attn}
