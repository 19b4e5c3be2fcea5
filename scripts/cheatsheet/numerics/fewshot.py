"""Few-shot classification on NumPy arrays: N-way K-shot episodes, prototypical networks
(Snell, Swersky & Zemel 2017), matching-network attention (Vinyals et al. 2016) and one MAML inner step
(Finn, Abbeel & Levine 2017) for a linear least-squares model."""

from __future__ import annotations

import numpy as np

Array = np.ndarray


def sample_episode(labels: Array, n_way: int, k_shot: int, n_query: int,
                   rng: np.random.Generator) -> tuple[Array, Array, Array, Array]:
    r"""An $N$-way $K$-shot episode: draw $N$ classes, then $K$ support and ``n_query`` query examples per
    class without overlap. Returns (support indices, support episode labels $0..N-1$, query indices, query labels)."""
    labels = np.asarray(labels)
    classes = rng.choice(np.unique(labels), size=n_way, replace=False)
    s_idx, s_y, q_idx, q_y = [], [], [], []
    for new, c in enumerate(classes):
        pick = rng.choice(np.flatnonzero(labels == c), size=k_shot + n_query, replace=False)
        s_idx.append(pick[:k_shot])
        q_idx.append(pick[k_shot:])
        s_y += [new] * k_shot
        q_y += [new] * n_query
    return np.concatenate(s_idx), np.array(s_y), np.concatenate(q_idx), np.array(q_y)


def prototypes(support: Array, support_y: Array, n_way: int) -> Array:
    r"""$\mathbf{c}_k = \frac{1}{\lvert S_k \rvert}\sum_{(\mathbf{x}_i, y_i) \in S_k} f_\phi(\mathbf{x}_i)$;
    ``support`` holds embeddings, shape $(NK, d)$; returns $(N, d)$."""
    support = np.asarray(support, dtype=float)
    support_y = np.asarray(support_y)
    return np.stack([support[support_y == k].mean(axis=0) for k in range(n_way)])


def squared_distances(Q: Array, C: Array) -> Array:
    r"""$d(\mathbf{z}, \mathbf{c}) = \lVert \mathbf{z} - \mathbf{c} \rVert^2$ for every pair, shape $(n_q, N)$."""
    Q = np.asarray(Q, dtype=float)
    C = np.asarray(C, dtype=float)
    return ((Q[:, None, :] - C[None, :, :]) ** 2).sum(axis=-1)


def proto_logits(query: Array, protos: Array) -> Array:
    r"""Prototypical logits $-\lVert f_\phi(\mathbf{x}) - \mathbf{c}_k \rVert^2$, so that
    $p_\phi(y = k \mid \mathbf{x}) = \softmax_k\bigl(-\lVert f_\phi(\mathbf{x}) - \mathbf{c}_k \rVert^2\bigr)$."""
    return -squared_distances(query, protos)


def proto_linear_form(protos: Array) -> tuple[Array, Array]:
    r"""The equivalent linear classifier: $-\lVert \mathbf{z} - \mathbf{c}_k \rVert^2
    = 2\mathbf{c}_k^\top \mathbf{z} - \lVert \mathbf{c}_k \rVert^2 - \lVert \mathbf{z} \rVert^2$, i.e.
    $\mathbf{w}_k = 2\mathbf{c}_k$, $b_k = -\lVert \mathbf{c}_k \rVert^2$ (the last term is shared by all classes)."""
    C = np.asarray(protos, dtype=float)
    return 2.0 * C, -(C**2).sum(axis=1)


def softmax(a: Array, axis: int = -1) -> Array:
    r"""$\softmax(\mathbf{a})_k = e^{a_k} / \sum_j e^{a_j}$."""
    a = np.asarray(a, dtype=float)
    e = np.exp(a - a.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def matching_attention(query: Array, support: Array) -> Array:
    r"""Matching-network attention $a(\hat{\mathbf{x}}, \mathbf{x}_i) =
    \frac{\exp(\cos(f(\hat{\mathbf{x}}), g(\mathbf{x}_i)))}{\sum_j \exp(\cos(f(\hat{\mathbf{x}}), g(\mathbf{x}_j)))}$,
    shape $(n_q, NK)$."""
    Q = np.asarray(query, dtype=float)
    S = np.asarray(support, dtype=float)
    cos = (Q / np.linalg.norm(Q, axis=1, keepdims=True)) @ (S / np.linalg.norm(S, axis=1, keepdims=True)).T
    return softmax(cos, axis=1)


def matching_predict(query: Array, support: Array, support_y: Array, n_way: int) -> Array:
    r"""$\hat{\mathbf{y}} = \sum_{i=1}^{NK} a(\hat{\mathbf{x}}, \mathbf{x}_i)\, \mathbf{y}_i$ with one-hot
    $\mathbf{y}_i$: class probabilities, shape $(n_q, N)$."""
    onehot = np.eye(n_way)[np.asarray(support_y)]
    return matching_attention(query, support) @ onehot


def linear_mse_grad(w: Array, X: Array, y: Array) -> Array:
    r"""Gradient of $\mathcal{L}(\mathbf{w}) = \frac{1}{n}\lVert \mathbf{X}\mathbf{w} - \mathbf{y} \rVert^2$:
    $\frac{2}{n}\mathbf{X}^\top(\mathbf{X}\mathbf{w} - \mathbf{y})$."""
    X = np.asarray(X, dtype=float)
    return 2.0 / len(X) * X.T @ (X @ np.asarray(w, dtype=float) - np.asarray(y, dtype=float))


def maml_inner_step(w: Array, X: Array, y: Array, alpha: float) -> Array:
    r"""MAML inner (task) update $\theta'_i = \theta - \alpha \nabla_\theta \mathcal{L}_{\mathcal{T}_i}(f_\theta)$
    on the support set, for the linear model $f_\theta(\mathbf{x}) = \mathbf{w}^\top \mathbf{x}$ and squared error."""
    return np.asarray(w, dtype=float) - alpha * linear_mse_grad(w, X, y)


def maml_meta_grad(w: Array, X_s: Array, y_s: Array, X_q: Array, y_q: Array, alpha: float) -> Array:
    r"""Exact meta-gradient of the outer loss $\mathcal{L}_{\mathcal{T}_i}(f_{\theta'_i})$ on the query set:
    $\nabla_\theta = (I - \alpha \nabla^2_\theta \mathcal{L}^\text{s})\, \nabla_{\theta'} \mathcal{L}^\text{q}(\theta')$,
    with Hessian $\frac{2}{n}\mathbf{X}_s^\top \mathbf{X}_s$ for the linear model (first-order MAML drops it)."""
    X_s = np.asarray(X_s, dtype=float)
    w_prime = maml_inner_step(w, X_s, y_s, alpha)
    H = 2.0 / len(X_s) * X_s.T @ X_s
    return (np.eye(len(w_prime)) - alpha * H) @ linear_mse_grad(w_prime, X_q, y_q)
