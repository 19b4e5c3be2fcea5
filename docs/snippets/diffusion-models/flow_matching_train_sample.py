import torch
from torch import nn

torch.manual_seed(0)
torch.set_num_threads(1)


def data(n):  # 1-D two-mode data: modes at -2 and +2
    return torch.where(torch.rand(n, 1) < 0.5, -2.0, 2.0) + 0.1 * torch.randn(n, 1)


net = nn.Sequential(nn.Linear(2, 64), nn.SiLU(), nn.Linear(64, 64), nn.SiLU(), nn.Linear(64, 1))
v_model = lambda x, t: net(torch.cat([x, t], 1))  # noqa: E731
opt = torch.optim.Adam(net.parameters(), lr=1e-2)
for step in range(300):  # conditional flow matching: x_t = (1 - t) x0 + t x1, target u = x1 - x0
    x1 = data(256)  # data at t = 1
    x0 = torch.randn_like(x1)  # noise at t = 0 (Lipman et al. / Liu et al. convention)
    t = torch.rand(256, 1)
    loss = (v_model((1 - t) * x0 + t * x1, t) - (x1 - x0)).pow(2).mean()
    opt.zero_grad(); loss.backward(); opt.step()  # noqa: E702

with torch.no_grad():  # integrate dx/dt = v(x, t) from t = 0 to 1 with 10 Heun steps (19 evaluations)
    x = torch.randn(2000, 1)
    ts = torch.linspace(0, 1, 11)
    for t, t_next in zip(ts[:-1], ts[1:]):
        h = t_next - t
        d = v_model(x, t.expand(2000, 1))
        x_euler = x + h * d
        x = x + h / 2 * (d + v_model(x_euler, t_next.expand(2000, 1)))
print(f"loss {loss.item():.3f}; samples near a mode: {((x.abs() - 2).abs() < 0.5).float().mean():.2f}")
assert ((x.abs() - 2).abs() < 0.5).float().mean() > 0.85  # samples land on the two modes
assert 0.3 < (x > 0).float().mean() < 0.7  # and both modes are used
