import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

B, d_in, d_h, d_out = 64, 512, 1024, 256
model = nn.Sequential(nn.Linear(d_in, d_h), nn.ReLU(), nn.Linear(d_h, d_out))
x = torch.randn(B, d_in)                     # the input needs no gradient

with FlopCounterMode(display=False) as fwd:
    loss = model(x).square().mean()
with FlopCounterMode(display=False) as bwd:
    loss.backward()

forward = fwd.get_total_flops()              # matrix multiplies only: 2 * B * (inputs x outputs) per layer
assert forward == 2 * B * (d_in * d_h + d_h * d_out)
# backward = dL/dW for every layer (= forward) + dL/dA for every layer but the first (the input)
assert bwd.get_total_flops() == 2 * forward - 2 * B * d_in * d_h
