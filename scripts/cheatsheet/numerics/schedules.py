r"""Learning-rate schedules: the learning rate $\eta_t$ before optimizer step $t$, as PyTorch computes it.

$t = 0, 1, 2, \dots$ is the scheduler's counter ``last_epoch``: it is 0 right after the scheduler
is built and each ``scheduler.step()`` adds 1, so ``optimizer.param_groups[0]["lr"]`` read before
the $(t+1)$-th ``optimizer.step()`` is $\eta_t$. Every function takes an integer array ``t`` and
keyword parameters named as in ``torch.optim.lr_scheduler`` (``eta0`` is the ``lr`` given to the
optimizer). Where PyTorch updates the rate recursively (a "chainable" scheduler), the member's
``update`` function states that recursion, and the tests check it against the closed form.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

Array = np.ndarray


def _t(t) -> Array:
    return np.asarray(t, dtype=float)


# -- closed forms ------------------------------------------------------------------------------


def constant(t, *, eta0: float, factor: float = 1.0, total_iters: int = 0) -> Array:
    r"""$\eta_t = \eta_0 \cdot \begin{cases} \alpha & t < T \\ 1 & t \ge T \end{cases}$"""
    t = _t(t)
    return eta0 * np.where(t < total_iters, factor, 1.0)


def step(t, *, eta0: float, step_size: int, gamma: float = 0.1) -> Array:
    r"""$\eta_t = \eta_0 \, \gamma^{\lfloor t / s \rfloor}$"""
    return eta0 * gamma ** np.floor_divide(np.asarray(t, dtype=int), step_size).astype(float)


def multistep(t, *, eta0: float, milestones: Sequence[int], gamma: float = 0.1) -> Array:
    r"""$\eta_t = \eta_0 \, \gamma^{\vert \{ m \in M : m \le t \} \vert}$"""
    t = np.asarray(t, dtype=int)
    passed = np.searchsorted(np.sort(np.asarray(milestones, dtype=int)), t, side="right")
    return eta0 * gamma ** passed.astype(float)


def exponential(t, *, eta0: float, gamma: float) -> Array:
    r"""$\eta_t = \eta_0 \, \gamma^{t}$"""
    return eta0 * gamma ** _t(t)


def polynomial(t, *, eta0: float, total_iters: int = 5, power: float = 1.0) -> Array:
    r"""$\eta_t = \eta_0 \left(1 - \frac{\min(t, T)}{T}\right)^{p}$"""
    return eta0 * (1.0 - np.minimum(_t(t), total_iters) / total_iters) ** power


def cosine(t, *, eta0: float, T_max: int, eta_min: float = 0.0) -> Array:
    r"""$\eta_t = \eta_{\min} + \frac{1}{2}(\eta_0 - \eta_{\min})\left(1 + \cos\frac{\pi t}{T_{\max}}\right)$"""
    return eta_min + 0.5 * (eta0 - eta_min) * (1.0 + np.cos(np.pi * _t(t) / T_max))


def restart_position(t, *, T_0: int, T_mult: int = 1) -> tuple[Array, Array]:
    r"""$(T_{\text{cur}}, T_i)$ at step $t$: $T_i = T_0 T_{\text{mult}}^{\,i}$ is the length of cycle $i$
    and $T_{\text{cur}}$ the steps since its start (integer arithmetic, no logarithm)."""
    t = np.asarray(t, dtype=int)
    t_cur = t.copy()
    t_i = np.full_like(t, T_0)
    while np.any(t_cur >= t_i):
        over = t_cur >= t_i
        t_cur = np.where(over, t_cur - t_i, t_cur)
        t_i = np.where(over, t_i * T_mult, t_i)
    return t_cur.astype(float), t_i.astype(float)


def restart_steps(*, T_0: int, T_mult: int = 1, until: int) -> list[int]:
    """The steps at which a warm restart happens (the rate jumps back to eta0), up to ``until``."""
    out, start, length = [], T_0, T_0
    while start <= until:
        out.append(start)
        length *= T_mult
        start += length
    return out


def cosine_restarts(t, *, eta0: float, T_0: int, T_mult: int = 1, eta_min: float = 0.0) -> Array:
    r"""$\eta_t = \eta_{\min} + \frac{1}{2}(\eta_0 - \eta_{\min})\left(1 + \cos\frac{\pi T_{\text{cur}}}{T_i}\right)$"""
    t_cur, t_i = restart_position(t, T_0=T_0, T_mult=T_mult)
    return eta_min + 0.5 * (eta0 - eta_min) * (1.0 + np.cos(np.pi * t_cur / t_i))


def warmup_cosine(t, *, eta0: float, warmup: int, total: int, start_factor: float = 1.0 / 3,
                  eta_min: float = 0.0) -> Array:
    r"""$\eta_t = \begin{cases} \eta_0 \left(\alpha + (1 - \alpha)\frac{t}{W}\right) & t < W \\ \eta_{\min} + \frac{1}{2}(\eta_0 - \eta_{\min})\left(1 + \cos\frac{\pi (t - W)}{T - W}\right) & t \ge W \end{cases}$"""
    t = _t(t)
    warm = eta0 * (start_factor + (1.0 - start_factor) * t / warmup)
    return np.where(t < warmup, warm, cosine(t - warmup, eta0=eta0, T_max=total - warmup, eta_min=eta_min))


def linear_warmup_decay(t, *, eta0: float, warmup: int, total: int, start_factor: float = 0.0) -> Array:
    r"""$\eta_t = \begin{cases} \eta_0 \left(\alpha + (1 - \alpha)\frac{t}{W}\right) & t < W \\ \eta_0 \max\left(0, \frac{T - t}{T - W}\right) & t \ge W \end{cases}$"""
    t = _t(t)
    warm = eta0 * (start_factor + (1.0 - start_factor) * t / warmup)
    return np.where(t < warmup, warm, eta0 * np.maximum(0.0, (total - t) / (total - warmup)))


def wsd(t, *, eta0: float, warmup: int, stable: int, decay: int, start_factor: float = 0.0,
        end_factor: float = 0.0, half_life: float | None = None) -> Array:
    r"""$\eta_t = \begin{cases} \eta_0 \left(\alpha + (1 - \alpha)\frac{t}{W}\right) & t < W \\ \eta_0 & W \le t < W + S \\ \eta_0 \left(1 - (1 - \beta)\frac{\min(t - W - S,\, D)}{D}\right) & t \ge W + S \end{cases}$

    With ``half_life`` $h$ the decay phase is MiniCPM's exponential one instead,
    $\eta_t = \eta_0\, 0.5^{(t - W - S)/h}$ for $t \ge W + S$ (``decay`` and ``end_factor`` unused).
    """
    t = _t(t)
    warm = eta0 * (start_factor + (1.0 - start_factor) * t / warmup)
    into = t - warmup - stable
    if half_life is None:
        tail = eta0 * (1.0 - (1.0 - end_factor) * np.minimum(into, decay) / decay)
    else:
        tail = eta0 * 0.5 ** (np.maximum(into, 0.0) / half_life)
    return np.where(t < warmup, warm, np.where(into < 0, eta0, tail))


def _one_cycle_phases(total_steps: int, pct_start: float, three_phase: bool) -> list[tuple[float, str, str]]:
    """(end_step, start, end) of each phase; start/end name the levels 'initial', 'max', 'min'."""
    e1 = float(pct_start * total_steps) - 1
    if three_phase:
        return [(e1, "initial", "max"), (float(2 * pct_start * total_steps) - 2, "max", "initial"),
                (total_steps - 1, "initial", "min")]
    return [(e1, "initial", "max"), (total_steps - 1, "max", "min")]


def _anneal(start, end, pct, strategy: str):
    if strategy == "cos":
        return end + 0.5 * (start - end) * (1.0 + np.cos(np.pi * pct))
    return start + (end - start) * pct


def _one_cycle(t, levels: dict[str, float], total_steps: int, pct_start: float, anneal_strategy: str,
               three_phase: bool, momentum_levels: dict[str, float] | None = None) -> Array:
    t = _t(t)
    phases = _one_cycle_phases(total_steps, pct_start, three_phase)
    out = np.empty_like(t)
    done = np.zeros(t.shape, dtype=bool)
    start_step = 0.0
    for i, (end_step, a, b) in enumerate(phases):
        here = ~done & ((t <= end_step) | (i == len(phases) - 1))
        pct = (t[here] - start_step) / (end_step - start_step)
        src = momentum_levels if momentum_levels is not None else levels
        out[here] = _anneal(src[a], src[b], pct, anneal_strategy)
        done |= here
        start_step = end_step
    return out


def one_cycle(t, *, max_lr: float, total_steps: int, pct_start: float = 0.3, anneal_strategy: str = "cos",
              div_factor: float = 25.0, final_div_factor: float = 1e4, three_phase: bool = False,
              base_momentum: float = 0.85, max_momentum: float = 0.95) -> Array:
    r"""$\eta_t = \begin{cases} a(\eta_{\text{init}}, \eta_{\max}, t / t_1) & t \le t_1 \\ a\left(\eta_{\max}, \eta_{\text{end}}, \frac{t - t_1}{N - 1 - t_1}\right) & t > t_1 \end{cases}$"""
    initial = max_lr / div_factor
    levels = {"initial": initial, "max": max_lr, "min": initial / final_div_factor}
    return _one_cycle(t, levels, total_steps, pct_start, anneal_strategy, three_phase)


def one_cycle_momentum(t, *, total_steps: int, pct_start: float = 0.3, anneal_strategy: str = "cos",
                       three_phase: bool = False, base_momentum: float = 0.85, max_momentum: float = 0.95,
                       max_lr: float = 0.0, div_factor: float = 25.0, final_div_factor: float = 1e4) -> Array:
    r"""$\beta_t = \begin{cases} a(\beta_{\max}, \beta_{\text{base}}, t / t_1) & t \le t_1 \\ a\left(\beta_{\text{base}}, \beta_{\max}, \frac{t - t_1}{N - 1 - t_1}\right) & t > t_1 \end{cases}$"""
    levels = {"initial": max_momentum, "max": base_momentum, "min": max_momentum}
    return _one_cycle(t, {}, total_steps, pct_start, anneal_strategy, three_phase, momentum_levels=levels)


def inverse_sqrt(t, *, d_model: int, warmup: int, eta0: float = 1.0) -> Array:
    r"""$\eta_t = \eta_0 \, d_{\text{model}}^{-0.5} \min\left((t+1)^{-0.5}, (t+1) \, W^{-1.5}\right)$"""
    n = _t(t) + 1.0
    return eta0 * d_model ** -0.5 * np.minimum(n ** -0.5, n * warmup ** -1.5)


def _cyclic_scale(t, *, step_size_up: int, step_size_down: int | None) -> tuple[Array, Array]:
    """(cycle, height): the cycle number (from 1) and the triangle's height in [0, 1] at step t."""
    t = _t(t)
    up = float(step_size_up)
    down = float(step_size_down) if step_size_down is not None else up
    total = up + down
    cycle = np.floor(1.0 + t / total)
    x = 1.0 + t / total - cycle
    ratio = up / total
    height = np.where(x <= ratio, x / ratio, (x - 1.0) / (ratio - 1.0))
    return cycle, height


def _cyclic_amplitude(t, cycle, mode: str, gamma: float) -> Array:
    if mode == "triangular":
        return np.ones_like(cycle)
    if mode == "triangular2":
        return 1.0 / 2.0 ** (cycle - 1.0)
    if mode == "exp_range":
        return gamma ** _t(t)
    raise ValueError(f"unknown CyclicLR mode {mode!r}")


def cyclic(t, *, base_lr: float, max_lr: float, step_size_up: int = 2000, step_size_down: int | None = None,
           mode: str = "triangular", gamma: float = 1.0, base_momentum: float = 0.8,
           max_momentum: float = 0.9) -> Array:
    r"""$\eta_t = \eta_{\text{base}} + (\eta_{\max} - \eta_{\text{base}}) \, h(t) \, \kappa(t)$"""
    cycle, height = _cyclic_scale(t, step_size_up=step_size_up, step_size_down=step_size_down)
    return base_lr + (max_lr - base_lr) * height * _cyclic_amplitude(t, cycle, mode, gamma)


def cyclic_momentum(t, *, step_size_up: int = 2000, step_size_down: int | None = None, mode: str = "triangular",
                    gamma: float = 1.0, base_momentum: float = 0.8, max_momentum: float = 0.9,
                    base_lr: float = 0.0, max_lr: float = 0.0) -> Array:
    r"""$\beta_t = \beta_{\max} - (\beta_{\max} - \beta_{\text{base}}) \, h(t) \, \kappa(t)$"""
    cycle, height = _cyclic_scale(t, step_size_up=step_size_up, step_size_down=step_size_down)
    return max_momentum - (max_momentum - base_momentum) * height * _cyclic_amplitude(t, cycle, mode, gamma)


def reduce_on_plateau(t, *, eta0: float, metrics: Sequence[float], mode: str = "min", factor: float = 0.1,
                      patience: int = 10, threshold: float = 1e-4, threshold_mode: str = "rel",
                      cooldown: int = 0, min_lr: float = 0.0, eps: float = 1e-8) -> Array:
    r"""$\eta_{t+1} = \begin{cases} \max(\gamma \eta_t, \eta_{\min}) & b_t > P \\ \eta_t & \text{otherwise} \end{cases}$"""
    t = np.asarray(t, dtype=int)
    if np.any(t > len(metrics)):
        raise ValueError("reduce_on_plateau needs one metric per step before t")
    lrs = [eta0]
    lr, best, bad, cool = eta0, (math.inf if mode == "min" else -math.inf), 0, 0
    for m in metrics:
        if mode == "min":
            better = m < best * (1.0 - threshold) if threshold_mode == "rel" else m < best - threshold
        else:
            better = m > best * (1.0 + threshold) if threshold_mode == "rel" else m > best + threshold
        if better:
            best, bad = m, 0
        else:
            bad += 1
        if cool > 0:
            cool -= 1
            bad = 0
        if bad > patience:
            new = max(lr * factor, min_lr)
            if lr - new > eps:
                lr = new
            cool, bad = cooldown, 0
        lrs.append(lr)
    return np.asarray(lrs)[t]


# -- PyTorch's recursive ("chainable") updates --------------------------------------------------


def step_update(prev: float, t: int, *, step_size: int, gamma: float = 0.1, **_: Any) -> float:
    r"""$\eta_t = \gamma \, \eta_{t-1}$ if $t \bmod s = 0$, else $\eta_{t-1}$"""
    return prev * gamma if t % step_size == 0 else prev


def multistep_update(prev: float, t: int, *, milestones: Sequence[int], gamma: float = 0.1, **_: Any) -> float:
    r"""$\eta_t = \gamma^{c_t} \, \eta_{t-1}$, $c_t$ = how often $t$ appears in $M$"""
    return prev * gamma ** list(milestones).count(t)


def exponential_update(prev: float, t: int, *, gamma: float, **_: Any) -> float:
    r"""$\eta_t = \gamma \, \eta_{t-1}$"""
    return prev * gamma


def polynomial_update(prev: float, t: int, *, total_iters: int = 5, power: float = 1.0, **_: Any) -> float:
    r"""$\eta_t = \eta_{t-1}\left(\frac{T - t}{T - t + 1}\right)^{p}$ for $t \le T$"""
    if t > total_iters:
        return prev
    return prev * ((1.0 - t / total_iters) / (1.0 - (t - 1) / total_iters)) ** power


def cosine_update(prev: float, t: int, *, eta0: float, T_max: int, eta_min: float = 0.0, **_: Any) -> float:
    r"""$\eta_t = \eta_{\min} + (\eta_{t-1} - \eta_{\min}) \frac{1 + \cos(\pi t / T_{\max})}{1 + \cos(\pi (t-1) / T_{\max})}$"""
    if (t - 1 - T_max) % (2 * T_max) == 0:  # the trough: the ratio would be 0/0
        return prev + (eta0 - eta_min) * (1.0 - math.cos(math.pi / T_max)) / 2.0
    return eta_min + (prev - eta_min) * (1.0 + math.cos(math.pi * t / T_max)) / (1.0 + math.cos(math.pi * (t - 1) / T_max))


def constant_update(prev: float, t: int, *, factor: float = 1.0, total_iters: int = 0, **_: Any) -> float:
    r"""$\eta_t = \eta_{t-1} / \alpha$ at $t = T$, else $\eta_{t-1}$"""
    return prev / factor if t == total_iters else prev


# -- slopes of the smooth schedules (for the finite-difference test and the page) ---------------


def cosine_slope(t, *, eta0: float, T_max: int, eta_min: float = 0.0) -> Array:
    r"""$\frac{d\eta}{dt} = -\frac{\pi}{2 T_{\max}}(\eta_0 - \eta_{\min}) \sin\frac{\pi t}{T_{\max}}$"""
    return -np.pi / (2.0 * T_max) * (eta0 - eta_min) * np.sin(np.pi * _t(t) / T_max)


def exponential_slope(t, *, eta0: float, gamma: float) -> Array:
    r"""$\frac{d\eta}{dt} = \eta_0 \, \gamma^{t} \ln \gamma$"""
    return eta0 * gamma ** _t(t) * np.log(gamma)


def polynomial_slope(t, *, eta0: float, total_iters: int = 5, power: float = 1.0) -> Array:
    r"""$\frac{d\eta}{dt} = -\frac{p \, \eta_0}{T}\left(1 - \frac{t}{T}\right)^{p - 1}$ for $t < T$"""
    t = _t(t)
    return np.where(t < total_iters, -power * eta0 / total_iters * np.clip(1.0 - t / total_iters, 0, None) ** (power - 1.0), 0.0)


def inverse_sqrt_slope(t, *, d_model: int, warmup: int, eta0: float = 1.0) -> Array:
    r"""$\frac{d\eta}{dt} = \eta_0 \, d_{\text{model}}^{-0.5} \cdot \begin{cases} W^{-1.5} & t + 1 < W \\ -\frac{1}{2}(t+1)^{-1.5} & t + 1 > W \end{cases}$"""
    n = _t(t) + 1.0
    return eta0 * d_model ** -0.5 * np.where(n < warmup, warmup ** -1.5, -0.5 * n ** -1.5)


# -- the registry -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Schedule:
    """One member of the family, as the page, the figures and the tests see it."""

    name: str  # slug: figure "schedule-<name>", key in the reference file
    title: str  # display name
    lr: Callable[..., Array]  # closed form: lr(t, **params) -> eta_t
    params: dict[str, Any]  # the setting drawn in its figure
    steps: int  # how many steps the figure shows
    torch: str  # the PyTorch call it matches
    update: Callable[..., float] | None = None  # PyTorch's recursion, where it has one
    slope: Callable[..., Array] | None = None  # d eta / dt of a smooth schedule
    momentum: Callable[..., Array] | None = None  # the momentum it cycles, if any
    extra: dict[str, Any] = field(default_factory=dict)


def plateau_demo_metrics() -> list[float]:
    """A made-up validation loss: it falls, stalls for 20 epochs, falls again, then stalls for good."""
    fall = [round(0.4 + 0.6 * math.exp(-k / 6), 6) for k in range(20)]
    stall = [round(fall[-1] + 0.003 * ((k * 5) % 3), 6) for k in range(20)]
    again = [round(stall[0] - 0.01 * (k + 1), 6) for k in range(10)]
    flat = [round(again[-1] + 0.002 * ((k * 7) % 4), 6) for k in range(70)]
    return fall + stall + again + flat


SCHEDULES: dict[str, Schedule] = {
    s.name: s
    for s in (
        Schedule("constant", "Constant", constant, {"eta0": 0.1, "factor": 1.0 / 3, "total_iters": 5}, 40,
                 "ConstantLR(opt, factor=1/3, total_iters=5)", update=constant_update),
        Schedule("step", "Step decay", step, {"eta0": 0.1, "step_size": 30, "gamma": 0.1}, 100,
                 "StepLR(opt, step_size=30, gamma=0.1)", update=step_update),
        Schedule("multistep", "Multi-step decay", multistep, {"eta0": 0.1, "milestones": [30, 80], "gamma": 0.1},
                 100, "MultiStepLR(opt, milestones=[30, 80], gamma=0.1)", update=multistep_update),
        Schedule("exponential", "Exponential decay", exponential, {"eta0": 0.1, "gamma": 0.95}, 100,
                 "ExponentialLR(opt, gamma=0.95)", update=exponential_update, slope=exponential_slope),
        Schedule("polynomial", "Polynomial decay", polynomial, {"eta0": 0.1, "total_iters": 80, "power": 2.0}, 100,
                 "PolynomialLR(opt, total_iters=80, power=2.0)", update=polynomial_update, slope=polynomial_slope),
        Schedule("cosine", "Cosine annealing", cosine, {"eta0": 0.1, "T_max": 100, "eta_min": 0.001}, 101,
                 "CosineAnnealingLR(opt, T_max=100, eta_min=1e-3)", update=cosine_update, slope=cosine_slope),
        Schedule("cosine-restarts", "Cosine with warm restarts", cosine_restarts,
                 {"eta0": 0.1, "T_0": 10, "T_mult": 2, "eta_min": 0.001}, 150,
                 "CosineAnnealingWarmRestarts(opt, T_0=10, T_mult=2, eta_min=1e-3)"),
        Schedule("warmup-cosine", "Linear warmup + cosine", warmup_cosine,
                 {"eta0": 0.1, "warmup": 10, "total": 100, "start_factor": 0.01, "eta_min": 0.0}, 100,
                 "SequentialLR(opt, [LinearLR(opt, 0.01, total_iters=10), CosineAnnealingLR(opt, T_max=90)], milestones=[10])"),
        Schedule("linear-warmup-decay", "Linear warmup + linear decay", linear_warmup_decay,
                 {"eta0": 0.1, "warmup": 10, "total": 100}, 100,
                 "get_linear_schedule_with_warmup(opt, num_warmup_steps=10, num_training_steps=100)"),
        Schedule("wsd", "Warmup-stable-decay (WSD)", wsd,
                 {"eta0": 0.1, "warmup": 10, "stable": 70, "decay": 20, "start_factor": 0.01, "end_factor": 0.0},
                 100, "SequentialLR(opt, [LinearLR(opt, 0.01, total_iters=10), ConstantLR(opt, 1.0, total_iters=0), "
                 "LinearLR(opt, 1.0, 0.0, total_iters=20)], milestones=[10, 80])"),
        Schedule("one-cycle", "One-cycle", one_cycle, {"max_lr": 0.1, "total_steps": 200}, 200,
                 "OneCycleLR(opt, max_lr=0.1, total_steps=200)", momentum=one_cycle_momentum),
        Schedule("inverse-sqrt", "Inverse square root (Transformer)", inverse_sqrt,
                 {"d_model": 512, "warmup": 4000}, 40000,
                 "LambdaLR(opt, lambda t: 512**-0.5 * min((t+1)**-0.5, (t+1) * 4000**-1.5))", slope=inverse_sqrt_slope),
        Schedule("cyclic", "Cyclic (CLR)", cyclic, {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 20},
                 200, "CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=20)", momentum=cyclic_momentum),
        Schedule("plateau", "Reduce on plateau", reduce_on_plateau,
                 {"eta0": 0.1, "metrics": plateau_demo_metrics(), "patience": 5, "factor": 0.5}, 80,
                 "ReduceLROnPlateau(opt, mode='min', factor=0.5, patience=5)"),
    )
}
