"""PCGrad, uncertainty weighting and the GradNorm target, checked against hand computations."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from cheatsheet.numerics import multitask as mt
from tests.numerics.refdata import assert_close


def test_pcgrad_two_conflicting_2d_gradients_by_hand():
    g1 = np.array([1.0, 0.0])
    g2 = np.array([-1.0, 1.0])
    # g1.g2 = -1 < 0. g1 - (-1/2) g2 = (1, 0) + (-0.5, 0.5) = (0.5, 0.5)
    # g2 - (-1/1) g1 = (-1, 1) + (1, 0) = (0, 1)
    total, (p1, p2) = mt.pcgrad([g1, g2])
    assert_close(p1, [0.5, 0.5])
    assert_close(p2, [0.0, 1.0])
    assert_close(total, [0.5, 1.5])
    # each projected gradient is orthogonal to the other original gradient
    assert abs(p1 @ g2) < 1e-12 and abs(p2 @ g1) < 1e-12


def test_pcgrad_leaves_agreeing_gradients_alone():
    g1, g2 = np.array([2.0, 1.0]), np.array([1.0, 3.0])
    total, (p1, p2) = mt.pcgrad([g1, g2])
    assert_close(p1, g1)
    assert_close(p2, g2)
    assert_close(total, g1 + g2)


def test_pcgrad_projects_against_original_gradients_three_tasks():
    g = [np.array([1.0, 0.0, 0.0]), np.array([-1.0, 1.0, 0.0]), np.array([0.0, -1.0, 1.0])]
    # task 1: conflicts with g2 only (g1.g3 = 0) -> (0.5, 0.5, 0); then vs g3: (0.5,0.5,0).(0,-1,1) = -0.5
    #   -> (0.5, 0.5, 0) + 0.25 (0, -1, 1) = (0.5, 0.25, 0.25)
    _, proj = mt.pcgrad(g)
    assert_close(proj[0], [0.5, 0.25, 0.25])
    # task 3 vs g1: no conflict; vs g2: (0,-1,1).(-1,1,0) = -1 -> (0,-1,1) + 0.5(-1,1,0) = (-0.5,-0.5,1)
    assert_close(proj[2], [-0.5, -0.5, 1.0])


def test_uncertainty_weighting_matches_torch_autograd_optimum():
    # minimizing over s = log sigma^2 must land where d/ds = 0, i.e. sigma^2 = 2 c L
    for kind, c in (("regression", 0.5), ("classification", 1.0)):
        L = 0.7
        s = torch.zeros((), requires_grad=True)
        opt = torch.optim.SGD([s], lr=0.5)
        for _ in range(300):
            opt.zero_grad()
            loss = c * torch.exp(-s) * L + 0.5 * s
            loss.backward()
            opt.step()
        assert_close(mt.optimal_log_var(L, kind), s.item(), rtol=1e-6, what=kind)
        assert_close(mt.optimal_log_var(L, kind), math.log(2 * c * L))


def test_uncertainty_weighting_value_by_hand():
    # sigma_1 = 2 (regression), sigma_2 = 0.5 (classification)
    L1, L2 = 3.0, 0.4
    expected = L1 / (2 * 4.0) + L2 / 0.25 + math.log(2.0) + math.log(0.5)
    got = mt.uncertainty_weighted_loss([L1, L2], [math.log(4.0), math.log(0.25)], ["regression", "classification"])
    assert_close(got, expected)


def test_gradnorm_target_by_hand():
    G = [2.0, 4.0]
    L0 = [1.0, 2.0]
    L = [0.5, 0.5]  # loss ratios 0.5 and 0.25, mean 0.375 -> r = (4/3, 2/3)
    targets = mt.gradnorm_targets(G, L, L0, alpha=1.5)
    assert_close(targets, [3.0 * (4 / 3) ** 1.5, 3.0 * (2 / 3) ** 1.5])
    assert_close(mt.gradnorm_loss(G, L, L0, alpha=0.0), 2.0)  # alpha = 0: equal norms, |2-3| + |4-3|


def test_cosine():
    assert mt.cosine([1.0, 0.0], [-1.0, 1.0]) == pytest.approx(-1 / math.sqrt(2))
