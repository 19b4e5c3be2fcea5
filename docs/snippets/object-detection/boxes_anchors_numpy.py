import numpy as np

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.detection import (RCNN_BOX_WEIGHTS, assign_anchors, base_anchors, decode_deltas,
                                           encode_deltas, grid_anchors, soft_nms)

# 9 anchors per cell (3 scales x 3 ratios) on a 50 x 50 feature map of stride 16: 22,500 anchors
anchors = grid_anchors(base_anchors((128, 256, 512), (0.5, 1.0, 2.0)), (50, 50), stride=16)
assert anchors.shape == (50 * 50 * 9, 4)

gt = np.array([[100.0, 120.0, 300.0, 330.0]])
labels, matched = assign_anchors(anchors, gt, pos_thresh=0.7, neg_thresh=0.3)  # RPN rule
print("positive, ignored, negative:", [int((labels == v).sum()) for v in (1, -1, 0)])

# regression targets of the positive anchors, with the second-stage weights (10, 10, 5, 5)
pos = anchors[labels == 1]
t = encode_deltas(pos, gt[matched[labels == 1]], RCNN_BOX_WEIGHTS)
assert np.allclose(decode_deltas(pos, t, RCNN_BOX_WEIGHTS), gt)  # decoding inverts encoding

# soft-NMS keeps a heavily overlapped second object with a reduced score instead of deleting it
boxes = np.array([[0, 0, 10, 10], [0, 0, 10, 5], [30, 30, 40, 40]], dtype=float)  # IoU(0, 1) = 0.5
keep, s = soft_nms(boxes, [0.9, 0.8, 0.7], method="linear", iou_threshold=0.3)
print(dict(zip(keep.tolist(), s.round(3).tolist())))  # box 1: 0.8 * (1 - 0.5) = 0.4
assert np.isclose(s[keep.tolist().index(1)], 0.4)
