import torch

torch.set_num_threads(1)


def box_iou(a, b):  # (N, 4), (M, 4) as x1, y1, x2, y2 -> (N, M)
    lt = torch.max(a[:, None, :2], b[None, :, :2])
    rb = torch.min(a[:, None, 2:], b[None, :, 2:])
    inter = (rb - lt).clamp(min=0).prod(-1)
    area = lambda x: (x[:, 2] - x[:, 0]) * (x[:, 3] - x[:, 1])  # noqa: E731
    return inter / (area(a)[:, None] + area(b)[None, :] - inter)


def nms(boxes, scores, iou_threshold=0.5):
    order = scores.argsort(descending=True)
    keep = []
    while order.numel() > 0:
        i = order[0]
        keep.append(int(i))
        iou = box_iou(boxes[i:i + 1], boxes[order[1:]])[0]
        order = order[1:][iou <= iou_threshold]  # drop boxes overlapping the winner by more than t
    return torch.tensor(keep)


def batched_nms(boxes, scores, labels, iou_threshold=0.5):
    offset = labels[:, None].to(boxes) * (boxes.max() + 1)  # move each class to its own region
    return nms(boxes + offset, scores, iou_threshold)


boxes = torch.tensor([[10, 22, 50, 62], [16, 16, 56, 56], [6, 28, 46, 68],
                      [62, 30, 94, 70], [58, 36, 92, 76], [40, 4, 70, 20]], dtype=torch.float32)
scores = torch.tensor([0.92, 0.81, 0.66, 0.88, 0.74, 0.35])
keep = nms(boxes, scores, 0.5)
print("kept:", keep.tolist())  # one box per object plus the stray one
assert keep.tolist() == [0, 3, 5]

labels = torch.tensor([0, 1, 0, 2, 2, 1])  # box 1 is another class: it survives per-class NMS
assert sorted(batched_nms(boxes, scores, labels, 0.5).tolist()) == [0, 1, 3, 5]
# torchvision.ops.nms / batched_nms apply the same rule (suppress IoU > t, offset each class by max + 1);
# torchvision is not installed here, so this snippet does not call them
