import numpy as np

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.capsules import dynamic_routing, margin_loss, squash

rng = np.random.default_rng(0)
# three children agree on parent 0, their votes for parent 1 scatter and cancel
u_hat = np.zeros((3, 2, 4))
u_hat[:, 0] = [1.5, 1.5, 0.0, 0.0]
u_hat[:, 1] = rng.standard_normal((3, 4))
u_hat[:, 1] -= u_hat[:, 1].mean(axis=0)

for r in (1, 3):
    v, c = dynamic_routing(u_hat, iterations=r)
    print(f"r = {r}: couplings to parent 0 = {c[:, 0].round(3)}, lengths = {np.linalg.norm(v, axis=1).round(3)}")
assert np.all(c[:, 0] > 0.5)  # after 3 iterations the children route to the parent they agree with

s = np.array([3.0, 4.0])  # length 5 -> 25/26, same direction
assert np.allclose(squash(s), 25 / 26 * s / 5)
# present class at length 0.95 costs nothing; an absent class at 0.3 costs 0.5 * (0.3 - 0.1)^2
assert np.isclose(margin_loss([[0.95, 0.3]], [[1, 0]])[0], 0.02)
