"""Segmentation arithmetic on NumPy: U-Net's feature-map sizes and parameter count (valid or same
convolutions), the crop of its skip connections, DeepLab's atrous rates and output stride, and the
panoptic quality (PQ) of a predicted panoptic segmentation."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .convolution import conv_output_size, conv_params, effective_kernel

Array = np.ndarray


@dataclass(frozen=True)
class UNetSizes:
    """Spatial sizes along a U-Net: ``encoder[l]`` after the two convs of level ``l`` (the skip tensor),
    ``bottleneck``, ``decoder[l]`` after the two convs of each up level (deepest first), ``crops[l]`` the
    size the skip of level ``l`` is center-cropped to, and ``output``."""

    encoder: tuple[int, ...]
    bottleneck: int
    crops: tuple[int, ...]
    decoder: tuple[int, ...]
    output: int


def unet_sizes(n: int = 572, depth: int = 4, padding: int = 0) -> UNetSizes:
    r"""Side lengths through a U-Net of ``depth`` poolings. Each level: two $3\times3$ convolutions
    ($n \mapsto n - 2 + 2p$, so $-4$ per level when valid, $p = 0$; unchanged when same, $p = 1$); then a $2\times2$
    max-pool ($n \mapsto n/2$, which must be even). Each up level: a $2\times2$ stride-2 transposed convolution
    ($n \mapsto 2n$), concatenation with the center-cropped skip, two $3\times3$ convolutions.
    Ronneberger et al.: $572 \to 388$ with $p = 0$."""
    enc, size = [], n
    for _ in range(depth):
        size = conv_output_size(conv_output_size(size, 3, padding=padding), 3, padding=padding)
        enc.append(size)
        if size % 2:
            raise ValueError(f"a max-pool receives an odd size {size}: the input {n} is not a valid U-Net size")
        size //= 2
    bottom = conv_output_size(conv_output_size(size, 3, padding=padding), 3, padding=padding)
    size, crops, dec = bottom, [], []
    for level in reversed(range(depth)):
        size *= 2
        crops.append(size)
        if size > enc[level]:
            raise ValueError("the skip is smaller than the upsampled map")
        size = conv_output_size(conv_output_size(size, 3, padding=padding), 3, padding=padding)
        dec.append(size)
    return UNetSizes(tuple(enc), bottom, tuple(crops), tuple(dec), size)


def unet_valid_inputs(lo: int, hi: int, depth: int = 4) -> list[int]:
    r"""Input sizes in $[lo, hi]$ for which every max-pool of a valid-convolution U-Net sees an even size:
    $n = 16k + 124$ for depth 4 (e.g. 572 with $k = 28$)."""
    out = []
    for n in range(lo, hi + 1):
        try:
            if unet_sizes(n, depth).output > 0:
                out.append(n)
        except ValueError:
            continue
    return out


def unet_params(in_channels: int = 1, n_classes: int = 2, base: int = 64, depth: int = 4) -> int:
    r"""Parameters of the original U-Net layout (no BatchNorm, biases everywhere): level $l$ has $c_l = 2^l c_0$
    channels; $3\times3$ conv: $9\,c_\text{in}c_\text{out} + c_\text{out}$; up-conv $2\times2$ halving the channels:
    $4\,c_\text{in}c_\text{out} + c_\text{out}$; the first decoder conv sees the concatenation ($2c_l$ inputs);
    final $1\times1$ conv to the classes. $c_0 = 64$, depth 4, 1 → 2 channels: 31,030,658 (counted; the paper gives none)."""
    total, c_prev = 0, in_channels
    chans = [base * 2**level for level in range(depth + 1)]
    for c in chans:  # encoder levels and the bottleneck
        total += conv_params(c_prev, c, 3, 3) + conv_params(c, c, 3, 3)
        c_prev = c
    for c in reversed(chans[:-1]):
        total += conv_params(c_prev, c, 2, 2)  # transposed conv has the same count as a conv with swapped channels
        total += conv_params(2 * c, c, 3, 3) + conv_params(c, c, 3, 3)
        c_prev = c
    return total + conv_params(c_prev, n_classes, 1, 1)


def center_crop(x: Array, size: int) -> Array:
    """Center crop of the last two axes to ``size`` × ``size`` (U-Net's skip crop)."""
    h, w = x.shape[-2:]
    top, left = (h - size) // 2, (w - size) // 2
    return x[..., top:top + size, left:left + size]


# ---------------------------------------------------------------------------------------------
# DeepLab
# ---------------------------------------------------------------------------------------------
def aspp_rates(output_stride: int = 16) -> tuple[int, ...]:
    r"""DeepLabv3's ASPP atrous rates: $(6, 12, 18)$ at output stride 16, doubled to $(12, 24, 36)$ at 8
    (plus a $1\times1$ branch and image pooling)."""
    return {16: (6, 12, 18), 8: (12, 24, 36)}[output_stride]


def atrous_span(k: int = 3, rate: int = 1) -> int:
    r"""Span of an atrous (dilated) kernel: $k + (k - 1)(r - 1)$; a $3\times3$ at rate 6 covers $13\times13$."""
    return effective_kernel(k, rate)


def dilate_kernel(w: Array, rate: int) -> Array:
    r"""Insert $r - 1$ zeros between the taps of a kernel's last two axes: an atrous convolution equals an ordinary
    one with this kernel."""
    w = np.asarray(w, dtype=float)
    kh, kw = w.shape[-2:]
    out = np.zeros(w.shape[:-2] + (atrous_span(kh, rate), atrous_span(kw, rate)))
    out[..., ::rate, ::rate] = w
    return out


# ---------------------------------------------------------------------------------------------
# Panoptic quality
# ---------------------------------------------------------------------------------------------
def panoptic_quality(pred: Array, pred_classes: dict, gt: Array, gt_classes: dict,
                     classes=None) -> dict[str, float]:
    r"""Panoptic quality (Kirillov et al. 2019) from two segment-id maps of the same shape and each segment's class:
    a predicted and a ground-truth segment of the same class match iff $\operatorname{IoU} > 0.5$ (unique by
    construction), then per class
    $\operatorname{PQ} = \frac{\sum_{(p, g) \in TP}\operatorname{IoU}(p, g)}{\lvert TP\rvert + \frac12\lvert FP\rvert + \frac12\lvert FN\rvert}
    = \underbrace{\frac{\sum_{TP}\operatorname{IoU}}{\lvert TP\rvert}}_{\text{SQ}}\times
    \underbrace{\frac{\lvert TP\rvert}{\lvert TP\rvert + \frac12\lvert FP\rvert + \frac12\lvert FN\rvert}}_{\text{RQ}}$,
    averaged over the classes present in either map. Id 0 is unlabeled; void and crowd rules are omitted."""
    pred, gt = np.asarray(pred), np.asarray(gt)
    if classes is None:
        classes = sorted(set(pred_classes.values()) | set(gt_classes.values()))
    pq, sq, rq = [], [], []
    for c in classes:
        ps = [s for s, k in pred_classes.items() if k == c and np.any(pred == s)]
        gs = [s for s, k in gt_classes.items() if k == c and np.any(gt == s)]
        if not ps and not gs:
            continue
        ious, matched_p, matched_g = [], set(), set()
        for g in gs:
            for p in ps:
                inter = np.logical_and(pred == p, gt == g).sum()
                union = np.logical_or(pred == p, gt == g).sum()
                if union and inter / union > 0.5:
                    ious.append(inter / union)
                    matched_p.add(p)
                    matched_g.add(g)
        tp, fp, fn = len(ious), len(ps) - len(matched_p), len(gs) - len(matched_g)
        denom = tp + 0.5 * fp + 0.5 * fn
        pq.append(sum(ious) / denom)
        sq.append(sum(ious) / tp if tp else 0.0)
        rq.append(tp / denom)
    return {"PQ": float(np.mean(pq)), "SQ": float(np.mean(sq)), "RQ": float(np.mean(rq))}
