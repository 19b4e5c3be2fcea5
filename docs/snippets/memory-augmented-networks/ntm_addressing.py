import numpy as np
import torch
import torch.nn.functional as F

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics import memory as ref


def ntm_address(k, M, beta, g, s, gamma, w_prev):
    """NTM head weights over N slots. k: (W,), M: (N, W), s: (3,) probs of shifts -1, 0, +1."""
    w_c = torch.softmax(beta * F.cosine_similarity(M, k[None], dim=1), 0)  # content
    w_g = g * w_c + (1 - g) * w_prev  # interpolation gate
    w_s = sum(p * torch.roll(w_g, shift) for p, shift in zip(s, (-1, 0, 1)))  # circular shift
    w = w_s**gamma
    return w / w.sum()  # sharpening


torch.manual_seed(0)
N, W = 16, 6
M = torch.randn(N, W, dtype=torch.float64)
k = M[5] + 0.1 * torch.randn(W, dtype=torch.float64)
w_prev = F.one_hot(torch.tensor(9), N).double()
beta, g, s, gamma = 8.0, 0.9, torch.tensor([0.05, 0.15, 0.8], dtype=torch.float64), 4.0
w = ntm_address(k, M, beta, g, s, gamma, w_prev)
r = w @ M  # read vector
e, a = torch.rand(W, dtype=torch.float64), torch.randn(W, dtype=torch.float64)
M_new = M * (1 - torch.outer(w, e)) + torch.outer(w, a)  # erase, then add

expected = ref.address(k.numpy(), M.numpy(), beta, g, ref.shift_kernel(s.numpy(), [-1, 0, 1], N),
                       gamma, w_prev.numpy())["sharpened"]
assert np.allclose(w.numpy(), expected) and torch.isclose(w.sum(), torch.tensor(1.0, dtype=torch.float64))
assert int(w.argmax()) == 6  # content found slot 5, the shift moved the focus to 6
assert np.allclose(r.numpy(), ref.read(w.numpy(), M.numpy()))
assert np.allclose(M_new.numpy(), ref.write(M.numpy(), w.numpy(), e.numpy(), a.numpy()))
