import numpy as np

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.segmentation import panoptic_quality, unet_sizes

# segment-id maps: ground truth has persons 1 and 2 and the sky (3); the prediction finds person 1 (as 10),
# misses person 2, adds a spurious person 11 and a wrong "wall" segment, and gets most of the sky
gt = np.array([[1, 1, 1, 2, 2, 2],
               [1, 1, 1, 2, 2, 2],
               [1, 1, 1, 3, 3, 3],
               [1, 1, 1, 3, 3, 3]])
pred = np.array([[10, 10, 10, 12, 12, 12],
                 [10, 10, 10, 12, 12, 12],
                 [10, 10, 10, 13, 13, 13],
                 [11, 11, 11, 13, 13, 10]])
r = panoptic_quality(pred, {10: "person", 11: "person", 12: "wall", 13: "sky"},
                     gt, {1: "person", 2: "person", 3: "sky"})
print({k: round(v, 3) for k, v in r.items()})
# person: one TP with IoU 9/13, one FP, one FN -> PQ = (9/13) / (1 + 0.5 + 0.5); sky: 5/6; wall: 0
assert np.isclose(r["PQ"], ((9 / 13) / 2 + 5 / 6 + 0) / 3)

s = unet_sizes(572)  # the paper's U-Net, valid convolutions
print("skips", s.encoder, "cropped to", s.crops[::-1], "output", s.output)
assert s.output == 388
