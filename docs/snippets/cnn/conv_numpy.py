import numpy as np
import torch
import torch.nn.functional as F

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.convolution import conv2d, im2col, max_pool2d

rng = np.random.default_rng(0)
x = rng.standard_normal((2, 4, 9, 9))  # (N, C_in, H, W)
w = rng.standard_normal((6, 2, 3, 3))  # (C_out, C_in / groups, k, k), groups = 2
b = rng.standard_normal(6)

# im2col: every receptive field becomes a column; conv = one matrix product per group
cols = im2col(x[:, :2], 3, stride=2, padding=1)  # (N, C_in/g * k * k, H_out * W_out)
assert cols.shape == (2, 18, 25)
y = conv2d(x, w, b, stride=2, padding=1, groups=2)
ref = F.conv2d(torch.from_numpy(x), torch.from_numpy(w), torch.from_numpy(b), stride=2, padding=1, groups=2)
assert np.allclose(y, ref.numpy())

# cross-correlation, not convolution: flipping the kernel changes the result
y_flip = conv2d(x, w[..., ::-1, ::-1].copy(), b, stride=2, padding=1, groups=2)
assert not np.allclose(y, y_flip)

p = max_pool2d(y, kernel_size=2)  # stride defaults to the kernel size; 5 -> floor((5 - 2)/2) + 1 = 2
assert p.shape == (2, 6, 2, 2)
assert np.allclose(p, F.max_pool2d(ref, 2).numpy())
