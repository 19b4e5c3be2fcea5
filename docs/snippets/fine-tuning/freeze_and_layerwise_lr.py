import torch
from torch import nn

torch.manual_seed(0)
# a tiny "pretrained" backbone: 4 blocks, then a new task head
backbone = nn.Sequential(*[nn.Sequential(nn.Linear(32, 32), nn.LayerNorm(32), nn.GELU()) for _ in range(4)])
head = nn.Linear(32, 5)
model = nn.Sequential(backbone, head)

# 1. Freeze the backbone, train the head only (requires_grad_ works on a whole module)
backbone.requires_grad_(False)
trainable = [n for n, p in model.named_parameters() if p.requires_grad]
assert trainable == ["1.weight", "1.bias"]

# 2. Gradual unfreezing (ULMFiT): unfreeze one more block, from the top, each stage
def unfreeze_top(k: int) -> None:
    for block in list(backbone)[len(backbone) - k:]:
        block.requires_grad_(True)

unfreeze_top(1)
assert all(p.requires_grad for p in backbone[3].parameters())
assert not any(p.requires_grad for p in backbone[2].parameters())

# 3. Discriminative learning rates: eta_{l-1} = eta_l / 2.6, head gets the largest lr
unfreeze_top(4)
base_lr, factor = 1e-3, 2.6
groups = [{"params": head.parameters(), "lr": base_lr}]
for depth, block in enumerate(reversed(backbone), start=1):
    groups.append({"params": block.parameters(), "lr": base_lr / factor**depth})
opt = torch.optim.AdamW(groups, weight_decay=0.01)
lrs = [g["lr"] for g in opt.param_groups]
assert lrs[0] == base_lr and abs(lrs[-1] - base_lr / 2.6**4) < 1e-15  # bottom block: lr / 45.7

x, y = torch.randn(8, 32), torch.randint(0, 5, (8,))
nn.functional.cross_entropy(model(x), y).backward()
opt.step()

# Keep frozen BatchNorm statistics frozen too: eval() stops running-mean updates
bn = nn.BatchNorm1d(32).requires_grad_(False).eval()
before = bn.running_mean.clone()
bn(torch.randn(16, 32) + 3.0)
assert torch.equal(bn.running_mean, before)
