import torch

# PyTorch: b <- mu * b + g;  theta <- theta - lr * b.
# Sutskever et al.: v <- mu * v - lr * g;  theta <- theta + v.
# Same path at constant lr; after an lr change PyTorch rescales the whole buffer at once.
grads = [torch.tensor([1.0, -2.0]), torch.tensor([0.5, 0.5]), torch.tensor([-1.0, 3.0])]
lrs = [0.1, 0.1, 0.01]  # the learning rate drops before the third step
mu = 0.9

p = torch.zeros(2, requires_grad=True)
opt = torch.optim.SGD([p], lr=lrs[0], momentum=mu)
theta_s, v = torch.zeros(2), torch.zeros(2)
for step, (g, lr) in enumerate(zip(grads, lrs)):
    opt.param_groups[0]["lr"] = lr
    p.grad = g.clone()
    opt.step()
    v = mu * v - lr * g
    theta_s = theta_s + v
    if step < 2:
        assert torch.allclose(p.detach(), theta_s)  # identical while lr is constant
assert not torch.allclose(p.detach(), theta_s)  # different after the lr change
