import numpy as np
import torch
from torch import nn

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.multitask import pcgrad as pcgrad_reference


def pcgrad_backward(shared: list[nn.Parameter], losses: list[torch.Tensor]) -> None:
    """Set .grad of the shared parameters to the PCGrad combination of the task gradients."""
    flat = []
    for loss in losses:
        grads = torch.autograd.grad(loss, shared, retain_graph=True)
        flat.append(torch.cat([g.reshape(-1) for g in grads]))
    projected = []
    for i, g_i in enumerate(flat):
        pc = g_i.clone()
        for j in torch.randperm(len(flat)).tolist():
            if j == i:
                continue
            dot = pc @ flat[j]
            if dot < 0:  # conflict: remove the component along the other task's gradient
                pc = pc - dot / flat[j].pow(2).sum() * flat[j]
        projected.append(pc)
    update = torch.stack(projected).sum(0)
    offset = 0
    for p in shared:
        p.grad = update[offset:offset + p.numel()].view_as(p).clone()
        offset += p.numel()


torch.manual_seed(0)
w = nn.Parameter(torch.tensor([0.0, 0.0]))
# two quadratic tasks whose gradients at w = 0 are g1 = (1, 0) and g2 = (-1, 1): they conflict
loss1 = 0.5 * (w - torch.tensor([-1.0, 0.0])).pow(2).sum()
loss2 = 0.5 * (w - torch.tensor([1.0, -1.0])).pow(2).sum()
pcgrad_backward([w], [loss1, loss2])
assert torch.allclose(w.grad, torch.tensor([0.5, 1.5]))  # vs the plain sum (0, 1)

expected, _ = pcgrad_reference([np.array([1.0, 0.0]), np.array([-1.0, 1.0])])
assert np.allclose(w.grad.numpy(), expected)
