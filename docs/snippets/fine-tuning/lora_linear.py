import math

import torch
from torch import nn


class LoRALinear(nn.Module):
    """y = W0 x + b + (alpha / r) * B A x, with W0 and b frozen; only A and B train."""

    def __init__(self, base: nn.Linear, r: int = 8, alpha: float = 16.0):
        super().__init__()
        self.base = base.requires_grad_(False)
        d, k = base.out_features, base.in_features  # W0 in R^{d x k}
        self.A = nn.Parameter(torch.empty(r, k))  # A in R^{r x k}: random
        self.B = nn.Parameter(torch.zeros(d, r))  # B in R^{d x r}: zero, so BA = 0 at init
        nn.init.kaiming_uniform_(self.A, a=math.sqrt(5))
        self.scaling = alpha / r

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.base(x) + (x @ self.A.T @ self.B.T) * self.scaling

    @torch.no_grad()
    def merged(self) -> nn.Linear:
        """Fold the update into one Linear: W = W0 + (alpha / r) B A, no inference overhead."""
        out = nn.Linear(self.base.in_features, self.base.out_features)
        out.weight.copy_(self.base.weight + self.scaling * self.B @ self.A)
        out.bias.copy_(self.base.bias)
        return out


torch.manual_seed(0)
base = nn.Linear(768, 768)
lora = LoRALinear(base, r=8, alpha=16)
x = torch.randn(4, 768)
assert torch.equal(lora(x), base(x))  # identical to the pretrained layer at init

trainable = sum(p.numel() for p in lora.parameters() if p.requires_grad)
assert trainable == 8 * (768 + 768)  # r (d + k) = 12,288 vs 589,824 weights in W0

opt = torch.optim.AdamW([p for p in lora.parameters() if p.requires_grad], lr=1e-3)
for _ in range(5):
    opt.zero_grad()
    (lora(x) - 1.0).pow(2).mean().backward()
    opt.step()
assert not torch.equal(lora(x), base(x))
assert torch.allclose(lora.merged()(x), lora(x), atol=1e-5)
