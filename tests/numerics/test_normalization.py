"""Normalization layers against torch.nn: values, gradients, running statistics, and the
weight reparameterizations (weight norm, spectral norm) against torch's parametrizations."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn
from torch.nn.utils import parametrizations

from cheatsheet.numerics import normalization as NZ
from tests.numerics.refdata import assert_close
from tests.checks import checks

torch.set_default_dtype(torch.float64)


def t(a, grad: bool = False) -> torch.Tensor:
    return torch.tensor(np.asarray(a, dtype=float), requires_grad=grad)


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(2015)


def numpy_grad(fn, x: np.ndarray, upstream: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Central differences of sum(upstream * fn(x)) with respect to x (float64)."""
    g = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        xp, xm = x.copy(), x.copy()
        xp[i] += h
        xm[i] -= h
        g[i] = ((fn(xp) - fn(xm)) * upstream).sum() / (2 * h)
    return g


def torch_grad(module: nn.Module, x: np.ndarray, upstream: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    xt = t(x, grad=True)
    y = module(xt)
    (y * t(upstream)).sum().backward()
    return y.detach().numpy(), xt.grad.numpy()


# --- batch norm -------------------------------------------------------------------------------

@checks("batch-norm", against="`nn.BatchNorm1d`/`nn.BatchNorm2d` in training mode, with gradients",
        tol="rtol 1e-6; gradients atol 1e-6")
@pytest.mark.parametrize("shape", [(6, 4), (5, 3, 4, 2)])
def test_batch_norm_training_values_and_gradients_match_torch(shape, rng):
    x = rng.normal(2.0, 3.0, size=shape)
    C = shape[1]
    gamma, beta = rng.normal(size=C), rng.normal(size=C)
    bn = (nn.BatchNorm1d if len(shape) == 2 else nn.BatchNorm2d)(C)
    with torch.no_grad():
        bn.weight.copy_(t(gamma))
        bn.bias.copy_(t(beta))
    bn.train()
    up = rng.normal(size=shape)
    y_ref, g_ref = torch_grad(bn, x, up)
    y, rm, rv = NZ.batch_norm_train(x, gamma, beta, np.zeros(C), np.ones(C))
    assert_close(y, y_ref)
    assert_close(rm, bn.running_mean.numpy())
    assert_close(rv, bn.running_var.numpy())
    fn = lambda z: NZ.batch_norm_train(z, gamma, beta, np.zeros(C), np.ones(C))[0]  # noqa: E731
    assert_close(numpy_grad(fn, x, up), g_ref, atol=1e-6)
    # the gradient of a batch-normalized output couples the examples: it sums to zero per channel
    axes = (0,) + tuple(range(2, len(shape)))
    assert_close(g_ref.sum(axis=axes), np.zeros(C), atol=1e-9)


@checks("batch-norm-backward", against="PyTorch autograd of `F.batch_norm`", tol="rtol 1e-6")
@pytest.mark.parametrize("shape", [(6, 4), (3, 2, 5, 3)])
def test_batch_norm_backward_formula_matches_autograd(shape, rng):
    x = rng.normal(1.0, 2.0, size=shape)
    C = shape[1]
    gamma, beta = rng.normal(size=C), rng.normal(size=C)
    up = rng.normal(size=shape)
    xt, gt, bt = t(x, True), t(gamma, True), t(beta, True)
    y = torch.nn.functional.batch_norm(xt, None, None, gt, bt, training=True, eps=1e-5)
    (y * t(up)).sum().backward()
    dx, dgamma, dbeta = NZ.batch_norm_backward(x, gamma, up)
    assert_close(dx, xt.grad.numpy())
    assert_close(dgamma, gt.grad.numpy())
    assert_close(dbeta, bt.grad.numpy())


@checks("batch-norm-running-stats", against="`nn.BatchNorm2d` running statistics and eval output", tol="rtol 1e-6")
@pytest.mark.parametrize("momentum", [0.1, 0.3, None])
def test_running_statistics_after_k_steps_and_eval_output(momentum, rng):
    C, k = 3, 5
    bn = nn.BatchNorm2d(C, momentum=momentum)
    bn.train()
    rm, rv = np.zeros(C), np.ones(C)
    gamma, beta = np.ones(C), np.zeros(C)
    batches = [rng.normal(1.0 + step, 2.0, size=(4, C, 3, 3)) for step in range(k)]
    for step, x in enumerate(batches):
        bn(t(x))
        _, rm, rv = NZ.batch_norm_train(x, gamma, beta, rm, rv, momentum=momentum, num_batches_tracked=step)
    assert int(bn.num_batches_tracked) == k
    assert_close(rm, bn.running_mean.numpy())
    assert_close(rv, bn.running_var.numpy())
    if momentum is None:  # a plain average of the k batch means / unbiased variances
        assert_close(rm, np.mean([b.mean(axis=(0, 2, 3)) for b in batches], axis=0))
        assert_close(rv, np.mean([b.transpose(1, 0, 2, 3).reshape(C, -1).var(axis=1, ddof=1) for b in batches], axis=0))
    bn.eval()
    x = rng.normal(size=(2, C, 3, 3))
    up = rng.normal(size=x.shape)
    y_ref, g_ref = torch_grad(bn, x, up)
    assert_close(NZ.batch_norm_eval(x, gamma, beta, rm, rv), y_ref)
    # in eval mode BatchNorm is a per-channel affine map: the gradient is upstream * gamma / sqrt(var + eps)
    assert_close(g_ref, up / np.sqrt(rv + 1e-5).reshape(1, C, 1, 1))


def test_running_variance_is_unbiased_but_normalization_uses_biased(rng):
    x = rng.normal(size=(4, 2))
    bn = nn.BatchNorm1d(2, momentum=1.0)  # running stats become exactly the last batch's
    y = bn.train()(t(x)).detach().numpy()
    assert_close(bn.running_var.numpy(), x.var(axis=0, ddof=1))
    assert_close(y, (x - x.mean(0)) / np.sqrt(x.var(axis=0, ddof=0) + 1e-5))
    assert not np.allclose(x.var(axis=0, ddof=1), x.var(axis=0, ddof=0))


# --- per-sample norms -------------------------------------------------------------------------

@checks("layer-norm", against="`nn.LayerNorm`, with gradients", tol="rtol 1e-6; gradients atol 1e-6")
def test_layer_norm_on_sequences_values_and_gradients(rng):
    x = rng.normal(size=(2, 3, 5))  # (N, T, d)
    gamma, beta = rng.normal(size=5), rng.normal(size=5)
    ln = nn.LayerNorm(5)
    with torch.no_grad():
        ln.weight.copy_(t(gamma))
        ln.bias.copy_(t(beta))
    up = rng.normal(size=x.shape)
    y_ref, g_ref = torch_grad(ln, x, up)
    assert_close(NZ.layer_norm(x, 1, gamma, beta), y_ref)
    assert_close(numpy_grad(lambda z: NZ.layer_norm(z, 1, gamma, beta), x, up), g_ref, atol=1e-6)


def test_layer_norm_over_channels_and_space(rng):
    x = rng.normal(size=(2, 3, 4, 4))
    ln = nn.LayerNorm([3, 4, 4], elementwise_affine=False)
    assert_close(NZ.layer_norm(x, 3), ln(t(x)).detach().numpy())


@checks("rms-norm", against="`nn.RMSNorm`, with gradients", tol="rtol 1e-6; gradients atol 1e-6")
@pytest.mark.parametrize("eps", [None, 1e-6])
def test_rms_norm_values_gradients_and_default_eps(eps, rng):
    x = rng.normal(size=(2, 3, 6))
    gamma = rng.normal(size=6)
    rms = nn.RMSNorm(6, eps=eps)
    with torch.no_grad():
        rms.weight.copy_(t(gamma))
    up = rng.normal(size=x.shape)
    y_ref, g_ref = torch_grad(rms, x, up)
    assert_close(NZ.rms_norm(x, 1, gamma, eps=eps), y_ref)
    assert_close(numpy_grad(lambda z: NZ.rms_norm(z, 1, gamma, eps=eps), x, up), g_ref, atol=1e-6)
    assert sum(p.numel() for p in rms.parameters()) == 6  # gamma only


def test_rms_norm_default_eps_is_machine_epsilon():
    assert nn.RMSNorm(4).eps is None
    x = np.full((1, 4), 1e-9)  # mean square 1e-18: eps = 2.2e-16 (float64) dominates the denominator
    y_ref = nn.RMSNorm(4)(t(x)).detach().numpy()
    assert_close(NZ.rms_norm(x, 1), y_ref)
    assert_close(y_ref, x / np.sqrt(1e-18 + np.finfo(np.float64).eps))
    x32 = torch.full((1, 4), 1e-3, dtype=torch.float32)  # in float32 eps = 1.19e-7 is not negligible
    out = nn.RMSNorm(4, dtype=torch.float32)(x32)
    assert torch.allclose(out, x32 / torch.sqrt(torch.tensor(1e-6) + torch.finfo(torch.float32).eps))
    # fp16/bf16 inputs use fp32's eps (the computation type), not their own (9.8e-4, 7.8e-3)
    x16 = torch.full((1, 4), 1e-2, dtype=torch.bfloat16)  # mean square 1e-4
    assert torch.nn.functional.rms_norm(x16, (4,)).float().allclose(torch.ones(1, 4, dtype=torch.float32), atol=1e-2)
    assert 1e-2 / np.sqrt(1e-4 + torch.finfo(torch.bfloat16).eps) < 0.2  # what bf16's own eps would give


@checks("group-norm", against="`nn.GroupNorm`, with gradients", tol="rtol 1e-6; gradients atol 1e-6")
@pytest.mark.parametrize("groups", [1, 2, 6])
def test_group_norm_values_and_gradients(groups, rng):
    x = rng.normal(size=(2, 6, 3, 2))
    gamma, beta = rng.normal(size=6), rng.normal(size=6)
    gn = nn.GroupNorm(groups, 6)
    with torch.no_grad():
        gn.weight.copy_(t(gamma))
        gn.bias.copy_(t(beta))
    up = rng.normal(size=x.shape)
    y_ref, g_ref = torch_grad(gn, x, up)
    assert_close(NZ.group_norm(x, groups, gamma, beta), y_ref)
    assert_close(numpy_grad(lambda z: NZ.group_norm(z, groups, gamma, beta), x, up), g_ref, atol=1e-6)


@checks("instance-norm", against="`nn.InstanceNorm2d`, with gradients", tol="rtol 1e-6; gradients atol 1e-6")
def test_instance_norm_defaults_values_and_gradients(rng):
    inorm = nn.InstanceNorm2d(3)
    assert inorm.affine is False and inorm.track_running_stats is False
    assert list(inorm.parameters()) == []
    x = rng.normal(size=(2, 3, 4, 5))
    up = rng.normal(size=x.shape)
    y_ref, g_ref = torch_grad(inorm.eval(), x, up)  # eval changes nothing without running stats
    assert_close(NZ.instance_norm(x), y_ref)
    assert_close(numpy_grad(NZ.instance_norm, x, up), g_ref, atol=1e-6)
    assert_close(NZ.instance_norm(x), nn.GroupNorm(3, 3, affine=False)(t(x)).detach().numpy())


@pytest.mark.parametrize("kind", NZ.NORMS)
def test_shared_statistic_mask_is_where_torch_output_depends_on_inputs(kind, rng):
    """The figure's cubes: the input values that move one output's statistics are exactly the mask."""
    N, C, S = 3, 4, 5
    index = (1, 2, 3)
    layers = {
        "batch": nn.BatchNorm1d(C).train(),
        "layer": nn.LayerNorm([C, S], elementwise_affine=False),
        "instance": nn.InstanceNorm1d(C),
        "group": nn.GroupNorm(2, C, affine=False),
    }
    x = t(rng.normal(size=(N, C, S)), grad=True)
    layers[kind](x)[index].backward()
    depends = x.grad.abs().numpy() > 1e-12
    assert (depends == NZ.shared_statistic_mask(kind, (N, C, S), index, num_groups=2)).all()


# --- weight norm and spectral norm ------------------------------------------------------------

@checks("weight-norm", against="`parametrizations.weight_norm`", tol="rtol 1e-6")
@pytest.mark.parametrize("dim", [0, 1])
def test_weight_norm_matches_torch_parametrization(dim, rng):
    lin = nn.Linear(5, 4)
    with torch.no_grad():
        lin.weight.copy_(t(rng.normal(size=(4, 5))))
    parametrizations.weight_norm(lin, dim=dim)
    g = lin.parametrizations.weight.original0.detach().numpy()
    v = lin.parametrizations.weight.original1.detach().numpy()
    assert g.shape == ((4, 1) if dim == 0 else (1, 5))
    assert_close(NZ.weight_norm(v, g, dim=dim), lin.weight.detach().numpy())
    with torch.no_grad():  # scaling v does not change w; g alone sets the norm of each slice
        lin.parametrizations.weight.original1.mul_(7.0)
        lin.parametrizations.weight.original0.fill_(2.0)
    assert_close(np.linalg.norm(lin.weight.detach().numpy(), axis=1 - dim), np.full(4 if dim == 0 else 5, 2.0))


def test_power_iteration_converges_to_the_largest_singular_value(rng):
    W = rng.normal(size=(6, 4))
    sigma_ref = torch.linalg.matrix_norm(t(W), ord=2).item()
    assert sigma_ref == pytest.approx(np.linalg.svd(W, compute_uv=False)[0])
    v0 = rng.normal(size=4)
    sigma1, _, _ = NZ.power_iteration(W, v0, n_iter=1)
    sigma, u, v = NZ.power_iteration(W, v0, n_iter=200)
    assert sigma1 <= sigma_ref + 1e-12  # a lower bound after any number of steps
    assert sigma == pytest.approx(sigma_ref, rel=1e-10)
    U, _, Vt = np.linalg.svd(W)
    assert abs(u @ U[:, 0]) == pytest.approx(1.0, abs=1e-8) and abs(v @ Vt[0]) == pytest.approx(1.0, abs=1e-8)
    assert torch.linalg.matrix_norm(t(NZ.spectral_normalize(W, v0, 200)), ord=2).item() == pytest.approx(1.0)


@checks("spectral-norm", against="`parametrizations.spectral_norm` (one power step per forward)", tol="rtol 1e-6")
def test_spectral_norm_matches_torch_one_step_per_forward(rng):
    torch.manual_seed(0)
    conv = nn.Conv2d(3, 5, 3)
    parametrizations.spectral_norm(conv)  # 15 power iterations at registration, then 1 per training forward
    sn = conv.parametrizations.weight[0]
    W = conv.parametrizations.weight.original.detach().numpy()
    for _ in range(3):
        v_before = sn._v.detach().numpy().copy()
        w_ref = conv.train().weight.detach().numpy()
        assert_close(NZ.spectral_normalize(W, v_before, n_iter=1), w_ref)
    w_eval = conv.eval().weight.detach().numpy()  # eval: no update, the same u, v
    assert_close(w_eval, w_ref)
    # power iteration underestimates sigma, so W / sigma_est has spectral norm >= 1, and close to it
    assert 1.0 - 1e-12 <= np.linalg.svd(w_ref.reshape(5, -1), compute_uv=False)[0] < 1.05
