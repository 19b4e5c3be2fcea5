import numpy as np
import torch
import torch.nn.functional as F

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.positional import alibi_bias, alibi_slopes, t5_relative_position_bucket

torch.set_num_threads(1)
# ALiBi slopes: 2^(-8k/h); 12 heads = the 8 slopes of 8 heads + 4 odd-indexed slopes of 16 heads
assert np.allclose(alibi_slopes(8), 2.0 ** -np.arange(1, 9))
assert np.allclose(alibi_slopes(12)[8:], 2.0 ** -(np.arange(4) + 0.5))

# ALiBi is a float attn_mask: -m_k (i - j) on and below the diagonal, -inf above (causal)
h, n, d_h = 12, 6, 8
q, k, v = torch.randn(3, 1, h, n, d_h).unbind(0)
bias = torch.from_numpy(alibi_bias(n, h)).float()  # (h, n, n)
out = F.scaled_dot_product_attention(q, k, v, attn_mask=bias)
assert out.shape == (1, h, n, d_h)

# T5: relative position j - i -> one of 32 buckets (exact below 8, log-spaced up to 128)
rel = np.array([-200, -128, -20, -7, -1, 0, 1, 7, 20, 128, 200])
assert list(t5_relative_position_bucket(rel, bidirectional=True)) == [15, 15, 10, 7, 1, 0, 17, 23, 26, 31, 31]
assert list(t5_relative_position_bucket(rel, bidirectional=False)) == [31, 31, 17, 7, 1, 0, 0, 0, 0, 0, 0]
assert t5_relative_position_bucket(np.array([5]), bidirectional=False)[0] == 0  # future keys share bucket 0
