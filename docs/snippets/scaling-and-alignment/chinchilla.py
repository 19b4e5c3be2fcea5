import numpy as np

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.scaling import chinchilla_loss, chinchilla_optimal

C = 5.76e23  # Gopher's training budget in FLOPs
N = np.geomspace(1e9, 1e12, 20001)  # candidate model sizes on one iso-FLOP line
D = C / (6 * N)  # C = 6 N D fixes the tokens
n_grid = N[np.argmin(chinchilla_loss(N, D))]

n_opt, d_opt = chinchilla_optimal(C)  # N = G (C/6)^a, D = (C/6)^b / G
assert abs(n_grid / n_opt - 1) < 1e-3
print(f"N_opt = {n_opt:.3g}, D_opt = {d_opt:.3g}, tokens per parameter = {d_opt / n_opt:.0f}")
# the rounded Approach-3 constants give ~93 tokens/parameter here, not the famous 20 (see pitfalls)
assert 85 < d_opt / n_opt < 100

# over-training: Llama-3-8B saw 15T tokens, about 1,900 per parameter
assert round(15e12 / (20 * 8e9)) == 94  # vs the 20-tokens rule
