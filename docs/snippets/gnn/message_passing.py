import torch
from torch import nn


def aggregate(x, edge_index, how="sum"):
    """Messages x_j along edges j -> i, reduced at each target i (sum, mean or max)."""
    src, dst = edge_index
    index = dst[:, None].expand(-1, x.shape[1])  # (E, F): row of the target of each message
    reduce = {"sum": "sum", "mean": "mean", "max": "amax"}[how]  # a node without in-edges keeps 0
    return torch.zeros_like(x).scatter_reduce(0, index, x[src], reduce, include_self=False)


class GINLayer(nn.Module):  # h_v' = MLP((1 + eps) h_v + sum_u h_u)
    def __init__(self, d_in, d_out):
        super().__init__()
        self.eps = nn.Parameter(torch.zeros(()))
        self.mlp = nn.Sequential(nn.Linear(d_in, d_out), nn.ReLU(), nn.Linear(d_out, d_out))

    def forward(self, x, edge_index):
        return self.mlp((1 + self.eps) * x + aggregate(x, edge_index, "sum"))


class SAGELayer(nn.Module):  # h_v' = W1 h_v + W2 mean_u h_u  (= W [h_v || mean])
    def __init__(self, d_in, d_out):
        super().__init__()
        self.lin_self, self.lin_neigh = nn.Linear(d_in, d_out), nn.Linear(d_in, d_out, bias=False)

    def forward(self, x, edge_index):
        return nn.functional.normalize(self.lin_self(x) + self.lin_neigh(aggregate(x, edge_index, "mean")), dim=-1)


torch.manual_seed(0)
edges = torch.tensor([[0, 1, 1, 2, 2, 3, 3, 0, 0, 2], [1, 0, 2, 1, 3, 2, 0, 3, 2, 0]])  # both directions
x = torch.randn(4, 3)
gin, sage = GINLayer(3, 8), SAGELayer(3, 8)
perm = torch.tensor([2, 0, 3, 1])  # relabel nodes: new node k is old node perm[k]
inv = torch.argsort(perm)
edges_p = inv[edges]
for layer in (gin, sage):  # node outputs are permutation equivariant ...
    assert torch.allclose(layer(x[perm], edges_p), layer(x, edges)[perm], atol=1e-6)
h_graph = gin(x, edges).sum(0)  # ... and a sum readout is invariant: one vector per graph
assert torch.allclose(gin(x[perm], edges_p).sum(0), h_graph, atol=1e-6)
# sum tells the neighbor multisets {a, a} and {a} apart; mean and max do not (Xu et al. 2019)
ones, star, pair = torch.ones(3, 1), torch.tensor([[1, 2], [0, 0]]), torch.tensor([[1], [0]])
assert aggregate(ones, star, "sum")[0] == 2 and aggregate(ones, pair, "sum")[0] == 1
assert aggregate(ones, star, "mean")[0] == aggregate(ones, pair, "mean")[0] == 1
assert aggregate(ones, star, "max")[0] == aggregate(ones, pair, "max")[0] == 1
