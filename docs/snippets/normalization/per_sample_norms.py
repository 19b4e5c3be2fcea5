import torch
from torch import nn

torch.manual_seed(0)
torch.set_num_threads(1)
seq = torch.randn(2, 5, 8)                           # (N, T, d): a batch of token sequences
img = torch.randn(2, 6, 4, 4)                        # (N, C, H, W)

def standardize(x, dims):                            # biased variance, eps = 1e-5
    return (x - x.mean(dims, keepdim=True)) / torch.sqrt(x.var(dims, unbiased=False, keepdim=True) + 1e-5)

# LayerNorm: each token over its d features (gamma, beta of shape (d,))
assert torch.allclose(nn.LayerNorm(8)(seq), standardize(seq, -1), atol=1e-5)
# RMSNorm: no mean, no beta; eps=None means machine epsilon (fp32's for fp32/fp16/bf16 inputs, fp64's for fp64)
rms = nn.RMSNorm(8)
assert rms.eps is None and sum(p.numel() for p in rms.parameters()) == 8
eps32 = torch.finfo(torch.float32).eps
assert torch.allclose(rms(seq), seq / torch.sqrt(seq.pow(2).mean(-1, keepdim=True) + eps32), atol=1e-6)
# GroupNorm(G=3): each sample over (C/G channels, H, W); G=1 is LayerNorm over (C, H, W), G=C is InstanceNorm
g = img.view(2, 3, -1)
assert torch.allclose(nn.GroupNorm(3, 6)(img), standardize(g, -1).view_as(img), atol=1e-5)
assert torch.allclose(nn.GroupNorm(1, 6)(img), nn.LayerNorm([6, 4, 4])(img), atol=1e-5)
# InstanceNorm2d: each sample and channel over (H, W); defaults affine=False, track_running_stats=False
inorm = nn.InstanceNorm2d(6)
assert not inorm.affine and not inorm.track_running_stats
assert torch.allclose(inorm(img), standardize(img, (2, 3)), atol=1e-5)
assert torch.allclose(inorm.eval()(img), inorm.train()(img))   # no running stats: eval changes nothing
# BatchNorm1d expects (N, C, L): a sequence batch must be transposed to put d in dim 1
bn = nn.BatchNorm1d(8)
assert torch.allclose(bn(seq.transpose(1, 2)).transpose(1, 2), standardize(seq, (0, 1)), atol=1e-5)
