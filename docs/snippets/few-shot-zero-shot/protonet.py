import torch
from torch import nn
import torch.nn.functional as F

torch.manual_seed(0)
N_CLASSES, DIM = 60, 32
centres = torch.randn(N_CLASSES, DIM) * 0.7
train_cls, test_cls = torch.arange(40), torch.arange(40, 60)  # novel classes never seen in training


def episode(classes, n_way=5, k_shot=5, n_query=10):
    """N-way K-shot: pick N classes, then K support and n_query query points per class."""
    pick = classes[torch.randperm(len(classes))[:n_way]]
    x = centres[pick].repeat_interleave(k_shot + n_query, 0) + torch.randn(n_way * (k_shot + n_query), DIM)
    x = x.view(n_way, k_shot + n_query, DIM)
    return x[:, :k_shot], x[:, k_shot:]  # (N, K, D) support, (N, Q, D) query


encoder = nn.Sequential(nn.Linear(DIM, 64), nn.ReLU(), nn.Linear(64, 16))
opt = torch.optim.Adam(encoder.parameters(), lr=3e-3)


def logits_and_labels(support, query):
    n_way, n_query = query.shape[:2]
    protos = encoder(support).mean(dim=1)                      # c_k = mean of support embeddings, (N, 16)
    z = encoder(query.reshape(-1, DIM))                        # (N*Q, 16)
    logits = -torch.cdist(z, protos).pow(2)                    # -||f(x) - c_k||^2
    return logits, torch.arange(n_way).repeat_interleave(n_query)


losses = []
for step in range(150):
    logits, y = logits_and_labels(*episode(train_cls))
    loss = F.cross_entropy(logits, y)
    opt.zero_grad(); loss.backward(); opt.step()
    losses.append(loss.item())

with torch.no_grad():  # evaluate on 5-way 5-shot episodes of unseen classes
    accs = [(l.argmax(1) == y).float().mean() for l, y in
            (logits_and_labels(*episode(test_cls)) for _ in range(50))]
acc = torch.stack(accs).mean()
print(f"loss {sum(losses[:10]) / 10:.2f} -> {sum(losses[-10:]) / 10:.2f}, novel 5-way 5-shot accuracy {acc:.2f}")
assert sum(losses[-10:]) < sum(losses[:10]) and acc > 0.6  # chance is 0.2
