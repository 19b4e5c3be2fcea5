import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau

model = torch.nn.Linear(4, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
sched = ReduceLROnPlateau(opt, mode="min", factor=0.5, patience=2)

val_losses = [1.0, 0.8, 0.7, 0.71, 0.70, 0.72, 0.69, 0.70, 0.70, 0.70]
lrs = []
for val_loss in val_losses:  # one call per epoch, after validation
    lrs.append(opt.param_groups[0]["lr"])
    sched.step(val_loss)
lrs.append(opt.param_groups[0]["lr"])

# best 0.7 after epoch 2; epochs 3, 4, 5 are not better -> 3 > patience: halve after epoch 5
assert lrs[:6] == [0.1] * 6 and lrs[6] == 0.05
# 0.69 is a new best (epoch 6); epochs 7, 8, 9 are not -> halve again after epoch 9
assert lrs[7:10] == [0.05] * 3 and lrs[10] == 0.025
