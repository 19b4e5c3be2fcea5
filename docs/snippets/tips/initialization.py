import math

import torch
from torch import nn

torch.manual_seed(0)
fan_in, fan_out = 512, 256

# What nn.Linear does by default: kaiming_uniform_(a=sqrt(5)) = U(-1/sqrt(fan_in), 1/sqrt(fan_in))
layer = nn.Linear(fan_in, fan_out)
assert layer.weight.abs().max() <= 1 / math.sqrt(fan_in)

# Re-initialize for a ReLU network (He) and for tanh (Xavier with gain 5/3)
nn.init.kaiming_normal_(layer.weight, mode="fan_in", nonlinearity="relu")  # std = sqrt(2 / fan_in)
nn.init.zeros_(layer.bias)
assert abs(layer.weight.std().item() - math.sqrt(2 / fan_in)) < 0.01 * math.sqrt(2 / fan_in)

w = torch.empty(fan_out, fan_in)
nn.init.xavier_uniform_(w, gain=nn.init.calculate_gain("tanh"))  # bound = g * sqrt(6 / (fan_in + fan_out))
bound = 5 / 3 * math.sqrt(6 / (fan_in + fan_out))
assert w.abs().max() <= bound and w.abs().max() > 0.99 * bound


# Apply to a whole model
def init_weights(m: nn.Module) -> None:
    if isinstance(m, (nn.Linear, nn.Conv2d)):
        nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
        if m.bias is not None:
            nn.init.zeros_(m.bias)


model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
model.apply(init_weights)
