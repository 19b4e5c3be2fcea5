"""Mixture-of-experts routing: top-k gating vs torch.topk + softmax, the Switch load-balancing loss and
router z-loss by hand, expert capacity and token dropping by hand, and Mixtral's published parameter counts."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cheatsheet.numerics import moe as M
from tests.numerics.refdata import assert_close


@pytest.mark.torch
@pytest.mark.parametrize("k", [1, 2, 3])
def test_top_k_gating_matches_torch_topk_softmax(k):
    import torch

    logits = np.random.default_rng(k).normal(size=(16, 8))
    g, idx = M.top_k_gating(logits, k, renormalize=True)
    t = torch.tensor(logits)
    vals, tidx = torch.topk(t, k, dim=-1)
    ref = torch.zeros_like(t).scatter(-1, tidx, torch.softmax(vals, dim=-1))  # Mixtral: softmax over the top k
    assert_close(g, ref.numpy())
    assert np.array_equal(np.sort(idx, axis=1), np.sort(tidx.numpy(), axis=1))
    # Switch convention: full-softmax probabilities kept for the chosen experts
    g_sw, _ = M.top_k_gating(logits, k, renormalize=False)
    ref_sw = torch.zeros_like(t).scatter(-1, tidx, torch.softmax(t, -1).gather(-1, tidx))
    assert_close(g_sw, ref_sw.numpy())


@pytest.mark.torch
def test_router_z_loss_matches_torch_logsumexp():
    import torch

    z = np.random.default_rng(0).normal(scale=3.0, size=(10, 6))
    assert_close(M.router_z_loss(z), (torch.logsumexp(torch.tensor(z), -1) ** 2).mean().item())


def test_noisy_top_k_logits_by_hand():
    X = np.array([[1.0, 2.0]])
    W_g = np.array([[1.0, 0.0], [0.0, 1.0]])
    W_n = np.array([[0.0, 0.0], [0.0, 0.0]])  # softplus(0) = log 2
    H = M.noisy_top_k_logits(X, W_g, W_n, noise=np.array([[1.0, -2.0]]))
    assert_close(H, [[1 + math.log(2), 2 - 2 * math.log(2)]])


def test_load_balancing_loss_is_alpha_when_uniform():
    N, T = 4, 8
    probs = np.full((T, N), 1 / N)
    idx = np.arange(T) % N  # each expert gets T/N tokens
    assert_close(M.load_balancing_loss(probs, idx, alpha=0.01), 0.01)
    assert_close(M.balance_loss_of_distribution(np.full(N, 1 / N), alpha=0.01), 0.01)
    assert_close(M.balance_loss_of_distribution(np.eye(N)[0], alpha=0.01), 0.01 * N)


def test_load_balancing_loss_imbalanced_by_hand():
    # N = 2 experts, T = 4 tokens; 3 go to expert 0, 1 to expert 1
    probs = np.array([[0.9, 0.1], [0.8, 0.2], [0.6, 0.4], [0.3, 0.7]])
    idx = probs.argmax(axis=1)
    # f = (3/4, 1/4); P = (2.6/4, 1.4/4) = (0.65, 0.35); loss = 0.01 * 2 * (0.75*0.65 + 0.25*0.35)
    assert_close(M.load_balancing_loss(probs, idx, alpha=0.01), 0.01 * 2 * (0.4875 + 0.0875))
    assert M.load_balancing_loss(probs, idx, alpha=0.01) > 0.01


def test_load_balancing_loss_can_dip_below_alpha():
    # 2 tokens barely pick expert 0, 1 token is sure of expert 1: f = (2/3, 1/3), P = (0.34, 0.66)
    probs = np.array([[0.51, 0.49], [0.51, 0.49], [0.0, 1.0]])
    idx = probs.argmax(axis=1)
    # by hand: 0.01 * 2 * (2/3 * 0.34 + 1/3 * 0.66) = 0.01 * 0.8933: below alpha, not a minimum at alpha
    assert_close(M.load_balancing_loss(probs, idx, alpha=0.01), 0.01 * 2 * (2 / 3 * 0.34 + 1 / 3 * 0.66))
    assert M.load_balancing_loss(probs, idx, alpha=0.01) < 0.01


def test_router_z_loss_by_hand():
    z = np.array([[0.0, 0.0], [math.log(3.0), 0.0]])  # logsumexp = log 2, log 4
    assert_close(M.router_z_loss(z), (math.log(2) ** 2 + math.log(4) ** 2) / 2)


def test_importance_cv2_by_hand():
    gates = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])  # importance (2, 1): mean 1.5, std 0.5
    assert_close(M.importance_cv2(gates), (0.5 / 1.5) ** 2)


def test_expert_capacity_and_dropping_by_hand():
    assert M.expert_capacity(tokens=8, n_experts=4, capacity_factor=1.0) == 2
    assert M.expert_capacity(tokens=8, n_experts=4, capacity_factor=1.25) == 3  # 2.5 rounded up
    assert M.expert_capacity(tokens=8, n_experts=4, capacity_factor=1.0, k=2) == 4
    idx = np.array([0, 0, 0, 1, 0, 2, 1, 0])  # expert 0 gets 5 tokens, 1 gets 2, 2 gets 1, 3 none
    kept, counts = M.dispatch(idx, n_experts=4, capacity=2)
    assert counts.tolist() == [5, 2, 1, 0]
    assert kept.tolist() == [True, True, False, True, False, True, True, False]
    assert M.dropped_fraction(idx, 4, 1.0) == pytest.approx(3 / 8)
    assert M.dropped_fraction(idx, 4, 1.25) == pytest.approx(2 / 8)  # C = 3
    assert M.dropped_fraction(idx, 4, 2.5) == 0.0  # C = 5


def test_softmax_over_top_k_equals_renormalized_full_softmax():
    z = np.array([[2.0, 1.0, 0.0, -1.0]])
    g, idx = M.top_k_gating(z, 2)
    assert idx.tolist() == [[0, 1]]
    assert_close(g, [[1 / (1 + math.exp(-1)), math.exp(-1) / (1 + math.exp(-1)), 0, 0]])


def test_mixtral_parameter_counts_match_published_totals():
    # Jiang et al. 2024: 46.7B total, 12.9B active per token (32 layers, d 4096, d_ff 14336, 8 experts, top-2)
    p = M.moe_transformer_params(32, 4096, 14336, 8, 2, 32000, 32, 8)
    assert p["total"] / 1e9 == pytest.approx(46.7, abs=0.05)
    assert p["active"] / 1e9 == pytest.approx(12.9, abs=0.05)
    assert p["expert"] == 3 * 4096 * 14336
