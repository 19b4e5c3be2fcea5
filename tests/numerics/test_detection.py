"""Object detection: IoU/GIoU against pixel counting, NMS against a brute-force search over all subsets,
soft-NMS against a literal transcription of Bodla et al.'s Algorithm 1, box coders by round trip, anchor
assignment on a worked example, RoIAlign against torch's grid_sample, and the Hungarian matcher against
scipy.optimize.linear_sum_assignment."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from cheatsheet.numerics import detection as det
from tests.numerics.refdata import assert_close
from tests.checks import checks


def _random_int_boxes(rng, n, size=20, min_side=1):
    x1 = rng.integers(0, size - min_side, n)
    y1 = rng.integers(0, size - min_side, n)
    w = rng.integers(min_side, size // 2, n)
    h = rng.integers(min_side, size // 2, n)
    return np.stack([x1, y1, x1 + w, y1 + h], axis=1).astype(float)


def _raster(box, size=40):
    """Unit-pixel mask of an integer box: pixel (y, x) covers [x, x+1) x [y, y+1)."""
    m = np.zeros((size, size), dtype=bool)
    x1, y1, x2, y2 = map(int, box)
    m[y1:y2, x1:x2] = True
    return m


# --------------------------------------------------------------------------- IoU and GIoU
def test_pairwise_iou_and_giou_equal_pixel_counts():
    rng = np.random.default_rng(0)
    a, b = _random_int_boxes(rng, 12), _random_int_boxes(rng, 9)
    iou, giou = det.pairwise_iou(a, b), det.pairwise_giou(a, b)
    for n, m in itertools.product(range(len(a)), range(len(b))):
        A, B = _raster(a[n]), _raster(b[m])
        inter, union = (A & B).sum(), (A | B).sum()
        hull = np.array([min(a[n, 0], b[m, 0]), min(a[n, 1], b[m, 1]), max(a[n, 2], b[m, 2]), max(a[n, 3], b[m, 3])])
        C = _raster(hull).sum()
        assert_close(iou[n, m], inter / union)
        assert_close(giou[n, m], inter / union - (C - union) / C)


def test_giou_is_negative_for_distant_boxes_where_iou_is_flat_zero():
    a = np.array([[0.0, 0.0, 1.0, 1.0]])
    near, far = np.array([[2.0, 0.0, 3.0, 1.0]]), np.array([[9.0, 0.0, 10.0, 1.0]])
    assert det.pairwise_iou(a, near)[0, 0] == det.pairwise_iou(a, far)[0, 0] == 0.0
    assert_close(det.pairwise_giou(a, near)[0, 0], -1 / 3)  # hull 3, union 2
    assert det.pairwise_giou(a, far)[0, 0] < det.pairwise_giou(a, near)[0, 0]


# --------------------------------------------------------------------------- box parameterizations
def test_corner_center_conversions_round_trip():
    b = _random_int_boxes(np.random.default_rng(1), 50)
    assert_close(det.cxcywh_to_xyxy(det.xyxy_to_cxcywh(b)), b)
    assert_close(det.xyxy_to_cxcywh([[0, 0, 4, 2]]), [[2, 1, 4, 2]])


@pytest.mark.parametrize("weights", [(1.0, 1.0, 1.0, 1.0), det.RCNN_BOX_WEIGHTS])
def test_faster_rcnn_deltas_round_trip_and_hand_values(weights):
    rng = np.random.default_rng(2)
    anchors, gt = _random_int_boxes(rng, 40, min_side=2), _random_int_boxes(rng, 40, min_side=2)
    d = det.encode_deltas(anchors, gt, weights)
    assert_close(det.decode_deltas(anchors, d, weights), gt)
    # anchor centered at (5, 5), 10 x 10; box centered at (7, 4), 20 x 5
    d = det.encode_deltas([[0, 0, 10, 10]], [[-3, 1.5, 17, 6.5]], weights)[0]
    wx, wy, ww, wh = weights
    assert_close(d, [wx * 0.2, wy * -0.1, ww * np.log(2), wh * np.log(0.5)])


def test_decode_clamps_huge_log_sizes():
    box = det.decode_deltas([[0.0, 0.0, 16.0, 16.0]], [[0.0, 0.0, 50.0, 50.0]])[0]
    assert_close(box[2] - box[0], 1000.0)  # 16 * exp(log(1000/16))


# --------------------------------------------------------------------------- anchors
def test_base_anchors_have_the_requested_area_and_ratio():
    base = det.base_anchors()
    assert base.shape == (9, 4)
    wh = det.xyxy_to_cxcywh(base)[:, 2:]
    assert_close(wh[:, 0] * wh[:, 1], np.tile([128.0**2, 256.0**2, 512.0**2], 3))
    assert_close(wh[:, 1] / wh[:, 0], np.repeat([0.5, 1.0, 2.0], 3))
    anchors = det.grid_anchors(base, (2, 3), stride=16)
    assert anchors.shape == (2 * 3 * 9, 4)
    assert_close(det.xyxy_to_cxcywh(anchors[9 * 5:9 * 6])[:, :2], np.tile([32.0, 16.0], (9, 1)))  # cell (1, 2)


def test_anchor_assignment_worked_example():
    gt = np.array([[0.0, 0.0, 10.0, 10.0]])
    anchors = np.array([
        [0, 0, 10, 10],    # IoU 1        -> positive
        [0, 0, 10, 8],     # IoU 0.8      -> positive (>= 0.7)
        [0, 0, 10, 5],     # IoU 0.5      -> ignored (between 0.3 and 0.7)
        [0, 0, 10, 2],     # IoU 0.2      -> negative
        [20, 20, 30, 30],  # IoU 0        -> negative
    ], dtype=float)
    labels, matched = det.assign_anchors(anchors, gt)
    assert labels.tolist() == [1, 1, -1, 0, 0]
    assert matched.tolist() == [0] * 5
    # RetinaNet thresholds 0.5 / 0.4: the 0.5 anchor becomes positive
    labels, _ = det.assign_anchors(anchors, gt, 0.5, 0.4, allow_low_quality=False)
    assert labels.tolist() == [1, 1, 1, 0, 0]
    # a small object with no anchor above 0.7: its best anchor (IoU 0.5) is made positive by rule (i);
    # the IoU-0.4 anchor stays ignored
    small = np.array([[0.0, 0.0, 10.0, 5.0]])
    far = np.array([[0.0, 0.0, 10.0, 10.0], [0.0, 0.0, 10.0, 2.0], [50.0, 50.0, 60.0, 60.0]])
    assert det.assign_anchors(far, small)[0].tolist() == [1, -1, 0]
    assert det.assign_anchors(far, small, allow_low_quality=False)[0].tolist() == [-1, -1, 0]


# --------------------------------------------------------------------------- NMS
def _nms_by_definition(boxes, scores, t):
    """The unique subset K such that (a) no two kept boxes overlap with IoU > t ... and (b) every dropped box
    overlaps a kept box of higher score with IoU > t, (c) every kept box has no kept higher-scoring overlap.
    Found by trying all 2^n subsets; the IoU is recomputed by pixel counting."""
    n = len(boxes)
    masks = [_raster(b) for b in boxes]
    over = np.array([[(masks[i] & masks[j]).sum() / (masks[i] | masks[j]).sum() > t for j in range(n)]
                     for i in range(n)])
    found = []
    for r in range(n + 1):
        for K in itertools.combinations(range(n), r):
            Ks = set(K)
            ok_kept = all(not (over[i, j] and scores[j] > scores[i]) for i in Ks for j in Ks if i != j)
            ok_dropped = all(any(over[i, j] and scores[j] > scores[i] for j in Ks) for i in set(range(n)) - Ks)
            if ok_kept and ok_dropped:
                found.append(Ks)
    assert len(found) == 1, "the characterization has a unique solution for distinct scores"
    return sorted(found[0], key=lambda i: -scores[i])


@checks("nms", against="a brute force over every subset of boxes (IoU by pixel counting)", tol="exact")
@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("t", [0.3, 0.5, 0.7])
def test_nms_matches_brute_force_definition(seed, t):
    rng = np.random.default_rng(seed)
    boxes = _random_int_boxes(rng, 9, size=14, min_side=2)
    scores = rng.permutation(9) / 9 + 0.05
    assert det.nms(boxes, scores, t).tolist() == _nms_by_definition(boxes, scores, t)


def test_nms_hand_example_and_strict_threshold():
    boxes = np.array([[0, 0, 10, 10], [0, 0, 10, 5], [20, 20, 30, 30], [1, 0, 11, 10]], dtype=float)
    scores = np.array([0.9, 0.8, 0.7, 0.6])
    # IoU(0,1) = 0.5 exactly: kept at t = 0.5 (suppression needs IoU > t); IoU(0,3) = 90/110
    assert det.nms(boxes, scores, 0.5).tolist() == [0, 1, 2]
    assert det.nms(boxes, scores, 0.49).tolist() == [0, 2]


def test_batched_nms_equals_nms_run_per_class():
    rng = np.random.default_rng(7)
    boxes = _random_int_boxes(rng, 30, size=16, min_side=3)
    scores, classes = rng.random(30), rng.integers(0, 3, 30)
    got = det.batched_nms(boxes, scores, classes, 0.4)
    expected = []
    for c in range(3):
        idx = np.flatnonzero(classes == c)
        expected += idx[det.nms(boxes[idx], scores[idx], 0.4)].tolist()
    assert sorted(got.tolist()) == sorted(expected)
    assert np.all(np.diff(scores[got]) <= 0)
    # plain NMS would suppress across classes
    assert len(det.nms(boxes, scores, 0.4)) < len(got)


def _soft_nms_algorithm_1(B, S, method, Nt, sigma, thresh):
    """Bodla et al. (2017), Algorithm 1, line by line on Python lists."""
    B, S = [list(b) for b in B], list(S)
    idx = list(range(len(B)))
    D, out_s = [], []
    while B:
        m = int(np.argmax(S))
        M, sM, iM = B.pop(m), S.pop(m), idx.pop(m)
        if sM < thresh:
            break
        D.append(iM)
        out_s.append(sM)
        for k, b in enumerate(B):
            ix = max(0.0, min(M[2], b[2]) - max(M[0], b[0]))
            iy = max(0.0, min(M[3], b[3]) - max(M[1], b[1]))
            inter = ix * iy
            o = inter / ((M[2] - M[0]) * (M[3] - M[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter)
            if method == "linear":
                S[k] = S[k] * (1 - o) if o >= Nt else S[k]
            else:
                S[k] = S[k] * np.exp(-(o ** 2) / sigma)
    return D, out_s


@checks("soft-nms", against="a line-by-line transcription of Algorithm 1 of Bodla et al.", tol="rtol 1e-6")
@pytest.mark.parametrize("method", ["linear", "gaussian"])
@pytest.mark.parametrize("seed", range(4))
def test_soft_nms_matches_algorithm_1(method, seed):
    rng = np.random.default_rng(10 + seed)
    boxes = _random_int_boxes(rng, 15, size=16, min_side=3)
    scores = rng.random(15)
    keep, s = det.soft_nms(boxes, scores, method=method, sigma=0.5, iou_threshold=0.3, score_threshold=0.05)
    D, out_s = _soft_nms_algorithm_1(boxes, scores, method, 0.3, 0.5, 0.05)
    assert keep.tolist() == D
    assert_close(s, out_s)


def test_soft_nms_hand_values_and_hard_limit():
    boxes = np.array([[0, 0, 10, 10], [0, 0, 10, 5]], dtype=float)  # IoU 0.5
    _, s = det.soft_nms(boxes, [0.9, 0.8], method="linear", iou_threshold=0.3)
    assert_close(s, [0.9, 0.8 * 0.5])
    _, s = det.soft_nms(boxes, [0.9, 0.8], method="gaussian", sigma=0.5)
    assert_close(s, [0.9, 0.8 * np.exp(-0.5)])
    # with a tiny sigma, Gaussian soft-NMS keeps exactly the boxes greedy NMS keeps (t just above 0)
    rng = np.random.default_rng(3)
    b, sc = _random_int_boxes(rng, 12, size=30, min_side=2), rng.random(12) + 0.5
    keep, _ = det.soft_nms(b, sc, sigma=1e-6, score_threshold=1e-3)
    assert sorted(keep.tolist()) == sorted(det.nms(b, sc, 1e-9).tolist())


# --------------------------------------------------------------------------- YOLO
def test_yolo_encode_decode_round_trip_and_v1_size():
    rng = np.random.default_rng(4)
    for _ in range(20):
        box = np.array([rng.uniform(0, 13), rng.uniform(0, 13), rng.uniform(0.2, 8), rng.uniform(0.2, 8)])
        anchor = (rng.uniform(0.5, 5), rng.uniform(0.5, 5))
        cell, t = det.yolo_encode(box, anchor)
        out = det.yolo_decode(np.append(t, 0.0), cell, anchor)
        assert_close(out, np.concatenate([[0.5], box]))
        assert cell[0] <= out[1] < cell[0] + 1  # the sigmoid keeps the center inside its cell
    assert det.yolo_v1_output_size() == 1470 == 7 * 7 * 30


# --------------------------------------------------------------------------- RoIAlign
@pytest.mark.torch
def test_roi_align_matches_grid_sample_bilinear_sampling():
    import torch

    rng = np.random.default_rng(5)
    feat = rng.standard_normal((3, 12, 16))
    ft = torch.from_numpy(feat)[None]
    for box, scale, (ph, pw), r in [([8.0, 6.0, 30.0, 22.0], 0.5, (2, 3), 2),
                                    ([3.3, 2.1, 11.7, 9.9], 1.0, (7, 7), 2),
                                    ([1.0, 1.0, 14.0, 11.0], 1.0, (4, 5), 3)]:
        got = det.roi_align(feat, np.array(box), (ph, pw), scale, r)
        x1, y1, x2, y2 = np.array(box) * scale  # continuous coordinates: pixel i spans [i, i+1)
        ys = y1 + (np.arange(ph * r) + 0.5) * (y2 - y1) / (ph * r)
        xs = x1 + (np.arange(pw * r) + 0.5) * (x2 - x1) / (pw * r)
        gy, gx = np.meshgrid(2 * ys / feat.shape[1] - 1, 2 * xs / feat.shape[2] - 1, indexing="ij")
        grid = torch.from_numpy(np.stack([gx, gy], -1))[None]
        samples = torch.nn.functional.grid_sample(ft, grid, mode="bilinear", padding_mode="border",
                                                  align_corners=False)[0]
        ref = samples.reshape(3, ph, r, pw, r).mean(dim=(2, 4)).numpy()
        assert_close(got, ref)


def test_roi_align_is_exact_on_a_linear_feature_map():
    # bilinear sampling reproduces a linear function, so each bin averages to the value at its center
    H, W = 10, 12
    yy, xx = np.meshgrid(np.arange(H), np.arange(W), indexing="ij")
    feat = (2.0 * xx - 3.0 * yy + 1.0)[None]
    out = det.roi_align(feat, np.array([2.0, 3.0, 10.0, 7.0]), (2, 4))
    cy = 3.0 + (np.arange(2) + 0.5) * 2.0 - 0.5
    cx = 2.0 + (np.arange(4) + 0.5) * 2.0 - 0.5
    assert_close(out[0], 2.0 * cx[None, :] - 3.0 * cy[:, None] + 1.0)


# --------------------------------------------------------------------------- DETR matching
@checks("hungarian-matching", against="`scipy.optimize.linear_sum_assignment` (total cost)", tol="rtol 1e-6")
@pytest.mark.parametrize("shape", [(1, 1), (4, 4), (7, 7), (10, 3), (3, 10), (9, 6)])
def test_hungarian_matches_scipy(shape):
    rng = np.random.default_rng(sum(shape))
    for _ in range(5):
        C = rng.standard_normal(shape)
        rows, cols = det.hungarian(C)
        r_ref, c_ref = linear_sum_assignment(C)
        assert len(rows) == min(shape) and len(set(cols.tolist())) == min(shape)
        assert_close(C[rows, cols].sum(), C[r_ref, c_ref].sum())
        assert rows.tolist() == sorted(rows.tolist())


def test_hungarian_with_integer_ties_reaches_the_brute_force_optimum():
    rng = np.random.default_rng(8)
    C = rng.integers(0, 4, (5, 5)).astype(float)
    best = min(sum(C[i, p[i]] for i in range(5)) for p in itertools.permutations(range(5)))
    rows, cols = det.hungarian(C)
    assert C[rows, cols].sum() == best


def test_detr_cost_terms_and_matching():
    # two predictions, two objects; prediction 0 sits on object 1 and predicts its class
    prob = np.array([[0.1, 0.8, 0.1], [0.7, 0.1, 0.2]])  # classes 0, 1 and "no object" (index 2)
    pred = np.array([[0.7, 0.7, 0.2, 0.2], [0.3, 0.3, 0.2, 0.2]])
    labels, gt = np.array([0, 1]), np.array([[0.3, 0.3, 0.2, 0.2], [0.7, 0.7, 0.2, 0.2]])
    C = det.detr_cost(prob, pred, labels, gt)
    assert_close(C[0, 1], -0.8 + 0.0 - 2.0)  # exact box: L1 0, GIoU 1
    assert_close(C[1, 0], -0.7 - 2.0)
    far_giou = det.pairwise_giou(det.cxcywh_to_xyxy(pred[:1]), det.cxcywh_to_xyxy(gt[:1]))[0, 0]
    assert_close(C[0, 0], -0.1 + 5 * 0.8 - 2 * far_giou)
    rows, cols = det.hungarian(C)
    assert cols.tolist() == linear_sum_assignment(C)[1].tolist() == [1, 0]
