import torch


def box_iou(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Pairwise IoU of boxes (x1, y1, x2, y2): shapes (N, 4) and (M, 4) -> (N, M)."""
    lt = torch.maximum(a[:, None, :2], b[None, :, :2])  # top-left of the intersection
    rb = torch.minimum(a[:, None, 2:], b[None, :, 2:])
    inter = (rb - lt).clamp(min=0).prod(dim=-1)
    area_a = (a[:, 2:] - a[:, :2]).prod(dim=-1)
    area_b = (b[:, 2:] - b[:, :2]).prod(dim=-1)
    return inter / (area_a[:, None] + area_b[None, :] - inter)


gt = torch.tensor([[1.0, 1.0, 5.0, 4.0]])
pred = torch.tensor([[3.0, 2.0, 7.0, 6.0], [1.0, 1.0, 5.0, 4.0]])
iou = box_iou(gt, pred)
assert torch.allclose(iou, torch.tensor([[4 / 24, 1.0]]))  # overlap 2x2, union 12 + 16 - 4

# masks: Dice = 2|A n B| / (|A| + |B|) = 2 IoU / (1 + IoU)
torch.manual_seed(0)
a, b = torch.rand(64, 64) < 0.3, torch.rand(64, 64) < 0.4
inter, union = (a & b).sum().item(), (a | b).sum().item()
iou_m = inter / union
dice = 2 * inter / (a.sum().item() + b.sum().item())
assert abs(dice - 2 * iou_m / (1 + iou_m)) < 1e-12
