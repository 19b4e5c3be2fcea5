import torch
from torch import nn

torch.set_num_threads(1)


class DoRALinear(nn.Module):
    """W' = m * (W0 + s B A) / ||W0 + s B A|| (norm per output row); W0 frozen, m, A, B train."""

    def __init__(self, base: nn.Linear, r: int = 8, alpha: float = 16.0, rslora: bool = False):
        super().__init__()
        self.base = base.requires_grad_(False)
        d, k = base.out_features, base.in_features
        self.A = nn.Parameter(torch.randn(r, k) / k**0.5)
        self.B = nn.Parameter(torch.zeros(d, r))
        self.m = nn.Parameter(base.weight.norm(dim=1).detach().clone())  # magnitude, one per output
        self.s = alpha / r**0.5 if rslora else alpha / r  # rsLoRA: alpha / sqrt(r)

    def weight(self) -> torch.Tensor:
        V = self.base.weight + self.s * self.B @ self.A  # direction (LoRA-updated)
        return self.m[:, None] * V / V.norm(dim=1, keepdim=True).detach()  # norm detached, as in the paper

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return nn.functional.linear(x, self.weight(), self.base.bias)


torch.manual_seed(0)
base = nn.Linear(64, 32)
dora = DoRALinear(base, r=4, alpha=8)
x = torch.randn(10, 64)
assert torch.allclose(dora(x), base(x), atol=1e-6)  # starts exactly at the pretrained layer

trainable = sum(p.numel() for p in dora.parameters() if p.requires_grad)
assert trainable == 4 * (64 + 32) + 32  # LoRA's r(d + k) plus d magnitudes

opt = torch.optim.AdamW([p for p in dora.parameters() if p.requires_grad], lr=1e-2)
for _ in range(20):
    opt.zero_grad()
    (dora(x) - 1.0).pow(2).mean().backward()
    opt.step()
merged = nn.Linear(64, 32)
with torch.no_grad():  # merge for inference: a plain Linear, no overhead
    merged.weight.copy_(dora.weight())
    merged.bias.copy_(base.bias)
assert torch.allclose(merged(x), dora(x), atol=1e-5) and not torch.allclose(dora(x), base(x))
# row norms of the merged weight are exactly the learned magnitudes
assert torch.allclose(merged.weight.norm(dim=1), dora.m, atol=1e-5)
