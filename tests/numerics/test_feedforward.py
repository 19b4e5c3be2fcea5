"""The MLP forward pass and parameter count agree with torch.nn; the sawtooth network has the
closed-form number of linear pieces."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from cheatsheet.numerics import feedforward as F
from cheatsheet.numerics.activations import tanh
from tests.numerics.refdata import assert_close


@pytest.mark.torch
@pytest.mark.parametrize("act,torch_act", [("relu", torch.nn.ReLU), ("tanh", torch.nn.Tanh)])
def test_mlp_forward_matches_torch_sequential(act, torch_act):
    torch.manual_seed(0)
    sizes = [6, 16, 16, 3]
    layers = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        layers += [torch.nn.Linear(n_in, n_out), torch_act()]
    net = torch.nn.Sequential(*layers[:-1]).double()
    X = torch.randn(10, 6, dtype=torch.float64)
    linears = [m for m in net if isinstance(m, torch.nn.Linear)]
    W = [m.weight.detach().numpy() for m in linears]
    b = [m.bias.detach().numpy() for m in linears]
    kwargs = {} if act == "relu" else {"activation": tanh}
    assert_close(F.mlp_forward(X.numpy(), W, b, **kwargs), net(X).detach().numpy())


@pytest.mark.torch
@pytest.mark.parametrize("sizes,bias", [([784, 256, 10], True), ([3, 5, 5, 5, 1], True), ([10, 4, 2], False)])
def test_param_count_matches_torch(sizes, bias):
    net = torch.nn.Sequential(*[torch.nn.Linear(a, c, bias=bias) for a, c in zip(sizes[:-1], sizes[1:])])
    assert F.mlp_param_count(sizes, bias=bias) == sum(p.numel() for p in net.parameters())


def test_param_count_by_hand():
    # 784-256-10 MLP on MNIST: 785*256 + 257*10
    assert F.mlp_param_count([784, 256, 10]) == 200_960 + 2_570 == 203_530


@pytest.mark.parametrize("depth", [1, 2, 3, 5, 7])
def test_sawtooth_has_two_to_the_depth_pieces(depth):
    W, b = F.sawtooth_net(depth)
    x = np.linspace(0.0, 1.0, 2**10 + 1)
    y = F.mlp_forward(x[:, None], W, b)[:, 0]
    assert F.count_linear_pieces(x, y) == 2**depth
    # the tent map composed L times: closed form via the binary expansion
    t = x.copy()
    for _ in range(depth):
        t = np.where(t < 0.5, 2 * t, 2 * (1 - t))
    assert_close(y, t)


def test_shallow_relu_net_pieces_are_units_plus_one():
    # one hidden layer, kinks at distinct grid points -2, -1, 0, 1, 2 -> exactly 6 pieces
    knots = np.array([-2.0, -1.0, 0.0, 1.0, 2.0])
    W = [np.ones((5, 1)), np.array([[1.0, -2.0, 3.0, -1.5, 0.5]])]
    b = [-knots, np.zeros(1)]
    x = np.linspace(-3, 3, 601)
    assert F.count_linear_pieces(x, F.mlp_forward(x[:, None], W, b)[:, 0]) == F.max_pieces_shallow(5) == 6
    # a unit with zero output weight adds no kink
    W[1][0, 2] = 0.0
    assert F.count_linear_pieces(x, F.mlp_forward(x[:, None], W, b)[:, 0]) == 5
