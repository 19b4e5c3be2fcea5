"""PyTorch reference values for the loss functions (float64, CPU).

Each member maps to a list of cases: the inputs (positional, as in
``cheatsheet.numerics.losses``), the keyword parameters, the loss for every reduction and
the autograd gradient of the reduced loss with respect to the first input. Losses that
``torch.nn.functional`` lacks (log-cosh, quantile, binary and squared hinge, focal,
contrastive, InfoNCE) are computed from their defining formula with torch operations in
float64; the focal loss follows torchvision's ``sigmoid_focal_loss`` formula (torchvision is
not installed).
"""

from __future__ import annotations

import warnings

import torch
import torch.nn.functional as F


def _randn(*shape: int, scale: float = 1.0) -> torch.Tensor:
    return torch.randn(*shape, dtype=torch.float64) * scale


def _case(fn, inputs: list, params: dict, reductions=("none", "mean", "sum")) -> dict:
    """Evaluate ``fn(*inputs, reduction=r, **params)`` and its gradient w.r.t. ``inputs[0]``."""
    loss, grad = {}, {}
    for r in reductions:
        x0 = inputs[0].detach().clone().requires_grad_(True)
        out = fn(x0, *inputs[1:], reduction=r, **params)
        loss[r] = out.tolist()
        if r != "none":
            (g,) = torch.autograd.grad(out, x0)
            grad[r] = g.tolist()
    return {"inputs": [t.tolist() for t in inputs], "params": params, "loss": loss, "grad": grad}


def _reduce(values: torch.Tensor, reduction: str) -> torch.Tensor:
    return {"none": values, "mean": values.mean(), "sum": values.sum()}[reduction]


# formulas for losses torch.nn.functional does not provide --------------------------------


def log_cosh(pred, target, reduction):
    return _reduce(torch.log(torch.cosh(pred - target)), reduction)


def quantile(pred, target, reduction, tau):
    u = target - pred
    return _reduce(torch.maximum(tau * u, (tau - 1) * u), reduction)


def hinge(f, y, reduction):
    return _reduce(torch.clamp(1 - y * f, min=0), reduction)


def squared_hinge(f, y, reduction):
    return _reduce(torch.clamp(1 - y * f, min=0) ** 2, reduction)


def focal(z, y, reduction, alpha, gamma):
    """torchvision.ops.sigmoid_focal_loss, written out."""
    p = torch.sigmoid(z)
    ce = F.binary_cross_entropy_with_logits(z, y, reduction="none")
    p_t = p * y + (1 - p) * (1 - y)
    loss = ce * (1 - p_t) ** gamma
    if alpha is not None and alpha >= 0:
        loss = (alpha * y + (1 - alpha) * (1 - y)) * loss
    return _reduce(loss, reduction)


def contrastive(x1, x2, y, reduction, margin):
    """Hadsell, Chopra and LeCun (2006), with y = 1 for a similar pair."""
    d = torch.linalg.vector_norm(x1 - x2, dim=-1)
    return _reduce(y * 0.5 * d**2 + (1 - y) * 0.5 * torch.clamp(margin - d, min=0) ** 2, reduction)


def infonce(q, k, reduction, tau):
    logits = F.normalize(q, dim=-1) @ F.normalize(k, dim=-1).T / tau
    return F.cross_entropy(logits, torch.arange(q.shape[0]), reduction=reduction)


def ctc(z, targets, input_lengths, target_lengths, reduction, blank=0, zero_infinity=False):
    """F.ctc_loss on the log-softmax of logits (T, N, C), as a model would call it."""
    return F.ctc_loss(F.log_softmax(z, dim=-1), targets, input_lengths, target_lengths, blank=blank,
                      reduction=reduction, zero_infinity=zero_infinity)


def gaussian_nll(pred, target, var, reduction, full=False, eps=1e-6):
    return F.gaussian_nll_loss(pred, target, var, full=full, eps=eps, reduction=reduction)


def poisson_nll(x, y, reduction, log_input=True, full=False, eps=1e-8):
    return F.poisson_nll_loss(x, y, log_input=log_input, full=full, eps=eps, reduction=reduction)


def soft_dice(p, g, reduction, squared=False, smooth=0.0):
    """1 - (2 sum pg + s) / (sum p + sum g + s) per sample; squared: sum p^2 + sum g^2 (Milletari et al.)."""
    dims = tuple(range(1, p.ndim))
    inter = (p * g).sum(dims)
    den = (p.pow(2).sum(dims) + g.pow(2).sum(dims)) if squared else (p.sum(dims) + g.sum(dims))
    return _reduce(1 - (2 * inter + smooth) / (den + smooth), reduction)


def tversky(p, g, reduction, alpha=0.3, beta=0.7, smooth=0.0):
    """Salehi et al. (2017): 1 - TP / (TP + alpha FP + beta FN) with soft counts, per sample."""
    dims = tuple(range(1, p.ndim))
    tp = (p * g).sum(dims)
    fp = (p * (1 - g)).sum(dims)
    fn = ((1 - p) * g).sum(dims)
    return _reduce(1 - (tp + smooth) / (tp + alpha * fp + beta * fn + smooth), reduction)


def angular_margin(x, w, y, reduction, s=64.0, m2=0.5, m3=0.0):
    """ArcFace / CosFace: cross-entropy over s * cos(theta_j), the target's angle shifted by m2, cosine by m3."""
    cos = F.normalize(x, dim=-1) @ F.normalize(w, dim=-1).T
    theta = torch.acos(cos.gather(1, y[:, None]))
    target = torch.cos(theta + m2) - m3
    logits = s * cos.scatter(1, y[:, None], target)
    return F.cross_entropy(logits, y, reduction=reduction)


def supcon(z, labels, reduction, tau=0.1):
    """Khosla et al. (2020), L^sup_out, written with masks as in their reference code (without the
    temperature / base-temperature factor)."""
    z = F.normalize(z, dim=-1)
    n = z.shape[0]
    logits = z @ z.T / tau
    self_mask = torch.eye(n, dtype=torch.bool)
    pos_mask = (labels[:, None] == labels[None, :]) & ~self_mask
    logits = logits.masked_fill(self_mask, float("-inf"))
    log_prob = logits - torch.logsumexp(logits, dim=1, keepdim=True)
    per_anchor = -(log_prob.masked_fill(~pos_mask, 0.0)).sum(1) / pos_mask.sum(1)
    return _reduce(per_anchor, reduction)


def vae_kl(mu, logvar, reduction):
    """KL(N(mu, sigma^2) || N(0, 1)) element-wise from torch.distributions."""
    q = torch.distributions.Normal(mu, torch.exp(0.5 * logvar))
    p = torch.distributions.Normal(torch.zeros_like(mu), torch.ones_like(mu))
    return _reduce(torch.distributions.kl_divergence(q, p), reduction)


def _signs(n: int) -> torch.Tensor:
    return torch.where(torch.rand(n) < 0.5, -1.0, 1.0).to(torch.float64)


def generate() -> dict:
    members: dict[str, list] = {}

    pred, target = _randn(12, scale=2.0), _randn(12)
    pred2, target2 = _randn(3, 4, scale=3.0), _randn(3, 4)
    members["mse"] = [_case(F.mse_loss, [pred, target], {}), _case(F.mse_loss, [pred2, target2], {})]
    members["mae"] = [_case(F.l1_loss, [pred, target], {}), _case(F.l1_loss, [pred2, target2], {})]
    members["huber"] = [_case(F.huber_loss, [pred, target], {"delta": 1.0}),
                        _case(F.huber_loss, [pred2, target2], {"delta": 0.5}),
                        _case(F.huber_loss, [pred2, target2], {"delta": 2.5})]
    members["smooth-l1"] = [_case(F.smooth_l1_loss, [pred, target], {"beta": 1.0}),
                            _case(F.smooth_l1_loss, [pred2, target2], {"beta": 0.5}),
                            _case(F.smooth_l1_loss, [pred2, target2], {"beta": 2.5})]
    members["log-cosh"] = [_case(log_cosh, [pred, target], {}), _case(log_cosh, [pred2, target2], {})]
    members["quantile"] = [_case(quantile, [pred, target], {"tau": 0.9}),
                           _case(quantile, [pred2, target2], {"tau": 0.1}),
                           _case(quantile, [pred2, target2], {"tau": 0.5})]

    p = torch.rand(10)
    y = (torch.rand(10) < 0.5).to(torch.float64)
    p_edge = torch.tensor([0.0, 1.0, 1e-50, 0.3, 1.0 - 1e-9, 0.5])
    y_edge = torch.tensor([1.0, 0.0, 1.0, 0.25, 1.0, 0.0])  # a soft label too
    members["bce"] = [_case(F.binary_cross_entropy, [p, y], {}),
                      _case(F.binary_cross_entropy, [p_edge, y_edge], {})]

    z = _randn(10, scale=3.0)
    z_big = torch.tensor([-800.0, -40.0, -1.0, 0.0, 2.0, 40.0, 800.0])
    y_big = torch.tensor([1.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0])
    members["bce-with-logits"] = [
        _case(F.binary_cross_entropy_with_logits, [z, y], {}),
        _case(F.binary_cross_entropy_with_logits, [z_big, y_big], {}),
        _case(lambda a, b, reduction, pos_weight: F.binary_cross_entropy_with_logits(
            a, b, reduction=reduction, pos_weight=torch.tensor(pos_weight)), [z, y], {"pos_weight": 3.0}),
    ]

    logits = _randn(6, 5, scale=2.0)
    classes = torch.randint(0, 5, (6,))
    members["cross-entropy"] = [_case(F.cross_entropy, [logits, classes], {"label_smoothing": eps})
                                for eps in (0.0, 0.1, 0.3)]

    log_probs = F.log_softmax(_randn(7, 4, scale=2.0), dim=-1)
    classes4 = torch.randint(0, 4, (7,))
    members["nll"] = [_case(F.nll_loss, [log_probs, classes4], {}),
                      _case(lambda a, b, reduction, weight: F.nll_loss(a, b, weight=torch.tensor(weight),
                                                                        reduction=reduction),
                            [log_probs, classes4], {"weight": [1.0, 2.0, 0.5, 3.0]})]

    f = _randn(10, scale=1.5)
    ys = _signs(10)
    f = torch.where((ys * f - 1).abs() < 0.05, f + 0.2, f)
    members["hinge"] = [_case(hinge, [f, ys], {})]
    members["squared-hinge"] = [_case(squared_hinge, [f, ys], {})]

    scores = _randn(6, 4, scale=1.5)
    members["multi-margin"] = [_case(F.multi_margin_loss, [scores, classes4[:6]], {"p": 1, "margin": 1.0}),
                               _case(F.multi_margin_loss, [scores, classes4[:6]], {"p": 2, "margin": 1.0}),
                               _case(F.multi_margin_loss, [scores, classes4[:6]], {"p": 1, "margin": 0.5})]

    members["focal"] = [_case(focal, [z, y], {"alpha": 0.25, "gamma": 2.0}),
                        _case(focal, [z, y], {"alpha": None, "gamma": 0.5}),
                        _case(focal, [z, y], {"alpha": 0.75, "gamma": 0.0}),
                        _case(focal, [z, y], {"alpha": 0.25, "gamma": 5.0})]

    log_q = F.log_softmax(_randn(4, 5), dim=-1)
    p_target = F.softmax(_randn(4, 5, scale=2.0), dim=-1)
    p_target[0, 1] = 0.0  # a zero-probability target: 0 log 0 = 0
    p_target[0] /= p_target[0].sum()
    kl_reductions = ("none", "mean", "sum", "batchmean")
    with warnings.catch_warnings():  # reduction="mean" warns that it is not the true KL
        warnings.simplefilter("ignore", UserWarning)
        members["kl-div"] = [_case(F.kl_div, [log_q, p_target], {}, kl_reductions)]

    x1, x2 = _randn(8, 3), _randn(8, 3)
    x2[:3] = x1[:3] + 0.2 * _randn(3, 3)  # some close pairs, inside the margin
    pair = (torch.rand(8) < 0.5).to(torch.float64)
    pair[:3] = torch.tensor([0.0, 0.0, 1.0])
    members["contrastive"] = [_case(contrastive, [x1, x2, pair], {"margin": 1.0}),
                              _case(contrastive, [x1, x2, pair], {"margin": 2.5})]

    a, pos, neg = _randn(8, 4), _randn(8, 4), _randn(8, 4)
    members["triplet"] = [_case(F.triplet_margin_loss, [a, pos, neg], {"margin": 1.0}),
                          _case(F.triplet_margin_loss, [a, pos, neg], {"margin": 0.3})]

    sim = _signs(8)
    members["cosine-embedding"] = [_case(F.cosine_embedding_loss, [x1, x2, sim], {"margin": 0.0}),
                                   _case(F.cosine_embedding_loss, [x1, x2, sim], {"margin": 0.3})]

    q, k = _randn(6, 5), _randn(6, 5)
    k = k + q  # positives correlated with their queries
    members["infonce"] = [_case(infonce, [q, k], {"tau": 0.1}), _case(infonce, [q, k], {"tau": 0.5})]

    # --- members added for likelihoods, sequences, segmentation, margins, supervised contrast ---
    pred_g, target_g = _randn(10, scale=2.0), _randn(10)
    var_g = torch.rand(10) * 2.0 + 0.05
    var_g[0] = 1e-8  # below eps: clamped to 1e-6 (with a small residual, so the term stays O(1))
    pred_g[0] = target_g[0] + 1e-3
    members["gaussian-nll"] = [_case(gaussian_nll, [pred_g, target_g, var_g], {"full": False, "eps": 1e-6}),
                               _case(gaussian_nll, [pred_g, target_g, var_g], {"full": True, "eps": 1e-6}),
                               _case(gaussian_nll, [pred_g, target_g, var_g], {"full": False, "eps": 0.5})]

    log_rate = _randn(10)
    counts = torch.tensor([0.0, 1.0, 2.0, 3.0, 5.0, 0.0, 1.0, 8.0, 4.0, 2.0])
    rate = torch.rand(10) * 3.0 + 0.1
    members["poisson-nll"] = [
        _case(poisson_nll, [log_rate, counts], {"log_input": True, "full": False, "eps": 1e-8}),
        _case(poisson_nll, [log_rate, counts], {"log_input": True, "full": True, "eps": 1e-8}),
        _case(poisson_nll, [rate, counts], {"log_input": False, "full": False, "eps": 1e-8}),
        _case(poisson_nll, [rate, counts], {"log_input": False, "full": True, "eps": 1e-8}),
    ]

    # CTC: T = 8 frames, batch of 4, C = 5 (blank 0); targets with a repeated label (needs a blank between),
    # different input and target lengths, and one with blank = 4
    z_ctc = _randn(8, 4, 5, scale=1.5)
    targets = torch.tensor([[1, 2, 3, 0], [2, 2, 3, 0], [1, 1, 1, 0], [3, 1, 2, 2]])
    in_len = torch.tensor([8, 7, 8, 8])
    tg_len = torch.tensor([3, 3, 3, 4])
    targets_b4 = torch.tensor([[1, 0, 2, 3], [0, 0, 3, 3], [2, 2, 1, 1], [3, 1, 0, 2]])
    members["ctc"] = [
        _case(ctc, [z_ctc, targets, in_len, tg_len], {"blank": 0, "zero_infinity": False}),
        _case(ctc, [z_ctc, targets_b4, torch.tensor([8, 6, 8, 5]), torch.tensor([4, 2, 4, 1])],
              {"blank": 4, "zero_infinity": False}),
        # [1, 1, 1] needs 5 frames; with 4 frames it is impossible: inf, zeroed by zero_infinity
        _case(ctc, [z_ctc, targets, torch.tensor([8, 6, 4, 8]), tg_len], {"blank": 0, "zero_infinity": True}),
    ]

    p_seg = torch.rand(3, 4, 5)
    g_seg = (torch.rand(3, 4, 5) < 0.4).to(torch.float64)
    members["dice"] = [_case(soft_dice, [p_seg, g_seg], {"squared": False, "smooth": 0.0}),
                       _case(soft_dice, [p_seg, g_seg], {"squared": True, "smooth": 0.0}),
                       _case(soft_dice, [p_seg, g_seg], {"squared": False, "smooth": 1.0})]
    members["tversky"] = [_case(tversky, [p_seg, g_seg], {"alpha": 0.3, "beta": 0.7, "smooth": 0.0}),
                          _case(tversky, [p_seg, g_seg], {"alpha": 0.5, "beta": 0.5, "smooth": 0.0}),
                          _case(tversky, [p_seg, g_seg], {"alpha": 0.7, "beta": 0.3, "smooth": 1.0})]

    x_emb, w_cls = _randn(6, 4), _randn(5, 4)
    y_cls = torch.randint(0, 5, (6,))
    members["arcface"] = [_case(angular_margin, [x_emb, w_cls, y_cls], {"s": 16.0, "m2": 0.5, "m3": 0.0}),
                          _case(angular_margin, [x_emb, w_cls, y_cls], {"s": 16.0, "m2": 0.0, "m3": 0.35}),
                          _case(angular_margin, [x_emb, w_cls, y_cls], {"s": 8.0, "m2": 0.3, "m3": 0.2})]

    z_sc = _randn(8, 5)
    y_sc = torch.tensor([0, 1, 0, 2, 1, 2, 0, 1])
    z_sc = z_sc + 1.5 * F.one_hot(y_sc, 5).to(torch.float64)  # classes pull their embeddings together
    members["supcon"] = [_case(supcon, [z_sc, y_sc], {"tau": 0.1}), _case(supcon, [z_sc, y_sc], {"tau": 0.5})]

    mu_v, logvar_v = _randn(4, 3), _randn(4, 3)
    members["vae-kl"] = [_case(vae_kl, [mu_v, logvar_v], {})]

    pb = torch.tensor([0.05, 0.2, 0.5, 0.9])
    qb = torch.tensor([0.3, 0.6, 0.5, 0.01])
    bern = torch.distributions.kl_divergence(torch.distributions.Bernoulli(probs=pb),
                                             torch.distributions.Bernoulli(probs=qb))
    mu1, s1 = torch.tensor([0.0, 1.0, -2.0]), torch.tensor([1.0, 0.5, 2.0])
    mu2, s2 = torch.tensor([0.0, 0.0, 1.0]), torch.tensor([2.0, 1.0, 0.7])
    gauss = torch.distributions.kl_divergence(torch.distributions.Normal(mu1, s1), torch.distributions.Normal(mu2, s2))
    helpers = {
        "kl_bernoulli": {"p": pb.tolist(), "q": qb.tolist(), "kl": bern.tolist()},
        "kl_gaussian": {"mu1": mu1.tolist(), "s1": s1.tolist(), "mu2": mu2.tolist(), "s2": s2.tolist(),
                        "kl": gauss.tolist()},
    }
    return {"members": members, "helpers": helpers}
