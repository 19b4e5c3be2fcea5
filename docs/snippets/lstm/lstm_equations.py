import torch
from torch import nn

torch.manual_seed(0)
N, I, H = 3, 4, 6
cell = nn.LSTMCell(I, H)
x, h, c = torch.randn(N, I), torch.randn(N, H), torch.randn(N, H)

# one matrix product for all four blocks, stacked in the order (i, f, g, o)
gates = x @ cell.weight_ih.T + cell.bias_ih + h @ cell.weight_hh.T + cell.bias_hh   # (N, 4H)
a_i, a_f, a_g, a_o = gates.chunk(4, dim=1)
i, f, g, o = torch.sigmoid(a_i), torch.sigmoid(a_f), torch.tanh(a_g), torch.sigmoid(a_o)
c_new = f * c + i * g                        # additive cell update
h_new = o * torch.tanh(c_new)

h_ref, c_ref = cell(x, (h, c))
assert torch.allclose(h_ref, h_new, atol=1e-6) and torch.allclose(c_ref, c_new, atol=1e-6)
assert sum(p.numel() for p in cell.parameters()) == 4 * (H * I + H * H + 2 * H)
