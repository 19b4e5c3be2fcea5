import numpy as np
from scipy.stats import norm

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.generative import gaussian_kl_std_normal, gaussian_log_likelihood, reparameterize

# model: p(z) = N(0, 1), p(x|z) = N(w z, s^2)  =>  p(x) = N(0, w^2 + s^2), posterior is Gaussian too
w, s, x = 1.7, 0.6, 0.9
log_px = norm.logpdf(x, 0.0, np.sqrt(w**2 + s**2))
eps = np.random.default_rng(0).normal(size=200_000)


def elbo(mu, var):  # Monte Carlo over the reparameterized z = mu + sigma * eps, KL in closed form
    z = reparameterize(mu, np.log(var), eps)
    rec = gaussian_log_likelihood(np.full((eps.size, 1), x), (w * z)[:, None], np.log(s**2))
    return rec.mean() - gaussian_kl_std_normal([mu], [np.log(var)])


post_mu, post_var = w * x / (w**2 + s**2), s**2 / (w**2 + s**2)
for name, (mu, var) in {"exact posterior": (post_mu, post_var), "prior N(0, 1)": (0.0, 1.0),
                        "shifted mean": (post_mu + 0.5, post_var)}.items():
    print(f"{name:16s} ELBO {elbo(mu, var):+.4f}   log p(x) {log_px:+.4f}")
assert abs(elbo(post_mu, post_var) - log_px) < 5e-3        # tight: KL(q || posterior) = 0
assert elbo(0.0, 1.0) < log_px - 0.1 and elbo(post_mu + 0.5, post_var) < log_px - 0.1
