import torch
from torch import nn

torch.manual_seed(0)
# 20-D data on a noisy 3-D subspace, scaled into [0, 1]
X = torch.sigmoid(torch.randn(2048, 3) @ torch.randn(3, 20) + 0.05 * torch.randn(2048, 20))


class DenoisingAE(nn.Module):
    def __init__(self, d: int = 20, k: int = 3, nu: float = 0.3):
        super().__init__()
        self.nu = nu  # masking-noise level: fraction of inputs set to 0
        self.encoder = nn.Sequential(nn.Linear(d, 64), nn.ReLU(), nn.Linear(64, k))
        self.decoder = nn.Sequential(nn.Linear(k, 64), nn.ReLU(), nn.Linear(64, d))

    def forward(self, x):
        x_tilde = x * (torch.rand_like(x) >= self.nu) if self.training else x  # corrupt only in training
        return self.decoder(self.encoder(x_tilde))  # logits of x_hat


model = DenoisingAE()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.BCEWithLogitsLoss()  # inputs in [0, 1]; use nn.MSELoss() for unbounded inputs
for epoch in range(10):
    for xb in X.split(128):
        loss = loss_fn(model(xb), xb)  # reconstruct the CLEAN x from the corrupted input
        opt.zero_grad()
        loss.backward()
        opt.step()

model.eval()
with torch.no_grad():
    mse = ((torch.sigmoid(model(X)) - X) ** 2).mean().item()
    codes = model.encoder(X)
print(f"clean-input reconstruction MSE {mse:.4f}, input variance {X.var().item():.4f}")
assert codes.shape == (2048, 3) and mse < 0.25 * X.var().item()
