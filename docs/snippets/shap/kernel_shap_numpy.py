import numpy as np
from sklearn.ensemble import GradientBoostingRegressor

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.explain import exact_shapley, interventional_value, kernel_shap, linear_shap

rng = np.random.default_rng(0)
X = rng.normal(size=(400, 4))
y = 2 * X[:, 0] + X[:, 1] * X[:, 2] + 0.1 * rng.normal(size=400)        # feature 3 is pure noise
model = GradientBoostingRegressor(n_estimators=50, random_state=0).fit(X, y)

x, background = X[0], X[:50]
v = interventional_value(model.predict, x, background)                  # v(S) = mean over background rows
phi_exact = exact_shapley(v, 4)                                          # 2^M coalitions, exact
phi0, phi_kernel = kernel_shap(v, 4)                                     # weighted regression, same coalitions
assert np.allclose(phi_kernel, phi_exact)
assert np.isclose(phi0 + phi_exact.sum(), model.predict(x[None])[0])      # local accuracy
assert abs(phi_exact[3]) < 0.1 * np.abs(phi_exact).max()                 # noise feature gets ~0

w = np.array([1.0, -2.0, 0.5, 0.0])                                      # linear model: closed form
phi_lin = exact_shapley(interventional_value(lambda Z: Z @ w, x, background), 4)
assert np.allclose(phi_lin, linear_shap(w, x, background.mean(0)))      # w_i (x_i - E[x_i])
print("exact:", phi_exact.round(3), "base value:", round(phi0, 3))
