import itertools
import math

import torch

torch.manual_seed(0)
M = 5
model = torch.nn.Sequential(torch.nn.Linear(M, 16), torch.nn.Tanh(), torch.nn.Linear(16, 1))
background = torch.randn(100, M)                            # reference data for "missing" features
x = torch.randn(M)

# all 2^M coalitions at once: z' = 1 keeps x_i, z' = 0 takes the background value (interventional)
Z = torch.tensor(list(itertools.product([0.0, 1.0], repeat=M)))                 # (32, M)
with torch.no_grad():
    mixed = Z[:, None, :] * x + (1 - Z[:, None, :]) * background                 # (32, 100, M)
    v = model(mixed).squeeze(-1).mean(1)                                          # v(S) = E_bg f(x_S, X_bar S)

index = {tuple(z.int().tolist()): k for k, z in enumerate(Z)}
phi = torch.zeros(M)
for k, z in enumerate(Z):                                   # phi_i = sum_S w(|S|) [v(S + i) - v(S)]
    s = int(z.sum())
    for i in range(M):
        if z[i] == 0:
            with_i = z.clone(); with_i[i] = 1
            weight = math.factorial(s) * math.factorial(M - s - 1) / math.factorial(M)
            phi[i] += weight * (v[index[tuple(with_i.int().tolist())]] - v[k])

with torch.no_grad():
    f_x, base = model(x).item(), model(background).mean().item()
print("phi:", [round(p, 3) for p in phi.tolist()], f"f(x)={f_x:.3f}  E[f]={base:.3f}")
assert abs(phi.sum().item() - (f_x - base)) < 1e-5          # efficiency: attributions sum to f(x) - E[f(X)]
