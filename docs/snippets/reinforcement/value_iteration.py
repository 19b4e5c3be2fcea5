import numpy as np

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.reinforcement import gridworld, policy_evaluation, value_iteration

n, gamma = 4, 0.9
P, R = gridworld(n)  # P[s, a, s'], R[s, a]: +1 for entering the goal (bottom-right, absorbing)

# value iteration: V <- max_a [R + gamma P V] until the sup-norm change is tiny
V, greedy, history = value_iteration(P, R, gamma)
print(V.reshape(n, n).round(3))
print(f"converged in {len(history) - 1} sweeps")

# deterministic moves: V*(s) = gamma^(d - 1), d = Manhattan distance to the goal
d = np.add.outer(np.arange(n)[::-1], np.arange(n)[::-1]).ravel()
assert np.allclose(V, np.where(d == 0, 0.0, gamma ** (d - 1.0)))

# evaluate the greedy policy exactly: V^pi = (I - gamma P^pi)^-1 r^pi equals V*
pi = np.eye(4)[greedy]  # one-hot pi[s, a]
P_pi, r_pi = np.einsum("sa,sat->st", pi, P), (pi * R).sum(1)
assert np.allclose(np.linalg.solve(np.eye(n * n) - gamma * P_pi, r_pi), V)
assert np.allclose(policy_evaluation(P, R, pi, gamma), V)
