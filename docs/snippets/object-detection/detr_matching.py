import torch
from scipy.optimize import linear_sum_assignment

torch.set_num_threads(1)


def cxcywh_to_xyxy(b):
    cx, cy, w, h = b.unbind(-1)
    return torch.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], -1)


def giou(a, b):  # pairwise generalized IoU of xyxy boxes, (N, 4) x (M, 4) -> (N, M)
    area = lambda x: (x[:, 2] - x[:, 0]) * (x[:, 3] - x[:, 1])  # noqa: E731
    inter = (torch.min(a[:, None, 2:], b[None, :, 2:]) - torch.max(a[:, None, :2], b[None, :, :2])).clamp(min=0).prod(-1)
    union = area(a)[:, None] + area(b)[None, :] - inter
    hull = (torch.max(a[:, None, 2:], b[None, :, 2:]) - torch.min(a[:, None, :2], b[None, :, :2])).prod(-1)
    return inter / union - (hull - union) / hull


torch.manual_seed(0)
N, K = 100, 91  # DETR: 100 object queries; COCO class ids, plus one "no object" class
logits, pred_boxes = torch.randn(N, K + 1), torch.rand(N, 4) * 0.5 + 0.25  # normalized cx, cy, w, h
gt_labels, gt_boxes = torch.tensor([17, 3, 62]), torch.tensor([[0.5, 0.5, 0.4, 0.6], [0.2, 0.3, 0.1, 0.2],
                                                               [0.7, 0.6, 0.3, 0.3]])
prob = logits.softmax(-1)
cost = (-1.0 * prob[:, gt_labels]  # class term: minus the probability (not the log) of the true class
        + 5.0 * torch.cdist(pred_boxes, gt_boxes, p=1)  # L1 on (cx, cy, w, h)
        - 2.0 * giou(cxcywh_to_xyxy(pred_boxes), cxcywh_to_xyxy(gt_boxes)))  # (N, M) = (100, 3)
rows, cols = linear_sum_assignment(cost.numpy())  # Hungarian matching: one query per object
print("queries matched to objects 0, 1, 2:", rows[cols.argsort()].tolist())
assert len(rows) == 3 and len(set(rows.tolist())) == 3
# the 97 unmatched queries are trained towards "no object"; no NMS is needed at inference
assert cost[rows, cols].sum() <= cost[torch.randperm(N)[:3], torch.arange(3)].sum()
