"""Preference tuning in NumPy: the Bradley-Terry reward-model loss, DPO and IPO losses with their
gradients, the DPO implicit reward and the KL-regularized optimal policy, GRPO group-relative
advantages with the k3 KL estimator, and the best-of-N KL formula."""

from __future__ import annotations

import numpy as np

Array = np.ndarray


def log_sigmoid(x):
    r"""$\log\sigma(x) = -\log(1 + e^{-x})$, computed stably."""
    x = np.asarray(x, dtype=float)
    return -np.logaddexp(0.0, -x)


def sigmoid(x):
    r"""$\sigma(x) = 1 / (1 + e^{-x})$."""
    return np.exp(log_sigmoid(x))


def bradley_terry_loss(r_chosen, r_rejected):
    r"""Reward-model loss $\mathcal{L}_\text{RM} = -\log\sigma\big(r_\phi(x, y_w) - r_\phi(x, y_l)\big)$, per pair."""
    return -log_sigmoid(np.asarray(r_chosen, dtype=float) - np.asarray(r_rejected, dtype=float))


def dpo_loss(logp_w, logp_l, ref_logp_w, ref_logp_l, beta: float = 0.1):
    r"""$\mathcal{L}_\text{DPO} = -\log\sigma\Big(\beta\log\frac{\pi_\theta(y_w|x)}{\pi_\text{ref}(y_w|x)}
    - \beta\log\frac{\pi_\theta(y_l|x)}{\pi_\text{ref}(y_l|x)}\Big)$ per pair; the log-probabilities are sums over
    the response tokens."""
    h = (np.asarray(logp_w) - np.asarray(ref_logp_w)) - (np.asarray(logp_l) - np.asarray(ref_logp_l))
    return -log_sigmoid(beta * h)


def dpo_grad(logp_w, logp_l, ref_logp_w, ref_logp_l, beta: float = 0.1):
    r"""Gradient of $\mathcal{L}_\text{DPO}$ with respect to $(\log\pi_\theta(y_w|x), \log\pi_\theta(y_l|x))$:
    $\mp\beta\,\sigma(\hat r_l - \hat r_w)$, with $\hat r = \beta\log(\pi_\theta/\pi_\text{ref})$."""
    h = (np.asarray(logp_w) - np.asarray(ref_logp_w)) - (np.asarray(logp_l) - np.asarray(ref_logp_l))
    w = beta * sigmoid(-beta * h)
    return -w, w


def dpo_loss_from_margin(h, beta: float = 1.0):
    r"""$-\log\sigma(\beta h)$ for the log-ratio difference $h$."""
    return -log_sigmoid(beta * np.asarray(h, dtype=float))


def dpo_gradient_weight(h, beta: float = 1.0):
    r"""$\sigma(-\beta h)$: how strongly a pair is pushed; near 1 when the model orders it wrongly."""
    return sigmoid(-beta * np.asarray(h, dtype=float))


def ipo_loss_from_margin(h, tau: float = 0.1):
    r"""IPO (Azar et al. 2023): $\big(h - \frac{1}{2\tau}\big)^2$, a squared loss with a finite target margin."""
    return (np.asarray(h, dtype=float) - 1.0 / (2.0 * tau)) ** 2


def implicit_reward(logp, ref_logp, beta: float = 0.1):
    r"""DPO's implicit reward $\hat r(x, y) = \beta\log\frac{\pi_\theta(y|x)}{\pi_\text{ref}(y|x)}$ (defined up to $\beta\log Z(x)$)."""
    return beta * (np.asarray(logp, dtype=float) - np.asarray(ref_logp, dtype=float))


def kl_regularized_optimum(pi_ref, reward, beta: float):
    r"""Maximizer of $\E_{y\sim\pi}[r(y)] - \beta\,\KL(\pi \,\|\, \pi_\text{ref})$ over a finite set of responses:
    $\pi^*(y) = \pi_\text{ref}(y)\exp(r(y)/\beta) / Z$, $Z = \sum_y \pi_\text{ref}(y)\exp(r(y)/\beta)$.
    Returns ``(pi_star, log_Z)``."""
    logits = np.log(np.asarray(pi_ref, dtype=float)) + np.asarray(reward, dtype=float) / beta
    log_Z = np.logaddexp.reduce(logits)
    return np.exp(logits - log_Z), float(log_Z)


def grpo_advantages(rewards, eps: float = 0.0, ddof: int = 0):
    r"""Group-relative advantages $\hat A_i = \frac{r_i - \operatorname{mean}(\mathbf{r})}{\operatorname{std}(\mathbf{r}) + \epsilon}$
    over the $G$ responses to one prompt (last axis). ``ddof=0`` is the population std; TRL's ``GRPOTrainer`` uses
    ``torch.std`` (``ddof=1``) and ``eps = 1e-4``. Every token of response $i$ gets the same advantage $\hat A_i$
    (outcome supervision)."""
    r = np.asarray(rewards, dtype=float)
    return (r - r.mean(axis=-1, keepdims=True)) / (r.std(axis=-1, ddof=ddof, keepdims=True) + eps)


def kl_k3(logp, ref_logp):
    r"""Per-token KL estimator of GRPO (Schulman's $k_3$):
    $\frac{\pi_\text{ref}}{\pi_\theta} - \log\frac{\pi_\text{ref}}{\pi_\theta} - 1 \ge 0$, unbiased for
    $\KL(\pi_\theta \,\|\, \pi_\text{ref})$ when tokens are sampled from $\pi_\theta$."""
    d = np.asarray(ref_logp, dtype=float) - np.asarray(logp, dtype=float)
    return np.exp(d) - d - 1.0


def best_of_n_kl(n):
    r"""KL of best-of-$N$ sampling from the base policy: $\log N - \frac{N-1}{N}$ (exact for distinct outcomes,
    an upper bound in general)."""
    n = np.asarray(n, dtype=float)
    return np.log(n) - (n - 1) / n
