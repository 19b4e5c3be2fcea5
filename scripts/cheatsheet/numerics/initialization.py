r"""Weight initialization as PyTorch's ``torch.nn.init`` computes it, plus parameter counts
for parameter-efficient fine-tuning (LoRA).

Shapes follow PyTorch: a weight of shape ``(out, in, *kernel)``, so that
$\text{fan\_in} = \text{in} \cdot \prod \text{kernel}$ and
$\text{fan\_out} = \text{out} \cdot \prod \text{kernel}$.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from .activations import relu, tanh

Array = np.ndarray

LINEAR_LIKE = (
    "linear", "conv1d", "conv2d", "conv3d",
    "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
)


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    r"""Recommended gain $g$ per non-linearity, as ``torch.nn.init.calculate_gain``:
    linear/conv/sigmoid $1$, tanh $\frac{5}{3}$, ReLU $\sqrt{2}$,
    leaky ReLU $\sqrt{\frac{2}{1 + a^2}}$ (negative slope $a$, default $0.01$), SELU $\frac{3}{4}$.
    """
    if nonlinearity in LINEAR_LIKE or nonlinearity == "sigmoid":
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3.0
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        a = 0.01 if param is None else float(param)
        return math.sqrt(2.0 / (1.0 + a * a))
    if nonlinearity == "selu":
        return 3.0 / 4.0
    raise ValueError(f"unsupported nonlinearity {nonlinearity!r}")


def fan_in_and_fan_out(shape: Sequence[int]) -> tuple[int, int]:
    r"""$\text{fan\_in} = n_\text{in} \cdot k$, $\text{fan\_out} = n_\text{out} \cdot k$ for a weight of
    shape $(n_\text{out}, n_\text{in}, \dots)$, where $k$ is the product of the kernel dimensions."""
    if len(shape) < 2:
        raise ValueError("fan_in and fan_out need a tensor with at least 2 dimensions")
    receptive = math.prod(shape[2:]) if len(shape) > 2 else 1
    return shape[1] * receptive, shape[0] * receptive


def xavier_normal_std(fan_in: int, fan_out: int, gain: float = 1.0) -> float:
    r"""Glorot/Xavier: $\operatorname{std} = g\sqrt{\frac{2}{\text{fan\_in} + \text{fan\_out}}}$."""
    return gain * math.sqrt(2.0 / (fan_in + fan_out))


def xavier_uniform_bound(fan_in: int, fan_out: int, gain: float = 1.0) -> float:
    r"""Glorot/Xavier uniform $\mathcal{U}(-b, b)$ with $b = g\sqrt{\frac{6}{\text{fan\_in} + \text{fan\_out}}}$
    (so that $b^2/3 = g^2 \cdot \frac{2}{\text{fan\_in} + \text{fan\_out}}$)."""
    return gain * math.sqrt(6.0 / (fan_in + fan_out))


def kaiming_normal_std(fan: int, gain: float = math.sqrt(2.0)) -> float:
    r"""He/Kaiming: $\operatorname{std} = \frac{g}{\sqrt{\text{fan}}}$, $\text{fan}$ = fan_in (default) or fan_out."""
    return gain / math.sqrt(fan)


def kaiming_uniform_bound(fan: int, gain: float = math.sqrt(2.0)) -> float:
    r"""He/Kaiming uniform $\mathcal{U}(-b, b)$ with $b = g\sqrt{\frac{3}{\text{fan}}}$."""
    return gain * math.sqrt(3.0 / fan)


def linear_default_bound(fan_in: int) -> float:
    r"""``nn.Linear``'s default weight init, ``kaiming_uniform_(w, a=math.sqrt(5))``:
    $g = \sqrt{\frac{2}{1 + 5}} = \frac{1}{\sqrt{3}}$, hence $b = g\sqrt{\frac{3}{\text{fan\_in}}} = \frac{1}{\sqrt{\text{fan\_in}}}$."""
    return kaiming_uniform_bound(fan_in, calculate_gain("leaky_relu", math.sqrt(5.0)))


def init_std(scheme: str, fan_in: int, fan_out: int, gain: float = 1.0, mode: str = "fan_in") -> float:
    r"""Standard deviation of the weights a scheme draws; a uniform $\mathcal{U}(-b, b)$ has
    $\operatorname{std} = b / \sqrt{3}$."""
    fan = fan_in if mode == "fan_in" else fan_out
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"mode must be 'fan_in' or 'fan_out', not {mode!r}")
    if scheme in ("xavier_normal", "xavier_uniform"):
        return xavier_normal_std(fan_in, fan_out, gain)
    if scheme in ("kaiming_normal", "kaiming_uniform"):
        return kaiming_normal_std(fan, gain)
    if scheme == "linear_default":
        return linear_default_bound(fan_in) / math.sqrt(3.0)
    raise ValueError(f"unknown scheme {scheme!r}")


def sample_weights(shape: Sequence[int], scheme: str, rng: np.random.Generator, *,
                   gain: float = 1.0, mode: str = "fan_in", std: float | None = None) -> Array:
    r"""Draw a weight of ``shape`` (PyTorch layout) with one scheme:
    ``xavier_uniform``, ``xavier_normal``, ``kaiming_uniform``, ``kaiming_normal``,
    ``linear_default`` ($\mathcal{U}(\pm 1/\sqrt{\text{fan\_in}})$), or ``normal`` with a fixed ``std``."""
    fan_in, fan_out = fan_in_and_fan_out(shape)
    if scheme == "normal":
        if std is None:
            raise ValueError("scheme 'normal' needs std")
        return rng.normal(0.0, std, shape)
    s = init_std(scheme, fan_in, fan_out, gain, mode)
    if scheme.endswith("uniform") or scheme == "linear_default":
        b = math.sqrt(3.0) * s
        return rng.uniform(-b, b, shape)
    return rng.normal(0.0, s, shape)


def activation_stds(scheme: str, activation: str, *, depth: int = 30, width: int = 256,
                    batch: int = 512, gain: float = 1.0, std: float | None = None,
                    seed: int = 0) -> Array:
    r"""Standard deviation of the activations $\mathbf{h}_l = f(\mathbf{W}_l \mathbf{h}_{l-1})$
    after each of ``depth`` square layers (no bias), for a standard-normal input batch.

    Returns an array of length ``depth + 1`` whose entry 0 is the input's std.
    """
    f = {"relu": relu, "tanh": tanh, "linear": lambda z: z}[activation]
    rng = np.random.default_rng(seed)
    h = rng.standard_normal((batch, width))
    out = [float(h.std())]
    for _ in range(depth):
        W = sample_weights((width, width), scheme, rng, gain=gain, std=std)
        h = f(h @ W.T)
        out.append(float(h.std()))
    return np.array(out)


def lora_param_count(d: int, k: int, r: int) -> int:
    r"""Trainable parameters of a LoRA update $\Delta\mathbf{W} = \mathbf{B}\mathbf{A}$ with
    $\mathbf{B} \in \R^{d \times r}$, $\mathbf{A} \in \R^{r \times k}$: $r(d + k)$."""
    if not 1 <= r <= min(d, k):
        raise ValueError("rank r must satisfy 1 <= r <= min(d, k)")
    return r * (d + k)


def lora_fraction(d: int, k: int, r: int) -> float:
    r"""LoRA's trainable parameters relative to full fine-tuning of $\mathbf{W}_0 \in \R^{d \times k}$:
    $\frac{r(d + k)}{dk}$."""
    return lora_param_count(d, k, r) / (d * k)
