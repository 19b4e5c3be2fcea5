import torch
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(20, 64), nn.LayerNorm(64), nn.ReLU(), nn.Linear(64, 2))

# decay the weight matrices only: biases and normalization gains/shifts are 1-D
decay = [p for p in model.parameters() if p.ndim >= 2]
no_decay = [p for p in model.parameters() if p.ndim < 2]
opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.05},
                         {"params": no_decay, "weight_decay": 0.0}], lr=1e-3)

# an L1 penalty has no optimizer flag: add it to the loss
x, y = torch.randn(32, 20), torch.randint(0, 2, (32,))
l1 = 1e-4 * sum(p.abs().sum() for p in decay)
loss = nn.functional.cross_entropy(model(x), y) + l1
loss.backward()
opt.step()

assert len(decay) == 2 and len(no_decay) == 4  # 2 weights; 2 biases + LayerNorm weight and bias
