import torch
from torch import nn

torch.manual_seed(0)
layer = nn.Linear(10, 10)
x = torch.randn(4, 10)
sigma = 0.1

x_noisy = x + sigma * torch.randn_like(x)                 # input noise (training only)
w_noisy = layer.weight + sigma * torch.randn_like(layer.weight)   # weight noise for this forward pass
out = nn.functional.linear(x_noisy, w_noisy, layer.bias)

assert out.shape == (4, 10) and not torch.equal(out, layer(x))
