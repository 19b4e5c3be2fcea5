"""Figures of the Evaluation metrics page: ROC/PR curves, the confusion matrix, calibration, AP
interpolation, F1 against the threshold, and IoU/Dice."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure as MplFigure
from matplotlib.patches import Rectangle

from ...numerics.activations import sigmoid
from ...numerics.metrics import (
    average_precision,
    average_precision_11pt,
    box_iou,
    calibration_bins,
    confusion_matrix,
    dice_from_iou,
    expected_calibration_error,
    fbeta,
    interpolated_precision,
    precision,
    precision_recall_curve,
    recall,
    roc_auc,
    roc_curve,
)
from ..catalogue import Figure
from ..style import Palette, asymptote, mark_point


def toy_scores(n: int = 1000, prevalence: float = 0.2, separation: float = 1.5, seed: int = 0):
    """Labels and calibrated probabilities: a feature x ~ N(separation * y, 1) and p = P(y = 1 | x) by Bayes."""
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < prevalence).astype(int)
    x = rng.normal(size=n) + separation * y
    log_prior_odds = np.log(prevalence / (1 - prevalence))
    return y, sigmoid(log_prior_odds + separation * x - separation**2 / 2)


def draw_roc_pr(fig: MplFigure, pal: Palette) -> None:
    ax_roc, ax_pr = fig.subplots(1, 2)
    y, p = toy_scores()
    fpr, tpr, thr = roc_curve(y, p)
    auc = roc_auc(y, p)
    ax_roc.plot([0, 1], [0, 1], color=pal.muted, linestyle=(0, (4, 3)), linewidth=0.9, label="chance (AUC 0.5)")
    ax_roc.plot(fpr, tpr, color=pal.c0, label=f"classifier (AUC {auc:.3f})", drawstyle="default")
    ax_roc.fill_between(fpr, tpr, color=pal.c0, alpha=0.12, linewidth=0)
    i = int(np.argmin(np.abs(thr - 0.5)))
    mark_point(ax_roc, pal, fpr[i], tpr[i], f"t = 0.5: FPR {fpr[i]:.2f}, TPR {tpr[i]:.2f}", offset=(6, -12))
    ax_roc.set_xlabel("false positive rate FP / N")
    ax_roc.set_ylabel("true positive rate (recall)")
    ax_roc.set_title("ROC curve")
    ax_roc.set_xlim(0, 1)
    ax_roc.set_ylim(0, 1.02)
    ax_roc.set_aspect("equal")
    ax_roc.legend(loc="lower right")

    prec, rec, thr_pr = precision_recall_curve(y, p)
    ap = average_precision(y, p)
    base = y.mean()
    ax_pr.step(np.r_[0.0, rec], np.r_[prec[0], prec], where="pre", color=pal.c1,
               label=f"classifier (AP {ap:.3f})")
    asymptote(ax_pr, pal, base, f"chance = prevalence {base:.2f}")
    j = int(np.argmin(np.abs(thr_pr - 0.5)))
    mark_point(ax_pr, pal, rec[j], prec[j], f"t = 0.5: R {rec[j]:.2f}, P {prec[j]:.2f}", offset=(6, 6))
    ax_pr.set_xlabel("recall TP / P")
    ax_pr.set_ylabel("precision TP / (TP + FP)")
    ax_pr.set_title("Precision-recall curve")
    ax_pr.set_xlim(0, 1)
    ax_pr.set_ylim(0, 1.02)
    ax_pr.set_aspect("equal")
    ax_pr.legend(loc="upper right")


def toy_multiclass(seed: int = 3):
    """A 3-class problem (60 / 30 / 10 samples) and a prediction that confuses classes 1 and 2 most."""
    rng = np.random.default_rng(seed)
    y = np.repeat([0, 1, 2], [60, 30, 10])
    confusion = np.array([[0.85, 0.10, 0.05], [0.15, 0.70, 0.15], [0.10, 0.40, 0.50]])
    y_hat = np.array([rng.choice(3, p=confusion[t]) for t in y])
    return y, y_hat


def draw_confusion(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    y, y_hat = toy_multiclass()
    cm = confusion_matrix(y, y_hat)
    cmap = LinearSegmentedColormap.from_list("pal", [pal.bg, pal.c0])
    ax.imshow(cm, cmap=cmap, vmin=0, vmax=cm.max())
    for i in range(3):
        for j in range(3):
            dark_cell = cm[i, j] > cm.max() / 2
            ax.text(j, i, str(cm[i, j]), ha="center", va="center", fontsize=10,
                    color=pal.bg if dark_cell else pal.fg, fontweight="bold" if i == j else "normal")
    ax.set_xticks(range(3), [f"class {k}" for k in range(3)])
    ax.set_yticks(range(3), [f"class {k}" for k in range(3)])
    ax.set_xlabel("predicted class $\\hat{y}$")
    ax.set_ylabel("true class $y$")
    ax.grid(False)
    for s in ("left", "bottom"):
        ax.spines[s].set_visible(False)
    ax.tick_params(length=0)
    acc = np.trace(cm) / cm.sum()
    macro = fbeta(y, y_hat, average="macro")
    micro = fbeta(y, y_hat, average="micro")
    ax.set_title(f"accuracy {acc:.2f} = micro-F1 {micro:.2f}; macro-F1 {macro:.2f}", fontsize=8.5)


def draw_calibration(fig: MplFigure, pal: Palette) -> None:
    ax, ax_h = fig.subplots(1, 2, width_ratios=[1.25, 1])
    rng = np.random.default_rng(5)
    z = rng.normal(scale=1.5, size=4000)
    y = (rng.random(z.size) < sigmoid(z)).astype(int)  # the true probability is sigmoid(z)
    p = sigmoid(2.5 * z)  # an over-confident model: logits scaled up
    n_bins = 10
    size, acc, conf = calibration_bins(y, p, n_bins)
    ece = expected_calibration_error(y, p, n_bins)
    edges = np.linspace(0, 1, n_bins + 1)
    centers = (edges[:-1] + edges[1:]) / 2
    ax.plot([0, 1], [0, 1], color=pal.muted, linestyle=(0, (4, 3)), linewidth=0.9, label="perfect calibration")
    ax.bar(centers, acc, width=1 / n_bins, color=pal.c0, alpha=0.75, edgecolor=pal.fg, linewidth=0.5,
           label="fraction positive")
    ax.bar(centers, conf - acc, bottom=acc, width=1 / n_bins, color=pal.c1, alpha=0.35,
           edgecolor=pal.c1, linewidth=0.8, hatch="///", label="gap to mean confidence")
    ax.plot(conf, acc, "o-", color=pal.fg, markersize=3, linewidth=1.0)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.set_xlabel("predicted probability $p$ (bin)")
    ax.set_ylabel("observed frequency of $y = 1$")
    ax.set_title(f"Reliability diagram, ECE = {ece:.3f} ({n_bins} bins)")
    ax.legend(loc="upper left", fontsize=7)
    ax_h.bar(centers, size, width=1 / n_bins, color=pal.c2, alpha=0.8, edgecolor=pal.fg, linewidth=0.5)
    ax_h.set_xlim(0, 1)
    ax_h.set_xlabel("predicted probability $p$")
    ax_h.set_ylabel("samples per bin $\\vert B_m \\vert$")
    ax_h.set_title("Confidence histogram: mass at the ends")


def toy_ranking():
    """Ten scored samples, 4 positives, ranked: + - + + - - + - - -, small enough to see the steps."""
    y = np.array([1, 0, 1, 1, 0, 0, 1, 0, 0, 0])
    s = np.linspace(0.95, 0.05, 10)
    return y, s


def draw_ap_interpolation(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    y, s = toy_ranking()
    prec, rec, _ = precision_recall_curve(y, s)
    grid = np.linspace(0, 1, 401)
    envelope = [interpolated_precision(prec, rec, r) for r in grid]
    ax.fill_between(np.r_[0.0, rec], np.r_[prec[0], prec], step="pre", color=pal.c0, alpha=0.15, linewidth=0)
    ax.step(np.r_[0.0, rec], np.r_[prec[0], prec], where="pre", color=pal.c0,
            label=f"step sum, scikit-learn AP = {average_precision(y, s):.3f}")
    ax.plot(grid, envelope, color=pal.c1, linestyle=(0, (5, 2)),
            label=r"envelope $P_{\mathrm{interp}}(r) = \max_{\tilde r \geq r} P(\tilde r)$")
    pts = np.linspace(0, 1, 11)
    ax.plot(pts, [interpolated_precision(prec, rec, r) for r in pts], "s", color=pal.c1, markersize=4,
            label=f"11 points, VOC 2007 AP = {average_precision_11pt(y, s):.3f}")
    ax.plot(rec, prec, "o", color=pal.fg, markersize=3.5, zorder=5, label="(R, P) after each sample")
    mark_point(ax, pal, rec[1], prec[1], "a negative: P drops, R stays", offset=(8, -3))
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(0, 1.08)
    ax.set_xlabel("recall $R$")
    ax.set_ylabel("precision $P$")
    ax.legend(loc="lower left", fontsize=7)


def draw_f1_threshold(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    y, p = toy_scores()
    t = np.linspace(0.02, 0.98, 97)
    P = np.array([precision(y, (p >= ti).astype(int), zero_division=np.nan) for ti in t])
    R = np.array([recall(y, (p >= ti).astype(int)) for ti in t])
    F = np.array([fbeta(y, (p >= ti).astype(int)) for ti in t])
    ax.plot(t, P, color=pal.c0, label="precision")
    ax.plot(t, R, color=pal.c1, label="recall")
    ax.plot(t, F, color=pal.c2, linewidth=2.4, label="$F_1$")
    k = int(np.argmax(F))
    mark_point(ax, pal, t[k], F[k], f"best $F_1$ = {F[k]:.2f} at t = {t[k]:.2f}", offset=(-70, 12))
    ax.axvline(0.5, color=pal.muted, linestyle=(0, (4, 3)), linewidth=0.9)
    ax.annotate("default t = 0.5", (0.5, 0.04), xytext=(4, 0), textcoords="offset points",
                fontsize=7.5, color=pal.muted)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("decision threshold $t$ (predict positive when $p \\geq t$)")
    ax.set_ylabel("score")
    ax.legend(loc="center right")


BOX_A = (1.0, 1.0, 5.0, 4.0)
BOX_B = (3.0, 2.0, 7.0, 6.0)


def draw_iou(fig: MplFigure, pal: Palette) -> None:
    ax, ax_d = fig.subplots(1, 2, width_ratios=[1.1, 1])
    (ax1, ay1, ax2, ay2), (bx1, by1, bx2, by2) = BOX_A, BOX_B
    ix1, iy1, ix2, iy2 = max(ax1, bx1), max(ay1, by1), min(ax2, bx2), min(ay2, by2)
    for (x1, y1, x2, y2), color, label in ((BOX_A, pal.c0, "A (ground truth)"), (BOX_B, pal.c1, "B (prediction)")):
        ax.add_patch(Rectangle((x1, y1), x2 - x1, y2 - y1, facecolor=color, alpha=0.18, edgecolor=color,
                               linewidth=1.8, label=label))
    ax.add_patch(Rectangle((ix1, iy1), ix2 - ix1, iy2 - iy1, facecolor=pal.c2, alpha=0.55, edgecolor=pal.fg,
                           linewidth=0.8, hatch="///", label="A ∩ B"))
    iou = box_iou(BOX_A, BOX_B)
    inter = (ix2 - ix1) * (iy2 - iy1)
    union = (ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter
    ax.text(4.0, 0.35, f"IoU = {inter:g} / {union:g} = {iou:.3f}", ha="center", fontsize=8.5, color=pal.fg)
    ax.set_xlim(0, 8)
    ax.set_ylim(0, 7)
    ax.set_aspect("equal")
    ax.set_xlabel("$x$ (pixels)")
    ax.set_ylabel("$y$ (pixels)")
    ax.set_title("Union = A + B − A ∩ B")
    ax.legend(loc="upper left", fontsize=7)

    g = np.linspace(0, 1, 401)
    ax_d.plot([0, 1], [0, 1], color=pal.muted, linestyle=(0, (4, 3)), linewidth=0.9, label="Dice = IoU")
    ax_d.plot(g, dice_from_iou(g), color=pal.c0, label="Dice = 2 IoU / (1 + IoU)")
    mark_point(ax_d, pal, iou, dice_from_iou(iou), f"boxes left: IoU {iou:.2f}, Dice {dice_from_iou(iou):.2f}",
               offset=(8, -4))
    mark_point(ax_d, pal, 0.5, dice_from_iou(0.5), "IoU 0.5 = Dice 0.67", offset=(8, -12))
    ax_d.set_xlim(0, 1)
    ax_d.set_ylim(0, 1)
    ax_d.set_aspect("equal")
    ax_d.set_xlabel("IoU (Jaccard)")
    ax_d.set_ylabel("Dice (F1)")
    ax_d.set_title("Dice ≥ IoU, equal only at 0 and 1")
    ax_d.legend(loc="lower right", fontsize=7)


FIGURES = [
    Figure(
        name="metrics-roc-pr",
        draw=draw_roc_pr,
        caption="ROC and precision-recall curves of one toy classifier (1000 samples, 20% positive). "
                "The ROC chance line is the diagonal; the PR chance line is the prevalence.",
        alt=("Left: an ROC curve bowing above the dashed diagonal, area shaded, AUC 0.857, with the "
             "threshold 0.5 marked at FPR 0.05, TPR 0.44. Right: a step-shaped precision-recall curve starting near "
             "precision 1 and falling towards the dashed prevalence line at 0.2 as recall reaches 1, AP 0.639."),
        size=(6.8, 3.4),
    ),
    Figure(
        name="metrics-confusion-matrix",
        draw=draw_confusion,
        caption="Confusion matrix of an imbalanced 3-class toy problem (60 / 30 / 10 samples): rows are true "
                "classes, columns predictions. Accuracy equals micro-F1; macro-F1 is lower because the rare "
                "class 2 is often predicted as class 1.",
        alt=("A 3 by 3 grid of counts shaded from background to blue by size. The diagonal holds the correct "
             "predictions, largest for class 0; class 2's row has more samples in the class-1 column than on "
             "the diagonal. The title gives accuracy, micro-F1 and a lower macro-F1."),
        size=(4.2, 3.6),
    ),
    Figure(
        name="metrics-calibration",
        draw=draw_calibration,
        caption="Reliability diagram of an over-confident binary model (its logits are 2.5 times too large): "
                "below the diagonal at high confidence, above it at low confidence. ECE is the bin-size-weighted "
                "mean of the hatched gaps.",
        alt=("Left: ten bars of observed positive frequency per predicted-probability bin, forming an S-shape "
             "flatter than the dashed diagonal; hatched gaps show the distance to each bin's mean prediction, "
             "and the title gives the ECE. Right: a histogram of predicted probabilities with most samples "
             "in the first and last bins."),
        size=(6.8, 3.3),
    ),
    Figure(
        name="metrics-ap-interpolation",
        draw=draw_ap_interpolation,
        caption="Ten ranked samples (+ − + + − − + − − −). scikit-learn's AP sums the raw step curve; "
                "interpolated AP first replaces each precision by the best precision at equal or higher "
                "recall (dashed envelope), which can only raise it, and VOC 2007 then averages that "
                "envelope at 11 recall levels.",
        alt=("A saw-tooth precision-recall step curve with dots after each sample; precision drops at every "
             "negative and jumps back up at the next positive. A dashed staircase envelope lies on or above it, "
             "with 11 square markers at recall 0, 0.1, ..., 1. The legend gives the two AP values, the "
             "interpolated one larger."),
        size=(6.4, 3.3),
    ),
    Figure(
        name="metrics-f1-threshold",
        draw=draw_f1_threshold,
        caption="Precision, recall and F1 of the same toy classifier as the threshold moves: recall falls, "
                "precision (mostly) rises, and F1 peaks in between: here at t = 0.35, well below the default 0.5. "
                "For calibrated probabilities the best threshold is half the best F1: t = 0.30 for this toy "
                "model's population; near its flat top, sampling noise in 1,000 samples moves the peak to 0.35.",
        alt=("Three curves against the decision threshold from 0 to 1: recall falling from 1 to 0, precision "
             "rising from the prevalence towards 1, and F1 rising then falling, with its maximum marked left "
             "of the dashed vertical line at the default threshold 0.5, at about t = 0.35."),
        size=(6.4, 3.0),
    ),
    Figure(
        name="metrics-iou",
        draw=draw_iou,
        caption="IoU of two boxes (intersection over union), and Dice = 2 IoU / (1 + IoU): a monotone map, "
                "so both rank predictions the same, but Dice is always the larger number.",
        alt=("Left: a blue ground-truth box and an orange predicted box overlapping in a hatched green "
             "rectangle, with the text IoU = 4 / 24 = 0.167. Right: the curve Dice = 2 IoU / (1 + IoU) above the "
             "dashed diagonal, bending from 0 to 1, with the boxes' point and IoU 0.5 (Dice 0.67) marked."),
        size=(6.8, 3.3),
    ),
]


# --- forecasting, image quality, KID, significance -------------------------------------------

def draw_forecast_errors(fig: MplFigure, pal: Palette) -> None:
    from ...numerics.metrics import mape, mase, smape

    ax_t, ax_s = fig.subplots(1, 2)
    ratio = np.linspace(0.0, 4.0, 401)  # forecast / actual for a positive actual y = 1
    ones = np.ones(1)
    ax_t.plot(ratio, [mape(ones, [r]) for r in ratio], color=pal.c0, label="MAPE term", zorder=3)
    ax_t.plot(ratio, [smape(ones, [r]) for r in ratio], color=pal.c1, label="sMAPE term", zorder=3)
    asymptote(ax_t, pal, 2.0, "sMAPE bound 2")
    mark_point(ax_t, pal, 0.0, 1.0, "forecast 0: MAPE 1, sMAPE 2", offset=(6, 10))
    ax_t.set_xlim(0, 4)
    ax_t.set_ylim(0, 3.2)
    ax_t.set_xlabel(r"forecast / actual ($y = 1$)")
    ax_t.set_ylabel("error term")
    ax_t.set_title("per-point terms")
    ax_t.legend(loc="upper right")

    rng = np.random.default_rng(2)
    t = np.arange(60)
    series = 20 + 8 * np.sin(2 * np.pi * t / 12) + 0.1 * t + rng.normal(scale=1.0, size=60)
    train, test = series[:48], series[48:]
    forecast = train[36:48]  # seasonal naive: the same month last year
    ax_s.plot(t[:48], train, color=pal.muted, label="training data", zorder=2)
    ax_s.plot(t[48:], test, color=pal.c0, label="actual", zorder=3)
    ax_s.plot(t[48:], forecast, color=pal.c1, linestyle=(0, (4, 2)), label="seasonal naive forecast", zorder=3)
    ax_s.axvline(47.5, color=pal.grid, linewidth=1.0)
    ax_s.set_title(f"MASE: {mase(test, forecast, train, m=12):.2f} ($m = 12$), "
                   f"{mase(test, forecast, train, m=1):.2f} ($m = 1$)", fontsize=8)
    ax_s.set_xlabel("month")
    ax_s.set_ylabel("value")
    ax_s.legend(loc="lower left", fontsize=7)


def _test_image(n: int = 48) -> np.ndarray:
    yy, xx = np.mgrid[0:n, 0:n] / n
    img = 0.5 + 0.25 * np.sin(6 * np.pi * xx) * np.cos(4 * np.pi * yy)
    img[n // 4: n // 2, n // 4: 3 * n // 4] = 0.85
    return img


def draw_ssim_psnr(fig: MplFigure, pal: Palette) -> None:
    from ...numerics.metrics import psnr, ssim

    ref = _test_image()
    rng = np.random.default_rng(0)
    shift = 0.1
    brighter = ref + shift  # MSE = shift^2
    noise = rng.choice([-shift, shift], size=ref.shape)  # the same MSE, as salt-and-pepper-like noise
    noisy = ref + noise
    gray = LinearSegmentedColormap.from_list("g", [pal.bg, pal.fg])
    axes = fig.subplots(1, 3)
    for ax, img, title in zip(axes, (ref, brighter, noisy), ("reference", "brighter by 0.1", "noise ±0.1")):
        ax.imshow(img, cmap=gray, vmin=0.0, vmax=1.1, interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
        if img is ref:
            ax.set_title(title, fontsize=8)
        else:
            ax.set_title(f"{title}\nPSNR {psnr(ref, img, 1.0):.1f} dB, SSIM {ssim(ref, img, 1.0):.2f}", fontsize=8)


def draw_kid(fig: MplFigure, pal: Palette) -> None:
    from ...numerics.metrics import kid

    ax = fig.subplots()
    rng = np.random.default_rng(0)
    shifts = np.linspace(0.0, 1.0, 11)
    for n, col in ((50, pal.c1), (200, pal.c0)):
        draws = np.array([[kid(rng.normal(size=(n, 8)), rng.normal(size=(n, 8)) + s) for _ in range(8)]
                          for s in shifts])
        ax.scatter(np.repeat(shifts, 8) + (0.01 if n == 50 else -0.01), draws.ravel(), s=6, color=col, alpha=0.5,
                   zorder=2)
        ax.plot(shifts, draws.mean(axis=1), color=col, label=f"mean of 8 draws, $m = n = {n}$", zorder=3)
    ax.axhline(0.0, color=pal.muted, linewidth=0.9)
    ax.annotate("unbiased: centered on 0, some draws negative", (0.02, 0.02), xycoords="axes fraction",
                fontsize=7.5, color=pal.muted)
    ax.set_xlabel(r"mean shift $\delta$ of the generated features ($d = 8$)")
    ax.set_ylabel("KID (unbiased MMD$^2$)")
    ax.legend(loc="upper left")


def draw_significance(fig: MplFigure, pal: Palette) -> None:
    from ...numerics.metrics import mcnemar, paired_bootstrap

    ax_m, ax_b = fig.subplots(1, 2)
    n = 20
    b = np.arange(0, n + 1)
    exact, chi = [], []
    for k in b:
        a = np.r_[np.ones(k), np.zeros(n - k)].astype(bool)  # k discordant pairs favour A, n - k favour B
        exact.append(mcnemar(a, ~a)[1])
        chi.append(mcnemar(a, ~a, exact=False)[1])
    ax_m.plot(b, exact, color=pal.c0, marker="o", markersize=3, label="exact binomial", zorder=3)
    ax_m.plot(b, chi, color=pal.c1, linestyle=(0, (4, 2)), label=r"$\chi^2$, continuity-corrected", zorder=3)
    ax_m.axhline(0.05, color=pal.muted, linewidth=0.9)
    ax_m.annotate("p = 0.05", (0.5, 0.07), fontsize=7.5, color=pal.muted)
    ax_m.set_xlabel(r"$b$ of $b + c = 20$ discordant pairs")
    ax_m.set_ylabel("two-sided p-value")
    ax_m.set_title("McNemar", fontsize=9)
    ax_m.legend(loc="upper right", fontsize=7)

    rng = np.random.default_rng(4)
    sys_a = rng.random(300) < 0.74  # per-sentence "correct" of two systems on the same 300 items
    sys_b = np.where(rng.random(300) < 0.85, sys_a, rng.random(300) < 0.7)
    delta, p, (lo, hi) = paired_bootstrap(sys_a.astype(float), sys_b.astype(float), n_boot=2000, seed=0)
    idx_rng = np.random.default_rng(0)
    deltas = [np.mean(sys_a[i]) - np.mean(sys_b[i]) for i in (idx_rng.integers(0, 300, 300) for _ in range(2000))]
    ax_b.hist(deltas, bins=30, color=pal.c0, alpha=0.7, zorder=2)
    ax_b.axvline(0.0, color=pal.fg, linewidth=1.0)
    ax_b.axvline(delta, color=pal.c1, linewidth=1.2, label=f"observed $\\Delta$ = {delta:.3f}")
    ax_b.axvspan(lo, hi, color=pal.grid, alpha=0.4, zorder=0, label="95% interval")
    ax_b.set_title(f"paired bootstrap: p = {p:.3f}", fontsize=9)
    ax_b.set_xlabel(r"$\Delta^*$ = score(A) - score(B) on a resample")
    ax_b.set_ylabel("resamples")
    ax_b.legend(loc="upper left", fontsize=7)


FIGURES += [
    Figure(
        name="metrics-forecast-errors",
        draw=draw_forecast_errors,
        caption="Left: per-point MAPE and sMAPE terms for an actual value of 1 as the forecast varies; sMAPE "
                "is bounded by 2 but still not symmetric in over- and under-forecasts. Right: a seasonal "
                "naive forecast scored by MASE; the seasonal period m of the scaling changes the number.",
        alt=("Left: against forecast over actual from 0 to 4, the MAPE term is a V with its minimum 0 at 1, "
             "rising linearly without bound; the sMAPE term is 2 at a zero forecast, 0 at 1 and rises towards "
             "the dashed bound 2 for large forecasts. Right: a monthly seasonal series for four years in gray, "
             "then one year of actual values and a dashed forecast copying the previous year; the title gives "
             "MASE for m = 12 and for m = 1."),
        size=(6.8, 3.1),
    ),
    Figure(
        name="metrics-ssim-psnr",
        draw=draw_ssim_psnr,
        caption="Two distortions with the same mean squared error, so the same PSNR (20 dB): a uniform "
                "brightening keeps the structure and SSIM stays near 1; pixel noise destroys local structure "
                "and SSIM drops.",
        alt=("Three grayscale images of a smooth wave pattern with a bright rectangle: the reference, a "
             "uniformly brighter copy titled PSNR 20.0 dB with SSIM close to 1, and a copy with plus or minus "
             "0.1 noise on every pixel titled PSNR 20.0 dB with a much lower SSIM."),
        size=(6.8, 2.6),
    ),
    Figure(
        name="metrics-kid",
        draw=draw_kid,
        caption="KID between standard normal features and features shifted by delta: its expectation is 0 "
                "when the distributions match, whatever the sample size, and single draws scatter around it.",
        alt=("KID against the mean shift from 0 to 1 for 50 and for 200 samples per set, dots for eight "
             "draws and lines for their means. Both mean curves start at about 0 and rise smoothly and "
             "together, roughly quadratically; the dots for 50 samples scatter more, and some near a shift "
             "of 0 are below zero."),
        size=(6.4, 3.0),
    ),
    Figure(
        name="metrics-significance",
        draw=draw_significance,
        caption="Left: McNemar p-values with 20 discordant pairs, exact binomial and continuity-corrected "
                "chi-squared; the split must reach about 15 to 5 before p < 0.05. Right: paired bootstrap "
                "of the accuracy difference between two systems on 300 items.",
        alt=("Left: two-sided p-value against b from 0 to 20, a symmetric peak at 1 for b = 10 falling below "
             "the 0.05 line at b of 5 or less and 15 or more; the dashed chi-squared curve closely follows the "
             "exact dots. Right: a histogram of the accuracy difference over 2000 resamples, centered on the "
             "observed difference (a vertical line), with the shaded 95% interval and a black line at 0; the "
             "title gives the p-value."),
        size=(6.8, 3.1),
    ),
]
