"""Word embeddings in NumPy: one-hot lookup, word2vec (skip-gram full softmax, CBOW, negative sampling with
the unigram^(3/4) noise, subsampling, hierarchical softmax), GloVe's weighted least squares, fastText
character n-grams, pooling, cosine similarity and 3CosAdd analogies, and a tiny skip-gram trainer."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Sequence

import numpy as np

Array = np.ndarray


def sigmoid(x: Array) -> Array:
    r"""$\sigma(x) = 1 / (1 + e^{-x})$, evaluated without overflow."""
    x = np.asarray(x, dtype=float)
    return np.exp(-np.logaddexp(0.0, -x))


def log_sigmoid(x: Array) -> Array:
    r"""$\log\sigma(x) = -\log(1 + e^{-x})$, stable for large $|x|$."""
    return -np.logaddexp(0.0, -np.asarray(x, dtype=float))


# --------------------------------------------------------------------------- lookup

def one_hot(ids: Sequence[int] | Array, vocab_size: int) -> Array:
    r"""$\mathbf{e}_w \in \{0, 1\}^V$ with a single 1 at index $w$; shape $(n, V)$ for $n$ ids."""
    ids = np.asarray(ids)
    out = np.zeros(ids.shape + (vocab_size,))
    np.put_along_axis(out, ids[..., None], 1.0, axis=-1)
    return out


def embedding_lookup(E: Array, ids: Sequence[int] | Array) -> Array:
    r"""$\mathbf{x}_w = \mathbf{E}^\top\mathbf{e}_w$ = row $w$ of $\mathbf{E} \in \R^{V \times d}$ (a gather, never a matmul)."""
    return np.asarray(E, dtype=float)[np.asarray(ids)]


# --------------------------------------------------------------------------- word2vec

def skipgram_softmax_prob(v_c: Array, U: Array) -> Array:
    r"""Full-softmax skip-gram: $P(o \mid c) = \exp(\mathbf{u}_o^\top\mathbf{v}_c) / \sum_{w=1}^{V}\exp(\mathbf{u}_w^\top\mathbf{v}_c)$.
    ``v_c``: $(d,)$ input vector of the center word, ``U``: $(V, d)$ output vectors. Returns $(V,)$."""
    s = np.asarray(U, dtype=float) @ np.asarray(v_c, dtype=float)
    e = np.exp(s - s.max())
    return e / e.sum()


def cbow_hidden(V_in: Array, context_ids: Sequence[int]) -> Array:
    r"""CBOW hidden vector $\mathbf{h} = \frac{1}{|C|}\sum_{c \in C}\mathbf{v}_c$ (mean of the context input vectors,
    as in the released word2vec code with ``-cbow 1``); it replaces $\mathbf{v}_c$ in the skip-gram losses."""
    return np.asarray(V_in, dtype=float)[list(context_ids)].mean(axis=0)


def sgns_loss(v_c: Array, u_o: Array, U_neg: Array) -> float:
    r"""Skip-gram negative sampling: $\mathcal{L} = -\log\sigma(\mathbf{u}_o^\top\mathbf{v}_c) - \sum_{k=1}^{K}\log\sigma(-\mathbf{u}_k^\top\mathbf{v}_c)$,
    ``U_neg``: $(K, d)$, the output vectors of $K$ words drawn from the noise distribution."""
    v_c = np.asarray(v_c, dtype=float)
    return float(-log_sigmoid(np.dot(u_o, v_c)) - log_sigmoid(-np.asarray(U_neg, dtype=float) @ v_c).sum())


def sgns_grads(v_c: Array, u_o: Array, U_neg: Array) -> tuple[Array, Array, Array]:
    r"""Gradients of :func:`sgns_loss`:
    $\partial\mathcal{L}/\partial\mathbf{v}_c = (\sigma(\mathbf{u}_o^\top\mathbf{v}_c) - 1)\mathbf{u}_o + \sum_k \sigma(\mathbf{u}_k^\top\mathbf{v}_c)\mathbf{u}_k$,
    $\partial\mathcal{L}/\partial\mathbf{u}_o = (\sigma(\mathbf{u}_o^\top\mathbf{v}_c) - 1)\mathbf{v}_c$,
    $\partial\mathcal{L}/\partial\mathbf{u}_k = \sigma(\mathbf{u}_k^\top\mathbf{v}_c)\mathbf{v}_c$ (one row per drawn sample)."""
    v_c, u_o, U_neg = (np.asarray(a, dtype=float) for a in (v_c, u_o, U_neg))
    g_pos = sigmoid(u_o @ v_c) - 1.0
    g_neg = sigmoid(U_neg @ v_c)
    return g_pos * u_o + g_neg @ U_neg, g_pos * v_c, g_neg[:, None] * v_c[None, :]


def noise_distribution(counts: Array, power: float = 0.75) -> Array:
    r"""Negative-sampling noise $P_n(w) = U(w)^{3/4} / \sum_{w'} U(w')^{3/4}$ from unigram counts $U(w)$."""
    p = np.asarray(counts, dtype=float) ** power
    return p / p.sum()


def subsample_discard_paper(freq: Array, t: float = 1e-5) -> Array:
    r"""Subsampling of the paper (Mikolov et al. 2013b): discard an occurrence of $w$ with probability
    $P_\text{discard}(w) = 1 - \sqrt{t / f(w)}$ (0 when $f(w) \le t$), $f(w)$ = count / total tokens."""
    return np.clip(1.0 - np.sqrt(t / np.asarray(freq, dtype=float)), 0.0, 1.0)


def subsample_keep_word2vec_c(freq: Array, t: float = 1e-3) -> Array:
    r"""Subsampling of the released ``word2vec.c`` (``-sample``, default $10^{-3}$): keep an occurrence with
    probability $P_\text{keep}(w) = \sqrt{t / f(w)} + t / f(w)$ (capped at 1)."""
    r = t / np.asarray(freq, dtype=float)
    return np.minimum(np.sqrt(r) + r, 1.0)


def huffman_codes(counts: Sequence[int]) -> list[tuple[list[int], list[int]]]:
    r"""Huffman tree over the vocabulary (frequent words get short codes). For every word $w$ returns
    (inner-node indices on the root-to-leaf path $n(w, 1), \dots, n(w, L(w) - 1)$, code bits: 1 = went to
    the first child). Inner nodes are numbered $0, \dots, V - 2$."""
    V = len(counts)
    tie = itertools.count()
    heap = [(c, next(tie), ("leaf", w)) for w, c in enumerate(counts)]
    heapq.heapify(heap)
    parent: dict[tuple[str, int], tuple[int, int]] = {}
    n_inner = 0
    while len(heap) > 1:
        c1, _, a = heapq.heappop(heap)
        c2, _, b = heapq.heappop(heap)
        node = ("inner", n_inner)
        parent[a], parent[b] = (n_inner, 1), (n_inner, 0)
        n_inner += 1
        heapq.heappush(heap, (c1 + c2, next(tie), node))
    out = []
    for w in range(V):
        path, bits, node = [], [], ("leaf", w)
        while node in parent:
            p, bit = parent[node]
            path.append(p)
            bits.append(bit)
            node = ("inner", p)
        out.append((path[::-1], bits[::-1]))
    return out


def hierarchical_softmax_prob(v_c: Array, node_vectors: Array, path: Sequence[int], bits: Sequence[int]) -> float:
    r"""$P(w \mid c) = \prod_{j=1}^{L(w)-1}\sigma\big([\![ n(w, j+1) = \operatorname{ch}(n(w, j)) ]\!]\ \mathbf{u}_{n(w,j)}^\top\mathbf{v}_c\big)$,
    with $[\![x]\!] = +1$ if true and $-1$ otherwise ($\operatorname{ch}$: the first child); ``node_vectors``: $(V - 1, d)$."""
    s = np.asarray(node_vectors, dtype=float)[list(path)] @ np.asarray(v_c, dtype=float)
    sign = np.where(np.asarray(bits) == 1, 1.0, -1.0)
    return float(np.exp(log_sigmoid(sign * s).sum()))


# --------------------------------------------------------------------------- GloVe

def glove_weight(x: Array, x_max: float = 100.0, alpha: float = 0.75) -> Array:
    r"""GloVe weighting $f(x) = (x / x_{\max})^{\alpha}$ for $x < x_{\max}$, else $1$ ($x_{\max} = 100$, $\alpha = 3/4$)."""
    x = np.asarray(x, dtype=float)
    return np.where(x < x_max, (np.maximum(x, 0.0) / x_max) ** alpha, 1.0)


def glove_loss(W: Array, W_tilde: Array, b: Array, b_tilde: Array, X: Array, x_max: float = 100.0,
               alpha: float = 0.75) -> float:
    r"""$J = \sum_{i,j:\,X_{ij} > 0} f(X_{ij})\big(\mathbf{w}_i^\top\tilde{\mathbf{w}}_j + b_i + \tilde{b}_j - \log X_{ij}\big)^2$;
    ``W``, ``W_tilde``: $(V, d)$ word and context vectors, ``b``, ``b_tilde``: $(V,)$, ``X``: $(V, V)$ co-occurrence counts."""
    X = np.asarray(X, dtype=float)
    nz = X > 0
    err = W @ W_tilde.T + b[:, None] + b_tilde[None, :] - np.log(np.where(nz, X, 1.0))
    return float((glove_weight(X, x_max, alpha) * err**2)[nz].sum())


def glove_grads(W: Array, W_tilde: Array, b: Array, b_tilde: Array, X: Array, x_max: float = 100.0,
                alpha: float = 0.75) -> tuple[Array, Array, Array, Array]:
    r"""Gradients of :func:`glove_loss` with $g_{ij} = 2 f(X_{ij})\,e_{ij}$ ($e_{ij}$ the bracket, 0 where $X_{ij} = 0$):
    $\partial J/\partial\mathbf{w}_i = \sum_j g_{ij}\tilde{\mathbf{w}}_j$, $\partial J/\partial\tilde{\mathbf{w}}_j = \sum_i g_{ij}\mathbf{w}_i$,
    $\partial J/\partial b_i = \sum_j g_{ij}$, $\partial J/\partial\tilde{b}_j = \sum_i g_{ij}$."""
    X = np.asarray(X, dtype=float)
    nz = X > 0
    err = W @ W_tilde.T + b[:, None] + b_tilde[None, :] - np.log(np.where(nz, X, 1.0))
    g = np.where(nz, 2.0 * glove_weight(X, x_max, alpha) * err, 0.0)
    return g @ W_tilde, g.T @ W, g.sum(axis=1), g.sum(axis=0)


def cooccurrence(corpus: Sequence[Sequence[int]], vocab_size: int, window: int = 2, harmonic: bool = True) -> Array:
    r"""Symmetric co-occurrence counts $X_{ij}$ within ``window`` words; a pair $d$ words apart adds $1/d$
    (GloVe's harmonic weighting) or 1."""
    X = np.zeros((vocab_size, vocab_size))
    for sent in corpus:
        for a, w in enumerate(sent):
            for dist in range(1, window + 1):
                if a + dist < len(sent):
                    inc = 1.0 / dist if harmonic else 1.0
                    X[w, sent[a + dist]] += inc
                    X[sent[a + dist], w] += inc
    return X


# --------------------------------------------------------------------------- fastText

def char_ngrams(word: str, minn: int = 3, maxn: int = 6) -> list[str]:
    r"""fastText subwords: all character $n$-grams, $n$ = ``minn`` .. ``maxn``, of ``<word>`` (boundary
    markers added), followed by the whole ``<word>``, which fastText keeps as its own vocabulary entry
    (an in-vocabulary word); the word vector is built from the vectors of all of them."""
    w = f"<{word}>"
    return [w[i:i + n] for n in range(minn, maxn + 1) for i in range(len(w) - n + 1)] + [w]


def fnv1a_32(text: str) -> int:
    r"""32-bit FNV-1a hash over the UTF-8 bytes, $h \leftarrow (h \oplus \text{byte}) \cdot 16777619 \bmod 2^{32}$,
    $h_0 = 2166136261$; fastText maps an $n$-gram to bucket $h \bmod 2\,000\,000$ (its code sign-extends
    non-ASCII bytes, so this differs from fastText for non-ASCII text)."""
    h = 2166136261
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 16777619) & 0xFFFFFFFF
    return h


# --------------------------------------------------------------------------- similarity and pooling

def cosine_similarity(a: Array, b: Array) -> Array:
    r"""$\cos(\mathbf{a}, \mathbf{b}) = \mathbf{a}^\top\mathbf{b} / (\lVert\mathbf{a}\rVert\,\lVert\mathbf{b}\rVert)$ along the last axis."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return (a * b).sum(-1) / (np.linalg.norm(a, axis=-1) * np.linalg.norm(b, axis=-1))


def analogy_3cosadd(E: Array, a: int, b: int, c: int, exclude: bool = True) -> int:
    r"""3CosAdd ("$a$ is to $b$ as $c$ is to ?"): $\argmax_{d}\cos(\hat{\mathbf{e}}_d, \hat{\mathbf{e}}_b - \hat{\mathbf{e}}_a + \hat{\mathbf{e}}_c)$
    over unit-normalized rows $\hat{\mathbf{e}}$ of ``E``, excluding $a, b, c$ themselves when ``exclude``
    (as in the original evaluation and gensim's ``most_similar``)."""
    En = np.asarray(E, dtype=float)
    En = En / np.linalg.norm(En, axis=1, keepdims=True)
    target = En[b] - En[a] + En[c]
    sims = En @ target / np.linalg.norm(target)
    if exclude:
        sims[[a, b, c]] = -np.inf
    return int(np.argmax(sims))


def mean_pool(H: Array, mask: Array) -> Array:
    r"""Masked mean pooling $\mathbf{s} = \sum_t m_t\mathbf{h}_t / \sum_t m_t$; ``H``: $(B, T, d)$, ``mask``: $(B, T)$, 1 = real token."""
    m = np.asarray(mask, dtype=float)[..., None]
    return (np.asarray(H, dtype=float) * m).sum(1) / np.maximum(m.sum(1), 1e-9)


def max_pool(H: Array, mask: Array) -> Array:
    r"""Masked max pooling $s_k = \max_{t: m_t = 1} h_{t,k}$ (padding set to $-\infty$ first)."""
    return np.where(np.asarray(mask, dtype=bool)[..., None], np.asarray(H, dtype=float), -np.inf).max(1)


def in_batch_infonce(a: Array, b: Array, tau: float = 0.05) -> float:
    r"""In-batch contrastive loss (InfoNCE / MultipleNegativesRanking): $\mathcal{L} = -\frac{1}{B}\sum_i \log
    \frac{\exp(\cos(\mathbf{a}_i, \mathbf{b}_i)/\tau)}{\sum_{j=1}^{B}\exp(\cos(\mathbf{a}_i, \mathbf{b}_j)/\tau)}$; the other
    $B - 1$ rows of the batch are the negatives."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    a = a / np.linalg.norm(a, axis=1, keepdims=True)
    b = b / np.linalg.norm(b, axis=1, keepdims=True)
    s = a @ b.T / tau
    s = s - s.max(axis=1, keepdims=True)
    return float(-(np.diag(s) - np.log(np.exp(s).sum(axis=1))).mean())


# --------------------------------------------------------------------------- tiny skip-gram

TOY_TOPICS = (("cat", "dog", "horse", "cow", "sheep"), ("red", "green", "blue", "yellow", "purple"),
              ("one", "two", "three", "four", "five"))


def toy_corpus(n_sentences: int = 300, length: int = 6, seed: int = 0) -> tuple[list[list[int]], list[str]]:
    r"""Synthetic corpus: each sentence draws its words from one of three topics (animals, colors, numbers),
    so words of a topic share contexts. Returns sentences of word ids and the vocabulary."""
    vocab = [w for topic in TOY_TOPICS for w in topic]
    rng = np.random.default_rng(seed)
    size = len(TOY_TOPICS[0])
    corpus = []
    for _ in range(n_sentences):
        t = rng.integers(len(TOY_TOPICS))
        corpus.append([int(t * size + rng.integers(size)) for _ in range(length)])
    return corpus, vocab


def skipgram_pairs(corpus: Sequence[Sequence[int]], window: int = 2) -> Array:
    r"""All (center, context) pairs with $0 < |j| \le$ ``window``; shape $(P, 2)$."""
    pairs = [(s[i], s[i + j]) for s in corpus for i in range(len(s))
             for j in range(-window, window + 1) if j and 0 <= i + j < len(s)]
    return np.array(pairs, dtype=np.int64)


def train_skipgram_ns(corpus: Sequence[Sequence[int]], vocab_size: int, dim: int = 8, window: int = 2,
                      negatives: int = 5, epochs: int = 8, lr: float = 0.05, seed: int = 0
                      ) -> tuple[Array, Array, list[float]]:
    r"""Plain-SGD skip-gram with negative sampling on :func:`sgns_loss`, noise $U(w)^{3/4}$, word2vec's init
    (input vectors uniform in $\pm 0.5/d$, output vectors 0). Returns input vectors $(V, d)$, output vectors
    and the mean loss of each epoch."""
    rng = np.random.default_rng(seed)
    V_in = (rng.random((vocab_size, dim)) - 0.5) / dim
    U = np.zeros((vocab_size, dim))
    counts = np.bincount(np.concatenate([np.asarray(s) for s in corpus]), minlength=vocab_size)
    noise = noise_distribution(counts)
    pairs = skipgram_pairs(corpus, window)
    history = []
    for _ in range(epochs):
        total = 0.0
        for c, o in pairs[rng.permutation(len(pairs))]:
            neg = rng.choice(vocab_size, size=negatives, p=noise)
            total += sgns_loss(V_in[c], U[o], U[neg])
            g_v, g_o, g_neg = sgns_grads(V_in[c], U[o], U[neg])
            V_in[c] -= lr * g_v
            U[o] -= lr * g_o
            np.add.at(U, neg, -lr * g_neg)
        history.append(total / len(pairs))
    return V_in, U, history


def pca_2d(X: Array) -> Array:
    r"""Project rows onto the first two principal components (centered SVD)."""
    Xc = np.asarray(X, dtype=float) - np.mean(X, axis=0)
    _, _, vt = np.linalg.svd(Xc, full_matrices=False)
    return Xc @ vt[:2].T
