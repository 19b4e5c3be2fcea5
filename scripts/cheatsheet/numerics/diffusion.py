"""Gaussian diffusion (DDPM, Ho et al. 2020) in NumPy: noise schedules, the forward process, the
forward posterior, the eps / x0 / v parameterizations, DDPM and DDIM steps, classifier-free guidance,
min-SNR loss weighting (Hang et al. 2023) and EDM's sigma-parameterization (Karras et al. 2022).

Conventions: time $t = 1, \\dots, T$; ``betas[t - 1]`` is $\\beta_t$ and ``alpha_bars[t - 1]`` is
$\\bar\\alpha_t$, with $\\bar\\alpha_0 = 1$. The step functions take scalar schedule values, so the caller
chooses the indices (DDIM may skip steps).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Array = np.ndarray


def linear_betas(T: int = 1000, beta_1: float = 1e-4, beta_T: float = 0.02) -> Array:
    r"""Ho et al. (2020): $\beta_t$ linear from $\beta_1 = 10^{-4}$ to $\beta_T = 0.02$, $T = 1000$."""
    return np.linspace(beta_1, beta_T, T)


def alpha_bars_from_betas(betas: Array) -> Array:
    r"""$\bar\alpha_t = \prod_{s=1}^{t} (1 - \beta_s)$, entry $t - 1$ for $t = 1, \dots, T$."""
    return np.cumprod(1.0 - np.asarray(betas, dtype=float))


def cosine_alpha_bar(t: Array, T: int, s: float = 0.008) -> Array:
    r"""Nichol & Dhariwal (2021): $\bar\alpha_t = \frac{f(t)}{f(0)}$,
    $f(t) = \cos^2\!\Bigl(\frac{t/T + s}{1 + s}\cdot\frac{\pi}{2}\Bigr)$, $s = 0.008$."""
    def f(u):
        return np.cos((np.asarray(u, dtype=float) / T + s) / (1.0 + s) * np.pi / 2.0) ** 2
    return f(t) / f(0.0)


def cosine_betas(T: int = 1000, s: float = 0.008, max_beta: float = 0.999) -> Array:
    r"""$\beta_t = \min\bigl(1 - \bar\alpha_t / \bar\alpha_{t-1},\ 0.999\bigr)$ from the cosine
    $\bar\alpha_t$ (the clip avoids the singularity at $t = T$)."""
    t = np.arange(1, T + 1)
    return np.minimum(1.0 - cosine_alpha_bar(t, T, s) / cosine_alpha_bar(t - 1, T, s), max_beta)


def snr(alpha_bar: Array) -> Array:
    r"""Signal-to-noise ratio of $\mathbf{x}_t$: $\mathrm{SNR}(t) = \frac{\bar\alpha_t}{1 - \bar\alpha_t}$."""
    a = np.asarray(alpha_bar, dtype=float)
    return a / (1.0 - a)


def q_sample(x0: Array, alpha_bar_t: float, eps: Array) -> Array:
    r"""Forward process in closed form, $q(\mathbf{x}_t \mid \mathbf{x}_0) =
    \mathcal{N}(\sqrt{\bar\alpha_t}\,\mathbf{x}_0, (1 - \bar\alpha_t)\mathbf{I})$:
    $\mathbf{x}_t = \sqrt{\bar\alpha_t}\,\mathbf{x}_0 + \sqrt{1 - \bar\alpha_t}\,\boldsymbol\epsilon$."""
    return np.sqrt(alpha_bar_t) * np.asarray(x0) + np.sqrt(1.0 - alpha_bar_t) * np.asarray(eps)


def q_step(x_prev: Array, beta_t: float, eps: Array) -> Array:
    r"""One forward step $q(\mathbf{x}_t \mid \mathbf{x}_{t-1}) = \mathcal{N}(\sqrt{1 - \beta_t}\,\mathbf{x}_{t-1}, \beta_t \mathbf{I})$."""
    return np.sqrt(1.0 - beta_t) * np.asarray(x_prev) + np.sqrt(beta_t) * np.asarray(eps)


def posterior_mean_var(x0: Array, xt: Array, alpha_bar_t: float, alpha_bar_prev: float) -> tuple[Array, float]:
    r"""$q(\mathbf{x}_{t-1} \mid \mathbf{x}_t, \mathbf{x}_0) = \mathcal{N}(\tilde{\boldsymbol\mu}_t, \tilde\beta_t \mathbf{I})$ with
    $\tilde{\boldsymbol\mu}_t = \frac{\sqrt{\bar\alpha_{t-1}}\,\beta_t}{1 - \bar\alpha_t}\mathbf{x}_0
    + \frac{\sqrt{\alpha_t}\,(1 - \bar\alpha_{t-1})}{1 - \bar\alpha_t}\mathbf{x}_t$ and
    $\tilde\beta_t = \frac{1 - \bar\alpha_{t-1}}{1 - \bar\alpha_t}\beta_t$, where
    $\alpha_t = \bar\alpha_t / \bar\alpha_{t-1}$ and $\beta_t = 1 - \alpha_t$."""
    alpha_t = alpha_bar_t / alpha_bar_prev
    beta_t = 1.0 - alpha_t
    c0 = np.sqrt(alpha_bar_prev) * beta_t / (1.0 - alpha_bar_t)
    ct = np.sqrt(alpha_t) * (1.0 - alpha_bar_prev) / (1.0 - alpha_bar_t)
    var = (1.0 - alpha_bar_prev) / (1.0 - alpha_bar_t) * beta_t
    return c0 * np.asarray(x0) + ct * np.asarray(xt), float(var)


def eps_to_x0(xt: Array, eps: Array, alpha_bar_t: float) -> Array:
    r"""$\hat{\mathbf{x}}_0 = \frac{\mathbf{x}_t - \sqrt{1 - \bar\alpha_t}\,\boldsymbol\epsilon}{\sqrt{\bar\alpha_t}}$."""
    return (np.asarray(xt) - np.sqrt(1.0 - alpha_bar_t) * np.asarray(eps)) / np.sqrt(alpha_bar_t)


def x0_to_eps(xt: Array, x0: Array, alpha_bar_t: float) -> Array:
    r"""$\boldsymbol\epsilon = \frac{\mathbf{x}_t - \sqrt{\bar\alpha_t}\,\mathbf{x}_0}{\sqrt{1 - \bar\alpha_t}}$."""
    return (np.asarray(xt) - np.sqrt(alpha_bar_t) * np.asarray(x0)) / np.sqrt(1.0 - alpha_bar_t)


def v_target(x0: Array, eps: Array, alpha_bar_t: float) -> Array:
    r"""Salimans & Ho (2022): $\mathbf{v} = \sqrt{\bar\alpha_t}\,\boldsymbol\epsilon - \sqrt{1 - \bar\alpha_t}\,\mathbf{x}_0$."""
    return np.sqrt(alpha_bar_t) * np.asarray(eps) - np.sqrt(1.0 - alpha_bar_t) * np.asarray(x0)


def v_to_x0_eps(xt: Array, v: Array, alpha_bar_t: float) -> tuple[Array, Array]:
    r"""$\mathbf{x}_0 = \sqrt{\bar\alpha_t}\,\mathbf{x}_t - \sqrt{1 - \bar\alpha_t}\,\mathbf{v}$,
    $\boldsymbol\epsilon = \sqrt{1 - \bar\alpha_t}\,\mathbf{x}_t + \sqrt{\bar\alpha_t}\,\mathbf{v}$."""
    a, b = np.sqrt(alpha_bar_t), np.sqrt(1.0 - alpha_bar_t)
    return a * np.asarray(xt) - b * np.asarray(v), b * np.asarray(xt) + a * np.asarray(v)


def ddpm_step(xt: Array, eps_pred: Array, alpha_bar_t: float, alpha_bar_prev: float,
              z: Array, sigma2: str = "beta") -> Array:
    r"""Ancestral DDPM step (Ho et al. 2020, Algorithm 2):
    $\mathbf{x}_{t-1} = \frac{1}{\sqrt{\alpha_t}}\Bigl(\mathbf{x}_t - \frac{\beta_t}{\sqrt{1 - \bar\alpha_t}}
    \boldsymbol\epsilon_\theta(\mathbf{x}_t, t)\Bigr) + \sigma_t \mathbf{z}$, with $\sigma_t^2 = \beta_t$
    (``sigma2="beta"``) or $\tilde\beta_t$ (``"beta_tilde"``); $\mathbf{z} = \mathbf{0}$ at $t = 1$."""
    alpha_t = alpha_bar_t / alpha_bar_prev
    beta_t = 1.0 - alpha_t
    mean = (np.asarray(xt) - beta_t / np.sqrt(1.0 - alpha_bar_t) * np.asarray(eps_pred)) / np.sqrt(alpha_t)
    var = beta_t if sigma2 == "beta" else (1.0 - alpha_bar_prev) / (1.0 - alpha_bar_t) * beta_t
    return mean + np.sqrt(var) * np.asarray(z)


def ddim_sigma(alpha_bar_t: float, alpha_bar_prev: float, eta: float) -> float:
    r"""Song, Meng & Ermon (2021): $\sigma_t(\eta) = \eta\sqrt{\frac{1 - \bar\alpha_{t-1}}{1 - \bar\alpha_t}}
    \sqrt{1 - \frac{\bar\alpha_t}{\bar\alpha_{t-1}}}$; $\eta = 1$ gives DDPM's $\tilde\beta_t$, $\eta = 0$ is deterministic."""
    return float(eta * np.sqrt((1.0 - alpha_bar_prev) / (1.0 - alpha_bar_t)) * np.sqrt(1.0 - alpha_bar_t / alpha_bar_prev))


def ddim_step(xt: Array, eps_pred: Array, alpha_bar_t: float, alpha_bar_prev: float,
              eta: float = 0.0, z: Array | None = None) -> Array:
    r"""DDIM update (the paper writes $\alpha_t$ for our $\bar\alpha_t$):
    $\mathbf{x}_{t-1} = \sqrt{\bar\alpha_{t-1}}\,\hat{\mathbf{x}}_0
    + \sqrt{1 - \bar\alpha_{t-1} - \sigma_t^2}\,\boldsymbol\epsilon_\theta(\mathbf{x}_t, t) + \sigma_t \mathbf{z}$,
    $\hat{\mathbf{x}}_0 = \frac{\mathbf{x}_t - \sqrt{1 - \bar\alpha_t}\,\boldsymbol\epsilon_\theta}{\sqrt{\bar\alpha_t}}$.
    "$t-1$" is any earlier time of the sampling sub-sequence."""
    sigma = ddim_sigma(alpha_bar_t, alpha_bar_prev, eta)
    x0_hat = eps_to_x0(xt, eps_pred, alpha_bar_t)
    out = np.sqrt(alpha_bar_prev) * x0_hat + np.sqrt(1.0 - alpha_bar_prev - sigma**2) * np.asarray(eps_pred)
    if sigma > 0.0:
        if z is None:
            raise ValueError("eta > 0 needs noise z")
        out = out + sigma * np.asarray(z)
    return out


def cfg_eps(eps_cond: Array, eps_uncond: Array, guidance_scale: float) -> Array:
    r"""Classifier-free guidance (Ho & Salimans 2022):
    $\tilde{\boldsymbol\epsilon} = \boldsymbol\epsilon_\theta(\mathbf{x}_t, \varnothing)
    + s\,\bigl(\boldsymbol\epsilon_\theta(\mathbf{x}_t, \mathbf{c}) - \boldsymbol\epsilon_\theta(\mathbf{x}_t, \varnothing)\bigr)$;
    the paper's $w$ is $s - 1$: $(1 + w)\,\boldsymbol\epsilon_\theta(\mathbf{x}_t, \mathbf{c}) - w\,\boldsymbol\epsilon_\theta(\mathbf{x}_t, \varnothing)$."""
    u = np.asarray(eps_uncond)
    return u + guidance_scale * (np.asarray(eps_cond) - u)


def forward_mixture_density(x: Array, alpha_bar_t: float, means: Array, stds: Array, weights: Array) -> Array:
    r"""Marginal $q(x_t)$ when $x_0 \sim \sum_k \pi_k \mathcal{N}(\mu_k, s_k^2)$ (1-D):
    $q(x_t) = \sum_k \pi_k\, \mathcal{N}\bigl(x_t;\ \sqrt{\bar\alpha_t}\,\mu_k,\ \bar\alpha_t s_k^2 + 1 - \bar\alpha_t\bigr)$."""
    x = np.asarray(x, dtype=float)[..., None]
    m = np.sqrt(alpha_bar_t) * np.asarray(means, dtype=float)
    v = alpha_bar_t * np.asarray(stds, dtype=float) ** 2 + 1.0 - alpha_bar_t
    dens = np.exp(-0.5 * (x - m) ** 2 / v) / np.sqrt(2.0 * np.pi * v)
    return dens @ np.asarray(weights, dtype=float)


# --- prediction targets and loss weighting -----------------------------------------------------------


def min_snr_weight(snr_t: Array, gamma: float = 5.0, prediction: str = "eps") -> Array:
    r"""Min-SNR-$\gamma$ loss weight (Hang et al. 2023), $\gamma = 5$: the $\mathbf{x}_0$-loss weight is
    $\min(\mathrm{SNR}_t, \gamma)$; for $\boldsymbol\epsilon$-prediction $w_t = \frac{\min(\mathrm{SNR}_t, \gamma)}{\mathrm{SNR}_t}$,
    for $\mathbf{v}$-prediction $w_t = \frac{\min(\mathrm{SNR}_t, \gamma)}{\mathrm{SNR}_t + 1}$."""
    snr_t = np.asarray(snr_t, dtype=float)
    clipped = np.minimum(snr_t, gamma)
    if prediction == "x0":
        return clipped
    if prediction == "eps":
        return clipped / snr_t
    if prediction == "v":
        return clipped / (snr_t + 1.0)
    raise ValueError(f"unknown prediction {prediction!r}")


# --- EDM (Karras et al. 2022): x = y + n, n ~ N(0, sigma^2 I) ----------------------------------------

EDM_SIGMA_DATA = 0.5
EDM_P_MEAN, EDM_P_STD = -1.2, 1.2
EDM_SIGMA_MIN, EDM_SIGMA_MAX, EDM_RHO = 0.002, 80.0, 7.0


def edm_precond(sigma: Array, sigma_data: float = EDM_SIGMA_DATA) -> tuple[Array, Array, Array, Array]:
    r"""EDM preconditioning (Karras et al. 2022, Table 1), $D_\theta(\mathbf{x}; \sigma) = c_\text{skip}(\sigma)\,\mathbf{x}
    + c_\text{out}(\sigma)\,F_\theta\bigl(c_\text{in}(\sigma)\,\mathbf{x};\ c_\text{noise}(\sigma)\bigr)$ with
    $c_\text{skip} = \frac{\sigma_\text{data}^2}{\sigma^2 + \sigma_\text{data}^2}$,
    $c_\text{out} = \frac{\sigma\,\sigma_\text{data}}{\sqrt{\sigma^2 + \sigma_\text{data}^2}}$,
    $c_\text{in} = \frac{1}{\sqrt{\sigma^2 + \sigma_\text{data}^2}}$, $c_\text{noise} = \tfrac{1}{4}\ln\sigma$;
    returns $(c_\text{skip}, c_\text{out}, c_\text{in}, c_\text{noise})$."""
    sigma = np.asarray(sigma, dtype=float)
    total = sigma**2 + sigma_data**2
    return sigma_data**2 / total, sigma * sigma_data / np.sqrt(total), 1.0 / np.sqrt(total), 0.25 * np.log(sigma)


def edm_loss_weight(sigma: Array, sigma_data: float = EDM_SIGMA_DATA) -> Array:
    r"""EDM loss weight $\lambda(\sigma) = \frac{\sigma^2 + \sigma_\text{data}^2}{(\sigma\,\sigma_\text{data})^2} = 1 / c_\text{out}(\sigma)^2$."""
    sigma = np.asarray(sigma, dtype=float)
    return (sigma**2 + sigma_data**2) / (sigma * sigma_data) ** 2


def edm_training_target(y: Array, n: Array, sigma: float, sigma_data: float = EDM_SIGMA_DATA) -> Array:
    r"""What the raw network $F_\theta$ regresses: $F_\text{target} = \frac{\mathbf{y} - c_\text{skip}(\sigma)\,(\mathbf{y} + \mathbf{n})}{c_\text{out}(\sigma)}$,
    $\mathbf{y}$ clean, $\mathbf{n} \sim \mathcal{N}(\mathbf{0}, \sigma^2\mathbf{I})$; unit variance when $\Var[\mathbf{y}] = \sigma_\text{data}^2$."""
    c_skip, c_out, _, _ = edm_precond(sigma, sigma_data)
    y = np.asarray(y, dtype=float)
    return (y - c_skip * (y + np.asarray(n, dtype=float))) / c_out


def edm_denoiser(raw_net: Callable[[Array, Array], Array], x: Array, sigma: float,
                 sigma_data: float = EDM_SIGMA_DATA) -> Array:
    r"""Wrap a raw network $F_\theta(\cdot\,; c_\text{noise})$ into the denoiser
    $D_\theta(\mathbf{x}; \sigma) = c_\text{skip}\,\mathbf{x} + c_\text{out}\,F_\theta(c_\text{in}\,\mathbf{x};\ c_\text{noise})$."""
    c_skip, c_out, c_in, c_noise = edm_precond(sigma, sigma_data)
    x = np.asarray(x, dtype=float)
    return c_skip * x + c_out * raw_net(c_in * x, c_noise)


def edm_training_sigma(z: Array, p_mean: float = EDM_P_MEAN, p_std: float = EDM_P_STD) -> Array:
    r"""Training noise levels: $\ln\sigma \sim \mathcal{N}(P_\text{mean}, P_\text{std}^2)$, $P_\text{mean} = -1.2$,
    $P_\text{std} = 1.2$; maps standard-normal draws $z$ to $\sigma = \exp(P_\text{mean} + P_\text{std}\,z)$."""
    return np.exp(p_mean + p_std * np.asarray(z, dtype=float))


def edm_sigma_schedule(n_steps: int, sigma_min: float = EDM_SIGMA_MIN, sigma_max: float = EDM_SIGMA_MAX,
                       rho: float = EDM_RHO) -> Array:
    r"""Sampling noise levels $\sigma_{i < N} = \Bigl(\sigma_{\max}^{1/\rho} + \frac{i}{N - 1}\bigl(\sigma_{\min}^{1/\rho}
    - \sigma_{\max}^{1/\rho}\bigr)\Bigr)^{\rho}$, $\sigma_N = 0$; $\rho = 7$, $\sigma_{\min} = 0.002$, $\sigma_{\max} = 80$.
    Returns $N + 1$ values."""
    i = np.arange(n_steps, dtype=float)
    lo, hi = sigma_min ** (1.0 / rho), sigma_max ** (1.0 / rho)
    return np.append((hi + i / (n_steps - 1) * (lo - hi)) ** rho, 0.0)


def edm_sample(denoiser: Callable[[Array, float], Array], x: Array, sigmas: Array, order: int = 2) -> Array:
    r"""Deterministic EDM sampler (Karras et al. 2022, Algorithm 1) for $\frac{d\mathbf{x}}{d\sigma} = \frac{\mathbf{x} - D(\mathbf{x}; \sigma)}{\sigma}$:
    Euler step $\mathbf{x}_{i+1} = \mathbf{x}_i + (\sigma_{i+1} - \sigma_i)\,\mathbf{d}_i$, $\mathbf{d}_i = \frac{\mathbf{x}_i - D(\mathbf{x}_i; \sigma_i)}{\sigma_i}$;
    with ``order=2`` (Heun) and $\sigma_{i+1} \ne 0$, correct to $\mathbf{x}_i + (\sigma_{i+1} - \sigma_i)\,\tfrac{1}{2}(\mathbf{d}_i + \mathbf{d}'_i)$.
    Start from $\mathbf{x} \sim \mathcal{N}(\mathbf{0}, \sigma_0^2\mathbf{I})$: $2N - 1$ denoiser calls for Heun."""
    x = np.asarray(x, dtype=float)
    for s, s_next in zip(sigmas[:-1], sigmas[1:]):
        d = (x - denoiser(x, s)) / s
        x_next = x + (s_next - s) * d
        if order == 2 and s_next > 0:
            d_prime = (x_next - denoiser(x_next, s_next)) / s_next
            x_next = x + (s_next - s) * 0.5 * (d + d_prime)
        x = x_next
    return x


def vp_to_edm_sigma(alpha_bar_t: Array) -> Array:
    r"""A VP sample is a scaled EDM sample: $\mathbf{x}_t / \sqrt{\bar\alpha_t} = \mathbf{x}_0 + \sigma\boldsymbol\epsilon$ with
    $\sigma = \sqrt{(1 - \bar\alpha_t)/\bar\alpha_t} = \mathrm{SNR}(t)^{-1/2}$."""
    a = np.asarray(alpha_bar_t, dtype=float)
    return np.sqrt((1.0 - a) / a)
