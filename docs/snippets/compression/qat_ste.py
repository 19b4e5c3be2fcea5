import torch


def fake_quant_ste(w, bits=4):
    """Symmetric fake quantization; straight-through estimator in the backward pass."""
    s = w.detach().abs().max() / (2 ** (bits - 1) - 1)
    w_q = torch.clamp(torch.round(w / s), -(2 ** (bits - 1)), 2 ** (bits - 1) - 1) * s
    return w + (w_q - w).detach()  # forward: w_q; backward: d w_q / d w := 1


torch.manual_seed(0)
X = torch.randn(512, 16)
w_true = torch.randn(16)
y = X @ w_true
w = (0.1 * torch.randn(16)).requires_grad_()  # not all zeros: scale would be 0
opt = torch.optim.Adam([w], lr=0.05)
for step in range(300):  # quantization-aware training of a 4-bit linear model
    loss = ((X @ fake_quant_ste(w) - y) ** 2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()

# round() alone has zero gradient almost everywhere; the STE passes the gradient through
g = torch.autograd.grad(fake_quant_ste(w).sum(), w)[0]
assert torch.equal(g, torch.ones(16))
assert len(torch.unique(fake_quant_ste(w).detach())) <= 16  # at most 2^4 levels
assert loss.item() < 0.1 * (y ** 2).mean().item()
print(f"QAT loss {loss.item():.4f} vs target variance {(y ** 2).mean().item():.2f}")
