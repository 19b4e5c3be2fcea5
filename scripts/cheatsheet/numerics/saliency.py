"""Gradient attributions in NumPy: vanilla saliency (Simonyan et al. 2014), gradient x input,
Integrated Gradients by a Riemann sum along the straight path (Sundararajan et al. 2017) and
Grad-CAM from feature maps and their gradients (Selvaraju et al. 2017). The model enters as a
gradient function; ``TinyMLP`` is a small differentiable model with its gradient written out."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Array = np.ndarray
GradFn = Callable[[Array], Array]


def saliency(grad_f: GradFn, x: Array) -> Array:
    r"""Vanilla saliency: $\lvert \partial f / \partial x_i \rvert$ at $\mathbf{x}$."""
    return np.abs(grad_f(np.asarray(x, dtype=float)))


def gradient_x_input(grad_f: GradFn, x: Array) -> Array:
    r"""Gradient times input: $x_i\, \partial f / \partial x_i$ at $\mathbf{x}$."""
    x = np.asarray(x, dtype=float)
    return x * grad_f(x)


def path_alphas(steps: int, method: str = "right") -> tuple[Array, Array]:
    r"""Nodes $\alpha_k$ and weights $w_k$ of a rule for $\int_0^1 g(\alpha)\,d\alpha \approx \sum_k w_k g(\alpha_k)$:
    ``"right"`` $\alpha_k = k/m$, $k = 1, \dots, m$, $w_k = 1/m$ (the paper's sum); ``"left"``, ``"midpoint"``;
    ``"trapezoid"`` uses the $m + 1$ nodes $k/m$, $k = 0, \dots, m$."""
    m = int(steps)
    if m < 1:
        raise ValueError("steps must be >= 1")
    if method == "right":
        return np.arange(1, m + 1) / m, np.full(m, 1.0 / m)
    if method == "left":
        return np.arange(m) / m, np.full(m, 1.0 / m)
    if method == "midpoint":
        return (np.arange(m) + 0.5) / m, np.full(m, 1.0 / m)
    if method == "trapezoid":
        w = np.full(m + 1, 1.0 / m)
        w[[0, -1]] = 0.5 / m
        return np.arange(m + 1) / m, w
    raise ValueError(f"unknown method {method!r}")


def integrated_gradients(grad_f: GradFn, x: Array, baseline: Array | None = None, steps: int = 50,
                         method: str = "right") -> Array:
    r"""$\operatorname{IG}_i(\mathbf{x}) = (x_i - x'_i) \int_0^1 \frac{\partial f\big(\mathbf{x}' + \alpha(\mathbf{x} - \mathbf{x}')\big)}{\partial x_i}\, d\alpha$,
    approximated as $\operatorname{IG}_i \approx (x_i - x'_i)\,\frac{1}{m}\sum_{k=1}^{m} \frac{\partial f}{\partial x_i}\big(\mathbf{x}' + \tfrac{k}{m}(\mathbf{x} - \mathbf{x}')\big)$
    (``method="right"``, the paper's Riemann sum; see ``path_alphas`` for the others).

    ``grad_f`` maps a batch of inputs $(m, \dots)$ to the gradients of the scalar output $(m, \dots)$;
    ``baseline`` $\mathbf{x}'$ defaults to zeros. Completeness: $\sum_i \operatorname{IG}_i = f(\mathbf{x}) - f(\mathbf{x}')$
    up to the quadrature error."""
    x = np.asarray(x, dtype=float)
    x0 = np.zeros_like(x) if baseline is None else np.asarray(baseline, dtype=float)
    alphas, weights = path_alphas(steps, method)
    shape = (-1,) + (1,) * x.ndim
    path = x0[None] + alphas.reshape(shape) * (x - x0)[None]
    grads = np.asarray(grad_f(path), dtype=float)
    return (x - x0) * np.tensordot(weights, grads, axes=1)


def grad_cam(feature_maps: Array, grads: Array, relu: bool = True) -> Array:
    r"""$\alpha_k^c = \frac{1}{uv} \sum_{a=1}^{u}\sum_{b=1}^{v} \frac{\partial y^c}{\partial A^k_{ab}}$,
    $L^c_\text{Grad-CAM} = \operatorname{ReLU}\Big(\sum_k \alpha_k^c \mathbf{A}^k\Big)$

    ``feature_maps`` $\mathbf{A}$ and ``grads`` $\partial y^c / \partial \mathbf{A}$: $(K, u, v)$. Returns the $(u, v)$ map
    (before upsampling to the image)."""
    A = np.asarray(feature_maps, dtype=float)
    alpha = np.asarray(grads, dtype=float).mean(axis=(-2, -1))
    cam = np.tensordot(alpha, A, axes=1)
    return np.maximum(cam, 0.0) if relu else cam


class TinyMLP:
    r"""$f(\mathbf{x}) = \mathbf{w}_2^\top \tanh(\mathbf{W}_1 \mathbf{x} + \mathbf{b}_1) + b_2$, with
    $\nabla_{\mathbf{x}} f = \mathbf{W}_1^\top\big(\mathbf{w}_2 \odot (1 - \tanh^2(\mathbf{W}_1 \mathbf{x} + \mathbf{b}_1))\big)$;
    a smooth toy model for the attribution formulas. Inputs $(\dots, d)$."""

    def __init__(self, W1: Array, b1: Array, w2: Array, b2: float = 0.0):
        self.W1, self.b1 = np.asarray(W1, dtype=float), np.asarray(b1, dtype=float)
        self.w2, self.b2 = np.asarray(w2, dtype=float), float(b2)

    @classmethod
    def random(cls, d: int = 4, hidden: int = 8, seed: int = 0) -> "TinyMLP":
        rng = np.random.default_rng(seed)
        return cls(rng.standard_normal((hidden, d)), rng.standard_normal(hidden),
                   rng.standard_normal(hidden), float(rng.standard_normal()))

    def __call__(self, x: Array) -> Array:
        return np.tanh(np.asarray(x, dtype=float) @ self.W1.T + self.b1) @ self.w2 + self.b2

    def grad(self, x: Array) -> Array:
        t = np.tanh(np.asarray(x, dtype=float) @ self.W1.T + self.b1)
        return (self.w2 * (1.0 - t**2)) @ self.W1
