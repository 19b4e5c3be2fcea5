"""Episodes, prototypical logits, matching-network attention and MAML against PyTorch."""

from __future__ import annotations

import numpy as np
import pytest

from cheatsheet.numerics import fewshot as fs
from tests.numerics.refdata import assert_close


def test_episode_is_n_way_k_shot_and_disjoint():
    labels = np.repeat(np.arange(12), 30)
    s_idx, s_y, q_idx, q_y = fs.sample_episode(labels, 5, 3, 4, np.random.default_rng(0))
    assert len(s_idx) == 15 and len(q_idx) == 20
    assert not set(s_idx) & set(q_idx)
    assert np.bincount(s_y).tolist() == [3] * 5 and np.bincount(q_y).tolist() == [4] * 5
    for k in range(5):  # one original class per episode label, the same in support and query
        assert len(set(labels[s_idx[s_y == k]]) | set(labels[q_idx[q_y == k]])) == 1


def test_prototype_mean_by_hand():
    S = np.array([[0.0, 0.0], [2.0, 0.0], [0.0, 4.0], [0.0, 6.0]])
    assert_close(fs.prototypes(S, np.array([0, 0, 1, 1]), 2), [[1.0, 0.0], [0.0, 5.0]])


def test_linear_form_gives_the_same_probabilities():
    rng = np.random.default_rng(1)
    C, Z = rng.normal(size=(5, 8)), rng.normal(size=(7, 8))
    W, b = fs.proto_linear_form(C)
    assert_close(fs.softmax(fs.proto_logits(Z, C)), fs.softmax(Z @ W.T + b))


@pytest.mark.torch
def test_proto_logits_and_matching_attention_vs_torch():
    import torch
    import torch.nn.functional as F

    rng = np.random.default_rng(2)
    S, y, Q = rng.normal(size=(15, 6)), np.repeat(np.arange(3), 5), rng.normal(size=(4, 6))
    tS, tQ = torch.tensor(S), torch.tensor(Q)
    t_protos = torch.stack([tS[torch.tensor(y) == k].mean(0) for k in range(3)])
    C = fs.prototypes(S, y, 3)
    assert_close(C, t_protos.numpy())
    assert_close(fs.proto_logits(Q, C), (-torch.cdist(tQ, t_protos) ** 2).numpy())
    attn = torch.softmax(F.cosine_similarity(tQ[:, None], tS[None], dim=-1), dim=1)
    assert_close(fs.matching_attention(Q, S), attn.numpy())
    assert_close(fs.matching_predict(Q, S, y, 3), (attn @ F.one_hot(torch.tensor(y), 3).double()).numpy())


@pytest.mark.torch
def test_maml_inner_step_and_meta_gradient_vs_autograd():
    import torch

    rng = np.random.default_rng(3)
    Xs, ys, Xq, yq = rng.normal(size=(5, 3)), rng.normal(size=5), rng.normal(size=(7, 3)), rng.normal(size=7)
    w0, alpha = rng.normal(size=3), 0.1
    w = torch.tensor(w0, requires_grad=True)
    tXs, tys, tXq, tyq = (torch.tensor(a) for a in (Xs, ys, Xq, yq))
    inner = ((tXs @ w - tys) ** 2).mean()
    (g,) = torch.autograd.grad(inner, w, create_graph=True)
    w_prime = w - alpha * g
    assert_close(fs.maml_inner_step(w0, Xs, ys, alpha), w_prime.detach().numpy())
    outer = ((tXq @ w_prime - tyq) ** 2).mean()
    (meta,) = torch.autograd.grad(outer, w)  # second-order: backprop through the inner step
    assert_close(fs.maml_meta_grad(w0, Xs, ys, Xq, yq, alpha), meta.numpy())
