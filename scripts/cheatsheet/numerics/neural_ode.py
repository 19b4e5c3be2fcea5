"""Neural ODEs (Chen et al. 2018): fixed-step Euler and RK4 solvers, a linear spiral ODE with its
closed-form solution, the adjoint gradient computed by a backward solve, ResNet as an Euler step and
the continuous change of variables, in NumPy."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

Array = np.ndarray
Field = Callable[[Array, float], Array]


def euler_step(f: Field, h: Array, t: float, dt: float) -> Array:
    r"""Explicit Euler: $\mathbf{h}_{k+1} = \mathbf{h}_k + \Delta t\, f(\mathbf{h}_k, t_k)$ (global error $O(\Delta t)$)."""
    return h + dt * f(h, t)


def rk4_step(f: Field, h: Array, t: float, dt: float) -> Array:
    r"""Classical Runge–Kutta: $\mathbf{k}_1 = f(\mathbf{h}_k, t_k)$,
    $\mathbf{k}_2 = f(\mathbf{h}_k + \frac{\Delta t}{2}\mathbf{k}_1, t_k + \frac{\Delta t}{2})$,
    $\mathbf{k}_3 = f(\mathbf{h}_k + \frac{\Delta t}{2}\mathbf{k}_2, t_k + \frac{\Delta t}{2})$,
    $\mathbf{k}_4 = f(\mathbf{h}_k + \Delta t\,\mathbf{k}_3, t_k + \Delta t)$,
    $\mathbf{h}_{k+1} = \mathbf{h}_k + \frac{\Delta t}{6}(\mathbf{k}_1 + 2\mathbf{k}_2 + 2\mathbf{k}_3 + \mathbf{k}_4)$
    (global error $O(\Delta t^4)$, 4 function evaluations per step)."""
    k1 = f(h, t)
    k2 = f(h + 0.5 * dt * k1, t + 0.5 * dt)
    k3 = f(h + 0.5 * dt * k2, t + 0.5 * dt)
    k4 = f(h + dt * k3, t + dt)
    return h + dt / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)


STEPPERS = {"euler": euler_step, "rk4": rk4_step}
NFE_PER_STEP = {"euler": 1, "rk4": 4}


def odeint_fixed(f: Field, h0: Array, t0: float, t1: float, n_steps: int, method: str = "rk4") -> Array:
    r"""Solve $d\mathbf{h}/dt = f(\mathbf{h}, t)$ from $t_0$ to $t_1$ (either direction) with ``n_steps`` equal steps.
    Returns the trajectory, shape (n_steps + 1, d); the cost is ``n_steps * NFE_PER_STEP[method]`` evaluations."""
    step = STEPPERS[method]
    dt = (t1 - t0) / n_steps
    h = np.asarray(h0, dtype=float)
    out = [h]
    for k in range(n_steps):
        h = step(f, h, t0 + k * dt, dt)
        out.append(h)
    return np.array(out)


def spiral_matrix(decay: float = 0.1, omega: float = 2.0) -> Array:
    r"""$\mathbf{A} = \begin{pmatrix} -\lambda & \omega \\ -\omega & -\lambda \end{pmatrix}$: a damped rotation (spiral sink)."""
    return np.array([[-decay, omega], [-omega, -decay]])


def spiral_solution(h0: Array, t: float, decay: float = 0.1, omega: float = 2.0) -> Array:
    r"""Closed form of $d\mathbf{h}/dt = \mathbf{A}\mathbf{h}$ for the spiral:
    $\mathbf{h}(t) = e^{-\lambda t}\begin{pmatrix} \cos\omega t & \sin\omega t \\ -\sin\omega t & \cos\omega t\end{pmatrix}\mathbf{h}_0$."""
    c, s = np.cos(omega * t), np.sin(omega * t)
    return np.exp(-decay * t) * np.array([[c, s], [-s, c]]) @ np.asarray(h0, dtype=float)


def convergence_errors(method: str, n_steps: Sequence[int], h0: Array = (1.0, 0.0), t1: float = 5.0,
                       decay: float = 0.1, omega: float = 2.0) -> Array:
    r"""Global error $\lVert \mathbf{h}_N - \mathbf{h}(t_1) \rVert_2$ of ``method`` on the spiral for each step count $N$."""
    A = spiral_matrix(decay, omega)
    exact = spiral_solution(h0, t1, decay, omega)
    return np.array([np.linalg.norm(odeint_fixed(lambda h, t: A @ h, np.asarray(h0, float), 0.0, t1, n, method)[-1]
                                    - exact) for n in n_steps])


def observed_order(n_steps: Sequence[int], errors: Sequence[float]) -> Array:
    r"""Slope of $\log(\text{error})$ against $\log \Delta t$ between successive step counts: $p \approx \log(e_1/e_2) / \log(N_2/N_1)$."""
    n = np.asarray(n_steps, dtype=float)
    e = np.asarray(errors, dtype=float)
    return np.log(e[:-1] / e[1:]) / np.log(n[1:] / n[:-1])


def resnet_forward(h0: Array, blocks: Sequence[Callable[[Array], Array]]) -> Array:
    r"""A residual stack $\mathbf{h}_{k+1} = \mathbf{h}_k + f_k(\mathbf{h}_k)$: Euler with $\Delta t = 1$ on
    a field whose parameters change with depth."""
    h = np.asarray(h0, dtype=float)
    for f in blocks:
        h = h + f(h)
    return h


# --- a small non-linear vector field and its adjoint -----------------------------------------------------

def tanh_field(h: Array, W: Array, b: Array) -> Array:
    r"""$f(\mathbf{h}, \theta) = \tanh(\mathbf{W}\mathbf{h} + \mathbf{b})$, $\theta = (\mathbf{W}, \mathbf{b})$, $\mathbf{W} \in \R^{d \times d}$."""
    return np.tanh(W @ h + b)


def adjoint_gradients(h0: Array, W: Array, b: Array, t1: float, target: Array,
                      n_steps: int = 200) -> tuple[float, Array, Array, Array]:
    r"""Loss $\mathcal{L} = \frac{1}{2}\lVert \mathbf{h}(t_1) - \mathbf{y} \rVert^2$ of the ODE
    $d\mathbf{h}/dt = \tanh(\mathbf{W}\mathbf{h} + \mathbf{b})$ on $[0, t_1]$, and its gradients by the adjoint method:
    one RK4 solve backward from $t_1$ to $0$ of the augmented state $[\mathbf{h}, \mathbf{a}, \mathbf{g}_\theta]$ with
    $d\mathbf{a}/dt = -\mathbf{a}^\top \partial f/\partial\mathbf{h}$ and $d\mathbf{g}_\theta/dt = -\mathbf{a}^\top \partial f/\partial\theta$,
    starting from $\mathbf{a}(t_1) = \partial\mathcal{L}/\partial\mathbf{h}(t_1)$ and $\mathbf{g}_\theta(t_1) = 0$, so that
    $d\mathcal{L}/d\theta = \mathbf{g}_\theta(0) = -\int_{t_1}^{0} \mathbf{a}^\top \partial f/\partial\theta\,dt$.
    Returns $(\mathcal{L}, \partial\mathcal{L}/\partial\mathbf{h}(0), \partial\mathcal{L}/\partial\mathbf{W}, \partial\mathcal{L}/\partial\mathbf{b})$."""
    d = len(h0)
    h1 = odeint_fixed(lambda h, t: tanh_field(h, W, b), h0, 0.0, t1, n_steps, "rk4")[-1]
    loss = 0.5 * float(np.sum((h1 - target) ** 2))

    def augmented(state: Array, t: float) -> Array:
        h, a = state[:d], state[d:2 * d]
        z = np.tanh(W @ h + b)
        s_a = (1.0 - z**2) * a  # a^T diag(1 - tanh^2)
        return np.concatenate([z, -W.T @ s_a, -np.outer(s_a, h).ravel(), -s_a])

    state1 = np.concatenate([h1, h1 - target, np.zeros(d * d + d)])
    state0 = odeint_fixed(augmented, state1, t1, 0.0, n_steps, "rk4")[-1]
    a0 = state0[d:2 * d]
    gW = state0[2 * d:2 * d + d * d].reshape(d, d)
    gb = state0[2 * d + d * d:]
    return loss, a0, gW, gb


def linear_cnf_logdensity(log_p0: float, A: Array, t1: float) -> float:
    r"""Instantaneous change of variables for $f(\mathbf{z}) = \mathbf{A}\mathbf{z}$:
    $\frac{\partial \log p(\mathbf{z}(t))}{\partial t} = -\tr\bigl(\frac{\partial f}{\partial \mathbf{z}}\bigr) = -\tr(\mathbf{A})$,
    so $\log p(\mathbf{z}(t_1)) = \log p(\mathbf{z}(0)) - t_1 \tr(\mathbf{A})$."""
    return float(log_p0 - t1 * np.trace(A))


def hutchinson_trace(A: Array, n_samples: int, rng: np.random.Generator) -> float:
    r"""FFJORD's unbiased trace estimator: $\tr(\mathbf{A}) = \E_{\boldsymbol\epsilon}[\boldsymbol\epsilon^\top \mathbf{A} \boldsymbol\epsilon]$,
    $\boldsymbol\epsilon$ Rademacher (or standard normal)."""
    eps = rng.choice([-1.0, 1.0], size=(n_samples, A.shape[0]))
    return float(np.mean(np.einsum("ni,ij,nj->n", eps, A, eps)))
