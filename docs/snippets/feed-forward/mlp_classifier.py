import torch
from torch import nn

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.feedforward import mlp_param_count

torch.manual_seed(0)
# XOR-like data: label 1 where x1 * x2 > 0 -- not linearly separable
X = torch.rand(256, 2) * 2 - 1
y = (X[:, 0] * X[:, 1] > 0).long()

sizes = [2, 32, 32, 2]                      # n_0 (input), two hidden layers, n_L = classes
model = nn.Sequential(
    nn.Linear(2, 32), nn.ReLU(),
    nn.Linear(32, 32), nn.ReLU(),
    nn.Linear(32, 2),                       # logits: no activation before CrossEntropyLoss
)
assert sum(p.numel() for p in model.parameters()) == mlp_param_count(sizes) == 1218  # 3*32 + 33*32 + 33*2

opt = torch.optim.Adam(model.parameters(), lr=1e-2)
loss_fn = nn.CrossEntropyLoss()
for step in range(150):
    opt.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    opt.step()

accuracy = (model(X).argmax(dim=1) == y).float().mean().item()
assert loss.item() < 0.15 and accuracy > 0.95, (loss.item(), accuracy)
