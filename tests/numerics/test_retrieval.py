"""BM25, reciprocal rank fusion, ranking metrics and RAG marginals against hand-computed cases
and PyTorch."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cheatsheet.numerics import retrieval as rt
from tests.numerics.refdata import assert_close

DOCS = [["a", "c"], ["b", "b", "a", "d"], ["c"]]


def test_bm25_tiny_corpus_by_hand():
    k1, b = 1.2, 0.75
    avgdl = 7 / 3
    idf_a = math.log(1 + (3 - 2 + 0.5) / (2 + 0.5))  # "a" is in 2 of 3 documents
    idf_b = math.log(1 + (3 - 1 + 0.5) / (1 + 0.5))  # "b" is in 1 document
    doc0 = idf_a * 1 * (k1 + 1) / (1 + k1 * (1 - b + b * 2 / avgdl))
    doc1 = (idf_a * 1 * (k1 + 1) / (1 + k1 * (1 - b + b * 4 / avgdl))
            + idf_b * 2 * (k1 + 1) / (2 + k1 * (1 - b + b * 4 / avgdl)))
    assert_close(rt.bm25_scores(["a", "b"], DOCS, k1=k1, b=b), [doc0, doc1, 0.0])


def test_bm25_tf_limits():
    # saturates at k1 + 1; with b = 0 length does not matter; with k1 = 0 the tf term is binary
    assert rt.bm25_tf(1e9, k1=1.5) == pytest.approx(2.5, rel=1e-6)
    assert_close(rt.bm25_tf(3.0, b=0.0, length_ratio=5.0), rt.bm25_tf(3.0, b=0.0, length_ratio=0.2))
    assert_close(rt.bm25_tf(np.array([1.0, 7.0]), k1=0.0), [1.0, 1.0])
    assert rt.bm25_tf(2.0, length_ratio=2.0) < rt.bm25_tf(2.0, length_ratio=1.0)


def test_rrf_by_hand():
    fused = rt.reciprocal_rank_fusion([[1, 2, 3], [3, 1, 4]], k=60)
    assert_close([fused[1], fused[2], fused[3], fused[4]],
                 [1 / 61 + 1 / 62, 1 / 62, 1 / 63 + 1 / 61, 1 / 63])
    assert rt.fuse_order(fused) == [1, 3, 2, 4]


def test_recall_and_reciprocal_rank_by_hand():
    ranked = [7, 3, 9, 1, 4]
    assert rt.recall_at_k(ranked, {3, 4}, 2) == 0.5
    assert rt.recall_at_k(ranked, {3, 4}, 5) == 1.0
    assert rt.reciprocal_rank(ranked, {9, 4}) == pytest.approx(1 / 3)
    assert rt.reciprocal_rank(ranked, {42}) == 0.0


def test_chunking():
    chunks = rt.chunk(list("abcdefgh"), size=4, overlap=1)
    assert chunks == [list("abcd"), list("defg"), list("gh")]


def random_rag(seed=0, K=4, N=5):
    rng = np.random.default_rng(seed)
    doc_logp = np.log(rt.retriever_probs(rng.normal(size=K)))
    token_p = rng.uniform(0.05, 0.95, size=(K, N))
    return doc_logp, token_p


def test_rag_sequence_is_explicit_sum_over_documents():
    doc_logp, token_p = random_rag()
    explicit = sum(math.exp(doc_logp[z]) * np.prod(token_p[z]) for z in range(len(doc_logp)))
    assert_close(rt.rag_sequence_log_likelihood(doc_logp, np.log(token_p)), math.log(explicit))


def test_rag_token_is_product_of_per_token_mixtures():
    doc_logp, token_p = random_rag(1)
    explicit = np.prod([sum(math.exp(doc_logp[z]) * token_p[z, i] for z in range(len(doc_logp)))
                        for i in range(token_p.shape[1])])
    assert_close(rt.rag_token_log_likelihood(doc_logp, np.log(token_p)), math.log(explicit))


def test_rag_variants_agree_for_one_document_and_differ_otherwise():
    doc_logp, token_p = random_rag(2)
    seq = rt.rag_sequence_log_likelihood(doc_logp, np.log(token_p))
    tok = rt.rag_token_log_likelihood(doc_logp, np.log(token_p))
    assert abs(seq - tok) > 1e-3
    one = rt.rag_sequence_log_likelihood([0.0], np.log(token_p[:1]))
    assert_close(one, rt.rag_token_log_likelihood([0.0], np.log(token_p[:1])))


@pytest.mark.torch
def test_dense_scores_topk_and_in_batch_loss_vs_torch():
    import torch
    import torch.nn.functional as F

    rng = np.random.default_rng(4)
    Q, P = rng.normal(size=(6, 8)), rng.normal(size=(6, 8))
    tq, tp = torch.tensor(Q, dtype=torch.float64), torch.tensor(P, dtype=torch.float64)
    assert_close(rt.dot_scores(Q, P), (tq @ tp.T).numpy())
    assert_close(rt.cosine_scores(Q, P), F.cosine_similarity(tq[:, None], tp[None], dim=-1).numpy())
    assert_close(rt.in_batch_negatives_loss(Q, P), F.cross_entropy(tq @ tp.T, torch.arange(6)).item())
    scores = rng.normal(size=20)
    assert rt.top_k(scores, 5).tolist() == torch.topk(torch.tensor(scores), 5).indices.tolist()
    assert_close(rt.retriever_probs(scores), torch.softmax(torch.tensor(scores), 0).numpy())
