import torch
from torch import nn
from torch.nn.utils import parametrizations

torch.manual_seed(0)
torch.set_num_threads(1)
# weight norm: w = g * v / ||v||, one (g, ||v||) per output unit for dim=0
lin = parametrizations.weight_norm(nn.Linear(5, 3), dim=0)
g = lin.parametrizations.weight.original0            # (3, 1)
v = lin.parametrizations.weight.original1            # (3, 5)
assert torch.allclose(lin.weight, g * v / v.norm(dim=1, keepdim=True))

# spectral norm: W / sigma_max(W), sigma from power iteration (15 steps at creation, then 1 per training forward)
sn = parametrizations.spectral_norm(nn.Linear(8, 6))
W = sn.parametrizations.weight.original
for _ in range(20):                                   # each training-mode access refines u, v
    w_sn = sn.weight
sigma = torch.linalg.matrix_norm(W, ord=2)           # exact largest singular value (SVD)
assert torch.allclose(torch.linalg.matrix_norm(w_sn, ord=2), torch.tensor(1.0), atol=1e-4)
assert torch.allclose(w_sn * sigma, W, atol=1e-4)
