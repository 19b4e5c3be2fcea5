"""PyTorch reference values for the activation functions (float64).

Element-wise members: value and autograd derivative on a shared grid that includes every
kink (0, ±3, 6), the Softplus threshold (20), tiny |x| (1e-8) and large |x| (30, 100).
Vector members (softmax, log-softmax): value, Jacobian-vector product (forward mode) and
vector-Jacobian product (reverse mode) on a few logit vectors, including huge logits.
A few non-default parameters are recorded too, so the parameter handling is checked.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

GRID = [-100.0, -30.0, -20.5, -6.0, -3.0, -2.5, -1.5, -1.0, -0.75, -0.5, -1e-8, 0.0, 1e-8,
        0.25, 0.5, 1.0, 1.5, 2.5, 3.0, 4.0, 6.0, 7.5, 20.0, 20.5, 30.0, 100.0]

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def _prelu(x: torch.Tensor, weight: float = 0.25) -> torch.Tensor:
    return F.prelu(x, torch.tensor([weight]))


ELEMENTWISE = {
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": F.relu,
    "leaky-relu": F.leaky_relu,
    "prelu": _prelu,
    "relu6": F.relu6,
    "elu": F.elu,
    "selu": F.selu,
    "celu": F.celu,
    "gelu": F.gelu,
    "gelu-tanh": lambda x: F.gelu(x, approximate="tanh"),
    "silu": F.silu,
    "mish": F.mish,
    "softplus": F.softplus,
    "softsign": F.softsign,
    "hardsigmoid": F.hardsigmoid,
    "hardswish": F.hardswish,
    "relu-squared": lambda x: F.relu(x) ** 2,  # Primer's squared ReLU, as an explicit composition
}


def _halves(x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    a, b = x.chunk(2, dim=-1)
    return a, b


# Gated units on x = [a, b] (split along the last axis, first half a): F.glu itself, the others as the
# compositions Shazeer (2020) defines, written with torch ops.
GATED = {
    "glu": lambda x: F.glu(x, dim=-1),
    "reglu": lambda x: _halves(x)[0] * F.relu(_halves(x)[1]),
    "geglu": lambda x: _halves(x)[0] * F.gelu(_halves(x)[1]),
    "swiglu": lambda x: _halves(x)[0] * F.silu(_halves(x)[1]),
}
GATE_A = [-2.0, -0.5, 0.0, 1.0, 3.0]
GATE_B = [-30.0, -3.0, -1.0, -1e-8, 0.0, 1e-8, 0.5, 1.0, 3.0, 30.0]

# (member, keyword arguments of the NumPy function, the PyTorch call with those arguments)
PARAMETERISED = [
    ("leaky-relu", {"negative_slope": 0.2}, lambda x: F.leaky_relu(x, negative_slope=0.2)),
    ("prelu", {"a": -0.5}, lambda x: _prelu(x, -0.5)),
    ("elu", {"alpha": 0.5}, lambda x: F.elu(x, alpha=0.5)),
    ("celu", {"alpha": 2.0}, lambda x: F.celu(x, alpha=2.0)),
    ("softplus", {"beta": 2.0}, lambda x: F.softplus(x, beta=2.0)),
    ("softplus", {"beta": 0.5, "threshold": 5.0}, lambda x: F.softplus(x, beta=0.5, threshold=5.0)),
]

LOGITS = [
    [1.0, 2.0, 3.0],
    [0.0, 0.0, 0.0, 0.0],
    [2.0, 1.0, 0.1, -1.0, -3.0],
    [1000.0, 1001.0, 1002.0],
    [-100.0, 0.0, 100.0, 50.0],
]


def _value_and_grad(fn, xs: list[float]) -> tuple[list[float], list[float]]:
    x = torch.tensor(xs, dtype=torch.float64, requires_grad=True)
    y = fn(x)
    (g,) = torch.autograd.grad(y.sum(), x)  # element-wise: the sum's gradient is f'(x)
    return y.detach().tolist(), g.tolist()


def _vector_member(fn) -> list[dict]:
    cases = []
    gen = torch.Generator().manual_seed(1)
    for logits in LOGITS:
        z = torch.tensor(logits, dtype=torch.float64)
        v = torch.randn(z.shape, generator=gen, dtype=torch.float64)
        u = torch.randn(z.shape, generator=gen, dtype=torch.float64)
        y, jvp = torch.func.jvp(fn, (z,), (v,))
        _, vjp_fn = torch.func.vjp(fn, z)
        (vjp,) = vjp_fn(u)
        jac = torch.autograd.functional.jacobian(fn, z)
        cases.append({"z": logits, "f": y.tolist(), "v": v.tolist(), "jvp": jvp.tolist(),
                      "u": u.tolist(), "vjp": vjp.tolist(), "jacobian": jac.tolist()})
    return cases


def generate() -> dict:
    members: dict[str, dict] = {}
    for name, fn in ELEMENTWISE.items():
        f, df = _value_and_grad(fn, GRID)
        members[name] = {"x": GRID, "f": f, "df": df}

    # PReLU's gradient with respect to its weight, one weight per element (channel dim = 1)
    x = torch.tensor([GRID], dtype=torch.float64)
    w = torch.full((len(GRID),), 0.25, dtype=torch.float64, requires_grad=True)
    (gw,) = torch.autograd.grad(F.prelu(x, w).sum(), w)
    members["prelu"]["dweight"] = gw.tolist()

    pairs = [[a, b] for a in GATE_A for b in GATE_B]  # rows [a_i, b_i]: one output per row
    wide = torch.randn(3, 8, generator=torch.Generator().manual_seed(2), dtype=torch.float64) * 2.0
    for name, fn in GATED.items():
        cases = []
        for xs in (pairs, wide.tolist()):
            x = torch.tensor(xs, dtype=torch.float64, requires_grad=True)
            y = fn(x)
            (g,) = torch.autograd.grad(y.sum(), x)  # each output depends on one a_i and one b_i
            cases.append({"x": xs, "f": y.detach().tolist(), "df": g.tolist()})
        members[name] = {"cases": cases}
    x = torch.tensor(pairs, dtype=torch.float64)
    glu_module = torch.nn.GLU()(x).tolist()

    # a SwiGLU / GEGLU feed-forward block with separate projections W, V, W2 (no biases), as in Llama
    gen = torch.Generator().manual_seed(3)
    d, d_ff = 6, 16
    xf = torch.randn(4, d, generator=gen, dtype=torch.float64)
    W, V = (torch.randn(d, d_ff, generator=gen, dtype=torch.float64) / d**0.5 for _ in range(2))
    W2 = torch.randn(d_ff, d, generator=gen, dtype=torch.float64) / d_ff**0.5
    gates = {"glu": torch.sigmoid, "reglu": F.relu, "geglu": F.gelu, "swiglu": F.silu}
    ffn = {name: (gate(xf @ W) * (xf @ V) @ W2).tolist() for name, gate in gates.items()}

    members["softmax"] = {"cases": _vector_member(lambda z: F.softmax(z, dim=-1))}
    members["log-softmax"] = {"cases": _vector_member(lambda z: F.log_softmax(z, dim=-1))}

    parameterised = []
    for name, kwargs, fn in PARAMETERISED:
        f, df = _value_and_grad(fn, GRID)
        parameterised.append({"member": name, "kwargs": kwargs, "x": GRID, "f": f, "df": df})

    temperature = []
    z = torch.tensor([2.0, 1.0, 0.1, -1.0, -3.0], dtype=torch.float64)
    for T in (0.25, 0.5, 1.0, 2.0, 5.0):
        temperature.append({"T": T, "z": z.tolist(), "s": F.softmax(z / T, dim=-1).tolist()})

    dense = torch.linspace(-6.0, 6.0, 1201, dtype=torch.float64)
    gap = (F.gelu(dense) - F.gelu(dense, approximate="tanh")).abs()
    return {
        "members": members,
        "parameterised": parameterised,
        "softmax_temperature": temperature,
        "gelu_tanh_max_abs_diff": {"window": [-6.0, 6.0], "points": 1201, "max": gap.max().item(),
                                   "at": abs(dense[gap.argmax()].item())},
        "selu_constants": {"alpha": SELU_ALPHA, "scale": SELU_SCALE},
        "glu_module": {"x": pairs, "f": glu_module},
        "gated_ffn": {"x": xf.tolist(), "W": W.tolist(), "V": V.tolist(), "W2": W2.tolist(), "out": ffn},
    }
