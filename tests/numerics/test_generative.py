"""VAE, GAN, RBM and autoencoder numerics, checked against PyTorch, scipy, scikit-learn and brute force."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate, stats

from cheatsheet.numerics import generative as g
from tests.numerics.refdata import assert_close

RNG = np.random.default_rng(1234)


# --- VAE -------------------------------------------------------------------------------------------


@pytest.mark.torch
def test_gaussian_kl_matches_torch_distributions():
    import torch
    from torch.distributions import Normal, kl_divergence

    mu = RNG.normal(size=(5, 7))
    logvar = RNG.normal(scale=1.5, size=(5, 7))
    q = Normal(torch.tensor(mu), torch.tensor(np.exp(0.5 * logvar)))
    p = Normal(torch.zeros(5, 7, dtype=torch.float64), torch.ones(5, 7, dtype=torch.float64))
    expected = kl_divergence(q, p).sum(-1).numpy()
    assert_close(g.gaussian_kl_std_normal(mu, logvar), expected)
    assert_close(g.gaussian_kl_1d(mu, np.exp(0.5 * logvar)).sum(-1), expected)
    assert_close(g.gaussian_kl_std_normal(np.zeros(3), np.zeros(3)), 0.0)


@pytest.mark.torch
def test_bernoulli_and_gaussian_log_likelihood_match_torch():
    import torch
    import torch.nn.functional as F
    from torch.distributions import Normal

    x = (RNG.random((4, 9)) < 0.4).astype(float)
    logits = RNG.normal(scale=3.0, size=(4, 9))
    for i in range(4):
        bce = F.binary_cross_entropy_with_logits(torch.tensor(logits[i]), torch.tensor(x[i]), reduction="sum")
        assert_close(g.bernoulli_log_likelihood(x[i], logits[i]), -bce.item())
    xs = RNG.normal(size=(4, 9))
    mean, logvar = RNG.normal(size=(4, 9)), RNG.normal(size=(4, 9))
    lp = Normal(torch.tensor(mean), torch.tensor(np.exp(0.5 * logvar))).log_prob(torch.tensor(xs)).sum(-1)
    assert_close(g.gaussian_log_likelihood(xs, mean, logvar), lp.numpy())


@pytest.mark.torch
def test_elbo_is_bce_plus_kl_with_the_right_signs():
    import torch
    import torch.nn.functional as F
    from torch.distributions import Normal, kl_divergence

    x = (RNG.random(12) < 0.5).astype(float)
    logits, mu, logvar = RNG.normal(size=12), RNG.normal(size=3), RNG.normal(size=3)
    bce = F.binary_cross_entropy_with_logits(torch.tensor(logits), torch.tensor(x), reduction="sum").item()
    kl = kl_divergence(Normal(torch.tensor(mu), torch.tensor(np.exp(0.5 * logvar))), Normal(0.0, 1.0)).sum().item()
    assert_close(g.elbo(x, logits, mu, logvar), -(bce + kl))          # loss = BCE + KL = -ELBO
    assert_close(g.elbo(x, logits, mu, logvar, beta=4.0), -(bce + 4.0 * kl))


def test_elbo_equals_log_evidence_at_the_true_posterior_linear_gaussian():
    # p(z) = N(0, 1), p(x|z) = N(w z, s^2): p(x) = N(0, w^2 + s^2), posterior N(w x / (w^2+s^2), s^2 / (w^2+s^2)).
    w, s, x = 1.7, 0.6, 0.9
    log_px = stats.norm.logpdf(x, 0.0, math.sqrt(w**2 + s**2))
    t, weights = np.polynomial.hermite_e.hermegauss(20)  # exact for E over a Gaussian of a quadratic
    weights = weights / weights.sum()

    def expected_elbo(mu, var):
        z = g.reparameterize(mu, math.log(var), t)
        rec = g.gaussian_log_likelihood(np.full((len(t), 1), x), (w * z)[:, None], math.log(s**2))
        return float(weights @ rec - g.gaussian_kl_std_normal([mu], [math.log(var)]))

    post_mu, post_var = w * x / (w**2 + s**2), s**2 / (w**2 + s**2)
    assert_close(expected_elbo(post_mu, post_var), log_px)
    for mu, var in ((0.0, 1.0), (post_mu + 0.3, post_var), (post_mu, 2 * post_var)):
        assert expected_elbo(mu, var) < log_px - 1e-4  # a lower bound, strict away from the posterior


def test_reparameterized_samples_have_the_requested_distribution():
    eps = np.random.default_rng(0).normal(size=20000)
    z = g.reparameterize(1.5, math.log(0.25), eps)
    assert stats.kstest(z, stats.norm(1.5, 0.5).cdf).pvalue > 1e-3
    assert stats.kstest(z, stats.norm(1.5, 0.25).cdf).pvalue < 1e-6  # std, not variance


# --- GAN -------------------------------------------------------------------------------------------


@pytest.mark.torch
def test_gan_losses_match_bce_with_logits_forms():
    import torch
    import torch.nn.functional as F

    lr, lf = RNG.normal(scale=2.0, size=16), RNG.normal(scale=2.0, size=16)
    tr, tf = torch.tensor(lr), torch.tensor(lf)
    bce = F.binary_cross_entropy_with_logits
    d = bce(tr, torch.ones_like(tr)) + bce(tf, torch.zeros_like(tf))
    assert_close(g.d_loss_bce(lr, lf), d.item())
    assert_close(g.gan_value(lr, lf), -d.item())
    assert_close(g.g_loss_nonsaturating(lf), bce(tf, torch.ones_like(tf)).item())
    assert_close(g.g_loss_saturating(lf), -bce(tf, torch.zeros_like(tf)).item())
    # direct forms with probabilities
    D_real, D_fake = torch.sigmoid(tr), torch.sigmoid(tf)
    assert_close(g.gan_value(lr, lf), (torch.log(D_real).mean() + torch.log(1 - D_fake).mean()).item())
    assert_close(g.d_loss_hinge(lr, lf), (F.relu(1 - tr).mean() + F.relu(1 + tf).mean()).item())
    assert_close(g.critic_loss_wasserstein(lr, lf), (tf.mean() - tr.mean()).item())
    assert_close(g.g_loss_wasserstein(lf), -tf.mean().item())


@pytest.mark.torch
def test_generator_gradients_wrt_logit_saturate_as_documented():
    import torch

    l = torch.linspace(-8.0, 4.0, 25, dtype=torch.float64, requires_grad=True)
    sat = torch.log(1 - torch.sigmoid(l)).sum()
    (g_sat,) = torch.autograd.grad(sat, l)
    ns = (-torch.log(torch.sigmoid(l))).sum()
    (g_ns,) = torch.autograd.grad(ns, l)
    D = torch.sigmoid(l).detach().numpy()
    assert_close(g.g_grad_logit_saturating(D), g_sat.numpy())
    assert_close(g.g_grad_logit_nonsaturating(D), g_ns.numpy())
    assert abs(g_sat[0].item()) < 1e-3 and abs(g_ns[0].item()) > 0.99  # D(G(z)) ~ 0: sat vanishes
    assert_close(g.g_loss_saturating_of_d(D), np.log(1 - D))
    assert_close(g.g_loss_nonsaturating_of_d(D), -np.log(D))


@pytest.mark.torch
def test_gradient_penalty_matches_autograd_on_a_small_critic():
    import torch

    torch.manual_seed(0)
    critic = torch.nn.Sequential(torch.nn.Linear(3, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1)).double()
    xr, xf = torch.randn(6, 3, dtype=torch.float64), torch.randn(6, 3, dtype=torch.float64)
    eps = torch.rand(6, 1, dtype=torch.float64)
    xh = (eps * xr + (1 - eps) * xf).requires_grad_(True)
    (grad,) = torch.autograd.grad(critic(xh).sum(), xh)
    expected = 10.0 * ((grad.norm(dim=1) - 1) ** 2).mean()
    assert_close(g.interpolate(xr.numpy(), xf.numpy(), eps.numpy().ravel()), xh.detach().numpy())
    assert_close(g.gradient_penalty(grad.numpy(), lam=10.0), expected.item())
    # a linear critic f(x) = u.x has gradient u everywhere: penalty = lam (|u| - 1)^2
    u = np.array([3.0, 4.0])
    assert_close(g.gradient_penalty(np.tile(u, (5, 1)), lam=2.0), 2.0 * 16.0)


def test_optimal_discriminator_and_jsd_by_numerical_integration():
    p = stats.norm(0.0, 1.0)
    q = stats.norm(1.5, 0.7)
    x = np.linspace(-12, 12, 40001)
    pd, qd = g.gaussian_pdf(x, 0.0, 1.0), g.gaussian_pdf(x, 1.5, 0.7)
    assert_close(pd, p.pdf(x))
    assert_close(qd, q.pdf(x))

    def log_m(t):
        return np.logaddexp(p.logpdf(t), q.logpdf(t)) - math.log(2)

    jsd_ref = 0.5 * integrate.quad(lambda t: p.pdf(t) * (p.logpdf(t) - log_m(t)), -12, 12, limit=200)[0] \
        + 0.5 * integrate.quad(lambda t: q.pdf(t) * (q.logpdf(t) - log_m(t)), -12, 12, limit=200)[0]
    assert_close(g.jsd_on_grid(pd, qd, x), jsd_ref)

    def v_integrand(t):  # V(D*, G) integrand with D* = p / (p + q), in log space
        lse = np.logaddexp(p.logpdf(t), q.logpdf(t))
        return p.pdf(t) * (p.logpdf(t) - lse) + q.pdf(t) * (q.logpdf(t) - lse)

    c_ref = integrate.quad(v_integrand, -12, 12, limit=200)[0]
    d_star = g.optimal_discriminator(pd, qd)
    assert_close(g.gan_value_on_grid(d_star, pd, qd, x), c_ref)
    assert_close(c_ref, -math.log(4) + 2 * jsd_ref)  # Goodfellow et al. 2014, Theorem 1
    # D* maximizes V: any perturbation lowers it
    for delta in (0.05, -0.05):
        d = np.clip(d_star + delta * np.sin(x), 1e-9, 1 - 1e-9)
        assert g.gan_value_on_grid(d, pd, qd, x) < c_ref
    # p_g = p_data: D* = 1/2 everywhere and C = -log 4
    assert_close(g.optimal_discriminator(pd, pd), 0.5)
    assert_close(g.gan_value_on_grid(np.full_like(x, 0.5), pd, pd, x), -math.log(4))


def test_jsd_saturates_but_w1_does_not_for_separated_densities():
    x = np.linspace(-10, 20, 30001)
    p = g.gaussian_pdf(x, 0.0, 0.1)
    for theta in (2.0, 8.0):
        q = g.gaussian_pdf(x, theta, 0.1)
        assert_close(g.jsd_on_grid(p, q, x), math.log(2), rtol=1e-6)
        w_ref = stats.wasserstein_distance(x, x, u_weights=p, v_weights=q)
        assert_close(g.wasserstein1_on_grid(p, q, x), w_ref, rtol=1e-3)
        assert_close(g.wasserstein1_on_grid(p, q, x), theta, rtol=1e-4)


# --- RBM -------------------------------------------------------------------------------------------


def _tiny_rbm(nv=4, nh=3, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(nv, nh)), rng.normal(size=nv), rng.normal(size=nh)


def _energy_loop(v, h, W, a, b):  # E written out with explicit sums, independent of the module
    return -sum(a[i] * v[i] for i in range(len(v))) - sum(b[j] * h[j] for j in range(len(h))) \
        - sum(v[i] * W[i, j] * h[j] for i in range(len(v)) for j in range(len(h)))


def test_rbm_energy_and_free_energy_by_brute_force_over_hidden_states():
    W, a, b = _tiny_rbm()
    H = g.all_binary_states(3)
    for v in g.all_binary_states(4):
        energies = np.array([_energy_loop(v, h, W, a, b) for h in H])
        assert_close(g.rbm_energy(np.tile(v, (len(H), 1)), H, W, a, b), energies)
        assert_close(g.rbm_free_energy(v, W, a, b), -math.log(np.exp(-energies).sum()))


def test_rbm_conditionals_by_brute_force_enumeration():
    W, a, b = _tiny_rbm()
    V, H = g.all_binary_states(4), g.all_binary_states(3)
    joint = np.exp(-np.array([[_energy_loop(v, h, W, a, b) for h in H] for v in V]))  # unnormalized p(v, h)
    for iv, v in enumerate(V):
        p_h = joint[iv] / joint[iv].sum()
        assert_close(g.rbm_p_h_given_v(v, W, b), p_h @ H)  # p(h_j = 1 | v) = E[h_j | v]
    for ih, h in enumerate(H):
        p_v = joint[:, ih] / joint[:, ih].sum()
        assert_close(g.rbm_p_v_given_h(h, W, a), p_v @ V)
    assert_close(g.rbm_log_partition(W, a, b), math.log(joint.sum()))


@pytest.mark.torch
def test_rbm_exact_gradient_matches_autograd_of_exact_log_likelihood():
    import torch

    W, a, b = _tiny_rbm()
    data = g.all_binary_states(4)[[1, 5, 6, 14, 15]]
    Wt, at, bt = (torch.tensor(t, requires_grad=True) for t in (W, a, b))
    V, H = torch.tensor(g.all_binary_states(4)), torch.tensor(g.all_binary_states(3))

    def neg_energy(v):  # (n_v_states, n_h_states)
        return (v @ at)[:, None] + (H @ bt)[None, :] + (v @ Wt) @ H.T

    logZ = torch.logsumexp(neg_energy(V).reshape(-1), 0)
    ll = (torch.logsumexp(neg_energy(torch.tensor(data)), 1) - logZ).mean()
    ll.backward()
    assert_close(g.rbm_log_likelihood(data, W, a, b), ll.item())
    for mine, ref in zip(g.rbm_exact_gradient(data, W, a, b), (Wt.grad, at.grad, bt.grad)):
        assert_close(mine, ref.numpy())


def test_cd_k_with_long_chains_approaches_the_exact_gradient():
    W, a, b = (0.5 * t for t in _tiny_rbm(3, 2, seed=3))
    data = np.tile(g.all_binary_states(3)[[0, 3, 7]], (6000, 1))
    exact = g.rbm_exact_gradient(data, W, a, b)
    cd = g.cd_k_gradient(data, W, a, b, k=30, rng=np.random.default_rng(0))
    for e, c in zip(exact, cd):
        np.testing.assert_allclose(c, e, atol=0.02)
    assert max(np.abs(e).max() for e in exact) > 0.1  # the gradient being matched is not trivially ~0


def test_cd1_training_raises_exact_log_likelihood():
    rng = np.random.default_rng(0)
    data = g.all_binary_states(6)[[0b000111, 0b111000, 0b000111, 0b111000, 0b110000]]
    W, a, b = rng.normal(0, 0.01, (6, 4)), np.zeros(6), np.zeros(4)
    before = g.rbm_log_likelihood(data, W, a, b)
    for _ in range(300):
        W, a, b = g.cd_k_step(data, W, a, b, k=1, eta=0.1, rng=rng)
    assert g.rbm_log_likelihood(data, W, a, b) > before + 1.5


# --- Autoencoders ----------------------------------------------------------------------------------


def test_pca_error_and_linear_autoencoder_match_sklearn_pca():
    from sklearn.decomposition import PCA

    X = g.low_rank_data(400, 2.0 * 0.7 ** np.arange(8), seed=2) + 3.0
    for k in (1, 3, 6):
        pca = PCA(n_components=k).fit(X)
        ref = np.mean(np.sum((X - pca.inverse_transform(pca.transform(X))) ** 2, axis=1))
        assert_close(g.pca_reconstruction_error(X, k), ref)
        W_enc, W_dec, hist = g.train_linear_autoencoder(X, k, steps=4000)
        assert_close(g.linear_autoencoder_error(X, W_enc, W_dec), ref, rtol=1e-5)
        assert hist[0] > hist[-1]
        # same subspace as PCA (not the same basis): projector onto the decoder's columns
        Q, _ = np.linalg.qr(W_dec)
        assert_close(Q @ Q.T, pca.components_.T @ pca.components_, atol=1e-4)


@pytest.mark.torch
def test_contractive_penalty_matches_autograd_jacobian():
    import torch

    W, b = RNG.normal(size=(5, 4)), RNG.normal(size=5)
    x = RNG.normal(size=(3, 4))
    for i in range(3):
        J = torch.autograd.functional.jacobian(
            lambda t: torch.sigmoid(torch.tensor(W) @ t + torch.tensor(b)), torch.tensor(x[i]))
        assert_close(g.contractive_penalty(x[i], W, b), (J**2).sum().item())


def test_masking_noise_and_sparsity_penalty():
    x = np.ones((200, 50))
    xt = g.masking_noise(x, 0.3, np.random.default_rng(0))
    assert set(np.unique(xt)) <= {0.0, 1.0} and abs((xt == 0).mean() - 0.3) < 0.02
    rho, rho_hat = 0.05, np.array([0.05, 0.2])
    by_hand = 0.05 * math.log(0.05 / 0.2) + 0.95 * math.log(0.95 / 0.8)
    assert_close(g.kl_sparsity(rho, rho_hat), by_hand)
