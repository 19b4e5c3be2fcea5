import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import Ridge

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.explain import default_kernel_width

rng = np.random.default_rng(0)
X = rng.normal(size=(1000, 6))
y = (X[:, 0] + 0.5 * X[:, 1] ** 2 > 0.5).astype(int)                    # only features 0 and 1 matter
model = RandomForestClassifier(n_estimators=100, random_state=0).fit(X, y)
mu, sd = X.mean(0), X.std(0)


def lime(x, n_samples=5000, seed=0):
    r = np.random.default_rng(seed)
    Z = x + sd * r.normal(size=(n_samples, x.size))                     # perturb around the instance
    d = np.linalg.norm((Z - x) / sd, axis=1)                            # distance on standardized features
    sigma = default_kernel_width(x.size)                                # 0.75 * sqrt(6)
    pi = np.exp(-d**2 / sigma**2)                                       # pi_x(z) = exp(-D^2 / sigma^2)
    target = model.predict_proba(Z)[:, 1]                               # explain P(class 1)
    g = Ridge(alpha=1.0).fit((Z - mu) / sd, target, sample_weight=pi)   # weighted linear surrogate
    return g.coef_                                                      # per-sd local effects


x = np.array([0.4, 0.8, 0.0, 0.0, 0.0, 0.0])
coef = lime(x)
print("LIME weights:", coef.round(3))
assert set(np.argsort(-np.abs(coef))[:2]) == {0, 1}                     # the two real features on top
assert coef[0] > 0 and coef[1] > 0                                      # more x0 / x1 -> class 1 here
coef_small = [lime(x, n_samples=100, seed=s) for s in range(2)]         # few samples: unstable weights
print("100 samples, two seeds:", coef_small[0].round(2), coef_small[1].round(2))
assert not np.allclose(coef_small[0], coef_small[1], atol=0.02)               # seed changes the answer
