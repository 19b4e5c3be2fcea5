import math

import numpy as np

rng = np.random.default_rng(0)
n = 500
a_right = rng.random(n) < 0.82  # per-item correctness of model A and model B on the SAME test items
b_right = np.where(rng.random(n) < 0.8, a_right, rng.random(n) < 0.7)

# McNemar: only the discordant pairs count
b = int(np.sum(a_right & ~b_right))  # A right, B wrong
c = int(np.sum(~a_right & b_right))  # A wrong, B right
exact_p = min(1.0, 2 * sum(math.comb(b + c, i) for i in range(min(b, c) + 1)) / 2 ** (b + c))
chi2 = (abs(b - c) - 1) ** 2 / (b + c)
approx_p = math.erfc(math.sqrt(chi2 / 2))  # chi-squared with 1 degree of freedom
assert abs(exact_p - approx_p) < 0.02

# paired bootstrap (Koehn 2004): resample items, the same indices for both systems
B, deltas = 2000, []
for _ in range(B):
    idx = rng.integers(0, n, n)
    deltas.append(a_right[idx].mean() - b_right[idx].mean())
deltas = np.array(deltas)
p_boot = np.mean(deltas <= 0)
lo, hi = np.percentile(deltas, [2.5, 97.5])
observed = a_right.mean() - b_right.mean()
assert lo < observed < hi and 0 <= p_boot <= 1
