import torch

torch.manual_seed(0)
theta0 = torch.randn(5, dtype=torch.float64)
grad = torch.randn(5, dtype=torch.float64)
lr, wd, eps = 1e-3, 0.1, 1e-8


def one_step(cls, **kw):
    p = theta0.clone().requires_grad_()
    p.grad = grad.clone()
    cls([p], lr=lr, weight_decay=wd, **kw).step()
    return p.detach()


# AdamW: shrink theta by (1 - lr * wd), then the Adam step on the raw gradient.
# At t = 1: m = (1 - b1) g, v = (1 - b2) g^2, so m_hat / sqrt(v_hat) = g / |g|.
adamw_manual = theta0 * (1 - lr * wd) - lr * grad / (grad.abs() + eps)
assert torch.allclose(one_step(torch.optim.AdamW), adamw_manual)

# Adam with weight_decay (L2): wd * theta is added to g and then divided by sqrt(v_hat).
g_l2 = grad + wd * theta0
adam_manual = theta0 - lr * g_l2 / (g_l2.abs() + eps)
assert torch.allclose(one_step(torch.optim.Adam), adam_manual)

# Adam(decoupled_weight_decay=True) is AdamW.
assert torch.allclose(one_step(torch.optim.Adam, decoupled_weight_decay=True), adamw_manual)
print("AdamW step:", adamw_manual)
