"""Initialization bounds and standard deviations agree with ``torch.nn.init`` (PyTorch 2.13)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from cheatsheet.numerics import initialization as init
from tests.numerics.refdata import assert_close

GAIN_CASES = [
    ("linear", None), ("conv2d", None), ("conv_transpose3d", None), ("sigmoid", None),
    ("tanh", None), ("relu", None), ("leaky_relu", None), ("leaky_relu", 0.2),
    ("leaky_relu", math.sqrt(5.0)), ("selu", None),
]
SHAPES = [(64, 32), (16, 4, 3, 3), (5, 2, 7), (8, 3, 2, 2, 2)]


@pytest.mark.parametrize("nonlinearity,param", GAIN_CASES)
def test_gain_matches_calculate_gain(nonlinearity, param):
    assert_close(init.calculate_gain(nonlinearity, param),
                 torch.nn.init.calculate_gain(nonlinearity, param), what=nonlinearity)


def test_gain_table_values_by_hand():
    # the page's table, written out independently of the code
    assert init.calculate_gain("relu") == pytest.approx(1.4142135623730951)
    assert init.calculate_gain("tanh") == pytest.approx(1.6666666666666667)
    assert init.calculate_gain("leaky_relu", 0.2) == pytest.approx(math.sqrt(2 / 1.04))
    with pytest.raises(ValueError):
        init.calculate_gain("gelu")


@pytest.mark.parametrize("shape", SHAPES)
def test_fans_match_torch(shape):
    assert init.fan_in_and_fan_out(shape) == torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))


def _same_draw(fill, reference) -> None:
    """``fill`` (a torch.nn.init call) and ``reference`` (a plain uniform_/normal_ with our
    parameters) consume the same random stream, so they must give identical tensors."""
    torch.manual_seed(1234)
    a = fill()
    torch.manual_seed(1234)
    b = reference()
    assert_close(a.numpy(), b.numpy(), rtol=1e-12, atol=0.0)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("gain", [1.0, 5.0 / 3.0])
def test_xavier_exact(shape, gain):
    fi, fo = init.fan_in_and_fan_out(shape)
    b = init.xavier_uniform_bound(fi, fo, gain)
    s = init.xavier_normal_std(fi, fo, gain)
    _same_draw(lambda: torch.nn.init.xavier_uniform_(torch.empty(shape), gain=gain),
               lambda: torch.empty(shape).uniform_(-b, b))
    _same_draw(lambda: torch.nn.init.xavier_normal_(torch.empty(shape), gain=gain),
               lambda: torch.empty(shape).normal_(0.0, s))


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("mode", ["fan_in", "fan_out"])
@pytest.mark.parametrize("nonlinearity,a", [("relu", 0.0), ("leaky_relu", 0.0), ("leaky_relu", 0.1)])
def test_kaiming_exact(shape, mode, nonlinearity, a):
    fi, fo = init.fan_in_and_fan_out(shape)
    fan = fi if mode == "fan_in" else fo
    g = init.calculate_gain(nonlinearity, a)
    b = init.kaiming_uniform_bound(fan, g)
    s = init.kaiming_normal_std(fan, g)
    _same_draw(lambda: torch.nn.init.kaiming_uniform_(torch.empty(shape), a=a, mode=mode, nonlinearity=nonlinearity),
               lambda: torch.empty(shape).uniform_(-b, b))
    _same_draw(lambda: torch.nn.init.kaiming_normal_(torch.empty(shape), a=a, mode=mode, nonlinearity=nonlinearity),
               lambda: torch.empty(shape).normal_(0.0, s))


@pytest.mark.parametrize("fan_in,fan_out", [(3, 7), (100, 10), (784, 256)])
def test_nn_linear_default_is_one_over_sqrt_fan_in(fan_in, fan_out):
    assert_close(init.linear_default_bound(fan_in), 1.0 / math.sqrt(fan_in))
    b = init.linear_default_bound(fan_in)
    _same_draw(lambda: torch.nn.Linear(fan_in, fan_out).weight.detach(),
               lambda: torch.empty(fan_out, fan_in).uniform_(-b, b))


def test_nn_linear_default_variance_is_a_third_of_one_over_fan_in_not_he():
    fan_in = 512
    torch.manual_seed(0)
    w = torch.nn.Linear(fan_in, 2048).weight.detach().double()
    # U(-b, b) has variance b^2 / 3 = 1 / (3 fan_in): 6x below He's 2 / fan_in for ReLU
    assert init.linear_default_bound(fan_in) ** 2 / 3 == pytest.approx(1 / (3 * fan_in))
    assert w.var().item() == pytest.approx(1 / (3 * fan_in), rel=0.01)
    he = init.init_std("kaiming_normal", fan_in, 2048, gain=math.sqrt(2)) ** 2
    assert he == pytest.approx(2 / fan_in) and he / w.var().item() == pytest.approx(6, rel=0.01)


@pytest.mark.parametrize("scheme,gain,mode,torch_fill", [
    ("xavier_uniform", 1.0, "fan_in", lambda t: torch.nn.init.xavier_uniform_(t)),
    ("xavier_normal", 5 / 3, "fan_in", lambda t: torch.nn.init.xavier_normal_(t, gain=5 / 3)),
    ("kaiming_uniform", math.sqrt(2), "fan_out", lambda t: torch.nn.init.kaiming_uniform_(t, mode="fan_out", nonlinearity="relu")),
    ("kaiming_normal", math.sqrt(2), "fan_in", lambda t: torch.nn.init.kaiming_normal_(t, nonlinearity="relu")),
    ("linear_default", 1.0, "fan_in", lambda t: torch.nn.init.kaiming_uniform_(t, a=math.sqrt(5))),
])
def test_numpy_sampler_std_and_range_match_torch(scheme, gain, mode, torch_fill):
    shape = (600, 400, 3)  # 720k draws: the empirical std is within ~0.2 % of the true one
    torch.manual_seed(0)
    t = torch_fill(torch.empty(shape))
    w = init.sample_weights(shape, scheme, np.random.default_rng(0), gain=gain, mode=mode)
    np.testing.assert_allclose(w.std(), t.std().item(), rtol=5e-3)
    if scheme.endswith("uniform") or scheme == "linear_default":
        # same support: both maxima sit just under the common bound
        np.testing.assert_allclose(np.abs(w).max(), t.abs().max().item(), rtol=1e-3)


def test_he_keeps_relu_activations_and_xavier_halves_the_second_moment():
    depth = 20
    he = init.activation_stds("kaiming_normal", "relu", depth=depth, gain=math.sqrt(2), seed=1)
    xav = init.activation_stds("xavier_normal", "relu", depth=depth, gain=1.0, seed=1)
    # He: E[h^2] stays ~ constant, so std of the ReLU output stays O(1)
    assert 0.3 < he[-1] < 3.0
    # Xavier (g = 1) with ReLU: second moment halves each layer => std shrinks by sqrt(2)^depth
    assert xav[-1] / he[-1] == pytest.approx(2.0 ** (-depth / 2), rel=0.5)


@pytest.mark.parametrize("d,k,r", [(768, 768, 8), (4096, 11008, 16), (10, 3, 1)])
def test_lora_param_count_matches_two_linear_layers(d, k, r):
    A = torch.nn.Linear(k, r, bias=False)  # A in R^{r x k}
    B = torch.nn.Linear(r, d, bias=False)  # B in R^{d x r}
    assert init.lora_param_count(d, k, r) == A.weight.numel() + B.weight.numel()
    assert init.lora_fraction(d, k, r) == pytest.approx((A.weight.numel() + B.weight.numel()) / (d * k))
    with pytest.raises(ValueError):
        init.lora_param_count(d, k, min(d, k) + 1)
