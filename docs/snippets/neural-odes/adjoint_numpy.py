import numpy as np

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.neural_ode import adjoint_gradients, odeint_fixed, tanh_field

rng = np.random.default_rng(0)
d = 3
W, b = 0.6 * rng.normal(size=(d, d)), 0.2 * rng.normal(size=d)
h0, y, t1 = rng.normal(size=d), rng.normal(size=d), 1.5


def loss(W):
    h1 = odeint_fixed(lambda h, t: tanh_field(h, W, b), h0, 0.0, t1, n_steps=200, method="rk4")[-1]
    return 0.5 * np.sum((h1 - y) ** 2)


# adjoint: one backward RK4 solve of [h, a, dL/dtheta] from t1 to 0; memory O(1) in the step count
L, dL_dh0, dL_dW, dL_db = adjoint_gradients(h0, W, b, t1, y, n_steps=200)
E = np.zeros((d, d))
E[0, 1] = 1e-6
fd = (loss(W + E) - loss(W - E)) / 2e-6  # central finite difference
print(f"L = {L:.6f}, adjoint dL/dW01 = {dL_dW[0, 1]:.8f}, finite difference = {fd:.8f}")
assert np.isclose(dL_dW[0, 1], fd, rtol=1e-6)
