import torch
import torch.nn.functional as F

torch.manual_seed(0)
x, y = torch.randn(16, 3, 32, 32), torch.randint(0, 10, (16,))
W = torch.randn(3, 10)  # a stand-in model: global average pool + linear

# mixup: convex combination of the batch with a shuffled copy of itself
lam = torch.distributions.Beta(0.2, 0.2).sample().item()
perm = torch.randperm(x.size(0))
x_mix = lam * x + (1 - lam) * x[perm]
logits = x_mix.mean(dim=(2, 3)) @ W
loss = lam * F.cross_entropy(logits, y) + (1 - lam) * F.cross_entropy(logits, y[perm])

# the same loss with mixed one-hot targets (cross_entropy accepts probabilities)
q = lam * F.one_hot(y, 10) + (1 - lam) * F.one_hot(y[perm], 10)
assert torch.allclose(loss, F.cross_entropy(logits, q), atol=1e-6)
