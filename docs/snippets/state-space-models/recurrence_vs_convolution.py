import torch

torch.manual_seed(0)
torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)
N, L, dt = 4, 32, 0.1
A = -torch.diag(torch.arange(1.0, N + 1)) + 0.1 * torch.randn(N, N)   # continuous, stable
B, C, D = torch.randn(N), torch.randn(N), 0.5

# zero-order hold: A_bar = exp(dt A), B_bar = (dt A)^{-1} (exp(dt A) - I) dt B
A_bar = torch.linalg.matrix_exp(dt * A)
B_bar = torch.linalg.solve(dt * A, (A_bar - torch.eye(N)) @ (dt * B))

u = torch.randn(L)
x, y_rec = torch.zeros(N), []
for k in range(L):                                    # recurrent view: O(1) state per step (inference)
    x = A_bar @ x + B_bar * u[k]
    y_rec.append(C @ x + D * u[k])
y_rec = torch.stack(y_rec)

# convolutional view: K = (C B_bar, C A_bar B_bar, ...), one causal convolution over the whole sequence
K = torch.stack([C @ torch.linalg.matrix_power(A_bar, k) @ B_bar for k in range(L)])
n = 2 * L                                              # FFT convolution (zero-padded: no wrap-around)
y_conv = torch.fft.irfft(torch.fft.rfft(K, n) * torch.fft.rfft(u, n), n)[:L] + D * u
assert torch.allclose(y_rec, y_conv, atol=1e-10)
