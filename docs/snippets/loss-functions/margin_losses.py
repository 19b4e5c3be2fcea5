import torch
import torch.nn.functional as F

torch.manual_seed(0)
f = torch.randn(10, dtype=torch.float64) * 2  # scores
y = torch.where(torch.rand(10) < 0.5, -1.0, 1.0).to(torch.float64)  # labels in {-1, +1}

hinge = torch.clamp(1 - y * f, min=0)
squared_hinge = hinge**2

# the binary hinge is MultiMarginLoss on the two scores (0, f), times C = 2
scores = torch.stack([torch.zeros_like(f), f], dim=1)
cls = (y > 0).long()
assert torch.allclose(2 * F.multi_margin_loss(scores, cls, reduction="none"), hinge)
assert torch.allclose(2 * F.multi_margin_loss(scores, cls, p=2, reduction="none"), squared_hinge)

# MultiMarginLoss for C classes: sum over wrong classes of max(0, margin - x_y + x_c)^p, divided by C
x = torch.randn(5, 4, dtype=torch.float64)
t = torch.tensor([0, 3, 1, 1, 2])
h = (1.0 - x.gather(1, t[:, None]) + x).clamp(min=0)
h[torch.arange(5), t] = 0  # the true class does not count
assert torch.allclose(F.multi_margin_loss(x, t, reduction="none"), h.sum(1) / 4)
