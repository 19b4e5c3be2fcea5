"""Word-embedding objectives checked against torch autograd (float64) and PyTorch modules, and the
combinatorial pieces (Huffman paths, analogies, n-grams) against brute force or the papers' examples."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cheatsheet.numerics import embeddings as em
from tests.numerics.refdata import assert_close

torch = pytest.importorskip("torch")
F = torch.nn.functional


def _t(x, grad=False):
    return torch.tensor(np.asarray(x, dtype=float), dtype=torch.float64, requires_grad=grad)


# --------------------------------------------------------------------------- lookup and softmax

@pytest.mark.torch
def test_lookup_equals_one_hot_product_and_nn_embedding():
    rng = np.random.default_rng(0)
    E = rng.standard_normal((10, 4))
    ids = np.array([[3, 0, 9], [3, 3, 1]])
    assert_close(em.embedding_lookup(E, ids), em.one_hot(ids, 10) @ E)
    emb = torch.nn.Embedding(10, 4, _weight=_t(E))
    assert_close(em.embedding_lookup(E, ids), emb(torch.tensor(ids)).detach().numpy())


@pytest.mark.torch
def test_full_softmax_skipgram_matches_torch_cross_entropy():
    rng = np.random.default_rng(1)
    v_c, U = rng.standard_normal(6), rng.standard_normal((20, 6))
    p = em.skipgram_softmax_prob(v_c, U)
    assert p.sum() == pytest.approx(1.0)
    logits = _t(U) @ _t(v_c)
    assert_close(-np.log(p[7]), F.cross_entropy(logits[None], torch.tensor([7])).item())


# --------------------------------------------------------------------------- negative sampling

@pytest.mark.torch
@pytest.mark.parametrize("K,scale", [(1, 0.5), (5, 1.0), (15, 3.0)])
def test_sgns_loss_and_gradients_match_autograd(K, scale):
    rng = np.random.default_rng(K)
    d = 8
    v, u_o, U_neg = (scale * rng.standard_normal(s) for s in ((d,), (d,), (K, d)))
    tv, to, tn = _t(v, True), _t(u_o, True), _t(U_neg, True)
    loss = -F.logsigmoid(to @ tv) - F.logsigmoid(-(tn @ tv)).sum()
    loss.backward()
    assert em.sgns_loss(v, u_o, U_neg) == pytest.approx(loss.item(), rel=1e-12)
    g_v, g_o, g_n = em.sgns_grads(v, u_o, U_neg)
    assert_close(g_v, tv.grad.numpy())
    assert_close(g_o, to.grad.numpy())
    assert_close(g_n, tn.grad.numpy())
    # also equal to BCE-with-logits with targets 1 (true context) and 0 (noise), summed
    logits = torch.cat([(to @ tv)[None], tn @ tv]).detach()
    target = torch.tensor([1.0] + [0.0] * K, dtype=torch.float64)
    bce = F.binary_cross_entropy_with_logits(logits, target, reduction="sum").item()
    assert em.sgns_loss(v, u_o, U_neg) == pytest.approx(bce, rel=1e-12)


def test_sgns_loss_is_finite_for_huge_scores():
    v = np.full(4, 30.0)
    assert math.isfinite(em.sgns_loss(v, -v, np.stack([v, v])))


def test_noise_distribution_and_subsampling_closed_forms():
    counts = np.array([1000, 100, 10, 1])
    p = em.noise_distribution(counts)
    ref = counts**0.75 / (counts**0.75).sum()
    assert_close(p, ref)
    assert p[0] < counts[0] / counts.sum() and p[-1] > counts[-1] / counts.sum()  # flattens the unigram
    f = np.array([0.05, 1e-3, 1e-5, 1e-7])
    assert_close(em.subsample_discard_paper(f, 1e-5), [1 - math.sqrt(1e-5 / 0.05), 1 - math.sqrt(1e-2), 0.0, 0.0])
    keep = em.subsample_keep_word2vec_c(f, 1e-3)
    assert keep[0] == pytest.approx(math.sqrt(0.02) + 0.02) and keep[1] == 1.0 and keep[3] == 1.0
    # the C code keeps more than the paper's formula at the same t (extra + t/f term)
    assert keep[0] > 1 - em.subsample_discard_paper(f[:1], 1e-3)[0]


def test_cbow_hidden_is_mean_of_context_vectors():
    V = np.arange(12.0).reshape(4, 3)
    assert_close(em.cbow_hidden(V, [0, 2, 3]), V[[0, 2, 3]].mean(0))


def test_hierarchical_softmax_is_a_distribution_and_codes_are_huffman():
    rng = np.random.default_rng(2)
    counts = [50, 20, 10, 8, 5, 4, 2, 1]
    codes = em.huffman_codes(counts)
    nodes = rng.standard_normal((len(counts) - 1, 5))
    for _ in range(5):
        v = 2 * rng.standard_normal(5)
        probs = [em.hierarchical_softmax_prob(v, nodes, p, b) for p, b in codes]
        assert sum(probs) == pytest.approx(1.0, abs=1e-12)
    lengths = np.array([len(p) for p, _ in codes])
    assert lengths[0] == lengths.min() and lengths[-1] == lengths.max()
    # Huffman = minimum expected code length: compare with the sum of merged weights (brute force of the merges)
    heap = sorted(counts)
    cost = 0
    while len(heap) > 1:
        a, b = heap.pop(0), heap.pop(0)
        cost += a + b
        heap = sorted(heap + [a + b])
    assert (lengths * np.array(counts)).sum() == cost
    # Kraft equality for a full binary tree
    assert (2.0 ** -lengths).sum() == pytest.approx(1.0)


# --------------------------------------------------------------------------- GloVe

def test_glove_weight_function():
    f = em.glove_weight
    assert f(100.0) == 1.0 and f(1000.0) == 1.0 and f(0.0) == 0.0
    assert f(50.0) == pytest.approx(0.5**0.75)
    assert f(1.0) == pytest.approx(100.0**-0.75)
    assert f(10.0, x_max=10.0, alpha=1.0) == 1.0 and f(5.0, x_max=10.0, alpha=1.0) == pytest.approx(0.5)
    x = np.linspace(0, 200, 401)
    assert np.all(np.diff(f(x)) >= 0)  # non-decreasing, flat at 1 beyond x_max


@pytest.mark.torch
def test_glove_loss_and_gradients_match_autograd():
    rng = np.random.default_rng(3)
    V, d = 7, 4
    X = np.where(rng.random((V, V)) < 0.6, rng.integers(1, 300, (V, V)).astype(float), 0.0)
    W, Wt = rng.standard_normal((V, d)), rng.standard_normal((V, d))
    b, bt = rng.standard_normal(V), rng.standard_normal(V)
    tW, tWt, tb, tbt = _t(W, True), _t(Wt, True), _t(b, True), _t(bt, True)
    tX = _t(X)
    nz = tX > 0
    f = torch.where(tX < 100, (tX / 100) ** 0.75, torch.ones_like(tX))
    err = tW @ tWt.T + tb[:, None] + tbt[None, :] - torch.log(torch.where(nz, tX, torch.ones_like(tX)))
    J = (f * err**2)[nz].sum()
    J.backward()
    assert em.glove_loss(W, Wt, b, bt, X) == pytest.approx(J.item(), rel=1e-12)
    for ours, ref in zip(em.glove_grads(W, Wt, b, bt, X), (tW, tWt, tb, tbt)):
        assert_close(ours, ref.grad.numpy())


def test_cooccurrence_harmonic_window():
    X = em.cooccurrence([[0, 1, 2]], 3, window=2)
    assert X[0, 1] == 1.0 and X[0, 2] == 0.5 and X[2, 0] == 0.5 and X[1, 1] == 0.0
    assert_close(X, X.T)


# --------------------------------------------------------------------------- fastText

def test_char_ngrams_paper_example_and_counts():
    # Bojanowski et al. (2017): "where", n = 3 -> <wh, whe, her, ere, re> plus the special sequence <where>
    assert em.char_ngrams("where", 3, 3) == ["<wh", "whe", "her", "ere", "re>", "<where>"]
    grams = em.char_ngrams("where")
    L = len("<where>")
    assert len(grams) == sum(L - n + 1 for n in range(3, 7)) + 1 == 15  # 5 + 4 + 3 + 2 n-grams and the word
    assert em.char_ngrams("a", 3, 6) == ["<a>", "<a>"]  # a 1-letter word is its own 3-gram too
    assert "her" in grams and "<where>" in grams and "<wher" in grams


def test_fnv1a_known_values():
    assert em.fnv1a_32("") == 2166136261
    assert em.fnv1a_32("a") == 0xE40C292C  # published FNV-1a 32-bit test vector
    assert em.fnv1a_32("foobar") == 0xBF9CF968


# --------------------------------------------------------------------------- similarity, pooling, analogies

@pytest.mark.torch
def test_cosine_matches_torch():
    rng = np.random.default_rng(4)
    a, b = rng.standard_normal((5, 7)), rng.standard_normal((5, 7))
    assert_close(em.cosine_similarity(a, b), F.cosine_similarity(_t(a), _t(b), dim=-1).numpy())


def _brute_force_analogy(E, a, b, c, exclude):
    best, arg = -np.inf, None
    for w in range(len(E)):
        if exclude and w in (a, b, c):
            continue
        t = E[b] / np.linalg.norm(E[b]) - E[a] / np.linalg.norm(E[a]) + E[c] / np.linalg.norm(E[c])
        s = float(E[w] @ t / (np.linalg.norm(E[w]) * np.linalg.norm(t)))
        if s > best:
            best, arg = s, w
    return arg


def test_analogy_on_constructed_embedding_and_the_exclusion_rule():
    rng = np.random.default_rng(5)
    royal, male, female, noise = (rng.standard_normal(16) for _ in range(4))
    words = ["man", "woman", "king", "queen", "apple", "car"]
    E = np.stack([male, female, royal + male, royal + female, rng.standard_normal(16), noise])
    E = E + 0.05 * rng.standard_normal(E.shape)
    man, woman, king, queen = 0, 1, 2, 3
    assert words[em.analogy_3cosadd(E, man, king, woman)] == "queen"
    assert em.analogy_3cosadd(E, man, king, woman) == _brute_force_analogy(E, man, king, woman, True)
    # without excluding the query words the nearest vector is often a query word itself
    E2 = E.copy()
    E2[king] = 3 * E2[king]  # long vector; the normalized target stays close to 'king'
    E2[queen] = E2[queen] + 1.5 * rng.standard_normal(16)
    for ex in (True, False):
        assert em.analogy_3cosadd(E2, man, king, woman, exclude=ex) == _brute_force_analogy(E2, man, king, woman, ex)
    for _ in range(20):
        R = rng.standard_normal((30, 8))
        a, b, c = rng.choice(30, 3, replace=False)
        assert em.analogy_3cosadd(R, a, b, c) == _brute_force_analogy(R, a, b, c, True)
        assert em.analogy_3cosadd(R, a, b, c, exclude=False) == _brute_force_analogy(R, a, b, c, False)


def test_masked_pooling_ignores_padding():
    rng = np.random.default_rng(6)
    H = rng.standard_normal((2, 5, 3))
    mask = np.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]])
    assert_close(em.mean_pool(H, mask)[0], H[0, :3].mean(0))
    assert_close(em.max_pool(H, mask)[0], H[0, :3].max(0))
    H2 = H.copy()
    H2[0, 3:] = 1e6  # garbage in the padded positions changes nothing
    assert_close(em.mean_pool(H2, mask), em.mean_pool(H, mask))


@pytest.mark.torch
def test_in_batch_infonce_matches_cross_entropy_over_similarity_matrix():
    rng = np.random.default_rng(7)
    a, b = rng.standard_normal((6, 5)), rng.standard_normal((6, 5))
    sim = F.cosine_similarity(_t(a)[:, None, :], _t(b)[None, :, :], dim=-1) / 0.05
    ref = F.cross_entropy(sim, torch.arange(6)).item()
    assert em.in_batch_infonce(a, b, 0.05) == pytest.approx(ref, rel=1e-10)


# --------------------------------------------------------------------------- training

def test_tiny_skipgram_loss_falls_and_topics_cluster():
    corpus, vocab = em.toy_corpus(n_sentences=120, seed=1)
    V_in, _, history = em.train_skipgram_ns(corpus, len(vocab), epochs=4, seed=2)
    assert history[-1] < history[0] < (1 + 5) * math.log(2)  # start: all output vectors 0, loss 6 ln 2
    En = V_in / np.linalg.norm(V_in, axis=1, keepdims=True)
    S = En @ En.T
    topic = np.repeat(np.arange(3), 5)
    same = S[(topic[:, None] == topic[None, :]) & ~np.eye(15, dtype=bool)].mean()
    other = S[topic[:, None] != topic[None, :]].mean()
    assert same > 0.5 > other
