r"""Feed-forward networks (multi-layer perceptrons): the layer map, the parameter count, and the
piecewise-linear functions of ReLU networks (depth versus width), on NumPy arrays.

One sample is written as a column vector, $\mathbf{h}^{(l)} = \phi(\mathbf{W}^{(l)}\mathbf{h}^{(l-1)} + \mathbf{b}^{(l)})$
with $\mathbf{W}^{(l)} \in \R^{n_l \times n_{l-1}}$ (PyTorch's ``nn.Linear(n_{l-1}, n_l).weight`` shape); a batch
$\mathbf{X} \in \R^{B \times n_0}$ is processed row-wise as ``X @ W.T + b``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from .activations import relu

Array = np.ndarray


def mlp_forward(X: Array, weights: Sequence[Array], biases: Sequence[Array],
                activation: Callable[[Array], Array] = relu) -> Array:
    r"""$\mathbf{h}^{(0)} = \mathbf{x}$, $\mathbf{h}^{(l)} = \phi(\mathbf{W}^{(l)}\mathbf{h}^{(l-1)} + \mathbf{b}^{(l)})$ for
    $l = 1, \dots, L-1$, and a linear last layer $\hat{\mathbf{y}} = \mathbf{W}^{(L)}\mathbf{h}^{(L-1)} + \mathbf{b}^{(L)}$."""
    h = np.asarray(X, dtype=float)
    last = len(weights) - 1
    for l, (W, b) in enumerate(zip(weights, biases)):
        z = h @ np.asarray(W, dtype=float).T + b
        h = z if l == last else activation(z)
    return h


def mlp_param_count(sizes: Sequence[int], *, bias: bool = True) -> int:
    r"""$\sum_{l=1}^{L} (n_{l-1} + 1)\, n_l$ for layer widths $n_0, \dots, n_L$ (drop the $+1$ without biases)."""
    return int(sum((n_in + (1 if bias else 0)) * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:])))


def sawtooth_net(depth: int) -> tuple[list[Array], list[Array]]:
    r"""Weights of a ReLU MLP with ``depth`` hidden layers of 2 units computing the tent map composed
    ``depth`` times, $t^{\circ L}(x)$ on $[0, 1]$, where $t(x) = 2\,\mathrm{ReLU}(x) - 4\,\mathrm{ReLU}(x - \tfrac12)$
    (Telgarsky 2016): $2^L$ linear pieces from $2L$ hidden units."""
    weights = [np.array([[1.0], [1.0]])]
    biases = [np.array([0.0, -0.5])]
    for _ in range(depth - 1):
        weights.append(np.array([[2.0, -4.0], [2.0, -4.0]]))
        biases.append(np.array([0.0, -0.5]))
    weights.append(np.array([[2.0, -4.0]]))
    biases.append(np.array([0.0]))
    return weights, biases


def count_linear_pieces(x: Array, y: Array, *, tol: float = 1e-7) -> int:
    r"""Number of linear pieces of a sampled piecewise-linear function: $1 +$ the number of slope changes
    between consecutive grid intervals (exact when every breakpoint lies on the grid)."""
    slopes = np.diff(y) / np.diff(x)
    return 1 + int(np.sum(np.abs(np.diff(slopes)) > tol * max(1.0, float(np.max(np.abs(slopes))))))


def max_pieces_shallow(units: int) -> int:
    r"""At most $n + 1$ linear pieces on a line for one hidden layer of $n$ ReLU units (one kink per unit)."""
    return units + 1


