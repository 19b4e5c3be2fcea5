import math

import torch
import torch.nn.functional as F

torch.set_num_threads(1)
torch.manual_seed(0)
mean, target = torch.randn(8, dtype=torch.float64), torch.randn(8, dtype=torch.float64)
var = torch.rand(8, dtype=torch.float64) + 0.1  # a second head predicts it, e.g. softplus(raw) + 1e-6

# Gaussian NLL: full=False (default) drops 0.5 * log(2 pi); eps=1e-6 clamps the variance
g = F.gaussian_nll_loss(mean, target, var)  # reduction="mean"
normal = torch.distributions.Normal(mean, var.sqrt())
assert torch.isclose(g + 0.5 * math.log(2 * math.pi), -normal.log_prob(target).mean())
assert torch.isclose(F.gaussian_nll_loss(mean, target, var, full=True), -normal.log_prob(target).mean())
tiny = F.gaussian_nll_loss(mean, target, torch.full_like(var, 1e-12), reduction="none")
assert torch.allclose(tiny, 0.5 * (math.log(1e-6) + (mean - target) ** 2 / 1e-6))  # clamped at eps

# Poisson NLL: log_input=True (default) takes log-rates and drops log(y!)
log_rate = torch.randn(8, dtype=torch.float64)
counts = torch.poisson(torch.full((8,), 3.0, dtype=torch.float64))
p = F.poisson_nll_loss(log_rate, counts)
assert torch.isclose(p, (log_rate.exp() - counts * log_rate).mean())
exact = -torch.distributions.Poisson(log_rate.exp()).log_prob(counts)
assert torch.allclose(p * 8 + torch.lgamma(counts + 1).sum(), exact.sum())
# log_input=False takes the rate itself: rate - y log(rate + eps)
rate = log_rate.exp()
assert torch.isclose(F.poisson_nll_loss(rate, counts, log_input=False), (rate - counts * torch.log(rate + 1e-8)).mean())
