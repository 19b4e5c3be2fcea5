import torch
import torch.nn.functional as F

torch.manual_seed(0)
pred, target = torch.randn(1000, dtype=torch.float64) * 3, torch.randn(1000, dtype=torch.float64)
r = pred - target

# Huber(delta) is delta times Smooth L1 with beta = delta: same knee, slope delta instead of 1
for delta in (0.5, 1.0, 2.5):
    huber = F.huber_loss(pred, target, delta=delta)
    assert torch.allclose(huber, delta * F.smooth_l1_loss(pred, target, beta=delta))
assert torch.allclose(F.smooth_l1_loss(pred, target, beta=0.0), F.l1_loss(pred, target))  # beta = 0 is L1

# log-cosh and pinball are not in torch.nn: write them out
log_cosh = torch.log(torch.cosh(r)).mean()  # fine in float64; use the stable form for |r| > ~700
stable = (r.abs() + torch.log1p(torch.exp(-2 * r.abs())) - torch.log(torch.tensor(2.0))).mean()
assert torch.allclose(log_cosh, stable)

def pinball(pred, target, tau):
    u = target - pred  # positive when we under-predict
    return torch.maximum(tau * u, (tau - 1) * u).mean()

assert torch.allclose(pinball(pred, target, 0.5), 0.5 * F.l1_loss(pred, target))  # median = half the MAE
# the constant that minimizes the pinball loss is the tau-quantile of the targets
grid = torch.linspace(-3, 3, 6001, dtype=torch.float64)
best = grid[torch.stack([pinball(c.expand(1000), target, 0.9) for c in grid]).argmin()]
assert abs(best - torch.quantile(target, 0.9)) < 0.01
