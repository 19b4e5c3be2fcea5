"""The perceptron and a two-layer network, small enough to train in milliseconds.

Used by the Introduction's figures (a linear boundary versus a non-linear one) and by the
notebook that trains a network from scratch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .activations import sigmoid, tanh, tanh_grad

Array = np.ndarray


def heaviside(z: Array) -> Array:
    r"""Step function of the perceptron: $H(z) = 1$ if $z \ge 0$, else $0$."""
    return (np.asarray(z) >= 0).astype(float)


def perceptron_predict(w: Array, b: float, X: Array) -> Array:
    r"""$\hat y = H(\mathbf{w}^\top \mathbf{x} + b)$ for each row $\mathbf{x}$ of ``X``."""
    return heaviside(X @ w + b)


def train_perceptron(X: Array, y: Array, *, eta: float = 1.0, epochs: int = 100) -> tuple[Array, float, int]:
    r"""Rosenblatt's rule: for each mistake, $\mathbf{w} \leftarrow \mathbf{w} + \eta (y - \hat y)\mathbf{x}$,
    $b \leftarrow b + \eta (y - \hat y)$. Labels are 0/1. Returns ``(w, b, epochs_used)``;
    stops after the first epoch without a mistake (which exists iff the data are linearly separable).
    """
    w = np.zeros(X.shape[1])
    b = 0.0
    for epoch in range(1, epochs + 1):
        mistakes = 0
        for xi, yi in zip(X, y):
            err = yi - heaviside(xi @ w + b)
            if err != 0:
                w = w + eta * err * xi
                b = b + eta * err
                mistakes += 1
        if mistakes == 0:
            return w, b, epoch
    return w, b, epochs


@dataclass
class TwoLayerNet:
    r"""$\hat y = \sigma(\mathbf{w}_2^\top \tanh(\mathbf{W}_1 \mathbf{x} + \mathbf{b}_1) + b_2)$, binary output.

    Shapes: $\mathbf{W}_1 \in \mathbb{R}^{h \times d}$, $\mathbf{b}_1 \in \mathbb{R}^{h}$,
    $\mathbf{w}_2 \in \mathbb{R}^{h}$, $b_2 \in \mathbb{R}$.
    """

    W1: Array
    b1: Array
    w2: Array
    b2: float

    @classmethod
    def init(cls, d: int, h: int, seed: int = 0) -> TwoLayerNet:
        rng = np.random.default_rng(seed)
        return cls(rng.normal(0, 1 / np.sqrt(d), (h, d)), np.zeros(h), rng.normal(0, 1 / np.sqrt(h), h), 0.0)

    def forward(self, X: Array) -> tuple[Array, Array]:
        """Return hidden activations ``H`` (n × h) and probabilities ``p`` (n,)."""
        H = tanh(X @ self.W1.T + self.b1)
        return H, sigmoid(H @ self.w2 + self.b2)

    def predict_proba(self, X: Array) -> Array:
        return self.forward(X)[1]

    def step(self, X: Array, y: Array, eta: float) -> float:
        r"""One full-batch gradient step on the mean binary cross-entropy; returns the loss before it.

        With $\mathbf{p} = \sigma(\mathbf{z})$, $\partial \mathcal{L} / \partial \mathbf{z} = (\mathbf{p} - \mathbf{y}) / n$.
        """
        n = X.shape[0]
        Z1 = X @ self.W1.T + self.b1
        H = tanh(Z1)
        p = sigmoid(H @ self.w2 + self.b2)
        eps = 1e-12
        loss = float(-np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)))
        dz2 = (p - y) / n
        dw2 = H.T @ dz2
        db2 = float(dz2.sum())
        dZ1 = np.outer(dz2, self.w2) * tanh_grad(Z1)
        dW1 = dZ1.T @ X
        db1 = dZ1.sum(axis=0)
        self.W1 -= eta * dW1
        self.b1 -= eta * db1
        self.w2 -= eta * dw2
        self.b2 -= eta * db2
        return loss

    def fit(self, X: Array, y: Array, *, eta: float = 0.5, steps: int = 2000) -> list[float]:
        return [self.step(X, y, eta) for _ in range(steps)]


def two_moons_like(n: int = 200, seed: int = 0) -> tuple[Array, Array]:
    """XOR-style data: label 1 in quadrants where x1·x2 > 0, with small noise."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1.0, 1.0, (n, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(float)
    return X + rng.normal(0, 0.05, X.shape), y


def separable_blobs(n: int = 100, seed: int = 0) -> tuple[Array, Array]:
    """Two Gaussian blobs far enough apart to be linearly separable."""
    rng = np.random.default_rng(seed)
    X0 = rng.normal((-1.0, -0.6), 0.35, (n // 2, 2))
    X1 = rng.normal((1.0, 0.8), 0.35, (n - n // 2, 2))
    return np.vstack([X0, X1]), np.r_[np.zeros(n // 2), np.ones(n - n // 2)]
