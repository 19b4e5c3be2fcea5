import torch
import torch.nn.functional as F
from torch import nn

torch.manual_seed(0)
B, D_IN, D = 32, 20, 16
topics = torch.randn(500, D_IN)                            # each question and its passage share a topic
def batch():
    t = topics[torch.randint(0, 500, (B,))]
    return t + 0.5 * torch.randn(B, D_IN), t + 0.5 * torch.randn(B, D_IN)  # (question, positive passage)

E_Q, E_P = nn.Linear(D_IN, D), nn.Linear(D_IN, D)         # two encoders (BERT towers in DPR)
opt = torch.optim.Adam([*E_Q.parameters(), *E_P.parameters()], lr=1e-2)
losses = []
for step in range(200):
    q, p = batch()
    S = E_Q(q) @ E_P(p).T                                  # (B, B) dot products sim(q_i, p_j)
    loss = F.cross_entropy(S, torch.arange(B))             # diagonal = positive, other B-1 = negatives
    opt.zero_grad(); loss.backward(); opt.step()
    losses.append(loss.item())

with torch.no_grad():
    q, p = batch()
    recall_at_1 = ((E_Q(q) @ E_P(p).T).argmax(1) == torch.arange(B)).float().mean()
print(f"loss {losses[0]:.2f} -> {losses[-1]:.2f}, in-batch recall@1 {recall_at_1:.2f}")
assert losses[-1] < 0.5 * losses[0] and recall_at_1 > 0.5  # chance: 1/32
