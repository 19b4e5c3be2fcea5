import numpy as np
from sklearn.metrics import mean_absolute_error

rng = np.random.default_rng(0)
t = np.arange(60)
series = 20 + 8 * np.sin(2 * np.pi * t / 12) + rng.normal(size=60)  # monthly, yearly season
train, test = series[:48], series[48:]
forecast = train[-12:]  # seasonal naive: the same month one year earlier

m = 12  # seasonal period; MASE scales by the in-sample seasonal naive MAE on the TRAINING data
mase = mean_absolute_error(test, forecast) / mean_absolute_error(train[m:], train[:-m])
mase_m1 = mean_absolute_error(test, forecast) / mean_absolute_error(train[1:], train[:-1])
assert 0.5 < mase < 2.0 and mase_m1 < mase  # m = 1 scales by the larger month-to-month changes

# sMAPE, the M4 form: 2|y - y_hat| / (|y| + |y_hat|), a fraction in [0, 2]
smape = np.mean(2 * np.abs(test - forecast) / (np.abs(test) + np.abs(forecast)))
assert 0 <= smape <= 2
# "symmetric" in swapping y and y_hat, yet not in over- vs under-forecasting: y = 1, forecasts 0 and 3
under, over = 2 * 1 / (1 + 0), 2 * 2 / (1 + 3)
assert under == 2.0 and over == 1.0
