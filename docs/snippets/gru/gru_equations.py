import torch
from torch import nn

torch.manual_seed(0)
N, I, H = 3, 4, 6
gru = nn.GRUCell(I, H)
x, h = torch.randn(N, I), torch.randn(N, H)

# PyTorch stores the three blocks stacked in the order (r, z, n)
W_ir, W_iz, W_in = gru.weight_ih.chunk(3)
W_hr, W_hz, W_hn = gru.weight_hh.chunk(3)
b_ir, b_iz, b_in = gru.bias_ih.chunk(3)
b_hr, b_hz, b_hn = gru.bias_hh.chunk(3)

r = torch.sigmoid(x @ W_ir.T + b_ir + h @ W_hr.T + b_hr)          # reset gate
z = torch.sigmoid(x @ W_iz.T + b_iz + h @ W_hz.T + b_hz)          # update gate
n = torch.tanh(x @ W_in.T + b_in + r * (h @ W_hn.T + b_hn))       # r applied AFTER W_hn h + b_hn
h_new = (1 - z) * n + z * h                                       # z = 1 keeps the old state

assert torch.allclose(gru(x, h), h_new, atol=1e-6)

# Cho et al. (2014, arXiv v3) apply r before the matrix product: W_hn (r * h). A different function:
n_paper = torch.tanh(x @ W_in.T + b_in + (r * h) @ W_hn.T + b_hn)
assert not torch.allclose((1 - z) * n_paper + z * h, h_new, atol=1e-3)

# parameters: 3 (H I + H^2 + 2H)
assert sum(p.numel() for p in gru.parameters()) == 3 * (H * I + H * H + 2 * H)
