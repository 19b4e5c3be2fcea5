"""Quantization, pruning, distillation and low-rank factorization checked against PyTorch's own
quantization ops, torch.nn.utils.prune, an F.kl_div formulation and NumPy's SVD."""

from __future__ import annotations

import numpy as np
import pytest

from cheatsheet.numerics import compression as cp
from tests.numerics.refdata import assert_close

torch = pytest.importorskip("torch")
prune = pytest.importorskip("torch.nn.utils.prune")

pytestmark = pytest.mark.filterwarnings("ignore:.*quantized tensor creation functions.*:UserWarning")


def _rand(shape, seed=0):
    # float32-exact values so torch (float32) and NumPy (float64) divide the same numbers
    return np.random.default_rng(seed).normal(size=shape).astype(np.float32).astype(np.float64)


@pytest.mark.torch
@pytest.mark.parametrize("dtype,qmin,qmax", [(torch.quint8, 0, 255), (torch.qint8, -128, 127)])
def test_affine_per_tensor_matches_quantize_per_tensor(dtype, qmin, qmax):
    x = _rand((64,), 1) * 3 + 0.7
    s, z = cp.affine_qparams(x.min(), x.max(), qmin, qmax)
    s = float(np.float32(s))
    q = cp.quantize(x, s, int(z), qmin, qmax)
    tq = torch.quantize_per_tensor(torch.tensor(x, dtype=torch.float32), s, int(z), dtype)
    np.testing.assert_array_equal(q, tq.int_repr().numpy().astype(np.int64))
    assert_close(cp.dequantize(q, s, int(z)), tq.dequantize().double().numpy(), rtol=1e-6, atol=1e-6)
    # clamping really happens for values outside the range
    big = cp.quantize(np.array([1e3, -1e3]), s, int(z), qmin, qmax)
    assert big.tolist() == [qmax, qmin]


@pytest.mark.torch
def test_per_channel_matches_quantize_per_channel():
    w = _rand((4, 6), 2) * np.array([[0.1], [1.0], [3.0], [0.5]])
    s, z = cp.symmetric_qparams(np.abs(w).max(axis=1), 8)
    s = s.astype(np.float32).astype(np.float64)
    q = cp.quantize(w, s, z, -128, 127, axis=0)
    tq = torch.quantize_per_channel(torch.tensor(w, dtype=torch.float32), torch.tensor(s),
                                    torch.tensor(z), 0, torch.qint8)
    np.testing.assert_array_equal(q, tq.int_repr().numpy().astype(np.int64))
    assert_close(cp.dequantize(q, s, z, axis=0), tq.dequantize().double().numpy(), rtol=1e-6, atol=1e-7)
    # the largest magnitude in each row maps to +-127 exactly (restricted symmetric range)
    assert np.all(np.abs(q).max(axis=1) == 127)


@pytest.mark.torch
def test_fake_quantize_matches_torch():
    x = _rand((50,), 3)
    s, z = 0.03125, 3  # power of two: exact in float32
    ref = torch.fake_quantize_per_tensor_affine(torch.tensor(x, dtype=torch.float32), s, z, -8, 7)
    assert_close(cp.fake_quantize(x, s, z, -8, 7), ref.double().numpy(), rtol=1e-7, atol=1e-9)


def test_affine_qparams_by_hand_and_zero_exact():
    # range [-1, 2] on uint8: s = 3/255, z = 0 - round(-1 / s) = 85
    s, z = cp.affine_qparams(-1.0, 2.0, 0, 255)
    assert_close(s, 3 / 255)
    assert int(z) == 85
    assert cp.dequantize(cp.quantize(0.0, s, z, 0, 255), s, z) == 0.0
    # a positive-only range is widened to include 0: z = 0
    s2, z2 = cp.affine_qparams(0.5, 2.0, 0, 255)
    assert_close(s2, 2 / 255) and int(z2) == 0


def test_quantization_error_is_about_s2_over_12():
    x = np.random.default_rng(4).uniform(-1, 1, 200_000)
    s, z = cp.symmetric_qparams(1.0, 8)
    mse = cp.quantization_mse(x, cp.fake_quantize(x, s, z, -128, 127))
    assert abs(mse / (s * s / 12) - 1) < 0.02


@pytest.mark.torch
def test_magnitude_pruning_matches_l1_unstructured():
    w = _rand((8, 10), 5)
    lin = torch.nn.Linear(10, 8)
    with torch.no_grad():
        lin.weight.copy_(torch.tensor(w))
    prune.l1_unstructured(lin, "weight", amount=0.37)
    mask = cp.magnitude_prune_mask(w, 0.37)
    np.testing.assert_array_equal(mask, lin.weight_mask.numpy())
    assert mask.sum() == 80 - round(0.37 * 80)


@pytest.mark.torch
def test_global_pruning_matches_global_unstructured():
    ws = [_rand((6, 5), 6) * 0.2, _rand((4, 6), 7)]
    layers = [torch.nn.Linear(5, 6), torch.nn.Linear(6, 4)]
    for lin, w in zip(layers, ws):
        with torch.no_grad():
            lin.weight.copy_(torch.tensor(w))
    prune.global_unstructured([(lin, "weight") for lin in layers],
                                             pruning_method=prune.L1Unstructured, amount=0.5)
    masks = cp.global_magnitude_prune_masks(ws, 0.5)
    for m, lin in zip(masks, layers):
        np.testing.assert_array_equal(m, lin.weight_mask.numpy())
    # the small-scale layer loses more than half of its weights
    assert masks[0].mean() < 0.5 < masks[1].mean()


@pytest.mark.torch
def test_structured_pruning_matches_ln_structured():
    w = _rand((6, 4), 8)
    lin = torch.nn.Linear(4, 6)
    with torch.no_grad():
        lin.weight.copy_(torch.tensor(w))
    prune.ln_structured(lin, "weight", amount=0.5, n=2, dim=0)
    np.testing.assert_array_equal(cp.structured_prune_mask(w, 0.5, axis=0), lin.weight_mask.numpy())


@pytest.mark.torch
@pytest.mark.parametrize("T,alpha", [(1.0, 1.0), (4.0, 1.0), (2.0, 0.3)])
def test_distillation_loss_matches_kl_div(T, alpha):
    import torch.nn.functional as F
    rng = np.random.default_rng(9)
    s, t = rng.normal(size=(5, 7)) * 2, rng.normal(size=(5, 7)) * 3
    y = rng.integers(0, 7, size=5)
    st, tt = torch.tensor(s), torch.tensor(t)
    kd = F.kl_div(F.log_softmax(st / T, -1), F.softmax(tt / T, -1), reduction="batchmean") * T * T
    ref = alpha * kd + (1 - alpha) * F.cross_entropy(st, torch.tensor(y))
    assert_close(cp.distillation_loss(s, t, T, labels=y, alpha=alpha), ref.item())


def test_distillation_loss_zero_when_student_equals_teacher():
    z = np.random.default_rng(10).normal(size=(3, 4))
    assert abs(cp.distillation_loss(z, z, 3.0)) < 1e-12
    # shifting logits by a constant changes nothing (softmax invariance)
    assert abs(cp.distillation_loss(z + 5.0, z, 3.0)) < 1e-12


def test_soft_targets_flatten_with_temperature():
    z = np.array([3.0, 1.0, 0.2])
    p1, p5 = cp.softmax_t(z, 1.0), cp.softmax_t(z, 5.0)
    assert p5.max() < p1.max()
    assert_close(cp.softmax_t(z, 1e6), np.full(3, 1 / 3), rtol=1e-5)


def test_low_rank_error_is_eckart_young():
    W = np.random.default_rng(11).normal(size=(12, 9))
    S = np.linalg.svd(W, compute_uv=False)
    for r in (1, 4, 9):
        A, B = cp.low_rank_factors(W, r)
        assert A.shape == (12, r) and B.shape == (r, 9)
        assert_close(np.linalg.norm(W - A @ B), np.sqrt(np.sum(S[r:] ** 2)), atol=1e-10)
        assert_close(cp.low_rank_error(W, r), np.linalg.norm(W - A @ B), atol=1e-10)
        assert np.linalg.matrix_rank(A @ B) == r
    assert cp.low_rank_params(4096, 4096, 64) == 64 * 8192


def test_model_bytes_and_ratio_by_hand():
    # 7e9 params: FP32 28 GB, INT4 3.5 GB, plus one FP16 scale per 128 weights = 7e9/128*2 bytes
    assert cp.model_bytes(7e9, 32) == 28e9
    assert cp.model_bytes(7e9, 4) == 3.5e9
    assert_close(cp.model_bytes(7e9, 4, group_size=128), 3.5e9 + 7e9 / 128 * 2)
    assert cp.compression_ratio(1e6, 8) == 4.0
    # 90 % sparse, 8-bit values + 4-bit indices: 32 / (0.1 * 12)
    assert_close(cp.compression_ratio(1e6, 8, sparsity=0.9, index_bits=4), 32 / 1.2)
