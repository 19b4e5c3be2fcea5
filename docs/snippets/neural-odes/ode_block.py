import torch
from torch import nn


class ODEFunc(nn.Module):
    """The vector field f(h, t, theta) of dh/dt = f."""

    def __init__(self, d: int = 2, hidden: int = 32):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(d, hidden), nn.Tanh(), nn.Linear(hidden, d))

    def forward(self, t, h):  # torchdiffeq's argument order
        return self.net(h)


def odeint_rk4(f, h0, t0=0.0, t1=1.0, n_steps=20):
    """Fixed-step RK4; backprop goes through every step (discretize-then-optimize)."""
    h, dt = h0, (t1 - t0) / n_steps
    for i in range(n_steps):
        t = t0 + i * dt
        k1 = f(t, h)
        k2 = f(t + dt / 2, h + dt / 2 * k1)
        k3 = f(t + dt / 2, h + dt / 2 * k2)
        k4 = f(t + dt, h + dt * k3)
        h = h + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return h


torch.manual_seed(0)
A = torch.tensor([[-0.1, 2.0], [-2.0, -0.1]])  # target: the flow of a damped spiral over t in [0, 1]
h0 = torch.randn(64, 2)
target = h0 @ torch.linalg.matrix_exp(A).T
func = ODEFunc()
opt = torch.optim.Adam(func.parameters(), lr=2e-2)
losses = []
for step in range(80):
    loss = (odeint_rk4(func, h0, n_steps=4) - target).pow(2).mean()
    opt.zero_grad(), loss.backward(), opt.step()
    losses.append(loss.item())
print(f"loss {losses[0]:.3f} -> {losses[-1]:.4f}")
assert losses[-1] < 0.1 * losses[0]
# with torchdiffeq installed: from torchdiffeq import odeint_adjoint; odeint_adjoint(func, h0, torch.tensor([0., 1.]))
