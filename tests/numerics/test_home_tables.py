"""The home page's 'Shapes and sizes' table: each formula agrees with what PyTorch builds."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
import torch
from torch import nn

HOME = (Path(__file__).resolve().parents[2] / "docs" / "index.md").read_text(encoding="utf-8")
SIZES = [(7, 5), (16, 32), (64, 3)]


def n_params(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def test_the_table_states_these_formulas():
    # the formulas checked below, as written on the page
    for tex in (r"d_\text{in} d_\text{out} + d_\text{out}", r"C_\text{out} C_\text{in} k^2 + C_\text{out}",
                r"4\,(h d + h^2 + 2h)", r"3\,(h d + h^2 + 2h)", r"\Big\lfloor \dfrac{n + 2p - d\,(k - 1) - 1}{s} \Big\rfloor + 1"):
        assert tex in HOME, f"home page no longer states {tex!r}: update this test with it"


@pytest.mark.parametrize("d_in,d_out", SIZES)
def test_linear_and_recurrent_parameter_counts(d_in, d_out):
    assert n_params(nn.Linear(d_in, d_out)) == d_in * d_out + d_out
    d, h = d_in, d_out
    assert n_params(nn.LSTM(d, h)) == 4 * (h * d + h * h + 2 * h)
    assert n_params(nn.GRU(d, h)) == 3 * (h * d + h * h + 2 * h)
    assert n_params(nn.Embedding(d_in, d_out)) == d_in * d_out
    assert n_params(nn.LayerNorm(d_out)) == 2 * d_out
    bn = nn.BatchNorm2d(d_out)
    assert n_params(bn) == 2 * d_out and bn.running_mean.numel() + bn.running_var.numel() == 2 * d_out


@pytest.mark.parametrize("c_in,c_out,k,s,p,dil,n", [(3, 8, 3, 1, 1, 1, 32), (4, 6, 5, 2, 0, 1, 31), (2, 3, 3, 2, 2, 2, 17)])
def test_conv2d_parameters_and_output_size(c_in, c_out, k, s, p, dil, n):
    conv = nn.Conv2d(c_in, c_out, k, stride=s, padding=p, dilation=dil)
    assert n_params(conv) == c_out * c_in * k * k + c_out
    out = conv(torch.zeros(1, c_in, n, n))
    assert out.shape[-1] == math.floor((n + 2 * p - dil * (k - 1) - 1) / s) + 1


def test_lstm_output_layouts():
    x = torch.zeros(5, 2, 7)  # (T, N, d)
    assert nn.LSTM(7, 4)(x)[0].shape == (5, 2, 4)
    assert nn.LSTM(7, 4, batch_first=True)(x.transpose(0, 1))[0].shape == (2, 5, 4)
    assert re.search(r"batch_first=True", HOME)
