"""Neural style transfer (Gatys, Ecker & Bethge 2016) and the angular-margin logits of face recognition
(SphereFace, CosFace, ArcFace), plus the verification distance, on NumPy arrays."""

from __future__ import annotations

import numpy as np

Array = np.ndarray


# ---------------------------------------------------------------------------------------------
# Style transfer
# ---------------------------------------------------------------------------------------------
def gram(features: Array) -> Array:
    r"""Gram matrix of one layer's activations $\mathbf{F} \in \R^{N \times M}$ ($N$ channels, $M = HW$ positions):
    $G_{ij} = \sum_k F_{ik}F_{jk}$, i.e. $\mathbf{G} = \mathbf{F}\mathbf{F}^\top$. ``features`` $(N, H, W)$ → $(N, N)$."""
    f = np.asarray(features, dtype=float)
    f = f.reshape(f.shape[0], -1)
    return f @ f.T


def content_cost(f_generated: Array, f_content: Array) -> float:
    r"""$J_\text{content} = \frac12\sum_{i,k}(F_{ik} - P_{ik})^2$ at one layer (Gatys' normalization)."""
    d = np.asarray(f_generated, dtype=float) - np.asarray(f_content, dtype=float)
    return 0.5 * float((d * d).sum())


def layer_style_cost(f_generated: Array, f_style: Array) -> float:
    r"""$E_l = \frac{1}{4N_l^2M_l^2}\sum_{i,j}(G^l_{ij} - A^l_{ij})^2$, $\mathbf{G}$ and $\mathbf{A}$ the Gram matrices
    of the generated and the style image at layer $l$."""
    f = np.asarray(f_generated, dtype=float)
    n, m = f.shape[0], int(np.prod(f.shape[1:]))
    d = gram(f) - gram(f_style)
    return float((d * d).sum()) / (4.0 * n * n * m * m)


def style_cost(generated: list, style: list, weights=None) -> float:
    r"""$J_\text{style} = \sum_l w_l E_l$ over the style layers ($w_l = 1/L$ by default, as in Gatys et al.)."""
    w = [1.0 / len(generated)] * len(generated) if weights is None else weights
    return float(sum(wl * layer_style_cost(g, s) for wl, g, s in zip(w, generated, style)))


def total_cost(content_gen: Array, content_ref: Array, style_gen: list, style_ref: list,
               alpha: float = 1.0, beta: float = 1e3, weights=None) -> float:
    r"""$J = \alpha J_\text{content} + \beta J_\text{style}$, minimized over the image's pixels."""
    return alpha * content_cost(content_gen, content_ref) + beta * style_cost(style_gen, style_ref, weights)


# ---------------------------------------------------------------------------------------------
# Verification and margin-based softmax
# ---------------------------------------------------------------------------------------------
def _normalize(x: Array) -> Array:
    x = np.asarray(x, dtype=float)
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def verify(emb_a: Array, emb_b: Array, threshold: float) -> tuple[Array, Array]:
    r"""One-shot verification: $d = \lVert \hat{f}(a) - \hat{f}(b) \rVert_2^2$ on L2-normalized embeddings
    ($= 2 - 2\cos\theta$); "same person" iff $d < \tau$. Returns $d$ and the decision."""
    d = ((_normalize(emb_a) - _normalize(emb_b)) ** 2).sum(-1)
    return d, d < threshold


def margin_logits(x: Array, W: Array, y: Array, s: float = 64.0, m1: float = 1.0, m2: float = 0.0,
                  m3: float = 0.0) -> Array:
    r"""Combined angular margin (ArcFace paper, eq. 4): with $\cos\theta_j = \hat{\mathbf{w}}_j^\top\hat{\mathbf{x}}$,
    the target logit is $s\,(\cos(m_1\theta_{y} + m_2) - m_3)$ and the others $s\cos\theta_j$. ArcFace: $m_2 = 0.5$;
    CosFace: $m_3 = 0.35$; SphereFace: $m_1 = 4$ (there without feature normalization and with a monotone
    extension of $\cos(m_1\theta)$, omitted here). ``x`` $(B, d)$, ``W`` $(K, d)$, ``y`` $(B,)$ → $(B, K)$."""
    cos = np.clip(_normalize(x) @ _normalize(W).T, -1.0, 1.0)
    out = s * cos
    rows = np.arange(len(y))
    theta = np.arccos(cos[rows, y])
    out[rows, y] = s * (np.cos(m1 * theta + m2) - m3)
    return out


def arcface_logits(x: Array, W: Array, y: Array, s: float = 64.0, m: float = 0.5) -> Array:
    r"""ArcFace (additive angular margin): target logit $s\cos(\theta_y + m)$, others $s\cos\theta_j$; $s = 64$, $m = 0.5$."""
    return margin_logits(x, W, y, s=s, m2=m)


def cosface_logits(x: Array, W: Array, y: Array, s: float = 64.0, m: float = 0.35) -> Array:
    r"""CosFace (large margin cosine loss): target logit $s(\cos\theta_y - m)$; $s = 64$, $m = 0.35$ (the paper's;
    insightface's ``CosFace`` defaults to $m = 0.40$)."""
    return margin_logits(x, W, y, s=s, m3=m)
