"""Self-organizing map: a hand-computed update on a tiny map, neighborhood and decay formulas,
errors against scikit-learn distances, and a map whose quantization error falls while training."""

from __future__ import annotations

import math

import numpy as np
from sklearn.metrics import pairwise_distances

from cheatsheet.numerics import som
from tests.numerics.refdata import assert_close


def test_one_update_on_a_1x3_map_by_hand():
    grid = som.grid_positions(1, 3)  # units at (0,0), (0,1), (0,2)
    W = np.array([[0.0, 0.0], [1.0, 0.0], [2.0, 0.0]])
    x = np.array([1.2, 1.0])
    assert som.best_matching_unit(W, x) == 1  # distances^2: 2.44, 1.04, 1.64
    # sigma = 1: h = (e^{-1/2}, 1, e^{-1/2}); eta = 0.5
    new = som.som_update(W, x, grid, eta=0.5, sigma=1.0)
    h = math.exp(-0.5)
    expected = np.array([[0.0 + 0.5 * h * 1.2, 0.5 * h * 1.0],
                         [1.0 + 0.5 * 0.2, 0.5 * 1.0],
                         [2.0 + 0.5 * h * (-0.8), 0.5 * h * 1.0]])
    assert_close(new, expected)


def test_gaussian_neighborhood_on_a_grid():
    grid = som.grid_positions(3, 3)
    h = som.gaussian_neighborhood(grid, c=4, sigma=2.0)  # centre unit (1, 1)
    assert_close(h[4], 1.0)
    assert_close(h[1], math.exp(-1 / 8))  # grid distance 1
    assert_close(h[0], math.exp(-2 / 8))  # diagonal: distance^2 = 2


def test_exponential_decay():
    assert_close(som.exponential_decay(0, 0.5, 100.0), 0.5)
    assert_close(som.exponential_decay(100, 0.5, 100.0), 0.5 / math.e)


def test_bmu_and_quantization_error_against_sklearn_distances():
    rng = np.random.default_rng(0)
    W, X = rng.standard_normal((12, 3)), rng.standard_normal((50, 3))
    D = pairwise_distances(X, W)
    assert [som.best_matching_unit(W, x) for x in X] == list(D.argmin(1))
    assert_close(som.quantization_error(W, X), D.min(1).mean())


def test_topographic_error_by_hand():
    grid = som.grid_positions(1, 3)
    W = np.array([[0.0], [10.0], [1.0]])  # units 0 and 2 are close in data space but not neighbors on the grid
    assert som.topographic_error(W, np.array([[0.4]]), grid) == 1.0  # BMUs 0 then 2
    assert som.topographic_error(W, np.array([[9.0]]), grid) == 0.0  # BMUs 1 then 2: neighbors


def test_training_lowers_quantization_error_and_orders_the_map():
    X = som.uniform_square(400, seed=1)
    W, snaps = som.train_som(X, 6, 6, 2000, seed=2, snapshots=(0, 200, 2000))
    q = [som.quantization_error(snaps[t], X) for t in (0, 200, 2000)]
    assert q[0] > q[1] > q[2]
    assert q[2] < 0.1  # 36 units on the unit square: ideal cell spacing 1/6
    assert_close(snaps[2000], W)
    assert som.topographic_error(W, X, som.grid_positions(6, 6)) < 0.1
