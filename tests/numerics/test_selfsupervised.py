"""NT-Xent, MoCo InfoNCE, BYOL, Barlow Twins and VICReg against independent torch formulations in float64."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from cheatsheet.numerics import losses
from cheatsheet.numerics import selfsupervised as ssl
from tests.numerics.refdata import assert_close

pytestmark = pytest.mark.torch


def _views(n=16, d=8, seed=0):
    g = torch.Generator().manual_seed(seed)
    z1 = torch.randn(n, d, dtype=torch.float64, generator=g)
    return z1, z1 + 0.7 * torch.randn(n, d, dtype=torch.float64, generator=g)


def _nt_xent_torch(z1, z2, tau):
    """SimCLR as a (2N-1)-way classification: drop the self-similarity column, then F.cross_entropy."""
    n = z1.shape[0]
    z = F.normalize(torch.cat([z1, z2]), dim=1)
    sim = z @ z.T / tau
    off = ~torch.eye(2 * n, dtype=torch.bool)
    logits = sim[off].view(2 * n, 2 * n - 1)
    target = torch.cat([torch.arange(n, 2 * n) - 1, torch.arange(n)])  # column index after removing i
    return F.cross_entropy(logits, target)


@pytest.mark.parametrize("tau", [0.05, 0.1, 0.5, 2.0])
def test_nt_xent_matches_cross_entropy_formulation(tau):
    z1, z2 = _views()
    assert_close(ssl.nt_xent(z1.numpy(), z2.numpy(), tau), _nt_xent_torch(z1, z2, tau).item())


def test_nt_xent_limits():
    z1, z2 = _views(n=32)
    # tau -> infinity: all logits equal, loss -> log(2N - 1)
    assert_close(ssl.nt_xent(z1.numpy(), z2.numpy(), 1e6), math.log(63), rtol=1e-5)
    # identical views: the positive is the most similar, loss falls below chance
    assert ssl.nt_xent(z1.numpy(), z1.numpy(), 0.1) < 0.5 * math.log(63)


def test_nt_xent_is_symmetric_infonce_with_extra_negatives():
    # with the same-view negatives removed, NT-Xent is the average of the site's InfoNCE in both directions
    z1, z2 = _views(n=8)
    a, b = z1.numpy(), z2.numpy()
    one_way = (losses.infonce(a, b, tau=0.5) + losses.infonce(b, a, tau=0.5)) / 2
    assert ssl.nt_xent(a, b, 0.5) > one_way  # more negatives in the denominator


def test_moco_infonce_matches_cross_entropy_with_label_zero():
    g = torch.Generator().manual_seed(3)
    q, k, queue = (torch.randn(n, 16, dtype=torch.float64, generator=g) for n in (8, 8, 64))
    qn, kn, Qn = F.normalize(q, dim=1), F.normalize(k, dim=1), F.normalize(queue, dim=1)
    logits = torch.cat([(qn * kn).sum(1, keepdim=True), qn @ Qn.T], dim=1) / 0.07
    ref = F.cross_entropy(logits, torch.zeros(8, dtype=torch.long))
    assert_close(ssl.moco_infonce(q.numpy(), k.numpy(), queue.numpy(), 0.07), ref.item())


def test_byol_loss_is_two_minus_two_cosine():
    p, z = _views(n=10, seed=4)
    ref = 2 - 2 * F.cosine_similarity(p, z, dim=1)
    assert_close(ssl.byol_loss(p.numpy(), z.numpy()), ref.numpy())


def test_barlow_twins_matches_torch_batchnorm_formulation():
    z1, z2 = _views(n=64, d=12, seed=5)
    bn = torch.nn.BatchNorm1d(12, affine=False, dtype=torch.float64).train()
    c = bn(z1).T @ bn(z2) / 64
    on = (torch.diagonal(c) - 1).pow(2).sum()
    off = c.pow(2).sum() - torch.diagonal(c).pow(2).sum()
    assert_close(ssl.barlow_twins_loss(z1.numpy(), z2.numpy(), 5e-3), (on + 5e-3 * off).item())
    # identical, decorrelated views: C = I, loss about 0
    x = np.random.default_rng(0).standard_normal((64, 12))
    w = np.linalg.qr(x - x.mean(0))[0] * 8.0  # centered, orthogonal columns of variance 1
    assert ssl.barlow_twins_loss(w, w) < 1e-4


def test_vicreg_terms_against_torch():
    z1, z2 = _views(n=32, d=6, seed=6)
    std = lambda z: torch.sqrt(z.var(dim=0) + 1e-4)  # noqa: E731  (unbiased, as the official code)
    v = F.relu(1 - std(z1)).mean() + F.relu(1 - std(z2)).mean()

    def cov(z):
        c = torch.cov(z.T)
        return (c.pow(2).sum() - torch.diagonal(c).pow(2).sum()) / z.shape[1]

    t = ssl.vicreg_terms(z1.numpy(), z2.numpy())
    assert_close(t["invariance"], F.mse_loss(z1, z2, reduction="sum").item() / 32)
    assert_close(t["variance"], v.item())
    assert_close(t["covariance"], (cov(z1) + cov(z2)).item())
    # collapsed embeddings: variance term = 2 * (1 - sqrt(eps)) exactly
    const = np.ones((32, 6))
    assert_close(ssl.vicreg_terms(const, const)["variance"], 2 * (1 - math.sqrt(1e-4)))
