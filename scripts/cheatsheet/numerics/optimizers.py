r"""Optimizers as pure NumPy step functions, each written exactly as ``torch.optim`` computes it.

Every member is a function ``step(theta, grad, state, *, lr, ...) -> (theta_new, state_new)``:
``theta`` and ``grad`` are float arrays of the same shape, ``grad`` is $\nabla_\theta
\mathcal{L}(\theta_{t-1})$ evaluated at the current parameters, and ``state`` is an explicit dict
(empty ``{}`` before the first step, as in PyTorch's lazily created ``optimizer.state``). Nothing is
mutated. Keyword defaults are PyTorch's defaults, except the flag that defines the member (e.g.
``momentum=0.9`` for SGD with momentum); :data:`OPTIMIZERS` lists the exact settings of each member.

In the docstring formulas $\mathbf{g}_t = \nabla_\theta \mathcal{L}(\theta_{t-1}) + \lambda\,\theta_{t-1}$
(L2 ``weight_decay`` $\lambda$ added to the gradient) unless the member decays the weights decoupled;
square roots, divisions, $\max$ and $\sign$ act element-wise.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

Array = np.ndarray
State = dict


def _start(theta: Array, grad: Array, state: State) -> tuple[Array, Array, State, int]:
    """Float copies of the inputs, a shallow copy of the state, and the new step count t."""
    theta = np.array(theta, dtype=float)
    grad = np.array(grad, dtype=float)
    state = {k: (np.array(v) if isinstance(v, np.ndarray) else v) for k, v in state.items()}
    t = int(state.get("step", 0)) + 1
    state["step"] = t
    return theta, grad, state, t


def _l2(grad: Array, theta: Array, weight_decay: float) -> Array:
    r"""Coupled (L2) weight decay as PyTorch applies it: $\mathbf{g} + \lambda\theta$."""
    return grad + weight_decay * theta if weight_decay != 0 else grad


def _sgd(theta, grad, state, *, lr, momentum, dampening, weight_decay, nesterov):
    theta, grad, state, _ = _start(theta, grad, state)
    if nesterov and (momentum <= 0 or dampening != 0):
        raise ValueError("Nesterov momentum requires a momentum and zero dampening")
    g = _l2(grad, theta, weight_decay)
    if momentum != 0:
        if "momentum_buffer" not in state:
            buf = g.copy()  # first step: b_1 = g_1, no dampening (as torch.optim.SGD)
        else:
            buf = momentum * state["momentum_buffer"] + (1.0 - dampening) * g
        state["momentum_buffer"] = buf
        g = g + momentum * buf if nesterov else buf
    return theta - lr * g, state


def sgd(theta: Array, grad: Array, state: State, *, lr: float = 1e-3,
        weight_decay: float = 0.0) -> tuple[Array, State]:
    r"""$\theta_t = \theta_{t-1} - \eta\,\mathbf{g}_t$"""
    return _sgd(theta, grad, state, lr=lr, momentum=0.0, dampening=0.0,
                weight_decay=weight_decay, nesterov=False)


def sgd_momentum(theta: Array, grad: Array, state: State, *, lr: float = 1e-3, momentum: float = 0.9,
                 dampening: float = 0.0, weight_decay: float = 0.0) -> tuple[Array, State]:
    r"""$\begin{aligned} \mathbf{b}_t &= \mu\,\mathbf{b}_{t-1} + (1 - \tau)\,\mathbf{g}_t \quad (\mathbf{b}_1 = \mathbf{g}_1) \\ \theta_t &= \theta_{t-1} - \eta\,\mathbf{b}_t \end{aligned}$"""
    return _sgd(theta, grad, state, lr=lr, momentum=momentum, dampening=dampening,
                weight_decay=weight_decay, nesterov=False)


def nesterov(theta: Array, grad: Array, state: State, *, lr: float = 1e-3, momentum: float = 0.9,
             weight_decay: float = 0.0) -> tuple[Array, State]:
    r"""$\begin{aligned} \mathbf{b}_t &= \mu\,\mathbf{b}_{t-1} + \mathbf{g}_t \quad (\mathbf{b}_1 = \mathbf{g}_1) \\ \theta_t &= \theta_{t-1} - \eta\,(\mathbf{g}_t + \mu\,\mathbf{b}_t) \end{aligned}$"""
    return _sgd(theta, grad, state, lr=lr, momentum=momentum, dampening=0.0,
                weight_decay=weight_decay, nesterov=True)


def adagrad(theta: Array, grad: Array, state: State, *, lr: float = 1e-2, lr_decay: float = 0.0,
            weight_decay: float = 0.0, initial_accumulator_value: float = 0.0,
            eps: float = 1e-10) -> tuple[Array, State]:
    r"""$\begin{aligned} \mathbf{s}_t &= \mathbf{s}_{t-1} + \mathbf{g}_t \odot \mathbf{g}_t \quad (\mathbf{s}_0 = s_0\mathbf{1}) \\ \theta_t &= \theta_{t-1} - \frac{\eta}{1 + (t - 1)\,\gamma}\,\frac{\mathbf{g}_t}{\sqrt{\mathbf{s}_t} + \epsilon} \end{aligned}$"""
    theta, grad, state, t = _start(theta, grad, state)
    s = state.get("sum", np.full_like(theta, initial_accumulator_value))
    g = _l2(grad, theta, weight_decay)
    clr = lr / (1.0 + (t - 1) * lr_decay)
    s = s + g * g
    state["sum"] = s
    return theta - clr * g / (np.sqrt(s) + eps), state


def adadelta(theta: Array, grad: Array, state: State, *, lr: float = 1.0, rho: float = 0.9,
             eps: float = 1e-6, weight_decay: float = 0.0) -> tuple[Array, State]:
    r"""$\begin{aligned} \mathbf{v}_t &= \rho\,\mathbf{v}_{t-1} + (1 - \rho)\,\mathbf{g}_t \odot \mathbf{g}_t \\ \boldsymbol{\delta}_t &= \frac{\sqrt{\mathbf{u}_{t-1} + \epsilon}}{\sqrt{\mathbf{v}_t + \epsilon}} \odot \mathbf{g}_t \\ \mathbf{u}_t &= \rho\,\mathbf{u}_{t-1} + (1 - \rho)\,\boldsymbol{\delta}_t \odot \boldsymbol{\delta}_t \\ \theta_t &= \theta_{t-1} - \eta\,\boldsymbol{\delta}_t \end{aligned}$"""
    theta, grad, state, _ = _start(theta, grad, state)
    v = state.get("square_avg", np.zeros_like(theta))
    u = state.get("acc_delta", np.zeros_like(theta))
    g = _l2(grad, theta, weight_decay)
    v = rho * v + (1.0 - rho) * g * g
    delta = np.sqrt(u + eps) / np.sqrt(v + eps) * g
    u = rho * u + (1.0 - rho) * delta * delta
    state["square_avg"], state["acc_delta"] = v, u
    return theta - lr * delta, state


def _rmsprop(theta, grad, state, *, lr, alpha, eps, weight_decay, momentum, centered):
    theta, grad, state, _ = _start(theta, grad, state)
    g = _l2(grad, theta, weight_decay)
    v = alpha * state.get("square_avg", np.zeros_like(theta)) + (1.0 - alpha) * g * g
    state["square_avg"] = v
    if centered:
        gbar = state.get("grad_avg", np.zeros_like(theta))
        gbar = gbar + (1.0 - alpha) * (g - gbar)  # lerp, as torch
        state["grad_avg"] = gbar
        avg = np.sqrt(v - gbar * gbar) + eps
    else:
        avg = np.sqrt(v) + eps
    if momentum > 0:
        buf = momentum * state.get("momentum_buffer", np.zeros_like(theta)) + g / avg
        state["momentum_buffer"] = buf
        return theta - lr * buf, state
    return theta - lr * g / avg, state


def rmsprop(theta: Array, grad: Array, state: State, *, lr: float = 1e-2, alpha: float = 0.99,
            eps: float = 1e-8, weight_decay: float = 0.0, momentum: float = 0.0) -> tuple[Array, State]:
    r"""$\begin{aligned} \mathbf{v}_t &= \alpha\,\mathbf{v}_{t-1} + (1 - \alpha)\,\mathbf{g}_t \odot \mathbf{g}_t \\ \theta_t &= \theta_{t-1} - \eta\,\frac{\mathbf{g}_t}{\sqrt{\mathbf{v}_t} + \epsilon} \end{aligned}$"""
    return _rmsprop(theta, grad, state, lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay,
                    momentum=momentum, centered=False)


def rmsprop_centered(theta: Array, grad: Array, state: State, *, lr: float = 1e-2, alpha: float = 0.99,
                     eps: float = 1e-8, weight_decay: float = 0.0,
                     momentum: float = 0.0) -> tuple[Array, State]:
    r"""$\begin{aligned} \mathbf{v}_t &= \alpha\,\mathbf{v}_{t-1} + (1 - \alpha)\,\mathbf{g}_t \odot \mathbf{g}_t \\ \bar{\mathbf{g}}_t &= \alpha\,\bar{\mathbf{g}}_{t-1} + (1 - \alpha)\,\mathbf{g}_t \\ \theta_t &= \theta_{t-1} - \eta\,\frac{\mathbf{g}_t}{\sqrt{\mathbf{v}_t - \bar{\mathbf{g}}_t \odot \bar{\mathbf{g}}_t} + \epsilon} \end{aligned}$"""
    return _rmsprop(theta, grad, state, lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay,
                    momentum=momentum, centered=True)


def _weight_decay(theta: Array, grad: Array, lr: float, weight_decay: float,
                  decoupled: bool) -> tuple[Array, Array]:
    r"""Decoupled: $\theta \leftarrow \theta(1 - \eta\lambda)$ before the step (AdamW);
    otherwise L2: $\mathbf{g} \leftarrow \mathbf{g} + \lambda\theta$ (then rescaled by the step)."""
    if weight_decay == 0:
        return theta, grad
    if decoupled:
        return theta * (1.0 - lr * weight_decay), grad
    return theta, grad + weight_decay * theta


def _adam(theta, grad, state, *, lr, betas, eps, weight_decay, amsgrad, decoupled):
    theta, grad, state, t = _start(theta, grad, state)
    beta1, beta2 = betas
    theta, grad = _weight_decay(theta, grad, lr, weight_decay, decoupled)
    m = state.get("exp_avg", np.zeros_like(theta))
    v = state.get("exp_avg_sq", np.zeros_like(theta))
    m = m + (1.0 - beta1) * (grad - m)  # lerp: beta1 m + (1 - beta1) g
    v = beta2 * v + (1.0 - beta2) * grad * grad
    state["exp_avg"], state["exp_avg_sq"] = m, v
    if amsgrad:
        v = np.maximum(state.get("max_exp_avg_sq", np.zeros_like(theta)), v)
        state["max_exp_avg_sq"] = v
    bias_correction1 = 1.0 - beta1**t
    bias_correction2 = 1.0 - beta2**t
    denom = np.sqrt(v) / np.sqrt(bias_correction2) + eps
    return theta - (lr / bias_correction1) * m / denom, state


def adam(theta: Array, grad: Array, state: State, *, lr: float = 1e-3,
         betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8, weight_decay: float = 0.0,
         amsgrad: bool = False) -> tuple[Array, State]:
    r"""$\begin{aligned} \mathbf{m}_t &= \beta_1\,\mathbf{m}_{t-1} + (1 - \beta_1)\,\mathbf{g}_t \\ \mathbf{v}_t &= \beta_2\,\mathbf{v}_{t-1} + (1 - \beta_2)\,\mathbf{g}_t \odot \mathbf{g}_t \\ \theta_t &= \theta_{t-1} - \frac{\eta}{1 - \beta_1^t}\,\frac{\mathbf{m}_t}{\sqrt{\mathbf{v}_t}\,/\sqrt{1 - \beta_2^t} + \epsilon} \end{aligned}$"""
    return _adam(theta, grad, state, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                 amsgrad=amsgrad, decoupled=False)


def adamw(theta: Array, grad: Array, state: State, *, lr: float = 1e-3,
          betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8, weight_decay: float = 1e-2,
          amsgrad: bool = False) -> tuple[Array, State]:
    r"""$\begin{aligned} \mathbf{g}_t &= \nabla_\theta \mathcal{L}(\theta_{t-1}) \quad (\text{no } \lambda\theta \text{ term}) \\ \theta'_{t-1} &= (1 - \eta\lambda)\,\theta_{t-1} \\ \theta_t &= \theta'_{t-1} - \frac{\eta}{1 - \beta_1^t}\,\frac{\mathbf{m}_t}{\sqrt{\mathbf{v}_t}\,/\sqrt{1 - \beta_2^t} + \epsilon} \end{aligned}$"""
    return _adam(theta, grad, state, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                 amsgrad=amsgrad, decoupled=True)


def _nadam_mu(t: int, beta1: float, momentum_decay: float) -> float:
    r"""$\mu_t = \beta_1\left(1 - \tfrac{1}{2}\,0.96^{\,t\psi}\right)$"""
    return beta1 * (1.0 - 0.5 * 0.96 ** (t * momentum_decay))


def nadam(theta: Array, grad: Array, state: State, *, lr: float = 2e-3,
          betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8, weight_decay: float = 0.0,
          momentum_decay: float = 4e-3, decoupled_weight_decay: bool = False) -> tuple[Array, State]:
    r"""$\begin{aligned} \mu_t &= \beta_1\left(1 - \tfrac{1}{2}\,0.96^{\,t\psi}\right) \\ \mathbf{m}_t &= \beta_1\,\mathbf{m}_{t-1} + (1 - \beta_1)\,\mathbf{g}_t, \quad \mathbf{v}_t = \beta_2\,\mathbf{v}_{t-1} + (1 - \beta_2)\,\mathbf{g}_t \odot \mathbf{g}_t \\ \mathbf{d}_t &= \sqrt{\mathbf{v}_t / (1 - \beta_2^t)} + \epsilon \\ \theta_t &= \theta_{t-1} - \eta\,\frac{1 - \mu_t}{1 - \prod_{i=1}^{t}\mu_i}\,\frac{\mathbf{g}_t}{\mathbf{d}_t} - \eta\,\frac{\mu_{t+1}}{1 - \prod_{i=1}^{t+1}\mu_i}\,\frac{\mathbf{m}_t}{\mathbf{d}_t} \end{aligned}$"""
    theta, grad, state, t = _start(theta, grad, state)
    beta1, beta2 = betas
    bias_correction2 = 1.0 - beta2**t
    theta, grad = _weight_decay(theta, grad, lr, weight_decay, decoupled_weight_decay)
    mu = _nadam_mu(t, beta1, momentum_decay)
    mu_next = _nadam_mu(t + 1, beta1, momentum_decay)
    mu_product = state.get("mu_product", 1.0) * mu
    state["mu_product"] = mu_product
    m = state.get("exp_avg", np.zeros_like(theta))
    v = state.get("exp_avg_sq", np.zeros_like(theta))
    m = m + (1.0 - beta1) * (grad - m)
    v = beta2 * v + (1.0 - beta2) * grad * grad
    state["exp_avg"], state["exp_avg_sq"] = m, v
    denom = np.sqrt(v / bias_correction2) + eps
    theta = theta - lr * (1.0 - mu) / (1.0 - mu_product) * grad / denom
    theta = theta - lr * mu_next / (1.0 - mu_product * mu_next) * m / denom
    return theta, state


def radam_rho(t: int, beta2: float) -> float:
    r"""$\rho_t = \rho_\infty - \frac{2t\,\beta_2^t}{1 - \beta_2^t}$ with $\rho_\infty = \frac{2}{1 - \beta_2} - 1$."""
    rho_inf = 2.0 / (1.0 - beta2) - 1.0
    return rho_inf - 2.0 * t * beta2**t / (1.0 - beta2**t)


def radam(theta: Array, grad: Array, state: State, *, lr: float = 1e-3,
          betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8, weight_decay: float = 0.0,
          decoupled_weight_decay: bool = False) -> tuple[Array, State]:
    r"""$\begin{aligned} \hat{\mathbf{m}}_t &= \frac{\mathbf{m}_t}{1 - \beta_1^t}, \quad \rho_\infty = \frac{2}{1 - \beta_2} - 1, \quad \rho_t = \rho_\infty - \frac{2t\,\beta_2^t}{1 - \beta_2^t} \\ r_t &= \sqrt{\frac{(\rho_t - 4)(\rho_t - 2)\,\rho_\infty}{(\rho_\infty - 4)(\rho_\infty - 2)\,\rho_t}} \\ \theta_t &= \begin{cases} \theta_{t-1} - \eta\,r_t\,\hat{\mathbf{m}}_t \odot \dfrac{\sqrt{1 - \beta_2^t}}{\sqrt{\mathbf{v}_t} + \epsilon} & \rho_t > 5 \\ \theta_{t-1} - \eta\,\hat{\mathbf{m}}_t & \text{otherwise} \end{cases} \end{aligned}$"""
    theta, grad, state, t = _start(theta, grad, state)
    beta1, beta2 = betas
    theta, grad = _weight_decay(theta, grad, lr, weight_decay, decoupled_weight_decay)
    m = state.get("exp_avg", np.zeros_like(theta))
    v = state.get("exp_avg_sq", np.zeros_like(theta))
    m = m + (1.0 - beta1) * (grad - m)
    v = beta2 * v + (1.0 - beta2) * grad * grad
    state["exp_avg"], state["exp_avg_sq"] = m, v
    bias_correction2 = 1.0 - beta2**t
    m_hat = m / (1.0 - beta1**t)
    rho_inf = 2.0 / (1.0 - beta2) - 1.0
    rho_t = radam_rho(t, beta2)
    if rho_t > 5.0:
        rect = np.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
        adaptive = np.sqrt(bias_correction2) / (np.sqrt(v) + eps)
        return theta - m_hat * lr * adaptive * rect, state
    return theta - m_hat * lr, state


def adamax(theta: Array, grad: Array, state: State, *, lr: float = 2e-3,
           betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
           weight_decay: float = 0.0) -> tuple[Array, State]:
    r"""$\begin{aligned} \mathbf{m}_t &= \beta_1\,\mathbf{m}_{t-1} + (1 - \beta_1)\,\mathbf{g}_t \\ \mathbf{u}_t &= \max\left(\beta_2\,\mathbf{u}_{t-1},\; \lvert \mathbf{g}_t \rvert + \epsilon\right) \\ \theta_t &= \theta_{t-1} - \frac{\eta}{1 - \beta_1^t}\,\frac{\mathbf{m}_t}{\mathbf{u}_t} \end{aligned}$"""
    theta, grad, state, t = _start(theta, grad, state)
    beta1, beta2 = betas
    g = _l2(grad, theta, weight_decay)
    m = state.get("exp_avg", np.zeros_like(theta))
    u = state.get("exp_inf", np.zeros_like(theta))
    m = m + (1.0 - beta1) * (g - m)
    u = np.maximum(beta2 * u, np.abs(g) + eps)
    state["exp_avg"], state["exp_inf"] = m, u
    return theta - lr / (1.0 - beta1**t) * m / u, state


def lion(theta: Array, grad: Array, state: State, *, lr: float = 1e-4,
         betas: tuple[float, float] = (0.9, 0.99), weight_decay: float = 0.0) -> tuple[Array, State]:
    r"""$\begin{aligned} \mathbf{c}_t &= \beta_1\,\mathbf{m}_{t-1} + (1 - \beta_1)\,\mathbf{g}_t \\ \theta_t &= (1 - \eta\lambda)\,\theta_{t-1} - \eta\,\sign(\mathbf{c}_t) \\ \mathbf{m}_t &= \beta_2\,\mathbf{m}_{t-1} + (1 - \beta_2)\,\mathbf{g}_t \end{aligned}$"""
    theta, grad, state, _ = _start(theta, grad, state)
    beta1, beta2 = betas
    m = state.get("exp_avg", np.zeros_like(theta))
    c = beta1 * m + (1.0 - beta1) * grad
    theta = theta * (1.0 - lr * weight_decay) - lr * np.sign(c)
    state["exp_avg"] = beta2 * m + (1.0 - beta2) * grad
    return theta, state


MUON_NS_COEFFICIENTS = (3.4445, -4.7750, 2.0315)  # torch.optim.Muon's (a, b, c), from Keller Jordan's post


def adafactor(theta: Array, grad: Array, state: State, *, lr: float = 1e-2, beta2_decay: float = -0.8,
              eps: tuple[float | None, float] = (None, 1e-3), d: float = 1.0,
              weight_decay: float = 0.0) -> tuple[Array, State]:
    r"""$\begin{aligned} \rho_t &= \min(\eta, 1/\sqrt{t}), \quad \alpha_t = \max(\epsilon_2, \operatorname{RMS}(\theta_{t-1}))\,\rho_t, \quad 1 - \hat\beta_{2,t} = t^{c} \\ \mathbf{r}_t &= \hat\beta_{2,t}\,\mathbf{r}_{t-1} + (1 - \hat\beta_{2,t})\,\operatorname{mean}_{\text{cols}}(\mathbf{G}_t \odot \mathbf{G}_t), \quad \mathbf{c}_t = \hat\beta_{2,t}\,\mathbf{c}_{t-1} + (1 - \hat\beta_{2,t})\,\operatorname{mean}_{\text{rows}}(\mathbf{G}_t \odot \mathbf{G}_t) \\ \hat{\mathbf{V}}_t &= \mathbf{r}_t\mathbf{c}_t / \max(\operatorname{mean}(\mathbf{r}_t), \epsilon_1), \quad \mathbf{U}_t = \mathbf{G}_t / \sqrt{\max(\hat{\mathbf{V}}_t, \epsilon_1^2)} \\ \theta_t &= (1 - \eta\lambda)\,\theta_{t-1} - \frac{\alpha_t}{\max(1, \operatorname{RMS}(\mathbf{U}_t)/d)}\,\mathbf{U}_t \end{aligned}$

    As ``torch.optim.Adafactor`` (single-tensor path): a tensor with two or more dimensions keeps
    row and column means of the squared gradient over its last two axes (factored); a vector keeps
    the full $\mathbf{v}_t$ instead. $c$ is ``beta2_decay``; $\epsilon_1$ defaults to the float
    type's machine epsilon. No first moment (the paper's optional $\beta_1$ is not implemented).
    """
    theta, grad, state, t = _start(theta, grad, state)
    eps1 = np.finfo(theta.dtype).eps if eps[0] is None else eps[0]
    eps2 = eps[1]
    one_minus_beta2 = float(t) ** beta2_decay
    rho = min(lr, 1.0 / t**0.5)
    alpha = max(eps2, float(np.linalg.norm(theta)) / theta.size**0.5) * rho  # RMS before the decay
    if weight_decay != 0:
        theta = theta * (1.0 - lr * weight_decay)
    if grad.ndim > 1:
        row = state.get("row_var", np.zeros(grad.shape[:-1] + (1,)))
        col = state.get("col_var", np.zeros(grad.shape[:-2] + (1, grad.shape[-1])))
        g2 = grad * grad
        row = row + one_minus_beta2 * (g2.mean(axis=-1, keepdims=True) - row)
        col = col + one_minus_beta2 * (g2.mean(axis=-2, keepdims=True) - col)
        state["row_var"], state["col_var"] = row, col
        var = row @ col / np.maximum(row.mean(axis=-2, keepdims=True), eps1)
    else:
        v = state.get("variance", np.zeros_like(grad))
        v = v + one_minus_beta2 * (grad * grad - v)
        state["variance"] = v
        var = v
    update = grad / np.sqrt(np.maximum(var, eps1 * eps1))
    denom = max(1.0, float(np.linalg.norm(update)) / (update.size**0.5 * d))
    return theta - alpha / denom * update, state


def round_bfloat16(x: Array) -> Array:
    """Round to the nearest bfloat16 value (8 significant bits, ties to even), returned as float64."""
    m, e = np.frexp(np.asarray(x, dtype=float))
    return np.ldexp(np.rint(np.ldexp(m, 8)), e - 8)


def newton_schulz(G: Array, *, coefficients: tuple[float, float, float] = MUON_NS_COEFFICIENTS, steps: int = 5,
                  eps: float = 1e-7, bfloat16: bool = False) -> Array:
    r"""$\mathbf{X}_0 = \mathbf{G}/\max(\lVert\mathbf{G}\rVert_F, \epsilon)$, $\mathbf{X}_{k+1} = a\mathbf{X}_k + (b\mathbf{A}_k + c\mathbf{A}_k^2)\mathbf{X}_k$ with $\mathbf{A}_k = \mathbf{X}_k\mathbf{X}_k^\top$
    (on the transpose when $\mathbf{G}$ has more rows than columns). In float64, or with
    ``bfloat16=True`` rounded to bfloat16 after every operation, as ``torch.optim.Muon`` runs it."""
    a, b, c = coefficients
    r = round_bfloat16 if bfloat16 else (lambda x: x)
    X = r(np.array(G, dtype=float))
    if X.ndim != 2:
        raise ValueError("Newton-Schulz orthogonalization needs a 2-D matrix")
    tall = X.shape[0] > X.shape[1]
    if tall:
        X = X.T
    X = r(X / max(float(r(np.linalg.norm(X))), eps))
    for _ in range(steps):
        A = r(X @ X.T)
        X = r(a * X + r(b * A + c * A @ A) @ X)
    return X.T if tall else X


def muon(theta: Array, grad: Array, state: State, *, lr: float = 1e-3, weight_decay: float = 0.1,
         momentum: float = 0.95, nesterov: bool = True,
         ns_coefficients: tuple[float, float, float] = MUON_NS_COEFFICIENTS, eps: float = 1e-7, ns_steps: int = 5,
         adjust_lr_fn: str | None = None, bfloat16: bool = True) -> tuple[Array, State]:
    r"""$\begin{aligned} \mathbf{B}_t &= \mu\,\mathbf{B}_{t-1} + (1 - \mu)\,\mathbf{G}_t, \quad \tilde{\mathbf{B}}_t = (1 - \mu)\,\mathbf{G}_t + \mu\,\mathbf{B}_t \ (\text{Nesterov}) \\ \mathbf{O}_t &= \operatorname{NS}_5(\tilde{\mathbf{B}}_t), \quad \eta' = \eta\sqrt{\max(1, A/B)} \\ \theta_t &= (1 - \eta\lambda)\,\theta_{t-1} - \eta'\,\mathbf{O}_t \end{aligned}$

    As ``torch.optim.Muon`` for a 2-D parameter of shape $A \times B$ (it rejects any other
    shape); ``adjust_lr_fn="match_rms_adamw"`` uses $\eta' = 0.2\,\eta\sqrt{\max(A, B)}$ instead.
    ``bfloat16`` (not a torch argument) runs Newton-Schulz in bfloat16 as torch does; False: float64.
    """
    theta, grad, state, _ = _start(theta, grad, state)
    if theta.ndim != 2:
        raise ValueError("Muon only updates 2-D parameters")
    buf = state.get("momentum_buffer", np.zeros_like(grad))
    buf = buf + (1.0 - momentum) * (grad - buf)  # lerp, as torch
    state["momentum_buffer"] = buf
    update = grad + momentum * (buf - grad) if nesterov else buf
    O = newton_schulz(update, coefficients=ns_coefficients, steps=ns_steps, eps=eps, bfloat16=bfloat16)
    A, B = theta.shape
    if adjust_lr_fn in (None, "original"):
        ratio = max(1.0, A / B) ** 0.5
    elif adjust_lr_fn == "match_rms_adamw":
        ratio = 0.2 * max(A, B) ** 0.5
    else:
        ratio = 1.0
    theta = theta * (1.0 - lr * weight_decay)
    return theta - lr * ratio * O, state


def _trust(numerator: float, denominator: float) -> float:
    """Layer-wise trust ratio, 1 when either norm is 0 (a zero-initialized tensor would never move)."""
    return numerator / denominator if numerator > 0 and denominator > 0 else 1.0


def lamb(theta: Array, grad: Array, state: State, *, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
         eps: float = 1e-6, weight_decay: float = 0.0, trust_clip: tuple[float, float] | None = None,
         layer_adaptation: bool = True) -> tuple[Array, State]:
    r"""$\begin{aligned} \mathbf{m}_t &= \beta_1\,\mathbf{m}_{t-1} + (1 - \beta_1)\,\mathbf{g}_t, \quad \mathbf{v}_t = \beta_2\,\mathbf{v}_{t-1} + (1 - \beta_2)\,\mathbf{g}_t \odot \mathbf{g}_t \\ \mathbf{r}_t &= \frac{\mathbf{m}_t / (1 - \beta_1^t)}{\sqrt{\mathbf{v}_t / (1 - \beta_2^t)} + \epsilon} + \lambda\,\theta_{t-1} \\ \theta_t &= \theta_{t-1} - \eta\,\frac{\phi(\lVert\theta_{t-1}\rVert)}{\lVert\mathbf{r}_t\rVert}\,\mathbf{r}_t \end{aligned}$

    LAMB, Algorithm 2 of You et al. (2020), for one layer (one tensor) ``theta``; not in torch.optim.
    $\mathbf{g}_t$ is the raw gradient (the decay enters $\mathbf{r}_t$). $\phi$ is the identity, or
    ``trust_clip`` $(\gamma_l, \gamma_u)$ clips $\lVert\theta\rVert$ to it; the ratio is 1 when either
    norm is 0, and always 1 with ``layer_adaptation=False`` (biases and norm gains in practice).
    """
    theta, grad, state, t = _start(theta, grad, state)
    beta1, beta2 = betas
    m = beta1 * state.get("exp_avg", np.zeros_like(theta)) + (1.0 - beta1) * grad
    v = beta2 * state.get("exp_avg_sq", np.zeros_like(theta)) + (1.0 - beta2) * grad * grad
    state["exp_avg"], state["exp_avg_sq"] = m, v
    r = (m / (1.0 - beta1**t)) / (np.sqrt(v / (1.0 - beta2**t)) + eps) + weight_decay * theta
    ratio = 1.0
    if layer_adaptation:
        w = float(np.linalg.norm(theta))
        phi = w if trust_clip is None else min(max(w, trust_clip[0]), trust_clip[1])
        ratio = _trust(phi, float(np.linalg.norm(r))) if w > 0 else 1.0
    return theta - lr * ratio * r, state


def lars(theta: Array, grad: Array, state: State, *, lr: float = 0.1, momentum: float = 0.9,
         weight_decay: float = 0.0, trust_coefficient: float = 1e-3, eps: float = 0.0,
         layer_adaptation: bool = True) -> tuple[Array, State]:
    r"""$\begin{aligned} \eta^{\ell}_t &= \kappa\,\frac{\lVert\theta_{t-1}\rVert}{\lVert\mathbf{g}_t\rVert + \lambda\,\lVert\theta_{t-1}\rVert + \epsilon} \\ \mathbf{b}_t &= \mu\,\mathbf{b}_{t-1} + \eta\,\eta^{\ell}_t\,(\mathbf{g}_t + \lambda\,\theta_{t-1}) \\ \theta_t &= \theta_{t-1} - \mathbf{b}_t \end{aligned}$

    LARS, Algorithm 1 of You et al. (2017), for one layer (one tensor) ``theta``; not in torch.optim.
    $\mathbf{g}_t$ is the raw gradient; $\kappa$ is the trust coefficient; the buffer holds the
    learning rates (they are inside the momentum). $\eta^{\ell}_t = 1$ when either norm is 0 or with
    ``layer_adaptation=False``. $\eta$ and $\kappa$ enter only as the product $\eta\kappa$.
    """
    theta, grad, state, _ = _start(theta, grad, state)
    local = 1.0
    if layer_adaptation:
        w, g = float(np.linalg.norm(theta)), float(np.linalg.norm(grad))
        local = trust_coefficient * w / (g + weight_decay * w + eps) if w > 0 and g > 0 else 1.0
    step = lr * local * (grad + weight_decay * theta)
    buf = momentum * state["momentum_buffer"] + step if "momentum_buffer" in state else step
    state["momentum_buffer"] = buf
    return theta - buf, state


REFERENCE_IMPLEMENTED = ("Lion", "LAMB", "LARS")  # not in torch.optim 2.13: written from the papers


@dataclass(frozen=True)
class Optimizer:
    """One member of the family, as the page, the figures, the reference vectors and the tests see it."""

    name: str  # slug: figure "optimizer-<name>", test ids, reference keys
    title: str  # display name
    step: Callable[..., tuple[Array, State]]  # pure NumPy step function
    torch: str  # the one-line PyTorch call it matches
    torch_class: str  # attribute of torch.optim, or one of REFERENCE_IMPLEMENTED (not in torch.optim)
    torch_settings: Mapping[str, object]  # torch keyword arguments that define the member (the NumPy
    # function has them as its keyword defaults already)
    state_tensors: int  # extra tensors of the parameter's size kept in the state
    decoupled: bool  # True if weight_decay shrinks theta directly instead of adding lambda*theta to g
    lr: Mapping[str, float]  # figure learning rate per surface: best mean log loss gap on the grid
    # 1e-4, 2e-4, 5e-4, ..., 0.1, 0.2 (AdaDelta: its default multiplier 1.0)
    wd_reference: float = 0.1  # weight decay used for the "with weight decay" reference run
    paper: str = ""
    matrix: bool = False  # True: the step needs a 2-D parameter, so a vector runs as a 1 x d matrix (Muon)
    figure_settings: Mapping[str, object] = field(default_factory=dict)  # extra keywords of the figure runs

    def apply(self, theta: Array, grad: Array, state: State, **kwargs) -> tuple[Array, State]:
        """One step on a parameter vector (reshaped to ``1 x d`` and back for a matrix-only member)."""
        if not self.matrix:
            return self.step(theta, grad, state, **kwargs)
        theta = np.asarray(theta, dtype=float)
        new, state = self.step(theta.reshape(1, -1), np.asarray(grad, dtype=float).reshape(1, -1), state, **kwargs)
        return new.reshape(theta.shape), state

    def run(self, grad_fn: Callable[[Array], Array], theta0: Array, steps: int, **kwargs) -> Array:
        """Trajectory ``(steps + 1, d)`` from ``theta0``; ``kwargs`` override the step's defaults."""
        params = dict(kwargs)
        theta = np.array(theta0, dtype=float)
        state: State = {}
        path = [theta]
        for _ in range(steps):
            theta, state = self.apply(theta, grad_fn(theta), state, **params)
            path.append(theta)
        return np.array(path)


def _o(name, title, step, torch, torch_class, torch_settings, state_tensors, decoupled, lr, paper,
       matrix=False, figure_settings=None):
    return Optimizer(name, title, step, torch, torch_class, MappingProxyType(dict(torch_settings)),
                     state_tensors, decoupled, MappingProxyType(dict(lr)), paper=paper, matrix=matrix,
                     figure_settings=MappingProxyType(dict(figure_settings or {})))


OPTIMIZERS: dict[str, Optimizer] = {
    o.name: o
    for o in (
        _o("sgd", "SGD", sgd, "torch.optim.SGD(params, lr=0.01)", "SGD", {}, 0, False,
           {"quadratic": 0.05, "rosenbrock": 0.005, "saddle": 0.2}, "Robbins and Monro 1951"),
        _o("momentum", "SGD with momentum", sgd_momentum,
           "torch.optim.SGD(params, lr=0.01, momentum=0.9)", "SGD", {"momentum": 0.9}, 1, False,
           {"quadratic": 0.01, "rosenbrock": 0.002, "saddle": 0.2}, "Polyak 1964"),
        _o("nesterov", "Nesterov momentum", nesterov,
           "torch.optim.SGD(params, lr=0.01, momentum=0.9, nesterov=True)", "SGD",
           {"momentum": 0.9, "nesterov": True}, 1, False,
           {"quadratic": 0.05, "rosenbrock": 0.001, "saddle": 0.2}, "Nesterov 1983"),
        _o("adagrad", "AdaGrad", adagrad, "torch.optim.Adagrad(params, lr=0.01)", "Adagrad", {}, 1, False,
           {"quadratic": 0.2, "rosenbrock": 0.2, "saddle": 0.2}, "Duchi et al. 2011"),
        _o("adadelta", "AdaDelta", adadelta, "torch.optim.Adadelta(params, lr=1.0)", "Adadelta", {}, 2,
           False, {"quadratic": 1.0, "rosenbrock": 1.0, "saddle": 1.0}, "Zeiler 2012"),
        _o("rmsprop", "RMSProp", rmsprop, "torch.optim.RMSprop(params, lr=0.01, alpha=0.99)", "RMSprop",
           {}, 1, False, {"quadratic": 0.2, "rosenbrock": 0.2, "saddle": 0.1},
           "Tieleman and Hinton 2012"),
        _o("rmsprop-centered", "Centered RMSProp", rmsprop_centered,
           "torch.optim.RMSprop(params, lr=0.01, centered=True)", "RMSprop", {"centered": True}, 2, False,
           {"quadratic": 0.2, "rosenbrock": 0.2, "saddle": 0.1}, "Graves 2013"),
        _o("adam", "Adam", adam, "torch.optim.Adam(params, lr=1e-3, betas=(0.9, 0.999))", "Adam", {}, 2,
           False, {"quadratic": 0.2, "rosenbrock": 0.2, "saddle": 0.2}, "Kingma and Ba 2014"),
        _o("adamw", "AdamW", adamw,
           "torch.optim.AdamW(params, lr=1e-3, betas=(0.9, 0.999), weight_decay=0.01)", "AdamW", {}, 2,
           True, {"quadratic": 0.2, "rosenbrock": 0.2, "saddle": 0.2}, "Loshchilov and Hutter 2017"),
        _o("nadam", "NAdam", nadam, "torch.optim.NAdam(params, lr=2e-3, momentum_decay=4e-3)", "NAdam",
           {}, 2, False, {"quadratic": 0.2, "rosenbrock": 0.1, "saddle": 0.1}, "Dozat 2016"),
        _o("radam", "RAdam", radam, "torch.optim.RAdam(params, lr=1e-3)", "RAdam", {}, 2, False,
           {"quadratic": 0.1, "rosenbrock": 0.0002, "saddle": 0.2}, "Liu et al. 2019"),
        _o("adamax", "Adamax", adamax, "torch.optim.Adamax(params, lr=2e-3)", "Adamax", {}, 2, False,
           {"quadratic": 0.2, "rosenbrock": 0.2, "saddle": 0.2}, "Kingma and Ba 2014"),
        _o("lion", "Lion", lion, "Lion(params, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0)", "Lion", {},
           1, True, {"quadratic": 0.2, "rosenbrock": 0.02, "saddle": 0.05}, "Chen et al. 2023"),
        _o("adafactor", "Adafactor", adafactor, "torch.optim.Adafactor(params, lr=1e-2)", "Adafactor", {}, 1,
           True, {"quadratic": 0.2, "rosenbrock": 0.2, "saddle": 0.1}, "Shazeer and Stern 2018"),
        _o("muon", "Muon", muon, "torch.optim.Muon(params, lr=1e-3, momentum=0.95, weight_decay=0.1)", "Muon",
           {}, 1, True, {"quadratic": 0.2, "rosenbrock": 0.02, "saddle": 0.2}, "Jordan et al. 2024", matrix=True),
        _o("lamb", "LAMB", lamb, "LAMB(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-6, weight_decay=0.0)", "LAMB",
           {}, 2, True, {"quadratic": 0.2, "rosenbrock": 0.05, "saddle": 0.05}, "You et al. 2020"),
        _o("lars", "LARS", lars, "LARS(params, lr=0.1, momentum=0.9, weight_decay=0.0, trust_coefficient=1e-3)",
           "LARS", {}, 1, False, {"quadratic": 0.2, "rosenbrock": 0.01, "saddle": 0.1}, "You et al. 2017",
           figure_settings={"trust_coefficient": 1.0}),
    )
}


# --- Gradient clipping and weight averaging (torch.nn.utils, torch.optim.swa_utils); not optimizers -------

def clip_grad_norm(grads: list[Array], max_norm: float, norm_type: float = 2.0) -> tuple[list[Array], float]:
    r"""$\lVert\mathbf{g}\rVert_p = \Big(\sum_k \lVert\mathbf{g}^{(k)}\rVert_p^p\Big)^{1/p}$ over all tensors, $\mathbf{g}^{(k)} \leftarrow \min\!\Big(1, \frac{c}{\lVert\mathbf{g}\rVert_p + 10^{-6}}\Big)\,\mathbf{g}^{(k)}$

    As ``torch.nn.utils.clip_grad_norm_``: one total norm over all parameters (``norm_type=inf``: the
    largest absolute entry), every gradient scaled by the same factor; returns the clipped copies and
    the total norm before clipping."""
    grads = [np.asarray(g, dtype=float) for g in grads]
    if np.isinf(norm_type):
        total = max(float(np.abs(g).max()) for g in grads)
    else:
        norms = [float(np.sum(np.abs(g) ** norm_type) ** (1.0 / norm_type)) for g in grads]
        total = float(np.sum(np.array(norms) ** norm_type) ** (1.0 / norm_type))
    coef = min(1.0, max_norm / (total + 1e-6))
    return [g * coef for g in grads], total


def clip_grad_value(grads: list[Array], clip_value: float) -> list[Array]:
    r"""$g_i \leftarrow \min(\max(g_i, -c), c)$ for every entry of every tensor (``torch.nn.utils.clip_grad_value_``)."""
    return [np.clip(np.asarray(g, dtype=float), -clip_value, clip_value) for g in grads]


def ema_average(thetas: list[Array], decay: float = 0.999) -> Array:
    r"""$\bar\theta_1 = \theta_1, \quad \bar\theta_t = \beta\,\bar\theta_{t-1} + (1 - \beta)\,\theta_t$

    ``AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(decay))`` after ``update_parameters`` was
    called with the parameters $\theta_1, \dots, \theta_T$ ($\beta$ = ``decay``; the first call copies)."""
    avg = np.array(thetas[0], dtype=float)
    for theta in thetas[1:]:
        avg = decay * avg + (1.0 - decay) * np.asarray(theta, dtype=float)
    return avg


def swa_average(thetas: list[Array]) -> Array:
    r"""$\bar\theta_n = \bar\theta_{n-1} + \frac{\theta_n - \bar\theta_{n-1}}{n}$, the plain mean of the $n$ snapshots (``AveragedModel`` default)."""
    avg = np.array(thetas[0], dtype=float)
    for n, theta in enumerate(thetas[1:], start=2):
        avg = avg + (np.asarray(theta, dtype=float) - avg) / n
    return avg


def bn_cumulative_statistics(batches: list[Array]) -> tuple[Array, Array]:
    r"""BatchNorm running statistics as ``torch.optim.swa_utils.update_bn`` recomputes them: with
    ``momentum=None`` the running mean and variance are the plain averages over the batches of each
    batch's mean and unbiased variance (axis 0 = samples, axis 1 = channels)."""
    means = [np.asarray(x, dtype=float).mean(axis=0) for x in batches]
    variances = [np.asarray(x, dtype=float).var(axis=0, ddof=1) for x in batches]
    return np.mean(means, axis=0), np.mean(variances, axis=0)
