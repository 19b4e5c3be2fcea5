"""Palettes and small plotting helpers shared by every figure.

Each figure is drawn twice, once per palette, so a drawing function never hard-codes a
colour: it takes them from the :class:`Palette` it is given.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes


@dataclass(frozen=True)
class Palette:
    name: str  # "light" or "dark": the file suffix and Material's #only-light / #only-dark
    fg: str  # text, axes, ticks
    muted: str  # secondary lines, annotations
    grid: str
    bg: str  # page background (figures are transparent; used for fills that hide lines)
    series: tuple[str, ...]  # colours of successive curves, colour-blind safe order

    @property
    def c0(self) -> str:
        return self.series[0]

    @property
    def c1(self) -> str:
        return self.series[1]

    @property
    def c2(self) -> str:
        return self.series[2]

    @property
    def c3(self) -> str:
        return self.series[3]


# Okabe–Ito based series, tuned per background for contrast (>= 3:1 against the page).
LIGHT = Palette(
    name="light",
    fg="#1f2328",
    muted="#59636e",
    grid="#d0d7de",
    bg="#ffffff",
    series=("#0b5fad", "#c2410c", "#047857", "#9d174d", "#6d28d9", "#a16207"),
)
DARK = Palette(
    name="dark",
    fg="#e6edf3",
    muted="#9198a1",
    grid="#3d444d",
    bg="#1e2129",
    series=("#6cb6ff", "#f69d50", "#57d9a3", "#f778ba", "#b392f0", "#e3b341"),
)
PALETTES = (LIGHT, DARK)


def rc_params(pal: Palette) -> dict[str, object]:
    """matplotlib settings for one palette; also fixes everything that makes SVG vary."""
    return {
        "svg.hashsalt": "dl-cheatsheet",
        "svg.fonttype": "path",
        "font.family": "DejaVu Sans",
        "font.size": 9.0,
        "axes.titlesize": 9.5,
        "axes.labelsize": 9.0,
        "legend.fontsize": 8.0,
        "xtick.labelsize": 8.0,
        "ytick.labelsize": 8.0,
        "text.color": pal.fg,
        "axes.labelcolor": pal.fg,
        "axes.edgecolor": pal.muted,
        "axes.titlecolor": pal.fg,
        "xtick.color": pal.muted,
        "ytick.color": pal.muted,
        "xtick.labelcolor": pal.fg,
        "ytick.labelcolor": pal.fg,
        "grid.color": pal.grid,
        "grid.linewidth": 0.6,
        "axes.grid": True,
        "axes.axisbelow": True,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": __import__("cycler").cycler(color=list(pal.series)),
        "lines.linewidth": 1.8,
        "legend.frameon": False,
        "figure.facecolor": "none",
        "axes.facecolor": "none",
        "savefig.facecolor": "none",
        "savefig.transparent": True,
        "mathtext.fontset": "dejavusans",
        "path.simplify": True,
    }


def zero_axes(ax: Axes, pal: Palette) -> None:
    """Thin lines through the origin, under the curves."""
    ax.axhline(0.0, color=pal.muted, linewidth=0.8, zorder=1)
    ax.axvline(0.0, color=pal.muted, linewidth=0.8, zorder=1)


def mark_point(ax: Axes, pal: Palette, x: float, y: float, label: str, *,
               color: str | None = None, offset: tuple[float, float] = (6, 6)) -> None:
    """A dot at (x, y) with a short label; used for kinks, minima, crossings."""
    ax.plot([x], [y], "o", markersize=4, color=color or pal.fg, zorder=5)
    ax.annotate(label, (x, y), xytext=offset, textcoords="offset points",
                fontsize=7.5, color=pal.fg)


def asymptote(ax: Axes, pal: Palette, y: float, label: str | None = None) -> None:
    """A dashed horizontal asymptote."""
    ax.axhline(y, color=pal.muted, linestyle=(0, (4, 3)), linewidth=0.9, zorder=1)
    if label:
        ax.annotate(label, (1.0, y), xycoords=("axes fraction", "data"),
                    xytext=(-2, 3), textcoords="offset points", ha="right",
                    fontsize=7.5, color=pal.muted)


def function_and_derivative(
    axes: Sequence[Axes],
    pal: Palette,
    f: Callable[[np.ndarray], np.ndarray],
    df: Callable[[np.ndarray], np.ndarray],
    window: tuple[float, float],
    *,
    samples: int = 801,
    f_label: str = "$f(x)$",
    df_label: str = "$f'(x)$",
) -> np.ndarray:
    """Plot f on the first axes and f' on the second over ``window``; return the grid."""
    x = np.linspace(window[0], window[1], samples)
    for ax, fn, label, colour in ((axes[0], f, f_label, pal.c0), (axes[1], df, df_label, pal.c1)):
        zero_axes(ax, pal)
        ax.plot(x, fn(x), color=colour, zorder=3)
        ax.set_title(label)
        ax.set_xlabel("$x$")
        ax.set_xlim(*window)
    return x
