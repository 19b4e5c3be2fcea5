import torch
import torch.nn.functional as F

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.selfsupervised import barlow_twins_loss, vicreg_terms


def byol_loss(p, z_target):  # 2 - 2 cos(p, z'); the target branch gets no gradient
    return (2 - 2 * F.cosine_similarity(p, z_target.detach(), dim=-1)).mean()


def barlow_twins(z1, z2, lam=5e-3):
    n = z1.shape[0]
    bn = lambda z: (z - z.mean(0)) / torch.sqrt(z.var(0, unbiased=False) + 1e-5)  # noqa: E731
    c = bn(z1).T @ bn(z2) / n  # (d, d) cross-correlation
    on = (torch.diagonal(c) - 1).pow(2).sum()
    return on + lam * (c.pow(2).sum() - torch.diagonal(c).pow(2).sum())


def vicreg(z1, z2, lam=25.0, mu=25.0, nu=1.0, gamma=1.0):  # paper form of the three terms
    n, d = z1.shape
    inv = (z1 - z2).pow(2).sum(1).mean()
    var = sum(F.relu(gamma - torch.sqrt(z.var(0) + 1e-4)).mean() for z in (z1, z2))
    cov = sum((torch.cov(z.T).pow(2).sum() - torch.cov(z.T).diagonal().pow(2).sum()) / d for z in (z1, z2))
    return lam * inv + mu * var + nu * cov


torch.manual_seed(0)
z1 = torch.randn(64, 32, dtype=torch.float64)
z2 = z1 + 0.5 * torch.randn(64, 32, dtype=torch.float64)
assert abs(barlow_twins(z1, z2).item() - barlow_twins_loss(z1.numpy(), z2.numpy())) < 1e-9
t = vicreg_terms(z1.numpy(), z2.numpy())
assert abs(vicreg(z1, z2).item() - (25 * t["invariance"] + 25 * t["variance"] + t["covariance"])) < 1e-9
# collapse: identical constant embeddings make BYOL's loss 0, but VICReg's variance term fires
const = torch.ones(64, 32, dtype=torch.float64)
assert byol_loss(const, const).item() < 1e-12
assert vicreg(const, const).item() > 25 * 2 * 0.98
