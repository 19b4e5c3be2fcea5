import math

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
N, B, epochs = 1000, 64, 20
X = torch.randn(N, 10)
y = (X[:, :3].sum(dim=1) > 0).long()  # a 2-class toy problem
train = DataLoader(TensorDataset(X[:800], y[:800]), batch_size=B, shuffle=True)
val_X, val_y = X[800:], y[800:]

model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 2))
loss_fn = nn.CrossEntropyLoss()
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)

for epoch in range(epochs):
    model.train()                      # dropout / batch norm in training mode
    for xb, yb in train:               # ceil(800 / 64) = 13 iterations per epoch
        opt.zero_grad()                # 1. clear the old gradients
        loss = loss_fn(model(xb), yb)  # 2. forward pass and loss
        loss.backward()                # 3. backward pass: d loss / d theta
        opt.step()                     # 4. update theta
    model.eval()                       # evaluation mode, no gradients
    with torch.no_grad():
        val_acc = (model(val_X).argmax(dim=1) == val_y).float().mean().item()

assert len(train) == math.ceil(800 / B) == 13
assert val_acc > 0.9, val_acc
