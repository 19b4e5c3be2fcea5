"""Exact Shapley values, KernelSHAP and the LIME surrogate against their axioms, hand cases,
permutation averages and scikit-learn's weighted Ridge."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from sklearn.linear_model import Ridge

from cheatsheet.numerics import explain as ex
from tests.numerics.refdata import assert_close


def permutation_shapley(v, m):
    """Independent definition: average marginal contribution over all M! feature orderings."""
    phi = np.zeros(m)
    perms = list(itertools.permutations(range(m)))
    for order in perms:
        S = frozenset()
        for i in order:
            phi[i] += v(S | {i}) - v(S)
            S = S | {i}
    return phi / len(perms)


def nonlinear_game():
    rng = np.random.default_rng(3)
    background = rng.normal(size=(20, 4))
    x = np.array([1.0, -0.5, 2.0, 0.3])
    f = lambda Z: Z[:, 0] * Z[:, 1] + np.sin(Z[:, 2]) + 0.5 * Z[:, 3] ** 2
    return f, x, background


def test_unanimity_game_by_hand():
    # v(S) = 1 iff {0, 1} is in S: features 0 and 1 split the payout, feature 2 is a dummy
    v = lambda S: float({0, 1} <= S)
    assert_close(ex.exact_shapley(v, 3), [0.5, 0.5, 0.0])


def test_glove_game_by_hand():
    # one left glove (0), two right gloves (1, 2); a pair is worth 1. Known values: 2/3, 1/6, 1/6
    v = lambda S: float(0 in S and bool(S & {1, 2}))
    assert_close(ex.exact_shapley(v, 3), [2 / 3, 1 / 6, 1 / 6])


def test_exact_equals_permutation_average_and_is_efficient():
    f, x, bg = nonlinear_game()
    v = ex.interventional_value(f, x, bg)
    phi = ex.exact_shapley(v, 4)
    assert_close(phi, permutation_shapley(v, 4))
    # efficiency: sum phi = f(x) - E[f(X)]
    assert_close(phi.sum(), f(x[None])[0] - f(bg).mean())


def test_symmetry_and_dummy():
    f = lambda Z: Z[:, 0] * Z[:, 1] + 0.0 * Z[:, 2]  # symmetric in 0 and 1, feature 2 unused
    bg = np.array([[0.0, 0.0, 5.0], [1.0, 1.0, -3.0]])
    x = np.array([2.0, 2.0, 7.0])
    phi = ex.exact_shapley(ex.interventional_value(f, x, bg), 3)
    assert_close(phi[0], phi[1])
    assert abs(phi[2]) < 1e-12


def test_additivity():
    f, x, bg = nonlinear_game()
    g = lambda Z: np.tanh(Z @ np.array([1.0, -1.0, 0.5, 2.0]))
    v_f, v_g = ex.interventional_value(f, x, bg), ex.interventional_value(g, x, bg)
    v_sum = lambda S: v_f(S) + v_g(S)
    assert_close(ex.exact_shapley(v_sum, 4), ex.exact_shapley(v_f, 4) + ex.exact_shapley(v_g, 4))


def test_linear_model_closed_form():
    rng = np.random.default_rng(0)
    w, b = np.array([1.0, -2.0, 3.0, 0.5, -1.5]), 0.7
    bg = rng.normal(size=(30, 5))
    x = rng.normal(size=5)
    phi = ex.exact_shapley(ex.interventional_value(lambda Z: Z @ w + b, x, bg), 5)
    assert_close(phi, ex.linear_shap(w, x, bg.mean(axis=0)))


def test_shapley_weights_sum_to_one_per_feature():
    for m in (2, 3, 6):
        total = sum(math.comb(m - 1, s) * ex.shapley_weight(s, m) for s in range(m))
        assert total == pytest.approx(1.0)


def test_kernel_shap_weight_by_hand():
    # M = 4: |z| = 1 -> 3 / (4 * 1 * 3) = 1/4 ; |z| = 2 -> 3 / (6 * 2 * 2) = 1/8
    w = ex.kernel_shap_weight(4, np.array([0, 1, 2, 3, 4]))
    assert np.isinf(w[0]) and np.isinf(w[4])
    assert_close(w[1:4], [0.25, 0.125, 0.25])


def test_kernel_shap_with_all_coalitions_recovers_exact_values():
    f, x, bg = nonlinear_game()
    v = ex.interventional_value(f, x, bg)
    phi0, phi = ex.kernel_shap(v, 4)
    assert_close(phi, ex.exact_shapley(v, 4))
    assert_close(phi0, f(bg).mean())


def test_kernel_shap_weights_matter_for_higher_order_interactions():
    # three-way unanimity game: Shapley gives 1/3 to each of 0, 1, 2. KernelSHAP gets it; an unweighted
    # regression over the same coalitions does not (so the kernel is what makes the test pass)
    v = lambda S: float({0, 1, 2} <= S)
    phi0, phi = ex.kernel_shap(v, 4)
    assert_close(phi, [1 / 3, 1 / 3, 1 / 3, 0.0])
    Z = ex.all_coalitions(4)
    Z = Z[(Z.sum(1) > 0) & (Z.sum(1) < 4)]
    y = np.array([v(frozenset(np.flatnonzero(z).tolist())) for z in Z])
    coef, *_ = np.linalg.lstsq(np.c_[np.ones(len(Z)), Z], y, rcond=None)
    assert not np.allclose(coef[1:], phi, atol=1e-3)


def test_weighted_ridge_matches_sklearn():
    rng = np.random.default_rng(1)
    Z = rng.normal(size=(200, 3))
    y = np.sin(Z[:, 0]) + Z[:, 1] ** 2 - Z[:, 2]
    weights = ex.lime_kernel(np.linalg.norm(Z, axis=1), sigma=1.3)
    b, w = ex.weighted_ridge(Z, y, weights, alpha=0.5)
    ref = Ridge(alpha=0.5, fit_intercept=True).fit(Z, y, sample_weight=weights)
    assert_close(w, ref.coef_)
    assert_close(b, ref.intercept_)


def test_lime_kernels_and_default_width():
    d = np.array([0.0, 1.0, 2.0])
    assert_close(ex.lime_kernel(d, 2.0), np.exp(-d**2 / 4.0))
    assert_close(ex.lime_package_kernel(d, 2.0), np.exp(-d**2 / 8.0))
    assert ex.default_kernel_width(16) == pytest.approx(3.0)


def test_lime_recovers_local_slope():
    f = lambda Z: 3.0 * Z[:, 0] - 2.0 * Z[:, 1] + Z[:, 0] ** 2
    x = np.array([0.5, -1.0])
    # gradient at x: (3 + 2 * 0.5, -2) = (4, -2); a narrow kernel and tiny ridge give it back
    _, w = ex.lime_explain(f, x, scale=0.05, n=4000, sigma=0.5, alpha=1e-8, rng=np.random.default_rng(0))
    assert_close(w, [4.0, -2.0], rtol=5e-3)
