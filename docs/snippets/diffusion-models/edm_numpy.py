import numpy as np

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.diffusion import (alpha_bars_from_betas, edm_loss_weight, edm_precond, edm_sample,
                                           edm_sigma_schedule, edm_training_target, linear_betas,
                                           min_snr_weight, snr)

# EDM preconditioning, sigma_data = 0.5: network input and training target both have unit variance
rng = np.random.default_rng(0)
y = rng.uniform(-1, 1, 200_000) * 0.5 * np.sqrt(3)  # any data with standard deviation 0.5
for sigma in (0.01, 0.5, 20.0):
    c_skip, c_out, c_in, c_noise = edm_precond(sigma)
    n = sigma * rng.standard_normal(y.shape)
    assert abs(np.var(c_in * (y + n)) - 1) < 0.02 and abs(np.var(edm_training_target(y, n, sigma)) - 1) < 0.02
    assert np.isclose(edm_loss_weight(sigma) * c_out**2, 1.0)  # lambda(sigma) c_out^2 = 1: uniform effective weight

# sampling schedule (rho = 7) and the Heun sampler with the exact denoiser of N(0.3, 0.5^2) data
sigmas = edm_sigma_schedule(18)  # 80 ... 0.002, then 0
print("first/last sigmas:", sigmas[:3].round(2), sigmas[-3:].round(4))
mu, s = 0.3, 0.5
denoise = lambda x, sg: mu + s**2 / (s**2 + sg**2) * (x - mu)  # noqa: E731  E[y | y + n = x]
x = edm_sample(denoise, 80.0 * rng.standard_normal(100_000), sigmas)  # 35 denoiser calls
print(f"samples: mean {x.mean():.3f} (0.3), std {x.std():.3f} (0.5)")
assert abs(x.mean() - mu) < 0.01 and abs(x.std() - s) < 0.04

# min-SNR-5 weights for eps-prediction: 1 at high noise, 5 / SNR where SNR > 5
snr_t = snr(alpha_bars_from_betas(linear_betas(1000)))
w = min_snr_weight(snr_t, gamma=5.0, prediction="eps")
print("weights at t = 1, 100, 500, 1000:", w[[0, 99, 499, 999]].round(4))
assert np.all(w <= 1.0) and w[-1] == 1.0
