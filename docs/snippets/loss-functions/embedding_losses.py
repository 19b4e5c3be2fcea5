import torch
import torch.nn.functional as F

torch.manual_seed(0)
a, pos, neg = (torch.randn(8, 16, dtype=torch.float64) for _ in range(3))

# TripletMarginLoss: pairwise_distance adds eps = 1e-6 to the difference before the norm
d = lambda u, v: torch.linalg.vector_norm(u - v + 1e-6, dim=1)
manual = torch.clamp(d(a, pos) - d(a, neg) + 1.0, min=0).mean()
assert torch.allclose(F.triplet_margin_loss(a, pos, neg, margin=1.0, p=2), manual)

# CosineEmbeddingLoss: 1 - cos for y = 1, max(0, cos - margin) for y = -1
y = torch.tensor([1, -1, 1, -1, -1, 1, 1, -1], dtype=torch.float64)
cos = F.cosine_similarity(a, pos, dim=1)
manual = torch.where(y == 1, 1 - cos, torch.clamp(cos - 0.2, min=0)).mean()
assert torch.allclose(F.cosine_embedding_loss(a, pos, y, margin=0.2), manual)

# contrastive loss (Hadsell et al. 2006), y = 1 for similar pairs: not in torch.nn
def contrastive(x1, x2, y, margin=1.0):
    dist = torch.linalg.vector_norm(x1 - x2, dim=1)
    return (y * dist**2 + (1 - y) * torch.clamp(margin - dist, min=0) ** 2).mean() / 2

same = torch.ones(8, dtype=torch.float64)
assert torch.allclose(contrastive(a, pos, same), F.mse_loss(a, pos, reduction="sum") / 16)
far = torch.zeros(8, dtype=torch.float64)
assert contrastive(a, a + 10, far) == 0  # dissimilar pairs beyond the margin cost nothing
