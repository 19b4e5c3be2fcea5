"""Attention and the Transformer in NumPy: scaled dot-product and multi-head attention (in
``torch.nn.MultiheadAttention``'s packed-weight convention), masks, parameter / FLOP / KV-cache counts, and attention rollout."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

Array = np.ndarray


# --------------------------------------------------------------------------- softmax and masks

def softmax(x: Array, axis: int = -1) -> Array:
    r"""$\softmax(\mathbf{x})_i = e^{x_i - \max_j x_j} / \sum_j e^{x_j - \max_j x_j}$ (stable form).
    A row that is $-\infty$ everywhere gives NaN (as ``nn.MultiheadAttention``'s weights do;
    ``F.scaled_dot_product_attention`` on CPU returns a zero row instead)."""
    x = np.asarray(x, dtype=float)
    m = np.max(x, axis=axis, keepdims=True)
    with np.errstate(invalid="ignore"):
        e = np.exp(x - m)
        return e / e.sum(axis=axis, keepdims=True)


def causal_mask(n_queries: int, n_keys: int | None = None) -> Array:
    r"""Boolean causal mask, ``True`` = may attend (``F.scaled_dot_product_attention``'s convention):
    query $i$ sees key $j$ iff $j \le i$ (top-left aligned, as ``is_causal=True`` when $L \ne S$)."""
    n_keys = n_queries if n_keys is None else n_keys
    return np.tril(np.ones((n_queries, n_keys), dtype=bool))


def mask_to_bias(mask: Array | None, *, true_means: str = "allowed") -> Array | float:
    r"""Turn a mask into the additive bias $\mathbf{M}$ of $\softmax(\mathbf{Q}\mathbf{K}^\top/\sqrt{d_k} + \mathbf{M})$:
    $M_{ij} = 0$ where attention is allowed and $-\infty$ where it is not. A float mask is returned as is.
    ``true_means="allowed"`` is ``F.scaled_dot_product_attention``'s boolean convention,
    ``true_means="masked"`` is ``nn.MultiheadAttention``'s (``attn_mask``, ``key_padding_mask``)."""
    if mask is None:
        return 0.0
    mask = np.asarray(mask)
    if mask.dtype != bool:
        return mask.astype(float)
    allowed = mask if true_means == "allowed" else ~mask
    return np.where(allowed, 0.0, -np.inf)


# --------------------------------------------------------------------------- attention

def scaled_dot_product_attention(q: Array, k: Array, v: Array, mask: Array | None = None, *,
                                 is_causal: bool = False, scale: float | None = None) -> tuple[Array, Array]:
    r"""$\operatorname{Attention}(\mathbf{Q}, \mathbf{K}, \mathbf{V}) = \softmax\!\Big(\frac{\mathbf{Q}\mathbf{K}^\top}{\sqrt{d_k}} + \mathbf{M}\Big)\mathbf{V}$

    ``q``: $(\dots, L, d_k)$, ``k``: $(\dots, S, d_k)$, ``v``: $(\dots, S, d_v)$. ``mask`` follows
    ``F.scaled_dot_product_attention``: boolean ``True`` = may attend, float = added to the scores.
    Returns the output $(\dots, L, d_v)$ and the weights $(\dots, L, S)$."""
    q, k, v = (np.asarray(a, dtype=float) for a in (q, k, v))
    scale = 1.0 / np.sqrt(q.shape[-1]) if scale is None else scale
    scores = q @ np.swapaxes(k, -1, -2) * scale
    if is_causal:
        if mask is not None:
            raise ValueError("pass either mask or is_causal, not both")
        mask = causal_mask(q.shape[-2], k.shape[-2])
    weights = softmax(scores + mask_to_bias(mask, true_means="allowed"), axis=-1)
    return weights @ v, weights


def additive_score(s: Array, h: Array, W: Array, U: Array, w_v: Array) -> Array:
    r"""Bahdanau (additive) score $e_{ij} = \mathbf{v}^\top \tanh(\mathbf{W}\mathbf{s}_{i} + \mathbf{U}\mathbf{h}_j)$.

    ``s``: $(L, d_s)$ queries (decoder states), ``h``: $(S, d_h)$ keys (encoder states),
    ``W``: $(d_a, d_s)$, ``U``: $(d_a, d_h)$, ``w_v``: $(d_a,)$. Returns $(L, S)$."""
    s, h = np.asarray(s, dtype=float), np.asarray(h, dtype=float)
    return np.tanh((s @ W.T)[:, None, :] + (h @ U.T)[None, :, :]) @ w_v


def multiplicative_score(s: Array, h: Array, W: Array | None = None) -> Array:
    r"""Luong scores: "dot" $e_{ij} = \mathbf{s}_i^\top \mathbf{h}_j$, "general" $e_{ij} = \mathbf{s}_i^\top \mathbf{W}\mathbf{h}_j$."""
    s, h = np.asarray(s, dtype=float), np.asarray(h, dtype=float)
    return s @ (h.T if W is None else W @ h.T)


def multi_head_attention(query: Array, key: Array, value: Array, num_heads: int,
                         in_proj_weight: Array, in_proj_bias: Array | None,
                         out_proj_weight: Array, out_proj_bias: Array | None, *,
                         attn_mask: Array | None = None, key_padding_mask: Array | None = None,
                         average_attn_weights: bool = True) -> tuple[Array, Array]:
    r"""$\operatorname{MultiHead}(\mathbf{Q}, \mathbf{K}, \mathbf{V}) = \operatorname{Concat}(\text{head}_1, \dots, \text{head}_h)\mathbf{W}^O$,
    $\text{head}_i = \operatorname{Attention}(\mathbf{Q}\mathbf{W}_i^Q, \mathbf{K}\mathbf{W}_i^K, \mathbf{V}\mathbf{W}_i^V)$

    As ``nn.MultiheadAttention(batch_first=True)``: inputs $(N, L, E)$ / $(N, S, E)$;
    ``in_proj_weight`` $(3E, E)$ stacks $\mathbf{W}^Q, \mathbf{W}^K, \mathbf{W}^V$ by rows and is applied as
    $\mathbf{x}\mathbf{W}^\top + \mathbf{b}$; head $i$ takes output columns $i d_h \dots (i+1) d_h - 1$ (rows of each weight block) with $d_h = E/h$;
    boolean ``attn_mask`` $(L, S)$ and ``key_padding_mask`` $(N, S)$: ``True`` = NOT allowed.
    Returns the output $(N, L, E)$ and the weights, $(N, L, S)$ averaged over heads or $(N, h, L, S)$."""
    query, key, value = (np.asarray(a, dtype=float) for a in (query, key, value))
    N, L, E = query.shape
    S = key.shape[1]
    d_h = E // num_heads
    if d_h * num_heads != E:
        raise ValueError("embed_dim must be divisible by num_heads")
    b = np.zeros(3 * E) if in_proj_bias is None else np.asarray(in_proj_bias, dtype=float)
    W_q, W_k, W_v = np.split(np.asarray(in_proj_weight, dtype=float), 3, axis=0)
    b_q, b_k, b_v = np.split(b, 3)

    def heads(x: Array, n: int) -> Array:  # (N, n, E) -> (N, h, n, d_h)
        return x.reshape(N, n, num_heads, d_h).transpose(0, 2, 1, 3)

    q = heads(query @ W_q.T + b_q, L)
    k = heads(key @ W_k.T + b_k, S)
    v = heads(value @ W_v.T + b_v, S)
    bias = np.zeros((N, 1, L, S)) + mask_to_bias(attn_mask, true_means="masked")
    if key_padding_mask is not None:
        bias = bias + np.asarray(mask_to_bias(key_padding_mask, true_means="masked"))[:, None, None, :]
    out, w = scaled_dot_product_attention(q, k, v, bias)
    concat = out.transpose(0, 2, 1, 3).reshape(N, L, E)
    out = concat @ np.asarray(out_proj_weight, dtype=float).T
    if out_proj_bias is not None:
        out = out + out_proj_bias
    return out, (w.mean(axis=1) if average_attn_weights else w)


def repeat_kv(k: Array, n_query_heads: int) -> Array:
    r"""Grouped-query attention: key/value heads $(\dots, G, S, d_h)$ repeated to $h$ query heads,
    query head $i$ reads group $\lfloor i G / h \rfloor$ (``repeat_interleave``; $G = 1$ is MQA, $G = h$ is MHA)."""
    k = np.asarray(k, dtype=float)
    return np.repeat(k, n_query_heads // k.shape[-3], axis=-3)


# --------------------------------------------------------------------------- positions
# Position encodings live in ``positional.py``; re-exported here for the Transformer page's code.
from .positional import (  # noqa: E402,F401
    alibi_slopes,
    apply_rope,
    rope_frequencies,
    rope_score,
    sinusoidal_positional_encoding,
)


# --------------------------------------------------------------------------- counts

def mha_params(d_model: int, bias: bool = True) -> int:
    r"""$4d^2 + 4d$: $\mathbf{W}^Q, \mathbf{W}^K, \mathbf{W}^V, \mathbf{W}^O \in \R^{d \times d}$ and their biases
    (independent of the number of heads)."""
    return 4 * d_model**2 + (4 * d_model if bias else 0)


def ffn_params(d_model: int, d_ff: int) -> int:
    r"""$2 d\,d_\text{ff} + d_\text{ff} + d$ (two linear layers with biases)."""
    return 2 * d_model * d_ff + d_ff + d_model


def encoder_layer_params(d_model: int, d_ff: int) -> int:
    r"""Encoder layer: self-attention + FFN + 2 LayerNorms ($2d$ each): $4d^2 + 2d\,d_\text{ff} + 9d + d_\text{ff}$,
    $= 12d^2 + 13d$ for $d_\text{ff} = 4d$."""
    return mha_params(d_model) + ffn_params(d_model, d_ff) + 2 * 2 * d_model


def decoder_layer_params(d_model: int, d_ff: int) -> int:
    r"""Decoder layer: self- and cross-attention + FFN + 3 LayerNorms: $8d^2 + 2d\,d_\text{ff} + 15d + d_\text{ff}$,
    $= 16d^2 + 19d$ for $d_\text{ff} = 4d$."""
    return 2 * mha_params(d_model) + ffn_params(d_model, d_ff) + 3 * 2 * d_model


def transformer_params(d_model: int = 512, n_encoder: int = 6, n_decoder: int = 6, d_ff: int = 2048) -> int:
    r"""``nn.Transformer`` (no embeddings, no output projection): the layers plus the final encoder and
    decoder LayerNorms."""
    return (n_encoder * encoder_layer_params(d_model, d_ff) + n_decoder * decoder_layer_params(d_model, d_ff)
            + (2 * d_model if n_encoder else 0) + (2 * d_model if n_decoder else 0))


def decoder_only_params(d_model: int, n_layers: int, vocab: int, d_ff: int | None = None,
                        tied: bool = True) -> int:
    r"""GPT-style decoder-only model: $n_\text{layer}(12d^2 + 13d)$ + token embedding $V d$ (tied output) + final norm;
    learned position embeddings not included."""
    d_ff = 4 * d_model if d_ff is None else d_ff
    return n_layers * encoder_layer_params(d_model, d_ff) + vocab * d_model * (1 if tied else 2) + 2 * d_model


def forward_flops_per_token(n_params: int, n_layers: int, n_ctx: int, d_model: int) -> float:
    r"""Kaplan et al. (2020): $C_\text{forward} \approx 2N + 2 n_\text{layer} n_\text{ctx} d$ FLOPs per token
    ($N$ non-embedding parameters; the second term is the attention over the context, as Kaplan et al. count it)."""
    return 2.0 * n_params + 2.0 * n_layers * n_ctx * d_model


def kv_cache_bytes(n_layers: int, n_kv_heads: int, head_dim: int, seq_len: int, batch: int = 1,
                   bytes_per_value: int = 2) -> int:
    r"""$2 \cdot n_\text{layer} \cdot n_\text{kv} \cdot d_h \cdot T \cdot B \cdot \text{bytes}$ (a key and a value per
    layer, KV head, position and sequence)."""
    return 2 * n_layers * n_kv_heads * head_dim * seq_len * batch * bytes_per_value


# --------------------------------------------------------------------------- explanation

def attention_rollout(attentions: Sequence[Array], residual: float = 0.5) -> Array:
    r"""Attention rollout (Abnar & Zuidema 2020): $\hat{\mathbf{A}}_l = \operatorname{rownorm}(0.5\,\mathbf{A}_l + 0.5\,\mathbf{I})$,
    $\tilde{\mathbf{A}} = \hat{\mathbf{A}}_{L} \hat{\mathbf{A}}_{L-1} \cdots \hat{\mathbf{A}}_1$.

    ``attentions``: per layer, head-averaged weights $(n, n)$ (row = query), first layer first.
    Row $i$ of the result: how much each input token contributes to position $i$ at the top."""
    out = None
    for A in attentions:
        A = np.asarray(A, dtype=float)
        A_hat = (1.0 - residual) * A + residual * np.eye(A.shape[-1])
        A_hat = A_hat / A_hat.sum(axis=-1, keepdims=True)
        out = A_hat if out is None else A_hat @ out
    return out


def dot_product_std(d_k: int, n_samples: int = 20000, seed: int = 0) -> float:
    r"""Empirical std of $\mathbf{q}^\top\mathbf{k}$ for $q_i, k_i \sim \mathcal{N}(0, 1)$ i.i.d.:
    $\Var(\mathbf{q}^\top\mathbf{k}) = d_k$, so it is $\approx \sqrt{d_k}$."""
    rng = np.random.default_rng(seed)
    q = rng.standard_normal((n_samples, d_k))
    k = rng.standard_normal((n_samples, d_k))
    return float(np.einsum("nd,nd->n", q, k).std())


def mean_max_weight(d_k: int, n_keys: int = 64, scaled: bool = True, n_trials: int = 400, seed: int = 0) -> float:
    r"""Mean of $\max_j \softmax(\mathbf{q}^\top\mathbf{k}_j / \tau)$ over random $\mathbf{q}, \mathbf{k}_j \sim \mathcal{N}(\mathbf{0}, \mathbf{I})$,
    $\tau = \sqrt{d_k}$ (scaled) or $1$: near $1/n$ means spread, near $1$ means a saturated one-hot softmax."""
    rng = np.random.default_rng(seed)
    q = rng.standard_normal((n_trials, 1, d_k))
    k = rng.standard_normal((n_trials, n_keys, d_k))
    s = (q @ np.swapaxes(k, -1, -2))[:, 0, :]
    if scaled:
        s = s / np.sqrt(d_k)
    return float(softmax(s, axis=-1).max(axis=-1).mean())
