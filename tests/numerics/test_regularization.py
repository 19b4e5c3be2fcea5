"""Regularizers and the MLP backward pass against PyTorch (and scikit-learn where PyTorch has no op)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from cheatsheet.numerics import regularization as R
from cheatsheet.numerics.backprop import MLP, layer_gradient_norms, mse_loss_and_grad
from tests.numerics.refdata import assert_close

torch.set_default_dtype(torch.float64)


def t(a) -> torch.Tensor:
    return torch.tensor(np.asarray(a, dtype=float))


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(1234)


# --- dropout ----------------------------------------------------------------------------------

@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_inverted_dropout_matches_torch_in_train_mode(p, rng):
    x = rng.normal(size=(64, 32)) + 3.0  # away from 0, so "output == 0" means "dropped"
    torch.manual_seed(0)
    out = F.dropout(t(x), p=p, training=True).numpy()
    mask = (out != 0).astype(float)
    assert 0 < mask.mean() < 1
    assert_close(R.inverted_dropout(x, p, mask), out, what="train-mode scaling 1/(1-p)")
    assert_close(out[mask == 1], x[mask == 1] / (1 - p))


def test_dropout_scale_and_eval_identity(rng):
    x = rng.normal(size=(5, 7))
    ones = np.ones_like(x)
    assert_close(R.inverted_dropout(x, 0.2, ones), 1.25 * x)  # 1 / (1 - 0.2)
    assert_close(R.inverted_dropout(x, 0.5, train=False), F.dropout(t(x), 0.5, training=False).numpy())
    assert_close(R.inverted_dropout(x, 0.5, train=False), x)


def test_dropout_mask_keeps_fraction_one_minus_p(rng):
    m = R.dropout_mask((200_000,), 0.3, rng)
    assert set(np.unique(m)) == {0.0, 1.0}
    assert abs(m.mean() - 0.7) < 0.005


# --- penalties and their updates --------------------------------------------------------------

def test_penalty_values_and_gradients_match_autograd(rng):
    w = rng.normal(size=20)
    w[3] = 0.0
    lam = 0.03
    tw = t(w).requires_grad_()
    l2 = 0.5 * lam * (tw ** 2).sum()
    l2.backward()
    assert_close(R.l2_penalty(w, lam), l2.item())
    assert_close(R.l2_penalty_grad(w, lam), tw.grad.numpy())
    tw.grad = None
    l1 = lam * tw.abs().sum()
    l1.backward()
    assert_close(R.l1_penalty(w, lam), l1.item())
    assert_close(R.l1_subgradient(w, lam), tw.grad.numpy(), what="torch.abs gradient is sign(w), 0 at 0")


def test_sgd_weight_decay_step_matches_torch_sgd(rng):
    w, g = rng.normal(size=10), rng.normal(size=10)
    eta, lam = 0.1, 0.01
    p = torch.nn.Parameter(t(w))
    opt = torch.optim.SGD([p], lr=eta, weight_decay=lam)
    p.grad = t(g)
    opt.step()
    assert_close(R.sgd_weight_decay_step(w, g, eta, lam), p.detach().numpy())
    assert_close(R.sgd_weight_decay_step(w, g, eta, lam), (1 - eta * lam) * w - eta * g)


@pytest.mark.parametrize("tau", [0.0, 0.3, 1.0])
def test_soft_threshold_is_softshrink(tau, rng):
    v = np.r_[rng.normal(size=50) * 2, [tau, -tau, 0.0]]
    assert_close(R.soft_threshold(v, tau), F.softshrink(t(v), tau).numpy())


def test_soft_threshold_hand_values():
    assert_close(R.soft_threshold([-2.0, -0.5, 0.2, 1.5], 0.5), [-1.5, 0.0, 0.0, 1.0])


def test_proximal_step_is_softshrink_of_gradient_step(rng):
    w, g = rng.normal(size=30), rng.normal(size=30)
    eta, lam = 0.2, 0.7
    expected = F.softshrink(t(w) - eta * t(g), eta * lam).numpy()
    assert_close(R.proximal_l1_step(w, g, eta, lam), expected)


def test_lasso_by_proximal_gradient_matches_sklearn():
    from sklearn.linear_model import Lasso

    X, y, _ = R.regression_problem()
    for lam in (0.01, 0.3, 1.0):
        ref = Lasso(alpha=lam, fit_intercept=False, tol=1e-14, max_iter=200_000).fit(X, y).coef_
        assert_close(R.lasso_ista(X, y, lam), ref, rtol=1e-6, atol=1e-8, what=f"lambda={lam}")
    assert np.count_nonzero(R.lasso_ista(X, y, 1.0)) < X.shape[1]


def test_ridge_closed_form_matches_sklearn():
    from sklearn.linear_model import Ridge

    X, y, _ = R.regression_problem()
    n = X.shape[0]
    for lam in (0.01, 1.0):
        ref = Ridge(alpha=n * lam, fit_intercept=False, solver="cholesky").fit(X, y).coef_
        assert_close(R.ridge(X, y, lam), ref)


def test_quadratic_solutions_satisfy_optimality_conditions():
    A = np.array([[1.0, -0.4], [-0.4, 1.2]])
    w_star = np.array([2.0, 0.8])
    w1 = R.quadratic_lasso(A, w_star, 2.0)
    grad = 2 * A @ (w1 - w_star)
    assert w1[1] == 0.0 and w1[0] > 0, "the figure's L1 solution sits on the w1 axis"
    assert_close(grad[0] + 2.0, 0.0, atol=1e-9)  # nonzero coordinate: grad + lam * sign(w) = 0
    assert abs(grad[1]) <= 2.0  # zero coordinate: |grad| <= lam
    w2 = R.quadratic_ridge(A, w_star, 1.5)
    assert_close(2 * A @ (w2 - w_star) + 2 * 1.5 * w2, [0.0, 0.0], atol=1e-12)
    assert np.all(w2 != 0)


def test_max_norm_matches_torch_renorm(rng):
    W = rng.normal(size=(12, 8)) * rng.uniform(0.1, 1.5, size=(12, 1))
    c = 2.0
    out = R.max_norm_project(W, c)
    assert_close(out, torch.renorm(t(W), 2, 0, c).numpy())
    norms = np.linalg.norm(W, axis=1)
    assert (norms > c).any() and (norms <= c).any()
    assert_close(np.linalg.norm(out, axis=1), np.minimum(norms, c))


# --- targets, mixup, noise, stochastic depth --------------------------------------------------

def test_smooth_labels_hand_values():
    assert_close(R.smooth_labels([2], 4, 0.1), [[0.025, 0.025, 0.925, 0.025]])


@pytest.mark.parametrize("eps", [0.0, 0.1, 0.3])
def test_label_smoothing_matches_torch_cross_entropy(eps, rng):
    logits = rng.normal(size=(16, 5)) * 3
    y = rng.integers(0, 5, size=16)
    ref = F.cross_entropy(t(logits), torch.tensor(y), label_smoothing=eps).item()
    assert_close(R.soft_cross_entropy(logits, R.smooth_labels(y, 5, eps)), ref)


def test_mixup_loss_is_the_mixture_of_losses(rng):
    x1, x2 = rng.normal(size=(8, 3)), rng.normal(size=(8, 3))
    y1, y2 = rng.integers(0, 4, 8), rng.integers(0, 4, 8)
    lam = 0.3
    x, q = R.mixup(x1, x2, np.eye(4)[y1], np.eye(4)[y2], lam)
    assert_close(x, 0.3 * x1 + 0.7 * x2)
    logits = rng.normal(size=(8, 4))
    ref = lam * F.cross_entropy(t(logits), torch.tensor(y1)) + (1 - lam) * F.cross_entropy(t(logits), torch.tensor(y2))
    assert_close(R.soft_cross_entropy(logits, q), ref.item())
    assert_close(q.sum(axis=1), np.ones(8))


def test_gaussian_noise_has_requested_scale(rng):
    x = np.zeros(100_000)
    noisy = R.gaussian_noise(x, 0.1, rng)
    assert abs(noisy.std() - 0.1) < 0.002 and abs(noisy.mean()) < 0.002


def test_stochastic_depth_is_unbiased(rng):
    x, fx = rng.normal(size=(4, 6)), rng.normal(size=(4, 6))
    p = 0.2
    expectation = (1 - p) * R.stochastic_depth(x, fx, p, 1.0) + p * R.stochastic_depth(x, fx, p, 0.0)
    assert_close(expectation, R.stochastic_depth(x, fx, p, train=False))
    assert_close(R.stochastic_depth(x, fx, p, 0.0), x)  # a dropped block is the identity


# --- normalization ----------------------------------------------------------------------------

def test_batch_norm_train_and_running_stats_match_torch(rng):
    X = rng.normal(loc=2.0, scale=3.0, size=(10, 4))
    gamma, beta = rng.normal(size=4), rng.normal(size=4)
    rm, rv = rng.normal(size=4), rng.uniform(0.5, 2, size=4)
    trm, trv = t(rm), t(rv)
    ref = F.batch_norm(t(X), trm, trv, t(gamma), t(beta), training=True, momentum=0.1, eps=1e-5)
    Y, new_rm, new_rv = R.batch_norm_train(X, gamma, beta, rm, rv)
    assert_close(Y, ref.numpy())
    assert_close(new_rm, trm.numpy(), what="running mean")
    assert_close(new_rv, trv.numpy(), what="running var uses the unbiased batch variance")
    ref_eval = F.batch_norm(t(X), trm, trv, t(gamma), t(beta), training=False, eps=1e-5)
    assert_close(R.batch_norm_eval(X, gamma, beta, new_rm, new_rv), ref_eval.numpy())


def test_batch_norm_normalizes_each_feature(rng):
    X = rng.normal(loc=5.0, scale=4.0, size=(256, 3))
    Y, *_ = R.batch_norm_train(X, np.ones(3), np.zeros(3), np.zeros(3), np.ones(3), eps=0.0)
    assert_close(Y.mean(axis=0), np.zeros(3), atol=1e-12)
    assert_close(Y.std(axis=0), np.ones(3))


def test_layer_norm_matches_torch(rng):
    X = rng.normal(loc=1.0, scale=2.0, size=(6, 9))
    gamma, beta = rng.normal(size=9), rng.normal(size=9)
    assert_close(R.layer_norm(X, gamma, beta), F.layer_norm(t(X), (9,), t(gamma), t(beta), eps=1e-5).numpy())


# --- early stopping ---------------------------------------------------------------------------

def test_early_stopping_hand_example():
    val = [5.0, 4.0, 3.0, 3.5, 3.2, 2.9, 3.0, 3.1, 3.3, 2.0]
    assert R.early_stopping(val, patience=3) == (5, 8)  # best 2.9 at epoch 5; 6, 7, 8 do not improve
    assert R.early_stopping(val, patience=4) == (9, 9)  # epoch 9 improves; never triggers
    assert R.early_stopping([3.0, 2.95, 2.9, 2.85], patience=2, min_delta=0.1) == (0, 2)


def test_polynomial_curves_overfit():
    c = R.polynomial_gd_curves(1000)
    assert np.all(np.diff(c.train) <= 1e-12), "gradient descent with step 1/L never increases the training loss"
    best = int(np.argmin(c.val))
    assert 5 < best < 200 and c.val[-1] > 2 * c.val[best]
    assert c.train[-1] < 0.1 * c.train[0]


# --- backpropagation --------------------------------------------------------------------------

@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_mlp_backward_matches_autograd(activation, rng):
    sizes = [5, 7, 6, 3]
    net = MLP.init(sizes, activation, seed=3)
    X, Y = rng.normal(size=(11, 5)), rng.normal(size=(11, 3))
    Y_hat, Z, A = net.forward(X)
    loss, dY = mse_loss_and_grad(Y_hat, Y)
    dW, db = net.backward(dY, Z, A)

    f = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}[activation]
    Ws = [t(W).requires_grad_() for W in net.weights]
    bs = [t(b).requires_grad_() for b in net.biases]
    h = t(X)
    for l, (W, b) in enumerate(zip(Ws, bs)):
        h = F.linear(h, W, b)
        if l < len(Ws) - 1:
            h = f(h)
    ref = 0.5 * F.mse_loss(h, t(Y), reduction="sum") / X.shape[0]
    ref.backward()
    assert_close(Y_hat, h.detach().numpy())
    assert_close(loss, ref.item())
    for l in range(len(Ws)):
        assert dW[l].shape == net.weights[l].shape == (sizes[l + 1], sizes[l])
        assert_close(dW[l], Ws[l].grad.numpy(), what=f"dL/dW layer {l + 1}")
        assert_close(db[l], bs[l].grad.numpy(), what=f"dL/db layer {l + 1}")


def test_sigmoid_gradients_vanish_with_depth_relu_does_not():
    sig = layer_gradient_norms("sigmoid", depth=20, scheme="xavier")
    relu = layer_gradient_norms("relu", depth=20, scheme="he")
    assert sig[0] < 1e-8 * sig[-1]
    assert 0.05 < relu[0] / relu[-1] < 20
