import torch
import torch.nn as nn

torch.set_num_threads(1)


class ASPP(nn.Module):
    """DeepLabv3's atrous spatial pyramid pooling: a 1x1 branch, three 3x3 atrous branches and image pooling."""

    def __init__(self, c_in, c_out=256, rates=(6, 12, 18)):  # rates for output stride 16; (12, 24, 36) at 8
        super().__init__()

        def branch(k, r):
            return nn.Sequential(nn.Conv2d(c_in, c_out, k, padding=0 if k == 1 else r, dilation=r, bias=False),
                                 nn.BatchNorm2d(c_out), nn.ReLU())
        self.branches = nn.ModuleList([branch(1, 1)] + [branch(3, r) for r in rates])
        self.pool = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Conv2d(c_in, c_out, 1, bias=False), nn.ReLU())
        self.project = nn.Sequential(nn.Conv2d(c_out * (len(rates) + 2), c_out, 1, bias=False),
                                     nn.BatchNorm2d(c_out), nn.ReLU())

    def forward(self, x):
        pooled = self.pool(x).expand(-1, -1, *x.shape[-2:])  # global context, broadcast back
        return self.project(torch.cat([b(x) for b in self.branches] + [pooled], dim=1))


x = torch.randn(2, 64, 33, 33)  # a 513 x 513 crop at output stride 16 gives 33 x 33 features
y = ASPP(64, 32)(x)
assert y.shape == (2, 32, 33, 33)  # padding = rate keeps the size for every atrous branch
# a 3x3 kernel at rate 18 spans 3 + 2 * 17 = 37 pixels with 9 weights
conv = nn.Conv2d(1, 1, 3, dilation=18, padding=18, bias=False)
assert conv(torch.randn(1, 1, 40, 40)).shape[-1] == 40 and conv.weight.numel() == 9
