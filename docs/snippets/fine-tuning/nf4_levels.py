from statistics import NormalDist

import torch

torch.set_num_threads(1)

# NF4 (QLoRA): 16 levels at quantiles of N(0, 1), rescaled to [-1, 1], with an exact zero.
delta = 0.5 * ((1 - 1 / 30) + (1 - 1 / 32))  # 0.9677: avoids the infinite quantile at p = 1
ppf = NormalDist().inv_cdf
pos = [ppf(p) for p in torch.linspace(delta, 0.5, 9, dtype=torch.float64)[:-1].tolist()]  # 8 positive
neg = [-ppf(p) for p in torch.linspace(delta, 0.5, 8, dtype=torch.float64)[:-1].tolist()]  # 7 negative
nf4 = torch.tensor(sorted(pos + neg + [0.0]), dtype=torch.float64)
nf4 /= nf4.max()
assert nf4[0] == -1 and nf4[-1] == 1 and nf4[7] == 0
assert abs(nf4[8].item() - 0.0796) < 1e-4  # smallest positive level in the bitsandbytes table

# Block-wise absmax quantization: one constant c = max|w| per block of 64 weights, 4-bit indices.
torch.manual_seed(0)
w = 0.02 * torch.randn(4096, 64, dtype=torch.float64)  # 4096 blocks of 64 weights
c = w.abs().amax(dim=1, keepdim=True)
idx = torch.bucketize(w / c, (nf4[1:] + nf4[:-1]) / 2)  # nearest level: an index in 0..15
w_hat = nf4[idx] * c
assert idx.max() <= 15 and torch.equal(w_hat.abs().amax(dim=1), c.squeeze(1))

# NF4 spends its levels where normal weights are: lower error than 16 evenly spaced levels.
uniform = torch.linspace(-1, 1, 16, dtype=torch.float64)
w_uni = uniform[torch.bucketize(w / c, (uniform[1:] + uniform[:-1]) / 2)] * c
err_nf4, err_uni = (w_hat - w).pow(2).mean(), (w_uni - w).pow(2).mean()
assert err_nf4 < 0.85 * err_uni
# storage: 4 bits + 32/64 bits for FP32 constants, or 8/64 + 32/(64*256) with double quantization
assert 4 + 8 / 64 + 32 / (64 * 256) < 4.13 < 4 + 32 / 64
