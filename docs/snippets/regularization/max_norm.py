import torch
from torch import nn

torch.manual_seed(0)
layer = nn.Linear(100, 50)
c = 0.5                                            # max L2 norm of each unit's incoming weights

# after every optimizer step: rescale rows of W (shape out x in) whose norm exceeds c
with torch.no_grad():
    layer.weight.copy_(torch.renorm(layer.weight, p=2, dim=0, maxnorm=c))

assert (layer.weight.norm(dim=1) <= c + 1e-6).all()
