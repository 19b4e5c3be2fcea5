import torch
from torch import nn

torch.manual_seed(0)
drop = nn.Dropout(p=0.25)          # p = probability of zeroing an element
x = torch.ones(10_000)

drop.train()
y = drop(x)
kept = y != 0
assert torch.allclose(y[kept], torch.tensor(1 / (1 - 0.25)))   # survivors scaled by 1/(1-p)
assert abs(kept.float().mean().item() - 0.75) < 0.02
assert abs(y.mean().item() - 1.0) < 0.03                        # expectation unchanged

drop.eval()
assert torch.equal(drop(x), x)     # identity at evaluation time
