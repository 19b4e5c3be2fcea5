"""Figures of the activation-functions page: one per member (f and f'), plus overviews of
saturation, dying ReLU, the GELU approximation error and softmax temperature."""

from __future__ import annotations

import math

import numpy as np
from matplotlib.figure import Figure as MplFigure

from ...numerics import activations as A
from ..catalogue import Figure
from ..style import Palette, asymptote, mark_point, zero_axes

SAMPLES = 601


def _segments(window: tuple[float, float], breaks: tuple[float, ...]) -> list[np.ndarray]:
    """Grids on the open pieces between ``breaks``, so a jump is never drawn as a steep line."""
    inner = sorted(b for b in breaks if window[0] < b < window[1])
    edges = [window[0], *inner, window[1]]
    span = window[1] - window[0]
    out = []
    for a, b in zip(edges[:-1], edges[1:]):
        n = max(3, round(SAMPLES * (b - a) / span))
        lo = a + (1e-9 if a in inner else 0.0)
        hi = b - (1e-9 if b in inner else 0.0)
        out.append(np.linspace(lo, hi, n))
    return out


def _pair(fig: MplFigure, pal: Palette, act: A.Activation, *, f_label: str, df_label: str):
    """Two panels: f (left) and f' (right) over the member's window, with PyTorch's value at jumps."""
    ax_f, ax_df = fig.subplots(1, 2)
    for ax, fn, label, color in ((ax_f, act.f, f_label, pal.c0), (ax_df, act.df, df_label, pal.c1)):
        zero_axes(ax, pal)
        for x in _segments(act.window, act.nonsmooth):
            ax.plot(x, fn(x), color=color, zorder=3)
        ax.set_title(label)
        ax.set_xlabel("$x$")
        ax.set_xlim(*act.window)
    return ax_f, ax_df


def _at(fn, x: float) -> float:
    return float(fn(np.array([x]))[0])


def _compare(ax, pal: Palette, fn, window, label: str) -> None:
    """A muted dashed neighbour for comparison (e.g. ReLU under Softplus)."""
    x = np.linspace(*window, SAMPLES)
    ax.plot(x, fn(x), color=pal.muted, linestyle=(0, (3, 2)), linewidth=1.2, zorder=2, label=label)
    ax.legend(loc="upper left", handlelength=1.8)


def _jump_value(ax, pal: Palette, act: A.Activation, x0: float, text: str, offset=(6, 6)) -> None:
    """The value PyTorch's autograd returns exactly at a kink."""
    mark_point(ax, pal, x0, _at(act.df, x0), text, offset=offset)


def _member(name: str, f_label: str, df_label: str, extras=None, size=(6.4, 2.5)):
    act = A.ACTIVATIONS[name]

    def draw(fig: MplFigure, pal: Palette) -> None:
        ax_f, ax_df = _pair(fig, pal, act, f_label=f_label, df_label=df_label)
        if extras:
            extras(ax_f, ax_df, pal, act)

    draw.__name__ = f"draw_{name.replace('-', '_')}"
    draw.__module__ = __name__
    return draw, size


# --- per-member decorations ----------------------------------------------------------------

def _sigmoid(ax_f, ax_df, pal, act):
    asymptote(ax_f, pal, 1.0, "$y = 1$")
    asymptote(ax_f, pal, 0.0)
    mark_point(ax_f, pal, 0.0, 0.5, r"$\sigma(0) = 1/2$", offset=(6, -10))
    mark_point(ax_df, pal, 0.0, 0.25, "max 1/4", offset=(6, -4))
    ax_df.set_ylim(-0.02, 0.3)


def _tanh(ax_f, ax_df, pal, act):
    asymptote(ax_f, pal, 1.0, "$y = 1$")
    asymptote(ax_f, pal, -1.0, "$y = -1$")
    mark_point(ax_f, pal, 0.0, 0.0, "slope 1", offset=(6, -10))
    mark_point(ax_df, pal, 0.0, 1.0, "max 1", offset=(6, -6))


def _relu(ax_f, ax_df, pal, act):
    mark_point(ax_f, pal, 0.0, 0.0, "kink", offset=(-24, 6))
    _jump_value(ax_df, pal, act, 0.0, "$f'(0) = 0$ in PyTorch", offset=(6, 10))
    ax_df.set_ylim(-0.1, 1.2)


def _leaky(ax_f, ax_df, pal, act):
    mark_point(ax_f, pal, 0.0, 0.0, "kink", offset=(-24, 6))
    ax_f.annotate("slope 0.01", (-2.0, -0.02), xytext=(0, 10), textcoords="offset points",
                  fontsize=7.5, color=pal.fg, ha="center")
    _jump_value(ax_df, pal, act, 0.0, "$f'(0) = 0.01$", offset=(6, 10))
    ax_df.set_ylim(-0.1, 1.2)


def _prelu(ax_f, ax_df, pal, act):
    mark_point(ax_f, pal, 0.0, 0.0, "kink", offset=(-24, 6))
    x = np.linspace(*act.window, SAMPLES)
    for a, color in ((0.1, pal.c2), (0.5, pal.c3)):
        ax_f.plot(x, A.prelu(x, a), color=color, linewidth=1.1, zorder=2, label=f"$a = {a}$")
    ax_f.plot([], [], color=pal.c0, label="$a = 0.25$ (init)")
    ax_f.legend(loc="upper left", handlelength=1.5)
    _jump_value(ax_df, pal, act, 0.0, "$f'(0) = a$", offset=(6, 8))
    ax_df.set_ylim(-0.1, 1.2)


def _relu6(ax_f, ax_df, pal, act):
    mark_point(ax_f, pal, 0.0, 0.0, "kink", offset=(4, 8))
    mark_point(ax_f, pal, 6.0, 6.0, "saturates at 6", offset=(-30, -14))
    _jump_value(ax_df, pal, act, 0.0, "0", offset=(-10, 6))
    _jump_value(ax_df, pal, act, 6.0, "0", offset=(6, 6))
    ax_df.set_ylim(-0.1, 1.2)


def _relu_squared(ax_f, ax_df, pal, act):
    _compare(ax_f, pal, A.relu, act.window, "ReLU")
    mark_point(ax_f, pal, 1.0, 1.0, "crosses ReLU at 1", offset=(-70, 8))
    mark_point(ax_df, pal, 0.0, 0.0, "$f'(0) = 0$, no jump", offset=(-90, 8))
    ax_f.set_ylim(-0.3, 4.2)


def _elu(ax_f, ax_df, pal, act):
    asymptote(ax_f, pal, -1.0, r"$-\alpha = -1$")
    mark_point(ax_f, pal, 0.0, 0.0, "smooth: $f'(0) = 1$", offset=(-8, 10))
    _jump_value(ax_df, pal, act, 0.0, r"$\alpha e^{0} = 1$", offset=(-44, -4))
    ax_df.set_ylim(-0.05, 1.2)


def _selu(ax_f, ax_df, pal, act):
    la = A.SELU_SCALE * A.SELU_ALPHA
    asymptote(ax_f, pal, -la, rf"$-\lambda\alpha \approx {-la:.4f}$")
    mark_point(ax_f, pal, 0.0, 0.0, r"slope $\lambda \approx 1.0507$", offset=(8, -14))
    _jump_value(ax_df, pal, act, 0.0, rf"$f'(0) = \lambda\alpha \approx {la:.3f}$", offset=(-96, 2))
    asymptote(ax_df, pal, A.SELU_SCALE, r"$\lambda$")
    ax_df.set_ylim(-0.05, 2.0)


def _celu(ax_f, ax_df, pal, act):
    x = np.linspace(*act.window, SAMPLES)
    ax_f.plot(x, A.celu(x, 2.0), color=pal.c2, linewidth=1.2, zorder=2, label=r"$\alpha = 2$")
    ax_df.plot(x, A.celu_grad(x, 2.0), color=pal.c2, linewidth=1.2, zorder=2, label=r"$\alpha = 2$")
    ax_f.plot([], [], color=pal.c0, label=r"$\alpha = 1$")
    ax_df.plot([], [], color=pal.c1, label=r"$\alpha = 1$")
    asymptote(ax_f, pal, -1.0)
    asymptote(ax_f, pal, -2.0, r"$-\alpha$")
    ax_f.legend(loc="upper left", handlelength=1.5)
    ax_df.legend(loc="upper left", handlelength=1.5)
    mark_point(ax_df, pal, 0.0, 1.0, "$f'(0) = 1$ for every $\\alpha$", offset=(8, -16))
    ax_df.set_ylim(-0.05, 1.25)


def _minimum(ax_f, ax_df, pal, act, lo=-3.0, hi=-0.1):
    xm = A.stationary_point(act.df, lo, hi)
    mark_point(ax_f, pal, xm, _at(act.f, xm), f"min at $x \\approx {xm:.3f}$\n$f \\approx {_at(act.f, xm):.4f}$",
               offset=(-84, 14))
    mark_point(ax_df, pal, xm, 0.0, f"$f' = 0$ at {xm:.3f}", offset=(-80, 6))


def _gelu(ax_f, ax_df, pal, act):
    _minimum(ax_f, ax_df, pal, act)
    xs = math.sqrt(2.0)
    mark_point(ax_df, pal, xs, _at(act.df, xs), rf"max {_at(act.df, xs):.4f} at $\sqrt{{2}}$", offset=(-30, -30))
    _compare(ax_f, pal, A.relu, act.window, "ReLU")


def _gelu_tanh(ax_f, ax_df, pal, act):
    _minimum(ax_f, ax_df, pal, act)
    _compare(ax_f, pal, A.gelu, act.window, "exact GELU")


def _silu(ax_f, ax_df, pal, act):
    _minimum(ax_f, ax_df, pal, act)
    _compare(ax_f, pal, A.relu, act.window, "ReLU")


def _mish(ax_f, ax_df, pal, act):
    _minimum(ax_f, ax_df, pal, act)
    _compare(ax_f, pal, A.silu, act.window, "SiLU")


def _softplus(ax_f, ax_df, pal, act):
    mark_point(ax_f, pal, 0.0, math.log(2.0), r"$\ln 2$", offset=(-22, 6))
    _compare(ax_f, pal, A.relu, act.window, "ReLU")
    mark_point(ax_df, pal, 0.0, 0.5, r"$\sigma(0) = 1/2$", offset=(6, -10))
    asymptote(ax_df, pal, 1.0, "$y = 1$")


def _softsign(ax_f, ax_df, pal, act):
    asymptote(ax_f, pal, 1.0, "$y = 1$")
    asymptote(ax_f, pal, -1.0, "$y = -1$")
    _compare(ax_f, pal, A.tanh, act.window, "tanh")
    mark_point(ax_df, pal, 0.0, 1.0, "max 1", offset=(6, -6))
    x = np.linspace(*act.window, SAMPLES)
    ax_df.plot(x, A.tanh_grad(x), color=pal.muted, linestyle=(0, (3, 2)), linewidth=1.2, label="tanh'")
    ax_df.legend(loc="upper left", handlelength=1.8)


def _hardsigmoid(ax_f, ax_df, pal, act):
    mark_point(ax_f, pal, -3.0, 0.0, "$-3$", offset=(-6, 8))
    mark_point(ax_f, pal, 3.0, 1.0, "$3$", offset=(4, -12))
    _compare(ax_f, pal, A.sigmoid, act.window, r"$\sigma(x)$")
    _jump_value(ax_df, pal, act, -3.0, "0 at $\\pm 3$", offset=(-36, 8))
    _jump_value(ax_df, pal, act, 3.0, "", offset=(0, 0))
    ax_df.set_ylim(-0.02, 0.3)


def _hardswish(ax_f, ax_df, pal, act):
    mark_point(ax_f, pal, -3.0, 0.0, "$-3$", offset=(-8, 8))
    mark_point(ax_f, pal, 3.0, 3.0, "$3$", offset=(4, -12))
    mark_point(ax_f, pal, -1.5, -0.375, "min $(-1.5, -0.375)$", offset=(-20, -16))
    _compare(ax_f, pal, A.silu, act.window, "SiLU")
    ax_f.set_ylim(-1.0, 5.2)
    _jump_value(ax_df, pal, act, -3.0, "$f'(-3) = 0$", offset=(-14, 10))
    _jump_value(ax_df, pal, act, 3.0, "$f'(3) = 1$", offset=(4, -14))


# --- vector members ----------------------------------------------------------------------------

REST = (1.0, 0.0, -1.0)  # the other logits while z_1 = x varies


def _logits(x: np.ndarray) -> np.ndarray:
    return np.column_stack([x] + [np.full_like(x, r) for r in REST])


def draw_softmax(fig: MplFigure, pal: Palette) -> None:
    act = A.ACTIVATIONS["softmax"]
    ax_f, ax_df = fig.subplots(1, 2)
    x = np.linspace(*act.window, SAMPLES)
    s = act.f(_logits(x))
    J = act.df(_logits(x))
    for ax in (ax_f, ax_df):
        zero_axes(ax, pal)
        ax.set_xlim(*act.window)
        ax.set_xlabel("$z_1$ (others fixed at 1, 0, $-1$)")
    for i in range(s.shape[1]):
        ax_f.plot(x, s[:, i], color=pal.series[i], label=f"$s_{i + 1}$", zorder=3)
    asymptote(ax_f, pal, 1.0)
    ax_f.set_title(r"$\mathbf{s} = \mathrm{softmax}(\mathbf{z})$")
    ax_f.legend(loc="center left", handlelength=1.5)
    ax_df.plot(x, J[:, 0, 0], color=pal.c0, label=r"$\partial s_1/\partial z_1 = s_1(1 - s_1)$", zorder=3)
    ax_df.plot(x, J[:, 1, 0], color=pal.c1, label=r"$\partial s_2/\partial z_1 = -s_1 s_2$", zorder=3)
    i_half = int(np.argmin(np.abs(s[:, 0] - 0.5)))
    mark_point(ax_df, pal, x[i_half], J[i_half, 0, 0], "max 1/4 where $s_1 = 1/2$", offset=(-60, 6))
    ax_df.set_title("Jacobian entries")
    ax_df.set_ylim(-0.3, 0.36)
    ax_df.legend(loc="lower left", handlelength=1.5)


def draw_log_softmax(fig: MplFigure, pal: Palette) -> None:
    act = A.ACTIVATIONS["log-softmax"]
    ax_f, ax_df = fig.subplots(1, 2)
    x = np.linspace(*act.window, SAMPLES)
    y = act.f(_logits(x))
    J = act.df(_logits(x))
    for ax in (ax_f, ax_df):
        zero_axes(ax, pal)
        ax.set_xlim(*act.window)
        ax.set_xlabel("$z_1$ (others fixed at 1, 0, $-1$)")
    ax_f.plot(x, y[:, 0], color=pal.c0, label=r"$\log s_1$", zorder=3)
    ax_f.plot(x, y[:, 1], color=pal.c1, label=r"$\log s_2$", zorder=3)
    lse_rest = float(A.logsumexp(np.array(REST)))
    ax_f.plot(x, x - lse_rest, color=pal.muted, linestyle=(0, (4, 3)), linewidth=0.9, zorder=2)
    ax_f.annotate("slope-1 asymptote", (-3.0, -3.0 - lse_rest),
                  xytext=(8, -4), textcoords="offset points", fontsize=7.5, color=pal.muted)
    asymptote(ax_f, pal, 0.0, "$\\log s_1 \\to 0$")
    ax_f.set_title(r"$\log\,\mathrm{softmax}(\mathbf{z})$")
    ax_f.set_ylim(-8.5, 1.0)
    ax_f.legend(loc="lower right", handlelength=1.5)
    ax_df.plot(x, J[:, 0, 0], color=pal.c0, label=r"$\partial \log s_1/\partial z_1 = 1 - s_1$", zorder=3)
    ax_df.plot(x, J[:, 1, 0], color=pal.c1, label=r"$\partial \log s_2/\partial z_1 = -s_1$", zorder=3)
    asymptote(ax_df, pal, 1.0)
    asymptote(ax_df, pal, -1.0)
    ax_df.set_title("Jacobian entries")
    ax_df.set_ylim(-1.15, 1.5)
    ax_df.legend(loc="upper right", handlelength=1.5)


# --- gated units: h = a * g(b) on the split x = [a, b] ----------------------------------------------

GATE_SYMBOL = {"glu": r"\sigma", "reglu": r"\mathrm{ReLU}", "geglu": r"\mathrm{GELU}", "swiglu": r"\mathrm{SiLU}"}
TIED_NAME = {"glu": "= SiLU", "reglu": "= squared ReLU", "geglu": "", "swiglu": ""}


def gated_drawer(name: str):
    act = A.ACTIVATIONS[name]
    g = GATE_SYMBOL[name]

    def draw(fig: MplFigure, pal: Palette) -> None:
        ax_h, ax_t = fig.subplots(1, 2)
        breaks = act.nonsmooth
        for ax in (ax_h, ax_t):
            zero_axes(ax, pal)
            ax.set_xlim(*act.window)
        # left: the output as a function of the gate half b, for a few fixed values of the linear half a
        for k, a in enumerate((2.0, 1.0, 0.5, -1.0)):
            for seg in _segments(act.window, breaks):
                x = np.stack([np.full_like(seg, a), seg], axis=-1)
                ax_h.plot(seg, act.f(x)[:, 0], color=pal.series[k], zorder=3,
                          label=f"$a = {a:g}$" if seg[0] == act.window[0] else None)
        ax_h.set_xlabel("gate input $b$")
        ax_h.set_title(rf"$h = a \cdot {g}(b)$ for fixed $a$")
        ax_h.legend(loc="upper left", handlelength=1.5)
        # right: both halves fed the same input, a = b = x, and the total derivative dh/dx
        for seg in _segments(act.window, breaks):
            tied = np.stack([seg, seg], axis=-1)
            d = act.df(tied)
            ax_t.plot(seg, act.f(tied)[:, 0], color=pal.c0, zorder=3,
                      label=rf"$h(x, x) = x\,{g}(x)$ {TIED_NAME[name]}" if seg[0] == act.window[0] else None)
            ax_t.plot(seg, d[:, 0] + d[:, 1], color=pal.c1, zorder=3,
                      label=r"$dh/dx = \partial h/\partial a + \partial h/\partial b$" if seg[0] == act.window[0] else None)
        ax_t.set_xlabel("shared input $x = a = b$")
        ax_t.set_title("tied input (illustration only)")
        ax_t.set_ylim(-1.5, 6.0)
        ax_t.legend(loc="upper left", handlelength=1.5, fontsize=6.5)
        if name == "reglu":
            ax_h.annotate(r"$h = 0$ for every $a$ when $b \leq 0$", (act.window[0] + 0.2, -0.9), fontsize=7,
                          color=pal.fg)

    draw.__name__ = f"draw_{name}"
    draw.__module__ = __name__
    return draw


_GATED_TEXT = {
    "glu": ("GLU multiplies the linear half a by a sigmoid gate of the other half b; fed the same x in both "
            "halves it reduces to SiLU.",
            "Left: a·σ(b) against b for a = 2, 1, 0.5 and −1: S-shaped curves from 0 to a, so the gate scales a "
            "between 0 and 1. Right: with a = b = x the output x·σ(x) is the SiLU curve with its dip near "
            "x ≈ −1.28, and its derivative rises from 0 to 1 with an overshoot."),
    "reglu": ("ReGLU gates with ReLU: the output is 0 whenever b ≤ 0 and a·b otherwise; with a = b = x it is "
              "the squared ReLU.",
              "Left: a·ReLU(b) against b for a = 2, 1, 0.5 and −1: zero for b ≤ 0, then straight lines of slope a. "
              "Right: with a = b = x the output is 0 for x < 0 and the parabola x² for x > 0; its derivative 2x "
              "for x > 0."),
    "geglu": ("GEGLU gates with exact GELU: like ReGLU, but smooth and slightly negative for small negative b.",
              "Left: a·GELU(b) against b for a = 2, 1, 0.5 and −1: smooth ramps, near zero for b < −2 and "
              "slope a for large b. Right: with a = b = x the output x·GELU(x) is non-negative, near zero left of "
              "the origin and growing like x² on the right; its derivative is S-shaped then linear."),
    "swiglu": ("SwiGLU gates with SiLU (Swish, β = 1), the gated unit of Llama-style feed-forward blocks.",
               "Left: a·SiLU(b) against b for a = 2, 1, 0.5 and −1: smooth ramps with a small dip near "
               "b ≈ −1.28 (scaled by a), slope a for large b. Right: with a = b = x the output x·SiLU(x) = x²σ(x) "
               "is non-negative and grows like x² on the right; its derivative dips slightly below 0 left of the origin."),
}


# --- overview figures --------------------------------------------------------------------------

def draw_gelu_error(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    x = np.linspace(-6.0, 6.0, 1201)
    d = A.gelu_tanh(x) - A.gelu(x)
    zero_axes(ax, pal)
    ax.plot(x, d * 1e4, color=pal.c0, zorder=3)
    i = int(np.argmax(np.abs(d)))
    for xi in (x[i], -x[i]):
        yi = float(A.gelu_tanh(np.array([xi]))[0] - A.gelu(np.array([xi]))[0])
        mark_point(ax, pal, xi, yi * 1e4, f"$|x| \\approx {abs(xi):.2f}$: {abs(yi):.2e}", offset=(-40, 6 if yi > 0 else -12))
    ax.set_xlim(-6.0, 6.0)
    ax.set_xlabel("$x$")
    ax.set_ylabel(r"$(\mathrm{GELU}_{\tanh} - \mathrm{GELU})(x) \times 10^{4}$")


def draw_temperature(fig: MplFigure, pal: Palette) -> None:
    ax_bar, ax_h = fig.subplots(1, 2, width_ratios=(1.4, 1.0))
    z = np.array(A.EXAMPLE_LOGITS)
    temps = (0.5, 1.0, 2.0, 5.0)
    width = 0.8 / len(temps)
    idx = np.arange(z.size)
    for k, (T, color) in enumerate(zip(temps, pal.series)):
        ax_bar.bar(idx + (k - 1.5) * width, A.softmax(z / T), width=width, color=color, label=f"$T = {T:g}$", zorder=3)
    ax_bar.axhline(1.0 / z.size, color=pal.muted, linestyle=(0, (4, 3)), linewidth=0.9, zorder=2)
    ax_bar.annotate("uniform $1/K$", (idx[-1] + 0.45, 1.0 / z.size), xytext=(0, 3), textcoords="offset points",
                    ha="right", fontsize=7.5, color=pal.muted)
    ax_bar.set_xticks(idx, [f"$z_{i + 1} = {v:g}$" for i, v in enumerate(z)], fontsize=7)
    ax_bar.set_ylabel(r"$\mathrm{softmax}(\mathbf{z}/T)_i$")
    ax_bar.set_xlabel("logit")
    ax_bar.grid(axis="x", visible=False)
    ax_bar.legend(loc="upper right")
    T = np.geomspace(0.05, 50.0, 400)
    H = np.array([A.softmax_entropy(z, t) for t in T])
    ax_h.semilogx(T, H, color=pal.c0, zorder=3)
    asymptote(ax_h, pal, math.log(z.size), r"$\ln K$ (uniform)")
    asymptote(ax_h, pal, 0.0)
    for t in temps:
        mark_point(ax_h, pal, t, A.softmax_entropy(z, t), "", color=pal.series[temps.index(t)])
    ax_h.set_xlabel("temperature $T$")
    ax_h.set_ylabel("entropy $H$ (nats)")
    ax_h.set_ylim(-0.08, math.log(z.size) * 1.12)


def draw_saturation(fig: MplFigure, pal: Palette) -> None:
    ax_d, ax_g = fig.subplots(1, 2)
    x = np.linspace(-6.0, 6.0, SAMPLES)
    zero_axes(ax_d, pal)
    members = (("sigmoid", pal.c0), ("tanh", pal.c1), ("relu", pal.c2), ("gelu", pal.c3))
    for name, color in members:
        act = A.ACTIVATIONS[name]
        for seg in _segments((-6.0, 6.0), act.nonsmooth):
            ax_d.plot(seg, act.df(seg), color=color, zorder=3, label=act.title if seg[0] == -6.0 else None)
    ax_d.axvspan(-6.0, -4.0, color=pal.grid, alpha=0.5, zorder=0)
    ax_d.axvspan(4.0, 6.0, color=pal.grid, alpha=0.5, zorder=0)
    ax_d.annotate("saturated:\n" + r"$\sigma' < 0.018$", (4.1, 0.7), fontsize=7.5, color=pal.fg)
    mark_point(ax_d, pal, 0.0, 0.25, "", color=pal.c0)
    ax_d.set_xlim(-6.0, 6.0)
    ax_d.set_ylim(-0.15, 1.25)
    ax_d.set_xlabel("pre-activation $x$")
    ax_d.set_title("$f'(x)$")
    ax_d.legend(loc="upper left", handlelength=1.5)
    for name, gain, color in (("sigmoid", 1.0, pal.c0), ("tanh", 1.0, pal.c1), ("relu", math.sqrt(2.0), pal.c2)):
        act = A.ACTIVATIONS[name]
        g = A.layer_gradient_norms(act.f, act.df, depth=20, gain=gain)
        ax_g.semilogy(np.arange(g.size), g, color=color, marker="o", markersize=2.5, zorder=3,
                      label=f"{act.title} (gain {gain:.3g})")
    ax_g.set_xlabel("layer $l$ (20 = output)")
    ax_g.set_ylabel(r"RMS of $\partial\mathcal{L}/\partial\mathbf{h}_l$ (relative)")
    ax_g.set_title("gradient through a 20-layer MLP at init")
    ax_g.legend(loc="lower right")


def draw_dying_relu(fig: MplFigure, pal: Palette) -> None:
    ax_f, ax_g = fig.subplots(1, 2)
    x = np.linspace(-2.0, 2.0, SAMPLES)  # the data the unit sees
    cases = (
        ("ReLU, $b = 0.5$ (alive)", A.relu, A.relu_grad, 0.5, pal.c0),
        ("ReLU, $b = -3$ (dead)", A.relu, A.relu_grad, -3.0, pal.c1),
        ("Leaky ReLU, $b = -3$", A.leaky_relu, A.leaky_relu_grad, -3.0, pal.c2),
    )
    w = 1.0
    for ax in (ax_f, ax_g):
        zero_axes(ax, pal)
        ax.set_xlim(-2.0, 2.0)
        ax.set_xlabel("input $x$ (all training data lie in $[-2, 2]$)")
    for label, f, df, b, color in cases:
        style = (0, (4, 2)) if f is A.leaky_relu else "-"
        ax_f.plot(x, f(w * x + b), color=color, label=label, linestyle=style, zorder=3)
        for seg in _segments((-2.0, 2.0), (-b / w,)):
            ax_g.plot(seg, df(w * seg + b), color=color, linestyle=style, zorder=3)
    ax_f.set_title(r"unit output $f(wx + b)$, $w = 1$")
    ax_f.legend(loc="upper left")
    ax_g.set_title(r"$\partial f / \partial b$: the gradient the unit gets")
    ax_g.annotate("dead ReLU: 0 for every input,\nso $w$ and $b$ never change", (-1.9, 0.08), fontsize=7.5, color=pal.fg)
    ax_g.set_ylim(-0.1, 1.2)


# --- declarations --------------------------------------------------------------------------------

_DECORATIONS = {
    "sigmoid": (r"$\sigma(x)$", r"$\sigma'(x)$", _sigmoid),
    "tanh": (r"$\tanh(x)$", r"$\tanh'(x)$", _tanh),
    "relu": (r"$\mathrm{ReLU}(x)$", r"$\mathrm{ReLU}'(x)$", _relu),
    "leaky-relu": (r"$\mathrm{LeakyReLU}(x)$, $a = 0.01$", "derivative", _leaky),
    "prelu": (r"$\mathrm{PReLU}(x)$", r"$\partial f/\partial x$, $a = 0.25$", _prelu),
    "relu6": (r"$\mathrm{ReLU6}(x)$", r"$\mathrm{ReLU6}'(x)$", _relu6),
    "relu-squared": (r"$\mathrm{ReLU}(x)^2$", r"$2\,\mathrm{ReLU}(x)$", _relu_squared),
    "elu": (r"$\mathrm{ELU}(x)$, $\alpha = 1$", r"$\mathrm{ELU}'(x)$", _elu),
    "selu": (r"$\mathrm{SELU}(x)$", r"$\mathrm{SELU}'(x)$", _selu),
    "celu": (r"$\mathrm{CELU}(x)$", r"$\mathrm{CELU}'(x)$", _celu),
    "gelu": (r"$\mathrm{GELU}(x) = x\,\Phi(x)$", r"$\mathrm{GELU}'(x)$", _gelu),
    "gelu-tanh": (r"$\mathrm{GELU}_{\tanh}(x)$", r"$\mathrm{GELU}_{\tanh}'(x)$", _gelu_tanh),
    "silu": (r"$\mathrm{SiLU}(x) = x\,\sigma(x)$", r"$\mathrm{SiLU}'(x)$", _silu),
    "mish": (r"$\mathrm{Mish}(x)$", r"$\mathrm{Mish}'(x)$", _mish),
    "softplus": (r"$\mathrm{Softplus}(x)$, $\beta = 1$", r"$\sigma(x)$", _softplus),
    "softsign": (r"$\mathrm{Softsign}(x)$", r"$\mathrm{Softsign}'(x)$", _softsign),
    "hardsigmoid": (r"$\mathrm{Hardsigmoid}(x)$", "derivative", _hardsigmoid),
    "hardswish": (r"$\mathrm{Hardswish}(x)$", "derivative", _hardswish),
}

_TEXT = {
    "sigmoid": ("The logistic sigmoid squashes ℝ into (0, 1); its derivative peaks at 1/4 and vanishes in both tails.",
                "Left: an S-shaped curve rising from 0 to 1 through (0, 0.5), with dashed asymptotes at 0 and 1. "
                "Right: a bell-shaped derivative with maximum 0.25 at x = 0, near zero beyond |x| = 5."),
    "tanh": ("tanh is a zero-centered sigmoid with range (−1, 1); its derivative peaks at 1 at the origin.",
             "Left: an S-shaped curve from −1 to 1 through the origin with slope 1, dashed asymptotes at ±1. "
             "Right: a bell-shaped derivative with maximum 1 at x = 0, near zero beyond |x| = 3."),
    "relu": ("ReLU is the identity for positive inputs and zero otherwise; PyTorch's gradient at exactly 0 is 0.",
             "Left: zero for x < 0 and the line y = x for x > 0, with a kink at the origin. "
             "Right: the derivative is a step from 0 to 1; the dot at x = 0 shows PyTorch's value 0."),
    "leaky-relu": ("Leaky ReLU keeps a small slope (0.01 by default) for negative inputs, so the gradient never vanishes.",
                   "Left: the line y = x for x > 0 and an almost flat line of slope 0.01 for x < 0, kink at the origin. "
                   "Right: the derivative steps from 0.01 to 1; the dot at x = 0 shows PyTorch's value 0.01."),
    "prelu": ("PReLU learns the negative slope a (PyTorch initializes it to 0.25); a = 0.1 and 0.5 shown for contrast.",
              "Left: three rectifiers that agree for x > 0 and have negative-side slopes 0.1, 0.25 and 0.5. "
              "Right: the derivative with respect to x steps from 0.25 to 1, with PyTorch's value 0.25 at x = 0."),
    "relu6": ("ReLU6 is ReLU clipped at 6; its gradient is 1 only strictly between the two kinks.",
              "Left: zero for x < 0, the identity between 0 and 6, flat at 6 beyond, kinks marked at (0, 0) and (6, 6). "
              "Right: the derivative is 1 on (0, 6) and 0 elsewhere, with PyTorch's value 0 marked at both kinks."),
    "relu-squared": ("Squared ReLU (Primer) is 0 for x < 0 and x² for x > 0; its derivative 2·ReLU(x) is continuous.",
                     "Left: zero for x < 0 and a parabola for x > 0, below ReLU (dashed) on (0, 1) and above it beyond "
                     "x = 1. Right: the derivative is 0 for x < 0 and the line 2x for x > 0, with no jump at the origin."),
    "elu": ("ELU bends smoothly to −α (here −1) for negative inputs; with α = 1 its derivative is continuous.",
            "Left: the identity for x > 0 and an exponential curve approaching the dashed asymptote −1 for x < 0. "
            "Right: the derivative is e^x for x < 0, rising to 1 at the origin, and 1 for x > 0."),
    "selu": ("SELU scales ELU by λ ≈ 1.0507 with α ≈ 1.6733, so its derivative jumps from λα ≈ 1.758 to λ at 0.",
             "Left: a line of slope 1.0507 for x > 0 and an exponential approaching −1.7581 for x < 0. "
             "Right: the derivative rises as λα e^x to 1.758 at x = 0, then drops to the constant λ = 1.0507."),
    "celu": ("CELU rescales the exponential by α so that the derivative is 1 at 0 for every α.",
             "Left: CELU with α = 1 (approaching −1) and α = 2 (approaching −2); both are the identity for x > 0. "
             "Right: both derivatives are e^(x/α) for x < 0 and reach 1 at the origin without a jump."),
    "gelu": ("GELU weights x by the Gaussian CDF: a smooth ReLU with a small dip, minimum near x ≈ −0.752.",
             "Left: GELU follows ReLU (dashed) closely except near zero, dipping to about −0.170 at x ≈ −0.752. "
             "Right: the derivative crosses zero at the minimum and overshoots to about 1.129 at x = √2 before settling at 1."),
    "gelu-tanh": ("The tanh approximation of GELU is indistinguishable from the exact curve at this scale.",
                  "Left: the tanh-approximate GELU lies on top of the exact GELU (dashed), with its minimum marked near x ≈ −0.752. "
                  "Right: its derivative crosses zero at the minimum and approaches 0 on the left and 1 on the right."),
    "silu": ("SiLU (Swish) is x·σ(x): smooth, non-monotonic, minimum near x ≈ −1.278.",
             "Left: SiLU close to ReLU (dashed) for large |x|, dipping to about −0.278 at x ≈ −1.278. "
             "Right: the derivative crosses zero at the minimum, overshoots above 1 near x = 2.4 and tends to 1."),
    "mish": ("Mish is x·tanh(softplus(x)): like SiLU (dashed) with a slightly deeper minimum near x ≈ −1.192.",
             "Left: Mish and SiLU almost overlap; Mish dips to about −0.309 at x ≈ −1.192. "
             "Right: the derivative crosses zero at the minimum and tends to 0 on the left and 1 on the right."),
    "softplus": ("Softplus is a smooth ReLU, log(1 + e^x), equal to ln 2 at 0; its derivative is the sigmoid.",
                 "Left: a smooth curve above ReLU (dashed) that passes through (0, ln 2) and approaches ReLU for large |x|. "
                 "Right: the derivative is the sigmoid, 0.5 at the origin and tending to 1."),
    "softsign": ("Softsign approaches ±1 polynomially, much more slowly than tanh (dashed).",
                 "Left: Softsign and tanh, both between −1 and 1; Softsign is still well below 1 at x = 10 (0.91). "
                 "Right: Softsign's derivative 1/(1+|x|)² has heavier tails than tanh's."),
    "hardsigmoid": ("PyTorch's hard sigmoid is ReLU6(x + 3)/6: a linear ramp from 0 at x = −3 to 1 at x = 3.",
                    "Left: a piecewise-linear ramp from (−3, 0) to (3, 1), next to the logistic sigmoid (dashed), which is steeper. "
                    "Right: the derivative is 1/6 on (−3, 3) and 0 elsewhere, including PyTorch's value 0 at ±3."),
    "hardswish": ("Hard swish is x·ReLU6(x + 3)/6, a piecewise-quadratic SiLU; its derivative jumps at ±3.",
                  "Left: zero below −3, a parabola with minimum −0.375 at x = −1.5, the identity above 3; SiLU dashed for comparison. "
                  "Right: the derivative is 0, then the line (2x + 3)/6 from −0.5 to 1.5, then 1, with PyTorch's values 0 and 1 at −3 and 3."),
}

_MEMBER_FIGURES = []
for _name, (_fl, _dfl, _extra) in _DECORATIONS.items():
    _draw, _size = _member(_name, _fl, _dfl, _extra)
    _MEMBER_FIGURES.append(Figure(name=f"activation-{_name}", draw=_draw, caption=_TEXT[_name][0],
                                  alt=_TEXT[_name][1], size=_size, module=__name__))

_MEMBER_FIGURES += [
    Figure(
        name="activation-softmax",
        draw=draw_softmax,
        caption="Softmax of z = (z₁, 1, 0, −1) as z₁ varies: raising one logit takes probability from all others.",
        alt=("Left: four probability curves; s₁ rises from 0 to 1 as z₁ grows while s₂, s₃, s₄ fall, always summing to 1. "
             "Right: the diagonal Jacobian entry s₁(1 − s₁) is a bump with maximum 1/4 where s₁ = 1/2; the "
             "off-diagonal entry −s₁s₂ is a negative bump."),
        size=(6.6, 2.7),
    ),
    Figure(
        name="activation-log-softmax",
        draw=draw_log_softmax,
        caption="Log-softmax is a smooth ‘z minus max’: log s₁ tends to 0 for a dominant logit and to a slope-1 line otherwise.",
        alt=("Left: log s₁ rises along a dashed slope-1 asymptote for very negative z₁ and flattens towards 0 for large z₁; "
             "log s₂ falls. Right: the Jacobian entries 1 − s₁ (from 1 to 0) and −s₁ (from 0 to −1)."),
        size=(6.6, 2.7),
    ),
]

_MEMBER_FIGURES += [
    Figure(name=f"activation-{_name}", draw=gated_drawer(_name), caption=_GATED_TEXT[_name][0],
           alt=_GATED_TEXT[_name][1], size=(6.6, 2.7), module=__name__)
    for _name in ("glu", "reglu", "geglu", "swiglu")
]

FIGURES = _MEMBER_FIGURES + [
    Figure(
        name="activation-gelu-approx-error",
        draw=draw_gelu_error,
        caption="The tanh approximation minus exact GELU, in units of 10⁻⁴: the gap never exceeds 4.8 × 10⁻⁴.",
        alt=("An odd-looking wiggle around zero between x = −6 and 6, scaled by 10⁴; the largest gaps, about "
             "4.7 × 10⁻⁴ in magnitude, are marked at |x| ≈ 2.70, and the gap decays to zero beyond |x| = 5."),
        size=(6.4, 2.4),
    ),
    Figure(
        name="activation-softmax-temperature",
        draw=draw_temperature,
        caption="Dividing the logits z = (2, 1, 0.1, −1, −3) by a temperature T: low T sharpens towards one-hot, high T flattens towards uniform.",
        alt=("Left: grouped bars of the five probabilities for T = 0.5, 1, 2 and 5; at T = 0.5 the first logit takes most "
             "of the mass, at T = 5 all bars approach the dashed uniform line 1/5. Right: entropy rises from 0 at small T "
             "to ln 5 ≈ 1.61 at large T, on a logarithmic T axis."),
        size=(6.8, 2.8),
    ),
    Figure(
        name="activation-saturation",
        draw=draw_saturation,
        caption="Saturation: sigmoid's derivative is at most 1/4, so gradients shrink layer after layer; ReLU passes them through.",
        alt=("Left: derivatives of sigmoid (peak 0.25), tanh (peak 1), ReLU (step to 1) and GELU over [−6, 6], with the "
             "saturated tails shaded. Right: on a log scale, the gradient reaching each layer of a 20-layer MLP: "
             "it falls by about 12 orders of magnitude for sigmoid, about 6 times for tanh and stays near 1 for ReLU."),
        size=(6.8, 2.9),
    ),
    Figure(
        name="activation-dying-relu",
        draw=draw_dying_relu,
        caption="A dying ReLU: once the bias is pushed to −3, the unit outputs 0 and receives zero gradient for every input in the data.",
        alt=("Left: three units over inputs from −2 to 2; ReLU with bias 0.5 is active for x > −0.5, ReLU with bias −3 is "
             "flat at zero everywhere, Leaky ReLU with bias −3 is slightly negative. Right: their gradients; the dead ReLU's "
             "is zero on the whole data range, the leaky unit's is 0.01, the live unit's is 1 where it is active."),
        size=(6.8, 2.8),
    ),
]
