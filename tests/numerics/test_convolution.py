"""conv2d / im2col / transposed conv / pooling and the shape, receptive-field and parameter formulas,
checked against torch.nn.functional in float64 and against torch modules."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

from cheatsheet.numerics import convolution as cv
from tests.numerics.refdata import assert_close
from tests.checks import checks

pytestmark = pytest.mark.torch

CONV_CASES = [  # (H, W, k, stride, padding, dilation, groups, C_in, C_out)
    (7, 7, 3, 1, 0, 1, 1, 2, 3),
    (8, 9, 3, 2, 1, 1, 1, 3, 4),
    (9, 8, (3, 2), (2, 1), (1, 0), 1, 1, 2, 2),
    (10, 10, 3, 1, 2, 2, 1, 2, 3),
    (11, 9, 5, 3, 2, (2, 1), 1, 1, 2),
    (8, 8, 3, 1, 1, 1, 2, 4, 6),
    (8, 8, 3, 2, 1, 1, 4, 4, 4),  # depthwise
    (6, 7, 1, 1, 0, 1, 1, 5, 3),  # 1x1
    (12, 12, 4, 4, 0, 1, 1, 3, 2),  # patchify (ViT / ConvNeXt stem)
    (5, 5, 2, 2, 1, 3, 1, 1, 1),
]


@checks("conv2d", against="`F.conv2d` (stride, padding, dilation, groups; float64)", tol="rtol 1e-6")
@pytest.mark.parametrize("case", CONV_CASES, ids=[str(i) for i in range(len(CONV_CASES))])
def test_conv2d_matches_torch_values_and_shape(case):
    h, w, k, s, p, d, g, cin, cout = case
    gen = torch.Generator().manual_seed(CONV_CASES.index(case))
    kh, kw = (k, k) if isinstance(k, int) else k
    x = torch.randn(2, cin, h, w, generator=gen, dtype=torch.float64)
    wt = torch.randn(cout, cin // g, kh, kw, generator=gen, dtype=torch.float64)
    b = torch.randn(cout, generator=gen, dtype=torch.float64)
    ref = F.conv2d(x, wt, b, stride=s, padding=p, dilation=d, groups=g)
    out = cv.conv2d(x.numpy(), wt.numpy(), b.numpy(), stride=s, padding=p, dilation=d, groups=g)
    assert out.shape == tuple(ref.shape)
    assert_close(out, ref.numpy())
    # output-size formula, per axis
    s2, p2, d2 = cv._pair(s), cv._pair(p), cv._pair(d)
    assert ref.shape[2] == cv.conv_output_size(h, kh, s2[0], p2[0], d2[0])
    assert ref.shape[3] == cv.conv_output_size(w, kw, s2[1], p2[1], d2[1])


def test_im2col_equals_unfold_including_row_order():
    x = torch.randn(2, 3, 7, 6, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    for k, s, p, d in [(3, 1, 1, 1), ((2, 3), (2, 1), (0, 1), (1, 2)), (3, 2, 2, 2)]:
        assert_close(cv.im2col(x.numpy(), k, s, p, d), F.unfold(x, k, dilation=d, padding=p, stride=s).numpy())


def test_col2im_equals_fold():
    cols = torch.randn(1, 2 * 9, 9, dtype=torch.float64, generator=torch.Generator().manual_seed(2))
    ref = F.fold(cols, (6, 6), 3, dilation=1, padding=1, stride=(2, 2))
    assert_close(cv.col2im(cols.numpy(), (6, 6), 3, stride=2, padding=1), ref.numpy())


def test_cross_correlation_by_hand_kernel_is_not_flipped():
    x = np.arange(9.0).reshape(1, 1, 3, 3)  # [[0,1,2],[3,4,5],[6,7,8]]
    wt = np.array([[[[1.0, 0.0], [0.0, -1.0]]]])  # y_ij = x_ij - x_{i+1,j+1} = -4
    assert_close(cv.conv2d(x, wt), np.full((1, 1, 2, 2), -4.0))
    flipped = np.array([[[[-1.0, 0.0], [0.0, 1.0]]]])  # true convolution with wt would give +4
    assert_close(cv.conv2d(x, flipped), np.full((1, 1, 2, 2), 4.0))


@checks("conv-transpose", against="`F.conv_transpose2d` (values and output size)", tol="rtol 1e-6")
@pytest.mark.parametrize("h,k,s,p,op,d", [(5, 3, 2, 1, 1, 1), (4, 4, 2, 1, 0, 1), (3, 3, 1, 0, 0, 2),
                                           (6, 2, 3, 0, 2, 1), (5, 5, 2, 2, 1, 2)])
def test_conv_transpose2d_matches_torch_and_is_the_adjoint(h, k, s, p, op, d):
    gen = torch.Generator().manual_seed(3)
    x = torch.randn(2, 3, h, h + 1, generator=gen, dtype=torch.float64)
    wt = torch.randn(3, 2, k, k, generator=gen, dtype=torch.float64)
    b = torch.randn(2, generator=gen, dtype=torch.float64)
    ref = F.conv_transpose2d(x, wt, b, stride=s, padding=p, output_padding=op, dilation=d)
    out = cv.conv_transpose2d(x.numpy(), wt.numpy(), b.numpy(), stride=s, padding=p, output_padding=op, dilation=d)
    assert out.shape == tuple(ref.shape)
    assert ref.shape[2] == cv.conv_transpose_output_size(h, k, s, p, op, d)
    assert_close(out, ref.numpy())
    # <conv(y), x> = <y, conv_transpose(x)>: the transposed conv is the adjoint of conv2d
    y = np.random.default_rng(0).standard_normal(ref.shape)
    lhs = (cv.conv2d(y, wt.numpy(), stride=s, padding=p, dilation=d) * x.numpy()).sum()
    rhs = (y * cv.conv_transpose2d(x.numpy(), wt.numpy(), stride=s, padding=p, output_padding=op,
                                   dilation=d)).sum()
    assert_close(lhs, rhs)


@pytest.mark.parametrize("k,s,p,d", [(2, None, 0, 1), (3, 2, 1, 1), (3, 1, 1, 2), ((2, 3), (1, 2), (1, 1), 1)])
def test_max_pool_matches_torch(k, s, p, d):
    x = torch.randn(2, 3, 9, 8, dtype=torch.float64, generator=torch.Generator().manual_seed(4)) - 3.0
    ref = F.max_pool2d(x, k, stride=s, padding=p, dilation=d)
    assert_close(cv.max_pool2d(x.numpy(), k, s, p, d), ref.numpy())


@pytest.mark.parametrize("k,s,p", [(2, None, 0), (3, 2, 1), (3, 1, 1)])
def test_avg_pool_matches_torch(k, s, p):
    x = torch.randn(1, 2, 7, 8, dtype=torch.float64, generator=torch.Generator().manual_seed(5))
    assert_close(cv.avg_pool2d(x.numpy(), k, s, p), F.avg_pool2d(x, k, stride=s, padding=p).numpy())


@checks("conv-output-size", against="output shapes of `F.conv2d` over a grid of settings", tol="exact")
def test_output_size_formula_over_a_grid_of_settings():
    for h, k, s, p, d in itertools.product((7, 8, 15), (1, 2, 3, 5), (1, 2, 3), (0, 1, 2), (1, 2)):
        if cv.effective_kernel(k, d) > h + 2 * p:
            continue
        got = F.conv2d(torch.zeros(1, 1, h, h), torch.zeros(1, 1, k, k), stride=s, padding=p, dilation=d).shape[-1]
        assert got == cv.conv_output_size(h, k, s, p, d), (h, k, s, p, d)


@checks("conv-param-count", against="parameter count of `nn.Conv2d`", tol="exact")
@pytest.mark.parametrize("cin,cout,k,g,bias", [(3, 64, 7, 1, False), (64, 128, 3, 1, True), (32, 32, 3, 32, True),
                                                (16, 48, 1, 4, True), (8, 8, (1, 5), 2, False)])
def test_parameter_count_matches_torch_conv2d(cin, cout, k, g, bias):
    kh, kw = (k, k) if isinstance(k, int) else k
    m = nn.Conv2d(cin, cout, k, groups=g, bias=bias)
    assert sum(p.numel() for p in m.parameters()) == cv.conv_params(cin, cout, kh, kw, g, bias)


def test_separable_conv_parameters_and_ratio():
    sep, full = cv.separable_params(128, 256, 3)
    dw = nn.Conv2d(128, 128, 3, groups=128, bias=False)
    pw = nn.Conv2d(128, 256, 1, bias=False)
    assert sep == sum(p.numel() for p in (*dw.parameters(), *pw.parameters()))
    assert_close(sep / full, 1 / 256 + 1 / 9)


def test_lenet5_parameter_count_by_formula():
    net = nn.Sequential(nn.Conv2d(1, 6, 5), nn.Tanh(), nn.AvgPool2d(2), nn.Conv2d(6, 16, 5), nn.Tanh(),
                        nn.AvgPool2d(2), nn.Conv2d(16, 120, 5), nn.Tanh(), nn.Flatten(),
                        nn.Linear(120, 84), nn.Tanh(), nn.Linear(84, 10))
    counted = cv.conv_params(1, 6, 5, 5) + cv.conv_params(6, 16, 5, 5) + cv.conv_params(16, 120, 5, 5) \
        + 120 * 84 + 84 + 84 * 10 + 10
    assert counted == sum(p.numel() for p in net.parameters()) == 61706
    assert net(torch.zeros(1, 1, 32, 32)).shape == (1, 10)


def test_macs_of_resnet_stem():
    # 7x7/2 conv, 3 -> 64 channels, 224 -> 112: 112*112*64*3*49 = 118,013,952 MACs
    ho = cv.conv_output_size(224, 7, 2, 3)
    assert ho == 112
    assert cv.conv_macs(3, 64, 7, 7, ho, ho) == 118_013_952


def test_receptive_field_by_hand_and_by_gradient():
    # three 3x3 stride-1 convs see 7x7 (VGG's argument); with strides (2, 2, 1): 1 + 2 + 4 + 8 = 15
    assert list(cv.receptive_field([3, 3, 3])) == [1, 3, 5, 7]
    assert cv.receptive_field([3, 3, 3], [2, 2, 1])[-1] == 15
    assert cv.receptive_field([3, 3, 3, 3], dilations=[1, 2, 4, 8])[-1] == 31
    # independent check: the support of d(centre output)/d(input) in an actual torch stack
    for ks, ss, ds in [([3, 3, 3], [2, 2, 1], [1, 1, 1]), ([3, 3, 3, 3], [1, 1, 1, 1], [1, 2, 4, 8]),
                       ([5, 3, 3], [2, 1, 2], [1, 2, 1])]:
        x = torch.zeros(1, 1, 81, 81, dtype=torch.float64, requires_grad=True)
        y = x
        for k, s, d in zip(ks, ss, ds):
            y = F.conv2d(y, torch.ones(1, 1, k, k, dtype=torch.float64), stride=s, dilation=d)
        c = y.shape[-1] // 2
        y[0, 0, c, c].backward()
        rows = torch.nonzero(x.grad[0, 0].sum(1))
        assert rows.max() - rows.min() + 1 == cv.receptive_field(ks, ss, ds)[-1]
