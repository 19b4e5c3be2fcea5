import torch
from torch import nn

torch.manual_seed(0)
T = 200
betas = torch.linspace(1e-4, 0.02 * 1000 / T, T, dtype=torch.float64)  # Ho et al.'s range, rescaled to T
abar = torch.cumprod(1 - betas, 0)  # abar[t-1] = alpha_bar_t


def data(n):  # 1-D two-mode data: modes at -2 and +2
    return torch.where(torch.rand(n, 1) < 0.5, -2.0, 2.0) + 0.1 * torch.randn(n, 1)


net = nn.Sequential(nn.Linear(2, 64), nn.SiLU(), nn.Linear(64, 64), nn.SiLU(), nn.Linear(64, 1))
eps_model = lambda x, t: net(torch.cat([x, t.float().unsqueeze(1) / T], 1))  # noqa: E731
opt = torch.optim.Adam(net.parameters(), lr=5e-3)
for step in range(600):  # L_simple = || eps - eps_theta(sqrt(abar) x0 + sqrt(1 - abar) eps, t) ||^2
    x0 = data(256)
    t = torch.randint(1, T + 1, (256,))
    eps = torch.randn_like(x0)
    a = abar[t - 1].float().unsqueeze(1)
    loss = (eps - eps_model(a.sqrt() * x0 + (1 - a).sqrt() * eps, t)).pow(2).mean()
    opt.zero_grad(); loss.backward(); opt.step()  # noqa: E702

with torch.no_grad():  # DDIM, eta = 0, 20 of the 200 steps
    ts = list(range(T, 0, -10))
    x = torch.randn(2000, 1)
    for i, t in enumerate(ts):
        a_t = abar[t - 1].float()
        a_prev = abar[ts[i + 1] - 1].float() if i + 1 < len(ts) else torch.tensor(1.0)
        eps = eps_model(x, torch.full((2000,), t))
        x0_hat = (x - (1 - a_t).sqrt() * eps) / a_t.sqrt()
        x = a_prev.sqrt() * x0_hat + (1 - a_prev).sqrt() * eps
print(f"loss {loss.item():.3f}; samples near a mode: {((x.abs() - 2).abs() < 0.5).float().mean():.2f}")
assert ((x.abs() - 2).abs() < 0.5).float().mean() > 0.85  # samples land on the two modes
assert 0.3 < (x > 0).float().mean() < 0.7  # and both modes are used
