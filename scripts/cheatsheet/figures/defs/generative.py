"""Figures of the generative-networks pages: autoencoders vs PCA, the VAE's KL term, GAN losses and
divergences, and contrastive-divergence training of a tiny RBM."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure as MplFigure

from ...numerics import generative as gen
from ..catalogue import Figure
from ..style import Palette, asymptote, mark_point, zero_axes

# --- autoencoders ----------------------------------------------------------------------------------

AE_VARIANCES = 2.0 * 0.7 ** np.arange(10)


def draw_ae_pca(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    X = gen.low_rank_data(400, AE_VARIANCES, seed=0)
    ks = np.arange(0, 11)
    pca = [gen.pca_reconstruction_error(X, k) for k in ks]
    ae = []
    for k in ks[1:]:
        W_enc, W_dec, _ = gen.train_linear_autoencoder(X, int(k), steps=1500, seed=int(k))
        ae.append(gen.linear_autoencoder_error(X, W_enc, W_dec))
    ax.plot(ks, pca, color=pal.c0, marker="", label=r"PCA: $\sum_{i>k}\lambda_i$")
    ax.plot(ks[1:], ae, linestyle="none", marker="o", markersize=5, markerfacecolor="none",
            markeredgecolor=pal.c1, label="linear AE, gradient descent")
    kept = 1.0 - pca[3] / pca[0]
    mark_point(ax, pal, 3, pca[3], f"k = 3: {kept:.0%} of the variance kept", offset=(8, 6))
    ax.set_xlabel("code size $k$")
    ax.set_ylabel(r"mean $\Vert \mathbf{x} - \hat{\mathbf{x}} \Vert^2$")
    ax.set_xlim(-0.3, 10.3)
    ax.set_ylim(0, None)
    ax.legend(loc="upper right")


# --- VAE ---------------------------------------------------------------------------------------------


def draw_vae_kl(fig: MplFigure, pal: Palette) -> None:
    left, right = fig.subplots(1, 2)
    mu = np.linspace(-3, 3, 401)
    for sigma, colour in ((1.0, pal.c0), (0.5, pal.c1)):
        left.plot(mu, gen.gaussian_kl_1d(mu, sigma), color=colour, label=rf"$\sigma = {sigma:g}$")
    mark_point(left, pal, 0.0, 0.0, "0 at the prior", offset=(6, 8))
    left.set_xlabel(r"$\mu$")
    left.set_ylabel("KL per latent dimension (nats)")
    left.set_xlim(-3, 3)
    left.set_ylim(0, 5)
    left.legend(loc="upper center")
    sigma = np.linspace(0.02, 3.0, 600)
    for m, colour in ((0.0, pal.c0), (1.0, pal.c2)):
        right.plot(sigma, gen.gaussian_kl_1d(m, sigma), color=colour, label=rf"$\mu = {m:g}$")
    mark_point(right, pal, 1.0, 0.0, r"$\sigma = 1$", offset=(4, 8))
    mark_point(right, pal, 0.1, float(gen.gaussian_kl_1d(0.0, 0.1)), r"$\sigma \to 0$: $-\log\sigma$", offset=(8, -4))
    right.set_xlabel(r"$\sigma$")
    right.set_xlim(0, 3)
    right.set_ylim(0, 5)
    right.legend(loc="upper right")


# --- GAN ---------------------------------------------------------------------------------------------


def draw_gan_generator_loss(fig: MplFigure, pal: Palette) -> None:
    left, right = fig.subplots(1, 2)
    d = np.linspace(0.001, 0.999, 600)
    zero_axes(left, pal)
    left.plot(d, gen.g_loss_saturating_of_d(d), color=pal.c1, label=r"saturating $\log(1 - D)$")
    left.plot(d, gen.g_loss_nonsaturating_of_d(d), color=pal.c0, label=r"non-saturating $-\log D$")
    left.axvspan(0.0, 0.1, color=pal.grid, alpha=0.5, zorder=0)
    left.annotate("early training:\nD rejects fakes", (0.11, 4.3), fontsize=7.5, color=pal.fg)
    left.set_xlabel(r"$D(G(\mathbf{z}))$")
    left.set_ylabel("generator loss (minimized)")
    left.set_xlim(0, 1)
    left.set_ylim(-5, 6)
    left.legend(loc="lower left")
    right.plot(d, np.abs(gen.g_grad_logit_saturating(d)), color=pal.c1, label="saturating: $D$")
    right.plot(d, np.abs(gen.g_grad_logit_nonsaturating(d)), color=pal.c0, label="non-saturating: $1 - D$")
    right.axvspan(0.0, 0.1, color=pal.grid, alpha=0.5, zorder=0)
    mark_point(right, pal, 0.01, 0.01, "gradient vanishes", color=pal.c1, offset=(8, 6))
    right.set_xlabel(r"$D(G(\mathbf{z}))$")
    right.set_ylabel(r"$\vert \partial \mathcal{L}_G / \partial \ell \vert$ (logit)")
    right.set_xlim(0, 1)
    right.set_ylim(0, 1.05)
    right.legend(loc="lower center")


GAN_DATA = (0.0, 1.0)   # p_data = N(0, 1)
GAN_GEN = (1.5, 0.7)    # p_g = N(1.5, 0.7^2)


def draw_gan_optimal_d(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    x = np.linspace(-4, 6.5, 421)
    grid = np.linspace(-12, 14, 20001)
    p, q = gen.gaussian_pdf(x, *GAN_DATA), gen.gaussian_pdf(x, *GAN_GEN)
    jsd = gen.jsd_on_grid(gen.gaussian_pdf(grid, *GAN_DATA), gen.gaussian_pdf(grid, *GAN_GEN), grid)
    ax.fill_between(x, p, color=pal.c0, alpha=0.15, linewidth=0)
    ax.plot(x, p, color=pal.c0, label=r"$p_\mathrm{data} = \mathcal{N}(0, 1)$")
    ax.fill_between(x, q, color=pal.c1, alpha=0.15, linewidth=0)
    ax.plot(x, q, color=pal.c1, label=r"$p_g = \mathcal{N}(1.5, 0.7^2)$")
    ax.plot(x, gen.optimal_discriminator(p, q), color=pal.c2, linewidth=2.2,
            label=r"$D^*(x) = p_\mathrm{data} / (p_\mathrm{data} + p_g)$")
    asymptote(ax, pal, 0.5, "D* = 1/2 where the densities cross")
    crossings = x[np.where(np.diff(np.sign(p - q)))[0]]
    for c in crossings:
        mark_point(ax, pal, float(c), 0.5, "", color=pal.c2)
    c_g = -np.log(4) + 2 * jsd
    ax.annotate(f"JSD = {jsd:.3f} nats\nC(G) = −log 4 + 2·JSD = −{abs(c_g):.3f}",
                (0.01, 0.13), xycoords="axes fraction", fontsize=7.5, color=pal.fg)
    ax.set_xlabel("$x$")
    ax.set_ylabel("density / probability")
    ax.set_xlim(-4, 6.5)
    ax.set_ylim(0, 1.08)
    ax.legend(loc="center left", fontsize=7.5)


def draw_gan_jsd_w1(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    grid = np.linspace(-3, 9, 12001)
    p = gen.gaussian_pdf(grid, 0.0, 0.1)
    theta = np.linspace(-0.0, 6.0, 121)
    jsd = [gen.jsd_on_grid(p, gen.gaussian_pdf(grid, t, 0.1), grid) for t in theta]
    w1 = [gen.wasserstein1_on_grid(p, gen.gaussian_pdf(grid, t, 0.1), grid) for t in theta]
    ax.plot(theta, jsd, color=pal.c1, label="JSD (nats)")
    ax.plot(theta, w1, color=pal.c0, label="$W_1$")
    asymptote(ax, pal, np.log(2), "log 2: flat, no gradient in θ")
    mark_point(ax, pal, 4.0, 4.0, "$W_1 = \\theta$: useful gradient", color=pal.c0, offset=(-110, 4))
    ax.set_xlabel(r"shift $\theta$ of $p_g = \mathcal{N}(\theta, 0.1^2)$ from $p_\mathrm{data} = \mathcal{N}(0, 0.1^2)$")
    ax.set_ylabel("divergence / distance")
    ax.set_xlim(0, 6)
    ax.set_ylim(0, 6.2)
    ax.legend(loc="upper left")


# --- RBM / DBN ---------------------------------------------------------------------------------------


def rbm_toy_data(n: int = 120, flip: float = 0.05, seed: int = 0) -> np.ndarray:
    """Three 8-bit prototypes, each bit flipped with probability ``flip``."""
    rng = np.random.default_rng(seed)
    protos = np.array([[1, 1, 1, 1, 0, 0, 0, 0], [0, 0, 0, 0, 1, 1, 1, 1], [1, 0, 1, 0, 1, 0, 1, 0]], dtype=float)
    v = protos[rng.integers(0, 3, n)]
    return np.abs(v - (rng.random(v.shape) < flip))


def train_rbm_curve(data: np.ndarray, n_hidden: int, k: int, epochs: int, eta: float, seed: int
                    ) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    W = rng.normal(0.0, 0.1, (data.shape[1], n_hidden))
    a, b = np.zeros(data.shape[1]), np.zeros(n_hidden)
    ep, ll = [0], [gen.rbm_log_likelihood(data, W, a, b)]
    for e in range(1, epochs + 1):
        W, a, b = gen.cd_k_step(data, W, a, b, k=k, eta=eta, rng=rng)
        if e % 5 == 0:
            ep.append(e)
            ll.append(gen.rbm_log_likelihood(data, W, a, b))
    return np.array(ep), np.array(ll)


def draw_dbn_rbm_cd(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    data = rbm_toy_data()
    _, counts = np.unique(data, axis=0, return_counts=True)
    p_hat = counts / counts.sum()
    best = float(np.sum(p_hat * np.log(p_hat)))  # max achievable mean log-likelihood = -H(p_hat)
    for k, colour in ((1, pal.c0), (10, pal.c1)):
        ep, ll = train_rbm_curve(data, 4, k, 300, 0.3, seed=1)
        ax.plot(ep, ll, color=colour, label=f"CD-{k}")
    asymptote(ax, pal, best, "empirical distribution (upper bound)")
    ax.axhline(-8 * np.log(2), color=pal.grid, linewidth=0.9)
    ax.annotate("uniform: −8 log 2", (300, -8 * np.log(2)), xytext=(-2, 3), textcoords="offset points",
                ha="right", fontsize=7.5, color=pal.muted)
    ax.set_xlabel("epoch (full batch of 120, η = 0.3)")
    ax.set_ylabel(r"exact mean $\log p(\mathbf{v})$ (nats)")
    ax.set_xlim(0, 300)
    ax.legend(loc="center right")


FIGURES = [
    Figure(
        name="ae-linear-vs-pca",
        draw=draw_ae_pca,
        caption=("A linear autoencoder trained by gradient descent reaches exactly the PCA reconstruction error "
                 "(the sum of the discarded eigenvalues) at every code size — Baldi & Hornik (1989)."),
        alt=("Reconstruction error against code size k from 0 to 10 on 10-dimensional synthetic data. The PCA "
             "curve falls from about 6.6 to 0; the open circles of the trained linear autoencoder sit on the curve "
             "at every k; k = 3 is marked as keeping about 70% of the variance."),
        size=(6.4, 2.7),
    ),
    Figure(
        name="vae-kl-term",
        draw=draw_vae_kl,
        caption=("The VAE's KL term per latent dimension is zero only at the prior (μ = 0, σ = 1): it pulls means "
                 "to 0 quadratically and punishes σ → 0 like −log σ."),
        alt=("Left: KL against μ from −3 to 3 is a parabola with minimum 0 at μ = 0 for σ = 1, and shifted up for "
             "σ = 0.5. Right: KL against σ from 0 to 3 has its minimum 0 at σ = 1 for μ = 0, rises steeply as σ "
             "goes to 0 and slowly for large σ; μ = 1 shifts the curve up by 0.5."),
        size=(6.6, 2.6),
    ),
    Figure(
        name="gan-generator-loss",
        draw=draw_gan_generator_loss,
        caption=("Early in training D(G(z)) ≈ 0. There the minimax loss log(1 − D) is flat and its gradient with "
                 "respect to the logit (−D) vanishes, while the non-saturating loss −log D has gradient −(1 − D) ≈ −1."),
        alt=("Left: generator losses against D(G(z)) from 0 to 1; log(1 − D) is almost flat near 0 at D = 0 and "
             "falls to −∞ at D = 1, while −log D shoots up to +∞ at D = 0. Right: the size of the gradient with "
             "respect to the logit is D for the saturating loss, zero at D = 0, and 1 − D for the non-saturating "
             "loss, one at D = 0; the shaded region D < 0.1 marks early training."),
        size=(6.8, 2.7),
    ),
    Figure(
        name="gan-optimal-discriminator",
        draw=draw_gan_optimal_d,
        caption=("For a fixed generator the best discriminator is D*(x) = p_data/(p_data + p_g): near 1 where only "
                 "the data has mass, 1/2 where the densities cross; its value is C(G) = −log 4 + 2·JSD."),
        alt=("Two Gaussian densities, data N(0, 1) and generator N(1.5, 0.7²), and the optimal discriminator curve, "
             "which is close to 1 on the left, falls through 1/2 at the two points where the densities cross, "
             "dips toward 0 under the generator's peak and rises again in the far right tail where the narrower "
             "generator density decays faster. The JSD and C(G) values are printed."),
        size=(6.4, 2.9),
    ),
    Figure(
        name="gan-jsd-vs-wasserstein",
        draw=draw_gan_jsd_w1,
        caption=("Two narrow densities shifted by θ: once they stop overlapping the JSD is stuck at log 2 (no "
                 "gradient), while the Wasserstein-1 distance keeps growing like θ — the motivation for WGAN."),
        alt=("Against the shift θ from 0 to 6, the JSD rises from 0 to log 2 ≈ 0.69 within θ ≈ 0.5 and stays "
             "flat; W1 is the straight line θ."),
        size=(6.4, 2.6),
    ),
    Figure(
        name="dbn-rbm-cd",
        draw=draw_dbn_rbm_cd,
        caption=("A tiny RBM (8 visible, 4 hidden units) trained by CD-1 and CD-10 on noisy copies of three patterns; "
                 "the exact log-likelihood, computable here by enumerating all 256 visible states, rises toward the "
                 "best achievable value."),
        alt=("Exact mean log-likelihood against epoch from 0 to 300. Both curves start at the uniform value "
             "−8 log 2 ≈ −5.5 and rise quickly, then level off below the dashed upper bound set by the "
             "empirical distribution; on this tiny problem CD-1 and CD-10 follow almost the same curve."),
        size=(6.4, 2.7),
    ),
]
