"""Scaling laws of language models in NumPy: C = 6ND and the Chinchilla
parametric loss of Hoffmann et al. (2022, Approach 3) with its closed-form compute-optimal allocation."""

from __future__ import annotations

import numpy as np

Array = np.ndarray

# Hoffmann et al. (2022), Approach 3 (nats per token on MassiveText), as printed in the paper.
CHINCHILLA = {"E": 1.69, "A": 406.4, "B": 410.7, "alpha": 0.34, "beta": 0.28}


def training_flops(n_params, n_tokens):
    r"""$C \approx 6ND$: about 2 FLOPs per parameter and token forward, 4 backward."""
    return 6.0 * np.asarray(n_params, dtype=float) * np.asarray(n_tokens, dtype=float)


def chinchilla_loss(n_params, n_tokens, E=CHINCHILLA["E"], A=CHINCHILLA["A"], B=CHINCHILLA["B"],
                    alpha=CHINCHILLA["alpha"], beta=CHINCHILLA["beta"]):
    r"""$L(N, D) = E + \frac{A}{N^\alpha} + \frac{B}{D^\beta}$ (nats per token)."""
    N, D = np.asarray(n_params, dtype=float), np.asarray(n_tokens, dtype=float)
    return E + A / N**alpha + B / D**beta


def chinchilla_optimal(compute, A=CHINCHILLA["A"], B=CHINCHILLA["B"], alpha=CHINCHILLA["alpha"],
                       beta=CHINCHILLA["beta"]):
    r"""Minimizer of $L(N, D)$ subject to $6ND = C$:
    $N_\text{opt} = G\,(C/6)^{a}$, $D_\text{opt} = G^{-1}(C/6)^{b}$ with
    $G = \big(\frac{\alpha A}{\beta B}\big)^{1/(\alpha+\beta)}$, $a = \frac{\beta}{\alpha+\beta}$, $b = \frac{\alpha}{\alpha+\beta}$.
    Returns ``(N_opt, D_opt)``."""
    C = np.asarray(compute, dtype=float)
    G = (alpha * A / (beta * B)) ** (1.0 / (alpha + beta))
    a, b = beta / (alpha + beta), alpha / (alpha + beta)
    return G * (C / 6.0) ** a, (C / 6.0) ** b / G

