r"""State-space models in NumPy: discretization (zero-order hold, bilinear), the recurrent and the
convolutional view of a linear time-invariant SSM, the HiPPO-LegS and S4D initializations,
a parallel (log-step) associative scan, and Mamba's selective scan.

Notation of the State-space models page: continuous $\mathbf{x}'(t) = \mathbf{A}\mathbf{x}(t) + \mathbf{B}u(t)$,
$y(t) = \mathbf{C}\mathbf{x}(t) + D u(t)$ with state $\mathbf{x} \in \R^{N}$ and a scalar input channel $u$;
discrete $\mathbf{x}_k = \bar{\mathbf{A}}\mathbf{x}_{k-1} + \bar{\mathbf{B}}u_k$, $y_k = \mathbf{C}\mathbf{x}_k + D u_k$,
$\mathbf{x}_{-1} = \mathbf{0}$.
"""

from __future__ import annotations

import numpy as np

Array = np.ndarray


# --- discretization ---------------------------------------------------------------------------

def discretize_zoh(A: Array, B: Array, dt: float) -> tuple[Array, Array]:
    r"""Zero-order hold (input constant over each step of length $\Delta$):
    $\bar{\mathbf{A}} = e^{\Delta\mathbf{A}}$, $\bar{\mathbf{B}} = (\Delta\mathbf{A})^{-1}(e^{\Delta\mathbf{A}} - \mathbf{I})\,\Delta\mathbf{B}$.
    Computed through the eigendecomposition $\mathbf{A} = \mathbf{V}\diag(\boldsymbol\lambda)\mathbf{V}^{-1}$
    ($\mathbf{A}$ diagonalizable), with $(e^{\Delta\lambda} - 1)/\lambda \to \Delta$ as $\lambda \to 0$."""
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    lam, V = np.linalg.eig(A)
    Vinv = np.linalg.inv(V)
    z = dt * lam
    small = np.abs(z) < 1e-12
    phi = np.where(small, dt, np.expm1(z) / np.where(small, 1.0, lam))  # (e^{dt lam} - 1) / lam
    Abar = (V * np.exp(z)) @ Vinv
    Bbar = (V * phi) @ Vinv @ B
    return Abar.real, Bbar.real


def discretize_bilinear(A: Array, B: Array, dt: float) -> tuple[Array, Array]:
    r"""Bilinear (Tustin) transform, S4's original choice:
    $\bar{\mathbf{A}} = (\mathbf{I} - \tfrac{\Delta}{2}\mathbf{A})^{-1}(\mathbf{I} + \tfrac{\Delta}{2}\mathbf{A})$,
    $\bar{\mathbf{B}} = (\mathbf{I} - \tfrac{\Delta}{2}\mathbf{A})^{-1}\Delta\mathbf{B}$ ($\mathbf{C}$ unchanged)."""
    A = np.asarray(A, dtype=float)
    eye = np.eye(A.shape[0])
    left = eye - 0.5 * dt * A
    return np.linalg.solve(left, eye + 0.5 * dt * A), np.linalg.solve(left, dt * np.asarray(B, dtype=float))


# --- the two views of an LTI SSM --------------------------------------------------------------

def ssm_recurrence(Abar: Array, Bbar: Array, C: Array, D: float, u: Array) -> Array:
    r"""Recurrent view, $O(L N^2)$ sequential: $\mathbf{x}_k = \bar{\mathbf{A}}\mathbf{x}_{k-1} + \bar{\mathbf{B}}u_k$,
    $y_k = \mathbf{C}\mathbf{x}_k + D u_k$, from $\mathbf{x}_{-1} = \mathbf{0}$; ``B`` is ``(N,)``, ``C`` is ``(N,)``."""
    Abar, Bbar, C = (np.asarray(a) for a in (Abar, Bbar, C))
    x = np.zeros(Abar.shape[0], dtype=np.result_type(Abar, Bbar, float))
    y = []
    for uk in np.asarray(u, dtype=float):
        x = Abar @ x + Bbar * uk
        y.append(C @ x + D * uk)
    return np.real_if_close(np.array(y))


def ssm_kernel(Abar: Array, Bbar: Array, C: Array, length: int) -> Array:
    r"""Convolution kernel $\bar{\mathbf{K}} = (\mathbf{C}\bar{\mathbf{B}}, \mathbf{C}\bar{\mathbf{A}}\bar{\mathbf{B}}, \dots,
    \mathbf{C}\bar{\mathbf{A}}^{L-1}\bar{\mathbf{B}}) \in \R^{L}$: the impulse response of the discrete SSM."""
    Abar, C = np.asarray(Abar), np.asarray(C)
    out, v = [], np.asarray(Bbar)
    for _ in range(length):
        out.append(C @ v)
        v = Abar @ v
    return np.real_if_close(np.array(out))


def causal_conv(u: Array, K: Array, D: float = 0.0) -> Array:
    r"""Convolutional view: $y_k = \sum_{j=0}^{k} \bar{K}_j\, u_{k-j} + D u_k$ (FFT in S4, here direct)."""
    u = np.asarray(u, dtype=float)
    return np.convolve(u, K)[: len(u)] + D * u


# --- initializations --------------------------------------------------------------------------

def hippo_legs(N: int) -> tuple[Array, Array]:
    r"""HiPPO-LegS matrices as S4 initializes $\mathbf{A}$ (negated, so the system is stable):
    $A_{nk} = -\sqrt{2n+1}\sqrt{2k+1}$ for $n > k$, $-(n+1)$ for $n = k$, $0$ for $n < k$; $B_n = \sqrt{2n+1}$."""
    n = np.arange(N)
    r = np.sqrt(2 * n + 1)
    A = -np.tril(np.outer(r, r), -1) - np.diag(n + 1.0)
    return A, r.copy()


def s4d_lin(N: int) -> Array:
    r"""S4D-Lin diagonal initialization: $a_n = -\tfrac{1}{2} + i\pi n$, $n = 0, \dots, N-1$."""
    return -0.5 + 1j * np.pi * np.arange(N)


# --- scans ------------------------------------------------------------------------------------

def sequential_scan(a: Array, b: Array) -> Array:
    r"""Linear recurrence $h_t = a_t h_{t-1} + b_t$, $h_{-1} = 0$, along axis 0 (element-wise over the rest)."""
    a, b = np.asarray(a), np.asarray(b)
    h = np.zeros(b.shape[1:], dtype=np.result_type(a, b))
    out = np.empty(b.shape, dtype=h.dtype)
    for i in range(b.shape[0]):
        h = a[i] * h + b[i]
        out[i] = h
    return out


def associative_scan(a: Array, b: Array) -> Array:
    r"""The same recurrence in $\lceil \log_2 L \rceil$ parallel steps (Hillis–Steele inclusive scan) with the
    associative operator on pairs $(a_1, b_1) \bullet (a_2, b_2) = (a_2 a_1,\ a_2 b_1 + b_2)$
    ($(a_1, b_1)$ the earlier segment); the $b$ part of the scanned pairs is $h_t$."""
    a, b = np.array(a, dtype=np.result_type(a, b, float)), np.array(b, dtype=np.result_type(a, b, float))
    L, step = a.shape[0], 1
    while step < L:
        # every t >= step combines with the segment ending at t - step, all at once
        a_prev, b_prev = a[:-step].copy(), b[:-step].copy()
        b[step:] = a[step:] * b_prev + b[step:]
        a[step:] = a[step:] * a_prev
        step *= 2
    return b


def selective_scan(u: Array, delta: Array, A: Array, B: Array, C: Array, D: Array) -> Array:
    r"""Mamba's selective scan for one sequence, with input-dependent $\Delta_t, \mathbf{B}_t, \mathbf{C}_t$:
    $\mathbf{h}_t = e^{\Delta_t \mathbf{A}} \odot \mathbf{h}_{t-1} + \Delta_t \mathbf{B}_t u_t$,
    $y_t = \mathbf{C}_t^\top \mathbf{h}_t + D u_t$, independently per channel.
    Shapes: ``u``, ``delta`` $(L, E)$; ``A`` $(E, N)$ (diagonal per channel, negative real);
    ``B``, ``C`` $(L, N)$ shared by the channels; ``D`` $(E,)$; returns $(L, E)$.
    $\bar{\mathbf{B}}_t = \Delta_t\mathbf{B}_t$ is the Euler simplification of ZOH used by Mamba's reference code."""
    u, delta, A, B, C, D = (np.asarray(v, dtype=float) for v in (u, delta, A, B, C, D))
    Abar = np.exp(delta[:, :, None] * A[None])  # (L, E, N)
    Bu = delta[:, :, None] * B[:, None, :] * u[:, :, None]  # (L, E, N)
    h = associative_scan(Abar, Bu)  # (L, E, N)
    return np.einsum("len,ln->le", h, C) + D * u
