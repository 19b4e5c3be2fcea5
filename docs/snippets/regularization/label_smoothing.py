import torch
import torch.nn.functional as F

torch.manual_seed(0)
K, eps = 5, 0.1
logits, y = torch.randn(8, K), torch.randint(0, K, (8,))

loss = F.cross_entropy(logits, y, label_smoothing=eps)

q = torch.full((8, K), eps / K)                  # the smoothed target distribution
q[torch.arange(8), y] += 1 - eps                 # (1 - eps) on the true class + eps / K everywhere
manual = -(q * F.log_softmax(logits, dim=1)).sum(dim=1).mean()
assert torch.allclose(loss, manual)
