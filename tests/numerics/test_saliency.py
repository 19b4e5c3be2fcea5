"""Gradient attributions (saliency, gradient x input, Integrated Gradients, Grad-CAM) checked against
torch autograd in float64, scipy quadrature, and closed forms derived by hand."""

from __future__ import annotations

import numpy as np
import pytest

from cheatsheet.numerics import saliency as sal
from tests.numerics.refdata import assert_close


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch")


def _torch_mlp(torch, m: sal.TinyMLP):
    """The same f as TinyMLP, written with torch ops, and its autograd gradient."""
    W1, b1, w2 = (torch.from_numpy(a) for a in (m.W1, m.b1, m.w2))

    def f(x):
        return torch.tanh(x @ W1.T + b1) @ w2 + m.b2

    def grad(x):
        xt = torch.tensor(np.asarray(x, dtype=float), requires_grad=True)
        (g,) = torch.autograd.grad(f(xt).sum(), xt)
        return g.numpy()

    return f, grad


@pytest.mark.torch
def test_tiny_mlp_gradient_and_saliency_match_autograd(torch):
    m = sal.TinyMLP.random(d=5, hidden=7, seed=1)
    f_t, grad_t = _torch_mlp(torch, m)
    x = np.random.default_rng(2).standard_normal((6, 5))
    assert_close(m(x), f_t(torch.from_numpy(x)).numpy())
    assert_close(m.grad(x), grad_t(x))
    assert_close(sal.saliency(m.grad, x[0]), np.abs(grad_t(x[0])))
    assert_close(sal.gradient_x_input(m.grad, x[0]), x[0] * grad_t(x[0]))


@pytest.mark.torch
def test_integrated_gradients_match_scipy_quadrature_of_autograd_gradient(torch):
    integrate = pytest.importorskip("scipy.integrate")
    m = sal.TinyMLP.random(d=4, hidden=8, seed=0)
    _, grad_t = _torch_mlp(torch, m)
    x, x0 = np.array([1.0, -2.0, 0.5, 3.0]), np.array([0.2, 0.1, -0.3, 0.0])
    ref = np.array([(x[i] - x0[i]) * integrate.quad(lambda a: grad_t(x0 + a * (x - x0))[i], 0.0, 1.0,
                                                        epsabs=1e-13, epsrel=1e-12)[0] for i in range(4)])
    assert_close(sal.integrated_gradients(m.grad, x, x0, steps=2000, method="midpoint"), ref, rtol=1e-6)
    # the paper's right Riemann sum with m = 50 is within a few percent, and converges as O(1/m)
    err = [np.abs(sal.integrated_gradients(m.grad, x, x0, steps=s) - ref).max() for s in (50, 500)]
    assert err[0] < 0.05 * np.abs(ref).max() and err[1] < err[0] / 5


@pytest.mark.torch
def test_integrated_gradients_completeness_with_torch_outputs(torch):
    m = sal.TinyMLP.random(d=6, hidden=10, seed=3)
    f_t, _ = _torch_mlp(torch, m)
    rng = np.random.default_rng(4)
    x, x0 = rng.standard_normal(6), rng.standard_normal(6)
    gap = float(f_t(torch.from_numpy(x)) - f_t(torch.from_numpy(x0)))
    ig = sal.integrated_gradients(m.grad, x, x0, steps=4000, method="trapezoid")
    assert ig.sum() == pytest.approx(gap, rel=1e-6)
    coarse = sal.integrated_gradients(m.grad, x, x0, steps=20).sum()
    assert abs(coarse - gap) > abs(ig.sum() - gap)  # a 20-step right sum is visibly less complete


def test_integrated_gradients_closed_forms_by_hand():
    # linear f = w.x + b: IG_i = (x_i - x'_i) w_i exactly, whatever the rule and the number of steps
    w = np.array([2.0, -1.0, 0.5])
    x, x0 = np.array([1.0, 3.0, -2.0]), np.array([0.5, 0.0, 1.0])
    grad_lin = lambda z: np.broadcast_to(w, np.shape(z))  # noqa: E731
    for method in ("right", "left", "midpoint", "trapezoid"):
        assert_close(sal.integrated_gradients(grad_lin, x, x0, steps=3, method=method), [1.0, -3.0, -1.5])
    assert_close(sal.gradient_x_input(grad_lin, x), [2.0, -3.0, -1.0])
    assert_close(sal.saliency(grad_lin, x), [2.0, 1.0, 0.5])
    # f = x1 x2 from the zero baseline: df/dx1 on the path = a x2, so IG = (x1 x2 / 2, x1 x2 / 2);
    # the right Riemann sum gives sum_k (k/m)/m = (m + 1)/(2m) instead of 1/2, the midpoint rule is exact
    grad_prod = lambda z: np.stack([z[..., 1], z[..., 0]], axis=-1)  # noqa: E731
    xp = np.array([3.0, 4.0])
    assert_close(sal.integrated_gradients(grad_prod, xp, steps=7, method="midpoint"), [6.0, 6.0])
    assert_close(sal.integrated_gradients(grad_prod, xp, steps=4), [12 * 5 / 8, 12 * 5 / 8])
    with pytest.raises(ValueError):
        sal.path_alphas(0)


def _small_cnn(torch, K=3, head="gap"):
    torch.manual_seed(0)
    conv = torch.nn.Conv2d(2, K, 3, padding=1, dtype=torch.float64)
    if head == "gap":
        fc = torch.nn.Linear(K, 4, dtype=torch.float64)
        return conv, fc, lambda A: fc(A.mean(dim=(-2, -1)))
    fc1 = torch.nn.Linear(K * 25, 6, dtype=torch.float64)
    fc2 = torch.nn.Linear(6, 4, dtype=torch.float64)
    return conv, fc2, lambda A: fc2(torch.tanh(fc1(A.flatten(1))))


def _features_and_grads(torch, conv, head, c):
    img = torch.from_numpy(np.random.default_rng(5).standard_normal((1, 2, 5, 5)))
    A = torch.relu(conv(img))
    A.retain_grad()
    head(A)[0, c].backward()
    return A[0].detach().numpy(), A.grad[0].numpy()


@pytest.mark.torch
def test_grad_cam_reduces_to_cam_for_global_average_pooling(torch):
    # y^c = sum_k w_k^c mean(A^k) + b: dy/dA^k_ab = w_k^c / (uv), so alpha_k = w_k^c / (uv) and
    # Grad-CAM = ReLU(sum_k w_k^c A^k) / (uv), the CAM of Zhou et al. (2016) up to the constant 1/(uv)
    conv, fc, head = _small_cnn(torch, head="gap")
    for c in range(4):
        A, g = _features_and_grads(torch, conv, head, c)
        w = fc.weight.detach().numpy()[c]
        assert_close(sal.grad_cam(A, g), np.maximum(np.tensordot(w, A, axes=1), 0.0) / 25)


@pytest.mark.torch
def test_grad_cam_matches_torch_with_nonlinear_head(torch):
    conv, _, head = _small_cnn(torch, head="mlp")
    A, g = _features_and_grads(torch, conv, head, 2)
    At, gt = torch.from_numpy(A), torch.from_numpy(g)
    ref = torch.relu((gt.mean(dim=(1, 2))[:, None, None] * At).sum(0)).numpy()
    cam = sal.grad_cam(A, g)
    assert cam.shape == (5, 5) and np.all(cam >= 0)
    assert_close(cam, ref)
    assert_close(sal.grad_cam(A, g, relu=False).clip(min=0), cam)
