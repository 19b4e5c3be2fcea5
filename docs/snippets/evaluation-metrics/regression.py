import numpy as np
from sklearn.metrics import (mean_absolute_error, mean_absolute_percentage_error,
                             mean_squared_error, r2_score, root_mean_squared_error)

y = np.array([2.0, 4.0, 6.0])
y_hat = np.array([1.0, 5.0, 4.0])  # errors 1, -1, 2

assert np.isclose(mean_absolute_error(y, y_hat), 4 / 3)
assert np.isclose(mean_squared_error(y, y_hat), 2.0)
assert np.isclose(root_mean_squared_error(y, y_hat), np.sqrt(2.0))
assert np.isclose(r2_score(y, y_hat), 1 - 6 / 8)  # 1 - SS_res / SS_tot
assert np.isclose(mean_absolute_percentage_error(y, y_hat), (1 / 2 + 1 / 4 + 2 / 6) / 3)  # a fraction

assert r2_score(y, np.full(3, y.mean())) == 0.0  # predicting the mean
assert r2_score(y, y[::-1]) < 0  # worse than the mean: R^2 is negative, not bounded by 0
