import torch
from torch.distributions import Normal, kl_divergence

torch.set_num_threads(1)
torch.manual_seed(0)
mu, logvar = torch.randn(16, 8, dtype=torch.float64), torch.randn(16, 8, dtype=torch.float64)  # encoder outputs

# closed form: 1/2 sum (mu^2 + sigma^2 - log sigma^2 - 1), summed over latents, averaged over the batch
kl = 0.5 * (mu**2 + logvar.exp() - logvar - 1).sum(dim=1).mean()
reference = kl_divergence(Normal(mu, (0.5 * logvar).exp()), Normal(0.0, 1.0)).sum(dim=1).mean()
assert torch.isclose(kl, reference)
# the prior itself costs nothing; a Monte Carlo estimate from samples agrees in expectation
assert 0.5 * (0.0 + 1.0 - 0.0 - 1.0) == 0.0
q = Normal(mu[0], (0.5 * logvar[0]).exp())
x = q.sample((200_000,))
mc = (q.log_prob(x) - Normal(0.0, 1.0).log_prob(x)).sum(dim=1).mean()
exact = 0.5 * (mu[0] ** 2 + logvar[0].exp() - logvar[0] - 1).sum()
assert abs(mc - exact) < 0.05 * exact + 0.02
