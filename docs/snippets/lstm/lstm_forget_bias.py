import torch
from torch import nn

torch.manual_seed(0)
N, L, I, H, P = 8, 20, 10, 32, 16
lstm = nn.LSTM(I, H, num_layers=2, batch_first=True, proj_size=P)

# forget-gate bias trick (Gers et al. 2000; Jozefowicz et al. 2015): start with f ~ sigmoid(1)
for name, b in lstm.named_parameters():
    if name.startswith("bias"):
        with torch.no_grad():
            b.zero_()
            if name.startswith("bias_hh"):
                b[H:2 * H] = 1.0                 # block 1 of (i, f, g, o); the two biases add up

x = torch.randn(N, L, I)
output, (h_n, c_n) = lstm(x)
assert output.shape == (N, L, P)                 # proj_size shrinks h_t (and the output) to P
assert h_n.shape == (2, N, P) and c_n.shape == (2, N, H)   # the cell state keeps size H
assert lstm.weight_hh_l0.shape == (4 * H, P) and lstm.weight_hr_l0.shape == (P, H)

# with zero input weights and zero state, every forget gate is exactly sigmoid(1) = 0.731
with torch.no_grad():
    a = torch.zeros(1, I) @ lstm.weight_ih_l0.T + lstm.bias_ih_l0 + lstm.bias_hh_l0
f = torch.sigmoid(a[0, H:2 * H])
assert torch.allclose(f, torch.full((H,), 0.7310586))
