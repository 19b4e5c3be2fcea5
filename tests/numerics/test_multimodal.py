"""CLIP's symmetric loss and zero-shot logits against an independent torch formulation, and the
Flamingo gate at initialization."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cheatsheet.numerics import multimodal as mm
from tests.numerics.refdata import assert_close

RNG = np.random.default_rng(5)
IMG = RNG.normal(size=(6, 16))
TXT = IMG + 0.8 * RNG.normal(size=(6, 16))


@pytest.mark.torch
@pytest.mark.parametrize("log_scale", [0.0, mm.LOGIT_SCALE_INIT, math.log(100.0) + 1.0])
def test_clip_loss_matches_torch_cross_entropy(log_scale):
    import torch
    import torch.nn.functional as F

    i = F.normalize(torch.tensor(IMG), dim=-1)
    t = F.normalize(torch.tensor(TXT), dim=-1)
    scale = torch.tensor(log_scale, dtype=torch.float64).exp().clamp(max=100.0)
    logits = scale * i @ t.T
    labels = torch.arange(6)
    ref = 0.5 * (F.cross_entropy(logits, labels) + F.cross_entropy(logits.T, labels))
    assert_close(mm.clip_loss(IMG, TXT, log_scale), ref.item())


@pytest.mark.torch
def test_clip_temperature_gradient_matches_autograd():
    import torch
    import torch.nn.functional as F

    s = torch.tensor(1.3, dtype=torch.float64, requires_grad=True)
    i = F.normalize(torch.tensor(IMG), dim=-1)
    t = F.normalize(torch.tensor(TXT), dim=-1)
    logits = s.exp() * i @ t.T
    labels = torch.arange(6)
    (0.5 * (F.cross_entropy(logits, labels) + F.cross_entropy(logits.T, labels))).backward()
    assert_close(mm.clip_loss_grad_scale(IMG, TXT, 1.3), s.grad.item())


def test_init_temperature_and_clamp():
    assert_close(math.exp(mm.LOGIT_SCALE_INIT), 1 / 0.07)
    S = mm.clip_logits(IMG, TXT, log_scale=10.0)  # e^10 > 100 -> clipped
    assert np.abs(S).max() <= 100.0 + 1e-9
    assert_close(np.abs(mm.clip_logits(IMG, IMG, 10.0)).max(), 100.0)


def test_loss_of_uninformative_embeddings_is_log_batch():
    same = np.tile(RNG.normal(size=(1, 16)), (6, 1))  # every pair has the same similarity
    assert_close(mm.clip_loss(same, same), math.log(6))


def test_zero_shot_probs_by_hand():
    img = np.array([[1.0, 0.0]])
    classes = np.array([[1.0, 0.0], [0.0, 3.0]])  # cosines 1 and 0
    p = mm.zero_shot_probs(img, classes, log_scale=math.log(2.0))
    assert_close(p, [[math.e**2 / (math.e**2 + 1), 1 / (math.e**2 + 1)]])
    assert_close(mm.zero_shot_probs(IMG, TXT).sum(axis=1), np.ones(6))


def test_prompt_ensemble_unit_norm_and_mean_direction():
    emb = RNG.normal(size=(3, 4, 8))
    ens = mm.prompt_ensemble(emb)
    assert_close(np.linalg.norm(ens, axis=1), np.ones(3))
    hat = emb / np.linalg.norm(emb, axis=2, keepdims=True)
    m = hat.mean(axis=1)
    assert_close(ens, m / np.linalg.norm(m, axis=1, keepdims=True))


@pytest.mark.torch
def test_gated_xattn_identity_at_init_and_matches_torch_sdpa():
    import torch
    import torch.nn.functional as F

    x, v = RNG.normal(size=(5, 8)), RNG.normal(size=(7, 6))
    Wq, Wk, Wv = RNG.normal(size=(8, 4)), RNG.normal(size=(6, 4)), RNG.normal(size=(6, 8))
    assert_close(mm.gated_xattn(x, v, Wq, Wk, Wv, alpha=0.0), x)
    T = torch.tensor
    ref = F.scaled_dot_product_attention(T(x @ Wq)[None], T(v @ Wk)[None], T(v @ Wv)[None])[0]
    assert_close(mm.cross_attention(x, v, Wq, Wk, Wv), ref.numpy())
    assert_close(mm.gated_xattn(x, v, Wq, Wk, Wv, 0.5), x + math.tanh(0.5) * ref.numpy())
