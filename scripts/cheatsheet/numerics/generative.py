r"""Generative models in NumPy: the VAE's ELBO terms, GAN losses and the optimal discriminator,
the restricted Boltzmann machine (energy, free energy, conditionals, CD-k) and the linear
autoencoder / PCA link.

Conventions follow the papers: the ELBO and the GAN value function $V(D, G)$ are written as
quantities to *maximize* (by the VAE, by the discriminator); the functions named ``*_loss``
return what an optimizer *minimizes*, as PyTorch code does. Discriminator outputs are logits
$\ell$ with $D = \sigma(\ell)$, as with ``F.binary_cross_entropy_with_logits``.
"""

from __future__ import annotations

import itertools

import numpy as np

from .activations import sigmoid
from .losses import softplus

Array = np.ndarray

LOG_2PI = float(np.log(2.0 * np.pi))


def _arr(x) -> Array:
    return np.asarray(x, dtype=float)


# --- VAE ---------------------------------------------------------------------------------------


def gaussian_kl_std_normal(mu: Array, logvar: Array) -> Array:
    r"""$\KL\bigl(\mathcal{N}(\boldsymbol{\mu}, \diag\boldsymbol{\sigma}^2) \,\Vert\, \mathcal{N}(\mathbf{0}, \mathbf{I})\bigr) = \frac{1}{2}\sum_{j=1}^{J}\bigl(\mu_j^2 + \sigma_j^2 - 1 - \log\sigma_j^2\bigr)$,
    summed over the last axis; ``logvar`` is $\log\sigma_j^2$."""
    mu, logvar = _arr(mu), _arr(logvar)
    return 0.5 * np.sum(mu**2 + np.exp(logvar) - 1.0 - logvar, axis=-1)


def gaussian_kl_1d(mu: Array, sigma: Array) -> Array:
    r"""One latent dimension: $\frac{1}{2}(\mu^2 + \sigma^2 - 1 - \log\sigma^2)$ (zero only at $\mu = 0, \sigma = 1$)."""
    mu, sigma = _arr(mu), _arr(sigma)
    return 0.5 * (mu**2 + sigma**2 - 1.0 - np.log(sigma**2))


def reparameterize(mu: Array, logvar: Array, eps: Array) -> Array:
    r"""$\mathbf{z} = \boldsymbol{\mu} + \boldsymbol{\sigma} \odot \boldsymbol{\epsilon}$, $\boldsymbol{\epsilon} \sim \mathcal{N}(\mathbf{0}, \mathbf{I})$, $\boldsymbol{\sigma} = \exp(\frac{1}{2}\log\boldsymbol{\sigma}^2)$."""
    return _arr(mu) + np.exp(0.5 * _arr(logvar)) * _arr(eps)


def bernoulli_log_likelihood(x: Array, logits: Array) -> Array:
    r"""$\log p_\theta(\mathbf{x} \mid \mathbf{z}) = \sum_i x_i \log y_i + (1 - x_i)\log(1 - y_i)$ with
    $y_i = \sigma(\ell_i)$, computed as $\sum_i x_i \ell_i - \log(1 + e^{\ell_i})$ (summed over the last axis;
    equals minus ``F.binary_cross_entropy_with_logits(logits, x, reduction="sum")`` per sample)."""
    x, logits = _arr(x), _arr(logits)
    return np.sum(x * logits - softplus(logits), axis=-1)


def gaussian_log_likelihood(x: Array, mean: Array, logvar: Array | float = 0.0) -> Array:
    r"""$\log \mathcal{N}(\mathbf{x}; \boldsymbol{\mu}_\theta, \diag\boldsymbol{\sigma}_\theta^2) = -\frac{1}{2}\sum_i \Bigl(\log 2\pi + \log\sigma_i^2 + \frac{(x_i - \mu_i)^2}{\sigma_i^2}\Bigr)$
    (summed over the last axis). With $\sigma_i = 1$ it is $-\frac{1}{2}\lVert\mathbf{x} - \boldsymbol{\mu}\rVert^2$ plus a constant."""
    x, mean = _arr(x), _arr(mean)
    logvar = np.broadcast_to(_arr(logvar), x.shape)
    return -0.5 * np.sum(LOG_2PI + logvar + (x - mean) ** 2 / np.exp(logvar), axis=-1)


def elbo(x: Array, decoder_out: Array, mu: Array, logvar: Array, *, decoder: str = "bernoulli",
         decoder_logvar: Array | float = 0.0, beta: float = 1.0) -> Array:
    r"""One-sample estimate of the (β-)ELBO, to be **maximized**:
    $\mathcal{L}(\theta, \phi; \mathbf{x}) = \log p_\theta(\mathbf{x} \mid \mathbf{z}) - \beta\,\KL\bigl(q_\phi(\mathbf{z} \mid \mathbf{x}) \,\Vert\, p(\mathbf{z})\bigr)$,
    $\mathbf{z} = \boldsymbol{\mu} + \boldsymbol{\sigma} \odot \boldsymbol{\epsilon}$; ``decoder_out`` are the decoder's logits
    (``"bernoulli"``) or means (``"gaussian"``) at that $\mathbf{z}$. $\beta = 1$ is the VAE, $\beta > 1$ the β-VAE.
    The training loss is $-\mathcal{L}$."""
    if decoder == "bernoulli":
        rec = bernoulli_log_likelihood(x, decoder_out)
    elif decoder == "gaussian":
        rec = gaussian_log_likelihood(x, decoder_out, decoder_logvar)
    else:
        raise ValueError(f"unknown decoder {decoder!r}")
    return rec - beta * gaussian_kl_std_normal(mu, logvar)


# --- GAN ---------------------------------------------------------------------------------------


def gan_value(real_logits: Array, fake_logits: Array) -> float:
    r"""Monte Carlo estimate of $V(D, G) = \E_{\mathbf{x} \sim p_\text{data}}[\log D(\mathbf{x})] + \E_{\mathbf{z} \sim p_\mathbf{z}}[\log(1 - D(G(\mathbf{z})))]$,
    **maximized** by $D$ and minimized by $G$; $D = \sigma(\ell)$, so $\log D = -\log(1 + e^{-\ell})$ and $\log(1 - D) = -\log(1 + e^{\ell})$."""
    return float(-np.mean(softplus(-_arr(real_logits))) - np.mean(softplus(_arr(fake_logits))))


def d_loss_bce(real_logits: Array, fake_logits: Array) -> float:
    r"""Discriminator loss, minimized: $\mathcal{L}_D = -V(D, G) = -\E[\log D(\mathbf{x})] - \E[\log(1 - D(G(\mathbf{z})))]$
    (``BCEWithLogits(real, 1) + BCEWithLogits(fake, 0)``, each a batch mean)."""
    return -gan_value(real_logits, fake_logits)


def g_loss_saturating(fake_logits: Array) -> float:
    r"""The minimax generator loss, minimized: $\mathcal{L}_G^\text{sat} = \E[\log(1 - D(G(\mathbf{z})))] = -\E[\log(1 + e^{\ell})]$.
    Its gradient with respect to the logit is $-D$: it vanishes when $D(G(\mathbf{z})) \to 0$."""
    return float(-np.mean(softplus(_arr(fake_logits))))


def g_loss_nonsaturating(fake_logits: Array) -> float:
    r"""The non-saturating generator loss, minimized: $\mathcal{L}_G^\text{NS} = -\E[\log D(G(\mathbf{z}))] = \E[\log(1 + e^{-\ell})]$
    (``BCEWithLogits(fake, 1)``). Its gradient with respect to the logit is $-(1 - D)$."""
    return float(np.mean(softplus(-_arr(fake_logits))))


def g_loss_saturating_of_d(d: Array) -> Array:
    r"""$\log(1 - D)$ as a function of $D = D(G(\mathbf{z})) \in (0, 1)$."""
    return np.log1p(-_arr(d))


def g_loss_nonsaturating_of_d(d: Array) -> Array:
    r"""$-\log D$ as a function of $D = D(G(\mathbf{z})) \in (0, 1)$."""
    return -np.log(_arr(d))


def g_grad_logit_saturating(d: Array) -> Array:
    r"""$\partial \log(1 - \sigma(\ell)) / \partial \ell = -\sigma(\ell) = -D$."""
    return -_arr(d)


def g_grad_logit_nonsaturating(d: Array) -> Array:
    r"""$\partial(-\log \sigma(\ell)) / \partial \ell = -(1 - \sigma(\ell)) = -(1 - D)$."""
    return -(1.0 - _arr(d))


def critic_loss_wasserstein(real_scores: Array, fake_scores: Array) -> float:
    r"""WGAN critic loss, minimized: $\mathcal{L}_f = \E[f(G(\mathbf{z}))] - \E[f(\mathbf{x})]$ (the critic maximizes
    $\E[f(\mathbf{x})] - \E[f(G(\mathbf{z}))]$, an estimate of $W_1$ when $f$ is 1-Lipschitz)."""
    return float(np.mean(_arr(fake_scores)) - np.mean(_arr(real_scores)))


def g_loss_wasserstein(fake_scores: Array) -> float:
    r"""WGAN (and hinge) generator loss, minimized: $\mathcal{L}_G = -\E[f(G(\mathbf{z}))]$."""
    return float(-np.mean(_arr(fake_scores)))


def d_loss_hinge(real_scores: Array, fake_scores: Array) -> float:
    r"""Hinge discriminator loss, minimized: $\mathcal{L}_D = \E[\max(0, 1 - D(\mathbf{x}))] + \E[\max(0, 1 + D(G(\mathbf{z})))]$
    ($D$ is a raw score here, not a probability)."""
    return float(np.mean(np.maximum(0.0, 1.0 - _arr(real_scores))) + np.mean(np.maximum(0.0, 1.0 + _arr(fake_scores))))


def interpolate(x_real: Array, x_fake: Array, eps: Array) -> Array:
    r"""WGAN-GP's sample points $\hat{\mathbf{x}} = \epsilon\,\mathbf{x} + (1 - \epsilon)\,\tilde{\mathbf{x}}$, $\epsilon \sim U[0, 1]$ per sample."""
    x_real, x_fake = _arr(x_real), _arr(x_fake)
    eps = _arr(eps).reshape((-1,) + (1,) * (x_real.ndim - 1))
    return eps * x_real + (1.0 - eps) * x_fake


def gradient_penalty(critic_grads: Array, lam: float = 10.0) -> float:
    r"""$\lambda\,\E_{\hat{\mathbf{x}}}\bigl[(\lVert \nabla_{\hat{\mathbf{x}}} D(\hat{\mathbf{x}}) \rVert_2 - 1)^2\bigr]$; ``critic_grads`` has shape
    $(N, \dots)$, one gradient per interpolated sample."""
    g = _arr(critic_grads)
    norms = np.sqrt(np.sum(g.reshape(g.shape[0], -1) ** 2, axis=1))
    return float(lam * np.mean((norms - 1.0) ** 2))


# --- 1-D densities: optimal discriminator, JSD, W1 ---------------------------------------------


def gaussian_pdf(x: Array, mean: float = 0.0, std: float = 1.0) -> Array:
    r"""$\mathcal{N}(x; \mu, s^2) = \frac{1}{s\sqrt{2\pi}} e^{-(x - \mu)^2 / (2 s^2)}$."""
    x = _arr(x)
    return np.exp(-0.5 * ((x - mean) / std) ** 2) / (std * np.sqrt(2.0 * np.pi))


def optimal_discriminator(p_data: Array, p_g: Array) -> Array:
    r"""$D^*_G(\mathbf{x}) = \frac{p_\text{data}(\mathbf{x})}{p_\text{data}(\mathbf{x}) + p_g(\mathbf{x})}$ (Goodfellow et al. 2014, Prop. 1)."""
    p, q = _arr(p_data), _arr(p_g)
    return p / (p + q)


def _xlogy_ratio(p: Array, q: Array) -> Array:
    """p log(p/q) with 0 log 0 = 0."""
    out = np.zeros_like(p)
    mask = p > 0
    out[mask] = p[mask] * np.log(p[mask] / q[mask])
    return out


def kl_on_grid(p: Array, q: Array, x: Array) -> float:
    r"""$\KL(p \,\Vert\, q) = \int p(x) \log\frac{p(x)}{q(x)}\,dx$, trapezoidal rule on the grid ``x``."""
    return float(np.trapezoid(_xlogy_ratio(_arr(p), _arr(q)), _arr(x)))


def jsd_on_grid(p: Array, q: Array, x: Array) -> float:
    r"""$\mathrm{JSD}(p \,\Vert\, q) = \frac{1}{2}\KL\bigl(p \,\Vert\, m\bigr) + \frac{1}{2}\KL\bigl(q \,\Vert\, m\bigr)$, $m = \frac{p + q}{2}$;
    between $0$ and $\log 2$ (nats)."""
    p, q = _arr(p), _arr(q)
    m = 0.5 * (p + q)
    return 0.5 * kl_on_grid(p, m, x) + 0.5 * kl_on_grid(q, m, x)


def gan_value_on_grid(d: Array, p_data: Array, p_g: Array, x: Array) -> float:
    r"""$V(D, G) = \int p_\text{data}(x)\log D(x) + p_g(x)\log(1 - D(x))\,dx$ for a discriminator tabulated on ``x``.
    At $D = D^*_G$ it equals $C(G) = -\log 4 + 2\,\mathrm{JSD}(p_\text{data} \,\Vert\, p_g)$."""
    tiny = np.finfo(float).tiny  # D underflows to 0 (or 1) only where p_data (or p_g) does too
    d, p, q = _arr(d), _arr(p_data), _arr(p_g)
    integrand = p * np.log(np.clip(d, tiny, 1.0)) + q * np.log(np.clip(1.0 - d, tiny, 1.0))
    return float(np.trapezoid(integrand, _arr(x)))


def wasserstein1_on_grid(p: Array, q: Array, x: Array) -> float:
    r"""$W_1(p, q) = \int \lvert F_p(x) - F_q(x) \rvert\,dx$ in one dimension ($F$ = cumulative distribution)."""
    p, q, x = _arr(p), _arr(q), _arr(x)
    dx = np.diff(x)
    Fp = np.concatenate([[0.0], np.cumsum(0.5 * (p[1:] + p[:-1]) * dx)])
    Fq = np.concatenate([[0.0], np.cumsum(0.5 * (q[1:] + q[:-1]) * dx)])
    return float(np.trapezoid(np.abs(Fp - Fq), x))


# --- Restricted Boltzmann machine ----------------------------------------------------------------


def rbm_energy(v: Array, h: Array, W: Array, a: Array, b: Array) -> Array:
    r"""$E(\mathbf{v}, \mathbf{h}) = -\mathbf{a}^\top\mathbf{v} - \mathbf{b}^\top\mathbf{h} - \mathbf{v}^\top\mathbf{W}\mathbf{h}$,
    $\mathbf{v} \in \{0,1\}^{n_v}$, $\mathbf{h} \in \{0,1\}^{n_h}$, $\mathbf{W} \in \R^{n_v \times n_h}$ (batched over leading axes)."""
    v, h, W = _arr(v), _arr(h), _arr(W)
    return -(v @ _arr(a)) - (h @ _arr(b)) - np.sum((v @ W) * h, axis=-1)


def rbm_free_energy(v: Array, W: Array, a: Array, b: Array) -> Array:
    r"""$F(\mathbf{v}) = -\log\sum_{\mathbf{h}} e^{-E(\mathbf{v}, \mathbf{h})} = -\mathbf{a}^\top\mathbf{v} - \sum_{j=1}^{n_h}\log\bigl(1 + e^{b_j + (\mathbf{W}^\top\mathbf{v})_j}\bigr)$."""
    v = _arr(v)
    return -(v @ _arr(a)) - np.sum(softplus(v @ _arr(W) + _arr(b)), axis=-1)


def rbm_p_h_given_v(v: Array, W: Array, b: Array) -> Array:
    r"""$p(h_j = 1 \mid \mathbf{v}) = \sigma\bigl(b_j + (\mathbf{W}^\top\mathbf{v})_j\bigr) = \sigma\bigl(b_j + \sum_i v_i W_{ij}\bigr)$."""
    return sigmoid(_arr(v) @ _arr(W) + _arr(b))


def rbm_p_v_given_h(h: Array, W: Array, a: Array) -> Array:
    r"""$p(v_i = 1 \mid \mathbf{h}) = \sigma\bigl(a_i + (\mathbf{W}\mathbf{h})_i\bigr) = \sigma\bigl(a_i + \sum_j W_{ij} h_j\bigr)$."""
    return sigmoid(_arr(h) @ _arr(W).T + _arr(a))


def all_binary_states(n: int) -> Array:
    """All 2**n binary vectors of length n, shape (2**n, n)."""
    return np.array(list(itertools.product([0.0, 1.0], repeat=n)))


def rbm_log_partition(W: Array, a: Array, b: Array) -> float:
    r"""$\log Z = \log\sum_{\mathbf{v}} e^{-F(\mathbf{v})}$ by enumerating all $2^{n_v}$ visible states (tiny RBMs only)."""
    f = -rbm_free_energy(all_binary_states(_arr(W).shape[0]), W, a, b)
    m = f.max()
    return float(m + np.log(np.sum(np.exp(f - m))))


def rbm_log_likelihood(v: Array, W: Array, a: Array, b: Array) -> float:
    r"""Mean exact $\log p(\mathbf{v}) = -F(\mathbf{v}) - \log Z$ over the rows of ``v`` (tiny RBMs only)."""
    return float(np.mean(-rbm_free_energy(v, W, a, b)) - rbm_log_partition(W, a, b))


def rbm_exact_gradient(v: Array, W: Array, a: Array, b: Array) -> tuple[Array, Array, Array]:
    r"""Exact gradient of the mean log-likelihood, $\frac{\partial \log p}{\partial W_{ij}} = \langle v_i h_j\rangle_\text{data} - \langle v_i h_j\rangle_\text{model}$,
    the model term by enumerating all visible states (tiny RBMs only). Returns $(\Delta\mathbf{W}, \Delta\mathbf{a}, \Delta\mathbf{b})$."""
    v = _arr(v)
    ph = rbm_p_h_given_v(v, W, b)
    V = all_binary_states(_arr(W).shape[0])
    f = -rbm_free_energy(V, W, a, b)
    pv = np.exp(f - f.max())
    pv /= pv.sum()
    phm = rbm_p_h_given_v(V, W, b)
    dW = v.T @ ph / len(v) - (V * pv[:, None]).T @ phm
    da = v.mean(0) - pv @ V
    db = ph.mean(0) - pv @ phm
    return dW, da, db


def cd_k_gradient(v0: Array, W: Array, a: Array, b: Array, k: int, rng: np.random.Generator
                  ) -> tuple[Array, Array, Array]:
    r"""Contrastive divergence (Hinton 2002): run $k$ steps of block Gibbs sampling
    $\mathbf{v}^{(0)} \to \mathbf{h}^{(0)} \to \mathbf{v}^{(1)} \to \dots \to \mathbf{v}^{(k)}$ from the data and return
    $\Delta\mathbf{W} = \langle \mathbf{v}^{(0)} \mathbf{p}^{(0)\top} \rangle - \langle \mathbf{v}^{(k)} \mathbf{p}^{(k)\top} \rangle$,
    $\Delta\mathbf{a} = \langle \mathbf{v}^{(0)} - \mathbf{v}^{(k)} \rangle$, $\Delta\mathbf{b} = \langle \mathbf{p}^{(0)} - \mathbf{p}^{(k)} \rangle$
    with $\mathbf{p}^{(t)} = p(\mathbf{h} = 1 \mid \mathbf{v}^{(t)})$ (probabilities, not samples, in the statistics)."""
    v0 = _arr(v0)
    p0 = rbm_p_h_given_v(v0, W, b)
    h = (rng.random(p0.shape) < p0).astype(float)
    vk = v0
    for step in range(k):
        pv = rbm_p_v_given_h(h, W, a)
        vk = (rng.random(pv.shape) < pv).astype(float)
        pk = rbm_p_h_given_v(vk, W, b)
        if step < k - 1:
            h = (rng.random(pk.shape) < pk).astype(float)
    n = len(v0)
    dW = (v0.T @ p0 - vk.T @ pk) / n
    return dW, (v0 - vk).mean(0), (p0 - pk).mean(0)


def cd_k_step(v0: Array, W: Array, a: Array, b: Array, k: int, eta: float, rng: np.random.Generator
              ) -> tuple[Array, Array, Array]:
    r"""One CD-$k$ update (gradient **ascent** on the log-likelihood): $\mathbf{W} \leftarrow \mathbf{W} + \eta\,\Delta\mathbf{W}$, likewise $\mathbf{a}$, $\mathbf{b}$."""
    dW, da, db = cd_k_gradient(v0, W, a, b, k, rng)
    return _arr(W) + eta * dW, _arr(a) + eta * da, _arr(b) + eta * db


# --- Autoencoders ----------------------------------------------------------------------------------


def pca_reconstruction_error(X: Array, k: int) -> float:
    r"""Mean squared reconstruction error $\frac{1}{N}\sum_n \lVert \mathbf{x}_n - \bar{\mathbf{x}} - \mathbf{U}_k\mathbf{U}_k^\top(\mathbf{x}_n - \bar{\mathbf{x}}) \rVert^2 = \sum_{i > k}\lambda_i$,
    the sum of the discarded eigenvalues of the covariance $\frac{1}{N}\sum_n (\mathbf{x}_n - \bar{\mathbf{x}})(\mathbf{x}_n - \bar{\mathbf{x}})^\top$."""
    X = _arr(X)
    Xc = X - X.mean(0)
    lam = np.linalg.eigvalsh(Xc.T @ Xc / len(X))[::-1]
    return float(np.sum(lam[k:]))


def train_linear_autoencoder(X: Array, k: int, *, steps: int = 3000, lr: float | None = None, seed: int = 0
                             ) -> tuple[Array, Array, list[float]]:
    r"""Linear autoencoder $\hat{\mathbf{x}} = \mathbf{W}_\text{dec}\mathbf{W}_\text{enc}\mathbf{x}$ ($\mathbf{W}_\text{enc} \in \R^{k \times d}$,
    $\mathbf{W}_\text{dec} \in \R^{d \times k}$) on centered data, trained by full-batch gradient descent on
    $\mathcal{L} = \frac{1}{N}\sum_n \lVert \mathbf{x}_n - \hat{\mathbf{x}}_n \rVert^2$. Its minimum is the PCA error
    (Baldi & Hornik 1989). Returns $(\mathbf{W}_\text{enc}, \mathbf{W}_\text{dec}, \text{loss history})$."""
    X = _arr(X)
    Xc = X - X.mean(0)
    n, d = Xc.shape
    rng = np.random.default_rng(seed)
    W_enc = rng.normal(0.0, 0.1, (k, d))
    W_dec = rng.normal(0.0, 0.1, (d, k))
    if lr is None:
        lr = 0.2 / np.linalg.eigvalsh(Xc.T @ Xc / n)[-1]
    history = []
    for _ in range(steps):
        H = Xc @ W_enc.T
        R = H @ W_dec.T - Xc
        history.append(float(np.sum(R**2) / n))
        g_dec = 2.0 / n * R.T @ H
        g_enc = 2.0 / n * W_dec.T @ R.T @ Xc
        W_dec -= lr * g_dec
        W_enc -= lr * g_enc
    return W_enc, W_dec, history


def linear_autoencoder_error(X: Array, W_enc: Array, W_dec: Array) -> float:
    r"""$\frac{1}{N}\sum_n \lVert \mathbf{x}_n - \bar{\mathbf{x}} - \mathbf{W}_\text{dec}\mathbf{W}_\text{enc}(\mathbf{x}_n - \bar{\mathbf{x}}) \rVert^2$."""
    X = _arr(X)
    Xc = X - X.mean(0)
    R = Xc @ _arr(W_enc).T @ _arr(W_dec).T - Xc
    return float(np.sum(R**2) / len(X))


def low_rank_data(n: int, variances: Array, seed: int = 0) -> Array:
    r"""Synthetic data $\mathbf{x} = \mathbf{Q}\,\diag(\sqrt{\boldsymbol{\lambda}})\,\boldsymbol{\epsilon}$, $\boldsymbol{\epsilon} \sim \mathcal{N}(\mathbf{0}, \mathbf{I})$,
    $\mathbf{Q}$ a random rotation: principal variances $\boldsymbol{\lambda}$ (``variances``)."""
    rng = np.random.default_rng(seed)
    lam = _arr(variances)
    d = len(lam)
    Q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    return (rng.normal(size=(n, d)) * np.sqrt(lam)) @ Q.T


def masking_noise(x: Array, nu: float, rng: np.random.Generator) -> Array:
    r"""Denoising-AE corruption $\tilde{\mathbf{x}} \sim q_\mathcal{D}(\tilde{\mathbf{x}} \mid \mathbf{x})$: each input set to 0 with probability $\nu$."""
    x = _arr(x)
    return x * (rng.random(x.shape) >= nu)


def contractive_penalty(x: Array, W: Array, b: Array) -> Array:
    r"""$\lVert \mathbf{J}_f(\mathbf{x}) \rVert_F^2 = \sum_j \bigl(h_j(1 - h_j)\bigr)^2 \sum_i W_{ji}^2$ for a sigmoid encoder
    $\mathbf{h} = f(\mathbf{x}) = \sigma(\mathbf{W}\mathbf{x} + \mathbf{b})$, $\mathbf{W} \in \R^{k \times d}$ (Rifai et al. 2011); batched over rows of ``x``."""
    h = sigmoid(_arr(x) @ _arr(W).T + _arr(b))
    return np.sum((h * (1.0 - h)) ** 2 * np.sum(_arr(W) ** 2, axis=1), axis=-1)


def kl_sparsity(rho: float, rho_hat: Array) -> Array:
    r"""Sparse-AE penalty $\sum_j \KL(\rho \,\Vert\, \hat\rho_j) = \sum_j \rho\log\frac{\rho}{\hat\rho_j} + (1 - \rho)\log\frac{1 - \rho}{1 - \hat\rho_j}$,
    $\hat\rho_j$ = mean activation of hidden unit $j$ over the batch."""
    r = _arr(rho_hat)
    return np.sum(rho * np.log(rho / r) + (1.0 - rho) * np.log((1.0 - rho) / (1.0 - r)), axis=-1)
