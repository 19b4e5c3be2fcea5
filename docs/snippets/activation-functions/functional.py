import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
x = torch.tensor([-4.0, -3.0, -1.0, 0.0, 1.0, 3.0, 7.0], requires_grad=True)

outputs = {
    "relu": F.relu(x),
    "leaky_relu": F.leaky_relu(x, negative_slope=0.01),
    "relu6": F.relu6(x),
    "elu": F.elu(x, alpha=1.0),
    "selu": F.selu(x),
    "celu": F.celu(x, alpha=1.0),
    "gelu": F.gelu(x),  # exact: x * Phi(x)
    "silu": F.silu(x),
    "mish": F.mish(x),
    "softplus": F.softplus(x, beta=1.0, threshold=20.0),
    "softsign": F.softsign(x),
    "hardsigmoid": F.hardsigmoid(x),
    "hardswish": F.hardswish(x),
}
prelu = torch.nn.PReLU()  # one learned slope, initialized to 0.25
assert prelu.weight.item() == 0.25

# PyTorch's definitions, checked against each other
assert torch.allclose(outputs["hardsigmoid"], F.relu6(x + 3) / 6)
assert torch.allclose(outputs["hardswish"], x * F.relu6(x + 3) / 6)
assert torch.allclose(outputs["selu"], 1.0507009873554805 * F.elu(x, alpha=1.6732632423543772))
assert torch.allclose(outputs["silu"], x * torch.sigmoid(x))
assert torch.allclose(outputs["celu"], outputs["elu"])  # identical when alpha = 1

# the subgradient PyTorch picks at the kink x = 0
(g,) = torch.autograd.grad(F.relu(x).sum(), x)
assert g[3] == 0.0
(g,) = torch.autograd.grad(F.leaky_relu(x).sum(), x)
assert g[3] == 0.01

# Softplus switches to the identity when beta * x > threshold
big = torch.tensor([25.0])
assert F.softplus(big).item() == 25.0
