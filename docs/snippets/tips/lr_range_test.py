import math

import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(2048, 20)
y = (X[:, :2].sum(1) > 0).long()
model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 2))
opt = torch.optim.SGD(model.parameters(), lr=1e-5, momentum=0.9)

# LR range test: one short run, lr grows exponentially from 1e-5 to 10 over `steps` mini-batches
lr_min, lr_max, steps = 1e-5, 10.0, 200
gamma = (lr_max / lr_min) ** (1 / steps)
sched = torch.optim.lr_scheduler.ExponentialLR(opt, gamma)
lrs, losses, smooth = [], [], 0.0
for t in range(steps):
    idx = torch.randint(0, len(X), (64,))
    loss = nn.functional.cross_entropy(model(X[idx]), y[idx])
    opt.zero_grad()
    loss.backward()
    opt.step()
    smooth = 0.9 * smooth + 0.1 * loss.item()  # exponential moving average ...
    avg = smooth / (1 - 0.9 ** (t + 1))  # ... with bias correction
    lrs.append(opt.param_groups[0]["lr"])
    losses.append(avg)
    sched.step()
    if not math.isfinite(avg) or avg > 4 * min(losses):
        break  # diverged: stop the test

best = lrs[losses.index(min(losses))]
suggested = best / 10  # rule of thumb: an order of magnitude below the loss minimum
print(f"loss minimum at lr={best:.3g}, pick lr≈{suggested:.3g}")
assert 1e-4 < suggested < 1.0 and min(losses) < losses[0]
