import torch
from torch import nn


class HardSharingNet(nn.Module):
    """One shared trunk, one head per task (hard parameter sharing)."""

    def __init__(self, d_in: int = 16, d_hidden: int = 32, n_classes: int = 3):
        super().__init__()
        self.trunk = nn.Sequential(nn.Linear(d_in, d_hidden), nn.ReLU(), nn.Linear(d_hidden, d_hidden), nn.ReLU())
        self.reg_head = nn.Linear(d_hidden, 1)
        self.cls_head = nn.Linear(d_hidden, n_classes)

    def forward(self, x):
        h = self.trunk(x)
        return self.reg_head(h).squeeze(-1), self.cls_head(h)


class UncertaintyWeighting(nn.Module):
    """Kendall et al. (2018) with s_i = log sigma_i^2 learned:
    regression: 0.5 * exp(-s) * L + 0.5 * s ; classification: exp(-s) * L + 0.5 * s."""

    def __init__(self, kinds: list[str]):
        super().__init__()
        self.c = torch.tensor([0.5 if k == "regression" else 1.0 for k in kinds])
        self.log_vars = nn.Parameter(torch.zeros(len(kinds)))

    def forward(self, losses: list[torch.Tensor]) -> torch.Tensor:
        L = torch.stack(losses)
        return (self.c * torch.exp(-self.log_vars) * L + 0.5 * self.log_vars).sum()


torch.manual_seed(0)
x = torch.randn(2048, 16)
y_reg = 10.0 * x[:, 0] + 3.0 * torch.randn(2048)  # noisy, large-scale target
y_cls = (x[:, 1] > 0).long() + (x[:, 2] > 0).long()  # 3 classes

net, weigh = HardSharingNet(), UncertaintyWeighting(["regression", "classification"])
opt = torch.optim.Adam([*net.parameters(), *weigh.parameters()], lr=1e-2)  # log_vars train too
for _ in range(300):
    pred_reg, logits = net(x)
    losses = [(pred_reg - y_reg).pow(2).mean(), nn.functional.cross_entropy(logits, y_cls)]
    opt.zero_grad()
    weigh(losses).backward()
    opt.step()

sigma2 = weigh.log_vars.exp().detach()
weights = weigh.c / sigma2  # effective weight of each task loss
print("sigma^2:", sigma2.tolist(), "weights:", weights.tolist())
# sigma_i^2 tracks 2 c_i L_i: the noisy, large-scale regression loss ends up down-weighted
assert sigma2[0] > sigma2[1] and weights[0] < weights[1]
