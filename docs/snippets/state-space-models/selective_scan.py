import torch
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)
L, E, N = 16, 3, 4                                    # length, channels, state size per channel
x = torch.randn(L, E)
W_dt, W_B, W_C = torch.randn(E, E), torch.randn(N, E), torch.randn(N, E)
A = -torch.exp(torch.randn(E, N))                     # A = -exp(A_log): negative real, diagonal

delta = F.softplus(x @ W_dt.T)                        # (L, E): input-dependent step = selection
B, C = x @ W_B.T, x @ W_C.T                           # (L, N): input-dependent B_t, C_t

h, ys = torch.zeros(E, N), []
for t in range(L):                                    # the selective scan as a plain loop
    A_bar = torch.exp(delta[t, :, None] * A)          # ZOH for A
    h = A_bar * h + delta[t, :, None] * B[t] * x[t, :, None]   # Euler (delta * B) for B
    ys.append(h @ C[t])
y_loop = torch.stack(ys)

# the same map as one masked matrix product (the "dual" form Mamba-2 builds on):
# y_t = sum_{s<=t} C_t . (exp(sum_{r=s+1..t} delta_r A) * delta_s B_s x_s)
cs = torch.cumsum(delta[:, :, None] * A, 0)           # (L, E, N)
causal = torch.tril(torch.ones(L, L, dtype=torch.bool))[:, :, None, None]
segsum = (cs[:, None] - cs[None, :]).masked_fill(~causal, float("-inf"))   # -inf above the diagonal
decay = torch.exp(segsum)                             # (t, s, E, N), 0 where s > t
y_dual = torch.einsum("tn,tsen,sn,se->te", C, decay, B, delta * x)
assert torch.allclose(y_loop, y_dual, atol=1e-8)
