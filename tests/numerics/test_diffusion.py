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


# --- prediction targets, min-SNR weighting ---------------------------------------------------------


def test_eps_x0_v_conversions_round_trip_over_the_whole_schedule():
    rng = np.random.default_rng(5)
    x0, eps = rng.standard_normal((2, 16))
    for ab in (1e-4, 0.05, 0.5, 0.95, 0.9999):
        xt = df.q_sample(x0, ab, eps)
        v = df.v_target(df.eps_to_x0(xt, eps, ab), eps, ab)  # eps -> x0 -> v
        x0_v, eps_v = df.v_to_x0_eps(xt, v, ab)  # v -> (x0, eps)
        assert_close(x0_v, x0, rtol=1e-6, atol=1e-6, what=f"abar={ab}")
        assert_close(df.x0_to_eps(xt, x0_v, ab), eps, rtol=1e-6, atol=1e-6)
        assert_close(eps_v, eps, rtol=1e-6, atol=1e-6)


@pytest.mark.torch
def test_min_snr_weights_match_a_direct_torch_formula():
    import torch

    snr_t = torch.tensor(df.snr(df.alpha_bars_from_betas(df.linear_betas())), dtype=torch.float64)
    gamma = 5.0
    clipped = torch.clamp(snr_t, max=gamma)
    assert_close(df.min_snr_weight(snr_t.numpy(), gamma, "x0"), clipped.numpy())
    assert_close(df.min_snr_weight(snr_t.numpy(), gamma, "eps"), (clipped / snr_t).numpy())
    assert_close(df.min_snr_weight(snr_t.numpy(), gamma, "v"), (clipped / (snr_t + 1)).numpy())
    w = df.min_snr_weight(snr_t.numpy())  # default gamma = 5, eps-prediction
    assert np.all(w <= 1.0) and w[-1] == pytest.approx(1.0) and w[0] == pytest.approx(5.0 / snr_t[0].item())


def test_min_snr_weighted_eps_and_v_losses_equal_the_clipped_x0_loss():
    # ||x0 - x0_hat||^2 = ||eps - eps_hat||^2 / SNR and ||v - v_hat||^2 = (1 + 1/SNR) ||eps - eps_hat||^2,
    # so weighting the eps (v) loss by min(SNR, g)/SNR (min(SNR, g)/(SNR + 1)) is min(SNR, g) times the x0 loss
    rng = np.random.default_rng(6)
    x0, eps, eps_hat = rng.standard_normal((3, 32))
    for ab in (0.02, 0.5, 0.83, 0.999):
        xt = df.q_sample(x0, ab, eps)
        x0_hat = df.eps_to_x0(xt, eps_hat, ab)
        s = float(df.snr(ab))
        x0_loss = np.sum((x0 - x0_hat) ** 2)
        eps_loss = np.sum((eps - eps_hat) ** 2)
        v_loss = np.sum((df.v_target(x0, eps, ab) - df.v_target(x0_hat, eps_hat, ab)) ** 2)
        target = min(s, 5.0) * x0_loss
        assert_close(df.min_snr_weight(s, 5.0, "eps") * eps_loss, target, rtol=1e-9)
        assert_close(df.min_snr_weight(s, 5.0, "v") * v_loss, target, rtol=1e-9)


# --- EDM (Karras et al. 2022) ---------------------------------------------------------------------------


def test_edm_coefficients_at_hand_values_and_paper_constants():
    c_skip, c_out, c_in, c_noise = df.edm_precond(1.0)  # sigma = 1, sigma_data = 0.5: sigma^2 + sd^2 = 1.25
    assert_close([c_skip, c_out, c_in, c_noise], [0.2, 0.5 / math.sqrt(1.25), 1 / math.sqrt(1.25), 0.0])
    assert_close(df.edm_precond(0.5)[0], 0.5)  # c_skip = 1/2 exactly at sigma = sigma_data
    assert_close(df.edm_precond(math.e**4)[3], 1.0)  # c_noise = ln(sigma) / 4
    assert (df.EDM_SIGMA_DATA, df.EDM_P_MEAN, df.EDM_P_STD) == (0.5, -1.2, 1.2)
    assert (df.EDM_SIGMA_MIN, df.EDM_SIGMA_MAX, df.EDM_RHO) == (0.002, 80.0, 7.0)


@pytest.mark.parametrize("sigma", [0.002, 0.1, 0.5, 2.0, 80.0])
def test_edm_coefficients_follow_from_the_unit_variance_derivation(sigma):
    # Karras et al. App. B.6: c_in makes Var[c_in x] = 1; c_skip minimizes Var[y - c_skip x] (so c_out is
    # as small as possible); c_out^2 is that minimum. Solved numerically here, from the variances alone.
    from scipy.optimize import minimize_scalar

    sd = 0.5
    var_x = sd**2 + sigma**2
    c_skip, c_out, c_in, _ = df.edm_precond(sigma)
    res = minimize_scalar(lambda c: (1 - c) ** 2 * sd**2 + c**2 * sigma**2, bounds=(0, 1), method="bounded",
                          options={"xatol": 1e-12})
    assert_close(c_skip, res.x, rtol=1e-6, atol=1e-9)
    assert_close(c_out, math.sqrt(res.fun), rtol=1e-6)
    assert_close(c_in**2 * var_x, 1.0)
    assert_close(df.edm_loss_weight(sigma) * c_out**2, 1.0)  # effective weight lambda c_out^2 = 1


def test_edm_network_input_and_target_have_unit_variance_by_monte_carlo():
    rng = np.random.default_rng(7)
    n = 400_000
    y = rng.uniform(-1, 1, n) * 0.5 * math.sqrt(3)  # a non-Gaussian data distribution with sd = 0.5
    for sigma in (0.01, 0.3, 2.0, 80.0):
        noise = sigma * rng.standard_normal(n)
        _, _, c_in, _ = df.edm_precond(sigma)
        target = df.edm_training_target(y, noise, sigma)
        assert abs(np.var(c_in * (y + noise)) - 1.0) < 0.01, sigma
        assert abs(np.var(target) - 1.0) < 0.01, sigma
        # the ideal raw output F = target turns the wrapped denoiser into the clean sample
        x = y + noise
        exact = lambda inp, c_noise, x=x, s=sigma: df.edm_training_target(y, x - y, s)  # noqa: E731
        assert_close(df.edm_denoiser(exact, x, sigma), y, rtol=1e-9, atol=1e-9)


def test_edm_denoiser_scales_the_input_and_passes_c_noise():
    seen = {}

    def raw(inp, c_noise):
        seen["inp"], seen["c_noise"] = inp, c_noise
        return np.zeros_like(inp)

    x = np.array([1.0, -2.0])
    out = df.edm_denoiser(raw, x, 3.0)
    assert_close(seen["inp"], x / math.sqrt(9.25))
    assert_close(seen["c_noise"], math.log(3.0) / 4)
    assert_close(out, 0.25 / 9.25 * x)  # only the skip path is left


def test_edm_training_sigma_is_lognormal():
    q = np.array([0.01, 0.25, 0.5, 0.75, 0.99])
    expected = stats.lognorm(s=1.2, scale=math.exp(-1.2)).ppf(q)
    assert_close(df.edm_training_sigma(stats.norm.ppf(q)), expected)
    assert_close(df.edm_training_sigma(0.0), math.exp(-1.2))  # median sigma ~ 0.30


def test_edm_sigma_schedule_endpoints_monotone_and_closed_form():
    for n in (2, 18, 40):
        sig = df.edm_sigma_schedule(n)
        assert sig.shape == (n + 1,)
        assert_close(sig[[0, n - 1, n]], [80.0, 0.002, 0.0])
        assert np.all(np.diff(sig) < 0)
        # sigma^(1/rho) is equally spaced between the endpoints
        assert_close(sig[:-1], np.linspace(80.0 ** (1 / 7), 0.002 ** (1 / 7), n) ** 7)
    # rho = 7 concentrates steps at low noise: for N = 18, 9 of the 18 levels are below sigma = 2 (as the page says)
    assert np.sum(df.edm_sigma_schedule(18)[:-1] < 2.0) == 9


def test_edm_heun_sampler_maps_noise_to_gaussian_data_with_the_exact_denoiser():
    mu, s = 0.3, 0.5
    denoise = lambda x, sigma: mu + s**2 / (s**2 + sigma**2) * (x - mu)  # noqa: E731  E[y | y + n = x]
    z = np.linspace(-2.0, 2.0, 5)
    x_start = mu + math.sqrt(s**2 + 80.0**2) * z  # exact marginal at sigma_max
    exact = mu + s * z  # the probability-flow ODE keeps the standardized value
    err_heun, err_euler = [], []
    for n in (18, 36, 72):  # Heun: 2n - 1 denoiser calls; Euler gets the same budget
        err_heun.append(np.max(np.abs(df.edm_sample(denoise, x_start, df.edm_sigma_schedule(n), 2) - exact)))
        err_euler.append(np.max(np.abs(df.edm_sample(denoise, x_start, df.edm_sigma_schedule(2 * n - 1), 1) - exact)))
    assert err_heun[0] < 0.06  # N = 18 (35 calls): within 6 % of the data's 2-sigma point
    assert all(h < e for h, e in zip(err_heun, err_euler))  # Heun wins at equal cost
    heun_orders = np.log2(np.array(err_heun[:-1]) / np.array(err_heun[1:]))
    euler_orders = np.log2(np.array(err_euler[:-1]) / np.array(err_euler[1:]))
    assert np.all((heun_orders > 1.8) & (heun_orders < 2.4)), heun_orders
    assert np.all(np.abs(euler_orders - 1.0) < 0.1), euler_orders


def test_vp_sample_is_a_scaled_edm_sample():
    rng = np.random.default_rng(8)
    x0, eps = rng.standard_normal((2, 6))
    for ab in (0.01, 0.5, 0.99):
        sigma = df.vp_to_edm_sigma(ab)
        assert_close(df.q_sample(x0, ab, eps) / math.sqrt(ab), x0 + sigma * eps)
        assert_close(1.0 / sigma**2, df.snr(ab))
