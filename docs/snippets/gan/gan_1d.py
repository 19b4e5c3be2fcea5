import torch
import torch.nn.functional as F
from torch import nn

torch.manual_seed(0)
sample_data = lambda n: 4.0 + 1.25 * torch.randn(n, 1)          # p_data = N(4, 1.25^2)
G = nn.Sequential(nn.Linear(1, 16), nn.Tanh(), nn.Linear(16, 1))  # z ~ N(0, 1) -> x
D = nn.Sequential(nn.Linear(1, 32), nn.LeakyReLU(0.2), nn.Linear(32, 1))  # x -> logit l, D = sigmoid(l)
opt_g = torch.optim.Adam(G.parameters(), lr=1e-3, betas=(0.5, 0.999))     # DCGAN-style beta1 = 0.5
opt_d = torch.optim.Adam(D.parameters(), lr=1e-3, betas=(0.5, 0.999))
ones, zeros = torch.ones(128, 1), torch.zeros(128, 1)

for step in range(1500):
    # discriminator: maximize V = E log D(x) + E log(1 - D(G(z)))  <=>  minimize BCE(real, 1) + BCE(fake, 0)
    x, fake = sample_data(128), G(torch.randn(128, 1)).detach()  # detach: no generator gradient here
    loss_d = F.binary_cross_entropy_with_logits(D(x), ones) + F.binary_cross_entropy_with_logits(D(fake), zeros)
    opt_d.zero_grad()
    loss_d.backward()
    opt_d.step()
    # generator, non-saturating: minimize -E log D(G(z)) = BCE(fake, 1)
    loss_g = F.binary_cross_entropy_with_logits(D(G(torch.randn(128, 1))), ones)
    opt_g.zero_grad()
    loss_g.backward()
    opt_g.step()

with torch.no_grad():
    g = G(torch.randn(10_000, 1))
print(f"generated mean {g.mean():.2f} (4.00), std {g.std():.2f} (1.25); loss_d {loss_d.item():.3f} (2 log 2 = 1.386 at equilibrium)")
assert abs(g.mean().item() - 4.0) < 0.25 and abs(g.std().item() - 1.25) < 0.25
