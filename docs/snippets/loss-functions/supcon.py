import torch
import torch.nn.functional as F

torch.set_num_threads(1)
torch.manual_seed(0)


def supcon_loss(z, labels, tau=0.1):
    """L^sup_out: average over anchors of the mean log-probability of their positives."""
    z = F.normalize(z, dim=1)
    n = z.shape[0]
    self_mask = torch.eye(n, dtype=torch.bool)
    logits = (z @ z.T / tau).masked_fill(self_mask, float("-inf"))  # the anchor is not its own candidate
    log_prob = logits - torch.logsumexp(logits, dim=1, keepdim=True)
    positives = (labels[:, None] == labels[None, :]) & ~self_mask
    return (-log_prob.masked_fill(~positives, 0).sum(1) / positives.sum(1)).mean()


labels = torch.tensor([0, 1, 2, 0, 1, 2, 0, 1])
z = torch.randn(8, 16, dtype=torch.float64) + 2 * F.one_hot(labels, 16)  # classes cluster
shuffled = labels[torch.randperm(8)]
assert supcon_loss(z, labels) < supcon_loss(z, shuffled)

# two views per image and one positive each: SupCon is SimCLR's NT-Xent
views = torch.arange(4).repeat(2)
v = F.normalize(torch.randn(8, 16, dtype=torch.float64), dim=1)
logits = (v @ v.T / 0.1).fill_diagonal_(float("-inf"))
partner = torch.cat([torch.arange(4, 8), torch.arange(4)])
assert torch.isclose(supcon_loss(v, views), F.cross_entropy(logits, partner))
