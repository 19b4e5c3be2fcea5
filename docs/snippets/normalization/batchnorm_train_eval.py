import torch
from torch import nn

torch.manual_seed(0)
torch.set_num_threads(1)
bn = nn.BatchNorm2d(3)                               # eps=1e-5, momentum=0.1, affine, track_running_stats
x = 2 * torch.randn(8, 3, 4, 4) + 1                  # (N, C, H, W): statistics per channel over N, H, W

y = bn.train()(x)                                    # training: this batch's mean and BIASED variance
mu, var_b = x.mean((0, 2, 3)), x.var((0, 2, 3), unbiased=False)
ref = (x - mu[None, :, None, None]) / torch.sqrt(var_b[None, :, None, None] + 1e-5)
assert torch.allclose(y, ref, atol=1e-5)
# running stats: (1 - m) * old + m * batch, with the UNBIASED variance (m = 8 * 4 * 4 values per channel)
assert torch.allclose(bn.running_mean, 0.9 * 0 + 0.1 * mu)
assert torch.allclose(bn.running_var, 0.9 * 1 + 0.1 * x.var((0, 2, 3), unbiased=True))

y_eval = bn.eval()(x)                                # evaluation: running stats, a fixed affine map
scale = 1 / torch.sqrt(bn.running_var + 1e-5)
assert torch.allclose(y_eval, (x - bn.running_mean[:, None, None]) * scale[:, None, None], atol=1e-5)
assert not torch.allclose(y_eval, y, atol=1e-2)      # after one step the two modes disagree a lot

# momentum=None: a cumulative average over all batches seen (used to recompute stats, e.g. after SWA)
cma = nn.BatchNorm1d(2, momentum=None).train()
batches = [torch.randn(16, 2) + k for k in range(5)]
for b in batches:
    cma(b)
assert torch.allclose(cma.running_mean, torch.stack([b.mean(0) for b in batches]).mean(0), atol=1e-6)

# Keras/TF's momentum is the weight of the OLD value: keras momentum 0.99 == torch momentum 0.01
keras_momentum = 0.99
torch_bn = nn.BatchNorm1d(2, momentum=1 - keras_momentum)
assert abs(torch_bn.momentum - 0.01) < 1e-12
