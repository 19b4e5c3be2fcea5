import numpy as np
import torch

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.optimizers import adam

rng = np.random.default_rng(0)
theta = rng.normal(size=3)
p = torch.tensor(theta, requires_grad=True)
opt = torch.optim.Adam([p], lr=0.01, weight_decay=0.01, foreach=False)
state = {}
for _ in range(5):
    g = rng.normal(size=3)
    p.grad = torch.tensor(g)
    opt.step()
    theta, state = adam(theta, g, state, lr=0.01, weight_decay=0.01)  # explicit state dict
assert np.allclose(theta, p.detach().numpy(), rtol=1e-12)
assert state["step"] == 5 and set(state) == {"step", "exp_avg", "exp_avg_sq"}
