import math

import torch
import torch.nn.functional as F

torch.manual_seed(0)
N, d, tau = 32, 64, 0.1
q = torch.randn(N, d, dtype=torch.float64)
k = q + 0.3 * torch.randn(N, d, dtype=torch.float64)  # k[i] is the positive of q[i]

# InfoNCE = cross-entropy over cosine-similarity logits; the positives sit on the diagonal
logits = F.normalize(q, dim=1) @ F.normalize(k, dim=1).T / tau
loss = F.cross_entropy(logits, torch.arange(N))

manual = -(torch.diag(logits) - torch.logsumexp(logits, dim=1)).mean()
assert torch.allclose(loss, manual)
# random keys: about log N (chance), which also bounds the mutual information estimate
chance = F.cross_entropy(F.normalize(q, dim=1) @ F.normalize(torch.randn(N, d, dtype=torch.float64), dim=1).T / 1.0,
                         torch.arange(N))
assert abs(chance.item() - math.log(N)) < 0.5
assert loss < chance  # matched pairs are found
# CLIP-style symmetric version: average over both directions
symmetric = (F.cross_entropy(logits, torch.arange(N)) + F.cross_entropy(logits.T, torch.arange(N))) / 2
assert symmetric > 0
