import torch
import torch.nn.functional as F
from torch import nn

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.moe import load_balancing_loss


class TopKMoE(nn.Module):
    """Sparse MoE feed-forward: softmax over the top-k router logits (Mixtral), token-choice routing."""

    def __init__(self, d=32, d_ff=64, n_experts=8, k=2):
        super().__init__()
        self.k, self.n = k, n_experts
        self.router = nn.Linear(d, n_experts, bias=False)
        self.experts = nn.ModuleList(nn.Sequential(nn.Linear(d, d_ff), nn.GELU(), nn.Linear(d_ff, d))
                                     for _ in range(n_experts))

    def forward(self, x):  # x: (T, d) tokens, batch and sequence flattened
        logits = self.router(x)  # (T, N)
        probs = logits.softmax(-1)
        top_p, top_i = probs.topk(self.k, dim=-1)  # (T, k)
        gates = top_p / top_p.sum(-1, keepdim=True)  # = softmax over the k kept logits
        y = torch.zeros_like(x)
        for e, expert in enumerate(self.experts):
            tok, slot = (top_i == e).nonzero(as_tuple=True)  # tokens that chose expert e
            y.index_add_(0, tok, gates[tok, slot, None] * expert(x[tok]))
        f = F.one_hot(top_i, self.n).float().sum(1).mean(0) / self.k  # fraction of routed slots
        aux = 0.01 * self.n * (f * probs.mean(0)).sum()  # Switch loss, alpha = 0.01
        z_loss = torch.logsumexp(logits, -1).pow(2).mean()  # ST-MoE, weight 1e-3
        return y, aux, z_loss, top_i


torch.manual_seed(0)
moe = TopKMoE()
with torch.no_grad():
    moe.router.weight[0] += 0.5  # a router that favors expert 0
x = torch.randn(512, 32) + 1.0
y, aux0, z, idx = moe(x)
assert y.shape == x.shape and aux0.item() > 0.01  # above the balanced minimum alpha
assert abs(aux0.item() - load_balancing_loss(moe.router(x).softmax(-1).detach().numpy(), idx.numpy())) < 1e-6
opt = torch.optim.Adam(moe.router.parameters(), lr=0.05)
for _ in range(50):  # train the router on the balancing losses alone
    _, aux, z, _ = moe(x)
    opt.zero_grad()
    (aux + 1e-3 * z).backward()
    opt.step()
print(f"aux loss {aux0.item():.4f} -> {aux.item():.4f} (minimum 0.01)")
assert aux.item() < aux0.item()
expert_params = sum(p.numel() for p in moe.experts[0].parameters())
print(f"expert params: total {8 * expert_params}, active per token {2 * expert_params}")
