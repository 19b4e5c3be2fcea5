"""Activation functions f(x) and their derivatives f'(x), on NumPy arrays.

Element-wise members take and return arrays of any shape; the two vector members
(softmax, log-softmax) act along the last axis and their "derivative" is the Jacobian.
Parameterised members default to PyTorch's defaults, and every derivative follows
PyTorch's autograd convention at the points where f is not differentiable (stated in
each docstring).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Array = np.ndarray

# SELU's constants, exactly as torch.nn.SELU defines them (Klambauer et al., 2017).
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946
# The cubic coefficient and scale of GELU's tanh approximation (Hendrycks & Gimpel, 2016).
GELU_TANH_COEF = 0.044715
SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)

_erfc = np.vectorize(math.erfc, otypes=[float])


def _f(x) -> Array:
    return np.asarray(x, dtype=float)


# --- sigmoid-like ---------------------------------------------------------------------

def sigmoid(x: Array) -> Array:
    r"""Logistic sigmoid: $\sigma(x) = \frac{1}{1 + e^{-x}}$ (computed without overflow)."""
    x = _f(x)
    out = np.empty_like(x)
    pos = x >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
    ex = np.exp(x[~pos])
    out[~pos] = ex / (1.0 + ex)
    return out


def sigmoid_grad(x: Array) -> Array:
    r"""$\sigma'(x) = \sigma(x)\,(1 - \sigma(x))$."""
    s = sigmoid(x)
    return s * (1.0 - s)


def tanh(x: Array) -> Array:
    r"""$\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}$."""
    return np.tanh(_f(x))


def tanh_grad(x: Array) -> Array:
    r"""$\tanh'(x) = 1 - \tanh^2(x)$."""
    return 1.0 - np.tanh(_f(x)) ** 2


# --- rectifiers -----------------------------------------------------------------------

def relu(x: Array) -> Array:
    r"""$\operatorname{ReLU}(x) = \max(0, x)$."""
    return np.maximum(_f(x), 0.0)


def relu_grad(x: Array) -> Array:
    r"""$\operatorname{ReLU}'(x) = \mathbb{1}[x > 0]$ (PyTorch uses 0 at $x = 0$)."""
    return (_f(x) > 0).astype(float)


def leaky_relu(x: Array, negative_slope: float = 0.01) -> Array:
    r"""$\operatorname{LeakyReLU}(x) = \max(0, x) + a \min(0, x)$, with $a = 0.01$ by default."""
    x = _f(x)
    return np.where(x > 0, x, negative_slope * x)


def leaky_relu_grad(x: Array, negative_slope: float = 0.01) -> Array:
    r"""$\operatorname{LeakyReLU}'(x) = \begin{cases} 1 & x > 0 \\ a & x \le 0 \end{cases}$ (so $a$ at $x = 0$)."""
    return np.where(_f(x) > 0, 1.0, negative_slope)


def prelu(x: Array, a: float = 0.25) -> Array:
    r"""$\operatorname{PReLU}(x) = \max(0, x) + a \min(0, x)$, $a$ learned (initialized to $0.25$)."""
    return leaky_relu(x, a)


def prelu_grad(x: Array, a: float = 0.25) -> Array:
    r"""$\frac{\partial\,\operatorname{PReLU}}{\partial x} = \begin{cases} 1 & x > 0 \\ a & x \le 0 \end{cases}$ and $\frac{\partial\,\operatorname{PReLU}}{\partial a} = \min(0, x)$."""
    return leaky_relu_grad(x, a)


def prelu_grad_weight(x: Array, a: float = 0.25) -> Array:
    r"""$\frac{\partial\,\operatorname{PReLU}}{\partial a} = \min(0, x)$ (independent of $a$)."""
    return np.minimum(_f(x), 0.0)


def relu6(x: Array) -> Array:
    r"""$\operatorname{ReLU6}(x) = \min(\max(0, x), 6)$."""
    return np.clip(_f(x), 0.0, 6.0)


def relu6_grad(x: Array) -> Array:
    r"""$\operatorname{ReLU6}'(x) = \mathbb{1}[0 < x < 6]$ (0 at both kinks)."""
    x = _f(x)
    return ((x > 0) & (x < 6)).astype(float)


def relu_squared(x: Array) -> Array:
    r"""$\operatorname{ReLU}^2(x) = \max(0, x)^2$."""
    return np.maximum(_f(x), 0.0) ** 2


def relu_squared_grad(x: Array) -> Array:
    r"""$(\operatorname{ReLU}^2)'(x) = 2\max(0, x)$ (continuous: 0 at $x = 0$ from both sides)."""
    return 2.0 * np.maximum(_f(x), 0.0)


# --- exponential linear units -----------------------------------------------------------

def elu(x: Array, alpha: float = 1.0) -> Array:
    r"""$\operatorname{ELU}(x) = \begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & x \le 0 \end{cases}$."""
    x = _f(x)
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))


def elu_grad(x: Array, alpha: float = 1.0) -> Array:
    r"""$\operatorname{ELU}'(x) = \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}$ (so $\alpha$ at $x = 0$)."""
    x = _f(x)
    return np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0.0)))


def selu(x: Array) -> Array:
    r"""$\operatorname{SELU}(x) = \lambda \begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & x \le 0 \end{cases}$."""
    return SELU_SCALE * elu(x, SELU_ALPHA)


def selu_grad(x: Array) -> Array:
    r"""$\operatorname{SELU}'(x) = \lambda \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}$ (so $\lambda\alpha$ at $x = 0$)."""
    return SELU_SCALE * elu_grad(x, SELU_ALPHA)


def celu(x: Array, alpha: float = 1.0) -> Array:
    r"""$\operatorname{CELU}(x) = \max(0, x) + \min\bigl(0, \alpha (e^{x/\alpha} - 1)\bigr)$."""
    x = _f(x)
    return np.maximum(x, 0.0) + np.minimum(0.0, alpha * np.expm1(np.minimum(x, 0.0) / alpha))


def celu_grad(x: Array, alpha: float = 1.0) -> Array:
    r"""$\operatorname{CELU}'(x) = \begin{cases} 1 & x > 0 \\ e^{x/\alpha} & x \le 0 \end{cases}$."""
    x = _f(x)
    return np.where(x > 0, 1.0, np.exp(np.minimum(x, 0.0) / alpha))


# --- smooth gated units -----------------------------------------------------------------

def std_normal_cdf(x: Array) -> Array:
    r"""$\Phi(x) = \tfrac{1}{2}\operatorname{erfc}(-x/\sqrt{2})$ (accurate in both tails)."""
    return 0.5 * _erfc(-_f(x) / math.sqrt(2.0))


def std_normal_pdf(x: Array) -> Array:
    r"""$\varphi(x) = e^{-x^2/2} / \sqrt{2\pi}$."""
    x = _f(x)
    return np.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi)


def gelu(x: Array) -> Array:
    r"""$\operatorname{GELU}(x) = x\,\Phi(x) = \frac{x}{2}\left(1 + \operatorname{erf}\frac{x}{\sqrt{2}}\right)$."""
    x = _f(x)
    return x * std_normal_cdf(x)


def gelu_grad(x: Array) -> Array:
    r"""$\operatorname{GELU}'(x) = \Phi(x) + x\,\varphi(x)$."""
    x = _f(x)
    return std_normal_cdf(x) + x * std_normal_pdf(x)


def gelu_tanh(x: Array) -> Array:
    r"""$\operatorname{GELU}_{\tanh}(x) = \frac{x}{2}\left(1 + \tanh u\right)$, $u = \sqrt{2/\pi}\,(x + 0.044715\,x^3)$."""
    x = _f(x)
    return 0.5 * x * (1.0 + np.tanh(SQRT_2_OVER_PI * (x + GELU_TANH_COEF * x**3)))


def gelu_tanh_grad(x: Array) -> Array:
    r"""$\operatorname{GELU}_{\tanh}'(x) = \frac{1}{2}(1 + \tanh u) + \frac{x}{2}(1 - \tanh^2 u)\sqrt{2/\pi}\,(1 + 3 \cdot 0.044715\,x^2)$."""
    x = _f(x)
    t = np.tanh(SQRT_2_OVER_PI * (x + GELU_TANH_COEF * x**3))
    return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * SQRT_2_OVER_PI * (1.0 + 3.0 * GELU_TANH_COEF * x * x)


def silu(x: Array) -> Array:
    r"""$\operatorname{SiLU}(x) = x\,\sigma(x)$."""
    x = _f(x)
    return x * sigmoid(x)


def silu_grad(x: Array) -> Array:
    r"""$\operatorname{SiLU}'(x) = \sigma(x)\,\bigl(1 + x\,(1 - \sigma(x))\bigr)$."""
    x = _f(x)
    s = sigmoid(x)
    return s * (1.0 + x * (1.0 - s))


def softplus(x: Array, beta: float = 1.0, threshold: float = 20.0) -> Array:
    r"""$\operatorname{Softplus}(x) = \begin{cases} \frac{1}{\beta}\log(1 + e^{\beta x}) & \beta x \le \tau \\ x & \beta x > \tau \end{cases}$, threshold $\tau = 20$."""
    x = _f(x)
    return np.where(beta * x > threshold, x, np.logaddexp(0.0, beta * x) / beta)


def softplus_grad(x: Array, beta: float = 1.0, threshold: float = 20.0) -> Array:
    r"""$\operatorname{Softplus}'(x) = \begin{cases} \sigma(\beta x) & \beta x \le \tau \\ 1 & \beta x > \tau \end{cases}$."""
    x = _f(x)
    return np.where(beta * x > threshold, 1.0, sigmoid(beta * x))


def mish(x: Array) -> Array:
    r"""$\operatorname{Mish}(x) = x \tanh\bigl(\ln(1 + e^{x})\bigr)$."""
    x = _f(x)
    return x * np.tanh(np.logaddexp(0.0, x))


def mish_grad(x: Array) -> Array:
    r"""$\operatorname{Mish}'(x) = \tanh(s) + x\,(1 - \tanh^2 s)\,\sigma(x)$, $s = \ln(1 + e^{x})$."""
    x = _f(x)
    t = np.tanh(np.logaddexp(0.0, x))
    return t + x * (1.0 - t * t) * sigmoid(x)


def softsign(x: Array) -> Array:
    r"""$\operatorname{Softsign}(x) = \frac{x}{1 + \vert x \vert}$."""
    x = _f(x)
    return x / (1.0 + np.abs(x))


def softsign_grad(x: Array) -> Array:
    r"""$\operatorname{Softsign}'(x) = \frac{1}{(1 + \vert x \vert)^2}$."""
    return 1.0 / (1.0 + np.abs(_f(x))) ** 2


def hardsigmoid(x: Array) -> Array:
    r"""$\operatorname{Hardsigmoid}(x) = \frac{\operatorname{ReLU6}(x + 3)}{6} = \min\bigl(\max(0, \tfrac{x}{6} + \tfrac{1}{2}), 1\bigr)$."""
    return relu6(_f(x) + 3.0) / 6.0


def hardsigmoid_grad(x: Array) -> Array:
    r"""$\operatorname{Hardsigmoid}'(x) = \tfrac{1}{6}\,\mathbb{1}[-3 < x < 3]$ (0 at both kinks)."""
    x = _f(x)
    return ((x > -3) & (x < 3)) / 6.0


def hardswish(x: Array) -> Array:
    r"""$\operatorname{Hardswish}(x) = x\,\frac{\operatorname{ReLU6}(x + 3)}{6}$."""
    x = _f(x)
    return x * relu6(x + 3.0) / 6.0


def hardswish_grad(x: Array) -> Array:
    r"""$\operatorname{Hardswish}'(x) = \begin{cases} 0 & x \le -3 \\ \frac{2x + 3}{6} & -3 < x < 3 \\ 1 & x \ge 3 \end{cases}$."""
    x = _f(x)
    return np.where(x <= -3, 0.0, np.where(x >= 3, 1.0, (2.0 * x + 3.0) / 6.0))


# --- gated linear units (split the last axis in two halves) -------------------------------------

def split_halves(x: Array) -> tuple[Array, Array]:
    r"""$\mathbf{x} = [\mathbf{a}, \mathbf{b}]$ along the last axis, first half $\mathbf{a}$ (as ``F.glu(x, dim=-1)``)."""
    x = _f(x)
    if x.shape[-1] % 2:
        raise ValueError("a gated unit needs an even size along the last axis")
    k = x.shape[-1] // 2
    return x[..., :k], x[..., k:]


def _gated(gate: Callable[[Array], Array], x: Array) -> Array:
    a, b = split_halves(x)
    return a * gate(b)


def _gated_grad(gate: Callable[[Array], Array], gate_grad: Callable[[Array], Array], x: Array) -> Array:
    a, b = split_halves(x)
    return np.concatenate([gate(b), a * gate_grad(b)], axis=-1)


def glu(x: Array) -> Array:
    r"""$\operatorname{GLU}(\mathbf{x}) = \mathbf{a} \odot \sigma(\mathbf{b})$, $\mathbf{x} = [\mathbf{a}, \mathbf{b}]$."""
    return _gated(sigmoid, x)


def glu_grad(x: Array) -> Array:
    r"""$\frac{\partial h_i}{\partial a_i} = \sigma(b_i)$, $\frac{\partial h_i}{\partial b_i} = a_i\,\sigma(b_i)(1 - \sigma(b_i))$ (returned as one array $[\partial\mathbf{h}/\partial\mathbf{a}, \partial\mathbf{h}/\partial\mathbf{b}]$ shaped like $\mathbf{x}$)."""
    return _gated_grad(sigmoid, sigmoid_grad, x)


def reglu(x: Array) -> Array:
    r"""$\operatorname{ReGLU}(\mathbf{x}) = \mathbf{a} \odot \operatorname{ReLU}(\mathbf{b})$."""
    return _gated(relu, x)


def reglu_grad(x: Array) -> Array:
    r"""$\frac{\partial h_i}{\partial a_i} = \operatorname{ReLU}(b_i)$, $\frac{\partial h_i}{\partial b_i} = a_i\,\mathbb{1}[b_i > 0]$."""
    return _gated_grad(relu, relu_grad, x)


def geglu(x: Array) -> Array:
    r"""$\operatorname{GEGLU}(\mathbf{x}) = \mathbf{a} \odot \operatorname{GELU}(\mathbf{b})$ (exact erf GELU)."""
    return _gated(gelu, x)


def geglu_grad(x: Array) -> Array:
    r"""$\frac{\partial h_i}{\partial a_i} = \operatorname{GELU}(b_i)$, $\frac{\partial h_i}{\partial b_i} = a_i\,\bigl(\Phi(b_i) + b_i\,\varphi(b_i)\bigr)$."""
    return _gated_grad(gelu, gelu_grad, x)


def swiglu(x: Array) -> Array:
    r"""$\operatorname{SwiGLU}(\mathbf{x}) = \mathbf{a} \odot \operatorname{SiLU}(\mathbf{b})$."""
    return _gated(silu, x)


def swiglu_grad(x: Array) -> Array:
    r"""$\frac{\partial h_i}{\partial a_i} = \operatorname{SiLU}(b_i)$, $\frac{\partial h_i}{\partial b_i} = a_i\,\sigma(b_i)\,\bigl(1 + b_i\,(1 - \sigma(b_i))\bigr)$."""
    return _gated_grad(silu, silu_grad, x)


def glu_ffn(x: Array, W: Array, V: Array, W2: Array, gate: Callable[[Array], Array] = silu) -> Array:
    r"""$\operatorname{FFN}_{\text{SwiGLU}}(\mathbf{x}) = \bigl(\operatorname{SiLU}(\mathbf{x}\mathbf{W}) \odot \mathbf{x}\mathbf{V}\bigr)\mathbf{W}_2$
    for row vectors $\mathbf{x} \in \R^{d}$, $\mathbf{W}, \mathbf{V} \in \R^{d \times d_{ff}}$,
    $\mathbf{W}_2 \in \R^{d_{ff} \times d}$ (no biases); ``gate`` picks the variant (GLU: sigmoid, ReGLU: relu, GEGLU: gelu).
    Equal to ``swiglu(concat([x @ V, x @ W]))`` followed by ``@ W2``.
    """
    x = _f(x)
    return (gate(x @ W) * (x @ V)) @ W2


def glu_ffn_hidden(d: int, multiple_of: int = 256, ffn_dim_multiplier: float | None = None) -> int:
    r"""The hidden width of a gated FFN as Meta's Llama code picks it: start from $4d$, take $2/3$ of it
    (three matrices instead of two keep $3 d\,d_{ff} \approx 2 d \cdot 4d$), optionally scale, and round
    up to a multiple of ``multiple_of``; $d = 4096$ gives 11008 (Llama 7B)."""
    hidden = int(2 * (4 * d) / 3)
    if ffn_dim_multiplier is not None:
        hidden = int(ffn_dim_multiplier * hidden)
    return multiple_of * ((hidden + multiple_of - 1) // multiple_of)


# --- vector members (last axis) -----------------------------------------------------------

def softmax(z: Array) -> Array:
    r"""$\softmax(\mathbf{z})_i = \frac{e^{z_i}}{\sum_j e^{z_j}}$ (along the last axis, max subtracted first)."""
    z = _f(z)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def softmax_jacobian(z: Array) -> Array:
    r"""$\frac{\partial \mathbf{s}}{\partial \mathbf{z}} = \diag(\mathbf{s}) - \mathbf{s}\mathbf{s}^\top$, $\mathbf{s} = \softmax(\mathbf{z})$."""
    s = softmax(z)
    return s[..., :, None] * np.eye(s.shape[-1]) - s[..., :, None] * s[..., None, :]


def softmax_jvp(z: Array, v: Array) -> Array:
    r"""$\frac{\partial \mathbf{s}}{\partial \mathbf{z}}\mathbf{v} = \mathbf{s} \odot (\mathbf{v} - \mathbf{s}^\top\mathbf{v})$ (the Jacobian is symmetric, so this is also the VJP)."""
    s = softmax(z)
    v = _f(v)
    return s * (v - (s * v).sum(axis=-1, keepdims=True))


def logsumexp(z: Array) -> Array:
    r"""$\operatorname{LSE}(\mathbf{z}) = m + \log \sum_j e^{z_j - m}$, $m = \max_j z_j$."""
    z = _f(z)
    m = z.max(axis=-1, keepdims=True)
    return (m + np.log(np.exp(z - m).sum(axis=-1, keepdims=True)))[..., 0]


def log_softmax(z: Array) -> Array:
    r"""$\log\softmax(\mathbf{z})_i = z_i - \operatorname{LSE}(\mathbf{z})$."""
    z = _f(z)
    return z - logsumexp(z)[..., None]


def log_softmax_jacobian(z: Array) -> Array:
    r"""$\frac{\partial \log\softmax(\mathbf{z})}{\partial \mathbf{z}} = \mathbf{I} - \mathbf{1}\mathbf{s}^\top$."""
    s = softmax(z)
    return np.eye(s.shape[-1]) - np.ones_like(s)[..., :, None] * s[..., None, :]


def log_softmax_jvp(z: Array, v: Array) -> Array:
    r"""$(\mathbf{I} - \mathbf{1}\mathbf{s}^\top)\mathbf{v} = \mathbf{v} - (\mathbf{s}^\top\mathbf{v})\,\mathbf{1}$."""
    s = softmax(z)
    v = _f(v)
    return v - (s * v).sum(axis=-1, keepdims=True)


def log_softmax_vjp(z: Array, u: Array) -> Array:
    r"""$\mathbf{u}^\top(\mathbf{I} - \mathbf{1}\mathbf{s}^\top) = \mathbf{u} - \mathbf{s}\,\textstyle\sum_i u_i$."""
    s = softmax(z)
    u = _f(u)
    return u - s * u.sum(axis=-1, keepdims=True)


# --- helpers used by the page's figures and claims ------------------------------------------

def stationary_point(df: Callable[[Array], Array], lo: float, hi: float, *, tol: float = 1e-13) -> float:
    """The x in [lo, hi] where ``df`` changes sign (bisection); e.g. GELU's minimum."""
    a, b = float(lo), float(hi)
    fa = float(df(np.array([a]))[0])
    if fa * float(df(np.array([b]))[0]) > 0:
        raise ValueError("df does not change sign on [lo, hi]")
    while b - a > tol:
        m = 0.5 * (a + b)
        fm = float(df(np.array([m]))[0])
        if (fm > 0) == (fa > 0):
            a, fa = m, fm
        else:
            b = m
    return 0.5 * (a + b)


def layer_gradient_norms(f: Callable[[Array], Array], df: Callable[[Array], Array], *, depth: int = 20,
                         width: int = 128, batch: int = 64, gain: float = 1.0, seed: int = 0) -> Array:
    r"""Backpropagate through a random MLP $\mathbf{h}_l = f(\mathbf{W}_l \mathbf{h}_{l-1})$ and return the
    root-mean-square gradient $\partial \mathcal{L} / \partial \mathbf{h}_l$ for $l = 0..\text{depth}$,
    normalized by the last layer's. Weights are $\mathcal{N}(0, \text{gain}^2/\text{width})$; the
    gradient at the output is a standard normal vector.
    """
    rng = np.random.default_rng(seed)
    h = rng.standard_normal((batch, width))
    weights, pre = [], []
    for _ in range(depth):
        W = rng.normal(0.0, gain / math.sqrt(width), (width, width))
        z = h @ W.T
        weights.append(W)
        pre.append(z)
        h = f(z)
    g = rng.standard_normal((batch, width))
    norms = [float(np.sqrt(np.mean(g * g)))]
    for W, z in zip(reversed(weights), reversed(pre)):
        g = (g * df(z)) @ W
        norms.append(float(np.sqrt(np.mean(g * g))))
    norms = np.array(norms[::-1])
    return norms / norms[-1]


# --- the registry ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Activation:
    """One member of the family, as the page, the figures and the tests see it.

    For an element-wise member ``f`` and ``df`` map an array to an array of the same shape.
    For a vector member (``vector=True``) they act on the last axis: ``f(z)`` is a vector and
    ``df(z)`` its Jacobian matrix (rows: outputs, columns: inputs).
    """

    name: str  # slug, used for figure names ("activation-<name>") and test ids
    title: str  # display name
    f: Callable[[Array], Array]
    df: Callable[[Array], Array]
    window: tuple[float, float]  # x-range of its figure, chosen for this function
    torch: str  # the PyTorch functional call it matches (defaults spelt out)
    nonsmooth: tuple[float, ...] = ()  # where f or f' jumps; PyTorch's convention applies there
    vector: bool = False
    gated: bool = False  # f splits the last axis into [a, b]; df returns [dh/da, dh/db] shaped like x


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation("sigmoid", "Sigmoid", sigmoid, sigmoid_grad, (-8.0, 8.0), "torch.sigmoid(x)"),
        Activation("tanh", "Tanh", tanh, tanh_grad, (-4.0, 4.0), "torch.tanh(x)"),
        Activation("relu", "ReLU", relu, relu_grad, (-3.0, 3.0), "F.relu(x)", (0.0,)),
        Activation("leaky-relu", "Leaky ReLU", leaky_relu, leaky_relu_grad, (-3.0, 3.0),
                   "F.leaky_relu(x, negative_slope=0.01)", (0.0,)),
        Activation("prelu", "PReLU", prelu, prelu_grad, (-3.0, 3.0),
                   "F.prelu(x, weight)  # nn.PReLU(num_parameters=1, init=0.25)", (0.0,)),
        Activation("relu6", "ReLU6", relu6, relu6_grad, (-2.0, 8.0), "F.relu6(x)", (0.0, 6.0)),
        Activation("relu-squared", "Squared ReLU", relu_squared, relu_squared_grad, (-2.0, 2.0),
                   "F.relu(x) ** 2", (0.0,)),  # f' is continuous but has a kink at 0
        Activation("elu", "ELU", elu, elu_grad, (-5.0, 3.0), "F.elu(x, alpha=1.0)"),
        Activation("selu", "SELU", selu, selu_grad, (-5.0, 3.0), "F.selu(x)", (0.0,)),
        Activation("celu", "CELU", celu, celu_grad, (-5.0, 3.0), "F.celu(x, alpha=1.0)"),
        Activation("gelu", "GELU", gelu, gelu_grad, (-4.0, 3.0), "F.gelu(x)"),
        Activation("gelu-tanh", "GELU (tanh approximation)", gelu_tanh, gelu_tanh_grad, (-4.0, 3.0),
                   "F.gelu(x, approximate='tanh')"),
        Activation("silu", "SiLU / Swish", silu, silu_grad, (-6.0, 4.0), "F.silu(x)"),
        Activation("mish", "Mish", mish, mish_grad, (-6.0, 4.0), "F.mish(x)"),
        Activation("softplus", "Softplus", softplus, softplus_grad, (-4.0, 4.0),
                   "F.softplus(x, beta=1.0, threshold=20.0)", (20.0,)),
        Activation("softsign", "Softsign", softsign, softsign_grad, (-10.0, 10.0), "F.softsign(x)"),
        Activation("hardsigmoid", "Hard sigmoid", hardsigmoid, hardsigmoid_grad, (-5.0, 5.0),
                   "F.hardsigmoid(x)", (-3.0, 3.0)),
        Activation("hardswish", "Hard swish", hardswish, hardswish_grad, (-5.0, 5.0), "F.hardswish(x)",
                   (-3.0, 3.0)),
        Activation("glu", "GLU", glu, glu_grad, (-4.0, 4.0), "F.glu(x, dim=-1)", gated=True),
        Activation("reglu", "ReGLU", reglu, reglu_grad, (-4.0, 4.0),
                   "a * F.relu(b)  # a, b = x.chunk(2, dim=-1)", (0.0,), gated=True),
        Activation("geglu", "GEGLU", geglu, geglu_grad, (-4.0, 4.0),
                   "a * F.gelu(b)  # a, b = x.chunk(2, dim=-1)", gated=True),
        Activation("swiglu", "SwiGLU", swiglu, swiglu_grad, (-4.0, 4.0),
                   "a * F.silu(b)  # a, b = x.chunk(2, dim=-1)", gated=True),
        Activation("softmax", "Softmax", softmax, softmax_jacobian, (-4.0, 4.0), "F.softmax(z, dim=-1)",
                   vector=True),
        Activation("log-softmax", "Log-softmax", log_softmax, log_softmax_jacobian, (-6.0, 6.0),
                   "F.log_softmax(z, dim=-1)", vector=True),
    )
}


# The fixed logit vector of the softmax figures and snippets.
EXAMPLE_LOGITS = (2.0, 1.0, 0.1, -1.0, -3.0)


def softmax_entropy(z: Array, temperature: float = 1.0) -> float:
    r"""$H = -\sum_i s_i \log s_i$ with $\mathbf{s} = \softmax(\mathbf{z} / T)$, in nats."""
    z = _f(z) / temperature
    return float(-(softmax(z) * log_softmax(z)).sum())
