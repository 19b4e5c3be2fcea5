from torch import nn

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.recurrent import param_count

I, H = 128, 256                                  # input_size, hidden_size
for name, module, gates in (("RNN", nn.RNN, 1), ("GRU", nn.GRU, 3), ("LSTM", nn.LSTM, 4)):
    m = module(I, H)
    n = sum(p.numel() for p in m.parameters())
    assert n == gates * (H * I + H * H + 2 * H) == param_count(name.lower(), I, H)
    print(f"{name:4s} {n:>7,d} parameters  ({gates} x (HI + H^2 + 2H))")
# RNN   98,816   GRU  296,448   LSTM  395,264

# stacked + bidirectional: layer 2 reads the concatenation of both directions (2H inputs)
m = nn.LSTM(I, H, num_layers=2, bidirectional=True)
layer1 = 2 * 4 * (H * I + H * H + 2 * H)
layer2 = 2 * 4 * (H * 2 * H + H * H + 2 * H)
assert sum(p.numel() for p in m.parameters()) == layer1 + layer2 == param_count(
    "lstm", I, H, num_layers=2, bidirectional=True)
