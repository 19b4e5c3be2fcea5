import torch
from torch import nn

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.nas import mixed_op


class Zero(nn.Module):
    def forward(self, x):
        return torch.zeros_like(x)


class MixedOp(nn.Module):
    """o_bar(x) = sum_o softmax(alpha)_o * o(x): the continuous relaxation of one edge."""

    def __init__(self, d: int = 8):
        super().__init__()
        self.names = ["zero", "skip", "linear", "mlp"]
        self.ops = nn.ModuleList([Zero(), nn.Identity(), nn.Linear(d, d),
                                  nn.Sequential(nn.Linear(d, 32), nn.Tanh(), nn.Linear(32, d))])
        self.alpha = nn.Parameter(1e-3 * torch.randn(len(self.ops)))  # architecture logits

    def forward(self, x):
        w = torch.softmax(self.alpha, 0)
        return sum(w_o * op(x) for w_o, op in zip(w, self.ops))


torch.manual_seed(0)
edge = MixedOp()
x = torch.randn(5, 8, dtype=torch.float64)
ops64 = [lambda z, op=op: op.double()(torch.from_numpy(z)).detach().numpy() for op in edge.ops]
ref = mixed_op(x.numpy(), edge.alpha.detach().double().numpy(), ops64)  # NumPy reference
assert torch.allclose(edge.double()(x), torch.from_numpy(ref))
edge.float()

weights = [p for n, p in edge.named_parameters() if n != "alpha"]
opt_w = torch.optim.SGD(weights, lr=0.05, momentum=0.9)  # DARTS: w by SGD ...
opt_a = torch.optim.Adam([edge.alpha], lr=3e-2, betas=(0.5, 0.999))  # ... alpha by Adam
target = lambda x: 3 * torch.tanh(2 * x) + 1  # noqa: E731  only "mlp" can fit it
loss = lambda: (edge(xb) - target(xb)).pow(2).mean()  # noqa: E731
losses = []
for step in range(150):  # first-order DARTS (xi = 0): alternate the two levels
    xb = torch.randn(64, 8)  # a validation batch: step alpha on L_val
    opt_a.zero_grad(), loss().backward(), opt_a.step()
    xb = torch.randn(64, 8)  # a training batch: step w on L_train
    opt_w.zero_grad(), (l_tr := loss()).backward(), opt_w.step()
    losses.append(l_tr.item())

p = torch.softmax(edge.alpha, 0).detach()
p_nonzero = torch.where(torch.arange(4) == 0, -1.0, p)  # discretize: argmax over o != zero
chosen = edge.names[int(p_nonzero.argmax())]
print(dict(zip(edge.names, p.round(decimals=3).tolist())), "->", chosen)
assert chosen == "mlp" and losses[-1] < 0.2 * losses[0]
