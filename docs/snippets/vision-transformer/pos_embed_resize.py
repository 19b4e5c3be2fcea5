import numpy as np
import torch
import torch.nn.functional as F

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.vit import resize_pos_embed

torch.set_num_threads(1)

# Fine-tune a 224-px ViT-B/16 at 384 px: the 14x14 grid of learned positions becomes 24x24
pos = torch.randn(1, 1 + 14 * 14, 768)          # [CLS] row + 196 patch rows
cls_row, grid = pos[:, :1], pos[:, 1:]
grid = grid.reshape(1, 14, 14, 768).permute(0, 3, 1, 2)            # (1, D, 14, 14)
grid = F.interpolate(grid, size=(24, 24), mode="bilinear", align_corners=False)  # timm: bicubic
new_pos = torch.cat([cls_row, grid.permute(0, 2, 3, 1).reshape(1, 576, 768)], dim=1)
assert new_pos.shape == (1, 577, 768)           # 1 + (384/16)^2 tokens

ours = resize_pos_embed(pos[0].double().numpy(), 24)
assert np.allclose(ours, new_pos[0].numpy(), atol=1e-5)
