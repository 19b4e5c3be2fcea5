"""Squash, routing by agreement and the margin loss: hand-derived values, invariants, and an independent
loop-by-loop torch implementation of Procedure 1 of Sabour et al. (2017)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from cheatsheet.numerics import capsules as caps
from tests.numerics.refdata import assert_close


def test_squash_by_hand():
    # ||(3, 4)|| = 5: length 25/26, direction (0.6, 0.8)
    assert_close(caps.squash(np.array([3.0, 4.0])), 25 / 26 * np.array([0.6, 0.8]))
    # ||s|| = 1 -> length exactly 1/2
    assert_close(np.linalg.norm(caps.squash(np.array([0.0, 1.0, 0.0]))), 0.5)
    assert_close(caps.squash(np.zeros(4)), np.zeros(4))


def test_squash_keeps_direction_and_maps_length_below_one():
    s = np.random.default_rng(0).standard_normal((200, 8)) * np.geomspace(1e-3, 1e3, 200)[:, None]
    v = caps.squash(s)
    n_s, n_v = np.linalg.norm(s, axis=1), np.linalg.norm(v, axis=1)
    assert np.all(n_v < 1.0)
    assert_close(n_v, caps.squash_length(n_s))
    cos = (s * v).sum(1) / (n_s * n_v)
    assert_close(cos, np.ones(200))
    assert np.all(np.diff(caps.squash_length(np.sort(n_s))) >= 0)  # monotone in the input length
    # small inputs shrink quadratically: |v| ~ |s|^2
    assert_close(caps.squash_length(1e-3), 1e-6, rtol=1e-5)


def test_margin_loss_by_hand():
    # class 0 present with length 0.95 (> m+ : no loss); class 1 absent with 0.3: 0.5 (0.3 - 0.1)^2 = 0.02
    assert_close(caps.margin_loss([[0.95, 0.3, 0.05]], [[1, 0, 0]]), [0.02])
    # (0.9 - 0.5)^2 + 0.5 (0.5 - 0.1)^2 = 0.16 + 0.08
    assert_close(caps.margin_loss([[0.5, 0.5]], [[1, 0]]), [0.24])
    # the reconstruction term adds 0.0005 * sum of squared errors
    total = caps.capsnet_loss([[0.5, 0.5]], [[1, 0]], np.ones((1, 2, 2)), np.zeros((1, 2, 2)))
    assert_close(total, [0.24 + 0.0005 * 4])


def _routing_torch(u_hat: torch.Tensor, r: int):
    """Procedure 1 written with explicit loops over children i and parents j."""
    I, J, _ = u_hat.shape
    b = torch.zeros(I, J, dtype=torch.float64)
    for it in range(r):
        c = torch.softmax(b, dim=1)
        s = torch.stack([sum(c[i, j] * u_hat[i, j] for i in range(I)) for j in range(J)])
        n2 = (s * s).sum(-1, keepdim=True)
        v = n2 / (1 + n2) * s / n2.sqrt()
        for i in range(I):
            for j in range(J):
                b[i, j] = b[i, j] + u_hat[i, j] @ v[j]
    return v, c


@pytest.mark.torch
@pytest.mark.parametrize("r", [1, 2, 3, 5])
def test_dynamic_routing_matches_loop_implementation(r):
    u = torch.randn(6, 3, 4, dtype=torch.float64, generator=torch.Generator().manual_seed(r))
    v_ref, c_ref = _routing_torch(u, r)
    v, c = caps.dynamic_routing(u.numpy(), iterations=r)
    assert_close(v, v_ref.numpy())
    assert_close(c, c_ref.numpy())
    assert_close(c.sum(axis=1), np.ones(6))  # each child distributes its output over the parents


def test_one_iteration_is_uniform_coupling():
    u = np.random.default_rng(1).standard_normal((5, 4, 3))
    v, c = caps.dynamic_routing(u, iterations=1)
    assert_close(c, np.full((5, 4), 0.25))
    assert_close(v, caps.squash(u.mean(axis=0) * 5 / 4))  # s_j = sum_i u_ji / J


def test_routing_sends_children_to_the_parent_they_agree_with():
    # three children predict the same vector for parent 0 and scattered vectors for parent 1
    rng = np.random.default_rng(2)
    u = np.zeros((3, 2, 4))
    u[:, 0] = np.array([1.0, 1.0, 0.0, 0.0])
    u[:, 1] = rng.standard_normal((3, 4))
    u[:, 1] -= u[:, 1].mean(0)  # they cancel out
    v, c = caps.dynamic_routing(u, iterations=3)
    assert np.all(c[:, 0] > 0.5)
    assert np.linalg.norm(v[0]) > np.linalg.norm(v[1])


def test_predictions_are_matrix_vector_products():
    rng = np.random.default_rng(3)
    u, W = rng.standard_normal((2, 3)), rng.standard_normal((2, 4, 5, 3))
    u_hat = caps.predictions(u, W)
    assert u_hat.shape == (2, 4, 5)
    assert_close(u_hat[1, 2], W[1, 2] @ u[1])
