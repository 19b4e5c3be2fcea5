"""RL backups and targets vs independent references: exact linear solves, brute-force policy
enumeration, direct sums, hand-computed cases and a PyTorch autograd PPO loss."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from cheatsheet.numerics import reinforcement as rl
from tests.numerics.refdata import assert_close


def random_mdp(S=4, A=3, seed=0):
    rng = np.random.default_rng(seed)
    P = rng.random((S, A, S)) ** 3
    P /= P.sum(axis=2, keepdims=True)
    R = rng.normal(size=(S, A))
    return P, R


def test_policy_evaluation_matches_exact_linear_solve():
    P, R = random_mdp()
    rng = np.random.default_rng(1)
    pi = rng.random((4, 3))
    pi /= pi.sum(axis=1, keepdims=True)
    gamma = 0.9
    P_pi = np.einsum("sa,sat->st", pi, P)
    r_pi = (pi * R).sum(axis=1)
    exact = np.linalg.solve(np.eye(4) - gamma * P_pi, r_pi)
    assert_close(rl.policy_evaluation(P, R, pi, gamma), exact, rtol=1e-9)
    # V^pi is a fixed point of the expectation backup
    assert_close(rl.bellman_expectation_backup(exact, P, R, pi, gamma), exact, rtol=1e-9)


def test_value_iteration_matches_brute_force_over_deterministic_policies():
    P, R = random_mdp(S=4, A=3, seed=5)
    gamma = 0.95
    best = np.full(4, -np.inf)
    best_policy, best_sum = None, -np.inf
    for actions in itertools.product(range(3), repeat=4):  # all 81 deterministic policies
        P_pi = P[np.arange(4), actions]
        r_pi = R[np.arange(4), actions]
        v = np.linalg.solve(np.eye(4) - gamma * P_pi, r_pi)
        if v.sum() > best_sum:
            best_policy, best_sum = actions, v.sum()
        best = np.maximum(best, v)
    V, greedy, _ = rl.value_iteration(P, R, gamma)
    assert_close(V, best, rtol=1e-8)
    assert tuple(greedy) == best_policy  # the optimal policy dominates in every state
    assert_close(rl.bellman_optimality_backup(V, P, R, gamma), V, rtol=1e-9)


def test_value_iteration_error_contracts_by_gamma():
    P, R = random_mdp(S=5, A=2, seed=2)
    gamma = 0.8
    V, _, hist = rl.value_iteration(P, R, gamma)
    errs = [np.max(np.abs(h - V)) for h in hist[:20]]
    for e0, e1 in zip(errs, errs[1:]):
        assert e1 <= gamma * e0 + 1e-12


@pytest.mark.parametrize("gamma", [0.5, 0.9, 0.99])
def test_gridworld_optimal_values_are_gamma_to_distance_minus_one(gamma):
    n = 4
    P, R = rl.gridworld(n)
    V, greedy, _ = rl.value_iteration(P, R, gamma)
    for i, j in itertools.product(range(n), repeat=2):
        d = (n - 1 - i) + (n - 1 - j)
        expected = 0.0 if d == 0 else gamma ** (d - 1)
        assert_close(V[i * n + j], expected, rtol=1e-9, atol=1e-12, what=f"cell {(i, j)}")


def test_discounted_returns_direct_sum_and_terminal_cut():
    r = np.array([1.0, 0.0, 2.0, -1.0])
    g = 0.9
    direct = [sum(g**k * r[t + k] for k in range(len(r) - t)) for t in range(len(r))]
    assert_close(rl.discounted_returns(r, g), direct)
    # episode ends after step 1: G_0 = 1 + 0.9 * 0, G_2 restarts
    G = rl.discounted_returns(r, g, dones=[0, 1, 0, 0], bootstrap=5.0)
    assert_close(G, [1.0, 0.0, 2.0 + 0.9 * (-1.0 + 0.9 * 5.0), -1.0 + 0.9 * 5.0])


def test_n_step_return_by_hand():
    # G^(3) = 1 + 0.5*2 + 0.25*3 + 0.125*V, V = 8
    assert_close(rl.n_step_return([1.0, 2.0, 3.0], 8.0, 0.5), 1 + 1 + 0.75 + 1.0)


def test_dqn_target_with_terminal_masking():
    r = np.array([1.0, -1.0])
    q_next = np.array([[0.5, 2.0, 1.0], [3.0, 0.0, 4.0]])
    y = rl.dqn_target(r, q_next, dones=np.array([0.0, 1.0]), gamma=0.9)
    assert_close(y, [1.0 + 0.9 * 2.0, -1.0])  # terminal: no bootstrap


def test_double_dqn_target_hand_case():
    r = np.array([0.0, 1.0])
    q_online = np.array([[1.0, 5.0, 2.0], [0.0, -1.0, 3.0]])  # online argmax: 1, 2
    q_target = np.array([[4.0, 0.5, 3.0], [9.0, 1.0, 2.0]])  # target max would be 4, 9
    y = rl.double_dqn_target(r, q_online, q_target, np.array([0.0, 0.0]), gamma=0.5)
    assert_close(y, [0.0 + 0.5 * 0.5, 1.0 + 0.5 * 2.0])
    assert_close(rl.dqn_target(r, q_target, np.zeros(2), 0.5), [2.0, 5.5])  # vanilla overestimates here


def test_expected_max_of_normals_closed_forms():
    assert_close(rl.expected_max_of_normals(1), 0.0, atol=1e-9)
    assert_close(rl.expected_max_of_normals(2), 1 / math.sqrt(math.pi), rtol=1e-7)
    assert_close(rl.expected_max_of_normals(3, sigma=2.0), 2 * 3 / (2 * math.sqrt(math.pi)), rtol=1e-7)


def test_gae_limits_lambda_one_and_zero():
    rng = np.random.default_rng(3)
    T, gamma = 12, 0.97
    r = rng.normal(size=T)
    v = rng.normal(size=T)
    last = 0.7
    dones = np.zeros(T)
    dones[5] = 1.0
    # lambda = 1: discounted return (bootstrapped from V(s_T), cut at the terminal) minus V
    adv1, ret1 = rl.gae(r, v, last, dones, gamma, 1.0)
    G = np.empty(T)
    for t in range(T):
        acc, disc = 0.0, 1.0
        for k in range(t, T):
            acc += disc * r[k]
            disc *= gamma
            if dones[k]:
                break
        else:
            acc += disc * last
        G[t] = acc
    assert_close(adv1, G - v, rtol=1e-9)
    assert_close(ret1, G, rtol=1e-9)
    # lambda = 0: one-step TD error, written out
    adv0, _ = rl.gae(r, v, last, dones, gamma, 0.0)
    v_next = np.append(v[1:], last)
    assert_close(adv0, r + gamma * (1 - dones) * v_next - v)


def test_gae_equals_weighted_sum_of_td_errors():
    rng = np.random.default_rng(4)
    T, gamma, lam = 8, 0.9, 0.8
    r, v = rng.normal(size=T), rng.normal(size=T)
    adv, _ = rl.gae(r, v, 0.3, np.zeros(T), gamma, lam)
    delta = rl.td_errors(r, v, 0.3, np.zeros(T), gamma)
    w = rl.gae_weights(gamma, lam, T)
    assert_close(adv[0], w @ delta)
    assert_close(adv[3], w[: T - 3] @ delta[3:])


@pytest.mark.torch
def test_ppo_clip_matches_torch_autograd_including_zero_gradient_when_clipped():
    import torch

    ratio = np.array([0.5, 0.85, 1.0, 1.1, 1.3, 0.5, 0.9, 1.15, 1.5, 0.7])
    adv = np.array([1.0, 1.0, 1.0, 1.0, 1.0, -1.0, -2.0, -0.5, -1.0, 2.0])
    eps = 0.2
    rt = torch.tensor(ratio, dtype=torch.float64, requires_grad=True)
    at = torch.tensor(adv, dtype=torch.float64)
    obj = torch.min(rt * at, torch.clamp(rt, 1 - eps, 1 + eps) * at)
    obj.sum().backward()
    assert_close(rl.ppo_clip_objective(ratio, adv, eps), obj.detach().numpy())
    assert_close(rl.ppo_clip_grad(ratio, adv, eps), rt.grad.numpy())
    # clipped region: A > 0 and rho = 1.3 > 1.2; A < 0 and rho = 0.5 < 0.8 -> no gradient
    assert rt.grad[4] == 0 and rt.grad[5] == 0
    # pessimistic side keeps its gradient: A > 0, rho = 0.5 < 0.8 and A < 0, rho = 1.5 > 1.2
    assert rt.grad[0] == 1.0 and rt.grad[8] == -1.0


@pytest.mark.torch
def test_entropy_matches_torch_categorical():
    import torch

    logits = np.array([[0.1, 2.0, -1.0], [0.0, 0.0, 0.0]])
    ref = torch.distributions.Categorical(logits=torch.tensor(logits, dtype=torch.float64)).entropy().numpy()
    assert_close(rl.categorical_entropy(logits), ref)
    assert_close(rl.categorical_entropy(logits)[1], math.log(3))


def test_soft_update_and_epsilon_schedule():
    assert_close(rl.soft_update(np.array([0.0, 10.0]), np.array([1.0, 0.0]), 0.005), [0.005, 9.95])
    assert rl.linear_epsilon(0) == 1.0
    assert_close(rl.linear_epsilon(500_000), 0.55)
    assert rl.linear_epsilon(5_000_000) == pytest.approx(0.1)


def test_slippery_gridworld_is_stochastic_and_greedy_policy_is_optimal():
    P, R = rl.gridworld(4, slip=0.2)
    assert_close(P.sum(axis=2), np.ones((16, 4)))
    assert_close(P[0, 3, 1], 0.8 + 0.05)  # intended move right plus the slip that also goes right
    gamma = 0.9
    V, greedy, _ = rl.value_iteration(P, R, gamma)
    pi = np.eye(4)[greedy]
    P_pi = np.einsum("sa,sat->st", pi, P)
    assert_close(np.linalg.solve(np.eye(16) - gamma * P_pi, (pi * R).sum(1)), V, rtol=1e-9, atol=1e-12)
