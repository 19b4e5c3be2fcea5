import math

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
x = torch.linspace(-6.0, 6.0, 12001)

exact = F.gelu(x)  # x * Phi(x), with erf
approx = F.gelu(x, approximate="tanh")
by_hand = 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))
assert torch.allclose(approx, by_hand, rtol=1e-12, atol=1e-12)

gap = (exact - approx).abs()
worst = gap.argmax()
print(f"max |GELU - GELU_tanh| = {gap.max():.2e} at |x| = {x[worst].abs():.2f}")
assert 4.7e-4 < gap.max() < 4.8e-4
assert abs(x[worst].abs() - 2.70) < 0.02

# the minimum of exact GELU
xs = torch.linspace(-2.0, 0.0, 200001)
x_min = xs[F.gelu(xs).argmin()]
assert abs(x_min + 0.7518) < 1e-4
