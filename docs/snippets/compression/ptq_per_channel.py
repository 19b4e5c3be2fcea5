import numpy as np
import torch
from torch import nn

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.compression import dequantize, quantize, symmetric_qparams

torch.manual_seed(0)
layer = nn.Linear(64, 32)
x = torch.randn(256, 64)
W = layer.weight.detach().double().numpy()  # (out, in) = (32, 64)

# Post-training quantization of the weights: symmetric INT8, one scale per output channel
scale, zp = symmetric_qparams(np.abs(W).max(axis=1), bits=8)  # (32,), zero points 0
q = quantize(W, scale, zp, -128, 127, axis=0)  # int codes in [-127, 127]
W_hat = dequantize(q, scale, zp, axis=0)

# The same with PyTorch's fake-quant op (what QAT inserts in the forward pass)
ref = torch.fake_quantize_per_channel_affine(layer.weight.detach(), torch.tensor(scale, dtype=torch.float32),
                                             torch.zeros(32, dtype=torch.int32), 0, -128, 127)
assert np.allclose(W_hat, ref.double().numpy(), atol=1e-6)
assert np.all(np.abs(W - W_hat) <= scale[:, None] / 2 + 1e-12)  # error within half a step

with torch.no_grad():
    y = layer(x)
    y_q = x @ torch.tensor(W_hat, dtype=torch.float32).T + layer.bias
rel = ((y - y_q).norm() / y.norm()).item()
assert rel < 0.01  # INT8 weights: < 1 % output error, 4x smaller storage
print(f"relative output error {rel:.2e}, bytes {W.size * 4} -> {q.size} + {scale.size * 4} for scales")
