import math

import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, LinearLR, SequentialLR

model = torch.nn.Linear(4, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
W, T = 10, 100  # warmup steps, total steps
warmup = LinearLR(opt, start_factor=0.01, end_factor=1.0, total_iters=W)
decay = CosineAnnealingLR(opt, T_max=T - W, eta_min=0.0)
sched = SequentialLR(opt, schedulers=[warmup, decay], milestones=[W])

lrs = []
for t in range(T):
    lrs.append(opt.param_groups[0]["lr"])  # the rate this step uses
    loss = model(torch.randn(8, 4)).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    sched.step()  # after opt.step(), once per step

assert math.isclose(lrs[0], 0.1 * 0.01)  # t = 0: start_factor * lr
assert math.isclose(lrs[W - 1], 0.1 * (0.01 + 0.99 * (W - 1) / W))  # not yet at the peak
assert math.isclose(lrs[W], 0.1)  # t = W: the cosine starts at the base rate
t = 55
assert math.isclose(lrs[t], 0.05 * (1 + math.cos(math.pi * (t - W) / (T - W))))
