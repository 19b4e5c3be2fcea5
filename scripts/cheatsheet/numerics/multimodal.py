"""Multimodal models: the CLIP symmetric contrastive loss with a learned temperature (Radford et al. 2021),
zero-shot classification from prompt embeddings, and Flamingo's tanh-gated cross-attention
(Alayrac et al. 2022), in NumPy."""

from __future__ import annotations

import numpy as np

Array = np.ndarray

LOGIT_SCALE_INIT = float(np.log(1 / 0.07))  # s = log(1/tau), tau initialised at 0.07
LOGIT_SCALE_MAX = 100.0  # exp(s) is clipped to at most 100


def l2_normalize(x: Array, axis: int = -1) -> Array:
    r"""$\hat{\mathbf{x}} = \mathbf{x} / \lVert \mathbf{x} \rVert_2$ (row-wise)."""
    x = np.asarray(x, dtype=float)
    return x / np.linalg.norm(x, axis=axis, keepdims=True)


def _log_softmax(z: Array, axis: int) -> Array:
    z = z - z.max(axis=axis, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=axis, keepdims=True))


def clip_logits(img: Array, txt: Array, log_scale: float = LOGIT_SCALE_INIT) -> Array:
    r"""$\mathbf{S} = \min(e^{s}, 100)\; \hat{\mathbf{I}}\hat{\mathbf{T}}^\top$, with $\hat{\mathbf{I}}, \hat{\mathbf{T}} \in \R^{B \times d}$
    the L2-normalized image and text embeddings and $e^{s} = 1/\tau$; $S_{ij}$ compares image $i$ with text $j$."""
    scale = min(float(np.exp(log_scale)), LOGIT_SCALE_MAX)
    return scale * l2_normalize(img) @ l2_normalize(txt).T


def clip_loss(img: Array, txt: Array, log_scale: float = LOGIT_SCALE_INIT) -> float:
    r"""Symmetric InfoNCE:
    $\mathcal{L} = \frac{1}{2B}\sum_{i=1}^{B}\Bigl[-\log\frac{e^{S_{ii}}}{\sum_{j} e^{S_{ij}}} - \log\frac{e^{S_{ii}}}{\sum_{j} e^{S_{ji}}}\Bigr]$
    (image-to-text rows plus text-to-image columns, the matching pair on the diagonal)."""
    S = clip_logits(img, txt, log_scale)
    i2t = -np.mean(np.diag(_log_softmax(S, axis=1)))
    t2i = -np.mean(np.diag(_log_softmax(S, axis=0)))
    return float(0.5 * (i2t + t2i))


def clip_loss_grad_scale(img: Array, txt: Array, log_scale: float) -> float:
    r"""$\partial\mathcal{L}/\partial s$ of the CLIP loss below the clamp ($e^{s} < 100$):
    $\frac{1}{2B}\sum_i \bigl[(\mathbf{p}^{\text{row}}_i - \mathbf{e}_i)^\top \mathbf{S}_{i,:} + (\mathbf{p}^{\text{col}}_i - \mathbf{e}_i)^\top \mathbf{S}_{:,i}\bigr]$."""
    S = clip_logits(img, txt, log_scale)
    B = S.shape[0]
    P_row = np.exp(_log_softmax(S, axis=1))
    P_col = np.exp(_log_softmax(S, axis=0))
    eye = np.eye(B)
    return float(0.5 * (np.sum((P_row - eye) * S) + np.sum((P_col - eye) * S)) / B)


def prompt_ensemble(class_prompt_emb: Array) -> Array:
    r"""Class embedding from several prompts: $\mathbf{t}_c = \operatorname{normalize}\bigl(\frac{1}{P}\sum_p \hat{\mathbf{t}}_{c,p}\bigr)$;
    input shape (C, P, d), output (C, d)."""
    return l2_normalize(l2_normalize(class_prompt_emb).mean(axis=1))


def zero_shot_probs(img: Array, class_emb: Array, log_scale: float = LOGIT_SCALE_INIT) -> Array:
    r"""Zero-shot classification: $p(c \mid \mathbf{x}) = \softmax_c\bigl(e^{s}\,\hat{\mathbf{i}}^\top \hat{\mathbf{t}}_c\bigr)$
    with $\mathbf{t}_c$ the text embedding of a prompt such as "a photo of a {class}."; shape (B, C)."""
    S = clip_logits(img, class_emb, log_scale)
    return np.exp(_log_softmax(S, axis=1))


def cross_attention(x: Array, v: Array, Wq: Array, Wk: Array, Wv: Array) -> Array:
    r"""Single-head cross-attention: text queries $\mathbf{Q} = \mathbf{X}\mathbf{W}_q$, visual keys and values
    $\mathbf{K} = \mathbf{V}_\text{img}\mathbf{W}_k$, $\mathbf{V} = \mathbf{V}_\text{img}\mathbf{W}_v$:
    $\softmax(\mathbf{Q}\mathbf{K}^\top/\sqrt{d_k})\,\mathbf{V}$."""
    Q, K, V = x @ Wq, v @ Wk, v @ Wv
    A = np.exp(_log_softmax(Q @ K.T / np.sqrt(K.shape[1]), axis=1))
    return A @ V


def gated_xattn(x: Array, v: Array, Wq: Array, Wk: Array, Wv: Array, alpha: float) -> Array:
    r"""Flamingo's gated residual: $\mathbf{y} = \mathbf{x} + \tanh(\alpha)\,\text{XAttn}(\mathbf{x}, \mathbf{v})$ with
    $\alpha = 0$ at initialization, so the frozen language model starts unchanged."""
    return x + np.tanh(alpha) * cross_attention(x, v, Wq, Wk, Wv)
