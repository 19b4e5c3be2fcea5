import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.graph import gat_layer, stochastic_block_model


class GATLayer(nn.Module):
    """Veličković et al. (2018), dense masked form. mask[i, j] is True if j -> i or j == i."""

    def __init__(self, d_in, d_out, heads=8, concat=True, slope=0.2, attn_drop=0.6):
        super().__init__()
        self.heads, self.d_out, self.concat, self.slope = heads, d_out, concat, slope
        self.W = nn.Linear(d_in, heads * d_out, bias=False)  # all heads' W^k in one matrix
        self.a_dst = nn.Parameter(0.3 * torch.randn(heads, d_out))  # a^k = [a_dst ; a_src]
        self.a_src = nn.Parameter(0.3 * torch.randn(heads, d_out))
        self.drop = nn.Dropout(attn_drop)  # dropout on the normalized coefficients

    def forward(self, X, mask):
        n = X.shape[0]
        Wh = self.W(X).view(n, self.heads, self.d_out)  # (n, K, F')
        e = (Wh * self.a_dst).sum(-1)[:, None] + (Wh * self.a_src).sum(-1)[None, :]  # e[i, j, k]
        e = F.leaky_relu(e, self.slope).masked_fill(~mask[..., None], float("-inf"))
        self.alpha = torch.softmax(e, dim=1)  # normalize over neighbors j of each i
        out = torch.einsum("ijk,jkf->ikf", self.drop(self.alpha), Wh)
        return out.reshape(n, -1) if self.concat else out.mean(1)  # concat (hidden) or average (output)


torch.manual_seed(0)
A, _ = stochastic_block_model([6, 6], 0.6, 0.1, seed=0)
mask = torch.tensor(A + np.eye(12) > 0)
X = torch.randn(12, 5, dtype=torch.float64)
layer = GATLayer(5, 4, heads=3).double().eval()  # eval: no dropout
H = layer(X, mask)
assert H.shape == (12, 3 * 4)
assert torch.allclose(layer.alpha.sum(1), torch.ones(12, 3, dtype=torch.float64))
assert (layer.alpha[~mask] == 0).all()  # no attention outside the neighborhood

W = layer.W.weight.detach().view(3, 4, 5).numpy()  # (K, F', F)
a = torch.cat([layer.a_dst, layer.a_src], 1).detach().numpy()  # (K, 2F')
assert np.allclose(H.detach().numpy(), gat_layer(A, X.numpy(), W, a, concat=True))
