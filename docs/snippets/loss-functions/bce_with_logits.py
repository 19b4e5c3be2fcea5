import torch
import torch.nn.functional as F

z = torch.tensor([-800.0, -30.0, -1.0, 0.0, 2.0, 30.0, 800.0], dtype=torch.float64)
y = torch.tensor([1.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0], dtype=torch.float64)

# overflow-free form: max(z, 0) - z y + log(1 + exp(-|z|))
stable = z.clamp(min=0) - z * y + torch.log1p(torch.exp(-z.abs()))
assert torch.allclose(F.binary_cross_entropy_with_logits(z, y, reduction="none"), stable)

# the naive form breaks: sigmoid(-800) underflows to 0 and log(0) = -inf
p = torch.sigmoid(z)
naive = -(y * torch.log(p) + (1 - y) * torch.log(1 - p))
assert torch.isinf(naive[0]) and torch.isfinite(stable).all()
assert torch.isclose(stable[0], torch.tensor(800.0, dtype=torch.float64))  # the true value

# BCELoss on probabilities clamps each log at -100, so the loss caps at 100
assert F.binary_cross_entropy(p[:1], y[:1]).item() == 100.0

# the gradient with respect to the logit is sigmoid(z) - y
zg = z.clone().requires_grad_(True)
F.binary_cross_entropy_with_logits(zg, y, reduction="sum").backward()
assert torch.allclose(zg.grad, torch.sigmoid(z) - y)

# pos_weight multiplies the positive term: 3 x the loss of a positive example
pw = torch.tensor(3.0, dtype=torch.float64)
weighted = F.binary_cross_entropy_with_logits(z, y, pos_weight=pw, reduction="none")
assert torch.allclose(weighted, torch.where(y == 1, 3 * stable, stable))
