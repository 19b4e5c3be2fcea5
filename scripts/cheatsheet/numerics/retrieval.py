"""Retrieval for retrieval-augmented generation: dense scoring, BM25 (Robertson & Zaragoza 2009),
reciprocal rank fusion (Cormack, Clarke & Buettcher 2009), top-k, recall@k / MRR and the RAG-Sequence
and RAG-Token marginal likelihoods (Lewis et al. 2020), on NumPy arrays."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

Array = np.ndarray


def dot_scores(q: Array, D: Array) -> Array:
    r"""Dense retrieval score (DPR): $s(q, p) = E_Q(q)^\top E_P(p)$; ``q`` shape $(d,)$ or $(B, d)$,
    ``D`` shape $(N, d)$."""
    return np.asarray(q, dtype=float) @ np.asarray(D, dtype=float).T


def cosine_scores(q: Array, D: Array) -> Array:
    r"""$\cos(\mathbf{q}, \mathbf{d}) = \frac{\mathbf{q}^\top \mathbf{d}}{\lVert \mathbf{q} \rVert\,\lVert \mathbf{d} \rVert}$."""
    q = np.asarray(q, dtype=float)
    D = np.asarray(D, dtype=float)
    qn = q / np.linalg.norm(q, axis=-1, keepdims=True)
    Dn = D / np.linalg.norm(D, axis=-1, keepdims=True)
    return qn @ Dn.T


def top_k(scores: Array, k: int) -> Array:
    """Indices of the ``k`` highest scores, best first (ties broken by lower index)."""
    scores = np.asarray(scores, dtype=float)
    return np.argsort(-scores, kind="stable")[:k]


def bm25_idf(n_docs: int, doc_freq: Array) -> Array:
    r"""Robertson–Sparck Jones IDF with Lucene's $+1$ (never negative):
    $\operatorname{IDF}(t) = \ln\Bigl(1 + \frac{N - n_t + 0.5}{n_t + 0.5}\Bigr)$."""
    n = np.asarray(doc_freq, dtype=float)
    return np.log(1.0 + (n_docs - n + 0.5) / (n + 0.5))


def bm25_tf(tf: Array, k1: float = 1.2, b: float = 0.75, length_ratio: Array | float = 1.0) -> Array:
    r"""BM25 term-frequency saturation $\frac{f\,(k_1 + 1)}{f + k_1\bigl(1 - b + b\,\lvert d \rvert/\text{avgdl}\bigr)}$,
    bounded by $k_1 + 1$; ``length_ratio`` is $\lvert d \rvert/\text{avgdl}$."""
    tf = np.asarray(tf, dtype=float)
    return tf * (k1 + 1.0) / (tf + k1 * (1.0 - b + b * np.asarray(length_ratio, dtype=float)))


def bm25_scores(query: Sequence[str], docs: Sequence[Sequence[str]], k1: float = 1.2,
                b: float = 0.75) -> Array:
    r"""$\operatorname{BM25}(q, d) = \sum_{t \in q} \operatorname{IDF}(t)\,
    \frac{f_{t,d}\,(k_1 + 1)}{f_{t,d} + k_1\bigl(1 - b + b\,\lvert d \rvert/\text{avgdl}\bigr)}$
    for tokenized ``docs``; a query term repeated in ``query`` counts once per occurrence."""
    N = len(docs)
    lengths = np.array([len(d) for d in docs], dtype=float)
    avgdl = lengths.mean()
    counts = [Counter(d) for d in docs]
    scores = np.zeros(N)
    for t in query:
        tf = np.array([c[t] for c in counts], dtype=float)
        idf = bm25_idf(N, np.count_nonzero(tf))
        scores += idf * bm25_tf(tf, k1, b, lengths / avgdl)
    return scores


def reciprocal_rank_fusion(rankings: Sequence[Sequence[int]], k: float = 60.0) -> dict[int, float]:
    r"""$\operatorname{RRF}(d) = \sum_{r \in R} \frac{1}{k + r(d)}$ with $r(d)$ the 1-based rank of $d$ in
    ranking $r$ (a document absent from a ranking contributes 0). Returns scores by document id."""
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, doc in enumerate(ranking, start=1):
            fused[doc] = fused.get(doc, 0.0) + 1.0 / (k + rank)
    return fused


def fuse_order(fused: dict[int, float]) -> list[int]:
    """Document ids by decreasing fused score (ties by id)."""
    return sorted(fused, key=lambda d: (-fused[d], d))


def recall_at_k(ranked: Sequence[int], relevant: set[int], k: int) -> float:
    r"""$\text{R@}k = \frac{\lvert \{\text{relevant}\} \cap \{\text{top } k\} \rvert}{\lvert \{\text{relevant}\} \rvert}$."""
    return len(set(ranked[:k]) & set(relevant)) / len(relevant)


def reciprocal_rank(ranked: Sequence[int], relevant: set[int]) -> float:
    r"""$1/\operatorname{rank}$ of the first relevant item (0 if none); MRR is its mean over queries."""
    for rank, doc in enumerate(ranked, start=1):
        if doc in relevant:
            return 1.0 / rank
    return 0.0


def retriever_probs(scores: Array) -> Array:
    r"""$p_\eta(z \mid x) = \frac{\exp(s(x, z))}{\sum_{z' \in \text{top-}k} \exp(s(x, z'))}$ over the retrieved set."""
    s = np.asarray(scores, dtype=float)
    e = np.exp(s - s.max())
    return e / e.sum()


def rag_sequence_log_likelihood(doc_logp: Array, token_logp: Array) -> float:
    r"""RAG-Sequence: $p(y \mid x) = \sum_{z} p_\eta(z \mid x) \prod_{i=1}^{N} p_\theta(y_i \mid x, z, y_{1:i-1})$.
    ``doc_logp`` shape $(K,)$: $\log p_\eta(z \mid x)$; ``token_logp`` shape $(K, N)$:
    $\log p_\theta(y_i \mid x, z, y_{1:i-1})$. Returns $\log p(y \mid x)$ (log-sum-exp)."""
    a = np.asarray(doc_logp, dtype=float) + np.asarray(token_logp, dtype=float).sum(axis=1)
    return float(a.max() + np.log(np.exp(a - a.max()).sum()))


def rag_token_log_likelihood(doc_logp: Array, token_logp: Array) -> float:
    r"""RAG-Token: $p(y \mid x) = \prod_{i=1}^{N} \sum_{z} p_\eta(z \mid x)\, p_\theta(y_i \mid x, z, y_{1:i-1})$
    (same shapes as :func:`rag_sequence_log_likelihood`). Returns $\log p(y \mid x)$."""
    a = np.asarray(doc_logp, dtype=float)[:, None] + np.asarray(token_logp, dtype=float)
    m = a.max(axis=0)
    return float((m + np.log(np.exp(a - m).sum(axis=0))).sum())


def in_batch_negatives_loss(Q: Array, P: Array) -> float:
    r"""DPR loss with in-batch negatives: $\mathbf{S} = \mathbf{Q}\mathbf{P}^\top$ ($B \times B$), passage $i$ is
    the positive of question $i$ and the other $B - 1$ are negatives:
    $\mathcal{L} = -\frac{1}{B}\sum_i \log \frac{e^{S_{ii}}}{\sum_j e^{S_{ij}}}$."""
    S = np.asarray(Q, dtype=float) @ np.asarray(P, dtype=float).T
    m = S.max(axis=1, keepdims=True)
    logZ = (m + np.log(np.exp(S - m).sum(axis=1, keepdims=True)))[:, 0]
    return float(np.mean(logZ - np.diag(S)))


def chunk(tokens: Sequence[str], size: int, overlap: int = 0) -> list[list[str]]:
    r"""Fixed-size chunks of ``size`` tokens with ``overlap`` tokens shared by consecutive chunks
    (stride $\text{size} - \text{overlap}$); the last chunk may be shorter."""
    if not 0 <= overlap < size:
        raise ValueError("need 0 <= overlap < size")
    stride = size - overlap
    out = []
    for start in range(0, len(tokens), stride):
        out.append(list(tokens[start:start + size]))
        if start + size >= len(tokens):
            break
    return out
