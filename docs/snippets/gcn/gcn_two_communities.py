import torch
from torch import nn

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.graph import normalized_adjacency, stochastic_block_model

torch.manual_seed(0)
torch.set_num_threads(1)  # a 100-node graph: extra threads only add overhead
A, labels = stochastic_block_model([50, 50], p_in=0.15, p_out=0.02, seed=0)  # two communities
A_hat = torch.tensor(normalized_adjacency(A), dtype=torch.float32)  # D~^-1/2 (A + I) D~^-1/2, dense
y = torch.tensor(labels)
X = torch.randn(100, 8) + 0.4 * (2 * y[:, None] - 1)  # weak, noisy node features
train = torch.zeros(100, dtype=torch.bool)
train[[0, 1, 2, 3, 4, 50, 51, 52, 53, 54]] = True  # 5 labels per class: semi-supervised


class GCN(nn.Module):
    """Kipf & Welling (2017): Z = softmax(A_hat ReLU(A_hat X W0) W1), hidden 16, dropout 0.5."""

    def __init__(self, d_in: int, d_hidden: int = 16, n_classes: int = 2, p: float = 0.5):
        super().__init__()
        self.lin0, self.lin1, self.drop = nn.Linear(d_in, d_hidden), nn.Linear(d_hidden, n_classes), nn.Dropout(p)

    def forward(self, A_hat, X):
        H = torch.relu(A_hat @ self.lin0(self.drop(X)))  # propagate after the linear map: A_hat (X W)
        return A_hat @ self.lin1(self.drop(H))  # logits; the softmax lives in cross_entropy


model = GCN(8)
opt = torch.optim.Adam(model.parameters(), lr=0.01, weight_decay=5e-4)  # paper: L2 on the first layer only
accuracy = lambda: (model.eval()(A_hat, X).argmax(1)[~train] == y[~train]).float().mean().item()  # noqa: E731

before = accuracy()  # untrained: chance level
for epoch in range(50):
    loss = nn.functional.cross_entropy(model.train()(A_hat, X)[train], y[train])  # labeled nodes only
    opt.zero_grad()
    loss.backward()
    opt.step()
after = accuracy()
print(f"test accuracy {before:.2f} -> {after:.2f}")
assert after > 0.9 and after > before + 0.2
