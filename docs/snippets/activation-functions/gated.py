import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)
torch.manual_seed(0)

# F.glu splits the last axis: the FIRST half is the value, the SECOND half is gated
x = torch.tensor([[1.0, 2.0, 3.0, 4.0]])
assert torch.allclose(F.glu(x, dim=-1), torch.tensor([[1.0, 2.0]]) * torch.sigmoid(torch.tensor([[3.0, 4.0]])))
assert torch.equal(nn.GLU(dim=-1)(x), F.glu(x, dim=-1))


class SwiGLUFFN(nn.Module):
    """Llama-style FFN: down(SiLU(gate(x)) * up(x)), no biases."""

    def __init__(self, d: int, d_ff: int):
        super().__init__()
        self.gate = nn.Linear(d, d_ff, bias=False)  # W
        self.up = nn.Linear(d, d_ff, bias=False)  # V
        self.down = nn.Linear(d_ff, d, bias=False)  # W2

    def forward(self, x):
        return self.down(F.silu(self.gate(x)) * self.up(x))


d = 768
d_ff = 2 * (4 * d) // 3  # the 2/3 rule: 2048
ffn = SwiGLUFFN(d, d_ff)
relu_ffn = nn.Sequential(nn.Linear(d, 4 * d, bias=False), nn.ReLU(), nn.Linear(4 * d, d, bias=False))
n_params = sum(p.numel() for p in ffn.parameters())
assert n_params == sum(p.numel() for p in relu_ffn.parameters()) == 8 * d * d

# the same block as one fused matmul followed by the split form a * SiLU(b)
tokens = torch.randn(2, 5, d)
fused = torch.cat([ffn.up.weight, ffn.gate.weight])  # rows: first the value half a, then the gate half b
a, b = (tokens @ fused.T).chunk(2, dim=-1)
assert torch.allclose(ffn.down(a * F.silu(b)), ffn(tokens), atol=1e-5)

# Llama's width: 2/3 of 4d, rounded up to a multiple of 256 -> 11008 for d = 4096
hidden = int(2 * (4 * 4096) / 3)
assert 256 * ((hidden + 255) // 256) == 11008
