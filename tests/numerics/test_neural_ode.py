"""Fixed-step solvers against scipy and the matrix exponential, convergence orders, the adjoint
gradient against finite differences and torch autograd, and the continuous change of variables."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import solve_ivp
from scipy.linalg import expm

from cheatsheet.numerics import neural_ode as node
from tests.numerics.refdata import assert_close

RNG = np.random.default_rng(0)
D = 3
W = 0.6 * RNG.normal(size=(D, D))
B = 0.2 * RNG.normal(size=D)
H0 = np.array([0.5, -1.0, 0.8])
Y = np.array([0.3, 0.2, -0.4])
T1 = 1.5


def test_spiral_closed_form_matches_matrix_exponential():
    A = node.spiral_matrix(0.1, 2.0)
    for t in (0.0, 0.7, 3.0):
        assert_close(node.spiral_solution([1.0, 0.5], t), expm(A * t) @ np.array([1.0, 0.5]))


def test_rk4_matches_expm_on_a_linear_ode():
    A = np.array([[-0.5, 1.0, 0.0], [-1.0, -0.2, 0.3], [0.1, 0.0, -0.8]])
    h = node.odeint_fixed(lambda h, t: A @ h, H0, 0.0, 2.0, 400, "rk4")[-1]
    assert_close(h, expm(2.0 * A) @ H0, rtol=1e-9)


def test_rk4_matches_scipy_solve_ivp_on_a_nonlinear_ode():
    def f(h, t):
        return node.tanh_field(h, W, B) + 0.3 * np.sin(t)

    ours = node.odeint_fixed(f, H0, 0.0, T1, 300, "rk4")[-1]
    ref = solve_ivp(lambda t, h: f(h, t), (0.0, T1), H0, method="DOP853", rtol=1e-12, atol=1e-12).y[:, -1]
    assert_close(ours, ref, rtol=1e-8)


def test_backward_solve_returns_to_the_start():
    f = lambda h, t: node.tanh_field(h, W, B)  # noqa: E731
    h1 = node.odeint_fixed(f, H0, 0.0, T1, 200, "rk4")[-1]
    assert_close(node.odeint_fixed(f, h1, T1, 0.0, 200, "rk4")[-1], H0, rtol=1e-7)


def test_observed_orders_are_one_and_four():
    n = [1000, 2000, 4000]
    assert np.allclose(node.observed_order(n, node.convergence_errors("euler", n)), 1.0, atol=0.05)
    n = [40, 80, 160]
    assert np.allclose(node.observed_order(n, node.convergence_errors("rk4", n)), 4.0, atol=0.05)


def test_resnet_is_euler_with_unit_step():
    blocks = [lambda h, k=k: np.tanh((W + 0.1 * k) @ h + B) for k in range(4)]
    h = H0.copy()
    for k, f in enumerate(blocks):
        h = node.euler_step(lambda x, t, f=f: f(x), h, float(k), 1.0)
    assert_close(node.resnet_forward(H0, blocks), h)


def _loss(h0, W, b):
    h1 = node.odeint_fixed(lambda h, t: node.tanh_field(h, W, b), h0, 0.0, T1, 200, "rk4")[-1]
    return 0.5 * float(np.sum((h1 - Y) ** 2))


def test_adjoint_gradient_matches_finite_differences():
    loss, g_h0, g_W, g_b = node.adjoint_gradients(H0, W, B, T1, Y, n_steps=200)
    assert_close(loss, _loss(H0, W, B))
    eps = 1e-6
    for i in range(D):
        e = np.eye(D)[i] * eps
        assert_close(g_h0[i], (_loss(H0 + e, W, B) - _loss(H0 - e, W, B)) / (2 * eps), rtol=1e-6)
        assert_close(g_b[i], (_loss(H0, W, B + e) - _loss(H0, W, B - e)) / (2 * eps), rtol=1e-6)
        for j in range(D):
            E = np.zeros((D, D))
            E[i, j] = eps
            assert_close(g_W[i, j], (_loss(H0, W + E, B) - _loss(H0, W - E, B)) / (2 * eps), rtol=1e-6)


@pytest.mark.torch
def test_adjoint_gradient_matches_torch_autograd_through_the_solver():
    import torch

    h0 = torch.tensor(H0, requires_grad=True)
    Wt = torch.tensor(W, requires_grad=True)
    bt = torch.tensor(B, requires_grad=True)
    h, n = h0, 200
    dt = T1 / n
    f = lambda h: torch.tanh(Wt @ h + bt)  # noqa: E731
    for _ in range(n):  # RK4, backpropagated step by step (discretize-then-optimize)
        k1 = f(h)
        k2 = f(h + 0.5 * dt * k1)
        k3 = f(h + 0.5 * dt * k2)
        k4 = f(h + dt * k3)
        h = h + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    loss = 0.5 * (h - torch.tensor(Y)).pow(2).sum()
    loss.backward()
    ours = node.adjoint_gradients(H0, W, B, T1, Y, n_steps=n)
    assert_close(ours[0], loss.item())
    assert_close(ours[1], h0.grad.numpy(), rtol=1e-6)
    assert_close(ours[2], Wt.grad.numpy(), rtol=1e-6)
    assert_close(ours[3], bt.grad.numpy(), rtol=1e-6)


def test_continuous_change_of_variables_matches_exact_jacobian():
    A = np.array([[-0.3, 1.0], [0.2, 0.5]])
    t1 = 1.2
    # exact: z1 = expm(A t1) z0, log p1 = log p0 - log|det expm(A t1)|
    _, logdet = np.linalg.slogdet(expm(A * t1))
    assert_close(node.linear_cnf_logdensity(-1.7, A, t1), -1.7 - logdet)


def test_hutchinson_estimator_is_unbiased():
    A = RNG.normal(size=(6, 6))
    est = node.hutchinson_trace(A, 40000, np.random.default_rng(1))
    # Rademacher variance = 2 * sum_{i != j} ((A_ij + A_ji)/2)^2 / n_samples
    sym = 0.5 * (A + A.T)
    sd = np.sqrt(2 * (np.sum(sym**2) - np.sum(np.diag(sym) ** 2)) / 40000)
    assert abs(est - np.trace(A)) < 4 * sd
