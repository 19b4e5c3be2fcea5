import math

import torch
import torch.nn.functional as F

torch.set_num_threads(1)
torch.manual_seed(0)
x = torch.rand(1, 1, 64, 64, dtype=torch.float64)  # images in [0, 1]: data range L = 1
y = (x + 0.05 * torch.randn_like(x)).clamp(0, 1)
L = 1.0

psnr = 10 * torch.log10(L**2 / F.mse_loss(y, x))
assert 20 < psnr < 30

# SSIM as in Wang et al. (2004): 11x11 Gaussian window, sigma 1.5, K1 = 0.01, K2 = 0.03, valid windows only
r = torch.arange(11, dtype=torch.float64) - 5
g = torch.exp(-0.5 * (r / 1.5) ** 2)
w = (g[:, None] * g[None, :] / g.sum() ** 2)[None, None]  # sums to 1


def local(t):
    return F.conv2d(t, w)  # no padding: only windows inside the image


mx, my = local(x), local(y)
vx, vy, cxy = local(x * x) - mx**2, local(y * y) - my**2, local(x * y) - mx * my
c1, c2 = (0.01 * L) ** 2, (0.03 * L) ** 2
ssim = (((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx**2 + my**2 + c1) * (vx + vy + c2))).mean()
assert 0.5 < ssim < 1

# a uniform brightening with the same MSE keeps the structure: same PSNR, higher SSIM
shift = F.mse_loss(y, x).sqrt()
z = x + shift
assert math.isclose(10 * torch.log10(L**2 / F.mse_loss(z, x)).item(), psnr.item(), rel_tol=1e-9)
mz = local(z)
vz, cxz = local(z * z) - mz**2, local(x * z) - mx * mz
ssim_z = (((2 * mx * mz + c1) * (2 * cxz + c2)) / ((mx**2 + mz**2 + c1) * (vx + vz + c2))).mean()
assert ssim_z > ssim
