import math

import torch
import torch.nn.functional as F

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.selfsupervised import nt_xent as nt_xent_numpy


def nt_xent(z1, z2, tau=0.5):
    """SimCLR loss: 2N views, positive = the other view, negatives = the other 2N - 2 views."""
    n = z1.shape[0]
    z = F.normalize(torch.cat([z1, z2]), dim=1)  # (2N, d) unit vectors
    logits = z @ z.T / tau  # cosine similarities / tau
    logits.fill_diagonal_(float("-inf"))  # a view is not its own negative
    target = torch.cat([torch.arange(n, 2 * n), torch.arange(n)])  # index of the positive
    return F.cross_entropy(logits, target)


torch.manual_seed(0)
N, d = 256, 128
z1 = torch.randn(N, d, dtype=torch.float64)
z2 = z1 + 0.8 * torch.randn(N, d, dtype=torch.float64)  # projections of two augmented views
loss = nt_xent(z1, z2, tau=0.1)
assert math.isclose(loss.item(), nt_xent_numpy(z1.numpy(), z2.numpy(), 0.1), rel_tol=1e-9)
# chance level log(2N - 1) for unrelated views and a large tau; the positives lower it
unrelated = nt_xent(z1, torch.randn(N, d, dtype=torch.float64), tau=100.0)
assert abs(unrelated.item() - math.log(2 * N - 1)) < 0.01 and loss < unrelated
