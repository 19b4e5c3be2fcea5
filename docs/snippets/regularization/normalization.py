import torch
from torch import nn

torch.manual_seed(0)
x = 3 * torch.randn(32, 8) + 5                     # (batch, features)

bn = nn.BatchNorm1d(8)                            # eps=1e-5, momentum=0.1
bn.train()
y = bn(x)                                         # normalizes with this batch's mean / biased var
assert torch.allclose(y.mean(0), torch.zeros(8), atol=1e-5)
assert torch.allclose(bn.running_mean, 0.1 * x.mean(0))          # 0.9 * 0 + 0.1 * batch mean
assert torch.allclose(bn.running_var, 0.9 + 0.1 * x.var(0))      # unbiased var in the running stat
bn.eval()                                         # uses running statistics, not the batch
assert torch.allclose(bn(x), (x - bn.running_mean) / torch.sqrt(bn.running_var + 1e-5), atol=1e-6)

ln = nn.LayerNorm(8)                              # per sample, over the features; same in train and eval
z = ln(x)
assert torch.allclose(z.mean(1), torch.zeros(32), atol=1e-5)
assert torch.allclose(z, (x - x.mean(1, keepdim=True)) / torch.sqrt(x.var(1, unbiased=False, keepdim=True) + 1e-5), atol=1e-5)
