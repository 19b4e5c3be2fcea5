import math

import torch
from torch.optim.lr_scheduler import OneCycleLR

model = torch.nn.Linear(4, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)  # lr, momentum: overwritten
epochs, batches = 4, 50
sched = OneCycleLR(opt, max_lr=0.1, epochs=epochs, steps_per_epoch=batches)  # N = 200 steps

lrs, moms = [], []
for epoch in range(epochs):
    for batch in range(batches):
        lrs.append(opt.param_groups[0]["lr"])
        moms.append(opt.param_groups[0]["momentum"])
        loss = model(torch.randn(8, 4)).pow(2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()  # per batch, not per epoch

peak = round(0.3 * epochs * batches) - 1  # t_1 = pct_start * N - 1 = 59
assert max(range(len(lrs)), key=lrs.__getitem__) == peak
assert math.isclose(lrs[0], 0.1 / 25)  # max_lr / div_factor
assert math.isclose(lrs[-1], 0.1 / 25 / 1e4)  # ... / final_div_factor
assert math.isclose(moms[0], 0.95) and math.isclose(moms[peak], 0.85)  # momentum mirrors lr
