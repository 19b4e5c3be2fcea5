import numpy as np
import torch
from torch import nn

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.attention import attention_rollout

torch.manual_seed(0)
d, h, n_layers, T = 32, 4, 3, 6
layer = nn.TransformerEncoderLayer(d, h, 4 * d, dropout=0.0, batch_first=True, norm_first=True)
encoder = nn.TransformerEncoder(layer, n_layers, enable_nested_tensor=False).eval()
x = torch.randn(1, T, d)

# The encoder calls self_attn with need_weights=False; re-run each block's attention to read its weights.
maps, hidden = [], x
with torch.no_grad():
    for block in encoder.layers:
        z = block.norm1(hidden)  # pre-LN: attention sees the normalized input
        _, w = block.self_attn(z, z, z, need_weights=True, average_attn_weights=False)
        maps.append(w[0])  # (heads, T, T): row = query, column = key
        hidden = block(hidden)
    assert torch.allclose(hidden, encoder(x), atol=1e-6)  # we followed the real forward pass

per_head = torch.stack(maps)  # (layers, heads, T, T)
assert per_head.shape == (n_layers, h, T, T)
assert torch.allclose(per_head.sum(-1), torch.ones(n_layers, h, T), atol=1e-6)

# average over heads (what average_attn_weights=True returns), then roll out through the layers
mean_maps = [m.mean(0).numpy() for m in maps]
rollout = attention_rollout(mean_maps)  # rownorm(0.5 A + 0.5 I), multiplied from the first layer up
assert rollout.shape == (T, T) and np.allclose(rollout.sum(-1), 1.0)
top_sources = rollout.argmax(-1)  # for each position: the input token that contributes most
print("most influential input token per position:", top_sources)
# to plot: plt.imshow(per_head[layer, head]) or plt.imshow(rollout), with token strings as tick labels
