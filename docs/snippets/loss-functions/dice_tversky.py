import torch

torch.set_num_threads(1)
torch.manual_seed(0)
p = torch.rand(4, 1, 8, 8, dtype=torch.float64)  # sigmoid outputs, (N, 1, H, W)
g = (torch.rand(4, 1, 8, 8) < 0.3).to(torch.float64)  # binary masks
dims = (1, 2, 3)  # sum over everything but the batch


def soft_dice_loss(p, g, squared=False, smooth=0.0):
    inter = (p * g).sum(dims)
    den = (p**2).sum(dims) + (g**2).sum(dims) if squared else p.sum(dims) + g.sum(dims)
    return (1 - (2 * inter + smooth) / (den + smooth)).mean()


def tversky_loss(p, g, alpha=0.3, beta=0.7, smooth=0.0):
    tp = (p * g).sum(dims)
    fp = (p * (1 - g)).sum(dims)
    fn = ((1 - p) * g).sum(dims)
    return (1 - (tp + smooth) / (tp + alpha * fp + beta * fn + smooth)).mean()


assert torch.isclose(tversky_loss(p, g, 0.5, 0.5), soft_dice_loss(p, g))  # alpha = beta = 1/2 is Dice
assert not torch.isclose(soft_dice_loss(p, g, squared=True), soft_dice_loss(p, g))  # V-Net's variant differs
# on hard masks the soft Dice loss is 1 - Dice coefficient
hard = (p > 0.5).to(torch.float64)
dice = 2 * (hard * g).sum(dims) / (hard.sum(dims) + g.sum(dims))
assert torch.isclose(soft_dice_loss(hard, g), (1 - dice).mean())
# beta > alpha: a missed foreground pixel costs more than a false alarm
g1 = torch.tensor([[[[1.0, 1.0, 0.0, 0.0]]]], dtype=torch.float64)
missed = torch.tensor([[[[1.0, 0.0, 0.0, 0.0]]]], dtype=torch.float64)
extra = torch.tensor([[[[1.0, 1.0, 1.0, 0.0]]]], dtype=torch.float64)
assert tversky_loss(missed, g1) > tversky_loss(extra, g1)
