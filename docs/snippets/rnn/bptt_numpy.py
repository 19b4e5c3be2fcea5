import numpy as np
import torch

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.recurrent import rnn_bptt, rnn_forward_sequence

rng = np.random.default_rng(0)
T, B, I, H = 10, 2, 3, 5
X = rng.normal(size=(T, B, I))
h0 = np.zeros((B, H))
W_ih, W_hh = rng.normal(size=(H, I)), rng.normal(size=(H, H)) * 0.4
b_ih, b_hh = np.zeros(H), np.zeros(H)

# forward: h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh); loss reads only the last state
hs = rnn_forward_sequence(X, h0, W_ih, W_hh, b_ih, b_hh)       # (T + 1, B, H)
loss = 0.5 * np.sum(hs[-1] ** 2)
dL_dh = np.zeros((T, B, H))
dL_dh[-1] = hs[-1]

# backward through time: delta_t = (dL/dh_t + W_hh^T delta_{t+1}) * (1 - h_t^2)
g = rnn_bptt(X, h0, W_ih, W_hh, b_ih, b_hh, dL_dh)

# the same with nn.RNN and autograd
rnn = torch.nn.RNN(I, H).double()
with torch.no_grad():
    for name, value in dict(weight_ih_l0=W_ih, weight_hh_l0=W_hh, bias_ih_l0=b_ih, bias_hh_l0=b_hh).items():
        getattr(rnn, name).copy_(torch.tensor(value))
out, h_T = rnn(torch.tensor(X))
(0.5 * h_T.pow(2).sum()).backward()
assert np.isclose(loss, 0.5 * h_T.pow(2).sum().item())
assert np.allclose(g["W_hh"], rnn.weight_hh_l0.grad.numpy())
assert np.allclose(g["W_ih"], rnn.weight_ih_l0.grad.numpy())
assert np.allclose(g["b_hh"], rnn.bias_hh_l0.grad.numpy())
