"""Two-dimensional test functions with their gradients, for optimizer trajectories and tests.

Every function takes ``theta`` of shape ``(..., 2)`` (the last axis holds $(x, y)$) and returns
the value with shape ``(...)``; every gradient returns the same shape as ``theta``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Array = np.ndarray


def _xy(theta: Array) -> tuple[Array, Array]:
    theta = np.asarray(theta, dtype=float)
    return theta[..., 0], theta[..., 1]


def quadratic(theta: Array) -> Array:
    r"""$f(x, y) = \tfrac{1}{4}\left[(x + y)^2 + 20\,(x - y)^2\right]$"""
    x, y = _xy(theta)
    return 0.25 * ((x + y) ** 2 + 20.0 * (x - y) ** 2)


def quadratic_grad(theta: Array) -> Array:
    r"""$\nabla f = \tfrac{1}{2}\left(x + y + 20\,(x - y),\; x + y - 20\,(x - y)\right)$"""
    x, y = _xy(theta)
    s, d = x + y, x - y
    return np.stack([0.5 * s + 10.0 * d, 0.5 * s - 10.0 * d], axis=-1)


def rosenbrock(theta: Array) -> Array:
    r"""$f(x, y) = (1 - x)^2 + 100\,(y - x^2)^2$"""
    x, y = _xy(theta)
    return (1.0 - x) ** 2 + 100.0 * (y - x**2) ** 2


def rosenbrock_grad(theta: Array) -> Array:
    r"""$\nabla f = \left(-2(1 - x) - 400\,x\,(y - x^2),\; 200\,(y - x^2)\right)$"""
    x, y = _xy(theta)
    return np.stack([-2.0 * (1.0 - x) - 400.0 * x * (y - x**2), 200.0 * (y - x**2)], axis=-1)


def saddle(theta: Array) -> Array:
    r"""$f(x, y) = \tfrac{1}{2}x^2 - \tfrac{1}{2}y^2 + \tfrac{1}{4}y^4$"""
    x, y = _xy(theta)
    return 0.5 * x**2 - 0.5 * y**2 + 0.25 * y**4


def saddle_grad(theta: Array) -> Array:
    r"""$\nabla f = \left(x,\; y^3 - y\right)$"""
    x, y = _xy(theta)
    return np.stack([x, y**3 - y], axis=-1)


@dataclass(frozen=True)
class Surface:
    """A test function, its gradient and the settings its figures and tests use."""

    name: str
    title: str
    f: Callable[[Array], Array]
    grad: Callable[[Array], Array]
    start: tuple[float, float]  # fixed starting point of every trajectory
    minima: tuple[tuple[float, float], ...]  # global minimizers
    f_min: float  # the minimum value (for loss-gap plots)
    window: tuple[float, float, float, float]  # x_min, x_max, y_min, y_max of the contour plot
    steps: int  # number of optimizer steps drawn
    levels: tuple[float, ...]  # contour levels, chosen for this function
    saddles: tuple[tuple[float, float], ...] = ()


SURFACES: dict[str, Surface] = {
    s.name: s
    for s in (
        Surface("quadratic", "Ill-conditioned quadratic (condition number 20, rotated 45°)",
                quadratic, quadratic_grad, start=(-2.5, -1.0), minima=((0.0, 0.0),), f_min=0.0,
                window=(-3.0, 1.5, -3.2, 1.5), steps=100,
                levels=(0.02, 0.1, 0.3, 0.7, 1.5, 3.0, 6.0, 10.0, 16.0)),
        Surface("rosenbrock", "Rosenbrock valley",
                rosenbrock, rosenbrock_grad, start=(-1.2, 1.0), minima=((1.0, 1.0),), f_min=0.0,
                window=(-1.6, 1.5, -0.6, 1.8), steps=500,
                levels=(0.1, 0.5, 1.5, 4.0, 10.0, 25.0, 60.0, 150.0, 400.0)),
        Surface("saddle", "Saddle with two minima",
                saddle, saddle_grad, start=(1.5, 1e-3), minima=((0.0, -1.0), (0.0, 1.0)), f_min=-0.25,
                window=(-1.2, 1.8, -1.6, 1.6), steps=100,
                levels=(-0.2, -0.1, 0.0, 0.15, 0.4, 0.8, 1.3, 2.0),
                saddles=((0.0, 0.0),)),
    )
}
