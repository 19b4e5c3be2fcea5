import torch
from torch import nn

model = nn.Sequential(nn.Linear(4, 8), nn.LayerNorm(8), nn.Linear(8, 1))
decay = [p for n, p in model.named_parameters() if p.ndim >= 2]  # weight matrices
no_decay = [p for n, p in model.named_parameters() if p.ndim < 2]  # biases, norm gains
opt = torch.optim.AdamW(
    [
        {"params": decay, "weight_decay": 0.05},
        {"params": no_decay, "weight_decay": 0.0, "lr": 3e-4},  # own lr too
    ],
    lr=1e-3,  # default for groups that do not set their own
    betas=(0.9, 0.999),
)
assert [g["lr"] for g in opt.param_groups] == [1e-3, 3e-4]
assert [g["weight_decay"] for g in opt.param_groups] == [0.05, 0.0]

x, y = torch.randn(16, 4), torch.randn(16, 1)
loss = nn.functional.mse_loss(model(x), y)
loss.backward()
opt.step()
opt.zero_grad()
# Adam/AdamW keep two state tensors (exp_avg, exp_avg_sq) per parameter, plus a step counter.
state = opt.state[decay[0]]
assert state["exp_avg"].shape == decay[0].shape and state["exp_avg_sq"].shape == decay[0].shape
