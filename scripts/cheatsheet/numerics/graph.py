"""Graph neural network layers on dense NumPy arrays: the renormalized GCN propagation
(Kipf & Welling 2017), GAT attention (Veličković et al. 2018) and GATv2 (Brody et al. 2022),
GraphSAGE-mean (Hamilton et al. 2017), GIN (Xu et al. 2019), the normalized Laplacian and the
Dirichlet energy used to measure over-smoothing.

Conventions: ``A`` is an ``(n, n)`` adjacency matrix (``A[i, j] = 1`` if ``j`` sends to ``i``;
symmetric for undirected graphs), node features are the rows of ``H`` (``(n, F)``), and an edge
list ``edge_index`` is a ``(2, E)`` integer array of (source, target) pairs, as in PyTorch Geometric.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

Array = np.ndarray


# --------------------------------------------------------------------------- graphs and matrices

def add_self_loops(A: Array) -> Array:
    r"""$\tilde{\mathbf{A}} = \mathbf{A} + \mathbf{I}_n$ (an existing self-loop is kept at weight 1)."""
    A = np.asarray(A, dtype=float)
    At = A.copy()
    np.fill_diagonal(At, 1.0)
    return At


def normalized_adjacency(A: Array, self_loops: bool = True) -> Array:
    r"""The GCN propagation matrix
    $\hat{\mathbf{A}} = \tilde{\mathbf{D}}^{-1/2}\tilde{\mathbf{A}}\tilde{\mathbf{D}}^{-1/2}$ with
    $\tilde{\mathbf{A}} = \mathbf{A} + \mathbf{I}_n$ and $\tilde{D}_{ii} = \sum_j \tilde{A}_{ij}$
    (the renormalization trick); ``self_loops=False`` gives $\mathbf{D}^{-1/2}\mathbf{A}\mathbf{D}^{-1/2}$
    (rows of isolated nodes are zero)."""
    At = add_self_loops(A) if self_loops else np.asarray(A, dtype=float)
    d = At.sum(axis=1)
    inv_sqrt = np.where(d > 0, 1.0 / np.sqrt(np.where(d > 0, d, 1.0)), 0.0)
    return inv_sqrt[:, None] * At * inv_sqrt[None, :]


def normalized_laplacian(A: Array) -> Array:
    r"""$\mathbf{L}_\text{sym} = \mathbf{I}_n - \mathbf{D}^{-1/2}\mathbf{A}\mathbf{D}^{-1/2}$ of a graph
    without self-loops (diagonal of ``A`` ignored, as ``scipy.sparse.csgraph.laplacian(normed=True)``
    does; an isolated node gets a zero row). Eigenvalues lie in $[0, 2]$; $2$ only for a bipartite
    component."""
    A = np.asarray(A, dtype=float).copy()
    np.fill_diagonal(A, 0.0)
    d = A.sum(axis=1)
    L = -normalized_adjacency(A, self_loops=False)
    np.fill_diagonal(L, np.where(d > 0, 1.0, 0.0))
    return L


def augmented_laplacian(A: Array) -> Array:
    r"""$\tilde{\mathbf{L}} = \mathbf{I}_n - \tilde{\mathbf{D}}^{-1/2}\tilde{\mathbf{A}}\tilde{\mathbf{D}}^{-1/2}$,
    the normalized Laplacian of the graph with self-loops; GCN filters its spectrum by
    $g(\tilde\lambda) = 1 - \tilde\lambda$, and $\tilde\lambda \in [0, 2)$."""
    return np.eye(len(A)) - normalized_adjacency(A)


def propagation_filter(lam: Array, k: int = 1) -> Array:
    r"""Spectral response of $k$ GCN propagations, $g(\tilde\lambda) = (1 - \tilde\lambda)^k$."""
    return (1.0 - np.asarray(lam, dtype=float)) ** k


def edges_from_adjacency(A: Array) -> Array:
    r"""``edge_index`` (2, E) of the nonzeros of ``A``: row 0 sources $j$, row 1 targets $i$ for $A_{ij} \neq 0$."""
    tgt, src = np.nonzero(np.asarray(A))
    return np.stack([src, tgt])


def stochastic_block_model(sizes: Sequence[int], p_in: float, p_out: float, seed: int = 0) -> tuple[Array, Array]:
    r"""Undirected random graph with communities: $P(A_{ij} = 1) = p_\text{in}$ inside a block,
    $p_\text{out}$ between blocks, no self-loops. Returns ``(A, labels)``."""
    rng = np.random.default_rng(seed)
    labels = np.repeat(np.arange(len(sizes)), sizes)
    n = len(labels)
    P = np.where(labels[:, None] == labels[None, :], p_in, p_out)
    upper = np.triu(rng.random((n, n)) < P, k=1)
    A = (upper | upper.T).astype(float)
    return A, labels


# --------------------------------------------------------------------------- layers

def gcn_layer(A: Array, H: Array, W: Array, b: Array | None = None,
              activation: Callable[[Array], Array] | None = None) -> Array:
    r"""$\mathbf{H}^{(l+1)} = \sigma\bigl(\tilde{\mathbf{D}}^{-1/2}\tilde{\mathbf{A}}\tilde{\mathbf{D}}^{-1/2}\mathbf{H}^{(l)}\mathbf{W}^{(l)}\bigr)$,
    $\mathbf{H}^{(l)} \in \R^{n \times F}$, $\mathbf{W}^{(l)} \in \R^{F \times F'}$; optional bias added after propagation
    (as PyTorch Geometric's ``GCNConv``)."""
    out = normalized_adjacency(A) @ (np.asarray(H, dtype=float) @ W)
    if b is not None:
        out = out + b
    return activation(out) if activation is not None else out


def gcn_layer_edges(edge_index: Array, H: Array, W: Array, num_nodes: int, b: Array | None = None) -> Array:
    r"""The same layer as message passing over an edge list:
    $\mathbf{h}_i' = \sum_{j \in \mathcal{N}(i) \cup \{i\}} \frac{1}{\sqrt{\tilde d_i \tilde d_j}}\, \mathbf{W}^\top \mathbf{h}_j$,
    $\tilde d_i = 1 + \lvert\mathcal{N}(i)\rvert$ (degree counted at the target, self-loops added once)."""
    src, tgt = np.asarray(edge_index)
    keep = src != tgt
    loops = np.arange(num_nodes)
    src = np.concatenate([src[keep], loops])
    tgt = np.concatenate([tgt[keep], loops])
    deg = np.zeros(num_nodes)
    np.add.at(deg, tgt, 1.0)
    norm = 1.0 / np.sqrt(deg[src] * deg[tgt])
    XW = np.asarray(H, dtype=float) @ W
    out = np.zeros((num_nodes, XW.shape[1]))
    np.add.at(out, tgt, norm[:, None] * XW[src])
    return out + b if b is not None else out


def leaky_relu(x: Array, negative_slope: float = 0.2) -> Array:
    r"""$\mathrm{LeakyReLU}(x) = \max(x, 0) + s \min(x, 0)$, slope $s = 0.2$ in GAT."""
    return np.where(x > 0, x, negative_slope * x)


def masked_softmax(E: Array, mask: Array) -> Array:
    r"""Row-wise softmax of ``E`` over the entries where ``mask`` is true; exactly 0 elsewhere."""
    Z = np.where(mask, E, -np.inf)
    Z = Z - Z.max(axis=1, keepdims=True)
    P = np.where(mask, np.exp(Z), 0.0)
    return P / P.sum(axis=1, keepdims=True)


def gat_attention(A: Array, H: Array, W: Array, a: Array, negative_slope: float = 0.2) -> Array:
    r"""$e_{ij} = \mathrm{LeakyReLU}(\mathbf{a}^\top[\mathbf{W}\mathbf{h}_i \Vert \mathbf{W}\mathbf{h}_j])$,
    $\alpha_{ij} = \frac{\exp(e_{ij})}{\sum_{k \in \mathcal{N}(i) \cup \{i\}} \exp(e_{ik})}$, $\alpha_{ij} = 0$ off the graph.
    $\mathbf{W} \in \R^{F' \times F}$ (paper and ``nn.Linear`` layout), $\mathbf{a} \in \R^{2F'}$. Returns $(n, n)$."""
    Wh = np.asarray(H, dtype=float) @ np.asarray(W, dtype=float).T  # row i = W h_i
    Fp = Wh.shape[1]
    s_i = Wh @ a[:Fp]  # a_1^T W h_i  (the "target"/query part)
    s_j = Wh @ a[Fp:]  # a_2^T W h_j  (the "source"/neighbor part)
    E = leaky_relu(s_i[:, None] + s_j[None, :], negative_slope)
    return masked_softmax(E, add_self_loops(A) > 0)


def gat_layer(A: Array, H: Array, W: Array, a: Array, concat: bool = True, negative_slope: float = 0.2,
              activation: Callable[[Array], Array] | None = None) -> Array:
    r"""Multi-head GAT layer, $K$ heads: $\mathbf{W} \in \R^{K \times F' \times F}$, $\mathbf{a} \in \R^{K \times 2F'}$.
    Concatenation $\mathbf{h}_i' = \Vert_{k=1}^K \sigma\bigl(\sum_j \alpha_{ij}^k \mathbf{W}^k \mathbf{h}_j\bigr)$ $(n, KF')$;
    averaging (output layer) $\mathbf{h}_i' = \sigma\bigl(\frac{1}{K}\sum_k \sum_j \alpha_{ij}^k \mathbf{W}^k \mathbf{h}_j\bigr)$ $(n, F')$."""
    H = np.asarray(H, dtype=float)
    W = np.asarray(W, dtype=float)
    a = np.asarray(a, dtype=float)
    if W.ndim == 2:
        W, a = W[None], a[None]
    act = activation if activation is not None else (lambda x: x)
    heads = [gat_attention(A, H, W[k], a[k], negative_slope) @ (H @ W[k].T) for k in range(len(W))]
    if concat:
        return np.concatenate([act(h) for h in heads], axis=1)
    return act(np.mean(heads, axis=0))


def gatv2_attention(A: Array, H: Array, W_s: Array, W_t: Array, a: Array, negative_slope: float = 0.2) -> Array:
    r"""GATv2: $e_{ij} = \mathbf{a}^\top \mathrm{LeakyReLU}(\mathbf{W}_s\mathbf{h}_i + \mathbf{W}_t\mathbf{h}_j)$
    (i.e. $\mathbf{W}[\mathbf{h}_i \Vert \mathbf{h}_j]$ with $\mathbf{W} = [\mathbf{W}_s \Vert \mathbf{W}_t]$), softmax over
    $\mathcal{N}(i) \cup \{i\}$; $\mathbf{a}$ is applied after the non-linearity."""
    H = np.asarray(H, dtype=float)
    S = H @ np.asarray(W_s, dtype=float).T
    T = H @ np.asarray(W_t, dtype=float).T
    E = leaky_relu(S[:, None, :] + T[None, :, :], negative_slope) @ a
    return masked_softmax(E, add_self_loops(A) > 0)


def sage_mean_layer(A: Array, H: Array, W_self: Array, W_neigh: Array, normalize: bool = False,
                    activation: Callable[[Array], Array] | None = None) -> Array:
    r"""GraphSAGE-mean: $\mathbf{h}_v' = \sigma\bigl(\mathbf{W}\,[\mathbf{h}_v \Vert \operatorname{mean}_{u \in \mathcal{N}(v)} \mathbf{h}_u]\bigr)
    = \sigma(\mathbf{W}_1\mathbf{h}_v + \mathbf{W}_2 \operatorname{mean}_u \mathbf{h}_u)$, then optionally
    $\mathbf{h}_v' / \lVert\mathbf{h}_v'\rVert_2$. Weights in ``(F, F')`` layout; a node without neighbors gets mean 0."""
    A = np.asarray(A, dtype=float)
    H = np.asarray(H, dtype=float)
    deg = A.sum(axis=1, keepdims=True)
    mean = (A @ H) / np.where(deg > 0, deg, 1.0)
    out = H @ W_self + mean @ W_neigh
    if activation is not None:
        out = activation(out)
    if normalize:
        out = out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
    return out


def gin_aggregate(A: Array, H: Array, eps: float = 0.0) -> Array:
    r"""GIN's injective sum aggregation before the MLP: $(1 + \epsilon)\,\mathbf{h}_v + \sum_{u \in \mathcal{N}(v)} \mathbf{h}_u$."""
    return (1.0 + eps) * np.asarray(H, dtype=float) + np.asarray(A, dtype=float) @ np.asarray(H, dtype=float)


def gin_layer(A: Array, H: Array, mlp: Callable[[Array], Array], eps: float = 0.0) -> Array:
    r"""$\mathbf{h}_v^{(k)} = \mathrm{MLP}^{(k)}\bigl((1 + \epsilon^{(k)})\,\mathbf{h}_v^{(k-1)} + \sum_{u \in \mathcal{N}(v)} \mathbf{h}_u^{(k-1)}\bigr)$."""
    return mlp(gin_aggregate(A, H, eps))


def readout(H: Array, kind: str = "sum") -> Array:
    r"""Graph-level readout $\mathbf{h}_G = \sum_v \mathbf{h}_v$ (or mean, max): permutation invariant."""
    H = np.asarray(H, dtype=float)
    return {"sum": H.sum(axis=0), "mean": H.mean(axis=0), "max": H.max(axis=0)}[kind]


# --------------------------------------------------------------------------- over-smoothing

def dirichlet_energy(A: Array, X: Array) -> float:
    r"""$E(\mathbf{X}) = \tr(\mathbf{X}^\top \tilde{\mathbf{L}} \mathbf{X})
    = \frac{1}{2}\sum_{i,j} \tilde A_{ij} \bigl\lVert \frac{\mathbf{x}_i}{\sqrt{\tilde d_i}} - \frac{\mathbf{x}_j}{\sqrt{\tilde d_j}} \bigr\rVert^2$
    with the self-loop-augmented graph; $0$ iff every feature column is proportional to $\tilde{\mathbf{D}}^{1/2}\mathbf{1}$
    on each connected component."""
    X = np.asarray(X, dtype=float)
    return float(np.trace(X.T @ augmented_laplacian(A) @ X))


def oversmoothing_curve(A: Array, X: Array, depths: Sequence[int]) -> Array:
    r"""Relative Dirichlet energy $E(\hat{\mathbf{A}}^k \mathbf{X}) / E(\mathbf{X})$ after $k$ parameter-free GCN
    propagations, for each $k$ in ``depths``; decays like $\max_{\tilde\lambda \neq 0} (1 - \tilde\lambda)^{2k}$."""
    P = normalized_adjacency(A)
    X = np.asarray(X, dtype=float)
    e0 = dirichlet_energy(A, X)
    out, H, k_done = [], X.copy(), 0
    for k in depths:
        for _ in range(k - k_done):
            H = P @ H
        k_done = k
        out.append(dirichlet_energy(A, H) / e0)
    return np.array(out)


# Zachary (1977), "An information flow model for conflict and fission in small groups": the 78
# friendships among 34 karate club members, as networkx.karate_club_graph() lists them, and the
# faction each member joined after the split (0: the instructor's, node 0; 1: the administrator's, node 33).
KARATE_EDGES: tuple[tuple[int, int], ...] = (
    (0, 1), (0, 2), (0, 3), (0, 4), (0, 5), (0, 6), (0, 7), (0, 8), (0, 10), (0, 11), (0, 12), (0, 13),
    (0, 17), (0, 19), (0, 21), (0, 31), (1, 2), (1, 3), (1, 7), (1, 13), (1, 17), (1, 19), (1, 21), (1, 30),
    (2, 3), (2, 7), (2, 8), (2, 9), (2, 13), (2, 27), (2, 28), (2, 32), (3, 7), (3, 12), (3, 13), (4, 6),
    (4, 10), (5, 6), (5, 10), (5, 16), (6, 16), (8, 30), (8, 32), (8, 33), (9, 33), (13, 33), (14, 32),
    (14, 33), (15, 32), (15, 33), (18, 32), (18, 33), (19, 33), (20, 32), (20, 33), (22, 32), (22, 33),
    (23, 25), (23, 27), (23, 29), (23, 32), (23, 33), (24, 25), (24, 27), (24, 31), (25, 31), (26, 29),
    (26, 33), (27, 33), (28, 31), (28, 33), (29, 32), (29, 33), (30, 32), (30, 33), (31, 32), (31, 33),
    (32, 33),
)
KARATE_FACTION: tuple[int, ...] = (0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 1, 0, 1, 1, 1,
                                   1, 1, 1, 1, 1, 1, 1, 1, 1)


def karate_club() -> tuple[Array, Array]:
    """Zachary's karate club: the symmetric adjacency matrix (34, 34) and the faction of each member (34,)."""
    A = np.zeros((34, 34))
    for i, j in KARATE_EDGES:
        A[i, j] = A[j, i] = 1.0
    return A, np.array(KARATE_FACTION)
