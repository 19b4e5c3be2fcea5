"""Style transfer and margin logits: Gram matrix and costs against torch computations, ArcFace/CosFace
against the direct angle formula in torch, and a tiny style-transfer optimization whose loss falls."""

from __future__ import annotations

import numpy as np
import pytest

from cheatsheet.numerics import style_transfer as st
from tests.numerics.refdata import assert_close

torch = pytest.importorskip("torch")


def _feat(seed, shape):
    return torch.randn(*shape, dtype=torch.float64, generator=torch.Generator().manual_seed(seed))


@pytest.mark.torch
def test_gram_and_costs_match_torch():
    F, S, P = _feat(0, (8, 5, 7)), _feat(1, (8, 5, 7)), _feat(2, (8, 5, 7))
    N, M = 8, 35
    G = torch.einsum("ihw,jhw->ij", F, F)
    A = torch.einsum("ihw,jhw->ij", S, S)
    assert_close(st.gram(F.numpy()), G.numpy())
    assert_close(st.gram(F.numpy()), st.gram(F.numpy()).T)
    assert np.all(np.linalg.eigvalsh(st.gram(F.numpy())) > -1e-9)  # positive semi-definite
    E = torch.nn.functional.mse_loss(G, A, reduction="sum") / (4 * N**2 * M**2)
    assert_close(st.layer_style_cost(F.numpy(), S.numpy()), E.item())
    assert_close(st.content_cost(F.numpy(), P.numpy()), 0.5 * torch.nn.functional.mse_loss(F, P, reduction="sum").item())
    # weighted sum over layers of different sizes, and J = alpha J_c + beta J_s
    F2, S2 = _feat(3, (4, 10, 3)), _feat(4, (4, 10, 3))
    E2 = torch.nn.functional.mse_loss(torch.einsum("ihw,jhw->ij", F2, F2), torch.einsum("ihw,jhw->ij", S2, S2),
                                      reduction="sum") / (4 * 16 * 30**2)
    js = st.style_cost([F.numpy(), F2.numpy()], [S.numpy(), S2.numpy()], [0.3, 0.7])
    assert_close(js, 0.3 * E.item() + 0.7 * E2.item())
    assert_close(st.style_cost([F.numpy(), F2.numpy()], [S.numpy(), S2.numpy()]), 0.5 * (E.item() + E2.item()))
    J = st.total_cost(F.numpy(), P.numpy(), [F.numpy(), F2.numpy()], [S.numpy(), S2.numpy()], alpha=2.0, beta=10.0)
    assert_close(J, 2.0 * st.content_cost(F.numpy(), P.numpy()) + 10.0 * 0.5 * (E.item() + E2.item()))


def test_style_cost_ignores_where_features_are():
    # the Gram matrix sums over positions: permuting the pixels leaves the style cost unchanged
    rng = np.random.default_rng(0)
    F, S = rng.standard_normal((6, 4, 4)), rng.standard_normal((6, 4, 4))
    perm = rng.permutation(16)
    Fp = F.reshape(6, 16)[:, perm].reshape(6, 4, 4)
    assert_close(st.layer_style_cost(Fp, S), st.layer_style_cost(F, S))
    assert st.content_cost(Fp, F) > 0 and st.layer_style_cost(Fp, F) < 1e-20


@pytest.mark.torch
@pytest.mark.parametrize("s, m", [(64.0, 0.5), (30.0, 0.2)])
def test_arcface_and_cosface_logits_match_the_angle_formula(s, m):
    x, W = _feat(5, (6, 16)), _feat(6, (10, 16))
    y = torch.tensor([0, 3, 3, 9, 1, 5])
    cos = torch.nn.functional.normalize(x, dim=1) @ torch.nn.functional.normalize(W, dim=1).T
    theta = torch.acos(cos.clamp(-1, 1))
    onehot = torch.nn.functional.one_hot(y, 10).bool()
    arc = s * torch.where(onehot, torch.cos(theta + m), cos)
    assert_close(st.arcface_logits(x.numpy(), W.numpy(), y.numpy(), s, m), arc.numpy())
    cosface = s * torch.where(onehot, cos - m, cos)
    assert_close(st.cosface_logits(x.numpy(), W.numpy(), y.numpy(), s, m), cosface.numpy())
    # the margin only lowers the target logit, so the loss with margin is larger
    ce = lambda z: torch.nn.functional.cross_entropy(torch.from_numpy(z), y).item()  # noqa: E731
    assert ce(st.arcface_logits(x.numpy(), W.numpy(), y.numpy(), s, m)) > ce(s * cos.numpy())


def test_verification_distance_is_two_minus_two_cosine():
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal((5, 8)), rng.standard_normal((5, 8))
    d, same = st.verify(a, b, threshold=1.0)
    cos = (a * b).sum(1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
    assert_close(d, 2 - 2 * cos)
    assert same.tolist() == (cos > 0.5).tolist()
    assert st.verify(a, 3 * a, 1e-9)[1].all()  # scaling does not change identity


@pytest.mark.torch
def test_tiny_style_transfer_step_lowers_the_loss_and_leaves_the_network_alone():
    torch.manual_seed(0)
    torch.set_num_threads(1)
    net = torch.nn.Sequential(torch.nn.Conv2d(3, 8, 3, padding=1), torch.nn.ReLU(),
                              torch.nn.Conv2d(8, 16, 3, padding=1, stride=2), torch.nn.ReLU()).double()
    for p in net.parameters():
        p.requires_grad_(False)
    before = [p.clone() for p in net.parameters()]
    content, style = torch.rand(1, 3, 16, 16, dtype=torch.float64), torch.rand(1, 3, 16, 16, dtype=torch.float64)

    def feats(img):
        f1 = net[1](net[0](img))
        return f1[0], net[3](net[2](f1))[0]

    c1, c2 = feats(content)
    s1, s2 = feats(style)

    def J(img, alpha=1.0, beta=1e5):
        g1, g2 = feats(img)
        jc = 0.5 * ((g2 - c2) ** 2).sum()
        js = 0.0
        for g, a in ((g1, s1), (g2, s2)):
            n, m = g.shape[0], g.shape[1] * g.shape[2]
            G, A = g.reshape(n, m) @ g.reshape(n, m).T, a.reshape(n, m) @ a.reshape(n, m).T
            js = js + 0.5 * ((G - A) ** 2).sum() / (4 * n**2 * m**2)
        return alpha * jc + beta * js

    img = torch.rand(1, 3, 16, 16, dtype=torch.float64).requires_grad_(True)  # white-noise start, as Gatys et al.
    j0 = J(img)
    # the torch loss is the one defined in cheatsheet.numerics.style_transfer
    g1, g2 = (f.detach().numpy() for f in feats(img))
    ref = st.total_cost(g2, c2.numpy(), [g1, g2], [s1.numpy(), s2.numpy()], alpha=1.0, beta=1e5)
    assert_close(j0.item(), ref)
    opt = torch.optim.Adam([img], lr=0.05)
    for _ in range(40):
        opt.zero_grad()
        loss = J(img)
        loss.backward()
        opt.step()
    assert J(img).item() < 0.5 * j0.item()
    assert all(torch.equal(a, b) for a, b in zip(before, net.parameters()))


def test_course_style_normalization_equals_gatys():
    """1/(2 n_H n_W n_C)^2 on the squared Gram difference is Gatys' 1/(4 N^2 M^2)."""
    rng = np.random.default_rng(7)
    n_C, n_H, n_W = 5, 4, 3
    g, s = rng.normal(size=(n_C, n_H, n_W)), rng.normal(size=(n_C, n_H, n_W))
    G, A = g.reshape(n_C, -1) @ g.reshape(n_C, -1).T, s.reshape(n_C, -1) @ s.reshape(n_C, -1).T
    course = ((G - A) ** 2).sum() / (2 * n_H * n_W * n_C) ** 2
    assert np.isclose(st.layer_style_cost(g, s), course, rtol=1e-12)
