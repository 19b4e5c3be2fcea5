import copy

import torch

torch.set_num_threads(1)
torch.manual_seed(0)
net = torch.nn.Sequential(torch.nn.Linear(8, 32), torch.nn.Tanh(), torch.nn.Linear(32, 32), torch.nn.Tanh(),
                          torch.nn.Linear(32, 2))
x = torch.randn(64, 8)


def hidden_step(loss_scale: float) -> torch.Tensor:
    model = copy.deepcopy(net)
    hidden = [model[2].weight]  # 2-D hidden-layer matrices go to Muon
    rest = [p for p in model.parameters() if all(p is not h for h in hidden)]  # input/output layers, biases
    muon = torch.optim.Muon(hidden, lr=0.02, momentum=0.95, weight_decay=0.0)
    adamw = torch.optim.AdamW(rest, lr=3e-4, weight_decay=0.01)
    (loss_scale * model(x).square().mean()).backward()
    muon.step()
    adamw.step()
    return model[2].weight.detach() - net[2].weight.detach()


step = hidden_step(1.0)
s = torch.linalg.svdvals(step / 0.02)
assert s.max() < 1.3 and (s > 0.5).sum() >= 8, s  # orthogonalized: many singular values near 1
assert torch.equal(hidden_step(1024.0), step)  # blind to the gradient scale (a power of 2: exact in bfloat16)

try:
    torch.optim.Muon([torch.nn.Parameter(torch.zeros(32))])  # a bias: Muon refuses anything not 2-D
except ValueError:
    pass
else:
    raise AssertionError("Muon accepted a 1-D parameter")
