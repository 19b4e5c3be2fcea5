import numpy as np


def fid(mu1, s1, mu2, s2):
    """||mu1 - mu2||^2 + tr(S1 + S2 - 2 (S1 S2)^(1/2)); tr of the root via the symmetric S1^(1/2) S2 S1^(1/2)."""
    w, v = np.linalg.eigh(s1)
    r1 = (v * np.sqrt(np.clip(w, 0, None))) @ v.T
    tr_sqrt = np.sqrt(np.clip(np.linalg.eigvalsh(r1 @ s2 @ r1), 0, None)).sum()
    return np.sum((mu1 - mu2) ** 2) + np.trace(s1) + np.trace(s2) - 2 * tr_sqrt


rng = np.random.default_rng(0)
mu1, mu2 = rng.normal(size=4), rng.normal(size=4)
v1, v2 = rng.random(4) + 0.5, rng.random(4) + 0.5
# diagonal covariances: the trace term is sum (sqrt v1 - sqrt v2)^2
closed_form = np.sum((mu1 - mu2) ** 2) + np.sum((np.sqrt(v1) - np.sqrt(v2)) ** 2)
assert np.isclose(fid(mu1, np.diag(v1), mu2, np.diag(v2)), closed_form)


def inception_score(p):
    """exp(mean_x KL(p(y|x) || p(y))) for p of shape (N, K)."""
    marginal = p.mean(axis=0)
    kl = np.sum(p * (np.log(p + 1e-12) - np.log(marginal + 1e-12)), axis=1)
    return float(np.exp(kl.mean()))


assert np.isclose(inception_score(np.eye(10)), 10.0)  # confident and diverse: IS = number of classes
assert np.isclose(inception_score(np.full((10, 10), 0.1)), 1.0)  # uninformative: IS = 1
