"""Gaussian diffusion: schedules, closed-form forward process, posterior, parameterizations, DDPM/DDIM
steps and guidance, each checked against an independent derivation (Gaussian algebra, quadrature,
Monte Carlo) rather than against the module itself."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate, stats

from cheatsheet.numerics import diffusion as df
from tests.numerics.refdata import assert_close


def test_linear_schedule_endpoints_and_alpha_bar_by_product():
    betas = df.linear_betas()
    assert betas.shape == (1000,)
    assert_close([betas[0], betas[-1]], [1e-4, 0.02])
    abar = df.alpha_bars_from_betas(betas)
    prod = 1.0
    for t in range(1000):
        prod *= 1.0 - betas[t]
        if t in (0, 9, 499, 999):
            assert_close(abar[t], prod, what=f"t={t + 1}")
    # Ho et al.: at T the signal is almost gone (alpha_bar_T ~ 4e-5)
    assert 1e-5 < abar[-1] < 1e-4


def test_forward_closed_form_equals_composed_one_step_kernels_exactly():
    # compose q(x_t | x_{t-1}) = N(sqrt(1-b) x_{t-1}, b) as Gaussian algebra: mean *= sqrt(1-b), var = (1-b) var + b
    betas = df.linear_betas(T=200, beta_T=0.05)
    abar = df.alpha_bars_from_betas(betas)
    x0 = 1.7
    mean, var = x0, 0.0
    for t in range(200):
        mean = math.sqrt(1.0 - betas[t]) * mean
        var = (1.0 - betas[t]) * var + betas[t]
        # closed form: mean = sqrt(abar) x0 (q_sample with eps = 0), var = 1 - abar
        assert_close(mean, df.q_sample(x0, abar[t], 0.0), what=f"mean t={t + 1}")
        assert_close(var, 1.0 - abar[t], what=f"var t={t + 1}")


def test_forward_closed_form_matches_monte_carlo_chain():
    rng = np.random.default_rng(0)
    betas = df.cosine_betas(T=50)
    abar = df.alpha_bars_from_betas(betas)
    x0 = np.full(200_000, -0.8)
    x = x0.copy()
    for t in range(30):
        x = df.q_step(x, betas[t], rng.standard_normal(x.shape))
    # 30 steps of the one-step kernel vs the closed form N(sqrt(abar_30) x0, 1 - abar_30)
    se = math.sqrt((1 - abar[29]) / x.size)
    assert abs(x.mean() - math.sqrt(abar[29]) * -0.8) < 5 * se
    assert abs(x.var() - (1 - abar[29])) < 5 * (1 - abar[29]) * math.sqrt(2 / x.size)


@pytest.mark.parametrize("t", [2, 10, 500, 999])
def test_posterior_matches_bayes_rule_by_quadrature(t):
    abar = df.alpha_bars_from_betas(df.linear_betas())
    ab_t, ab_prev = abar[t - 1], abar[t - 2]
    alpha_t = ab_t / ab_prev
    x0 = 0.6
    xt = math.sqrt(ab_t) * x0 + math.sqrt(1 - ab_t) * 0.8  # a typical x_t for this x_0
    # p(x_{t-1} | x_t, x_0) ∝ q(x_{t-1} | x_0) q(x_t | x_{t-1}), integrated numerically on a grid
    prior_sd = math.sqrt(1 - ab_prev)
    center = math.sqrt(ab_prev) * x0
    lik_sd = math.sqrt(1 - alpha_t)

    def log_unnorm(y):
        return stats.norm.logpdf(y, center, prior_sd) + stats.norm.logpdf(xt, math.sqrt(alpha_t) * y, lik_sd)

    grid = np.linspace(center - 12 * prior_sd, center + 12 * prior_sd, 200_001)
    lw = log_unnorm(grid)
    w = np.exp(lw - lw.max())
    Z = integrate.trapezoid(w, grid)
    m = integrate.trapezoid(grid * w, grid) / Z
    v = integrate.trapezoid((grid - m) ** 2 * w, grid) / Z
    mean, var = df.posterior_mean_var(x0, xt, ab_t, ab_prev)
    assert_close(mean, m, rtol=1e-5, atol=1e-8)
    assert_close(var, v, rtol=1e-4)


def test_posterior_variance_is_beta_tilde_and_below_beta():
    abar = df.alpha_bars_from_betas(df.linear_betas())
    betas = df.linear_betas()
    for t in (2, 100, 1000):
        _, var = df.posterior_mean_var(0.0, 0.0, abar[t - 1], abar[t - 2])
        assert_close(var, (1 - abar[t - 2]) / (1 - abar[t - 1]) * betas[t - 1])
        assert var < betas[t - 1]


def test_cosine_schedule_properties():
    T = 1000
    assert_close(df.cosine_alpha_bar(0, T), 1.0)
    abar_cos = df.cosine_alpha_bar(np.arange(1, T + 1), T)
    betas = df.cosine_betas(T)
    assert np.all(betas <= 0.999 + 1e-15) and betas[-1] == pytest.approx(0.999)
    assert np.all(np.diff(abar_cos) < 0)
    # hand value at t = T/2: cos^2(((0.5 + s)/(1 + s)) pi/2) / cos^2((s/(1+s)) pi/2)
    s = 0.008
    expected = math.cos((0.5 + s) / (1 + s) * math.pi / 2) ** 2 / math.cos(s / (1 + s) * math.pi / 2) ** 2
    assert_close(abar_cos[T // 2 - 1], expected)
    # before the clip kicks in, the cumulative product of (1 - beta) reproduces alpha_bar_t
    assert_close(df.alpha_bars_from_betas(betas)[:900], abar_cos[:900], rtol=1e-9)
    # first beta is tiny (the reason for the offset s)
    assert betas[0] < 1e-4


def test_parameterization_round_trips():
    rng = np.random.default_rng(1)
    x0, eps = rng.standard_normal(8), rng.standard_normal(8)
    ab = 0.37
    xt = df.q_sample(x0, ab, eps)
    assert_close(df.eps_to_x0(xt, eps, ab), x0)
    assert_close(df.x0_to_eps(xt, x0, ab), eps)
    v = df.v_target(x0, eps, ab)
    x0_v, eps_v = df.v_to_x0_eps(xt, v, ab)
    assert_close(x0_v, x0)
    assert_close(eps_v, eps)
    # v is a rotation of (x0, eps) by phi with cos(phi) = sqrt(abar): x_t = cos(phi) x0 + sin(phi) eps
    phi = math.acos(math.sqrt(ab))
    assert_close(v, math.cos(phi) * eps - math.sin(phi) * x0)
    assert_close(df.snr(ab), ab / (1 - ab))


def test_ddpm_mean_equals_posterior_mean_at_predicted_x0():
    # Ho et al. eq. 11: the eps-parameterized mean is mu_tilde(x_t, x0_hat(x_t, eps))
    abar = df.alpha_bars_from_betas(df.linear_betas())
    rng = np.random.default_rng(2)
    xt, eps = rng.standard_normal(5), rng.standard_normal(5)
    for t in (2, 50, 700):
        ab_t, ab_prev = abar[t - 1], abar[t - 2]
        mean_ddpm = df.ddpm_step(xt, eps, ab_t, ab_prev, z=np.zeros(5))
        mu, var = df.posterior_mean_var(df.eps_to_x0(xt, eps, ab_t), xt, ab_t, ab_prev)
        assert_close(mean_ddpm, mu, what=f"t={t}")
        z = rng.standard_normal(5)
        assert_close(df.ddpm_step(xt, eps, ab_t, ab_prev, z, sigma2="beta_tilde"), mu + math.sqrt(var) * z)


def test_ddim_eta_zero_is_deterministic_and_recovers_x0_with_exact_eps():
    rng = np.random.default_rng(3)
    abar = df.alpha_bars_from_betas(df.linear_betas())
    x0 = rng.standard_normal(6)
    eps = rng.standard_normal(6)
    steps = list(range(1000, 0, -50))  # 20-step sub-sequence 1000, 950, ..., 50
    x = df.q_sample(x0, abar[999], eps)
    for i, t in enumerate(steps):
        ab_t = abar[t - 1]
        ab_prev = abar[steps[i + 1] - 1] if i + 1 < len(steps) else 1.0
        eps_oracle = df.x0_to_eps(x, x0, ab_t)  # a perfect noise predictor
        a = df.ddim_step(x, eps_oracle, ab_t, ab_prev, eta=0.0)
        b = df.ddim_step(x, eps_oracle, ab_t, ab_prev, eta=0.0, z=rng.standard_normal(6))
        np.testing.assert_array_equal(a, b)  # eta = 0: the noise is ignored
        x = a
        # the deterministic path stays on the same line: x_t = sqrt(abar) x0 + sqrt(1-abar) eps
        assert_close(x, np.sqrt(ab_prev) * x0 + np.sqrt(1 - ab_prev) * eps, rtol=1e-8, atol=1e-8)
    assert_close(x, x0, rtol=1e-8, atol=1e-8)


def test_ddim_eta_one_is_ddpm_posterior_variance():
    abar = df.alpha_bars_from_betas(df.linear_betas())
    for t in (2, 300, 1000):
        _, var = df.posterior_mean_var(0.0, 0.0, abar[t - 1], abar[t - 2])
        assert_close(df.ddim_sigma(abar[t - 1], abar[t - 2], 1.0) ** 2, var)
        # and then the DDIM step equals the DDPM step with sigma^2 = beta_tilde
        xt, eps, z = 0.4, -1.1, 0.7
        assert_close(df.ddim_step(xt, eps, abar[t - 1], abar[t - 2], eta=1.0, z=z),
                     df.ddpm_step(xt, eps, abar[t - 1], abar[t - 2], z, sigma2="beta_tilde"))


def test_classifier_free_guidance_combination():
    c, u = np.array([1.0, -2.0]), np.array([0.5, 1.0])
    assert_close(df.cfg_eps(c, u, 1.0), c)
    assert_close(df.cfg_eps(c, u, 0.0), u)
    w = 3.0  # Ho & Salimans: (1 + w) eps_c - w eps_u, scale s = 1 + w
    assert_close(df.cfg_eps(c, u, 1.0 + w), (1 + w) * c - w * u)


def test_forward_mixture_density_matches_monte_carlo_and_integrates_to_one():
    rng = np.random.default_rng(4)
    means, stds, weights = np.array([-1.5, 1.0]), np.array([0.2, 0.4]), np.array([0.3, 0.7])
    ab = 0.5
    x = np.linspace(-8, 8, 4001)
    p = df.forward_mixture_density(x, ab, means, stds, weights)
    assert_close(integrate.trapezoid(p, x), 1.0, rtol=1e-8)
    k = rng.choice(2, size=400_000, p=weights)
    x0 = means[k] + stds[k] * rng.standard_normal(k.size)
    xt = df.q_sample(x0, ab, rng.standard_normal(k.size))
    # the mean and the mass below 0 of the closed-form density vs the samples
    assert abs(integrate.trapezoid(x * p, x) - xt.mean()) < 0.01
    assert abs(integrate.trapezoid(p[x < 0], x[x < 0]) - (xt < 0).mean()) < 0.005
