import math

import numpy as np

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.positional import (
    apply_rope,
    ntk_aware_base,
    position_interpolation_inv_freq,
    rope_frequencies,
    yarn_attention_factor,
    yarn_inv_freq,
)

d, L, s = 128, 4096, 8.0  # head dim, original context, extension factor (target 32k)
theta = rope_frequencies(d)  # 10000^(-2i/d)

# position interpolation: every pair slowed by 1/s (same as positions m -> m / s)
pi = position_interpolation_inv_freq(d, s)
x = np.random.default_rng(0).standard_normal((1, d))
assert np.allclose(apply_rope(x, [8000.0], inv_freq=pi), apply_rope(x, [1000.0]))

# NTK-aware: a larger base; the fastest pair is untouched, the slowest slowed by exactly s
b = ntk_aware_base(10000.0, s, d)
assert round(b) == 82_685 and math.isclose(rope_frequencies(d, b)[-1], theta[-1] / s)

# YaRN: keep pairs with > 32 turns in L, interpolate pairs with < 1 turn, ramp between; temperature 0.1 ln s + 1
y = yarn_inv_freq(d, s, L)
assert np.isclose(y[0], theta[0]) and np.isclose(y[-1], theta[-1] / s)
assert math.isclose(yarn_attention_factor(s), 1.2079, rel_tol=1e-4)  # q and k each scaled by it
