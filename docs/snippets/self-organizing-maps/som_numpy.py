import numpy as np

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.som import (best_matching_unit, grid_positions, quantization_error, som_update,
                                     topographic_error, train_som, uniform_square)

# one hand-checkable step on a 1x3 map: the BMU moves most, its grid neighbors by e^{-1/2} as much
grid = grid_positions(1, 3)
W = np.array([[0.0, 0.0], [1.0, 0.0], [2.0, 0.0]])
x = np.array([1.2, 1.0])
assert best_matching_unit(W, x) == 1
W1 = som_update(W, x, grid, eta=0.5, sigma=1.0)
assert np.allclose(W1[1], W[1] + 0.5 * (x - W[1]))
assert np.allclose(W1[0], W[0] + 0.5 * np.exp(-0.5) * (x - W[0]))

# a 10x10 map on 2-D data: quantization error falls, topology is preserved
X = uniform_square(1000, seed=0)
W, snaps = train_som(X, 10, 10, steps=5000, eta0=0.5, sigma_min=0.3, seed=0, snapshots=(0, 500, 5000))
qe = [quantization_error(snaps[t], X) for t in (0, 500, 5000)]
te = topographic_error(W, X, grid_positions(10, 10))
print("quantization error:", np.round(qe, 3), " topographic error:", round(te, 3))
assert qe[0] > qe[1] > qe[2] and te < 0.1
