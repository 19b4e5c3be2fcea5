"""Roofline, arithmetic intensity, training memory and number formats, checked by hand and
against torch.finfo / torch.iinfo."""

from __future__ import annotations

import numpy as np
import pytest

from cheatsheet.numerics import hardware as hw
from tests.numerics.refdata import assert_close


def test_matmul_counts_by_hand():
    # (2x3)(3x4): 2*3*4 = 24 multiply-adds = 48 FLOPs; elements 6 + 12 + 8 = 26
    assert hw.matmul_flops(2, 3, 4) == 48
    assert hw.matmul_bytes(2, 3, 4, 4) == 26 * 4
    assert_close(hw.matmul_intensity(2, 3, 4, 4), 48 / 104)
    # square: 2n/(3b)
    assert_close(hw.matmul_intensity(4096, 4096, 4096, 2), 2 * 4096 / 6)
    # matrix-vector is memory-bound: about 1 FLOP/byte at 2 bytes
    assert 0.99 < hw.matmul_intensity(1, 4096, 4096, 2) < 1.0


def test_matmul_flops_counted_by_loop():
    m, k, n = 3, 5, 2
    A, B = np.arange(m * k).reshape(m, k), np.arange(k * n).reshape(k, n)
    C, ops = np.zeros((m, n)), 0
    for i in range(m):
        for j in range(n):
            for p in range(k):
                C[i, j] += A[i, p] * B[p, j]
                ops += 2
    assert ops == hw.matmul_flops(m, k, n)
    np.testing.assert_array_equal(C, A @ B)


def test_roofline_and_ridge():
    pi, beta = 100.0, 10.0
    assert hw.ridge_point(pi, beta) == 10.0
    assert_close(hw.roofline([1.0, 10.0, 1000.0], pi, beta), [10.0, 100.0, 100.0])
    r = hw.ridge_point(hw.A100_PEAK_BF16_FLOPS, hw.A100_HBM_BYTES_PER_S)
    assert 150 < r < 156


def test_elementwise_and_conv_intensity_by_hand():
    # c = a + b in BF16: 1 FLOP per (2 reads + 1 write) * 2 bytes
    assert_close(hw.elementwise_intensity(1, 2, 1, 2), 1 / 6)
    # 1x1 conv on a 1x1 map, batch N, is an (N x Cin)(Cin x Cout) matmul
    assert_close(hw.conv2d_intensity(8, 16, 32, 1, 1, 1, 4), hw.matmul_intensity(8, 16, 32, 4))
    # conv FLOPs by hand: N=1, Cin=2, Cout=3, 4x4 out, 3x3 kernel -> 2*3*16*2*9
    assert hw.conv2d_flops(1, 2, 3, 4, 4, 3, 3) == 2 * 3 * 16 * 2 * 9


def test_fused_chain_moves_k_times_fewer_bytes():
    n = 1 << 20
    assert hw.elementwise_chain_bytes(n, 1, 4, fused=False) == hw.elementwise_chain_bytes(n, 1, 4, fused=True)
    assert hw.elementwise_chain_bytes(n, 5, 4) == 5 * hw.elementwise_chain_bytes(n, 5, 4, fused=True) == 40 * n


def test_training_memory_zero_paper_numbers():
    # ZeRO paper: 7.5B params, mixed-precision Adam -> 120 GB; with N_d = 64:
    # stage 1 31.4 GB, stage 2 16.6 GB, stage 3 1.9 GB
    psi = 7.5e9
    assert hw.training_memory_bytes(psi) == 120e9
    assert_close(hw.training_memory_bytes(psi, zero_stage=1, n_gpus=64) / 1e9, 31.40625)
    assert_close(hw.training_memory_bytes(psi, zero_stage=2, n_gpus=64) / 1e9, 16.640625)
    assert_close(hw.training_memory_bytes(psi, zero_stage=3, n_gpus=64) / 1e9, 1.875)
    assert hw.training_memory_bytes(1.0, "fp32_adam") == 16
    assert hw.training_memory_bytes(1.0, "bf16_inference") == 2
    with pytest.raises(ValueError):
        hw.training_memory_bytes(1.0, zero_stage=4)


@pytest.mark.torch
@pytest.mark.parametrize("name,dtype", [("FP32", "float32"), ("BF16", "bfloat16"), ("FP16", "float16"),
                                        ("FP8 E5M2", "float8_e5m2"), ("FP8 E4M3", "float8_e4m3fn")])
def test_float_formats_match_torch_finfo(name, dtype):
    torch = pytest.importorskip("torch")
    fi = torch.finfo(getattr(torch, dtype))
    e, m, fn = hw.FLOAT_FORMATS[name]
    f = hw.float_format(e, m, finite_only=fn)
    assert f["bits"] == fi.bits
    assert f["max"] == fi.max
    assert f["eps"] == fi.eps
    assert f["smallest_normal"] == fi.smallest_normal
    # smallest subnormal: the next value above zero, from torch's own bit patterns
    tiny = torch.tensor([1], dtype=torch.uint8 if fi.bits == 8 else
                        {16: torch.int16, 32: torch.int32}[fi.bits]).view(getattr(torch, dtype))
    assert f["smallest_subnormal"] == float(tiny.float().item())


def test_tf32_has_fp32_range_and_fp16_precision():
    tf32, fp32, fp16 = (hw.float_format(*hw.FLOAT_FORMATS[k][:2]) for k in ("TF32", "FP32", "FP16"))
    assert tf32["bits"] == 19 and tf32["eps"] == fp16["eps"] == 2.0 ** -10
    assert tf32["smallest_normal"] == fp32["smallest_normal"]
    assert 3.40e38 < tf32["max"] < fp32["max"]


@pytest.mark.torch
def test_int_ranges_match_iinfo():
    torch = pytest.importorskip("torch")
    assert hw.int_range(8) == (torch.iinfo(torch.int8).min, torch.iinfo(torch.int8).max)
    assert hw.int_range(8, signed=False) == (0, torch.iinfo(torch.uint8).max)
    assert hw.int_range(4) == (-8, 7)
