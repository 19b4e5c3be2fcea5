import math

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)


class ArcFace(nn.Module):
    """Additive angular margin: the target logit s cos(theta_y + m), the others s cos(theta_j)."""

    def __init__(self, dim, n_classes, s=64.0, m=0.5):
        super().__init__()
        self.W = nn.Parameter(torch.randn(n_classes, dim) * 0.01)
        self.s, self.m = s, m

    def forward(self, x, y):
        cos = F.normalize(x) @ F.normalize(self.W).T  # (B, K) cosines
        sin = (1 - cos**2).clamp(min=1e-7).sqrt()
        cos_m = cos * math.cos(self.m) - sin * math.sin(self.m)  # cos(theta + m)
        # keep the target logit monotone in theta when theta + m > pi (the reference implementation's fix)
        cos_m = torch.where(cos > math.cos(math.pi - self.m), cos_m, cos - math.sin(math.pi - self.m) * self.m)
        onehot = F.one_hot(y, cos.shape[1]).bool()
        return self.s * torch.where(onehot, cos_m, cos)


torch.manual_seed(0)
emb = torch.randn(8, 128)  # embeddings from a CNN backbone
y = torch.randint(0, 1000, (8,))
head = ArcFace(128, 1000)
loss = F.cross_entropy(head(emb, y), y)  # CosFace instead: s * (cos - 0.35) on the target
loss.backward()
theta = torch.acos((F.normalize(emb) * F.normalize(head.W)[y]).sum(1))
assert torch.allclose(head(emb, y)[torch.arange(8), y], 64 * torch.cos(theta + 0.5), atol=1e-3)

# verification after training: compare L2-normalized embeddings with a threshold tuned on validation pairs
a, b = F.normalize(torch.randn(5, 128)), F.normalize(torch.randn(5, 128))
d = ((a - b) ** 2).sum(1)  # = 2 - 2 cos(a, b), in [0, 4]
same_person = d < 1.1  # FaceNet-style threshold on the squared distance; tune it for your false-accept rate
assert torch.allclose(d, 2 - 2 * (a * b).sum(1), atol=1e-6) and same_person.dtype == torch.bool
