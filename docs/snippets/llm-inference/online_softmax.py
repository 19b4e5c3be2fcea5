import math

import torch
import torch.nn.functional as F

torch.set_num_threads(1)
torch.manual_seed(0)
B, H_q, H_kv, T, d = 1, 8, 2, 50, 16  # GQA: 4 query heads per KV head
q = torch.randn(B, H_q, T, d)
k, v = torch.randn(B, H_kv, T, d), torch.randn(B, H_kv, T, d)


def flash_like(q, k, v, block=16):
    """Exact causal attention over key blocks with the online softmax (running max m, running sum l)."""
    k, v = k.repeat_interleave(q.shape[1] // k.shape[1], 1), v.repeat_interleave(q.shape[1] // v.shape[1], 1)
    m = torch.full(q.shape[:-1] + (1,), -math.inf)
    l = torch.zeros(q.shape[:-1] + (1,))
    o = torch.zeros_like(q)
    rows = torch.arange(q.shape[-2])[:, None]
    for j in range(0, k.shape[-2], block):  # T = 50 is not a multiple of 16: the last block is short
        s = q @ k[..., j:j + block, :].transpose(-2, -1) / math.sqrt(d)
        s = s.masked_fill(torch.arange(j, j + s.shape[-1]) > rows, -math.inf)  # causal
        m_new = torch.maximum(m, s.amax(-1, keepdim=True))  # finite: key 0 is visible to every query
        p, rescale = torch.exp(s - m_new), torch.exp(m - m_new)  # rescale the old sums to the new max
        l = rescale * l + p.sum(-1, keepdim=True)
        o = rescale * o + p @ v[..., j:j + block, :]
        m = m_new
    return o / l  # normalize once at the end


ref = F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=True)
assert torch.allclose(flash_like(q, k, v), ref, atol=1e-5)
assert torch.allclose(flash_like(q, k, v, block=7), ref, atol=1e-5)
