import torch
import torch.nn.functional as F
from torch import nn


class RBM(nn.Module):
    """Bernoulli-Bernoulli RBM, E(v, h) = -a.v - b.h - v^T W h, W of shape (n_v, n_h)."""

    def __init__(self, n_v: int, n_h: int):
        super().__init__()
        self.W = nn.Parameter(0.1 * torch.randn(n_v, n_h))
        self.a, self.b = nn.Parameter(torch.zeros(n_v)), nn.Parameter(torch.zeros(n_h))

    def free_energy(self, v):  # F(v) = -a.v - sum_j softplus(b_j + (v W)_j)
        return -v @ self.a - F.softplus(v @ self.W + self.b).sum(-1)

    def gibbs_k(self, v, k=1):  # v -> h -> v, k times, no gradient
        with torch.no_grad():
            for _ in range(k):
                h = torch.bernoulli(torch.sigmoid(v @ self.W + self.b))
                v = torch.bernoulli(torch.sigmoid(h @ self.W.T + self.a))
        return v


torch.manual_seed(0)
protos = torch.tensor([[1, 1, 1, 1, 0, 0, 0, 0], [0, 0, 0, 0, 1, 1, 1, 1.0]])
data = protos[torch.randint(0, 2, (256,))]
rbm = RBM(8, 4)
opt = torch.optim.SGD(rbm.parameters(), lr=0.1)
for step in range(300):
    v_k = rbm.gibbs_k(data, k=1)
    # CD-1: the gradient of F(v_data) - F(v_k) is minus the CD estimate of d log p / d theta
    loss = rbm.free_energy(data).mean() - rbm.free_energy(v_k).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()

recon_error = ((rbm.gibbs_k(data, k=1) - data) ** 2).mean().item()
print(f"CD-1 reconstruction error {recon_error:.3f}")
assert recon_error < 0.05
