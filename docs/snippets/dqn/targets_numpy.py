import numpy as np

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.reinforcement import double_dqn_target, dqn_target, soft_update

gamma = 0.99
r = np.array([1.0, 0.0, -1.0])
done = np.array([0.0, 0.0, 1.0])  # the third transition ends the episode: no bootstrap
q_next_online = np.array([[0.2, 0.9], [1.5, 1.0], [3.0, 4.0]])  # Q(s', .; theta)
q_next_target = np.array([[0.5, 0.4], [1.2, 2.0], [9.0, 9.0]])  # Q(s', .; theta^-)

y_dqn = dqn_target(r, q_next_target, done, gamma)  # r + gamma (1 - d) max_a' Q(s', a'; theta^-)
y_double = double_dqn_target(r, q_next_online, q_next_target, done, gamma)  # online argmax, target value
print(y_dqn, y_double)
assert np.allclose(y_dqn, [1 + gamma * 0.5, gamma * 2.0, -1.0])
assert np.allclose(y_double, [1 + gamma * 0.4, gamma * 1.2, -1.0])  # never above the DQN target
assert (y_double <= y_dqn).all()

theta_minus = soft_update(np.zeros(3), np.ones(3), tau=0.005)  # Polyak: tau theta + (1 - tau) theta^-
assert np.allclose(theta_minus, 0.005)
