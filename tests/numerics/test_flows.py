"""Flow matching / rectified flow and normalizing flows, each checked against an independent reference:
finite differences and torch autograd, Monte Carlo regression, the continuity equation, closed-form ODE
solutions, measured convergence orders, scipy densities and a brute-force Jacobian determinant."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate, stats

from cheatsheet.numerics import flows as fl
from tests.numerics.refdata import assert_close

M, S = 1.5, 0.4  # the 1-D data distribution N(M, S^2); noise x_0 ~ N(0, 1)


# --- the path and its velocity -----------------------------------------------------------------------


def test_target_is_time_derivative_of_the_path_by_finite_differences():
    rng = np.random.default_rng(0)
    x0, x1 = rng.standard_normal((2, 7, 3))
    h = 1e-6
    for t in (0.05, 0.3, 0.5, 0.97):
        fd = (fl.fm_path(x0, x1, t + h) - fl.fm_path(x0, x1, t - h)) / (2 * h)
        assert_close(fd, fl.fm_target(x0, x1), rtol=1e-7, atol=1e-8, what=f"t={t}")
    # the endpoints: noise at t = 0, data at t = 1
    assert_close(fl.fm_path(x0, x1, 0.0), x0)
    assert_close(fl.fm_path(x0, x1, 1.0), x1)


@pytest.mark.torch
def test_target_is_time_derivative_of_the_path_by_torch_autograd():
    import torch

    rng = np.random.default_rng(1)
    x0, x1 = rng.standard_normal((2, 5))
    for t in (0.1, 0.6):
        tt = torch.tensor(t, dtype=torch.float64, requires_grad=True)
        path = (1 - tt) * torch.tensor(x0) + tt * torch.tensor(x1)
        assert_close(path.detach().numpy(), fl.fm_path(x0, x1, t))
        grads = [torch.autograd.grad(path[i], tt, retain_graph=True)[0].item() for i in range(5)]
        assert_close(grads, fl.fm_target(x0, x1))


def test_endpoints_recovered_from_the_velocity():
    rng = np.random.default_rng(2)
    x0, x1 = rng.standard_normal((2, 6))
    for t in (0.0, 0.25, 0.9, 1.0):
        x0_hat, x1_hat = fl.fm_endpoints_from_velocity(fl.fm_path(x0, x1, t), fl.fm_target(x0, x1), t)
        assert_close(x0_hat, x0, what=f"t={t}")
        assert_close(x1_hat, x1, what=f"t={t}")


def test_gaussian_velocity_is_the_conditional_flow_matching_minimizer_by_monte_carlo():
    # the CFM loss E|| v(x_t, t) - (x_1 - x_0) ||^2 is minimized by E[x_1 - x_0 | x_t]; for Gaussians that
    # regression is linear, so an ordinary least-squares fit of the target on x_t recovers it
    rng = np.random.default_rng(3)
    n = 400_000
    x0, x1 = rng.standard_normal(n), M + S * rng.standard_normal(n)
    for t in (0.2, 0.7):
        xt = fl.fm_path(x0, x1, t)
        slope, intercept = np.polyfit(xt, fl.fm_target(x0, x1), 1)
        grid = np.array([-1.0, 0.0, 2.0])
        assert np.max(np.abs(intercept + slope * grid - fl.gaussian_fm_velocity(grid, t, M, S))) < 0.01


def test_velocity_from_score_matches_the_gaussian_velocity():
    # score of p_t = N(t M, t^2 S^2 + (1 - t)^2) by finite differences of scipy's log density
    x = np.linspace(-3, 4, 15)
    for t in (0.1, 0.5, 0.9):
        sd = math.sqrt(t**2 * S**2 + (1 - t) ** 2)
        h = 1e-5
        score = (stats.norm.logpdf(x + h, t * M, sd) - stats.norm.logpdf(x - h, t * M, sd)) / (2 * h)
        assert_close(fl.velocity_from_score(x, score, t), fl.gaussian_fm_velocity(x, t, M, S), rtol=1e-6, atol=1e-6)


def test_gaussian_flow_map_solves_the_ode_and_ends_at_the_data_distribution():
    z = np.linspace(-2, 2, 9)
    h = 1e-6
    for t in (0.1, 0.5, 0.95):
        dxdt = (fl.gaussian_fm_flow_map(z, t + h, M, S) - fl.gaussian_fm_flow_map(z, t - h, M, S)) / (2 * h)
        assert_close(dxdt, fl.gaussian_fm_velocity(fl.gaussian_fm_flow_map(z, t, M, S), t, M, S), rtol=1e-6, atol=1e-7)
    assert_close(fl.gaussian_fm_flow_map(z, 0.0, M, S), z)
    assert_close(fl.gaussian_fm_flow_map(z, 1.0, M, S), M + S * z)


def _affine_moments(solver, n_steps):
    """The solver's map x_0 -> x_1 is affine for an affine velocity: read off mean (image of 0) and sd."""
    ts = np.linspace(0.0, 1.0, n_steps + 1)
    v = lambda x, t: fl.gaussian_fm_velocity(x, t, M, S)  # noqa: E731
    at0, at1 = solver(v, np.array([0.0]), ts)[0], solver(v, np.array([1.0]), ts)[0]
    return at0, at1 - at0  # mean and standard deviation of the pushed-forward N(0, 1)


def test_euler_and_heun_reach_the_target_gaussian_at_orders_one_and_two():
    errs = {"euler": [], "heun": []}
    ns = (20, 40, 80, 160)
    for n in ns:
        for name, solver in (("euler", fl.euler_solve), ("heun", fl.heun_solve)):
            mean, sd = _affine_moments(solver, n)
            errs[name].append(abs(mean - M) + abs(sd**2 - S**2))
    orders = {k: np.log2(np.array(e[:-1]) / np.array(e[1:])) for k, e in errs.items()}
    assert np.all(np.abs(orders["euler"] - 1.0) < 0.15), orders
    assert np.all(np.abs(orders["heun"] - 2.0) < 0.15), orders
    # at equal cost (80 Euler steps = 40 Heun steps) Heun is far closer
    assert errs["heun"][1] < 0.1 * errs["euler"][2]
    mean, sd = _affine_moments(fl.heun_solve, 80)
    assert abs(mean - M) < 1e-3 and abs(sd - S) < 1e-3


@pytest.mark.parametrize("path", [fl.linear_path_coefficients, fl.vp_path_coefficients], ids=["linear", "vp"])
def test_mixture_velocity_satisfies_the_continuity_equation(path):
    # d p_t / dt + d (p_t v) / dx = 0, both derivatives by central differences of the closed-form density
    means, stds, weights = np.array([-1.5, 1.0]), np.array([0.3, 0.5]), np.array([0.4, 0.6])
    x = np.linspace(-8, 8, 1601)
    h, hx = 1e-5, 1e-5
    for t in (0.2, 0.5, 0.85):
        a, b, da, db = path(t)
        p = fl.mixture_path_density(x, a, b, means, stds, weights)
        dp_dt = (fl.mixture_path_density(x, *path(t + h)[:2], means, stds, weights)
                 - fl.mixture_path_density(x, *path(t - h)[:2], means, stds, weights)) / (2 * h)
        flux = lambda y: (fl.mixture_path_density(y, a, b, means, stds, weights)  # noqa: E731
                          * fl.mixture_path_velocity(y, (a, b, da, db), means, stds, weights))
        dflux_dx = (flux(x + hx) - flux(x - hx)) / (2 * hx)
        assert np.max(np.abs(dp_dt + dflux_dx)) < 1e-5 * np.max(np.abs(dp_dt)) + 1e-8, f"t={t}"
        assert_close(integrate.trapezoid(p, x), 1.0, rtol=1e-6)


def test_single_component_mixture_velocity_equals_the_gaussian_formula():
    x = np.linspace(-3, 3, 13)
    for t in (0.1, 0.5, 0.9):
        v = fl.mixture_path_velocity(x, fl.linear_path_coefficients(t), [M], [S], [1.0])
        assert_close(v, fl.gaussian_fm_velocity(x, t, M, S))


def test_logit_normal_density_integrates_to_the_normal_cdf_of_the_logit():
    for m, s in ((0.0, 1.0), (0.5, 0.6)):
        assert_close(integrate.quad(lambda u: fl.logit_normal_pdf(u, m, s), 0, 1)[0], 1.0, rtol=1e-7)
        for u in (0.1, 0.5, 0.8):
            mass = integrate.quad(lambda w: fl.logit_normal_pdf(w, m, s), 0, u)[0]
            assert_close(mass, stats.norm.cdf(math.log(u / (1 - u)), m, s), rtol=1e-7)
    # m = 0, s = 1 (SD3's choice) is symmetric about t = 1/2 and peaks there
    t = np.linspace(0.01, 0.99, 99)
    p = fl.logit_normal_pdf(t)
    assert_close(p, p[::-1])
    assert int(np.argmax(p)) == 49


# --- normalizing flows -------------------------------------------------------------------------------


@pytest.mark.parametrize("a,b", [(2.0, -1.0), (-0.5, 0.3), (1.0, 0.0)])
def test_affine_flow_density_matches_scipy_norm(a, b):
    x = np.linspace(-5, 5, 41)
    assert_close(fl.affine_flow_logpdf(x, a, b), stats.norm.logpdf(x, loc=b, scale=abs(a)))


def test_linear_flow_density_matches_scipy_multivariate_normal():
    A = np.array([[1.5, 0.0], [0.8, 0.5]])
    b = np.array([0.3, -1.0])
    rng = np.random.default_rng(4)
    x = rng.standard_normal((20, 2)) * 2
    expected = stats.multivariate_normal(mean=b, cov=A @ A.T).logpdf(x)
    assert_close(fl.linear_flow_logpdf(x, A, b), expected)
    # a reflection (det < 0) gives the same density as its mirror image
    R = A @ np.array([[0.0, 1.0], [1.0, 0.0]])
    assert_close(fl.linear_flow_logpdf(x, R, b), expected)


def _s(x1):
    return 0.8 * np.tanh(1.3 * x1 - 0.2)


def _t(x1):
    return 0.6 * np.sin(2.0 * x1) + 0.3 * x1


def test_coupling_inverse_round_trip_and_density_integrates_to_one():
    rng = np.random.default_rng(5)
    x = rng.standard_normal((50, 2))
    z, _ = fl.coupling_forward(x, 1, _s, _t)
    assert_close(fl.coupling_inverse(z, 1, _s, _t), x)
    g = np.linspace(-16, 16, 1601)
    X1, X2 = np.meshgrid(g, g, indexing="ij")
    p = np.exp(fl.flow_logpdf(np.stack([X1, X2], -1), 1, _s, _t))
    assert_close(integrate.trapezoid(integrate.trapezoid(p, g, axis=1), g), 1.0, rtol=1e-4)


@pytest.mark.torch
def test_coupling_log_determinant_matches_torch_jacobian():
    import torch

    def f(x):  # the same coupling written in torch
        x1, x2 = x[:1], x[1:]
        s = 0.8 * torch.tanh(1.3 * x1 - 0.2)
        return torch.cat([x1, x2 * torch.exp(s) + 0.6 * torch.sin(2.0 * x1) + 0.3 * x1])

    rng = np.random.default_rng(6)
    for x in rng.standard_normal((5, 2)):
        J = torch.autograd.functional.jacobian(f, torch.tensor(x))
        _, logabsdet = torch.linalg.slogdet(J)
        z, logdet = fl.coupling_forward(x, 1, _s, _t)
        assert_close(z, f(torch.tensor(x)).numpy())
        assert_close(logdet, logabsdet.item())
