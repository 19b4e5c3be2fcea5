import torch


class Lion(torch.optim.Optimizer):
    """Lion (Chen et al. 2023, Algorithm 2); torch.optim has no Lion in PyTorch 2.13."""

    def __init__(self, params, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0):
        super().__init__(params, dict(lr=lr, betas=betas, weight_decay=weight_decay))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            (b1, b2), lr, wd = group["betas"], group["lr"], group["weight_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                m = self.state[p].setdefault("exp_avg", torch.zeros_like(p))
                c = b1 * m + (1 - b1) * p.grad  # interpolation used for the update
                p.mul_(1 - lr * wd).add_(torch.sign(c), alpha=-lr)  # decoupled decay, sign step
                m.mul_(b2).add_(p.grad, alpha=1 - b2)  # momentum tracks g with beta2


p = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
opt = Lion([p], lr=1e-2, weight_decay=0.1)
p.grad = torch.tensor([5.0, -1e-6, 0.3])
opt.step()
expected = torch.tensor([1.0, -2.0, 3.0]) * (1 - 1e-3) - 1e-2 * torch.tensor([1.0, -1.0, 1.0])
assert torch.allclose(p.detach(), expected)  # every coordinate moves by lr, whatever |g|
