import torch
import torch.nn.functional as F

torch.manual_seed(0)
N, C, eps = 8, 5, 0.1
logits = torch.randn(N, C, dtype=torch.float64)
target = torch.randint(0, C, (N,))

# cross_entropy = nll_loss of log_softmax
assert torch.allclose(F.cross_entropy(logits, target), F.nll_loss(F.log_softmax(logits, dim=1), target))

# label_smoothing mixes the one-hot target with the uniform distribution over all C classes
q = (1 - eps) * F.one_hot(target, C) + eps / C
manual = -(q * F.log_softmax(logits, dim=1)).sum(dim=1).mean()
assert torch.allclose(F.cross_entropy(logits, target, label_smoothing=eps), manual)
assert torch.allclose(F.cross_entropy(logits, q), manual)  # probability targets give the same

# gradient with respect to the logits: (softmax - q) / N for reduction="mean"
z = logits.clone().requires_grad_(True)
F.cross_entropy(z, target, label_smoothing=eps).backward()
assert torch.allclose(z.grad, (F.softmax(logits, dim=1) - q) / N)

# with class weights, reduction="mean" divides by the sum of the weights used, not by N
w = torch.tensor([1.0, 2.0, 0.5, 3.0, 1.0], dtype=torch.float64)
logp = F.log_softmax(logits, dim=1)
per_sample = -w[target] * logp[torch.arange(N), target]
assert torch.allclose(F.nll_loss(logp, target, weight=w), per_sample.sum() / w[target].sum())
# ... but with probability targets the weighted terms w_c q_ic are summed and divided by N
one_hot = F.one_hot(target, C).to(logits.dtype)
assert torch.allclose(F.cross_entropy(logits, one_hot, weight=w), per_sample.sum() / N)
