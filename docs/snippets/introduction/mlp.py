import torch
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(            # F = F2 ∘ ReLU ∘ F1
    nn.Linear(4, 16),             # W1: (16, 4), b1: (16,)
    nn.ReLU(),
    nn.Linear(16, 3),             # W2: (3, 16), b2: (3,) -> 3 class logits
)
x = torch.randn(8, 4)             # a batch of 8 inputs, d = 4
y = torch.randint(0, 3, (8,))     # integer class labels
opt = torch.optim.SGD(model.parameters(), lr=0.1)

loss = nn.functional.cross_entropy(model(x), y)
opt.zero_grad()
loss.backward()                   # backpropagation fills p.grad for every parameter
opt.step()                        # theta <- theta - lr * grad

assert model(x).shape == (8, 3)
assert abs(loss.item() - torch.log(torch.tensor(3.0)).item()) < 0.5  # about log C at init
assert nn.functional.cross_entropy(model(x), y) < loss  # one step lowered the loss
