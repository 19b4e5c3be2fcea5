import numpy as np

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.diffusion import (alpha_bars_from_betas, cosine_betas, ddim_step, linear_betas,
                                           posterior_mean_var, q_sample, snr, x0_to_eps)

rng = np.random.default_rng(0)
abar_lin = alpha_bars_from_betas(linear_betas(1000))  # beta_1 = 1e-4 ... beta_T = 0.02
abar_cos = alpha_bars_from_betas(cosine_betas(1000))  # s = 0.008, beta clipped at 0.999
print("log-SNR at t = 1, 500, 1000 (linear):", np.log(snr(abar_lin[[0, 499, 999]])).round(2))
assert abar_lin[-1] < 1e-4 and abar_cos[499] > abar_lin[499]  # cosine keeps more signal mid-way

# forward process in one jump: x_t = sqrt(abar_t) x0 + sqrt(1 - abar_t) eps
x0 = rng.standard_normal(100_000) * 0.5 + 1.0
xt = q_sample(x0, abar_lin[99], rng.standard_normal(x0.shape))
assert abs(xt.mean() - np.sqrt(abar_lin[99]) * 1.0) < 0.01

# the posterior q(x_{t-1} | x_t, x_0) has variance beta_tilde_t < beta_t
mean, var = posterior_mean_var(x0[:3], xt[:3], abar_lin[99], abar_lin[98])
assert var < linear_betas(1000)[99]

# DDIM (eta = 0) with a perfect noise predictor walks back to x0 in 10 steps
steps = list(range(1000, 0, -100))
x = q_sample(x0[:5], abar_lin[999], rng.standard_normal(5))
for i, t in enumerate(steps):
    a_prev = abar_lin[steps[i + 1] - 1] if i + 1 < len(steps) else 1.0
    x = ddim_step(x, x0_to_eps(x, x0[:5], abar_lin[t - 1]), abar_lin[t - 1], a_prev, eta=0.0)
assert np.allclose(x, x0[:5])
