import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
z = torch.tensor([2.0, 1.0, 0.1, -1.0, -3.0])


def entropy(p: torch.Tensor) -> float:
    return -(p * p.log()).sum().item()


probs = {T: F.softmax(z / T, dim=-1) for T in (0.5, 1.0, 2.0, 5.0)}
for T, p in probs.items():
    print(f"T={T}: {p.numpy().round(3)}  entropy={entropy(p):.3f}")
    assert torch.isclose(p.sum(), torch.tensor(1.0))
assert probs[0.5][0] > probs[1.0][0] > probs[2.0][0] > probs[5.0][0]  # sharper when T < 1
assert entropy(probs[0.5]) < entropy(probs[1.0]) < entropy(probs[5.0]) < torch.log(torch.tensor(5.0))

# Jacobian of softmax: diag(s) - s s^T
s = F.softmax(z, dim=-1)
J = torch.autograd.functional.jacobian(lambda v: F.softmax(v, dim=-1), z)
assert torch.allclose(J, torch.diag(s) - torch.outer(s, s))

# log-softmax via the log-sum-exp trick stays finite where the naive formula overflows
big = torch.tensor([1000.0, 1001.0, 1002.0])
naive = big - big.exp().sum().log()  # exp(1000) = inf
m = big.max()
stable = big - (m + (big - m).exp().sum().log())
assert torch.isinf(naive).all() or torch.isnan(naive).all()
assert torch.allclose(stable, F.log_softmax(big, dim=-1))
assert torch.allclose(F.log_softmax(big, dim=-1), F.log_softmax(big - 1000, dim=-1))  # shift invariant
