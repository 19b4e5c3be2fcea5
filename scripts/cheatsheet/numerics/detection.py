"""Object detection on NumPy arrays: box parameterizations and the Faster R-CNN box coder, pairwise IoU and
GIoU, anchors and their assignment, greedy / per-class / soft non-maximum suppression, YOLO's decoding,
RoIAlign, and DETR's matching cost with a Hungarian solver.

Boxes are rows $(x_1, y_1, x_2, y_2)$ with $x_1 \\le x_2$, $y_1 \\le y_2$ (continuous coordinates, width
$x_2 - x_1$: torchvision's convention, not the PASCAL devkit's $+1$)."""

from __future__ import annotations

import numpy as np

Array = np.ndarray

# Faster R-CNN's second-stage box-coder weights (w_x, w_y, w_w, w_h): a default of Detectron and torchvision,
# not part of the method (the paper's RPN uses 1, 1, 1, 1).
RCNN_BOX_WEIGHTS = (10.0, 10.0, 5.0, 5.0)


# ---------------------------------------------------------------------------------------------
# Box parameterizations
# ---------------------------------------------------------------------------------------------
def xyxy_to_cxcywh(boxes: Array) -> Array:
    r"""Corners $(x_1, y_1, x_2, y_2)$ → center and size $(c_x, c_y, w, h)$:
    $c_x = \frac{x_1 + x_2}{2}$, $w = x_2 - x_1$ (and likewise in $y$)."""
    b = np.asarray(boxes, dtype=float)
    return np.stack([(b[..., 0] + b[..., 2]) / 2, (b[..., 1] + b[..., 3]) / 2,
                     b[..., 2] - b[..., 0], b[..., 3] - b[..., 1]], axis=-1)


def cxcywh_to_xyxy(boxes: Array) -> Array:
    r"""Center and size $(c_x, c_y, w, h)$ → corners: $x_1 = c_x - \frac{w}{2}$, $x_2 = c_x + \frac{w}{2}$."""
    b = np.asarray(boxes, dtype=float)
    return np.stack([b[..., 0] - b[..., 2] / 2, b[..., 1] - b[..., 3] / 2,
                     b[..., 0] + b[..., 2] / 2, b[..., 1] + b[..., 3] / 2], axis=-1)


def encode_deltas(anchors: Array, boxes: Array, weights=(1.0, 1.0, 1.0, 1.0)) -> Array:
    r"""Faster R-CNN regression targets of ``boxes`` relative to ``anchors`` (both xyxy, same shape):
    $t_x = w_x\frac{x - x_a}{w_a}$, $t_y = w_y\frac{y - y_a}{h_a}$, $t_w = w_w\log\frac{w}{w_a}$,
    $t_h = w_h\log\frac{h}{h_a}$, with $(x, y, w, h)$ center and size."""
    a, g = xyxy_to_cxcywh(anchors), xyxy_to_cxcywh(boxes)
    wx, wy, ww, wh = weights
    return np.stack([wx * (g[..., 0] - a[..., 0]) / a[..., 2], wy * (g[..., 1] - a[..., 1]) / a[..., 3],
                     ww * np.log(g[..., 2] / a[..., 2]), wh * np.log(g[..., 3] / a[..., 3])], axis=-1)


def decode_deltas(anchors: Array, deltas: Array, weights=(1.0, 1.0, 1.0, 1.0),
                  clamp: float = np.log(1000.0 / 16)) -> Array:
    r"""Inverse of :func:`encode_deltas`: $x = x_a + w_a t_x / w_x$, $w = w_a \exp(t_w / w_w)$; the
    log-size deltas are clamped at $\log(1000/16)$ before $\exp$ (a library default against overflow)."""
    a = xyxy_to_cxcywh(anchors)
    d = np.asarray(deltas, dtype=float)
    wx, wy, ww, wh = weights
    cx = a[..., 0] + a[..., 2] * d[..., 0] / wx
    cy = a[..., 1] + a[..., 3] * d[..., 1] / wy
    w = a[..., 2] * np.exp(np.minimum(d[..., 2] / ww, clamp))
    h = a[..., 3] * np.exp(np.minimum(d[..., 3] / wh, clamp))
    return cxcywh_to_xyxy(np.stack([cx, cy, w, h], axis=-1))


# ---------------------------------------------------------------------------------------------
# Overlap
# ---------------------------------------------------------------------------------------------
def area(boxes: Array) -> Array:
    b = np.asarray(boxes, dtype=float)
    return (b[..., 2] - b[..., 0]) * (b[..., 3] - b[..., 1])


def pairwise_iou(a: Array, b: Array) -> Array:
    r"""$\operatorname{IoU}_{nm} = \frac{\lvert A_n \cap B_m \rvert}{\lvert A_n \rvert + \lvert B_m \rvert - \lvert A_n \cap B_m \rvert}$
    for ``a`` $(N, 4)$ and ``b`` $(M, 4)$ → $(N, M)$ (0 where the union is empty)."""
    a, b = np.asarray(a, dtype=float).reshape(-1, 4), np.asarray(b, dtype=float).reshape(-1, 4)
    lt = np.maximum(a[:, None, :2], b[None, :, :2])
    rb = np.minimum(a[:, None, 2:], b[None, :, 2:])
    wh = np.clip(rb - lt, 0.0, None)
    inter = wh[..., 0] * wh[..., 1]
    union = area(a)[:, None] + area(b)[None, :] - inter
    return np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)


def pairwise_giou(a: Array, b: Array) -> Array:
    r"""Generalized IoU (Rezatofighi et al. 2019): $\operatorname{GIoU} = \operatorname{IoU} -
    \frac{\lvert C \rvert - \lvert A \cup B \rvert}{\lvert C \rvert}$, $C$ the smallest box enclosing $A$ and $B$;
    in $(-1, 1]$. ``a`` $(N, 4)$, ``b`` $(M, 4)$ → $(N, M)$."""
    a, b = np.asarray(a, dtype=float).reshape(-1, 4), np.asarray(b, dtype=float).reshape(-1, 4)
    iou = pairwise_iou(a, b)
    lt = np.maximum(a[:, None, :2], b[None, :, :2])
    rb = np.minimum(a[:, None, 2:], b[None, :, 2:])
    wh = np.clip(rb - lt, 0.0, None)
    inter = wh[..., 0] * wh[..., 1]
    union = area(a)[:, None] + area(b)[None, :] - inter
    clt = np.minimum(a[:, None, :2], b[None, :, :2])
    crb = np.maximum(a[:, None, 2:], b[None, :, 2:])
    hull = (crb[..., 0] - clt[..., 0]) * (crb[..., 1] - clt[..., 1])
    return iou - (hull - union) / hull


# ---------------------------------------------------------------------------------------------
# Anchors and their assignment
# ---------------------------------------------------------------------------------------------
def base_anchors(scales=(128.0, 256.0, 512.0), ratios=(0.5, 1.0, 2.0)) -> Array:
    r"""Anchors centered at the origin, one per (ratio, scale): area $s^2$, aspect ratio $r = h / w$, so
    $w = s / \sqrt{r}$ and $h = s\sqrt{r}$. Faster R-CNN: 3 scales × 3 ratios = $k = 9$. Ratio-major order
    (torchvision's; it also rounds the corners to integers, which we do not)."""
    out = []
    for r in ratios:
        for s in scales:
            w, h = s / np.sqrt(r), s * np.sqrt(r)
            out.append([-w / 2, -h / 2, w / 2, h / 2])
    return np.array(out)


def grid_anchors(base: Array, feature_size: tuple[int, int], stride: int) -> Array:
    r"""All anchors of a feature map of size $(H_f, W_f)$: ``base`` shifted to every cell origin
    $(j s, i s)$, $s$ the stride; $(H_f W_f k, 4)$, cell-major (the $k$ anchors of a cell are contiguous)."""
    hf, wf = feature_size
    ys, xs = np.meshgrid(np.arange(hf) * stride, np.arange(wf) * stride, indexing="ij")
    shifts = np.stack([xs.ravel(), ys.ravel(), xs.ravel(), ys.ravel()], axis=1).astype(float)
    return (shifts[:, None, :] + np.asarray(base, dtype=float)[None, :, :]).reshape(-1, 4)


def assign_anchors(anchors: Array, gt: Array, pos_thresh: float = 0.7, neg_thresh: float = 0.3,
                   allow_low_quality: bool = True) -> tuple[Array, Array]:
    r"""Label each anchor by its best IoU with the ground truth: $1$ (object) if $\max_g \operatorname{IoU} \ge
    t_+$, $0$ (background) if $< t_-$, $-1$ (ignored) in between. RPN: $t_+ = 0.7$, $t_- = 0.3$, plus each ground
    truth's highest-IoU anchor(s) made positive (``allow_low_quality``); RetinaNet: $0.5$, $0.4$.
    Returns ``labels`` $(A,)$ and ``matched`` $(A,)$, the index of each anchor's best ground truth."""
    iou = pairwise_iou(anchors, gt)  # (A, G)
    best = iou.max(axis=1)
    matched = iou.argmax(axis=1)
    labels = np.full(len(best), -1, dtype=int)
    labels[best < neg_thresh] = 0
    labels[best >= pos_thresh] = 1
    if allow_low_quality:
        per_gt = iou.max(axis=0)
        hit = np.any((iou == per_gt[None, :]) & (per_gt[None, :] > 0), axis=1)
        labels[hit] = 1
    return labels, matched


# ---------------------------------------------------------------------------------------------
# Non-maximum suppression
# ---------------------------------------------------------------------------------------------
def nms(boxes: Array, scores: Array, iou_threshold: float = 0.5) -> Array:
    r"""Greedy NMS: repeatedly keep the highest-scoring remaining box $M$ and drop every remaining box $b$
    with $\operatorname{IoU}(M, b) > t$. Returns the kept indices by decreasing score (like
    ``torchvision.ops.nms``)."""
    boxes = np.asarray(boxes, dtype=float).reshape(-1, 4)
    order = np.argsort(-np.asarray(scores, dtype=float), kind="stable")
    iou = pairwise_iou(boxes, boxes)
    keep = []
    alive = np.ones(len(boxes), dtype=bool)
    for i in order:
        if not alive[i]:
            continue
        keep.append(i)
        alive &= ~(iou[i] > iou_threshold)
    return np.array(keep, dtype=int)


def batched_nms(boxes: Array, scores: Array, classes: Array, iou_threshold: float = 0.5) -> Array:
    r"""Per-class NMS: boxes of different classes never suppress each other. Implemented as one NMS over
    boxes offset by $c \cdot (\max - \min + 1)$ of the coordinates so that classes cannot overlap (torchvision's
    trick, which offsets by $c \cdot (\max + 1)$ and so assumes non-negative coordinates)."""
    boxes = np.asarray(boxes, dtype=float).reshape(-1, 4)
    if len(boxes) == 0:
        return np.zeros(0, dtype=int)
    offset = np.asarray(classes, dtype=float)[:, None] * (boxes.max() - boxes.min() + 1.0)
    return nms(boxes + offset, scores, iou_threshold)


def soft_nms(boxes: Array, scores: Array, method: str = "gaussian", sigma: float = 0.5,
             iou_threshold: float = 0.3, score_threshold: float = 0.001) -> tuple[Array, Array]:
    r"""Soft-NMS (Bodla et al. 2017): pick the top box $M$, then decay the others instead of deleting them.
    Linear: $s_i \leftarrow s_i (1 - \operatorname{IoU}(M, b_i))$ if $\operatorname{IoU} \ge N_t$;
    Gaussian: $s_i \leftarrow s_i\, e^{-\operatorname{IoU}(M, b_i)^2 / \sigma}$ (all $i$). Boxes whose score
    falls below ``score_threshold`` are dropped. Returns kept indices in selection order and their new scores."""
    boxes = np.asarray(boxes, dtype=float).reshape(-1, 4)
    s = np.asarray(scores, dtype=float).copy()
    iou = pairwise_iou(boxes, boxes)
    remaining = list(range(len(boxes)))
    keep, kept_scores = [], []
    while remaining:
        m = max(remaining, key=lambda i: (s[i], -i))
        remaining.remove(m)
        if s[m] < score_threshold:
            break
        keep.append(m)
        kept_scores.append(s[m])
        for i in remaining:
            o = iou[m, i]
            if method == "linear":
                if o >= iou_threshold:
                    s[i] *= 1.0 - o
            elif method == "gaussian":
                s[i] *= np.exp(-o * o / sigma)
            else:
                raise ValueError(method)
    return np.array(keep, dtype=int), np.array(kept_scores)


# ---------------------------------------------------------------------------------------------
# YOLO (v2 and later): decode one anchor's raw outputs
# ---------------------------------------------------------------------------------------------
def sigmoid(x: Array) -> Array:
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))


def yolo_decode(t: Array, cell: tuple[int, int], anchor_wh: tuple[float, float]) -> Array:
    r"""YOLOv2 decoding of raw outputs $(t_x, t_y, t_w, t_h, t_o)$ at grid cell $(c_x, c_y)$ with prior
    $(p_w, p_h)$, in grid units: $b_x = \sigma(t_x) + c_x$, $b_y = \sigma(t_y) + c_y$, $b_w = p_w e^{t_w}$,
    $b_h = p_h e^{t_h}$, $p_c = \sigma(t_o)$. Returns $(p_c, b_x, b_y, b_w, b_h)$."""
    t = np.asarray(t, dtype=float)
    cx, cy = cell
    pw, ph = anchor_wh
    return np.array([sigmoid(t[4]), sigmoid(t[0]) + cx, sigmoid(t[1]) + cy, pw * np.exp(t[2]), ph * np.exp(t[3])])


def yolo_encode(box_cxcywh: Array, anchor_wh: tuple[float, float]) -> tuple[tuple[int, int], Array]:
    r"""Inverse of :func:`yolo_decode` for the box part: the responsible cell $(\lfloor b_x \rfloor,
    \lfloor b_y \rfloor)$ and $t_x = \operatorname{logit}(b_x - c_x)$, $t_w = \log(b_w / p_w)$."""
    bx, by, bw, bh = map(float, box_cxcywh)
    cx, cy = int(np.floor(bx)), int(np.floor(by))
    logit = lambda p: np.log(p / (1.0 - p))  # noqa: E731
    return (cx, cy), np.array([logit(bx - cx), logit(by - cy), np.log(bw / anchor_wh[0]), np.log(bh / anchor_wh[1])])


def yolo_v1_output_size(S: int = 7, B: int = 2, C: int = 20) -> int:
    r"""Length of YOLOv1's output tensor $S \times S \times (5B + C)$: $7 \cdot 7 \cdot 30 = 1470$ on PASCAL VOC."""
    return S * S * (5 * B + C)


# ---------------------------------------------------------------------------------------------
# RoIAlign
# ---------------------------------------------------------------------------------------------
def bilinear(feature: Array, y: float, x: float) -> Array:
    r"""Bilinear interpolation of ``feature`` $(C, H, W)$ at continuous pixel-index coordinates $(y, x)$
    (pixel $i$ at index $i$); zero outside $[-1, H] \times [-1, W]$, clamped to the border inside it."""
    C, H, W = feature.shape
    if y < -1.0 or y > H or x < -1.0 or x > W:
        return np.zeros(C)
    y, x = min(max(y, 0.0), H - 1.0), min(max(x, 0.0), W - 1.0)
    y0, x0 = int(np.floor(y)), int(np.floor(x))
    y1, x1 = min(y0 + 1, H - 1), min(x0 + 1, W - 1)
    ly, lx = y - y0, x - x0
    return ((1 - ly) * (1 - lx) * feature[:, y0, x0] + (1 - ly) * lx * feature[:, y0, x1]
            + ly * (1 - lx) * feature[:, y1, x0] + ly * lx * feature[:, y1, x1])


def roi_align(feature: Array, box: Array, output_size: tuple[int, int], spatial_scale: float = 1.0,
              sampling_ratio: int = 2) -> Array:
    r"""RoIAlign (He et al. 2017), with torchvision's ``aligned=True`` convention: scale the box by
    ``spatial_scale``, shift it by $-\tfrac12$ pixel, split it into $P_h \times P_w$ bins without rounding, and
    average $r \times r$ bilinear samples at the regular points of each bin. ``feature`` $(C, H, W)$ →
    $(C, P_h, P_w)$."""
    feature = np.asarray(feature, dtype=float)
    x1, y1, x2, y2 = np.asarray(box, dtype=float) * spatial_scale - 0.5
    ph, pw = output_size
    bh, bw = (y2 - y1) / ph, (x2 - x1) / pw
    out = np.zeros((feature.shape[0], ph, pw))
    r = sampling_ratio
    for i in range(ph):
        for j in range(pw):
            acc = np.zeros(feature.shape[0])
            for a in range(r):
                for b in range(r):
                    y = y1 + i * bh + (a + 0.5) * bh / r
                    x = x1 + j * bw + (b + 0.5) * bw / r
                    acc += bilinear(feature, y, x)
            out[:, i, j] = acc / (r * r)
    return out


# ---------------------------------------------------------------------------------------------
# DETR: matching cost and the Hungarian algorithm
# ---------------------------------------------------------------------------------------------
def detr_cost(prob: Array, pred_boxes: Array, gt_labels: Array, gt_boxes: Array, w_class: float = 1.0,
              w_l1: float = 5.0, w_giou: float = 2.0) -> Array:
    r"""DETR's pairwise matching cost between $N$ predictions and $M$ ground-truth objects:
    $C_{ij} = -w_\text{cls}\,\hat{p}_i(c_j) + w_{L1}\lVert \mathbf{b}_j - \hat{\mathbf{b}}_i \rVert_1
    - w_\text{giou} \operatorname{GIoU}(\mathbf{b}_j, \hat{\mathbf{b}}_i)$ with weights 1, 5, 2 (the paper's);
    ``prob`` $(N, K+1)$ softmax outputs, boxes normalized $(c_x, c_y, w, h)$. Returns $(N, M)$."""
    prob, pb, gb = (np.asarray(v, dtype=float) for v in (prob, pred_boxes, gt_boxes))
    c_cls = -prob[:, np.asarray(gt_labels, dtype=int)]
    c_l1 = np.abs(pb[:, None, :] - gb[None, :, :]).sum(-1)
    c_giou = -pairwise_giou(cxcywh_to_xyxy(pb), cxcywh_to_xyxy(gb))
    return w_class * c_cls + w_l1 * c_l1 + w_giou * c_giou


def hungarian(cost: Array) -> tuple[Array, Array]:
    r"""Minimum-cost assignment $\hat{\sigma} = \argmin_\sigma \sum_i C_{i\sigma(i)}$ of an $(N, M)$ cost matrix
    (each row and each column used at most once; $\min(N, M)$ pairs), by the Hungarian algorithm with
    potentials, $O(n^2 m)$. Returns ``(rows, cols)`` sorted by row, like ``scipy.optimize.linear_sum_assignment``."""
    c = np.asarray(cost, dtype=float)
    transposed = c.shape[0] > c.shape[1]
    if transposed:
        c = c.T
    n, m = c.shape  # n <= m: assign every row
    u, v = np.zeros(n + 1), np.zeros(m + 1)
    p = np.zeros(m + 1, dtype=int)  # p[j]: row (1-based) assigned to column j; column 0 is a sentinel
    way = np.zeros(m + 1, dtype=int)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = np.full(m + 1, np.inf)
        used = np.zeros(m + 1, dtype=bool)
        while True:
            used[j0] = True
            i0 = p[j0]
            delta, j1 = np.inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = c[i0 - 1, j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:  # augment along the alternating path
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    rows = np.array([p[j] - 1 for j in range(1, m + 1) if p[j] > 0], dtype=int)
    cols = np.array([j - 1 for j in range(1, m + 1) if p[j] > 0], dtype=int)
    if transposed:
        rows, cols = cols, rows
    order = np.argsort(rows)
    return rows[order], cols[order]
