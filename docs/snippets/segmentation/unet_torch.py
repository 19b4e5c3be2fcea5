import torch
import torch.nn as nn

torch.set_num_threads(1)


def double_conv(c_in, c_out, padding):  # padding=0: the paper's valid convs; padding=1: "same" size
    return nn.Sequential(nn.Conv2d(c_in, c_out, 3, padding=padding), nn.ReLU(inplace=True),
                         nn.Conv2d(c_out, c_out, 3, padding=padding), nn.ReLU(inplace=True))


class UNet(nn.Module):
    def __init__(self, in_ch=1, n_classes=2, base=64, depth=4, padding=0):
        super().__init__()
        ch = [base * 2**i for i in range(depth + 1)]  # 64, 128, 256, 512, 1024
        self.down = nn.ModuleList(double_conv(a, b, padding) for a, b in zip([in_ch] + ch[:-2], ch[:-1]))
        self.bottom = double_conv(ch[-2], ch[-1], padding)
        self.up = nn.ModuleList(nn.ConvTranspose2d(2 * c, c, 2, stride=2) for c in reversed(ch[:-1]))
        self.dec = nn.ModuleList(double_conv(2 * c, c, padding) for c in reversed(ch[:-1]))
        self.head = nn.Conv2d(ch[0], n_classes, 1)  # per-pixel class logits

    def forward(self, x):
        skips = []
        for block in self.down:
            x = block(x)
            skips.append(x)
            x = nn.functional.max_pool2d(x, 2)
        x = self.bottom(x)
        for up, block, skip in zip(self.up, self.dec, reversed(skips)):
            x = up(x)
            top = (skip.shape[-1] - x.shape[-1]) // 2  # center-crop the skip (no-op with padding=1)
            skip = skip[..., top:top + x.shape[-2], top:top + x.shape[-1]]
            x = block(torch.cat([skip, x], dim=1))
        return self.head(x)


net = UNet()
print(f"{sum(p.numel() for p in net.parameters()):,} parameters")  # 31,030,658
tiny = UNet(base=2)  # same sizes, few channels, fast on a CPU
with torch.no_grad():
    assert tiny(torch.randn(1, 1, 572, 572)).shape == (1, 2, 388, 388)  # valid convs: 572 -> 388
    assert UNet(base=2, padding=1)(torch.randn(1, 1, 256, 256)).shape == (1, 2, 256, 256)
logits = tiny(torch.randn(2, 1, 188, 188))  # smallest valid input: output 4 x 4
loss = nn.functional.cross_entropy(logits, torch.randint(0, 2, (2, 4, 4)))  # per-pixel cross-entropy
loss.backward()
