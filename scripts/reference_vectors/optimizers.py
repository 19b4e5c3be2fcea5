"""PyTorch reference trajectories for the optimizers page (float64, single-tensor code path).

Each member runs ``STEPS`` steps of ``torch.optim.<Class>(..., foreach=False)`` on two fixed 2-D
functions written here in torch (the gradient comes from autograd, not from the NumPy code), once
without and once with weight decay, plus member-specific option cases; the parameters after every
step are recorded. ``torch.optim`` has no Lion in 2.13, so Lion is implemented below in torch from
Algorithm 2 of Chen et al. (2023), "Symbolic Discovery of Optimization Algorithms". ``torch.optim.Muon``
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


class Lion(torch.optim.Optimizer):
    """Lion, Algorithm 2 of Chen et al. 2023 (decoupled weight decay scaled by lr, as in the paper)."""

    def __init__(self, params, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0):
        super().__init__(params, {"lr": lr, "betas": betas, "weight_decay": weight_decay})

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state["exp_avg"] = torch.zeros_like(p)
                m = state["exp_avg"]
                c = m * beta1 + p.grad * (1 - beta1)
                p.mul_(1 - group["lr"] * group["weight_decay"])
                p.add_(torch.sign(c), alpha=-group["lr"])
                m.mul_(beta2).add_(p.grad, alpha=1 - beta2)


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
}
MATRIX_ONLY = {"Muon"}  # these need a 2-D parameter: theta runs as a 1 x 2 matrix
WEIGHT_DECAY = 0.1
REFERENCE_IMPLEMENTED = {"Lion": Lion}


def trajectory(cls_name: str, settings: dict, function: str, lr: float, options: dict) -> list[list[float]]:
    p = torch.tensor(START[function], dtype=torch.float64)
    if cls_name in MATRIX_ONLY:
        p = p.reshape(1, 2)
    p.requires_grad_(True)
    kwargs = {**settings, **options, "lr": lr}
    if "betas" in kwargs:
        kwargs["betas"] = tuple(kwargs["betas"])
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
