import torch
from torch import nn

torch.manual_seed(0)
# stand-in for a pretrained backbone (no torchvision here): conv features + global pooling
backbone = nn.Sequential(
    nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(),
    nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(),
    nn.AdaptiveAvgPool2d(1), nn.Flatten(),  # "penultimate layer": a 32-d embedding per image
)
backbone.requires_grad_(False).eval()  # frozen weights AND frozen BatchNorm statistics

images = torch.randn(256, 3, 16, 16)
labels = (images[:, 0].mean((1, 2)) > images[:, 1].mean((1, 2))).long()  # a toy task


# 1. Extract once and cache: the backbone never runs again during probe training
@torch.no_grad()
def embed(x: torch.Tensor, batch_size: int = 64) -> torch.Tensor:
    return torch.cat([backbone(x[i:i + batch_size]) for i in range(0, len(x), batch_size)])


feats = embed(images)
torch.save({"feats": feats, "labels": labels}, "features.pt")  # cache to disk
cache = torch.load("features.pt")

# 2. Standardize with training statistics, then fit a linear probe (logistic regression)
mu, sd = cache["feats"].mean(0), cache["feats"].std(0) + 1e-6
z = (cache["feats"] - mu) / sd
probe = nn.Linear(z.shape[1], 2)
opt = torch.optim.LBFGS(probe.parameters(), max_iter=200)


def closure():
    opt.zero_grad()
    loss = nn.functional.cross_entropy(probe(z), cache["labels"]) + 1e-3 * probe.weight.pow(2).sum()
    loss.backward()
    return loss


opt.step(closure)
acc = (probe(z).argmax(1) == labels).float().mean().item()
print(f"linear-probe training accuracy: {acc:.2f}")
assert acc > 0.75
assert all(p.grad is None for p in backbone.parameters())  # the backbone was never trained
