import torch
from torch import nn

torch.manual_seed(0)
N, L, I, H = 4, 12, 8, 16                        # batch, sequence length, input_size, hidden_size
rnn = nn.RNN(I, H, num_layers=2, bidirectional=True, batch_first=True)
head = nn.Linear(2 * H, 1)

x = torch.randn(N, L, I)                         # batch_first: (N, L, H_in)
output, h_n = rnn(x)                             # h_0 defaults to zeros
assert output.shape == (N, L, 2 * H)             # last layer, both directions concatenated
assert h_n.shape == (2 * 2, N, H)                # (D * num_layers, N, H): batch_first does not apply
# h_n is ordered (layer 0 fwd, layer 0 bwd, layer 1 fwd, layer 1 bwd)
assert torch.allclose(output[:, -1, :H], h_n[-2])   # forward direction ends at t = L
assert torch.allclose(output[:, 0, H:], h_n[-1])    # backward direction ends at t = 1

# one training step with gradient-norm clipping (Pascanu et al. 2013)
opt = torch.optim.Adam([*rnn.parameters(), *head.parameters()], lr=1e-3)
summary = torch.cat([h_n[-2], h_n[-1]], dim=1)   # final fwd and bwd states, not output[:, -1]
loss = nn.functional.mse_loss(head(summary), torch.ones(N, 1))
loss.backward()
total = nn.utils.clip_grad_norm_([*rnn.parameters(), *head.parameters()], max_norm=1.0)
after = torch.sqrt(sum(p.grad.pow(2).sum() for p in [*rnn.parameters(), *head.parameters()]))
assert after <= 1.0 + 1e-5 and (total <= 1.0 or after < total)
opt.step()
