import numpy as np

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.attention import causal_mask, multi_head_attention, scaled_dot_product_attention

rng = np.random.default_rng(0)
L, S, d_k, d_v = 4, 5, 8, 3
Q, K, V = rng.standard_normal((L, d_k)), rng.standard_normal((S, d_k)), rng.standard_normal((S, d_v))

out, A = scaled_dot_product_attention(Q, K, V)  # softmax(Q K^T / sqrt(d_k)) V
assert out.shape == (L, d_v) and A.shape == (L, S)
assert np.allclose(A.sum(axis=1), 1.0)  # each query's weights are a distribution over the keys
assert np.allclose(out, A @ V)  # each output is a convex combination of the values

_, A_causal = scaled_dot_product_attention(Q, K[:L], V[:L], causal_mask(L))
assert np.allclose(np.triu(A_causal, 1), 0.0) and A_causal[0, 0] == 1.0  # token 0 sees only itself

# multi-head attention with nn.MultiheadAttention's packed weights: in_proj (3E, E), out_proj (E, E)
E, h, N = 8, 2, 1
x = rng.standard_normal((N, L, E))
W_in, W_out = rng.standard_normal((3 * E, E)) / np.sqrt(E), rng.standard_normal((E, E)) / np.sqrt(E)
y, w_heads = multi_head_attention(x, x, x, h, W_in, np.zeros(3 * E), W_out, np.zeros(E),
                                  average_attn_weights=False)
assert y.shape == (N, L, E) and w_heads.shape == (N, h, L, L)
