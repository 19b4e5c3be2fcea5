"""A fully connected network (MLP) with its forward and backward pass written out, in the
row-major mini-batch form PyTorch uses (``nn.Linear``: $\\mathbf{Z} = \\mathbf{A}\\mathbf{W}^\\top + \\mathbf{b}$).

Shapes: a batch $\\mathbf{A}^{(0)} = \\mathbf{X} \\in \\R^{B \\times n_0}$; layer $l$ has
$\\mathbf{W}^{(l)} \\in \\R^{n_l \\times n_{l-1}}$, $\\mathbf{b}^{(l)} \\in \\R^{n_l}$ and
$\\mathbf{Z}^{(l)}, \\mathbf{A}^{(l)} \\in \\R^{B \\times n_l}$. The last layer is linear.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .activations import relu, relu_grad, sigmoid, sigmoid_grad, tanh, tanh_grad

Array = np.ndarray

# hidden activation name -> (f, f')
HIDDEN = {"sigmoid": (sigmoid, sigmoid_grad), "tanh": (tanh, tanh_grad), "relu": (relu, relu_grad)}


@dataclass
class MLP:
    r"""$\mathbf{Z}^{(l)} = \mathbf{A}^{(l-1)}\mathbf{W}^{(l)\top} + \mathbf{1}\mathbf{b}^{(l)\top}$,
    $\mathbf{A}^{(l)} = f(\mathbf{Z}^{(l)})$ for $l < L$, $\hat{\mathbf{Y}} = \mathbf{Z}^{(L)}$."""

    weights: list[Array]
    biases: list[Array]
    activation: str = "relu"

    @classmethod
    def init(cls, sizes: list[int], activation: str = "relu", *, scheme: str = "he", seed: int = 0) -> MLP:
        r"""Gaussian init with zero biases: He $\operatorname{Var}(W_{ij}) = 2 / n_{l-1}$ or
        Glorot (Xavier) $\operatorname{Var}(W_{ij}) = 2 / (n_{l-1} + n_l)$."""
        rng = np.random.default_rng(seed)
        weights, biases = [], []
        for n_in, n_out in zip(sizes[:-1], sizes[1:]):
            var = 2.0 / n_in if scheme == "he" else 2.0 / (n_in + n_out)
            weights.append(rng.normal(0.0, np.sqrt(var), (n_out, n_in)))
            biases.append(np.zeros(n_out))
        return cls(weights, biases, activation)

    @property
    def depth(self) -> int:
        return len(self.weights)

    def forward(self, X: Array) -> tuple[Array, list[Array], list[Array]]:
        """Return the output and the caches: pre-activations ``Z[l]`` and activations ``A[l]`` (``A[0] = X``)."""
        f = HIDDEN[self.activation][0]
        A = [np.asarray(X, dtype=float)]
        Z = []
        for l, (W, b) in enumerate(zip(self.weights, self.biases), start=1):
            Z.append(A[-1] @ W.T + b)
            A.append(Z[-1] if l == self.depth else f(Z[-1]))
        return A[-1], Z, A

    def backward(self, dY: Array, Z: list[Array], A: list[Array]) -> tuple[list[Array], list[Array]]:
        r"""Back-propagate $\boldsymbol{\Delta}^{(L)} = \partial\mathcal{L}/\partial\mathbf{Z}^{(L)}$ (``dY``):
        $\partial\mathcal{L}/\partial\mathbf{W}^{(l)} = \boldsymbol{\Delta}^{(l)\top}\mathbf{A}^{(l-1)}$,
        $\partial\mathcal{L}/\partial\mathbf{b}^{(l)} = \boldsymbol{\Delta}^{(l)\top}\mathbf{1}$,
        $\boldsymbol{\Delta}^{(l-1)} = (\boldsymbol{\Delta}^{(l)}\mathbf{W}^{(l)}) \odot f'(\mathbf{Z}^{(l-1)})$.
        Returns ``(dW, db)`` per layer, first layer first."""
        df = HIDDEN[self.activation][1]
        dW: list[Array] = [np.empty(0)] * self.depth
        db: list[Array] = [np.empty(0)] * self.depth
        delta = np.asarray(dY, dtype=float)
        for l in range(self.depth - 1, -1, -1):
            dW[l] = delta.T @ A[l]
            db[l] = delta.sum(axis=0)
            if l > 0:
                delta = (delta @ self.weights[l]) * df(Z[l - 1])
        return dW, db


def mse_loss_and_grad(Y_hat: Array, Y: Array) -> tuple[float, Array]:
    r"""$\mathcal{L} = \frac{1}{2B}\lVert \hat{\mathbf{Y}} - \mathbf{Y} \rVert_F^2$ and
    $\partial\mathcal{L}/\partial\hat{\mathbf{Y}} = (\hat{\mathbf{Y}} - \mathbf{Y}) / B$."""
    B = Y_hat.shape[0]
    R = Y_hat - Y
    return 0.5 * float(np.sum(R * R)) / B, R / B


def layer_gradient_norms(activation: str, *, depth: int = 20, width: int = 128, batch: int = 256,
                         scheme: str = "he", seed: int = 0) -> Array:
    r"""$\lVert \partial\mathcal{L}/\partial\mathbf{W}^{(l)} \rVert_F$ for $l = 1, \dots, L$ of a freshly initialized
    MLP (``depth`` layers of ``width`` units, 10 linear outputs) on Gaussian inputs and targets, MSE loss."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((batch, width))
    Y = rng.standard_normal((batch, 10))
    net = MLP.init([width] * depth + [10], activation, scheme=scheme, seed=seed + 1)
    Y_hat, Z, A = net.forward(X)
    _, dY = mse_loss_and_grad(Y_hat, Y)
    dW, _ = net.backward(dY, Z, A)
    return np.array([np.linalg.norm(g) for g in dW])
