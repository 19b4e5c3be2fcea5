"""NTM addressing, read and write, MemN2N hop and LRU access against hand computations and torch."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cheatsheet.numerics import memory as mem
from tests.numerics.refdata import assert_close

RNG = np.random.default_rng(3)
M = RNG.normal(size=(8, 5))


def test_weights_sum_to_one_at_every_stage():
    k = RNG.normal(size=5)
    w_prev = np.eye(8)[2]
    s = mem.shift_kernel([0.1, 0.8, 0.1], [-1, 0, 1], 8)
    stages = mem.address(k, M, beta=3.0, g=0.6, s=s, gamma=2.0, w_prev=w_prev)
    for name, w in stages.items():
        assert_close(w.sum(), 1.0, what=name)
        assert (w >= 0).all()


def test_cosine_and_content_weights_by_hand():
    Mh = np.array([[1.0, 0.0], [0.0, 2.0], [-3.0, 0.0]])
    k = np.array([1.0, 0.0])
    assert_close(mem.cosine_similarity(k, Mh), [1.0, 0.0, -1.0], atol=1e-7)
    z = np.array([math.e**2, 1.0, math.e**-2])  # beta = 2
    assert_close(mem.content_weights(k, Mh, 2.0), z / z.sum(), rtol=1e-6)


@pytest.mark.torch
def test_content_weights_match_torch():
    import torch
    import torch.nn.functional as F

    k = RNG.normal(size=5)
    Mt, kt = torch.tensor(M), torch.tensor(k)
    ref = torch.softmax(4.0 * F.cosine_similarity(Mt, kt[None, :], dim=1, eps=1e-12), 0)
    assert_close(mem.content_weights(k, M, 4.0), ref.numpy())


def test_interpolation_gate_extremes():
    wc, wp = np.array([0.7, 0.2, 0.1]), np.array([0.0, 0.0, 1.0])
    assert_close(mem.interpolate(wc, wp, 1.0), wc)
    assert_close(mem.interpolate(wc, wp, 0.0), wp)
    assert_close(mem.interpolate(wc, wp, 0.5), [0.35, 0.1, 0.55])


def test_one_hot_shift_is_a_roll():
    w = RNG.dirichlet(np.ones(8))
    for offset in (-1, 0, 1, 3):
        s = mem.shift_kernel([1.0], [offset], 8)
        assert_close(mem.circular_shift(w, s), np.roll(w, offset))


def test_shift_hand_case_and_blur():
    w = np.array([0.0, 1.0, 0.0, 0.0])
    s = mem.shift_kernel([0.25, 0.5, 0.25], [-1, 0, 1], 4)
    assert_close(mem.circular_shift(w, s), [0.25, 0.5, 0.25, 0.0])
    w = np.array([1.0, 0.0, 0.0, 0.0])  # wraps around
    assert_close(mem.circular_shift(w, s), [0.5, 0.25, 0.0, 0.25])


def test_sharpening():
    w = np.array([0.1, 0.2, 0.3, 0.4])
    assert_close(mem.sharpen(w, 1.0), w)
    assert_close(mem.sharpen(w, 2.0), w**2 / 0.3)  # 0.01 + 0.04 + 0.09 + 0.16 = 0.3
    assert_close(mem.sharpen(w, 200.0), [0, 0, 0, 1], atol=1e-20)


def test_read_and_write_by_hand():
    Mh = np.array([[1.0, 2.0], [3.0, 4.0]])
    w = np.array([0.25, 0.75])
    assert_close(mem.read(w, Mh), [0.25 * 1 + 0.75 * 3, 0.25 * 2 + 0.75 * 4])
    e, a = np.array([1.0, 0.0]), np.array([10.0, 10.0])
    # row 0: [1*(1-0.25), 2] + 0.25*10 ; row 1: [3*(1-0.75), 4] + 0.75*10
    assert_close(mem.write(Mh, w, e, a), [[0.75 + 2.5, 2 + 2.5], [0.75 + 7.5, 4 + 7.5]])
    # full erase at a one-hot location replaces the row by a
    assert_close(mem.write(Mh, np.array([0.0, 1.0]), np.ones(2), a), [[1.0, 2.0], [10.0, 10.0]])


def test_memn2n_hop_by_hand():
    u = np.array([1.0, 0.0])
    m = np.array([[0.0, 1.0], [math.log(3.0), 0.0]])  # scores 0 and log 3 -> p = (1/4, 3/4)
    c = np.array([[4.0, 0.0], [0.0, 8.0]])
    p, o = mem.memn2n_hop(u, m, c)
    assert_close(p, [0.25, 0.75])
    assert_close(o, [1.0, 6.0])


def test_lru_access():
    w_u = np.array([0.9, 0.1, 0.5, 0.05])
    assert_close(mem.least_used_weights(w_u, 1), [0, 0, 0, 1])
    assert_close(mem.least_used_weights(w_u, 2), [0, 1, 0, 1])
    w_r_prev = np.array([1.0, 0.0, 0.0, 0.0])
    w_w, w_u_new = mem.lrua_step(w_u, w_r_prev, np.array([0.0, 0.0, 1.0, 0.0]), alpha_gate=0.0, decay=0.95)
    assert_close(w_w, [0.5, 0, 0, 0.5])  # sigma(0) = 1/2: half to the last read slot, half to the least used
    assert_close(w_u_new, 0.95 * w_u + [0.5, 0, 1, 0.5])
