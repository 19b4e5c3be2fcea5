import numpy as np

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.feedforward import count_linear_pieces, mlp_forward, sawtooth_net

x = np.linspace(0.0, 1.0, 2**12 + 1)[:, None]   # a batch of scalar inputs, shape (B, 1)

for depth in range(1, 8):
    W, b = sawtooth_net(depth)                   # depth hidden layers of 2 ReLU units
    assert [w.shape for w in W] == [(2, 1)] + [(2, 2)] * (depth - 1) + [(1, 2)]
    y = mlp_forward(x, W, b)[:, 0]               # h = relu(W h + b) per layer, linear output
    pieces = count_linear_pieces(x[:, 0], y)
    assert pieces == 2**depth                    # 2L units -> 2^L pieces (Telgarsky 2016)
    assert pieces > 2 * depth + 1 or depth <= 2  # one layer of 2L units gives at most 2L + 1
