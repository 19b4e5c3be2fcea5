"""Flow matching / rectified flow (Lipman et al. 2023; Liu et al. 2023) and normalizing flows
(change of variables; RealNVP affine coupling) in NumPy.

Convention of the flow-matching papers, kept here: time $t \\in [0, 1]$, $\\mathbf{x}_0 \\sim \\mathcal{N}(\\mathbf{0}, \\mathbf{I})$
is the *noise* end and $\\mathbf{x}_1 \\sim p_\\text{data}$ the *data* end. (Stable Diffusion 3 and diffusers'
``FlowMatchEulerDiscreteScheduler`` use the reverse: noise at $t = 1$, target $\\boldsymbol\\epsilon - \\mathbf{x}_0$.)
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Array = np.ndarray


# --- flow matching / rectified flow -----------------------------------------------------------------


def fm_path(x0: Array, x1: Array, t: float | Array) -> Array:
    r"""Straight-line (rectified-flow / optimal-transport) path: $\mathbf{x}_t = (1 - t)\,\mathbf{x}_0 + t\,\mathbf{x}_1$."""
    return (1.0 - np.asarray(t)) * np.asarray(x0) + np.asarray(t) * np.asarray(x1)


def fm_target(x0: Array, x1: Array) -> Array:
    r"""Conditional velocity of the straight path, $\mathbf{u}_t = \frac{d\mathbf{x}_t}{dt} = \mathbf{x}_1 - \mathbf{x}_0$."""
    return np.asarray(x1) - np.asarray(x0)


def fm_endpoints_from_velocity(xt: Array, v: Array, t: float) -> tuple[Array, Array]:
    r"""Invert the path given a velocity; returns the noise and data estimates
    $\hat{\mathbf{x}}_0 = \mathbf{x}_t - t\,\mathbf{v}$ and $\hat{\mathbf{x}}_1 = \mathbf{x}_t + (1 - t)\,\mathbf{v}$."""
    xt, v = np.asarray(xt), np.asarray(v)
    return xt - t * v, xt + (1.0 - t) * v


def velocity_from_score(x: Array, score: Array, t: float) -> Array:
    r"""Marginal velocity of the straight path from the score of $p_t$:
    $\mathbf{v}(\mathbf{x}, t) = \frac{\mathbf{x} + (1 - t)\,\nabla_\mathbf{x} \log p_t(\mathbf{x})}{t}$."""
    return (np.asarray(x) + (1.0 - t) * np.asarray(score)) / t


def gaussian_fm_velocity(x: Array, t: float, m: float, s: float) -> Array:
    r"""Exact marginal velocity $\E[\mathbf{x}_1 - \mathbf{x}_0 \mid \mathbf{x}_t = x]$ of the straight path for
    $x_0 \sim \mathcal{N}(0, 1)$, $x_1 \sim \mathcal{N}(m, s^2)$ drawn independently (1-D):
    $v(x, t) = m + \frac{t s^2 - (1 - t)}{t^2 s^2 + (1 - t)^2}\,(x - t m)$."""
    var = t**2 * s**2 + (1.0 - t) ** 2
    return m + (t * s**2 - (1.0 - t)) / var * (np.asarray(x, dtype=float) - t * m)


def gaussian_fm_flow_map(x0: Array, t: float, m: float, s: float) -> Array:
    r"""The exact ODE solution of :func:`gaussian_fm_velocity` from $x_0$:
    $x(t) = t m + \sqrt{t^2 s^2 + (1 - t)^2}\;x_0$, so $x(1) = m + s\,x_0 \sim \mathcal{N}(m, s^2)$."""
    return t * m + np.sqrt(t**2 * s**2 + (1.0 - t) ** 2) * np.asarray(x0, dtype=float)


def linear_path_coefficients(t: float) -> tuple[float, float, float, float]:
    r"""$\mathbf{x}_t = a_t \mathbf{x}_1 + b_t \mathbf{x}_0$ with $a_t = t$, $b_t = 1 - t$; returns $(a, b, \dot a, \dot b)$."""
    return t, 1.0 - t, 1.0, -1.0


def vp_path_coefficients(t: float) -> tuple[float, float, float, float]:
    r"""Variance-preserving (cosine, $s = 0$) diffusion path in flow-matching time:
    $a_t = \sin(\pi t / 2)$, $b_t = \cos(\pi t / 2)$, so $a_t^2 + b_t^2 = 1$; returns $(a, b, \dot a, \dot b)$."""
    h = np.pi / 2.0
    return float(np.sin(h * t)), float(np.cos(h * t)), float(h * np.cos(h * t)), float(-h * np.sin(h * t))


def mixture_path_density(x: Array, a: float, b: float, means: Array, stds: Array, weights: Array) -> Array:
    r"""Marginal $p_t(x)$ of $x_t = a\,x_1 + b\,x_0$ for $x_0 \sim \mathcal{N}(0, 1)$ and
    $x_1 \sim \sum_k \pi_k \mathcal{N}(\mu_k, s_k^2)$: $\sum_k \pi_k \mathcal{N}(x;\ a\mu_k,\ a^2 s_k^2 + b^2)$ (1-D)."""
    x = np.asarray(x, dtype=float)[..., None]
    mu, var = a * np.asarray(means, dtype=float), a**2 * np.asarray(stds, dtype=float) ** 2 + b**2
    return np.exp(-0.5 * (x - mu) ** 2 / var) / np.sqrt(2.0 * np.pi * var) @ np.asarray(weights, dtype=float)


def mixture_path_velocity(x: Array, coeffs: tuple[float, float, float, float],
                          means: Array, stds: Array, weights: Array) -> Array:
    r"""Exact marginal velocity $v(x, t) = \dot a_t\,\E[x_1 \mid x_t = x] + \dot b_t\,\E[x_0 \mid x_t = x]$ of the path
    $x_t = a_t x_1 + b_t x_0$ with Gaussian-mixture data (1-D); ``coeffs`` $= (a_t, b_t, \dot a_t, \dot b_t)$."""
    a, b, da, db = coeffs
    x = np.asarray(x, dtype=float)[..., None]
    mu, s2 = np.asarray(means, dtype=float), np.asarray(stds, dtype=float) ** 2
    var = a**2 * s2 + b**2
    logw = np.log(np.asarray(weights, dtype=float)) - 0.5 * (x - a * mu) ** 2 / var - 0.5 * np.log(var)
    post = np.exp(logw - logw.max(-1, keepdims=True))
    post /= post.sum(-1, keepdims=True)
    e_x1 = mu + a * s2 / var * (x - a * mu)
    e_x0 = b / var * (x - a * mu)
    return ((da * e_x1 + db * e_x0) * post).sum(-1)


def euler_solve(v: Callable[[Array, float], Array], x: Array, ts: Array) -> Array:
    r"""Explicit Euler on $d\mathbf{x}/dt = \mathbf{v}(\mathbf{x}, t)$ over the grid ``ts``:
    $\mathbf{x}_{i+1} = \mathbf{x}_i + h_i\,\mathbf{v}(\mathbf{x}_i, t_i)$, $h_i = t_{i+1} - t_i$ (one evaluation per step)."""
    x = np.asarray(x, dtype=float)
    for t, t_next in zip(ts[:-1], ts[1:]):
        x = x + (t_next - t) * v(x, t)
    return x


def heun_solve(v: Callable[[Array, float], Array], x: Array, ts: Array) -> Array:
    r"""Heun (explicit trapezoid, 2nd order): $\tilde{\mathbf{x}} = \mathbf{x}_i + h_i \mathbf{d}_i$,
    $\mathbf{x}_{i+1} = \mathbf{x}_i + \tfrac{h_i}{2}\bigl(\mathbf{d}_i + \mathbf{v}(\tilde{\mathbf{x}}, t_{i+1})\bigr)$,
    $\mathbf{d}_i = \mathbf{v}(\mathbf{x}_i, t_i)$ (two evaluations per step)."""
    x = np.asarray(x, dtype=float)
    for t, t_next in zip(ts[:-1], ts[1:]):
        d = v(x, t)
        x_euler = x + (t_next - t) * d
        x = x + 0.5 * (t_next - t) * (d + v(x_euler, t_next))
    return x


def logit_normal_pdf(t: Array, m: float = 0.0, s: float = 1.0) -> Array:
    r"""Timestep density of Stable Diffusion 3 (Esser et al. 2024): $\mathrm{logit}(t) \sim \mathcal{N}(m, s^2)$,
    $\pi(t) = \frac{1}{s\sqrt{2\pi}}\,\frac{1}{t(1 - t)}\exp\Bigl(-\frac{(\mathrm{logit}(t) - m)^2}{2s^2}\Bigr)$."""
    t = np.asarray(t, dtype=float)
    z = np.log(t / (1.0 - t))
    return np.exp(-0.5 * ((z - m) / s) ** 2) / (s * np.sqrt(2.0 * np.pi) * t * (1.0 - t))


# --- normalizing flows -----------------------------------------------------------------------------


def std_normal_logpdf(z: Array) -> Array:
    r"""$\log \mathcal{N}(\mathbf{z}; \mathbf{0}, \mathbf{I}) = -\tfrac{1}{2}\lVert\mathbf{z}\rVert^2 - \tfrac{d}{2}\log 2\pi$ over the last axis."""
    z = np.atleast_1d(np.asarray(z, dtype=float))
    return -0.5 * (z**2).sum(-1) - 0.5 * z.shape[-1] * np.log(2.0 * np.pi)


def affine_flow_logpdf(x: Array, a: float, b: float) -> Array:
    r"""1-D affine flow $x = a z + b$, $z \sim \mathcal{N}(0, 1)$; change of variables with $z = (x - b)/a$:
    $\log p(x) = \log p(z) + \log\bigl\vert \frac{\partial z}{\partial x} \bigr\vert = \log \mathcal{N}(z; 0, 1) - \log\vert a\vert$."""
    z = (np.asarray(x, dtype=float) - b) / a
    return -0.5 * z**2 - 0.5 * np.log(2.0 * np.pi) - np.log(abs(a))


def linear_flow_logpdf(x: Array, A: Array, b: Array) -> Array:
    r"""Linear flow $\mathbf{x} = \mathbf{A}\mathbf{z} + \mathbf{b}$ in $\R^d$:
    $\log p(\mathbf{x}) = \log \mathcal{N}\bigl(\mathbf{A}^{-1}(\mathbf{x} - \mathbf{b}); \mathbf{0}, \mathbf{I}\bigr) - \log\vert\det \mathbf{A}\vert$;
    ``x`` has shape $(N, d)$."""
    A = np.asarray(A, dtype=float)
    z = np.linalg.solve(A, (np.asarray(x, dtype=float) - np.asarray(b, dtype=float)).T).T
    return std_normal_logpdf(z) - np.linalg.slogdet(A)[1]


def coupling_forward(x: Array, d: int, s_fn: Callable[[Array], Array],
                     t_fn: Callable[[Array], Array]) -> tuple[Array, Array]:
    r"""RealNVP affine coupling, data $\to$ latent (Dinh et al. 2017): $\mathbf{z}_{1:d} = \mathbf{x}_{1:d}$,
    $\mathbf{z}_{d+1:D} = \mathbf{x}_{d+1:D} \odot \exp\bigl(s(\mathbf{x}_{1:d})\bigr) + t(\mathbf{x}_{1:d})$;
    returns $\mathbf{z}$ and $\log\bigl\vert\det \frac{\partial \mathbf{z}}{\partial \mathbf{x}}\bigr\vert = \sum_j s(\mathbf{x}_{1:d})_j$."""
    x = np.asarray(x, dtype=float)
    x1, x2 = x[..., :d], x[..., d:]
    s = s_fn(x1)
    return np.concatenate([x1, x2 * np.exp(s) + t_fn(x1)], -1), s.sum(-1)


def coupling_inverse(z: Array, d: int, s_fn: Callable[[Array], Array], t_fn: Callable[[Array], Array]) -> Array:
    r"""Inverse of :func:`coupling_forward`: $\mathbf{x}_{d+1:D} = \bigl(\mathbf{z}_{d+1:D} - t(\mathbf{z}_{1:d})\bigr) \odot \exp\bigl(-s(\mathbf{z}_{1:d})\bigr)$."""
    z = np.asarray(z, dtype=float)
    z1, z2 = z[..., :d], z[..., d:]
    return np.concatenate([z1, (z2 - t_fn(z1)) * np.exp(-s_fn(z1))], -1)


def flow_logpdf(x: Array, d: int, s_fn: Callable[[Array], Array], t_fn: Callable[[Array], Array]) -> Array:
    r"""Density of one coupling flow with a standard-normal base:
    $\log p(\mathbf{x}) = \log p(\mathbf{z}) + \log\bigl\vert\det \frac{\partial \mathbf{z}}{\partial \mathbf{x}}\bigr\vert$, $\mathbf{z} = f(\mathbf{x})$."""
    z, logdet = coupling_forward(x, d, s_fn, t_fn)
    return std_normal_logpdf(z) + logdet
