import torch
import torch.nn as nn

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.convolution import conv_output_size, conv_params, receptive_field

torch.manual_seed(0)
x = torch.randn(2, 3, 224, 224)  # (N, C_in, H, W)

stem = nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=False)  # ResNet stem, bias folded into BN
y = stem(x)
assert y.shape == (2, 64, conv_output_size(224, 7, 2, 3), 112)
assert sum(p.numel() for p in stem.parameters()) == conv_params(3, 64, 7, 7, bias=False) == 9408

# "same" padding for odd k and stride 1: p = d(k - 1)/2, also with dilation
dil = nn.Conv2d(64, 64, 3, padding=2, dilation=2)
assert dil(y).shape == y.shape

# depthwise-separable = depthwise (groups = C_in) + pointwise 1x1: 8.2x fewer parameters here
dw, pw = nn.Conv2d(64, 64, 3, padding=1, groups=64), nn.Conv2d(64, 128, 1)
full = nn.Conv2d(64, 128, 3, padding=1)
n = lambda m: sum(p.numel() for p in m.parameters())  # noqa: E731
assert n(dw) + n(pw) == conv_params(64, 64, 3, 3, groups=64) + conv_params(64, 128, 1, 1) == 8960
assert n(full) == 73856 and pw(dw(y)).shape == full(y).shape


class BasicBlock(nn.Module):  # ResNet v1: conv-BN-ReLU-conv-BN, add, ReLU
    def __init__(self, c):
        super().__init__()
        self.f = nn.Sequential(nn.Conv2d(c, c, 3, padding=1, bias=False), nn.BatchNorm2d(c), nn.ReLU(),
                               nn.Conv2d(c, c, 3, padding=1, bias=False), nn.BatchNorm2d(c))

    def forward(self, x):
        return torch.relu(x + self.f(x))


assert BasicBlock(64)(y).shape == y.shape
# transposed conv doubles the size back: (H - 1)s - 2p + (k - 1) + 1 = 224 for H = 112, k = 4, s = 2, p = 1
up = nn.ConvTranspose2d(64, 3, kernel_size=4, stride=2, padding=1)
assert up(y).shape == x.shape
assert receptive_field([7, 3], [2, 1])[-1] == 11  # the 3x3 after a stride-2 stem sees 7 + 2*2 pixels
