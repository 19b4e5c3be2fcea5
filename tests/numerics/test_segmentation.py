"""Segmentation: U-Net sizes and parameter count against a small torch U-Net assembled here, atrous
convolution against torch's dilation, and panoptic quality against a hand-worked example and
torchmetrics.detection.PanopticQuality."""

from __future__ import annotations

import numpy as np
import pytest

from cheatsheet.numerics import segmentation as seg
from tests.numerics.refdata import assert_close


def test_unet_paper_sizes():
    s = seg.unet_sizes(572)
    assert s.encoder == (568, 280, 136, 64)
    assert s.bottleneck == 28
    assert s.crops == (56, 104, 200, 392)
    assert s.decoder == (52, 100, 196, 388)
    assert s.output == 388
    same = seg.unet_sizes(512, padding=1)
    assert same.encoder == (512, 256, 128, 64) and same.bottleneck == 32 and same.output == 512
    with pytest.raises(ValueError):
        seg.unet_sizes(570)  # 566 -> 283 -> 279: an odd size reaches a max-pool


def test_valid_unet_inputs_follow_the_closed_form():
    sizes = seg.unet_valid_inputs(100, 700)
    assert sizes == list(range(188, 701, 16))
    assert 572 in sizes
    assert all(seg.unet_sizes(n).output == n - 184 for n in sizes)


def test_center_crop():
    x = np.arange(36).reshape(6, 6)
    assert seg.center_crop(x, 2).tolist() == [[14, 15], [20, 21]]


def _torch_unet(in_ch, n_classes, base, depth, padding):
    import torch.nn as nn

    def block(ci, co):
        return nn.Sequential(nn.Conv2d(ci, co, 3, padding=padding), nn.ReLU(),
                             nn.Conv2d(co, co, 3, padding=padding), nn.ReLU())

    chans = [base * 2**i for i in range(depth + 1)]
    enc = nn.ModuleList([block(ci, co) for ci, co in zip([in_ch] + chans[:-2], chans[:-1])])
    bottom = block(chans[-2], chans[-1])
    ups = nn.ModuleList([nn.ConvTranspose2d(c * 2, c, 2, stride=2) for c in reversed(chans[:-1])])
    dec = nn.ModuleList([block(2 * c, c) for c in reversed(chans[:-1])])
    head = nn.Conv2d(chans[0], n_classes, 1)
    return nn.ModuleDict(dict(enc=enc, bottom=bottom, ups=ups, dec=dec, head=head))


def _forward(net, x):
    import torch

    skips, enc_sizes, crops, dec_sizes = [], [], [], []
    for blk in net["enc"]:
        x = blk(x)
        skips.append(x)
        enc_sizes.append(x.shape[-1])
        x = torch.nn.functional.max_pool2d(x, 2)
    x = net["bottom"](x)
    bottom = x.shape[-1]
    for up, blk, skip in zip(net["ups"], net["dec"], reversed(skips)):
        x = up(x)
        n = x.shape[-1]
        crops.append(n)
        top = (skip.shape[-1] - n) // 2
        x = blk(torch.cat([skip[..., top:top + n, top:top + n], x], dim=1))
        dec_sizes.append(x.shape[-1])
    return net["head"](x), enc_sizes, bottom, crops, dec_sizes


@pytest.mark.torch
@pytest.mark.parametrize("n, padding", [(572, 0), (188, 0), (64, 1), (96, 1)])
def test_unet_sizes_match_a_torch_unet(n, padding):
    import torch

    torch.manual_seed(0)
    net = _torch_unet(1, 2, 2, 4, padding)  # 2 base channels: the sizes do not depend on the width
    with torch.no_grad():
        y, enc, bottom, crops, dec = _forward(net, torch.randn(1, 1, n, n))
    s = seg.unet_sizes(n, padding=padding)
    assert (tuple(enc), bottom, tuple(crops), tuple(dec)) == (s.encoder, s.bottleneck, s.crops, s.decoder)
    assert y.shape == (1, 2, s.output, s.output)


@pytest.mark.torch
@pytest.mark.parametrize("in_ch, n_classes, base, depth", [(1, 2, 64, 4), (3, 5, 8, 3), (3, 1, 16, 4)])
def test_unet_parameter_count_matches_torch(in_ch, n_classes, base, depth):
    net = _torch_unet(in_ch, n_classes, base, depth, 0)
    assert seg.unet_params(in_ch, n_classes, base, depth) == sum(p.numel() for p in net.parameters())


def test_unet_paper_parameter_count():
    assert seg.unet_params() == 31_030_658


@pytest.mark.torch
@pytest.mark.parametrize("rate", [1, 2, 6])
def test_atrous_conv_equals_conv_with_zero_inserted_kernel(rate):
    import torch

    g = torch.Generator().manual_seed(rate)
    x, w = torch.randn(1, 2, 30, 30, generator=g, dtype=torch.float64), torch.randn(3, 2, 3, 3, generator=g,
                                                                                       dtype=torch.float64)
    y = torch.nn.functional.conv2d(x, w, dilation=rate, padding=rate)  # "same" padding p = r for 3x3
    wd = torch.from_numpy(seg.dilate_kernel(w.numpy(), rate))
    assert wd.shape[-1] == seg.atrous_span(3, rate) == 2 * rate + 1
    y_ref = torch.nn.functional.conv2d(x, wd, padding=rate)
    assert y.shape[-1] == 30
    assert_close(y.numpy(), y_ref.numpy())


def test_aspp_rates_scale_with_output_stride():
    assert seg.aspp_rates(16) == (6, 12, 18)
    assert seg.aspp_rates(8) == tuple(2 * r for r in seg.aspp_rates(16))
    assert seg.atrous_span(3, 18) == 37


# --------------------------------------------------------------------------- panoptic quality
def test_panoptic_quality_worked_example():
    # 4 x 6 image. Ground truth: person 1 (cols 0-2), person 2 (cols 3-5, rows 0-1), sky (rows 2-3, cols 3-5).
    gt = np.array([[1, 1, 1, 2, 2, 2],
                   [1, 1, 1, 2, 2, 2],
                   [1, 1, 1, 3, 3, 3],
                   [1, 1, 1, 3, 3, 3]])
    # Prediction: person A covers 9 of person 1's 12 pixels plus 1 more; person 2 missed, a spurious person B;
    # sky correct.
    pred = np.array([[10, 10, 10, 12, 12, 12],
                     [10, 10, 10, 12, 12, 12],
                     [10, 10, 10, 13, 13, 13],
                     [11, 11, 11, 13, 13, 10]])
    gt_cls, pred_cls = {1: "person", 2: "person", 3: "sky"}, {10: "person", 11: "person", 12: "wall", 13: "sky"}
    # person: A vs 1 IoU = 9 / (12 + 10 - 9) = 9/13 -> TP; B (3 px) vs 1 IoU 3/12 -> FP; person 2 -> FN
    # sky: IoU 5/6 -> TP; wall: FP
    r = seg.panoptic_quality(pred, pred_cls, gt, gt_cls)
    pq_person = (9 / 13) / (1 + 0.5 + 0.5)
    pq_sky = 5 / 6
    assert_close(r["PQ"], (pq_person + pq_sky + 0.0) / 3)
    assert_close(r["SQ"], (9 / 13 + 5 / 6 + 0.0) / 3)
    assert_close(r["RQ"], (0.5 + 1.0 + 0.0) / 3)


def _random_panoptic(rng, h=12, w=12):
    """Blocky segment maps; things 0, 1 (many instances), stuff 5 (one segment); every pixel labeled."""
    def one():
        seg_map = np.zeros((h, w), dtype=int)
        classes, next_id = {}, 1
        seg_map[:] = next_id
        classes[next_id] = 5
        for _ in range(rng.integers(2, 6)):
            next_id += 1
            y, x = rng.integers(0, h - 3), rng.integers(0, w - 3)
            seg_map[y:y + rng.integers(3, 7), x:x + rng.integers(3, 7)] = next_id
            classes[next_id] = int(rng.integers(0, 2))
        present = {s: c for s, c in classes.items() if np.any(seg_map == s)}
        return seg_map, present
    gt, gt_cls = one()
    # the prediction perturbs the ground truth: shift some segments, relabel a few pixels
    pred = gt.copy()
    pred[rng.random((h, w)) < 0.15] = 1
    pred = np.roll(pred, rng.integers(-1, 2), axis=int(rng.integers(0, 2)))
    pred_cls = {s: (c if rng.random() > 0.2 else 1 - c if c < 5 else c) for s, c in gt_cls.items()}
    pred_cls = {s: c for s, c in pred_cls.items() if np.any(pred == s)}
    return pred, pred_cls, gt, gt_cls


def _to_torchmetrics(seg_map, classes):
    import torch

    out = np.zeros(seg_map.shape + (2,), dtype=np.int64)
    for s, c in classes.items():
        out[seg_map == s] = (c, s if c != 5 else 0)
    return torch.from_numpy(out)[None]


@pytest.mark.torch
@pytest.mark.parametrize("seed", range(8))
def test_panoptic_quality_matches_torchmetrics(seed):
    from torchmetrics.detection import PanopticQuality

    rng = np.random.default_rng(seed)
    pred, pred_cls, gt, gt_cls = _random_panoptic(rng)
    metric = PanopticQuality(things={0, 1}, stuffs={5}, return_sq_and_rq=True)
    ref = metric(_to_torchmetrics(pred, pred_cls), _to_torchmetrics(gt, gt_cls)).numpy()
    got = seg.panoptic_quality(pred, pred_cls, gt, gt_cls)
    assert_close([got["PQ"], got["SQ"], got["RQ"]], ref, rtol=1e-5)


@pytest.mark.torch
def test_unet_has_23_conv_layers():
    """The paper's count: 18 3x3 convolutions, 4 up-convolutions and the final 1x1."""
    import torch.nn as nn

    mods = list(_torch_unet(1, 2, 64, 4, 0).modules())
    k3 = sum(isinstance(m, nn.Conv2d) and m.kernel_size == (3, 3) for m in mods)
    up = sum(isinstance(m, nn.ConvTranspose2d) for m in mods)
    k1 = sum(isinstance(m, nn.Conv2d) and m.kernel_size == (1, 1) for m in mods)
    assert (k3, up, k1) == (18, 4, 1) and k3 + up + k1 == 23
