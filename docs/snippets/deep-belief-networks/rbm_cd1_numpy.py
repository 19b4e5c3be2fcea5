import numpy as np

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.generative import (cd_k_step, rbm_free_energy, rbm_log_likelihood,
                                            rbm_p_h_given_v, rbm_p_v_given_h)

rng = np.random.default_rng(0)
protos = np.array([[1, 1, 1, 1, 0, 0, 0, 0], [0, 0, 0, 0, 1, 1, 1, 1]], dtype=float)
data = np.abs(protos[rng.integers(0, 2, 100)] - (rng.random((100, 8)) < 0.05))  # noisy copies

n_v, n_h = 8, 3
W, a, b = rng.normal(0, 0.1, (n_v, n_h)), np.zeros(n_v), np.zeros(n_h)    # W: (n_v, n_h)
ll0 = rbm_log_likelihood(data, W, a, b)     # exact: enumerates all 2^8 visible states
for epoch in range(200):
    W, a, b = cd_k_step(data, W, a, b, k=1, eta=0.3, rng=rng)  # ascent on <v h>_data - <v h>_recon
ll = rbm_log_likelihood(data, W, a, b)
print(f"exact mean log p(v): {ll0:.2f} -> {ll:.2f} nats (uniform: {-8 * np.log(2):.2f})")
assert ll > ll0 + 2.0

# a learned RBM assigns low free energy to the patterns, high to an unseen one
F_seen = rbm_free_energy(protos, W, a, b)
F_new = rbm_free_energy(np.array([1, 0, 1, 0, 1, 0, 1, 0.0]), W, a, b)
assert F_seen.max() < F_new

# one deterministic up-down pass cleans a corrupted pattern
v = np.array([1, 1, 0, 1, 0, 0, 0, 0.0])                       # prototype 0 with one bit off
recon = rbm_p_v_given_h(rbm_p_h_given_v(v, W, b), W, a)
assert np.array_equal(recon > 0.5, protos[0] > 0.5)
