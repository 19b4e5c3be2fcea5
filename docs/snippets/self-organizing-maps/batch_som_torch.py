import torch

torch.manual_seed(0)
rows, cols, epochs = 10, 10, 30
X = torch.rand(2000, 3)  # e.g. RGB colors
grid = torch.cartesian_prod(torch.arange(rows), torch.arange(cols)).float()  # r_j, (J, 2)
grid_d2 = torch.cdist(grid, grid) ** 2  # squared grid distances between units
W = X[torch.randperm(len(X))[: rows * cols]].clone()  # init from random samples: no order yet


def qe(W):  # quantization error: mean distance to the best-matching unit
    return torch.cdist(X, W).min(1).values.mean().item()


def neighbor_gap(W):  # mean color distance between horizontally adjacent units
    Wg = W.view(rows, cols, 3)
    return (Wg[:, 1:] - Wg[:, :-1]).norm(dim=-1).mean().item()


qe0, gap0 = qe(W), neighbor_gap(W)
for t in range(epochs):
    sigma = 5.0 * (0.5 / 5.0) ** (t / (epochs - 1))  # radius decays 5 -> 0.5
    bmu = torch.cdist(X, W).argmin(1)  # (N,)
    h = torch.exp(-grid_d2[bmu] / (2 * sigma**2))  # h_{c(x), j}, (N, J)
    W = (h.T @ X) / h.sum(0).unsqueeze(1)  # batch SOM: neighborhood-weighted mean, no learning rate
print(f"quantization error {qe0:.3f} -> {qe(W):.3f}; neighbor distance {gap0:.3f} -> {neighbor_gap(W):.3f}")
assert qe(W) < qe0
assert neighbor_gap(W) < 0.3 * gap0  # adjacent units now hold similar colors: the map is ordered
