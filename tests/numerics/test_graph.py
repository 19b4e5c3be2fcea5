"""GNN layers (GCN, GAT, GraphSAGE, GIN), the normalized Laplacian and over-smoothing, checked against
scipy, an independent PyTorch implementation with autograd, symmetry properties and hand computations."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.sparse.csgraph import laplacian as scipy_laplacian

from cheatsheet.numerics import graph as G
from tests.numerics.refdata import assert_close
from tests.checks import checks


def _graph(seed=0, n=9):
    A, _ = G.stochastic_block_model([n // 2, n - n // 2], 0.7, 0.2, seed=seed)
    rng = np.random.default_rng(seed + 100)
    return A, rng.normal(size=(n, 4))


def _permutation(n, seed=3):
    P = np.zeros((n, n))
    P[np.arange(n), np.random.default_rng(seed).permutation(n)] = 1.0
    return P


def test_dense_and_edge_list_gcn_agree():
    A, X = _graph()
    W = np.random.default_rng(1).normal(size=(4, 3))
    b = np.array([0.1, -0.2, 0.3])
    dense = G.gcn_layer(A, X, W, b)
    edges = G.gcn_layer_edges(G.edges_from_adjacency(A), X, W, len(A), b)
    assert_close(edges, dense)


def test_gcn_three_node_path_by_hand():
    # path 0 - 1 - 2; with self loops the degrees are 2, 3, 2
    A = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]], dtype=float)
    s6 = 1 / math.sqrt(6)
    A_hat = np.array([[0.5, s6, 0], [s6, 1 / 3, s6], [0, s6, 0.5]])
    assert_close(G.normalized_adjacency(A), A_hat)
    X = np.array([[1.0], [2.0], [3.0]])
    W = np.array([[2.0]])
    expected = [[2 * (0.5 * 1 + 2 * s6)], [2 * (s6 * 1 + 2 / 3 + 3 * s6)], [2 * (2 * s6 + 1.5)]]
    assert_close(G.gcn_layer(A, X, W), expected)


@pytest.mark.parametrize("layer", ["gcn", "gat", "sage", "gin"])
def test_layers_are_permutation_equivariant(layer):
    A, X = _graph(seed=5)
    P = _permutation(len(A))
    rng = np.random.default_rng(2)
    W, W2, a = rng.normal(size=(4, 3)), rng.normal(size=(4, 3)), rng.normal(size=(2, 6))
    Wg = rng.normal(size=(2, 3, 4))
    f = {
        "gcn": lambda A_, X_: G.gcn_layer(A_, X_, W, activation=np.tanh),
        "gat": lambda A_, X_: G.gat_layer(A_, X_, Wg, a, concat=True, activation=np.tanh),
        "sage": lambda A_, X_: G.sage_mean_layer(A_, X_, W, W2, normalize=True),
        "gin": lambda A_, X_: G.gin_layer(A_, X_, lambda Z: np.maximum(Z @ W, 0) @ W2.T, eps=0.1),
    }[layer]
    assert_close(f(P @ A @ P.T, P @ X), P @ f(A, X))
    # and a sum readout on top is permutation invariant
    assert_close(G.readout(f(P @ A @ P.T, P @ X)), G.readout(f(A, X)))


def test_normalized_laplacian_matches_scipy_and_spectrum_bounds():
    A, _ = _graph(seed=7, n=12)
    A[11, :] = A[:, 11] = 0.0  # an isolated node: zero row in both conventions
    L = G.normalized_laplacian(A)
    assert_close(L, scipy_laplacian(A, normed=True))
    lam = np.linalg.eigvalsh(L)
    assert lam.min() > -1e-12 and lam.max() <= 2 + 1e-12
    # a bipartite graph (even cycle) reaches 2 without self-loops ...
    C = np.roll(np.eye(6), 1, axis=1)
    C = C + C.T
    assert_close(np.linalg.eigvalsh(G.normalized_laplacian(C)).max(), 2.0)
    # ... and the renormalized (self-loop) Laplacian stays in [0, 2)
    for M in (A, C):
        lam_t = np.linalg.eigvalsh(G.augmented_laplacian(M))
        assert lam_t.min() > -1e-12 and lam_t.max() < 2 - 1e-3
    # even cycle with self-loops: eigenvalues 1 - (1 + 2 cos(2 pi k / 6)) / 3, largest 4/3
    assert_close(np.linalg.eigvalsh(G.augmented_laplacian(C)).max(), 4 / 3)
    assert_close(G.propagation_filter(np.array([0.0, 4 / 3]), k=2), [1.0, 1 / 9])


def test_gat_attention_rows_sum_to_one_on_neighbors_only():
    A, X = _graph(seed=11)
    rng = np.random.default_rng(0)
    alpha = G.gat_attention(A, X, rng.normal(size=(3, 4)), rng.normal(size=6))
    mask = G.add_self_loops(A) > 0
    assert_close(alpha.sum(axis=1), np.ones(len(A)))
    assert np.all(alpha[~mask] == 0.0) and np.all(alpha[mask] > 0.0)


def test_gat_three_node_case_by_hand():
    # star: node 0 linked to 1 and 2; W = identity (F = F' = 1), a = (1, 1)
    A = np.array([[0, 1, 1], [1, 0, 0], [1, 0, 0]], dtype=float)
    X = np.array([[1.0], [-1.0], [2.0]])
    alpha = G.gat_attention(A, X, np.eye(1), np.array([1.0, 1.0]))
    # node 0: e_00 = 2, e_01 = LeakyReLU(0) = 0, e_02 = 3
    e = np.array([2.0, 0.0, 3.0])
    assert_close(alpha[0], np.exp(e) / np.exp(e).sum())
    # node 1 sees itself (e = LeakyReLU(-2) = -0.4) and node 0 (e = 0)
    assert_close(alpha[1], [math.exp(0) / (math.exp(0) + math.exp(-0.4)), math.exp(-0.4) / (1 + math.exp(-0.4)), 0])
    out = G.gat_layer(A, X, np.eye(1), np.array([1.0, 1.0]))
    assert_close(out[:, 0], alpha @ X[:, 0])


def test_gat_static_attention_ranking_and_gatv2_differs():
    # GAT: every query ranks the keys the same way (monotone in a_2^T W h_j); GATv2 need not.
    n = 5
    A = np.ones((n, n)) - np.eye(n)
    rng = np.random.default_rng(4)
    X = rng.normal(size=(n, 3))
    alpha = G.gat_attention(A, X, rng.normal(size=(4, 3)), rng.normal(size=8))
    ranks = {tuple(np.argsort(-row)) for row in alpha}
    assert len(ranks) == 1
    found = False
    for seed in range(20):
        r = np.random.default_rng(seed)
        a2 = G.gatv2_attention(A, X, r.normal(size=(4, 3)), r.normal(size=(4, 3)), r.normal(size=4))
        assert_close(a2.sum(axis=1), np.ones(n))
        found |= len({tuple(np.argsort(-row)) for row in a2}) > 1
    assert found


@checks("gat-layer", against="an independent dense PyTorch GAT layer and its autograd gradients",
        tol="rtol 1e-6; gradients rtol 1e-5")
@pytest.mark.torch
def test_gat_layer_matches_independent_torch_implementation_with_gradients():
    import torch

    A, X = _graph(seed=13, n=7)
    rng = np.random.default_rng(5)
    K, Fp = 3, 2
    W = rng.normal(size=(K, Fp, 4))
    a = rng.normal(size=(K, 2 * Fp))

    def torch_gat(x, w, att, concat):
        mask = torch.tensor(A, dtype=torch.float64) + torch.eye(len(A), dtype=torch.float64) > 0
        outs = []
        for k in range(K):
            wh = x @ w[k].T
            pairs = torch.cat([wh[:, None, :].expand(-1, len(A), -1), wh[None, :, :].expand(len(A), -1, -1)], dim=-1)
            e = torch.nn.functional.leaky_relu(pairs @ att[k], negative_slope=0.2)
            alpha = torch.softmax(e.masked_fill(~mask, float("-inf")), dim=1)
            outs.append(torch.nn.functional.elu(alpha @ wh))
        return torch.cat(outs, dim=1) if concat else torch.stack(outs).mean(0)

    x = torch.tensor(X, requires_grad=True)
    w = torch.tensor(W, requires_grad=True)
    att = torch.tensor(a, requires_grad=True)
    elu = lambda z: np.where(z > 0, z, np.expm1(np.minimum(z, 0)))  # noqa: E731
    ours = G.gat_layer(A, X, W, a, concat=True, activation=elu)
    ref = torch_gat(x, w, att, True)
    assert_close(ours, ref.detach().numpy())
    # gradients: autograd of a scalar readout vs central differences of the NumPy layer
    C = rng.normal(size=ours.shape)
    (ref * torch.tensor(C)).sum().backward()
    h = 1e-6
    for name, arr, grad in (("W", W, w.grad), ("a", a, att.grad), ("X", X, x.grad)):
        num = np.zeros_like(arr)
        for i in np.ndindex(arr.shape):
            up, dn = arr.copy(), arr.copy()
            up[i] += h
            dn[i] -= h
            args = {"W": (X, up, a), "a": (X, W, up), "X": (up, W, a)}[name]
            args_dn = {"W": (X, dn, a), "a": (X, W, dn), "X": (dn, W, a)}[name]
            num[i] = ((G.gat_layer(A, *args, activation=elu) * C).sum()
                      - (G.gat_layer(A, *args_dn, activation=elu) * C).sum()) / (2 * h)
        assert_close(num, grad.numpy(), rtol=1e-5, atol=1e-7, what=name)


@checks("gcn-layer", against="a sparse PyTorch propagation (`torch.sparse.mm`)", tol="rtol 1e-6")
@pytest.mark.torch
def test_gcn_matches_torch_sparse_propagation():
    import torch

    A, X = _graph(seed=17, n=10)
    W = np.random.default_rng(6).normal(size=(4, 5))
    idx = torch.tensor(np.array(np.nonzero(A + np.eye(len(A)))))
    deg = torch.tensor(A.sum(1) + 1.0)
    vals = deg[idx[0]].rsqrt() * deg[idx[1]].rsqrt()
    A_hat = torch.sparse_coo_tensor(idx, vals, (len(A), len(A)), check_invariants=True)
    ref = torch.sparse.mm(A_hat, torch.tensor(X) @ torch.tensor(W))
    assert_close(G.gcn_layer(A, X, W), ref.numpy())


def test_sage_mean_and_gin_by_hand():
    A = np.array([[0, 1, 1], [1, 0, 0], [1, 0, 0]], dtype=float)
    X = np.array([[1.0, 0.0], [2.0, 2.0], [4.0, -2.0]])
    I2 = np.eye(2)
    # SAGE-mean, W_self = W_neigh = I: node 0 -> (1, 0) + mean((2, 2), (4, -2)) = (4, 0)
    out = G.sage_mean_layer(A, X, I2, I2)
    assert_close(out, [[4.0, 0.0], [3.0, 2.0], [5.0, -2.0]])
    assert_close(G.sage_mean_layer(A, X, I2, I2, normalize=True)[1], np.array([3.0, 2.0]) / math.sqrt(13))
    # GIN sum with eps = 0.5: node 0 -> 1.5 (1, 0) + (6, 0) = (7.5, 0)
    assert_close(G.gin_aggregate(A, X, eps=0.5), [[7.5, 0.0], [4.0, 3.0], [7.0, -3.0]])


def test_sum_distinguishes_multisets_that_mean_and_max_do_not():
    # node with neighbours {1, 1} vs {1}: mean and max agree, sum does not (Xu et al. 2019)
    A1 = np.array([[0, 1, 1], [1, 0, 0], [1, 0, 0]], dtype=float)
    A2 = np.array([[0, 1, 0], [1, 0, 0], [0, 0, 0]], dtype=float)
    X = np.ones((3, 1))
    m1 = G.sage_mean_layer(A1, X, np.zeros((1, 1)), np.eye(1))[0]
    m2 = G.sage_mean_layer(A2, X, np.zeros((1, 1)), np.eye(1))[0]
    assert_close(m1, m2)
    assert G.gin_aggregate(A1, X)[0, 0] != G.gin_aggregate(A2, X)[0, 0]


def test_dirichlet_energy_pairwise_form_and_oversmoothing_decay():
    A, X = _graph(seed=19, n=12)
    At = G.add_self_loops(A)
    d = At.sum(1)
    Y = X / np.sqrt(d)[:, None]
    pairwise = 0.5 * sum(At[i, j] * np.sum((Y[i] - Y[j]) ** 2) for i in range(12) for j in range(12))
    assert_close(G.dirichlet_energy(A, X), pairwise)
    # energy of sqrt(d)-proportional features is 0 (the fixed point of propagation)
    assert abs(G.dirichlet_energy(A, np.sqrt(d)[:, None] * np.ones((1, 3)))) < 1e-10
    curve = G.oversmoothing_curve(A, X, [0, 1, 2, 4, 8, 16, 32])
    assert curve[0] == pytest.approx(1.0)
    assert np.all(np.diff(curve) < 0)
    # spectral bound: E(A_hat^k X) <= max_{lam != 0} (1 - lam)^(2k) E(X) on a connected graph
    lam = np.linalg.eigvalsh(G.augmented_laplacian(A))
    rho = np.max(np.abs(1 - lam[1:]))
    assert curve[-1] <= rho ** 64 * (1 + 1e-9)


def test_gatv2_attention_two_node_case_by_hand():
    # e_ij = a^T LeakyReLU(W_s h_i + W_t h_j): a is applied after the non-linearity (Brody et al. 2022)
    A = np.array([[0.0, 1.0], [1.0, 0.0]])
    H = np.array([[1.0], [2.0]])
    W_s, W_t, a = np.array([[1.0], [-1.0]]), np.array([[1.0], [1.0]]), np.array([1.0, 2.0])
    # node 0: j = 0 -> (2, 0), e = 2; j = 1 -> (3, 1), e = 3 + 2 = 5
    # node 1: j = 0 -> (3, -1) -> (3, -0.2), e = 3 - 0.4 = 2.6; j = 1 -> (4, 0), e = 4
    e = np.array([[2.0, 5.0], [2.6, 4.0]])
    expected = np.exp(e) / np.exp(e).sum(axis=1, keepdims=True)
    assert_close(G.gatv2_attention(A, H, W_s, W_t, a), expected)


def test_augmented_laplacian_null_vector_is_sqrt_degree_not_constant():
    nx = pytest.importorskip("networkx")
    g = nx.path_graph(5)  # degrees 1, 2, 2, 2, 1: not regular
    A = nx.to_numpy_array(g)
    g.add_edges_from((v, v) for v in g.nodes)  # self-loops: networkx counts each once in the degree
    L = G.augmented_laplacian(A)
    assert_close(L, nx.normalized_laplacian_matrix(g).toarray())
    d_tilde = A.sum(axis=1) + 1
    assert_close(L @ np.sqrt(d_tilde), np.zeros(5), atol=1e-12)  # D~^{1/2} 1 spans the null space
    assert np.abs(L @ np.ones(5)).max() > 0.05  # the constant vector is not in it
    lam, U = np.linalg.eigh(L)
    assert lam[0] == pytest.approx(0.0, abs=1e-12) and lam[1] > 1e-3
    assert_close(np.abs(U[:, 0]), np.sqrt(d_tilde) / np.linalg.norm(np.sqrt(d_tilde)))


def test_karate_club_equals_networkx():
    nx = pytest.importorskip("networkx")
    g = nx.karate_club_graph()
    A, faction = G.karate_club()
    assert np.array_equal(A, nx.to_numpy_array(g, nodelist=range(34), weight=None))
    assert faction.tolist() == [int(g.nodes[i]["club"] != "Mr. Hi") for i in range(34)]
    assert A.sum() == 2 * 78 and np.bincount(faction).tolist() == [17, 17]
