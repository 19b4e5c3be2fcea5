import math

import torch
import torch.nn.functional as F

torch.manual_seed(0)
B, h, L, d_k = 2, 4, 6, 16
q, k, v = (torch.randn(B, h, L, d_k) for _ in range(3))

# the formula, written out: softmax(Q K^T / sqrt(d_k) + M) V
scores = q @ k.transpose(-2, -1) / math.sqrt(d_k)
causal = torch.ones(L, L, dtype=torch.bool).tril()  # True = may attend (SDPA's convention)
manual = scores.masked_fill(~causal, float("-inf")).softmax(-1) @ v

fused = F.scaled_dot_product_attention(q, k, v, is_causal=True)
assert torch.allclose(fused, manual, atol=1e-5)
assert torch.allclose(F.scaled_dot_product_attention(q, k, v, attn_mask=causal), manual, atol=1e-5)

# PITFALL: nn.MultiheadAttention's boolean attn_mask / key_padding_mask mean the opposite (True = blocked)
mha = torch.nn.MultiheadAttention(embed_dim=h * d_k, num_heads=h, batch_first=True)
x = torch.randn(B, L, h * d_k)
blocked = ~causal  # == torch.nn.Transformer.generate_square_subsequent_mask(L) != 0
y, w = mha(x, x, x, attn_mask=blocked)
assert torch.equal(blocked, torch.nn.Transformer.generate_square_subsequent_mask(L) != 0)
assert torch.all(w.triu(1) == 0)  # weights averaged over heads: (B, L, L), nothing above the diagonal

# grouped-query attention: 8 query heads share 2 key/value heads
qg = torch.randn(B, 8, L, d_k)
kg, vg = torch.randn(B, 2, L, d_k), torch.randn(B, 2, L, d_k)
out = F.scaled_dot_product_attention(qg, kg, vg, enable_gqa=True)
ref = F.scaled_dot_product_attention(qg, kg.repeat_interleave(4, 1), vg.repeat_interleave(4, 1))
assert out.shape == (B, 8, L, d_k) and torch.allclose(out, ref, atol=1e-6)
