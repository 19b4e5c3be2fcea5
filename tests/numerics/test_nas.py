"""DARTS mixed op, discretization and search-space counting, checked against torch autograd,
hand-weighted sums and brute-force enumeration."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from cheatsheet.numerics import nas
from tests.numerics.refdata import assert_close


def test_mixed_op_equals_hand_weighted_sum():
    x = np.array([1.0, -2.0, 0.5])
    ops = [lambda x: np.zeros_like(x), lambda x: x, lambda x: 2.0 * x, np.tanh]
    alpha = [0.3, -1.0, 2.0, 0.0]
    e = [math.exp(a) for a in alpha]
    w = [v / sum(e) for v in e]
    expected = w[1] * x + w[2] * 2.0 * x + w[3] * np.tanh(x)
    assert_close(nas.mixed_op(x, alpha, ops), expected)


def test_equal_alphas_give_the_plain_average():
    x = np.linspace(-1, 1, 5)
    ops = [lambda x: x, lambda x: x**2, np.sin]
    assert_close(nas.mixed_op(x, [0.7, 0.7, 0.7], ops), (x + x**2 + np.sin(x)) / 3)


def test_softmax_is_shift_invariant_and_sums_to_one():
    a = np.array([1000.0, 1001.0, 999.0])
    p = nas.softmax(a)
    assert_close(p.sum(), 1.0)
    assert_close(p, nas.softmax(a - 1000.0))


@pytest.mark.torch
def test_softmax_jacobian_matches_torch_autograd():
    import torch

    a = torch.tensor([0.2, -0.5, 1.3, 0.0], dtype=torch.float64)
    J = torch.autograd.functional.jacobian(lambda z: torch.softmax(z, 0), a)
    assert_close(nas.softmax_jacobian(a.numpy()), J.numpy())


def test_discretize_skips_zero_op():
    alpha = [5.0, 0.1, 0.2, -1.0, 1.5, 0.3, 0.0, 0.0]  # "none" largest, then sep_conv_3x3
    assert nas.discretize(alpha) == "sep_conv_3x3"


def test_derive_cell_keeps_top2_edges_per_node():
    ops = nas.DARTS_OPS
    rng = np.random.default_rng(0)
    alphas = {(i, j): rng.normal(size=len(ops)) for j in range(2, 6) for i in range(j)}
    alphas[(0, 2)] = np.eye(len(ops))[ops.index("skip_connect")] * 9.0
    cell = nas.derive_cell(alphas, n_nodes=6)
    assert len(cell) == 8  # 4 intermediate nodes x 2 inputs
    assert (0, 2, "skip_connect") in cell
    for j in range(2, 6):
        assert len([e for e in cell if e[1] == j]) == 2


def test_cell_space_size_by_brute_force():
    # B = 3 intermediate nodes, 2 cell inputs, 3 ops, 2 inputs per node: enumerate every cell
    n_ops, B = 3, 3
    count = 0
    per_node = []
    for j in range(B):
        choices = [(pair, o) for pair in itertools.combinations(range(2 + j), 2)
                   for o in itertools.product(range(n_ops), repeat=2)]
        per_node.append(choices)
    for _ in itertools.product(*per_node):
        count += 1
    assert nas.cell_space_size(B, n_ops) == count == (1 * 9) * (3 * 9) * (6 * 9)
    # DARTS: 4 nodes, 7 non-zero ops -> 180 * 7^8, about 1e9 per cell
    assert nas.cell_space_size() == 180 * 7**8
    assert nas.chain_space_size(3, 4) == len(list(itertools.product(range(4), repeat=3)))


def test_mnas_reward_soft_constraint():
    assert nas.mnas_reward(0.75, 80.0, 80.0) == pytest.approx(0.75)
    # twice the latency target costs a factor 2^-0.07 ~ 0.953
    assert nas.mnas_reward(0.75, 160.0, 80.0) == pytest.approx(0.75 * 2 ** -0.07)
    assert nas.mnas_reward(0.75, 40.0, 80.0) > 0.75


def test_toy_trajectory_concentrates_on_best_op():
    traj = nas.darts_toy_trajectory([0.0, 0.2, 1.0, 0.5], steps=400, lr=2.0)
    assert_close(traj.sum(axis=1), np.ones(len(traj)))
    assert traj[0].max() == pytest.approx(0.25)
    assert np.argmax(traj[-1]) == 2 and traj[-1, 2] > 0.9
