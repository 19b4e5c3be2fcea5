import torch
import torch.nn.functional as F


def sigmoid_focal_loss(z, y, alpha=0.25, gamma=2.0, reduction="mean"):
    """Lin et al. (2017); the same formula as torchvision.ops.sigmoid_focal_loss."""
    p = torch.sigmoid(z)
    ce = F.binary_cross_entropy_with_logits(z, y, reduction="none")  # -log p_t
    p_t = p * y + (1 - p) * (1 - y)
    loss = ce * (1 - p_t) ** gamma
    if alpha >= 0:
        loss = (alpha * y + (1 - alpha) * (1 - y)) * loss
    return {"none": loss, "mean": loss.mean(), "sum": loss.sum()}[reduction]


torch.manual_seed(0)
z = torch.randn(16, dtype=torch.float64) * 3
y = (torch.rand(16) < 0.3).to(torch.float64)

# gamma = 0 and no alpha weighting is plain BCE with logits
assert torch.allclose(sigmoid_focal_loss(z, y, alpha=-1, gamma=0.0), F.binary_cross_entropy_with_logits(z, y))
# an easy example (p_t = 0.9) is down-weighted by (1 - 0.9)^2 = 1/100
easy = torch.tensor([2.1972245773362196], dtype=torch.float64)  # logit of 0.9
one = torch.ones(1, dtype=torch.float64)
ratio = sigmoid_focal_loss(easy, one, alpha=-1) / F.binary_cross_entropy_with_logits(easy, one)
assert torch.isclose(ratio, torch.tensor(0.01, dtype=torch.float64))
# closed-form gradient: alpha_t (2y - 1) (1 - p_t)^gamma (gamma p_t log p_t + p_t - 1)
zg = z.clone().requires_grad_(True)
sigmoid_focal_loss(zg, y, reduction="sum").backward()
p_t = torch.sigmoid((2 * y - 1) * z)
a_t = 0.25 * y + 0.75 * (1 - y)
assert torch.allclose(zg.grad, a_t * (2 * y - 1) * (1 - p_t) ** 2 * (2 * p_t * p_t.log() + p_t - 1))
