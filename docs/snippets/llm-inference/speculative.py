import numpy as np

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.inference import speculative_expected_tokens, speculative_speedup

rng = np.random.default_rng(0)
p = np.array([0.6, 0.25, 0.1, 0.05])  # target model's next-token distribution
q = np.array([0.4, 0.4, 0.1, 0.1])  # draft model's distribution
alpha = np.minimum(p, q).sum()  # acceptance rate: 0.8 here (= 1 - total variation distance)
gamma = 4

tokens_per_call = []
for _ in range(20000):
    n = 0
    for _ in range(gamma):
        x = rng.choice(4, p=q)
        n += 1  # an accepted draft token, or the target's correction after a rejection
        if rng.random() >= min(1.0, p[x] / q[x]):
            break
    else:
        n += 1  # all gamma accepted: the target call yields one bonus token
    tokens_per_call.append(n)

expected = speculative_expected_tokens(alpha, gamma)  # (1 - alpha^(gamma+1)) / (1 - alpha)
assert abs(np.mean(tokens_per_call) - expected) < 0.05
assert round(expected, 4) == 3.3616
# draft 20x cheaper than the target (c = 0.05): 2.8x faster than plain decoding
assert round(speculative_speedup(alpha, gamma, c=0.05), 2) == 2.8
