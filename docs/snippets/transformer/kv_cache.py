import math

import torch
import torch.nn.functional as F

torch.manual_seed(0)
d, h, T = 32, 4, 7
d_h = d // h
W_qkv, W_o = torch.randn(3 * d, d) / math.sqrt(d), torch.randn(d, d) / math.sqrt(d)
x = torch.randn(1, T, d)  # the sequence, one token at a time when decoding


def split(t):  # (1, n, d) -> (1, h, n, d_h)
    return t.view(1, -1, h, d_h).transpose(1, 2)


def attend(q, k, v, causal):
    out = F.scaled_dot_product_attention(split(q), split(k), split(v), is_causal=causal)
    return out.transpose(1, 2).reshape(1, -1, d) @ W_o.T


# full causal self-attention over the whole sequence (training / prefill)
q, k, v = (x @ W_qkv.T).split(d, dim=-1)
full = attend(q, k, v, causal=True)

# incremental decoding: project only the new token, append its key and value to the cache
cache_k, cache_v, steps = x.new_zeros(1, 0, d), x.new_zeros(1, 0, d), []
for t in range(T):
    q_t, k_t, v_t = (x[:, t:t + 1] @ W_qkv.T).split(d, dim=-1)
    cache_k, cache_v = torch.cat([cache_k, k_t], 1), torch.cat([cache_v, v_t], 1)
    steps.append(attend(q_t, cache_k, cache_v, causal=False))  # the new query may see every cached key
assert torch.allclose(torch.cat(steps, 1), full, atol=1e-5)
assert cache_k.shape == (1, T, d)  # per layer: 2 * T * d values (keys and values), here in float32
# PITFALL: is_causal=True with 1 query and T keys is top-left aligned: the query would see key 0 only
assert not torch.allclose(attend(q_t, cache_k, cache_v, causal=True), steps[-1], atol=1e-3)
