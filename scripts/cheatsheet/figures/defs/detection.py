"""Figures of the object-detection page: IoU and greedy NMS on boxes, and anchors on a feature grid with
their assignment to a ground-truth box."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure as MplFigure
from matplotlib.patches import Rectangle

from ...numerics.detection import assign_anchors, base_anchors, grid_anchors, nms, pairwise_iou
from ..catalogue import Figure
from ..style import Palette

# raw detections of two objects (a cat on the left, a dog on the right) and one stray box
NMS_BOXES = np.array([
    [10, 22, 50, 62], [16, 16, 56, 56], [6, 28, 46, 68],
    [62, 30, 94, 70], [58, 36, 92, 76],
    [40, 4, 70, 20],
], dtype=float)
NMS_SCORES = np.array([0.92, 0.81, 0.66, 0.88, 0.74, 0.35])
NMS_T = 0.5


def _box(ax, b, color, ls="-", lw=1.6, fill=None, alpha=1.0, z=3):
    x1, y1, x2, y2 = b
    ax.add_patch(Rectangle((x1, y1), x2 - x1, y2 - y1, fill=fill is not None, facecolor=fill or "none",
                           edgecolor=color, linestyle=ls, linewidth=lw, alpha=alpha, zorder=z))


def _frame(ax, pal, xlim, ylim, title):
    ax.set_xlim(*xlim)
    ax.set_ylim(ylim[1], ylim[0])  # image coordinates: y grows downwards
    ax.set_aspect("equal")
    ax.set_title(title, fontsize=8.5)
    ax.set_xlabel("x (pixels)")
    ax.grid(False)


def draw_iou_nms(fig: MplFigure, pal: Palette) -> None:
    ax_iou, ax_raw, ax_nms = fig.subplots(1, 3)
    a, b = np.array([10.0, 10.0, 50.0, 50.0]), np.array([30.0, 25.0, 70.0, 65.0])
    inter = np.array([30.0, 25.0, 50.0, 50.0])
    _box(ax_iou, inter, pal.c2, lw=0, fill=pal.c2, alpha=0.35, z=2)
    _box(ax_iou, a, pal.c0)
    _box(ax_iou, b, pal.c1)
    iou = pairwise_iou(a[None], b[None])[0, 0]
    ax_iou.text(40, 37.5, "∩", ha="center", va="center", color=pal.fg, fontsize=11)
    ax_iou.text(40, 74, f"IoU = 500 / 2700 = {iou:.3f}", ha="center", va="top", color=pal.fg, fontsize=7.5)
    ax_iou.text(12, 8, "A", color=pal.c0, fontsize=8, va="bottom")
    ax_iou.text(68, 67, "B", color=pal.c1, fontsize=8, va="top", ha="right")
    _frame(ax_iou, pal, (0, 80), (0, 82), "IoU = |A ∩ B| / |A ∪ B|")
    ax_iou.set_ylabel("y (pixels, downwards)")

    colors = [pal.c0, pal.c0, pal.c0, pal.c1, pal.c1, pal.c3]
    spots = ("tl", "tr", "bl", "tr", "bl", "tl")  # where each score is written, so that labels do not collide
    for bx, s, c, spot in zip(NMS_BOXES, NMS_SCORES, colors, spots):
        _box(ax_raw, bx, c, lw=1.2)
        x = bx[0] + 1 if spot[1] == "l" else bx[2] - 1
        y = bx[1] - 1 if spot[0] == "t" else bx[3] + 1
        ax_raw.text(x, y, f"{s:.2f}", color=c, fontsize=6.5, va="bottom" if spot[0] == "t" else "top",
                    ha="left" if spot[1] == "l" else "right")
    _frame(ax_raw, pal, (0, 100), (0, 84), f"{len(NMS_BOXES)} raw detections")

    keep = set(nms(NMS_BOXES, NMS_SCORES, NMS_T).tolist())
    iou_all = pairwise_iou(NMS_BOXES, NMS_BOXES)
    for i, (bx, s, c) in enumerate(zip(NMS_BOXES, NMS_SCORES, colors)):
        if i in keep:
            _box(ax_nms, bx, c, lw=1.8)
            ax_nms.text(bx[0] + 1, bx[1] - 1, f"{s:.2f} kept", color=c, fontsize=6.5, va="bottom")
        else:
            winner = max((k for k in keep if NMS_SCORES[k] > s), key=lambda k: iou_all[i, k])
            _box(ax_nms, bx, pal.muted, ls=(0, (2, 2)), lw=0.9)
            right = bx[2] > NMS_BOXES[winner][2]
            ax_nms.text(bx[2] - 1 if right else bx[0] + 1, bx[1] - 1 if right else bx[3] + 1,
                        f"IoU {iou_all[i, winner]:.2f}", color=pal.muted, fontsize=6,
                        ha="right" if right else "left", va="bottom" if right else "top")
    _frame(ax_nms, pal, (0, 100), (0, 84), f"greedy NMS, t = {NMS_T}: {len(keep)} kept")


def draw_anchors(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    stride, hf, wf = 16, 5, 7
    base = base_anchors(scales=(16.0, 32.0, 48.0), ratios=(0.5, 1.0, 2.0))
    anchors = grid_anchors(base, (hf, wf), stride) + stride / 2  # anchors centered in their cells
    gt = np.array([[58.0, 26.0, 92.0, 58.0], [20.0, 50.0, 30.0, 78.0]])
    labels, _ = assign_anchors(anchors, gt, 0.7, 0.3)
    for i in range(hf + 1):
        ax.axhline(i * stride, color=pal.grid, linewidth=0.6, zorder=1)
    for j in range(wf + 1):
        ax.axvline(j * stride, color=pal.grid, linewidth=0.6, zorder=1)
    centers = grid_anchors(np.zeros((1, 4)), (hf, wf), stride)[:, :2] + stride / 2
    ax.plot(centers[:, 0], centers[:, 1], "o", color=pal.muted, markersize=2, zorder=2)
    cell = 1 * wf + 1  # the 9 anchors of cell (row 1, column 1), drawn for illustration
    for k, b in enumerate(anchors[cell * 9:(cell + 1) * 9]):
        _box(ax, b, pal.c0, lw=0.9, ls="-" if k % 3 == 1 else (0, (3, 2)))
    for b in anchors[labels == 1]:
        _box(ax, b, pal.c2, lw=1.4)
    for g in gt:
        _box(ax, g, pal.c1, lw=2.2)
    n_pos, n_ign = int((labels == 1).sum()), int((labels == -1).sum())
    best = pairwise_iou(anchors, gt).max(axis=0)
    ax.text(gt[0, 2] + 2, gt[0, 1], f"ground truth\n(best IoU {best[0]:.2f})", color=pal.c1, fontsize=7, va="top")
    ax.text(gt[1, 2] + 2, gt[1, 3], f"thin object: best IoU\n{best[1]:.2f} < 0.7, that anchor\nis made positive",
            color=pal.c1, fontsize=7, va="bottom")
    ax.text(2, -18, "9 anchors of one cell (3 scales × 3 ratios)", color=pal.c0, fontsize=7.5, va="top")
    ax.text(wf * stride - 1, hf * stride + 3,
            f"{n_pos} positive (IoU ≥ 0.7 or best), {n_ign} ignored, {len(anchors) - n_pos - n_ign} negative",
            color=pal.c2, fontsize=7.5, va="top", ha="right")
    ax.set_xlim(-16, wf * stride + 40)
    ax.set_ylim(hf * stride + 14, -20)
    ax.set_aspect("equal")
    ax.set_xlabel(f"x (pixels); feature grid {hf}×{wf}, stride {stride}")
    ax.set_ylabel("y (pixels)")
    ax.grid(False)


FIGURES = [
    Figure(
        name="detection-iou-nms",
        draw=draw_iou_nms,
        caption="IoU of two boxes, and greedy non-maximum suppression at IoU threshold 0.5 on six detections, "
                "computed with cheatsheet.numerics.detection (pairwise_iou, nms).",
        alt="Left: two 40×40 boxes A and B overlapping in a 20×25 region, IoU 500/2700 = 0.185. Middle: six raw "
            "detections, three overlapping boxes on a left object (scores 0.92, 0.81, 0.66), two on a right object "
            "(0.88, 0.74) and a stray low-score box (0.35). Right: after NMS the best box of each object and the "
            "stray box remain; the other boxes are drawn dashed with their IoU to the kept box, all above 0.5.",
        size=(7.0, 2.7),
    ),
    Figure(
        name="detection-anchors",
        draw=draw_anchors,
        caption="Anchors on a 5×7 feature grid of stride 16: the 9 anchors of one cell (scales 16, 32, 48 pixels, "
                "ratios 1:2, 1:1, 2:1) and the anchors labeled positive for one ground-truth box by the RPN rule, "
                "from cheatsheet.numerics.detection (grid_anchors, assign_anchors).",
        alt="A grid of 5 by 7 cells with a dot at each cell center. Around one cell near the top left, nine "
            "anchor boxes of three sizes and three shapes (wide, square, tall) are drawn in blue. An orange "
            "ground-truth box on the right is covered by the few green anchors whose IoU with it is at least "
            "0.7 or the highest; the counts of positive, ignored and negative anchors are written below.",
        size=(5.6, 3.6),
    ),
]
