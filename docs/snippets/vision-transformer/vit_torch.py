import torch
import torch.nn as nn
import torch.nn.functional as F

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.vit import vit_macs, vit_params

torch.set_num_threads(1)

# 1. Patch embedding: a P x P convolution with stride P == cut into patches + one shared linear map
P, D = 16, 768
x = torch.randn(2, 3, 224, 224)
conv = nn.Conv2d(3, D, kernel_size=P, stride=P)
lin = nn.Linear(3 * P * P, D)
with torch.no_grad():
    lin.weight.copy_(conv.weight.reshape(D, -1))  # (D, C, P, P) -> (D, C*P*P)
    lin.bias.copy_(conv.bias)
    tokens = conv(x).flatten(2).transpose(1, 2)                  # (B, D, 14, 14) -> (B, 196, D)
    same = lin(F.unfold(x, P, stride=P).transpose(1, 2))         # (B, 196, 768) patches -> (B, 196, D)
assert tokens.shape == (2, 196, D) and torch.allclose(tokens, same, atol=1e-4)


# 2. ViT-B/16 from stock modules: pre-LN encoder (norm_first=True), GELU, final LayerNorm, head on [CLS]
class ViT(nn.Module):
    def __init__(self, img=224, patch=16, dim=768, depth=12, heads=12, mlp=3072, classes=1000):
        super().__init__()
        n = (img // patch) ** 2
        self.patch_embed = nn.Conv2d(3, dim, patch, stride=patch)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.pos_embed = nn.Parameter(torch.randn(1, n + 1, dim) * 0.02)  # learned, 1-D
        layer = nn.TransformerEncoderLayer(dim, heads, mlp, dropout=0.0, activation="gelu",
                                           batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, depth, norm=nn.LayerNorm(dim), enable_nested_tensor=False)
        self.head = nn.Linear(dim, classes)

    def forward(self, x):
        t = self.patch_embed(x).flatten(2).transpose(1, 2)                  # (B, N, D)
        t = torch.cat([self.cls_token.expand(len(x), -1, -1), t], 1) + self.pos_embed  # (B, N+1, D)
        return self.head(self.encoder(t)[:, 0])                             # logits from the [CLS] output


with torch.device("meta"):  # shapes and counts without allocating 86M weights
    model = ViT()
    from torch.utils.flop_counter import FlopCounterMode
    with FlopCounterMode(display=False) as fc:
        logits = model(torch.randn(1, 3, 224, 224))
n_params = sum(p.numel() for p in model.parameters())
print(f"ViT-B/16: {n_params:,} parameters, {fc.get_total_flops() / 1e9:.1f} GFLOPs per 224x224 image")
assert logits.shape == (1, 1000)
assert n_params == vit_params().total == 86_567_656
assert fc.get_total_flops() == vit_macs().flops  # 35.1 GFLOPs = 17.6 G multiply-adds
