import torch

torch.manual_seed(0)
X = torch.cat([torch.randn(50, 2) * 0.35 + torch.tensor([-1.0, -0.6]),
               torch.randn(50, 2) * 0.35 + torch.tensor([1.0, 0.8])])
y = torch.cat([torch.zeros(50), torch.ones(50)])

w, b, eta = torch.zeros(2), torch.zeros(()), 1.0
for epoch in range(100):
    mistakes = 0
    for xi, yi in zip(X, y):
        err = yi - (xi @ w + b >= 0).float()    # 0 if correct, +-1 if wrong
        w, b = w + eta * err * xi, b + eta * err
        mistakes += int(err != 0)
    if mistakes == 0:
        break

assert mistakes == 0 and torch.equal((X @ w + b >= 0).float(), y)
