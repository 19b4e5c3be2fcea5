"""PyTorch reference trajectories for the optimizers page (float64, single-tensor code path).

Each member runs ``STEPS`` steps of ``torch.optim.<Class>(..., foreach=False)`` on two fixed 2-D
functions written here in torch (the gradient comes from autograd, not from the NumPy code), once
without and once with weight decay, plus member-specific option cases; the parameters after every
step are recorded. ``torch.optim`` has no Lion in 2.13, so Lion is implemented below in torch from
Algorithm 2 of Chen et al. (2023), "Symbolic Discovery of Optimization Algorithms". ``torch.optim.Muon``
LAMB (You et al. 2020) and LARS (You et al. 2017) are not in torch.optim either: both are written
below in torch from the papers' algorithms, independently of the NumPy code. ``torch.optim.Muon``
accepts only 2-D parameters, so its runs hold theta as a 1 x 2 matrix.
"""

from __future__ import annotations

import torch

STEPS = 25
START = {"quadratic": [-2.5, -1.0], "rosenbrock": [-1.2, 1.0]}


def quadratic(p: torch.Tensor) -> torch.Tensor:
    x, y = p[0], p[1]
    return 0.25 * ((x + y) ** 2 + 20.0 * (x - y) ** 2)


def rosenbrock(p: torch.Tensor) -> torch.Tensor:
    x, y = p[0], p[1]
    return (1.0 - x) ** 2 + 100.0 * (y - x**2) ** 2


FUNCTIONS = {"quadratic": quadratic, "rosenbrock": rosenbrock}


class PerTensor(torch.optim.Optimizer):
    """An optimizer that updates each tensor on its own: ``update`` is called for every
    parameter with a gradient, with its group's settings and its state."""

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    self.update(p, group, self.state[p])

    def update(self, p: torch.Tensor, group: dict, state: dict) -> None:
        raise NotImplementedError


class Lion(PerTensor):
    """Lion, Algorithm 2 of Chen et al. 2023 (decoupled weight decay scaled by lr, as in the paper)."""

    def __init__(self, params, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0):
        super().__init__(params, {"lr": lr, "betas": betas, "weight_decay": weight_decay})

    def update(self, p, group, state):
        beta1, beta2 = group["betas"]
        if not state:
            state["exp_avg"] = torch.zeros_like(p)
        m = state["exp_avg"]
        c = m * beta1 + p.grad * (1 - beta1)
        p.mul_(1 - group["lr"] * group["weight_decay"])
        p.add_(torch.sign(c), alpha=-group["lr"])
        m.mul_(beta2).add_(p.grad, alpha=1 - beta2)


class LAMB(PerTensor):
    """LAMB, Algorithm 2 of You et al. 2020 ("Large Batch Optimization for Deep Learning"), per tensor.

    phi is the identity or a clip of the weight norm to ``trust_clip``; the trust ratio is 1 when a norm
    is zero; ``layer_adaptation=False`` (biases, norm gains in practice) skips the ratio.
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-6, weight_decay=0.0, trust_clip=None,
                 layer_adaptation=True):
        super().__init__(params, {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay,
                                  "trust_clip": trust_clip, "layer_adaptation": layer_adaptation})

    def update(self, p, group, state):
        beta1, beta2 = group["betas"]
        if not state:
            state.update(t=0, m=torch.zeros_like(p), v=torch.zeros_like(p))
        state["t"] += 1
        t = state["t"]
        state["m"].mul_(beta1).add_(p.grad, alpha=1 - beta1)
        state["v"].mul_(beta2).addcmul_(p.grad, p.grad, value=1 - beta2)
        m_hat = state["m"] / (1 - beta1**t)
        v_hat = state["v"] / (1 - beta2**t)
        r = m_hat / (v_hat.sqrt() + group["eps"]) + group["weight_decay"] * p
        ratio = torch.ones((), dtype=p.dtype)
        if group["layer_adaptation"]:
            w_norm, r_norm = torch.linalg.vector_norm(p), torch.linalg.vector_norm(r)
            phi = w_norm if group["trust_clip"] is None else w_norm.clamp(*group["trust_clip"])
            if w_norm > 0 and r_norm > 0:
                ratio = phi / r_norm
        p.sub_(group["lr"] * ratio * r)


class LARS(PerTensor):
    """LARS, Algorithm 1 of You et al. 2017 ("Large Batch Training of Convolutional Networks"), per tensor.

    Local lr = trust_coefficient * |w| / (|g| + wd |w| + eps), inside the momentum; 1 when a norm is zero
    or with ``layer_adaptation=False``.
    """

    def __init__(self, params, lr=0.1, momentum=0.9, weight_decay=0.0, trust_coefficient=1e-3, eps=0.0,
                 layer_adaptation=True):
        super().__init__(params, {"lr": lr, "momentum": momentum, "weight_decay": weight_decay,
                                  "trust_coefficient": trust_coefficient, "eps": eps,
                                  "layer_adaptation": layer_adaptation})

    def update(self, p, group, state):
        wd = group["weight_decay"]
        w_norm, g_norm = torch.linalg.vector_norm(p), torch.linalg.vector_norm(p.grad)
        local = 1.0
        if group["layer_adaptation"] and w_norm > 0 and g_norm > 0:
            local = group["trust_coefficient"] * w_norm / (g_norm + wd * w_norm + group["eps"])
        v_new = group["lr"] * local * (p.grad + wd * p)
        if "v" in state:
            v_new = v_new + group["momentum"] * state["v"]
        state["v"] = v_new
        p.sub_(v_new)


# member -> (class, settings that define the member, learning rate per function, extra option cases)
MEMBERS = {
    "sgd": ("SGD", {}, {"quadratic": 0.05, "rosenbrock": 0.001}, {}),
    "momentum": ("SGD", {"momentum": 0.9}, {"quadratic": 0.01, "rosenbrock": 0.001},
                 {"dampening": {"dampening": 0.5}}),
    "nesterov": ("SGD", {"momentum": 0.9, "nesterov": True}, {"quadratic": 0.05, "rosenbrock": 0.001},
                 {"momentum-0.5": {"momentum": 0.5}}),
    "adagrad": ("Adagrad", {}, {"quadratic": 1.0, "rosenbrock": 0.5},
                {"lr-decay-init": {"lr_decay": 0.1, "initial_accumulator_value": 0.1}}),
    "adadelta": ("Adadelta", {}, {"quadratic": 1.0, "rosenbrock": 1.0}, {"rho-0.5": {"rho": 0.5}}),
    "rmsprop": ("RMSprop", {}, {"quadratic": 0.2, "rosenbrock": 0.05}, {"momentum": {"momentum": 0.5}}),
    "rmsprop-centered": ("RMSprop", {"centered": True}, {"quadratic": 0.2, "rosenbrock": 0.05},
                         {"momentum": {"momentum": 0.5}}),
    "adam": ("Adam", {}, {"quadratic": 1.0, "rosenbrock": 0.1}, {"amsgrad": {"amsgrad": True}}),
    "adamw": ("AdamW", {}, {"quadratic": 1.0, "rosenbrock": 0.1}, {"amsgrad": {"amsgrad": True}}),
    "nadam": ("NAdam", {}, {"quadratic": 0.5, "rosenbrock": 0.1},
              {"decoupled": {"decoupled_weight_decay": True, "weight_decay": 0.1}}),
    "radam": ("RAdam", {}, {"quadratic": 0.1, "rosenbrock": 0.001},
              {"decoupled": {"decoupled_weight_decay": True, "weight_decay": 0.1}}),
    "adamax": ("Adamax", {}, {"quadratic": 1.0, "rosenbrock": 0.1}, {"betas": {"betas": [0.8, 0.9]}}),
    "lion": ("Lion", {}, {"quadratic": 0.2, "rosenbrock": 0.02}, {"betas": {"betas": [0.95, 0.98]}}),
    "adafactor": ("Adafactor", {}, {"quadratic": 0.2, "rosenbrock": 0.1},
                  {"beta2-decay-d": {"beta2_decay": -0.5, "d": 2.0}}),
    "muon": ("Muon", {}, {"quadratic": 0.1, "rosenbrock": 0.02},
             {"no-nesterov": {"nesterov": False, "momentum": 0.9}}),
    "lamb": ("LAMB", {}, {"quadratic": 0.1, "rosenbrock": 0.02},
             {"trust-clip": {"trust_clip": [0.5, 2.0]}, "no-adaptation": {"layer_adaptation": False}}),
    "lars": ("LARS", {}, {"quadratic": 100.0, "rosenbrock": 10.0},  # trust coefficient 1e-3: lr * 1e-3 is the step
             {"eps-no-momentum": {"eps": 1.0, "momentum": 0.0}}),
}
MATRIX_ONLY = {"Muon"}  # these need a 2-D parameter: theta runs as a 1 x 2 matrix
WEIGHT_DECAY = 0.1
REFERENCE_IMPLEMENTED = {"Lion": Lion, "LAMB": LAMB, "LARS": LARS}


def trajectory(cls_name: str, settings: dict, function: str, lr: float, options: dict) -> list[list[float]]:
    p = torch.tensor(START[function], dtype=torch.float64)
    if cls_name in MATRIX_ONLY:
        p = p.reshape(1, 2)
    p.requires_grad_(True)
    kwargs = {**settings, **options, "lr": lr}
    for key in ("betas", "trust_clip"):
        if kwargs.get(key) is not None:
            kwargs[key] = tuple(kwargs[key])
    if cls_name in REFERENCE_IMPLEMENTED:
        opt = REFERENCE_IMPLEMENTED[cls_name]([p], **kwargs)
    elif cls_name in MATRIX_ONLY:
        opt = getattr(torch.optim, cls_name)([p], **kwargs)  # Muon has no foreach path
    else:
        opt = getattr(torch.optim, cls_name)([p], foreach=False, **kwargs)
    path = []
    for _ in range(STEPS):
        opt.zero_grad()
        FUNCTIONS[function](p.reshape(2)).backward()
        opt.step()
        path.append(p.detach().reshape(2).tolist())
    return path


def generate() -> dict:
    members = {}
    for name, (cls_name, settings, lrs, extras) in MEMBERS.items():
        cases = {}
        for function, lr in lrs.items():
            variants = {"plain": {"weight_decay": 0.0}, "weight-decay": {"weight_decay": WEIGHT_DECAY}}
            if function == "quadratic":
                variants.update(extras)
            for label, options in variants.items():
                cases[f"{function}/{label}"] = {
                    "function": function,
                    "start": START[function],
                    "lr": lr,
                    "options": options,
                    "params": trajectory(cls_name, settings, function, lr, options),
                }
        members[name] = {"torch_class": cls_name, "settings": settings, "cases": cases}
    return {"steps": STEPS, "members": members}
