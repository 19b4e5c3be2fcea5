"""Reinforcement-learning targets and backups in NumPy: returns, Bellman backups on a tabular MDP,
value iteration, the DQN and Double DQN targets, n-step returns, GAE, PPO's clipped objective, the
entropy bonus and the soft (Polyak) target update.

Tabular MDP convention: ``P[s, a, s']`` $= P(s' \\mid s, a)$, ``R[s, a]`` $= r(s, a)$ (expected reward),
``pi[s, a]`` $= \\pi(a \\mid s)$. Trajectory arrays are indexed by time; ``dones[t] = 1`` means the
episode ended after the transition at step $t$ (no bootstrap through it).
"""

from __future__ import annotations

import numpy as np

Array = np.ndarray


def discounted_returns(rewards: Array, gamma: float, dones: Array | None = None, bootstrap: float = 0.0) -> Array:
    r"""$G_t = \sum_{k \ge 0} \gamma^k r_{t+k+1}$, computed backwards as $G_t = r_{t+1} + \gamma (1 - d_t) G_{t+1}$,
    with $G_T$ = ``bootstrap`` (0 for a finished episode). ``rewards[t]`` is $r_{t+1}$."""
    r = np.asarray(rewards, dtype=float)
    d = np.zeros_like(r) if dones is None else np.asarray(dones, dtype=float)
    G = np.empty_like(r)
    running = float(bootstrap)
    for t in range(len(r) - 1, -1, -1):
        running = r[t] + gamma * (1.0 - d[t]) * running
        G[t] = running
    return G


def q_from_v(V: Array, P: Array, R: Array, gamma: float) -> Array:
    r"""$Q(s, a) = r(s, a) + \gamma \sum_{s'} P(s' \mid s, a)\, V(s')$."""
    return np.asarray(R, dtype=float) + gamma * np.asarray(P, dtype=float) @ np.asarray(V, dtype=float)


def bellman_expectation_backup(V: Array, P: Array, R: Array, pi: Array, gamma: float) -> Array:
    r"""$(\mathcal{T}^\pi V)(s) = \sum_a \pi(a \mid s)\bigl[r(s, a) + \gamma \sum_{s'} P(s' \mid s, a) V(s')\bigr]$."""
    return (np.asarray(pi, dtype=float) * q_from_v(V, P, R, gamma)).sum(axis=1)


def bellman_optimality_backup(V: Array, P: Array, R: Array, gamma: float) -> Array:
    r"""$(\mathcal{T}^* V)(s) = \max_a \bigl[r(s, a) + \gamma \sum_{s'} P(s' \mid s, a) V(s')\bigr]$."""
    return q_from_v(V, P, R, gamma).max(axis=1)


def policy_evaluation(P: Array, R: Array, pi: Array, gamma: float, tol: float = 1e-12,
                      max_iter: int = 100_000) -> Array:
    r"""Iterate $V_{k+1} = \mathcal{T}^\pi V_k$ from $V_0 = \mathbf{0}$ until $\lVert V_{k+1} - V_k \rVert_\infty < $ ``tol``;
    the fixed point is $V^\pi = (\mathbf{I} - \gamma \mathbf{P}^\pi)^{-1} \mathbf{r}^\pi$."""
    V = np.zeros(np.asarray(R).shape[0])
    for _ in range(max_iter):
        V_new = bellman_expectation_backup(V, P, R, pi, gamma)
        if np.max(np.abs(V_new - V)) < tol:
            return V_new
        V = V_new
    return V


def value_iteration(P: Array, R: Array, gamma: float, tol: float = 1e-12, max_iter: int = 100_000,
                    V0: Array | None = None) -> tuple[Array, Array, list[Array]]:
    r"""$V_{k+1} = \mathcal{T}^* V_k$ until $\lVert V_{k+1} - V_k \rVert_\infty < $ ``tol``; returns $V^*$,
    the greedy policy $\pi^*(s) = \argmax_a Q^*(s, a)$ and the iterates $V_0, V_1, \dots$."""
    V = np.zeros(np.asarray(R).shape[0]) if V0 is None else np.asarray(V0, dtype=float)
    history = [V]
    for _ in range(max_iter):
        V_new = bellman_optimality_backup(V, P, R, gamma)
        history.append(V_new)
        if np.max(np.abs(V_new - V)) < tol:
            break
        V = V_new
    V = history[-1]
    return V, q_from_v(V, P, R, gamma).argmax(axis=1), history


def gridworld(n: int = 5, goal: tuple[int, int] | None = None, slip: float = 0.0) -> tuple[Array, Array]:
    r"""$n \times n$ gridworld, actions up/down/left/right (bumping a wall = staying); with probability
    ``slip`` the move goes in a uniformly random direction instead. Entering the goal pays $+1$; the goal is
    absorbing with reward 0. Without slip, $V^*(s) = \gamma^{d(s) - 1}$ with $d(s)$ the Manhattan distance
    to the goal, and $V^*(\text{goal}) = 0$."""
    goal = (n - 1, n - 1) if goal is None else goal
    S, A = n * n, 4
    P = np.zeros((S, A, S))
    R = np.zeros((S, A))
    moves = ((-1, 0), (1, 0), (0, -1), (0, 1))
    g = goal[0] * n + goal[1]
    for i in range(n):
        for j in range(n):
            s = i * n + j
            for a in range(A):
                if s == g:
                    P[s, a, s] = 1.0
                    continue
                for b, (di, dj) in enumerate(moves):
                    prob = (1.0 - slip) * (a == b) + slip / A
                    ni, nj = min(max(i + di, 0), n - 1), min(max(j + dj, 0), n - 1)
                    P[s, a, ni * n + nj] += prob
                R[s, a] = P[s, a, g]  # expected reward of entering the goal
    return P, R


def dqn_target(rewards: Array, q_next_target: Array, dones: Array, gamma: float) -> Array:
    r"""Mnih et al. (2015): $y = r + \gamma (1 - d) \max_{a'} Q(s', a'; \theta^-)$.
    ``q_next_target`` has shape (batch, actions)."""
    return (np.asarray(rewards, dtype=float)
            + gamma * (1.0 - np.asarray(dones, dtype=float)) * np.asarray(q_next_target, dtype=float).max(axis=-1))


def double_dqn_target(rewards: Array, q_next_online: Array, q_next_target: Array, dones: Array,
                      gamma: float) -> Array:
    r"""van Hasselt et al. (2016): $y = r + \gamma (1 - d)\, Q\bigl(s', \argmax_{a'} Q(s', a'; \theta); \theta^-\bigr)$:
    the online network selects, the target network evaluates."""
    a_star = np.asarray(q_next_online).argmax(axis=-1)
    q_eval = np.take_along_axis(np.asarray(q_next_target, dtype=float), a_star[..., None], axis=-1)[..., 0]
    return np.asarray(rewards, dtype=float) + gamma * (1.0 - np.asarray(dones, dtype=float)) * q_eval


def expected_max_of_normals(m: int, sigma: float = 1.0) -> float:
    r"""Overestimation of the max operator: $\E[\max_{a} (Q(s, a) + \epsilon_a)] - \max_a Q(s, a)$ when all $m$
    true values are equal and $\epsilon_a \sim \mathcal{N}(0, \sigma^2)$ i.i.d.:
    $\sigma \int x\, m\, \phi(x)\, \Phi(x)^{m-1}\, dx$ (trapezoid rule on $[-10, 10]$)."""
    from math import erf, sqrt

    x = np.linspace(-10.0, 10.0, 20001)
    phi = np.exp(-0.5 * x**2) / np.sqrt(2.0 * np.pi)
    Phi = 0.5 * (1.0 + np.vectorize(erf)(x / sqrt(2.0)))
    f = x * m * phi * Phi ** (m - 1)
    return float(sigma * np.sum((f[1:] + f[:-1]) * 0.5 * np.diff(x)))


def n_step_return(rewards: Array, bootstrap_value: float, gamma: float, dones: Array | None = None) -> float:
    r"""$G_t^{(n)} = \sum_{k=0}^{n-1} \gamma^k r_{t+k+1} + \gamma^n V(s_{t+n})$, cut at the first terminal."""
    return float(discounted_returns(rewards, gamma, dones, bootstrap_value)[0])


def td_errors(rewards: Array, values: Array, last_value: float, dones: Array, gamma: float) -> Array:
    r"""$\delta_t = r_{t+1} + \gamma (1 - d_t) V(s_{t+1}) - V(s_t)$; ``values[t]`` $= V(s_t)$, ``last_value`` $= V(s_T)$."""
    v = np.asarray(values, dtype=float)
    v_next = np.append(v[1:], last_value)
    return np.asarray(rewards, dtype=float) + gamma * (1.0 - np.asarray(dones, dtype=float)) * v_next - v


def gae(rewards: Array, values: Array, last_value: float, dones: Array, gamma: float, lam: float) -> tuple[Array, Array]:
    r"""Schulman et al. (2016): $\hat A_t = \sum_{l \ge 0} (\gamma\lambda)^l \delta_{t+l}$, computed backwards as
    $\hat A_t = \delta_t + \gamma\lambda (1 - d_t) \hat A_{t+1}$. Returns $(\hat A, \hat A + V)$; the second is the
    TD($\lambda$) return used as the critic's target."""
    delta = td_errors(rewards, values, last_value, dones, gamma)
    d = np.asarray(dones, dtype=float)
    adv = np.empty_like(delta)
    running = 0.0
    for t in range(len(delta) - 1, -1, -1):
        running = delta[t] + gamma * lam * (1.0 - d[t]) * running
        adv[t] = running
    return adv, adv + np.asarray(values, dtype=float)


def gae_weights(gamma: float, lam: float, n: int) -> Array:
    r"""Weight of $\delta_{t+l}$ in $\hat A_t$: $(\gamma\lambda)^l$, $l = 0, \dots, n - 1$."""
    return (gamma * lam) ** np.arange(n)


def ppo_clip_objective(ratio: Array, adv: Array, eps: float = 0.2) -> Array:
    r"""Schulman et al. (2017), per sample: $\min\bigl(\rho_t \hat A_t,\ \operatorname{clip}(\rho_t, 1 - \epsilon, 1 + \epsilon)\,\hat A_t\bigr)$,
    $\rho_t = \pi_\theta(a_t \mid s_t) / \pi_{\theta_\text{old}}(a_t \mid s_t)$; $L^\text{CLIP}$ is its mean (maximized)."""
    r = np.asarray(ratio, dtype=float)
    A = np.asarray(adv, dtype=float)
    return np.minimum(r * A, np.clip(r, 1.0 - eps, 1.0 + eps) * A)


def ppo_clip_grad(ratio: Array, adv: Array, eps: float = 0.2) -> Array:
    r"""$\partial/\partial\rho_t$ of the clipped objective: $\hat A_t$ unless the clipped branch is active
    ($\hat A_t > 0,\ \rho_t > 1 + \epsilon$ or $\hat A_t < 0,\ \rho_t < 1 - \epsilon$), where it is 0."""
    r = np.asarray(ratio, dtype=float)
    A = np.asarray(adv, dtype=float)
    clipped = ((A > 0) & (r > 1.0 + eps)) | ((A < 0) & (r < 1.0 - eps))
    return np.where(clipped, 0.0, A)


def categorical_entropy(logits: Array) -> Array:
    r"""Entropy bonus $\mathcal{H}(\pi(\cdot \mid s)) = -\sum_a \pi(a \mid s) \log \pi(a \mid s)$, $\pi = \softmax(\text{logits})$."""
    z = np.asarray(logits, dtype=float)
    z = z - z.max(axis=-1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
    return -(np.exp(logp) * logp).sum(axis=-1)


def soft_update(target: Array, online: Array, tau: float) -> Array:
    r"""Polyak averaging (DDPG, SAC): $\theta^- \leftarrow \tau\,\theta + (1 - \tau)\,\theta^-$."""
    return tau * np.asarray(online, dtype=float) + (1.0 - tau) * np.asarray(target, dtype=float)


def linear_epsilon(step: int, start: float = 1.0, end: float = 0.1, decay_steps: int = 1_000_000) -> float:
    r"""DQN's exploration schedule: $\epsilon$ linear from 1.0 to 0.1 over the first $10^6$ frames, then constant."""
    frac = min(max(step, 0) / decay_steps, 1.0)
    return start + frac * (end - start)
