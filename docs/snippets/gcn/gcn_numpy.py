import numpy as np

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.graph import edges_from_adjacency, gcn_layer, gcn_layer_edges, normalized_adjacency

# path graph 0 - 1 - 2: with self-loops the degrees are d~ = (2, 3, 2)
A = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]], dtype=float)
A_tilde = A + np.eye(3)
d = A_tilde.sum(1)
A_hat = A_tilde / np.sqrt(np.outer(d, d))  # entry (i, j) = 1 / sqrt(d~_i d~_j)
assert np.allclose(A_hat, normalized_adjacency(A))
assert np.isclose(A_hat[0, 1], 1 / np.sqrt(6))

rng = np.random.default_rng(0)
X, W = rng.normal(size=(3, 4)), rng.normal(size=(4, 2))
dense = A_hat @ X @ W  # one layer, before the non-linearity
# the same layer as message passing: each edge j -> i carries W^T x_j / sqrt(d~_i d~_j)
edge_index = edges_from_adjacency(A)  # (2, E): sources, targets
assert np.allclose(gcn_layer_edges(edge_index, X, W, num_nodes=3), dense)
assert np.allclose(gcn_layer(A, X, W), dense)
# spectrum: A_hat = I - L~, eigenvalues of L~ in [0, 2) so those of A_hat lie in (-1, 1]
lam = np.linalg.eigvalsh(np.eye(3) - A_hat)
assert lam.min() > -1e-12 and lam.max() < 2
print("eigenvalues of L~:", lam.round(3))
