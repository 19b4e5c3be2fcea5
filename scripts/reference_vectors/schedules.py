"""Reference learning rates from ``torch.optim.lr_scheduler`` on a dummy SGD optimizer.

For every setting, the optimizer's ``param_groups[0]["lr"]`` is recorded *before* each
``optimizer.step()``; ``scheduler.step()`` follows each optimizer step (the order PyTorch asks
for). Entry ``lr[t]`` is therefore the rate used by step ``t`` (``last_epoch == t``). The
``params`` of each setting are the keyword arguments of the NumPy closed form in
``cheatsheet.numerics.schedules``; this file translates them to PyTorch calls itself and does
not import the code under test.
"""

from __future__ import annotations

import math

import torch
from torch.optim import SGD
from torch.optim import lr_scheduler as S


def _optimizer(lr: float, momentum: float = 0.0) -> SGD:
    p = torch.zeros(1, requires_grad=True)
    return SGD([p], lr=lr, momentum=momentum)


def _run(opt: SGD, sched, steps: int, metrics=None) -> dict:
    lrs, moms = [], []
    for t in range(steps):
        lrs.append(float(opt.param_groups[0]["lr"]))
        moms.append(float(opt.param_groups[0]["momentum"]))
        opt.zero_grad()
        opt.param_groups[0]["params"][0].grad = torch.zeros(1)
        opt.step()
        if sched is None:
            continue
        if metrics is None:
            sched.step()
        else:
            sched.step(metrics[t])
    return {"lr": lrs, "momentum": moms}


def _setting(params: dict, run: dict, with_momentum: bool = False) -> dict:
    out = {"params": params, "lr": run["lr"]}
    if with_momentum:
        out["momentum"] = run["momentum"]
    return out


def constant(p: dict, steps: int) -> dict:
    opt = _optimizer(p["eta0"])
    if p.get("total_iters", 0) == 0:
        return _setting(p, _run(opt, None, steps))  # no scheduler at all
    return _setting(p, _run(opt, S.ConstantLR(opt, factor=p["factor"], total_iters=p["total_iters"]), steps))


def simple(cls, *keys):
    def make(p: dict, steps: int) -> dict:
        opt = _optimizer(p["eta0"])
        return _setting(p, _run(opt, cls(opt, **{k: p[k] for k in keys if k in p}), steps))
    return make


def warmup_cosine(p: dict, steps: int) -> dict:
    opt = _optimizer(p["eta0"])
    warm = S.LinearLR(opt, start_factor=p["start_factor"], end_factor=1.0, total_iters=p["warmup"])
    cos = S.CosineAnnealingLR(opt, T_max=p["total"] - p["warmup"], eta_min=p["eta_min"])
    return _setting(p, _run(opt, S.SequentialLR(opt, [warm, cos], milestones=[p["warmup"]]), steps))


def linear_warmup_decay(p: dict, steps: int) -> dict:
    """Hugging Face's own function when the warmup starts at 0, else SequentialLR of two LinearLRs
    (LinearLR refuses start_factor=0, so the transformers shape cannot be built from it exactly)."""
    opt = _optimizer(p["eta0"])
    if p.get("start_factor", 0.0) == 0.0:
        from transformers import get_linear_schedule_with_warmup

        sched = get_linear_schedule_with_warmup(opt, num_warmup_steps=p["warmup"], num_training_steps=p["total"])
    else:
        warm = S.LinearLR(opt, start_factor=p["start_factor"], end_factor=1.0, total_iters=p["warmup"])
        down = S.LinearLR(opt, start_factor=1.0, end_factor=0.0, total_iters=p["total"] - p["warmup"])
        sched = S.SequentialLR(opt, [warm, down], milestones=[p["warmup"]])
    return _setting(p, _run(opt, sched, steps))


def wsd(p: dict, steps: int) -> dict:
    """SequentialLR: LinearLR warmup, a ConstantLR with factor 1 (the stable phase), then LinearLR or
    ExponentialLR (MiniCPM's half-life form) for the decay. LinearLR needs start_factor > 0."""
    opt = _optimizer(p["eta0"])
    w, st = p["warmup"], p["stable"]
    warm = S.LinearLR(opt, start_factor=p.get("start_factor", 0.0), end_factor=1.0, total_iters=w)
    hold = S.ConstantLR(opt, factor=1.0, total_iters=0)
    if p.get("half_life") is None:
        down = S.LinearLR(opt, start_factor=1.0, end_factor=p.get("end_factor", 0.0), total_iters=p["decay"])
    else:
        down = S.ExponentialLR(opt, gamma=0.5 ** (1.0 / p["half_life"]))
    return _setting(p, _run(opt, S.SequentialLR(opt, [warm, hold, down], milestones=[w, w + st]), steps))


def one_cycle(p: dict, steps: int) -> dict:
    opt = _optimizer(0.5, momentum=0.9)  # OneCycleLR overrides both
    kw = {k: v for k, v in p.items()}
    return _setting(p, _run(opt, S.OneCycleLR(opt, **kw), steps), with_momentum=True)


def inverse_sqrt(p: dict, steps: int) -> dict:
    d, w = p["d_model"], p["warmup"]
    opt = _optimizer(p.get("eta0", 1.0))
    # Vaswani et al. count steps from 1; LambdaLR's counter starts at 0, hence t + 1
    sched = S.LambdaLR(opt, lambda t: d ** -0.5 * min((t + 1) ** -0.5, (t + 1) * w ** -1.5))
    return _setting(p, _run(opt, sched, steps))


def cyclic(p: dict, steps: int) -> dict:
    opt = _optimizer(0.5, momentum=0.9)  # CyclicLR overrides both
    return _setting(p, _run(opt, S.CyclicLR(opt, **p), steps), with_momentum=True)


def plateau(p: dict, steps: int) -> dict:
    opt = _optimizer(p["eta0"])
    kw = {k: v for k, v in p.items() if k not in ("eta0", "metrics")}
    return _setting(p, _run(opt, S.ReduceLROnPlateau(opt, **kw), steps, metrics=p["metrics"]))


def _plateau_metrics() -> list[float]:
    # a validation loss that falls, stalls, falls again, then stalls for good
    fall = [round(0.4 + 0.6 * math.exp(-k / 6), 6) for k in range(20)]
    stall = [round(fall[-1] + 0.003 * ((k * 5) % 3), 6) for k in range(20)]
    again = [round(stall[0] - 0.01 * (k + 1), 6) for k in range(10)]
    flat = [round(again[-1] + 0.002 * ((k * 7) % 4), 6) for k in range(70)]
    return fall + stall + again + flat


CASES = {
    "constant": (constant, [({"eta0": 0.1}, 100),
                            ({"eta0": 0.1, "factor": 1.0 / 3, "total_iters": 5}, 100),
                            ({"eta0": 0.05, "factor": 0.5, "total_iters": 40}, 120)]),
    "step": (simple(S.StepLR, "step_size", "gamma"), [({"eta0": 0.1, "step_size": 30}, 120),
                                                      ({"eta0": 0.05, "step_size": 7, "gamma": 0.5}, 150)]),
    "multistep": (simple(S.MultiStepLR, "milestones", "gamma"),
                  [({"eta0": 0.1, "milestones": [30, 80]}, 120),
                   ({"eta0": 0.2, "milestones": [10, 10, 50, 75], "gamma": 0.5}, 150)]),
    "exponential": (simple(S.ExponentialLR, "gamma"), [({"eta0": 0.1, "gamma": 0.95}, 150),
                                                       ({"eta0": 1.0, "gamma": 0.99}, 300)]),
    "polynomial": (simple(S.PolynomialLR, "total_iters", "power"),
                   [({"eta0": 0.1, "total_iters": 5}, 100),
                    ({"eta0": 0.1, "total_iters": 80, "power": 2.0}, 120),
                    ({"eta0": 0.05, "total_iters": 150, "power": 0.9}, 200)]),
    "cosine": (simple(S.CosineAnnealingLR, "T_max", "eta_min"),
               [({"eta0": 0.1, "T_max": 100}, 101),
                ({"eta0": 0.1, "T_max": 50, "eta_min": 0.001}, 200)]),
    "cosine-restarts": (simple(S.CosineAnnealingWarmRestarts, "T_0", "T_mult", "eta_min"),
                        [({"eta0": 0.1, "T_0": 25}, 120),
                         ({"eta0": 0.1, "T_0": 10, "T_mult": 2, "eta_min": 0.001}, 300)]),
    "warmup-cosine": (warmup_cosine, [({"eta0": 0.1, "warmup": 10, "total": 100, "start_factor": 0.01,
                                        "eta_min": 0.0}, 100),
                                       ({"eta0": 0.003, "warmup": 40, "total": 250, "start_factor": 0.1,
                                         "eta_min": 1e-5}, 250)]),
    "linear-warmup-decay": (linear_warmup_decay, [({"eta0": 0.1, "warmup": 10, "total": 100}, 120),
                                                   ({"eta0": 5e-5, "warmup": 30, "total": 200}, 220),
                                                   ({"eta0": 0.01, "warmup": 20, "total": 150, "start_factor": 0.1},
                                                    180)]),
    "wsd": (wsd, [({"eta0": 0.1, "warmup": 10, "stable": 70, "decay": 20, "start_factor": 0.01, "end_factor": 0.0}, 120),
                  ({"eta0": 0.003, "warmup": 25, "stable": 150, "decay": 40, "start_factor": 0.1, "end_factor": 0.1},
                   250),
                  ({"eta0": 0.01, "warmup": 20, "stable": 100, "decay": 0, "start_factor": 0.05, "half_life": 15.0},
                   200)]),
    "one-cycle": (one_cycle, [({"max_lr": 0.1, "total_steps": 200}, 200),
                              ({"max_lr": 1.0, "total_steps": 150, "pct_start": 0.25, "anneal_strategy": "linear",
                                "div_factor": 10.0, "final_div_factor": 100.0, "three_phase": True,
                                "base_momentum": 0.8, "max_momentum": 0.9}, 150)]),
    "inverse-sqrt": (inverse_sqrt, [({"d_model": 512, "warmup": 50}, 200),
                                    ({"d_model": 64, "warmup": 100, "eta0": 2.0}, 300)]),
    "cyclic": (cyclic, [({"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 20}, 200),
                        ({"base_lr": 0.001, "max_lr": 0.006, "step_size_up": 15, "step_size_down": 35,
                          "mode": "triangular2"}, 250),
                        ({"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 25, "mode": "exp_range",
                          "gamma": 0.99, "base_momentum": 0.85, "max_momentum": 0.95}, 200)]),
    "plateau": (plateau, [({"eta0": 0.1, "metrics": _plateau_metrics(), "factor": 0.5, "patience": 5}, 120),
                          ({"eta0": 0.1, "metrics": _plateau_metrics(), "factor": 0.2, "patience": 3, "cooldown": 4,
                            "threshold": 0.01, "threshold_mode": "abs", "min_lr": 0.001}, 120)]),
}


def generate() -> dict:
    torch.set_default_dtype(torch.float64)
    return {name: [make(dict(params), steps) for params, steps in settings]
            for name, (make, settings) in CASES.items()}
