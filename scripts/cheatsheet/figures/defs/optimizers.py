"""Figures of the Optimizers page: trajectories on 2-D test surfaces and loss against step."""

from __future__ import annotations

from functools import cache

import numpy as np
from matplotlib.figure import Figure as MplFigure

from ...numerics.optimizers import OPTIMIZERS, REFERENCE_IMPLEMENTED
from ...numerics.surfaces import SURFACES, Surface
from ..catalogue import Figure
from ..style import Palette, mark_point

GROUPS = (
    ("SGD family", ("sgd", "momentum", "nesterov")),
    ("Per-coordinate scaling", ("adagrad", "adadelta", "rmsprop", "rmsprop-centered")),
    ("Adam family and Lion", ("adam", "adamw", "nadam", "radam", "adamax", "lion")),
    ("Factored, orthogonalized, layer-wise", ("adafactor", "muon", "lamb", "lars")),
)
LINESTYLES = ("-", "--", "-", "--", "-", "--")
SHORT = {"quadratic": "quadratic", "rosenbrock": "Rosenbrock", "saddle": "saddle"}


@cache
def trajectory(name: str, surface: str) -> np.ndarray:
    """Path of optimizer ``name`` on ``surface`` with its stated figure learning rate."""
    s, o = SURFACES[surface], OPTIMIZERS[name]
    with np.errstate(over="ignore", invalid="ignore"):
        return o.run(s.grad, s.start, s.steps, lr=o.lr[surface], **o.figure_settings)


def _contours(ax, pal: Palette, s: Surface) -> None:
    x0, x1, y0, y1 = s.window
    xx, yy = np.meshgrid(np.linspace(x0, x1, 90), np.linspace(y0, y1, 90))
    zz = s.f(np.stack([xx, yy], axis=-1))
    ax.contour(xx, yy, zz, levels=list(s.levels), colors=[pal.grid], linewidths=0.8, zorder=1)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.grid(False)
    for m in s.minima:
        mark_point(ax, pal, *m, "min", offset=(4, -10))
    for p in s.saddles:
        mark_point(ax, pal, *p, "saddle", offset=(4, 4))
    ax.plot(*s.start, "s", markersize=4, color=pal.muted, zorder=5)
    ax.annotate("start", s.start, xytext=(4, 4), textcoords="offset points", fontsize=7.5,
                color=pal.muted)


def _path(ax, path: np.ndarray, color: str, label: str | None = None, style: str = "-") -> None:
    ax.plot(path[:, 0], path[:, 1], style, color=color, linewidth=1.3, label=label, zorder=3)


def member_drawer(name: str):
    def draw(fig: MplFigure, pal: Palette) -> None:
        axes = fig.subplots(1, 2)
        for ax, surface in zip(axes, ("quadratic", "rosenbrock")):
            s = SURFACES[surface]
            _contours(ax, pal, s)
            path = trajectory(name, surface)
            _path(ax, path, pal.c0)
            ax.plot(path[::10, 0], path[::10, 1], ".", color=pal.c0, markersize=3, zorder=4)
            ax.set_title(f"{SHORT[surface]}: η = {OPTIMIZERS[name].lr[surface]:g}, {s.steps} steps")
    return draw


def trajectories_drawer(surface: str):
    def draw(fig: MplFigure, pal: Palette) -> None:
        s = SURFACES[surface]
        for ax, (title, members) in zip(fig.subplots(2, 2).flat, GROUPS):
            _contours(ax, pal, s)
            for i, name in enumerate(members):
                _path(ax, trajectory(name, surface), pal.series[i],
                      f"{OPTIMIZERS[name].title} ({OPTIMIZERS[name].lr[surface]:g})", LINESTYLES[i])
            ax.set_title(title)
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), fontsize=6.5, ncol=1 + (len(members) > 4),
                      handlelength=1.6, columnspacing=0.8)
    return draw


def loss_drawer(surface: str):
    def draw(fig: MplFigure, pal: Palette) -> None:
        s = SURFACES[surface]
        axes = list(fig.subplots(2, 2, sharey=True).flat)
        for ax, (title, members) in zip(axes, GROUPS):
            for i, name in enumerate(members):
                path = trajectory(name, surface)
                with np.errstate(invalid="ignore", over="ignore"):
                    gap = np.maximum(s.f(path) - s.f_min, 1e-12)
                ax.semilogy(np.arange(len(gap)), gap, LINESTYLES[i], color=pal.series[i],
                            linewidth=1.3, label=OPTIMIZERS[name].title)
            ax.set_title(title)
            ax.set_xlabel("step $t$")
            ax.set_ylabel(r"$f(\theta_t) - f^\star$")
            ax.set_xlim(0, s.steps)
            ax.set_ylim(1e-12, 1e3)
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), fontsize=6.5, ncol=1 + (len(members) > 4),
                      handlelength=1.6, columnspacing=0.8)
        mark_point(axes[0], pal, 0, float(s.f(np.array(s.start)) - s.f_min), "start", offset=(4, 2))
    return draw


_GROUP_WORDS = ("SGD, SGD with momentum and Nesterov; AdaGrad, AdaDelta, RMSProp and centered RMSProp; "
                "Adam, AdamW, NAdam, RAdam, Adamax and Lion; Adafactor, Muon, LAMB and LARS")

_SURFACE_ALT = {
    "quadratic": ("elliptical contours of a quadratic bowl whose long axis runs along the diagonal "
                  "y = x, minimum at the origin, start at (-2.5, -1)"),
    "rosenbrock": ("the curved banana-shaped valley of the Rosenbrock function, start at (-1.2, 1) "
                   "and minimum at (1, 1)"),
    "saddle": ("contours of a saddle at the origin with two minima at (0, 1) and (0, -1), start at "
               "(1.5, 0.001) almost exactly on the ridge line y = 0"),
}

_SURFACE_CAPTION = {
    "quadratic": "Ill-conditioned quadratic (Hessian eigenvalues 1 and 20, axes rotated 45°), 100 steps.",
    "rosenbrock": "Rosenbrock valley, 500 steps.",
    "saddle": "Saddle x²/2 − y²/2 + y⁴/4 started 0.001 off the ridge, 100 steps.",
}

_MEMBER_ALT = {
    "sgd": "on the quadratic the first step removes the steep component (η times 20 is 1) and the path runs straight down the valley to the minimum; on Rosenbrock it jumps across the valley, then bounces between its walls and stalls near (0.5, 0.26)",
    "momentum": "on the quadratic the path swings in wide S-curves and circles the minimum before settling; on Rosenbrock it overshoots below the valley floor, then follows it to (1, 1) with a small overshoot beyond",
    "nesterov": "on the quadratic it crosses the valley once, then heads straight to the minimum and slightly past it; on Rosenbrock it follows the valley floor smoothly to about (0.95, 0.9)",
    "adagrad": "the steps shrink as the squared gradients accumulate: the path stops about a third of the way to the minimum on the quadratic and on the valley floor near (-0.26, 0.07) on Rosenbrock",
    "adadelta": "the path barely leaves the start on the quadratic and creeps down the first wall of Rosenbrock to the valley floor near (0.42, 0.18)",
    "rmsprop": "on the quadratic it first jumps past the valley, then moves in steps of nearly constant length to the minimum; on Rosenbrock its large steps throw it out of the window and it ends oscillating across the valley near (0.6, 0.36)",
    "rmsprop-centered": "almost the same paths as plain RMSProp; on Rosenbrock it ends a little further along the valley, near (0.7, 0.49)",
    "adam": "on the quadratic a curved path with one overshoot reaches the minimum; on Rosenbrock it follows the valley floor to about (0.97, 0.95)",
    "adamw": "a path like Adam's; on Rosenbrock, at its lower stated learning rate and with decay toward the origin, it ends near (0.86, 0.75)",
    "nadam": "on the quadratic an almost straight path to the minimum after one bend; on Rosenbrock it follows the valley floor and then zig-zags across it, ending near (0.63, 0.39)",
    "radam": "on the quadratic the first five momentum steps jump across the valley, then the rectified steps move slowly and end near (-0.83, -0.85); on Rosenbrock, at η = 0.0002, it barely moves from the start",
    "adamax": "on the quadratic a wiggly path that ends near (-0.37, -0.36); on Rosenbrock it slides down to the valley floor and stops near (0.17, 0.03)",
    "adafactor": "the step is relative to the size of θ (a fraction ρ_t of its root mean square), so it shrinks as θ approaches the origin: on the quadratic the path turns into the valley and runs down it to about (-0.06, -0.06); on Rosenbrock it bounces across the valley near the start for about 50 steps, then slides along the valley floor into the origin and stays there",
    "muon": "θ runs as a 1 × 2 matrix, for which the orthogonalized update is the momentum direction at a fixed length 0.68 η: on the quadratic the path curves down to about (-1, -1.5), swings past the minimum to about (1, 0.2) and comes back to circle it; on Rosenbrock it drops down the first wall and follows the valley floor to about (0.92, 0.86)",
    "lamb": "every step has length η times |θ| (the trust ratio), so the steps shrink as θ nears the origin: on the quadratic the path zig-zags once across the valley and then closes in on the minimum, reaching it to 1e-12; on Rosenbrock it slides down to the valley floor and into the origin, lingers there for about 250 steps while its steps shrink with |θ| and grow again, then runs up the valley to about (0.96, 0.96) and ends zig-zagging across it near (0.74, 0.52)",
    "lars": "momentum SGD whose step is rescaled to κη|θ| / |g| per layer (κ = 1 here): on the quadratic it swings past the minimum once in a loop and then settles on it; on Rosenbrock it drops to the valley floor and follows it to about (0.99, 0.97)",
    "lion": "every step moves each coordinate by exactly η, so the path is a staircase of diagonal moves; on the quadratic it ends bouncing back and forth along the valley through the minimum, on Rosenbrock it climbs the valley to about (0.96, 0.96)",
}


def _member_figure(name: str) -> Figure:
    o = OPTIMIZERS[name]
    return Figure(
        name=f"optimizer-{name}",
        draw=member_drawer(name),
        caption=(f"{o.title} on the ill-conditioned quadratic (left, η = {o.lr['quadratic']:g}) and on the "
                 f"Rosenbrock valley (right, η = {o.lr['rosenbrock']:g}); other settings are "
                 + ("the defaults of this page's implementation" if o.torch_class in REFERENCE_IMPLEMENTED
                    else "PyTorch's defaults")
                 + "".join(f", {k} = {v:g}" for k, v in o.figure_settings.items())
                 + (" (θ as a 1 × 2 matrix)" if o.matrix else "") + ". A dot every 10 steps."),
        alt=(f"Two contour plots with the path of {o.title}. Left: {_SURFACE_ALT['quadratic']}. Right: "
             f"{_SURFACE_ALT['rosenbrock']}. {_MEMBER_ALT[name][0].upper()}{_MEMBER_ALT[name][1:]}."),
        size=(6.6, 2.7),
        module=__name__,
    )


FIGURES = [
    *(Figure(
        name=f"optimizer-trajectories-{surface}",
        draw=trajectories_drawer(surface),
        caption=(f"{_SURFACE_CAPTION[surface]} Every optimizer from the same start with the learning rate in "
                 "parentheses (the best mean log loss on a 1-2-5 grid from 1e-4 to 0.2; AdaDelta at its default 1.0); other settings are "
                 "PyTorch's defaults (AdamW with weight_decay=0.01); LARS with trust coefficient 1 "
                 "(its η and κ act only as the product ηκ)."),
        alt=(f"Four contour plots in a 2 × 2 grid showing {_SURFACE_ALT[surface]}, each with the paths of one group of "
             f"optimizers ({_GROUP_WORDS}). "
             + {"quadratic": "SGD, momentum (after S-shaped swings) and Nesterov reach the minimum; RMSProp, "
                             "Adam, AdamW and NAdam jump away from the valley first and then reach it too; AdaGrad, "
                             "RAdam and Adamax stop partway, Lion oscillates around the minimum and AdaDelta "
                             "barely leaves the start. Adafactor, Muon, LAMB and LARS reach the neighborhood of the minimum.",
                "rosenbrock": "Momentum reaches (1, 1) and Nesterov, Adam and Lion get close along the curved "
                              "valley floor; SGD stalls bouncing between the walls near (0.5, 0.26); AdaGrad, "
                              "AdaDelta and Adamax stop on the valley floor; RMSProp and NAdam zig-zag across "
                              "the valley; RAdam barely moves. Muon reaches about (0.92, 0.86); Adafactor slides along the "
                              "valley floor into the origin and stops there, its step shrinking with the size of θ; LARS "
                              "reaches about (0.99, 0.97); LAMB lingers at the origin for about 250 steps, then runs up the "
                              "valley and ends zig-zagging near (0.74, 0.52).",
                "saddle": "Every path first slides along the ridge toward the saddle; the tiny offset in y then "
                          "grows and the path turns to the minimum at (0, 1). RMSProp turns after a few steps, "
                          "SGD and momentum after about 40; AdaDelta is still near x = 1.1 after 100 steps. Muon's "
                          "fixed-length steps carry it past x = 0 to about x = -0.5 before it turns."}[surface]),
        size=(7.2, 6.6),
        module=__name__,
    ) for surface in SURFACES),
    *(Figure(
        name=f"optimizer-loss-{surface}",
        draw=loss_drawer(surface),
        caption=(f"Loss gap f(θ_t) − f* (log scale) against step on the {SHORT[surface]} "
                 "surface, same runs as its trajectory figure."),
        alt=(f"Four panels (2 × 2) of loss gap on a log scale against step, one per group of optimizers "
             f"({_GROUP_WORDS}), on the {SHORT[surface]} surface. "
             + {"quadratic": "Nesterov falls fastest (below 0.01 after 7 steps); SGD, momentum, RMSProp, Adam, "
                             "AdamW and NAdam end between 1e-7 and about 1e-4; AdaGrad, RAdam, Adamax and Lion stay "
                             "above 0.1 and AdaDelta near the starting loss. Adafactor ends near 0.004, Muon near 0.04, LARS "
                             "near 1e-4 and LAMB at 1e-12.",
                "rosenbrock": "Momentum falls to 1e-4 and Adam below 1e-3 with spikes when they overshoot; "
                              "SGD, AdaGrad, AdaDelta and Adamax level off between 0.2 and 2; Lion's curve "
                              "has deep dips where its grid of steps hits the minimum exactly; RAdam stays high. "
                              "Muon falls to about 0.015, LARS to 0.005 and LAMB to 0.15; Adafactor levels off at 1, the "
                              "loss at the origin.",
                "saddle": "Curves stay flat while the path sits near the saddle and then drop steeply when it "
                          "escapes: RMSProp after under 10 steps, SGD and momentum after about 40; AdaDelta "
                          "stays high. Adafactor's gap falls steadily to 1e-12 by step 70; Muon's drops after about 35 steps and "
                          "then bounces between 1e-4 and 1e-2, its fixed-length steps never shrinking; LAMB and LARS escape "
                          "within about 30 steps and end between 1e-3 and 1e-2."}[surface]),
        size=(7.2, 5.6),
        module=__name__,
    ) for surface in SURFACES),
    *(_member_figure(name) for name in OPTIMIZERS),
]
