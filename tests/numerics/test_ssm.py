"""State-space models: discretization against scipy, the convolution view against the recurrence,
the parallel scan against the sequential one, and the selective scan against a plain torch loop."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg
import scipy.signal
import torch

from cheatsheet.numerics import ssm as S
from tests.numerics.refdata import assert_close
from tests.checks import checks


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(2021)


def stable_matrix(rng: np.random.Generator, N: int) -> np.ndarray:
    M = rng.normal(size=(N, N)) / np.sqrt(N)
    return M - (np.abs(np.linalg.eigvals(M).real).max() + 0.5) * np.eye(N)


def systems(rng):
    yield "random", stable_matrix(rng, 5), rng.normal(size=5)
    yield "hippo-legs", *S.hippo_legs(6)


# --- discretization ---------------------------------------------------------------------------

@checks("ssm-zoh", against='`scipy.linalg.expm` and `scipy.signal.cont2discrete(method="zoh")`', tol="rtol 1e-6")
@pytest.mark.parametrize("dt", [0.01, 0.1, 0.7])
def test_zoh_matches_expm_and_cont2discrete(dt, rng):
    for _, A, B in systems(rng):
        N = A.shape[0]
        Abar, Bbar = S.discretize_zoh(A, B, dt)
        assert_close(Abar, scipy.linalg.expm(dt * A))
        # the closed form, written with scipy's expm and a linear solve
        assert_close(Bbar, np.linalg.solve(dt * A, (scipy.linalg.expm(dt * A) - np.eye(N)) @ (dt * B)))
        ad, bd, *_ = scipy.signal.cont2discrete((A, B[:, None], np.ones((1, N)), np.zeros((1, 1))), dt, method="zoh")
        assert_close(Abar, ad)
        assert_close(Bbar, bd[:, 0])


def test_zoh_handles_a_zero_eigenvalue():
    """An integrator (lambda = 0): B-bar is dt * B, where the closed form would divide by zero."""
    A, B = np.array([[0.0, 0.0], [0.0, -2.0]]), np.array([1.0, 1.0])
    ad, bd, *_ = scipy.signal.cont2discrete((A, B[:, None], np.eye(2), np.zeros((2, 1))), 0.3, method="zoh")
    Abar, Bbar = S.discretize_zoh(A, B, 0.3)
    assert_close(Abar, ad)
    assert_close(Bbar, bd[:, 0])
    assert Bbar[0] == pytest.approx(0.3)


@checks("ssm-bilinear", against='`scipy.signal.cont2discrete(method="bilinear")`', tol="rtol 1e-6")
@pytest.mark.parametrize("dt", [0.01, 0.5])
def test_bilinear_matches_cont2discrete(dt, rng):
    for _, A, B in systems(rng):
        N = A.shape[0]
        ad, bd, *_ = scipy.signal.cont2discrete((A, B[:, None], np.ones((1, N)), np.zeros((1, 1))), dt, method="bilinear")
        Abar, Bbar = S.discretize_bilinear(A, B, dt)
        assert_close(Abar, ad)
        assert_close(Bbar, bd[:, 0])


def test_zoh_and_bilinear_agree_to_second_order_in_dt(rng):
    A, B = S.hippo_legs(4)
    gaps = [np.abs(S.discretize_zoh(A, B, dt)[0] - S.discretize_bilinear(A, B, dt)[0]).max() for dt in (1e-2, 1e-3)]
    assert gaps[1] < gaps[0] / 500  # O(dt^3) per step: 10x smaller dt, about 1000x smaller gap


def test_hippo_legs_entries():
    A, B = S.hippo_legs(3)
    s3, s5 = np.sqrt(3), np.sqrt(5)
    assert_close(A, [[-1, 0, 0], [-s3, -2, 0], [-s5, -s3 * s5, -3]])
    assert_close(B, [1, s3, s5])


# --- recurrence = convolution -----------------------------------------------------------------

@checks("ssm-kernel", against="`scipy.signal.dlsim` and the step-by-step recurrence", tol="rtol 1e-6, atol 1e-9")
@pytest.mark.parametrize("method", ["zoh", "bilinear"])
def test_convolution_kernel_equals_recurrence(method, rng):
    A, B = S.hippo_legs(8)
    C, D = rng.normal(size=8), 0.7
    Abar, Bbar = (S.discretize_zoh if method == "zoh" else S.discretize_bilinear)(A, B, 0.05)
    u = rng.normal(size=64)
    K = S.ssm_kernel(Abar, Bbar, C, len(u))
    y_rec = S.ssm_recurrence(Abar, Bbar, C, D, u)
    assert_close(S.causal_conv(u, K, D), y_rec, atol=1e-9)
    # scipy's dlsim steps x[k+1] = A x[k] + B u[k], y[k] = C x[k] + D u[k]; with its state = our x_{k-1}
    # the same system reads (A-bar, B-bar, C A-bar, C B-bar + D)
    _, y_ref, _ = scipy.signal.dlsim((Abar, Bbar[:, None], (C @ Abar)[None], np.array([[C @ Bbar + D]]), 1), u)
    assert_close(y_rec, y_ref[:, 0], atol=1e-9)
    impulse = np.zeros(len(u)); impulse[0] = 1.0  # noqa: E702
    assert_close(S.ssm_recurrence(Abar, Bbar, C, 0.0, impulse), K, atol=1e-12)


def test_complex_diagonal_s4d_kernel_matches_recurrence(rng):
    a = S.s4d_lin(6)
    dt = 0.1
    Abar = np.diag(np.exp(dt * a))
    Bbar = (np.exp(dt * a) - 1) / a  # ZOH with B = 1
    C = rng.normal(size=6) + 1j * rng.normal(size=6)
    u = rng.normal(size=40)
    K = 2 * S.ssm_kernel(Abar, Bbar, C, 40).real  # S4D keeps half the conjugate pairs and takes 2 Re
    y = 2 * np.real(S.ssm_recurrence(Abar, Bbar, C, 0.0, u).astype(complex))
    assert_close(S.causal_conv(u, K), y, atol=1e-9)


# --- scans ------------------------------------------------------------------------------------

@pytest.mark.parametrize("L", [1, 2, 7, 16, 33])
def test_associative_scan_equals_sequential_loop(L, rng):
    a = rng.uniform(0.5, 1.0, size=(L, 3, 2))
    b = rng.normal(size=(L, 3, 2))
    ref = np.empty_like(b)
    h = np.zeros((3, 2))
    for t in range(L):  # the plainest possible loop
        h = a[t] * h + b[t]
        ref[t] = h
    assert_close(S.associative_scan(a, b), ref)
    assert_close(S.sequential_scan(a, b), ref)


def test_scan_operator_is_associative(rng):
    def op(p, q):
        return (q[0] * p[0], q[0] * p[1] + q[1])

    p, q, r = (tuple(rng.normal(size=2)) for _ in range(3))
    assert_close(op(op(p, q), r), op(p, op(q, r)))


def torch_selective_scan_loop(u, delta, A, B, C, D):
    """A literal per-step loop in torch with ZOH for A and delta * B for B (Mamba's reference)."""
    L, E = u.shape
    h = torch.zeros(E, A.shape[1], dtype=torch.float64)
    ys = []
    for t in range(L):
        h = torch.exp(delta[t, :, None] * A) * h + delta[t, :, None] * B[t][None, :] * u[t, :, None]
        ys.append(h @ C[t] + D * u[t])
    return torch.stack(ys)


@checks("selective-scan", against="a sequential PyTorch loop over tokens", tol="rtol 1e-6")
def test_selective_scan_matches_torch_loop(rng):
    L, E, N = 12, 4, 3
    x = torch.tensor(rng.normal(size=(L, E)))
    # Mamba's parameterization: delta = softplus(linear(x) + bias), B and C linear in x, A = -exp(A_log)
    W_dt, b_dt = torch.tensor(rng.normal(size=(E, E)) * 0.3), torch.tensor(rng.normal(size=E))
    W_B, W_C = torch.tensor(rng.normal(size=(N, E))), torch.tensor(rng.normal(size=(N, E)))
    A = -torch.exp(torch.tensor(rng.normal(size=(E, N))))
    D = torch.tensor(rng.normal(size=E))
    delta = torch.nn.functional.softplus(x @ W_dt.T + b_dt)
    B, C = x @ W_B.T, x @ W_C.T
    ref = torch_selective_scan_loop(x, delta, A, B, C, D).numpy()
    out = S.selective_scan(*(v.numpy() for v in (x, delta, A, B, C, D)))
    assert_close(out, ref)
    # selectivity: a large delta at step t makes h_t forget the past (exp(delta A) -> 0)
    big = delta.clone()
    big[6] = 1e3
    later = S.selective_scan(*(v.numpy() for v in (x, big, A, B, C, D)))
    x2 = x.clone()
    x2[:6] = 0.0
    assert_close(later[6:], S.selective_scan(*(v.numpy() for v in (x2, big, A, B, C, D)))[6:], atol=1e-12)
