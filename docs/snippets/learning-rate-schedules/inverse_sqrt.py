import math

import torch
from torch.optim.lr_scheduler import LambdaLR

d_model, warmup = 512, 4000
model = torch.nn.Linear(4, 1)
# lr=1.0: the lambda *is* the rate; Adam settings of Vaswani et al. (2017)
opt = torch.optim.Adam(model.parameters(), lr=1.0, betas=(0.9, 0.98), eps=1e-9)


def noam(t: int) -> float:  # t = 0, 1, ...; the paper counts steps from 1
    n = t + 1
    return d_model ** -0.5 * min(n ** -0.5, n * warmup ** -1.5)


sched = LambdaLR(opt, lr_lambda=noam)
lrs = []
for t in range(6000):
    lrs.append(opt.param_groups[0]["lr"])
    opt.step()  # no gradients here: only the schedule is exercised
    sched.step()

assert max(range(len(lrs)), key=lrs.__getitem__) == warmup - 1  # peak when t + 1 = warmup
assert math.isclose(lrs[warmup - 1], (d_model * warmup) ** -0.5)  # about 7.0e-4
assert math.isclose(lrs[0], d_model ** -0.5 * warmup ** -1.5)
