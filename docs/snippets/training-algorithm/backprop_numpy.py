import numpy as np
import torch

rng = np.random.default_rng(0)
B, n0, n1, n2 = 8, 4, 5, 3                  # batch, input, hidden, output sizes
X, Y = rng.normal(size=(B, n0)), rng.normal(size=(B, n2))
W1, b1 = rng.normal(size=(n1, n0)), np.zeros(n1)   # W^(l) is (n_l, n_{l-1}), as nn.Linear
W2, b2 = rng.normal(size=(n2, n1)), np.zeros(n2)

# forward, row-major: Z = A W^T + b
Z1 = X @ W1.T + b1                          # (B, n1)
A1 = np.tanh(Z1)
Y_hat = A1 @ W2.T + b2                      # (B, n2), linear output
loss = 0.5 * np.sum((Y_hat - Y) ** 2) / B

# backward: Delta^(l) = dL/dZ^(l), one row per example
D2 = (Y_hat - Y) / B                        # (B, n2)
dW2, db2 = D2.T @ A1, D2.sum(axis=0)        # (n2, n1), (n2,)
D1 = (D2 @ W2) * (1 - np.tanh(Z1) ** 2)     # (B, n1): W^T delta, times f'(z)
dW1, db1 = D1.T @ X, D1.sum(axis=0)         # (n1, n0), (n1,)

# the same network in PyTorch: autograd must agree
t = {k: torch.tensor(v, requires_grad=True) for k, v in dict(W1=W1, b1=b1, W2=W2, b2=b2).items()}
out = torch.tanh(torch.tensor(X) @ t["W1"].T + t["b1"]) @ t["W2"].T + t["b2"]
(0.5 * ((out - torch.tensor(Y)) ** 2).sum() / B).backward()
for name, ours in dict(W1=dW1, b1=db1, W2=dW2, b2=db2).items():
    assert np.allclose(ours, t[name].grad.numpy(), rtol=1e-10), name
