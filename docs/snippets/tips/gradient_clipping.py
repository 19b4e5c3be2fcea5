import torch
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(10, 32), nn.Tanh(), nn.Linear(32, 1))
loss = model(torch.randn(64, 10)).pow(2).mean() * 1e3  # a deliberately large loss
loss.backward()

grads = [p.grad.clone() for p in model.parameters()]
max_norm = 1.0
# clip_grad_norm_: one global L2 norm over ALL parameters, returned before clipping
total = nn.utils.clip_grad_norm_(model.parameters(), max_norm=max_norm)
by_hand = torch.linalg.vector_norm(torch.stack([torch.linalg.vector_norm(g) for g in grads]))
assert torch.isclose(total, by_hand)
coef = min(1.0, max_norm / (by_hand.item() + 1e-6))  # every gradient is scaled by the same factor
for g, p in zip(grads, model.parameters()):
    assert torch.allclose(p.grad, g * coef)
new_norm = torch.linalg.vector_norm(torch.stack([p.grad.norm() for p in model.parameters()]))
assert new_norm <= max_norm + 1e-4  # direction kept, length capped

# clip_grad_value_: element-wise clamp to [-c, c] (changes the direction)
nn.utils.clip_grad_value_(model.parameters(), clip_value=0.01)
assert all(p.grad.abs().max() <= 0.01 for p in model.parameters())
