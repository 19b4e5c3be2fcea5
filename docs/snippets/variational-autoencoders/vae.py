import torch
import torch.nn.functional as F
from torch import nn
from torch.distributions import Normal, kl_divergence

torch.manual_seed(0)
X = (torch.rand(1024, 4) @ torch.rand(4, 32) > 1.0).float()  # binary data with low-dim structure


class VAE(nn.Module):
    def __init__(self, d: int = 32, h: int = 64, J: int = 4):
        super().__init__()
        self.enc = nn.Sequential(nn.Linear(d, h), nn.ReLU(), nn.Linear(h, 2 * J))  # -> (mu, log sigma^2)
        self.dec = nn.Sequential(nn.Linear(J, h), nn.ReLU(), nn.Linear(h, d))      # -> Bernoulli logits

    def forward(self, x):
        mu, logvar = self.enc(x).chunk(2, dim=-1)
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)  # reparameterization trick
        return self.dec(z), mu, logvar


def neg_elbo(logits, x, mu, logvar, beta=1.0):  # minimized; = -ELBO, averaged over the batch
    rec = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")  # -log p(x|z), summed
    kl = 0.5 * (mu.pow(2) + logvar.exp() - 1 - logvar).sum()              # KL(q(z|x) || N(0, I))
    return (rec + beta * kl) / x.shape[0]


model = VAE()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
with torch.no_grad():
    logits, mu, logvar = model(X)
    first = neg_elbo(logits, X, mu, logvar).item()
for epoch in range(20):
    for xb in X.split(128):
        logits, mu, logvar = model(xb)
        loss = neg_elbo(logits, xb, mu, logvar)
        opt.zero_grad()
        loss.backward()
        opt.step()

with torch.no_grad():
    logits, mu, logvar = model(X)
    kl_torch = kl_divergence(Normal(mu, (0.5 * logvar).exp()), Normal(0.0, 1.0)).sum() / len(X)
    last = neg_elbo(logits, X, mu, logvar).item()
    samples = torch.bernoulli(torch.sigmoid(model.dec(torch.randn(8, 4))))  # generate: z ~ N(0, I)
print(f"-ELBO per example: {first:.2f} -> {last:.2f} nats; KL term {kl_torch.item():.2f}")
assert last < 0.7 * first and samples.shape == (8, 32)
assert torch.isclose(kl_torch, 0.5 * (mu.pow(2) + logvar.exp() - 1 - logvar).sum() / len(X), rtol=1e-5)
