import numpy as np

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.decoding import min_p, repetition_penalty, softmax, temperature, top_k, top_p

rng = np.random.default_rng(0)
z = np.array([3.0, 2.5, 1.0, 0.5, 0.0, -1.0, -2.0, -3.0])  # next-token logits, |V| = 8

p = softmax(z)
print(np.round(p, 3))  # [0.526 0.319 0.071 0.043 0.026 0.01  0.004 0.001]
kept = lambda logits: int((~np.isneginf(logits)).sum())
assert kept(top_k(z, 3)) == 3                 # fixed count
assert kept(top_p(z, 0.9)) == 3               # 0.526 + 0.319 = 0.845 < 0.9 <= 0.916 (3 tokens)
assert kept(top_p(z, 0.92)) == 4              # 0.916 < 0.92: the 4th token is needed
assert kept(min_p(z, 0.1)) == 3               # p_i >= 0.1 * 0.526: 0.071 stays, 0.043 does not
assert kept(top_p(z, 1.0)) == 8 and kept(top_k(z, 100)) == 8  # p = 1 and k >= |V| are no-ops

# the usual pipeline: penalties -> temperature -> truncation -> renormalize -> sample
z2 = repetition_penalty(z, previous=[0, 0, 5], theta=1.3)  # token 0: 3.0 / 1.3, token 5: -1.0 * 1.3
assert np.isclose(z2[0], 3.0 / 1.3) and np.isclose(z2[5], -1.3)
probs = softmax(top_p(temperature(z2, 0.7), 0.9))
token = rng.choice(len(probs), p=probs)
assert probs[np.isneginf(top_p(temperature(z2, 0.7), 0.9))].sum() == 0 and probs[token] > 0
