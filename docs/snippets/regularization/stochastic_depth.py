import torch
from torch import nn


class ResidualBlock(nn.Module):
    """x + f(x), where f is skipped for a whole sample with probability p during training."""

    def __init__(self, dim: int, p: float):
        super().__init__()
        self.f = nn.Sequential(nn.Linear(dim, dim), nn.ReLU(), nn.Linear(dim, dim))
        self.p = p

    def forward(self, x):
        if not self.training or self.p == 0:
            return x + self.f(x)
        keep = torch.bernoulli(torch.full((x.shape[0], 1), 1 - self.p))  # one draw per sample
        return x + self.f(x) * keep / (1 - self.p)                       # inverted scaling


torch.manual_seed(0)
block, x = ResidualBlock(16, p=0.5), torch.randn(1000, 16)
out = block(x)
skipped = (out == x).all(dim=1)                   # these samples went through the identity only
assert 0.4 < skipped.float().mean() < 0.6
block.eval()
assert torch.allclose(block(x), x + block.f(x))
