import math

import torch
from torch import nn

torch.manual_seed(0)
C = 10
model = nn.Sequential(nn.Linear(32, 64), nn.ReLU(), nn.Linear(64, C))
x, y = torch.randn(16, 32), torch.randint(0, C, (16,))

# 1. Loss at init: near-uniform predictions give cross-entropy ~ log C (= 2.303 for 10 classes)
with torch.no_grad():
    nn.init.zeros_(model[-1].weight)  # a common trick: zero the last layer -> exactly uniform
    nn.init.zeros_(model[-1].bias)
    init_loss = nn.functional.cross_entropy(model(x), y).item()
assert abs(init_loss - math.log(C)) < 1e-6

# 2. Overfit one batch: if the loss does not go to ~0, there is a bug (or no capacity)
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
for _ in range(300):
    opt.zero_grad()
    loss = nn.functional.cross_entropy(model(x), y)
    loss.backward()
    opt.step()
assert loss.item() < 1e-2

# 3. Gradient check: autograd vs central finite differences, in float64
f = nn.Sequential(nn.Linear(4, 3), nn.Tanh(), nn.Linear(3, 1)).double()
inp = torch.randn(5, 4, dtype=torch.float64, requires_grad=True)
assert torch.autograd.gradcheck(lambda t: f(t).sum(), (inp,), eps=1e-6, atol=1e-5)
