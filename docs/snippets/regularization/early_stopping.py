import copy

import torch
from torch import nn

torch.manual_seed(0)
X = torch.linspace(-1, 1, 40).unsqueeze(1)
y = torch.sin(3 * X) + 0.3 * torch.randn_like(X)
X_tr, y_tr, X_val, y_val = X[::2], y[::2], X[1::2], y[1::2]
model = nn.Sequential(nn.Linear(1, 256), nn.Tanh(), nn.Linear(256, 256), nn.Tanh(), nn.Linear(256, 1))
opt = torch.optim.Adam(model.parameters(), lr=1e-2)

patience, best, best_state, bad_epochs = 50, float("inf"), None, 0
for epoch in range(3000):
    opt.zero_grad()
    nn.functional.mse_loss(model(X_tr), y_tr).backward()
    opt.step()
    with torch.no_grad():
        val = nn.functional.mse_loss(model(X_val), y_val).item()
    if val < best:                                   # improvement: remember these weights
        best, best_state, bad_epochs = val, copy.deepcopy(model.state_dict()), 0
    else:
        bad_epochs += 1
        if bad_epochs >= patience:                   # no improvement for `patience` epochs
            break
model.load_state_dict(best_state)                    # restore the best weights

assert epoch < 2999, "stopped early"
with torch.no_grad():
    assert nn.functional.mse_loss(model(X_val), y_val).item() == best
