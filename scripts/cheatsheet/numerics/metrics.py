"""Evaluation metrics in NumPy: classification, regression, ranking, generation, vision, generative models.

Conventions (the same as the page and as scikit-learn where it has the metric):

* labels are integers; a binary problem has the positive class ``1``;
* a confusion matrix has the true class in rows and the predicted class in columns;
* ``zero_division`` is the value returned when a ratio has a zero denominator (scikit-learn's
  default ``"warn"`` behaves as 0);
* scores are "higher means more positive"; a threshold ``t`` predicts positive when ``score >= t``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

Array = np.ndarray
AVERAGES = ("binary", "macro", "micro", "weighted", None)


# ---------------------------------------------------------------------------------------------
# Classification from hard predictions
# ---------------------------------------------------------------------------------------------
def _labels(y_true: Array, y_pred: Array, labels: Sequence[int] | None) -> Array:
    if labels is not None:
        return np.asarray(labels)
    return np.union1d(np.asarray(y_true), np.asarray(y_pred))


def confusion_matrix(y_true, y_pred, labels: Sequence[int] | None = None) -> Array:
    r"""$C_{ij} = \#\{n : y_n = i,\ \hat{y}_n = j\}$ (rows: true class, columns: predicted class)."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    labs = _labels(y_true, y_pred, labels)
    index = {lab: i for i, lab in enumerate(labs.tolist())}
    cm = np.zeros((len(labs), len(labs)), dtype=np.int64)
    for t, p in zip(y_true.tolist(), y_pred.tolist()):
        if t in index and p in index:
            cm[index[t], index[p]] += 1
    return cm


def _per_class_counts(y_true, y_pred, labels=None) -> tuple[Array, Array, Array, Array]:
    """TP, FP, FN, TN of every class treated one-vs-rest."""
    cm = confusion_matrix(y_true, y_pred, labels)
    tp = np.diag(cm).astype(float)
    fp = cm.sum(axis=0) - tp
    fn = cm.sum(axis=1) - tp
    tn = cm.sum() - tp - fp - fn
    return tp, fp, fn, tn


def accuracy(y_true, y_pred) -> float:
    r"""$\text{accuracy} = \frac{1}{N}\sum_{n=1}^{N} \1[\hat{y}_n = y_n]$."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    return float(np.mean(y_true == y_pred))


def balanced_accuracy(y_true, y_pred) -> float:
    r"""$\text{balanced accuracy} = \frac{1}{K}\sum_{k=1}^{K} \frac{TP_k}{TP_k + FN_k}$ (mean recall over the classes present in $y$)."""
    cm = confusion_matrix(y_true, y_pred)
    support = cm.sum(axis=1)
    present = support > 0
    return float(np.mean(np.diag(cm)[present] / support[present]))


def _divide(num: Array, den: Array, zero_division: float) -> Array:
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    out = np.full(np.broadcast(num, den).shape, float(zero_division))
    np.divide(num, den, out=out, where=den != 0)
    return out


def _average(per_class: Array, support: Array, average: str | None, zero_division: float):
    if average is None:
        return per_class
    if average == "macro":
        return float(np.mean(per_class))
    if average == "weighted":
        total = support.sum()
        return float(np.sum(per_class * support) / total) if total > 0 else float(zero_division)
    raise ValueError(f"average must be one of {AVERAGES}, got {average!r}")


def fbeta(y_true, y_pred, beta: float = 1.0, average: str | None = "binary", pos_label: int = 1,
          labels: Sequence[int] | None = None, zero_division: float = 0.0):
    r"""$F_\beta = \frac{(1 + \beta^2)\,TP}{(1 + \beta^2)\,TP + \beta^2 FN + FP}$.

    ``average``: ``"binary"`` (class ``pos_label`` only), ``"micro"`` (pool TP, FP, FN over the
    classes, then apply the formula), ``"macro"`` (unweighted mean of the per-class values),
    ``"weighted"`` (mean weighted by the support $TP_k + FN_k$), ``None`` (per-class array).
    """
    if average == "binary":
        labels = [0, pos_label] if labels is None else labels
        tp, fp, fn, _ = _per_class_counts(y_true, y_pred, labels)
        i = list(np.asarray(labels)).index(pos_label)
        tp, fp, fn = tp[i:i + 1], fp[i:i + 1], fn[i:i + 1]
        b2 = beta * beta
        return float(_divide((1 + b2) * tp, (1 + b2) * tp + b2 * fn + fp, zero_division)[0])
    tp, fp, fn, _ = _per_class_counts(y_true, y_pred, labels)
    b2 = beta * beta
    if average == "micro":
        tp, fp, fn = tp.sum(), fp.sum(), fn.sum()
        return float(_divide((1 + b2) * tp, (1 + b2) * tp + b2 * fn + fp, zero_division))
    per_class = _divide((1 + b2) * tp, (1 + b2) * tp + b2 * fn + fp, zero_division)
    return _average(per_class, tp + fn, average, zero_division)


def f1(y_true, y_pred, average: str | None = "binary", pos_label: int = 1,
       labels: Sequence[int] | None = None, zero_division: float = 0.0):
    r"""$F_1 = \frac{2\,\text{precision}\cdot\text{recall}}{\text{precision} + \text{recall}} = \frac{2\,TP}{2\,TP + FP + FN}$."""
    return fbeta(y_true, y_pred, 1.0, average, pos_label, labels, zero_division)


def _ratio_metric(y_true, y_pred, average, pos_label, labels, zero_division, which: str):
    def pick(tp, fp, fn, tn):
        return {"precision": (tp, tp + fp), "recall": (tp, tp + fn), "specificity": (tn, tn + fp)}[which]

    if average == "binary":
        labels = [0, pos_label] if labels is None else labels
        counts = _per_class_counts(y_true, y_pred, labels)
        i = list(np.asarray(labels)).index(pos_label)
        num, den = pick(*(c[i] for c in counts))
        return float(_divide(num, den, zero_division))
    tp, fp, fn, tn = _per_class_counts(y_true, y_pred, labels)
    if average == "micro":
        num, den = pick(tp.sum(), fp.sum(), fn.sum(), tn.sum())
        return float(_divide(num, den, zero_division))
    num, den = pick(tp, fp, fn, tn)
    return _average(_divide(num, den, zero_division), tp + fn, average, zero_division)


def precision(y_true, y_pred, average: str | None = "binary", pos_label: int = 1,
              labels: Sequence[int] | None = None, zero_division: float = 0.0):
    r"""$\text{precision} = \frac{TP}{TP + FP}$."""
    return _ratio_metric(y_true, y_pred, average, pos_label, labels, zero_division, "precision")


def recall(y_true, y_pred, average: str | None = "binary", pos_label: int = 1,
           labels: Sequence[int] | None = None, zero_division: float = 0.0):
    r"""$\text{recall} = \text{TPR} = \frac{TP}{TP + FN}$."""
    return _ratio_metric(y_true, y_pred, average, pos_label, labels, zero_division, "recall")


def specificity(y_true, y_pred, average: str | None = "binary", pos_label: int = 1,
                labels: Sequence[int] | None = None, zero_division: float = 0.0):
    r"""$\text{specificity} = \text{TNR} = \frac{TN}{TN + FP} = 1 - \text{FPR}$."""
    return _ratio_metric(y_true, y_pred, average, pos_label, labels, zero_division, "specificity")


def matthews_corrcoef(y_true, y_pred) -> float:
    r"""$\text{MCC} = \frac{c\,s - \sum_k p_k t_k}{\sqrt{\left(s^2 - \sum_k p_k^2\right)\left(s^2 - \sum_k t_k^2\right)}}$.

    $s$ samples, $c$ correct, $t_k$ true and $p_k$ predicted count of class $k$; for two classes
    it equals $\frac{TP\cdot TN - FP\cdot FN}{\sqrt{(TP+FP)(TP+FN)(TN+FP)(TN+FN)}}$. A zero
    denominator (one class only, in $y$ or in $\hat{y}$) gives 0, as in scikit-learn.
    """
    cm = confusion_matrix(y_true, y_pred).astype(float)
    t, p = cm.sum(axis=1), cm.sum(axis=0)
    c, s = np.trace(cm), cm.sum()
    den = (s * s - p @ p) * (s * s - t @ t)
    return float((c * s - p @ t) / np.sqrt(den)) if den > 0 else 0.0


# ---------------------------------------------------------------------------------------------
# Classification from scores: ROC, PR, AP
# ---------------------------------------------------------------------------------------------
def _sweep(y_true, scores) -> tuple[Array, Array, Array]:
    """Cumulative TP and FP counts at every distinct threshold, thresholds decreasing."""
    y = np.asarray(y_true).astype(float)
    s = np.asarray(scores, dtype=float)
    order = np.argsort(-s, kind="stable")
    s, y = s[order], y[order]
    last_of_group = np.r_[np.nonzero(np.diff(s))[0], len(s) - 1]  # ties share one threshold
    tps = np.cumsum(y)[last_of_group]
    fps = (1 + last_of_group) - tps
    return tps, fps, s[last_of_group]


def roc_curve(y_true, scores) -> tuple[Array, Array, Array]:
    r"""$\text{TPR}(t) = \frac{TP(t)}{N_+}$ against $\text{FPR}(t) = \frac{FP(t)}{N_-}$ for every distinct score $t$.

    Returns (fpr, tpr, thresholds) with thresholds decreasing from $+\infty$ (the point (0, 0)),
    one point per distinct score (tied scores move together), like scikit-learn's
    ``roc_curve(..., drop_intermediate=False)``. NaN rates when a class is absent.
    """
    tps, fps, thr = _sweep(y_true, scores)
    tps, fps = np.r_[0.0, tps], np.r_[0.0, fps]
    with np.errstate(invalid="ignore", divide="ignore"):
        fpr = fps / fps[-1] if fps[-1] > 0 else np.full(fps.shape, np.nan)
        tpr = tps / tps[-1] if tps[-1] > 0 else np.full(tps.shape, np.nan)
    return fpr, tpr, np.r_[np.inf, thr]


def roc_auc(y_true, scores) -> float:
    r"""$\text{AUC} = \int_0^1 \text{TPR}\; d\,\text{FPR} = \Pr(s^+ > s^-) + \tfrac{1}{2} \Pr(s^+ = s^-)$.

    Trapezoidal area under :func:`roc_curve`; NaN when only one class is present (scikit-learn
    returns NaN with a warning).
    """
    fpr, tpr, _ = roc_curve(y_true, scores)
    if np.isnan(fpr).any() or np.isnan(tpr).any():
        return float("nan")
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))


def precision_recall_curve(y_true, scores) -> tuple[Array, Array, Array]:
    r"""$P(t) = \frac{TP(t)}{TP(t) + FP(t)}$ and $R(t) = \frac{TP(t)}{N_+}$ for every distinct score $t$.

    Returns (precision, recall, thresholds) with thresholds *decreasing*, no extra end point.
    With no positives the recall is set to 1 (scikit-learn's convention).
    """
    tps, fps, thr = _sweep(y_true, scores)
    prec = tps / (tps + fps)
    rec = tps / tps[-1] if tps[-1] > 0 else np.ones_like(tps)
    return prec, rec, thr


def average_precision(y_true, scores) -> float:
    r"""$\text{AP} = \sum_{n} (R_n - R_{n-1})\, P_n$ (thresholds decreasing, $R_0 = 0$, no interpolation).

    The scikit-learn definition (``average_precision_score``): a step-wise sum, not the
    trapezoidal area. 0 when there is no positive, as scikit-learn returns.
    """
    prec, rec, _ = precision_recall_curve(y_true, scores)
    if np.sum(np.asarray(y_true) == 1) == 0:
        return 0.0
    return float(np.sum(np.diff(np.r_[0.0, rec]) * prec))


def interpolated_precision(prec: Array, rec: Array, r: float) -> float:
    r"""$P_{\text{interp}}(r) = \max_{\tilde{r} \ge r} P(\tilde{r})$ (0 when no recall reaches $r$)."""
    mask = np.asarray(rec) >= r - 1e-12
    return float(np.max(np.asarray(prec)[mask])) if mask.any() else 0.0


def average_precision_11pt(y_true, scores) -> float:
    r"""$\text{AP}_{11} = \frac{1}{11}\sum_{r \in \{0, 0.1, \ldots, 1\}} P_{\text{interp}}(r)$ (PASCAL VOC 2007)."""
    prec, rec, _ = precision_recall_curve(y_true, scores)
    return float(np.mean([interpolated_precision(prec, rec, r) for r in np.linspace(0, 1, 11)]))


def average_precision_101pt(y_true, scores) -> float:
    r"""$\text{AP}_{101} = \frac{1}{101}\sum_{r \in \{0, 0.01, \ldots, 1\}} P_{\text{interp}}(r)$ (COCO)."""
    prec, rec, _ = precision_recall_curve(y_true, scores)
    return float(np.mean([interpolated_precision(prec, rec, r) for r in np.linspace(0, 1, 101)]))


def average_precision_all_points(y_true, scores) -> float:
    r"""$\text{AP}_{\text{all}} = \sum_{n} (R_n - R_{n-1})\, P_{\text{interp}}(R_n)$ (PASCAL VOC 2010+: area under the monotone envelope)."""
    prec, rec, _ = precision_recall_curve(y_true, scores)
    return _envelope_area(prec, rec)


def _envelope_area(prec: Array, rec: Array) -> float:
    """Area under the precision envelope max_{r' >= r} P(r'), recall increasing from 0."""
    envelope = np.maximum.accumulate(np.asarray(prec, dtype=float)[::-1])[::-1]
    return float(np.sum(np.diff(np.r_[0.0, rec]) * envelope))


# ---------------------------------------------------------------------------------------------
# Probabilistic classification: log loss, Brier, calibration, top-k
# ---------------------------------------------------------------------------------------------
def log_loss(y_true, proba) -> float:
    r"""$\text{log loss} = -\frac{1}{N}\sum_{n=1}^{N}\sum_{k=1}^{K} y_{nk}\log p_{nk}$.

    ``proba``: shape (N,) = P(class 1) for binary, or (N, K) rows summing to 1 with classes
    0..K-1. Probabilities are clipped to $[\epsilon, 1 - \epsilon]$, $\epsilon$ = the machine
    epsilon of their dtype (float64: 2.2e-16; float32: 1.2e-7), as scikit-learn does.
    """
    y = np.asarray(y_true).astype(int)
    p = np.asarray(proba)
    if not np.issubdtype(p.dtype, np.floating):
        p = p.astype(np.float64)
    if p.ndim == 1:
        p = np.column_stack([1 - p, p])
    eps = np.finfo(p.dtype).eps
    p = np.clip(p, eps, 1 - eps).astype(np.float64)
    return float(-np.mean(np.log(p[np.arange(len(y)), y])))


def brier_score(y_true, p) -> float:
    r"""$\text{BS} = \frac{1}{N}\sum_{n=1}^{N} (p_n - y_n)^2$ (binary, $p_n$ = P(class 1))."""
    y, p = np.asarray(y_true, dtype=float), np.asarray(p, dtype=float)
    return float(np.mean((p - y) ** 2))


def calibration_bins(correct, confidence, n_bins: int = 15) -> tuple[Array, Array, Array]:
    r"""Equal-width bins $B_m = \{n : \hat{p}_n \in (\frac{m-1}{M}, \frac{m}{M}]\}$; per bin: size, accuracy, mean confidence.

    The first bin also holds $\hat{p} = 0$. Empty bins have size 0 and NaN statistics.
    """
    c = np.asarray(correct, dtype=float)
    conf = np.asarray(confidence, dtype=float)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    idx = np.searchsorted(edges[1:-1], conf, side="left")  # (lo, hi] bins
    size = np.bincount(idx, minlength=n_bins).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        acc = np.bincount(idx, weights=c, minlength=n_bins) / size
        mean_conf = np.bincount(idx, weights=conf, minlength=n_bins) / size
    return size, acc, mean_conf


def expected_calibration_error(correct, confidence, n_bins: int = 15) -> float:
    r"""$\text{ECE} = \sum_{m=1}^{M} \frac{\lvert B_m \rvert}{N}\,\bigl\lvert \operatorname{acc}(B_m) - \operatorname{conf}(B_m) \bigr\rvert$.

    Top-label ECE (Guo et al. 2017): ``correct`` = $\1[\hat{y}_n = y_n]$, ``confidence`` =
    $\max_k p_{nk}$ (see :func:`top_label`). Binary reliability: ``correct`` = $y_n$ and
    ``confidence`` = $p_n$.
    """
    size, acc, conf = calibration_bins(correct, confidence, n_bins)
    keep = size > 0
    return float(np.sum(size[keep] / size.sum() * np.abs(acc[keep] - conf[keep])))


def top_label(y_true, proba) -> tuple[Array, Array]:
    """(correct, confidence) of the arg-max prediction of each row of ``proba`` (N, K)."""
    p = np.asarray(proba, dtype=float)
    return (np.argmax(p, axis=1) == np.asarray(y_true)).astype(float), np.max(p, axis=1)


def top_k_accuracy(y_true, scores, k: int) -> float:
    r"""$\text{top-}k = \frac{1}{N}\sum_{n=1}^{N} \1[y_n \in \text{the } k \text{ highest-scored classes of } n]$.

    ``scores`` (N, K), classes 0..K-1. Ties in scores go to the larger class index first
    (scikit-learn's order: a stable ascending sort, reversed).
    """
    s = np.asarray(scores, dtype=float)
    top = np.argsort(s, axis=1, kind="stable")[:, ::-1][:, :k]
    return float(np.mean((top == np.asarray(y_true)[:, None]).any(axis=1)))


# ---------------------------------------------------------------------------------------------
# Regression
# ---------------------------------------------------------------------------------------------
def mae(y, y_hat) -> float:
    r"""$\text{MAE} = \frac{1}{N}\sum_{n=1}^{N} \lvert y_n - \hat{y}_n \rvert$."""
    return float(np.mean(np.abs(np.asarray(y, float) - np.asarray(y_hat, float))))


def mse(y, y_hat) -> float:
    r"""$\text{MSE} = \frac{1}{N}\sum_{n=1}^{N} (y_n - \hat{y}_n)^2$."""
    return float(np.mean((np.asarray(y, float) - np.asarray(y_hat, float)) ** 2))


def rmse(y, y_hat) -> float:
    r"""$\text{RMSE} = \sqrt{\text{MSE}}$."""
    return float(np.sqrt(mse(y, y_hat)))


def r2(y, y_hat) -> float:
    r"""$R^2 = 1 - \frac{\sum_n (y_n - \hat{y}_n)^2}{\sum_n (y_n - \bar{y})^2}$.

    Constant $y$ (zero denominator): 1 if the prediction is perfect, else 0 (scikit-learn's
    ``force_finite=True``).
    """
    y, y_hat = np.asarray(y, float), np.asarray(y_hat, float)
    ss_res = np.sum((y - y_hat) ** 2)
    ss_tot = np.sum((y - y.mean()) ** 2)
    if ss_tot == 0:
        return 1.0 if ss_res == 0 else 0.0
    return float(1.0 - ss_res / ss_tot)


def mape(y, y_hat) -> float:
    r"""$\text{MAPE} = \frac{1}{N}\sum_{n=1}^{N} \frac{\lvert y_n - \hat{y}_n \rvert}{\max(\lvert y_n \rvert, \epsilon)}$.

    A fraction, not a percentage (multiply by 100 for %); $\epsilon$ = float64 machine epsilon,
    as scikit-learn's ``mean_absolute_percentage_error``.
    """
    y, y_hat = np.asarray(y, float), np.asarray(y_hat, float)
    return float(np.mean(np.abs(y - y_hat) / np.maximum(np.abs(y), np.finfo(np.float64).eps)))


# ---------------------------------------------------------------------------------------------
# Ranking and retrieval
# ---------------------------------------------------------------------------------------------
def precision_at_k(relevance_ranked, k: int) -> float:
    r"""$\text{P@}k = \frac{1}{k}\sum_{i=1}^{k} \text{rel}_i$ (binary relevance, ranked order)."""
    rel = np.asarray(relevance_ranked, dtype=float)[:k]
    return float(np.sum(rel > 0) / k)


def recall_at_k(relevance_ranked, k: int, n_relevant: int | None = None) -> float:
    r"""$\text{R@}k = \frac{\sum_{i=1}^{k} \text{rel}_i}{\lvert \text{relevant} \rvert}$."""
    rel = np.asarray(relevance_ranked, dtype=float)
    total = int(np.sum(rel > 0)) if n_relevant is None else n_relevant
    return float(np.sum(rel[:k] > 0) / total) if total > 0 else 0.0


def reciprocal_rank(relevance_ranked) -> float:
    """1 / (rank of the first relevant item), 0 if none is relevant."""
    hits = np.flatnonzero(np.asarray(relevance_ranked) > 0)
    return 1.0 / (hits[0] + 1) if len(hits) else 0.0


def mean_reciprocal_rank(rankings: Sequence[Sequence[float]]) -> float:
    r"""$\text{MRR} = \frac{1}{\lvert Q \rvert}\sum_{q=1}^{\lvert Q \rvert} \frac{1}{\operatorname{rank}_q}$."""
    return float(np.mean([reciprocal_rank(r) for r in rankings]))


def _gain(rel: Array, gain: str) -> Array:
    if gain == "linear":
        return rel
    if gain == "exponential":
        return 2.0 ** rel - 1.0
    raise ValueError(f"gain must be 'linear' or 'exponential', got {gain!r}")


def dcg_at_k(relevance_ranked, k: int | None = None, gain: str = "linear") -> float:
    r"""$\text{DCG@}k = \sum_{i=1}^{k} \frac{g(\text{rel}_i)}{\log_2(i + 1)}$, $g(r) = r$ (linear) or $2^r - 1$ (exponential)."""
    rel = np.asarray(relevance_ranked, dtype=float)[:k]
    return float(np.sum(_gain(rel, gain) / np.log2(np.arange(2, len(rel) + 2))))


def ndcg_at_k(relevance_ranked, k: int | None = None, gain: str = "linear") -> float:
    r"""$\text{NDCG@}k = \frac{\text{DCG@}k}{\text{IDCG@}k}$, IDCG = DCG of the ideal (relevance-sorted) order; 0 if IDCG = 0."""
    ideal = dcg_at_k(np.sort(np.asarray(relevance_ranked, dtype=float))[::-1], k, gain)
    return dcg_at_k(relevance_ranked, k, gain) / ideal if ideal > 0 else 0.0


def ndcg_from_scores(relevance, scores, k: int | None = None, gain: str = "linear") -> float:
    """NDCG@k of items ranked by ``scores``; tied scores get the average gain of their group.

    Averaging over every order of a tie is scikit-learn's ``ndcg_score(ignore_ties=False)``
    (McSherry & Najork 2008).
    """
    rel = _gain(np.asarray(relevance, dtype=float), gain)
    s = np.asarray(scores, dtype=float)
    n = len(rel)
    k = n if k is None else min(k, n)
    discount = np.where(np.arange(n) < k, 1.0 / np.log2(np.arange(2, n + 2)), 0.0)
    order = np.argsort(-s, kind="stable")
    s_sorted, g_sorted = s[order], rel[order]
    dcg, start = 0.0, 0
    while start < n:  # one tied group at a time
        end = start + 1
        while end < n and s_sorted[end] == s_sorted[start]:
            end += 1
        dcg += g_sorted[start:end].mean() * discount[start:end].sum()
        start = end
    ideal = float(np.sum(np.sort(rel)[::-1] * discount))
    return float(dcg / ideal) if ideal > 0 else 0.0


# ---------------------------------------------------------------------------------------------
# Language: perplexity, BLEU, ROUGE
# ---------------------------------------------------------------------------------------------
def perplexity(token_log_probs) -> float:
    r"""$\operatorname{PPL} = \exp\Bigl(-\frac{1}{T}\sum_{t=1}^{T}\log p_\theta(w_t \mid w_{<t})\Bigr) = e^{\mathcal{L}_{\text{CE}}}$.

    ``token_log_probs``: natural-log probabilities the model gave to the $T$ actual tokens.
    """
    lp = np.asarray(token_log_probs, dtype=float)
    return float(np.exp(-np.mean(lp)))


def ngrams(tokens: Sequence[str], n: int) -> Counter:
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def bleu(candidates: Sequence[Sequence[str]], references: Sequence[Sequence[Sequence[str]]],
         max_n: int = 4, weights: Sequence[float] | None = None) -> float:
    r"""$\text{BLEU} = \text{BP}\cdot\exp\Bigl(\sum_{n=1}^{N} w_n \log p_n\Bigr)$, $\text{BP} = \min\bigl(1, e^{1 - r/c}\bigr)$.

    Corpus BLEU (Papineni et al. 2002): $p_n$ = clipped n-gram matches summed over the corpus
    divided by candidate n-grams summed over the corpus; a candidate n-gram count is clipped to
    its largest count in any one reference. $c$ = total candidate length, $r$ = sum over
    sentences of the reference length closest to the candidate's (the shorter one on a tie).
    $w_n = 1/N$. No smoothing: any $p_n = 0$ gives 0.
    """
    weights = [1.0 / max_n] * max_n if weights is None else list(weights)
    matches, totals = np.zeros(max_n), np.zeros(max_n)
    c = r = 0
    for cand, refs in zip(candidates, references):
        c += len(cand)
        r += min((abs(len(ref) - len(cand)), len(ref)) for ref in refs)[1]
        for n in range(1, max_n + 1):
            cand_counts = ngrams(cand, n)
            max_ref = Counter()
            for ref in refs:
                max_ref |= ngrams(ref, n)  # element-wise max over references
            matches[n - 1] += sum(min(cnt, max_ref[g]) for g, cnt in cand_counts.items())
            totals[n - 1] += max(len(cand) - n + 1, 0)
    if c == 0 or np.any(matches == 0):
        return 0.0
    log_p = np.log(matches / totals)
    bp = 1.0 if c > r else float(np.exp(1.0 - r / c))
    return float(bp * np.exp(np.dot(weights, log_p)))


def rouge_n(candidate: Sequence[str], reference: Sequence[str], n: int = 2) -> tuple[float, float, float]:
    r"""$\text{ROUGE-N} = \frac{\sum_{g \in \text{ref}} \min\bigl(\operatorname{cnt}_{\text{cand}}(g), \operatorname{cnt}_{\text{ref}}(g)\bigr)}{\sum_{g \in \text{ref}} \operatorname{cnt}_{\text{ref}}(g)}$ (n-gram recall).

    Returns (precision, recall, F1); the recall is Lin's ROUGE-N, the precision divides the
    same overlap by the candidate's n-gram count.
    """
    cand, ref = ngrams(candidate, n), ngrams(reference, n)
    overlap = sum((cand & ref).values())
    p = overlap / sum(cand.values()) if cand else 0.0
    r = overlap / sum(ref.values()) if ref else 0.0
    f = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return p, r, f


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence (dynamic programming, O(len(a) len(b)))."""
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def rouge_l(candidate: Sequence[str], reference: Sequence[str], beta: float = 1.0) -> tuple[float, float, float]:
    r"""$F_{\text{LCS}} = \frac{(1 + \beta^2) R_{\text{LCS}} P_{\text{LCS}}}{R_{\text{LCS}} + \beta^2 P_{\text{LCS}}}$, $R_{\text{LCS}} = \frac{\operatorname{LCS}(X, Y)}{m}$, $P_{\text{LCS}} = \frac{\operatorname{LCS}(X, Y)}{n}$.

    $X$ reference of $m$ tokens, $Y$ candidate of $n$ tokens. Returns (P, R, F).
    """
    lcs = lcs_length(reference, candidate)
    p = lcs / len(candidate) if candidate else 0.0
    r = lcs / len(reference) if reference else 0.0
    b2 = beta * beta
    f = (1 + b2) * r * p / (r + b2 * p) if r + b2 * p > 0 else 0.0
    return p, r, f


# ---------------------------------------------------------------------------------------------
# Vision: IoU, Dice, detection AP
# ---------------------------------------------------------------------------------------------
def box_iou(a, b) -> float:
    r"""$\operatorname{IoU}(A, B) = \frac{\lvert A \cap B \rvert}{\lvert A \cup B \rvert}$ for boxes $(x_1, y_1, x_2, y_2)$, $x_1 \le x_2$, $y_1 \le y_2$."""
    ax1, ay1, ax2, ay2 = map(float, a)
    bx1, by1, bx2, by2 = map(float, b)
    iw = max(0.0, min(ax2, bx2) - max(ax1, bx1))
    ih = max(0.0, min(ay2, by2) - max(ay1, by1))
    inter = iw * ih
    union = (ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter
    return inter / union if union > 0 else 0.0


def mask_iou(a, b, empty: float = 1.0) -> float:
    r"""$\operatorname{IoU}(A, B) = \frac{\lvert A \cap B \rvert}{\lvert A \cup B \rvert}$ on boolean masks; ``empty`` if both are empty."""
    a, b = np.asarray(a, bool), np.asarray(b, bool)
    union = np.logical_or(a, b).sum()
    return float(np.logical_and(a, b).sum() / union) if union else float(empty)


def dice(a, b, empty: float = 1.0) -> float:
    r"""$\operatorname{Dice}(A, B) = \frac{2\lvert A \cap B \rvert}{\lvert A \rvert + \lvert B \rvert} = \frac{2\,TP}{2\,TP + FP + FN}$; ``empty`` if both are empty."""
    a, b = np.asarray(a, bool), np.asarray(b, bool)
    total = a.sum() + b.sum()
    return float(2 * np.logical_and(a, b).sum() / total) if total else float(empty)


def dice_from_iou(iou: float) -> float:
    r"""$\operatorname{Dice} = \frac{2\,\operatorname{IoU}}{1 + \operatorname{IoU}}$."""
    return 2 * iou / (1 + iou)


def detection_average_precision(detections, ground_truths, iou_threshold: float = 0.5,
                                method: str = "all") -> float:
    """AP of one class of object detections.

    ``detections``: list of (image_id, score, box); ``ground_truths``: dict image_id -> list of
    boxes. Detections are taken by decreasing score; each is a true positive if its best-IoU
    ground truth in the same image has IoU >= ``iou_threshold`` and is not yet matched,
    otherwise a false positive (a duplicate is a false positive). Recall is over all ground
    truths. ``method``: ``"all"`` (VOC 2010+ envelope area), ``"11"`` (VOC 2007), ``"101"`` (COCO).
    """
    n_gt = sum(len(v) for v in ground_truths.values())
    matched = {img: np.zeros(len(v), bool) for img, v in ground_truths.items()}
    dets = sorted(detections, key=lambda d: -d[1])
    tp = np.zeros(len(dets))
    for i, (img, _, box) in enumerate(dets):
        gts = ground_truths.get(img, [])
        if not gts:
            continue
        ious = np.array([box_iou(box, g) for g in gts])
        j = int(np.argmax(ious))
        if ious[j] >= iou_threshold and not matched[img][j]:
            matched[img][j] = True
            tp[i] = 1.0
    if n_gt == 0:
        return float("nan")
    ctp = np.cumsum(tp)
    rec = ctp / n_gt
    prec = ctp / np.arange(1, len(dets) + 1)
    if method == "all":
        return _envelope_area(prec, rec)
    points = {"11": 11, "101": 101}[method]
    return float(np.mean([interpolated_precision(prec, rec, r) for r in np.linspace(0, 1, points)]))


def coco_map(detections_by_class, ground_truths_by_class) -> float:
    r"""$\text{mAP}_{\text{COCO}} = \frac{1}{10\,C}\sum_{\tau \in \{0.50, 0.55, \ldots, 0.95\}}\sum_{c=1}^{C} \text{AP}_{101}(c, \tau)$."""
    taus = np.linspace(0.5, 0.95, 10)
    return float(np.mean([detection_average_precision(detections_by_class[c], ground_truths_by_class[c], t, "101")
                          for c in ground_truths_by_class for t in taus]))


# ---------------------------------------------------------------------------------------------
# Generative models: FID, Inception Score
# ---------------------------------------------------------------------------------------------
def _sqrtm_psd(m: Array) -> Array:
    w, v = np.linalg.eigh((m + m.T) / 2)
    return (v * np.sqrt(np.clip(w, 0.0, None))) @ v.T


def frechet_distance(mu1, sigma1, mu2, sigma2) -> float:
    r"""$\text{FID} = \lVert \boldsymbol{\mu}_r - \boldsymbol{\mu}_g \rVert_2^2 + \tr\bigl(\mathbf{\Sigma}_r + \mathbf{\Sigma}_g - 2(\mathbf{\Sigma}_r \mathbf{\Sigma}_g)^{1/2}\bigr)$.

    $\tr\,(\mathbf{\Sigma}_r\mathbf{\Sigma}_g)^{1/2}$ is computed as
    $\tr\,(\mathbf{\Sigma}_r^{1/2}\mathbf{\Sigma}_g\mathbf{\Sigma}_r^{1/2})^{1/2}$ (same eigenvalues,
    symmetric, so an exact eigen-decomposition; covariances must be PSD).
    """
    mu1, mu2 = np.asarray(mu1, float), np.asarray(mu2, float)
    s1, s2 = np.atleast_2d(np.asarray(sigma1, float)), np.atleast_2d(np.asarray(sigma2, float))
    r1 = _sqrtm_psd(s1)
    eig = np.linalg.eigvalsh(r1 @ s2 @ r1)
    tr_covmean = float(np.sum(np.sqrt(np.clip(eig, 0.0, None))))
    diff = mu1 - mu2
    return float(diff @ diff + np.trace(s1) + np.trace(s2) - 2.0 * tr_covmean)


def fid_from_features(real: Array, generated: Array) -> float:
    """FID between two feature sets (N, d): sample means and unbiased covariances (``np.cov``)."""
    real, generated = np.asarray(real, float), np.asarray(generated, float)
    return frechet_distance(real.mean(0), np.cov(real, rowvar=False),
                            generated.mean(0), np.cov(generated, rowvar=False))


def inception_score(probs: Array, splits: int = 1) -> tuple[float, float]:
    r"""$\text{IS} = \exp\Bigl(\E_{\mathbf{x}}\bigl[\KL\bigl(p(y \mid \mathbf{x}) \,\Vert\, p(y)\bigr)\bigr]\Bigr)$, $p(y) = \frac{1}{N}\sum_{n} p(y \mid \mathbf{x}_n)$.

    ``probs``: (N, K) class probabilities of the generated samples. Returns (mean, std) over
    ``splits`` equal chunks (Salimans et al. used 10 splits of 50,000 samples); 0 log 0 = 0.
    """
    p = np.asarray(probs, dtype=float)
    scores = []
    for chunk in np.array_split(p, splits):
        marginal = chunk.mean(axis=0, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(chunk > 0, chunk * (np.log(chunk) - np.log(marginal)), 0.0)
        scores.append(np.exp(np.mean(np.sum(terms, axis=1))))
    return float(np.mean(scores)), float(np.std(scores))


# ---------------------------------------------------------------------------------------------
# Forecasting: MASE, sMAPE
# ---------------------------------------------------------------------------------------------
def mase(y, y_hat, y_train, m: int = 1) -> float:
    r"""$\text{MASE} = \frac{\frac{1}{h}\sum_{t=1}^{h} \lvert y_t - \hat{y}_t \rvert}{\frac{1}{n - m}\sum_{t=m+1}^{n} \lvert y^{\text{train}}_t - y^{\text{train}}_{t-m} \rvert}$.

    The test-period MAE divided by the in-sample MAE of the seasonal naive forecast with period
    $m$ ($m = 1$: the previous value) on the $n$ training points (Hyndman & Koehler 2006).
    """
    y, y_hat, tr = (np.asarray(a, dtype=float) for a in (y, y_hat, y_train))
    return float(np.mean(np.abs(y - y_hat)) / np.mean(np.abs(tr[m:] - tr[:-m])))


def smape(y, y_hat) -> float:
    r"""$\text{sMAPE} = \frac{1}{N}\sum_{n=1}^{N} \frac{2\lvert y_n - \hat{y}_n \rvert}{\lvert y_n \rvert + \lvert \hat{y}_n \rvert}$.

    The M4 competition's form, as a fraction in $[0, 2]$ (multiply by 100 for %); a term with
    $y_n = \hat{y}_n = 0$ counts 0.
    """
    y, y_hat = np.asarray(y, float), np.asarray(y_hat, float)
    den = np.abs(y) + np.abs(y_hat)
    return float(np.mean(np.where(den > 0, 2.0 * np.abs(y - y_hat) / np.where(den > 0, den, 1.0), 0.0)))


# ---------------------------------------------------------------------------------------------
# Retrieval: mean average precision over queries
# ---------------------------------------------------------------------------------------------
def retrieval_average_precision(relevance_ranked, n_relevant: int | None = None) -> float:
    r"""$\text{AP}_q = \frac{1}{\lvert \text{relevant}_q \rvert}\sum_{k=1}^{n} \text{P@}k \cdot \text{rel}_k$ (binary relevance in ranked order; relevant items never retrieved count as misses)."""
    rel = (np.asarray(relevance_ranked, dtype=float) > 0).astype(float)
    total = int(rel.sum()) if n_relevant is None else n_relevant
    if total == 0:
        return 0.0
    precision_at = np.cumsum(rel) / np.arange(1, len(rel) + 1)
    return float(np.sum(precision_at * rel) / total)


def mean_average_precision(rankings: Sequence[Sequence[float]], n_relevant: Sequence[int] | None = None) -> float:
    r"""$\text{MAP} = \frac{1}{\lvert Q \rvert}\sum_{q=1}^{\lvert Q \rvert} \text{AP}_q$."""
    totals = [None] * len(rankings) if n_relevant is None else list(n_relevant)
    return float(np.mean([retrieval_average_precision(r, t) for r, t in zip(rankings, totals)]))


# ---------------------------------------------------------------------------------------------
# Image quality: PSNR, SSIM
# ---------------------------------------------------------------------------------------------
def psnr(x, y, data_range: float) -> float:
    r"""$\text{PSNR} = 10 \log_{10} \frac{L^2}{\text{MSE}(\mathbf{x}, \mathbf{y})}$ in dB, $L$ the data range (1 for floats in $[0, 1]$, 255 for 8-bit)."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    return float(10.0 * np.log10(data_range**2 / np.mean((x - y) ** 2)))


def gaussian_window(size: int = 11, sigma: float = 1.5) -> Array:
    """The normalized 2-D Gaussian window $w$ of SSIM, ``size`` × ``size``."""
    r = np.arange(size) - (size - 1) / 2
    g = np.exp(-0.5 * (r / sigma) ** 2)
    w = np.outer(g, g)
    return w / w.sum()


def _filter_valid(img: Array, w: Array) -> Array:
    """Weighted local sums at every position where the window fits inside the image."""
    k = w.shape[0]
    windows = np.lib.stride_tricks.sliding_window_view(img, (k, k))
    return np.einsum("ijkl,kl->ij", windows, w)


def ssim(x, y, data_range: float, size: int = 11, sigma: float = 1.5, k1: float = 0.01, k2: float = 0.03) -> float:
    r"""$\text{SSIM}(\mathbf{x}, \mathbf{y}) = \frac{(2\mu_x\mu_y + C_1)(2\sigma_{xy} + C_2)}{(\mu_x^2 + \mu_y^2 + C_1)(\sigma_x^2 + \sigma_y^2 + C_2)}$, averaged over windows.

    Local means, variances and covariance are Gaussian-weighted ($11 \times 11$, $\sigma = 1.5$,
    weights summing to 1, so population not sample moments), $C_1 = (K_1 L)^2$, $C_2 = (K_2 L)^2$
    with $K_1 = 0.01$, $K_2 = 0.03$; only windows that fit inside the grayscale image are averaged
    (Wang et al. 2004; scikit-image with ``gaussian_weights=True, use_sample_covariance=False``).
    """
    x, y = np.asarray(x, float), np.asarray(y, float)
    w = gaussian_window(size, sigma)
    mx, my = _filter_valid(x, w), _filter_valid(y, w)
    vx = _filter_valid(x * x, w) - mx**2
    vy = _filter_valid(y * y, w) - my**2
    cxy = _filter_valid(x * y, w) - mx * my
    c1, c2 = (k1 * data_range) ** 2, (k2 * data_range) ** 2
    s = ((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx**2 + my**2 + c1) * (vx + vy + c2))
    return float(s.mean())


# ---------------------------------------------------------------------------------------------
# Generative models: KID
# ---------------------------------------------------------------------------------------------
def polynomial_kernel(a: Array, b: Array) -> Array:
    r"""$k(\mathbf{x}, \mathbf{y}) = \left(\tfrac{1}{d}\mathbf{x}^\top\mathbf{y} + 1\right)^3$ for features in $\R^d$."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    return (a @ b.T / a.shape[1] + 1.0) ** 3


def kid(real: Array, generated: Array) -> float:
    r"""$\text{KID} = \frac{1}{m(m-1)}\sum_{i \ne j} k(\mathbf{x}_i, \mathbf{x}_j) + \frac{1}{n(n-1)}\sum_{i \ne j} k(\mathbf{y}_i, \mathbf{y}_j) - \frac{2}{mn}\sum_{i,j} k(\mathbf{x}_i, \mathbf{y}_j)$.

    The unbiased estimate of the squared MMD between $m$ real features $\mathbf{x}_i$ and $n$
    generated features $\mathbf{y}_j$ with the cubic polynomial kernel (Bińkowski et al. 2018);
    it can be slightly negative. Libraries average it over random subsets.
    """
    x, y = np.asarray(real, float), np.asarray(generated, float)
    m, n = len(x), len(y)
    kxx, kyy, kxy = polynomial_kernel(x, x), polynomial_kernel(y, y), polynomial_kernel(x, y)
    return float((kxx.sum() - np.trace(kxx)) / (m * (m - 1)) + (kyy.sum() - np.trace(kyy)) / (n * (n - 1))
                 - 2.0 * kxy.mean())


# ---------------------------------------------------------------------------------------------
# Significance: McNemar, paired bootstrap, DeLong
# ---------------------------------------------------------------------------------------------
def mcnemar(correct_a, correct_b, exact: bool = True) -> tuple[float, float]:
    r"""$\chi^2 = \frac{(\lvert b - c \rvert - 1)^2}{b + c}$ with $b = \#\{A \text{ right}, B \text{ wrong}\}$, $c = \#\{A \text{ wrong}, B \text{ right}\}$.

    Returns (statistic, two-sided p-value). ``exact=True``: the statistic is $b$ and
    $p = \min\bigl(1, 2\,P[\operatorname{Bin}(b + c, \tfrac{1}{2}) \le \min(b, c)]\bigr)$; otherwise
    the continuity-corrected $\chi^2$ with 1 degree of freedom, $p = \operatorname{erfc}(\sqrt{\chi^2 / 2})$.
    """
    import math

    a, bb = np.asarray(correct_a, bool), np.asarray(correct_b, bool)
    b, c = int(np.sum(a & ~bb)), int(np.sum(~a & bb))
    n = b + c
    if n == 0:
        return (0.0 if exact else 0.0), 1.0
    if exact:
        k = min(b, c)
        tail = sum(math.comb(n, i) for i in range(k + 1)) / 2.0**n
        return float(b), float(min(1.0, 2.0 * tail))
    stat = (abs(b - c) - 1) ** 2 / n  # Edwards' correction, as statsmodels (b = c gives 1 / n, not 0)
    return float(stat), float(math.erfc(math.sqrt(stat / 2.0)))


def paired_bootstrap(items_a: Array, items_b: Array, statistic: Callable[[Array], float] = np.mean,
                     n_boot: int = 1000, seed: int = 0) -> tuple[float, float, tuple[float, float]]:
    r"""$p = \frac{1}{B}\sum_{b=1}^{B} \1\left[\Delta^{*}_b \le 0\right]$, $\Delta^{*}_b = S(A^{*}_b) - S(B^{*}_b)$ on the same resampled items.

    Koehn (2004): draw $B$ test sets of $N$ items with replacement (the same indices for both
    systems), recompute the corpus-level score $S$ on each (``statistic`` of the rows, e.g. BLEU
    from summed n-gram counts), and count how often A does not beat B. Returns
    (observed $\Delta$, $p$, 95% percentile interval of $\Delta^{*}$).
    """
    a, b = np.asarray(items_a, float), np.asarray(items_b, float)
    rng = np.random.default_rng(seed)
    n = len(a)
    deltas = np.empty(n_boot)
    for i in range(n_boot):
        idx = rng.integers(0, n, n)
        deltas[i] = statistic(a[idx]) - statistic(b[idx])
    lo, hi = np.percentile(deltas, [2.5, 97.5])
    return float(statistic(a) - statistic(b)), float(np.mean(deltas <= 0)), (float(lo), float(hi))


def _midranks(v: Array) -> Array:
    order = np.argsort(v, kind="mergesort")
    ranks = np.empty(len(v))
    s = v[order]
    i = 0
    while i < len(v):
        j = i
        while j < len(v) and s[j] == s[i]:
            j += 1
        ranks[order[i:j]] = 0.5 * (i + j - 1) + 1
        i = j
    return ranks


def delong(y_true, *scores) -> tuple[Array, Array]:
    r"""$\widehat{\Var}(\text{AUC}) = \frac{S_{10}}{m} + \frac{S_{01}}{n}$, $S_{10}$, $S_{01}$ the sample variances of the structural components.

    DeLong, DeLong & Clarke-Pearson (1988): $V_{10}(x_i) = \frac{1}{n}\sum_j \psi(x_i, y_j)$ over the
    $n$ negatives, $V_{01}(y_j) = \frac{1}{m}\sum_i \psi(x_i, y_j)$ over the $m$ positives,
    $\psi(x, y) = \1[x > y] + \tfrac{1}{2}\1[x = y]$; computed from midranks (Sun & Xu 2014).
    Returns the AUCs of the score vectors and their covariance matrix.
    """
    y = np.asarray(y_true).astype(bool)
    m, n = int(y.sum()), int((~y).sum())
    v10, v01 = [], []
    for s in scores:
        s = np.asarray(s, float)
        pos, neg = s[y], s[~y]
        r_all = _midranks(np.concatenate([pos, neg]))
        r_pos, r_neg = _midranks(pos), _midranks(neg)
        v10.append((r_all[:m] - r_pos) / n)  # share of negatives below each positive
        v01.append(1.0 - (r_all[m:] - r_neg) / m)  # share of positives above each negative
    v10, v01 = np.array(v10), np.array(v01)
    aucs = v10.mean(axis=1)
    cov = np.atleast_2d(np.cov(v10)) / m + np.atleast_2d(np.cov(v01)) / n
    return aucs, cov


def delong_test(y_true, scores_a, scores_b) -> tuple[float, float]:
    r"""$z = \frac{\text{AUC}_A - \text{AUC}_B}{\sqrt{\Var_A + \Var_B - 2\operatorname{Cov}_{AB}}}$, two-sided $p = \operatorname{erfc}(\lvert z \rvert / \sqrt{2})$ (paired: same test set)."""
    import math

    aucs, cov = delong(y_true, scores_a, scores_b)
    z = (aucs[0] - aucs[1]) / math.sqrt(cov[0, 0] + cov[1, 1] - 2 * cov[0, 1])
    return float(z), float(math.erfc(abs(z) / math.sqrt(2.0)))


# ---------------------------------------------------------------------------------------------
# Registry: what the page, the figures and the tests loop over
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Metric:
    """One metric as the page shows it."""

    name: str  # slug: the page's heading id
    title: str
    fn: Callable
    family: str  # classification, regression, ranking, language, vision, generative, significance
    higher_is_better: bool
    library: str  # the scikit-learn / torchmetrics call that computes the same thing, or ""


METRICS: dict[str, Metric] = {
    m.name: m
    for m in (
        Metric("confusion-matrix", "Confusion matrix", confusion_matrix, "classification", True,
               "sklearn.metrics.confusion_matrix"),
        Metric("accuracy", "Accuracy", accuracy, "classification", True, "sklearn.metrics.accuracy_score"),
        Metric("balanced-accuracy", "Balanced accuracy", balanced_accuracy, "classification", True,
               "sklearn.metrics.balanced_accuracy_score"),
        Metric("precision", "Precision", precision, "classification", True, "sklearn.metrics.precision_score"),
        Metric("recall", "Recall", recall, "classification", True, "sklearn.metrics.recall_score"),
        Metric("specificity", "Specificity", specificity, "classification", True, "torchmetrics.Specificity"),
        Metric("f1", "F1", f1, "classification", True, "sklearn.metrics.f1_score"),
        Metric("fbeta", "F-beta", fbeta, "classification", True, "sklearn.metrics.fbeta_score"),
        Metric("roc-auc", "ROC AUC", roc_auc, "classification", True, "sklearn.metrics.roc_auc_score"),
        Metric("average-precision", "Average precision", average_precision, "classification", True,
               "sklearn.metrics.average_precision_score"),
        Metric("ap-11-point", "11-point interpolated AP", average_precision_11pt, "classification", True, ""),
        Metric("log-loss", "Log loss", log_loss, "classification", False, "sklearn.metrics.log_loss"),
        Metric("brier", "Brier score", brier_score, "classification", False, "sklearn.metrics.brier_score_loss"),
        Metric("ece", "Expected calibration error", expected_calibration_error, "classification", False,
               "torchmetrics.CalibrationError"),
        Metric("top-k", "Top-k accuracy", top_k_accuracy, "classification", True,
               "sklearn.metrics.top_k_accuracy_score"),
        Metric("mcc", "Matthews correlation coefficient", matthews_corrcoef, "classification", True,
               "sklearn.metrics.matthews_corrcoef"),
        Metric("mae", "MAE", mae, "regression", False, "sklearn.metrics.mean_absolute_error"),
        Metric("mse", "MSE", mse, "regression", False, "sklearn.metrics.mean_squared_error"),
        Metric("rmse", "RMSE", rmse, "regression", False, "sklearn.metrics.root_mean_squared_error"),
        Metric("r2", "R squared", r2, "regression", True, "sklearn.metrics.r2_score"),
        Metric("mape", "MAPE", mape, "regression", False, "sklearn.metrics.mean_absolute_percentage_error"),
        Metric("precision-at-k", "Precision@k", precision_at_k, "ranking", True, ""),
        Metric("recall-at-k", "Recall@k", recall_at_k, "ranking", True, ""),
        Metric("mrr", "Mean reciprocal rank", mean_reciprocal_rank, "ranking", True, ""),
        Metric("ndcg", "NDCG", ndcg_at_k, "ranking", True, "sklearn.metrics.ndcg_score"),
        Metric("perplexity", "Perplexity", perplexity, "language", False, "torchmetrics.text.Perplexity"),
        Metric("bleu", "BLEU", bleu, "language", True, "torchmetrics.text.BLEUScore"),
        Metric("rouge-n", "ROUGE-N", rouge_n, "language", True, "torchmetrics.text.ROUGEScore"),
        Metric("rouge-l", "ROUGE-L", rouge_l, "language", True, "torchmetrics.text.ROUGEScore"),
        Metric("iou", "IoU", box_iou, "vision", True, "torchvision.ops.box_iou"),
        Metric("dice", "Dice", dice, "vision", True, "torchmetrics.segmentation.DiceScore"),
        Metric("map", "mAP (VOC / COCO)", coco_map, "vision", True, "torchmetrics.detection.MeanAveragePrecision"),
        Metric("fid", "FID", frechet_distance, "generative", False,
               "torchmetrics.image.fid.FrechetInceptionDistance"),
        Metric("inception-score", "Inception Score", inception_score, "generative", True,
               "torchmetrics.image.inception.InceptionScore"),
        Metric("mase", "MASE", mase, "regression", False, ""),
        Metric("smape", "sMAPE", smape, "regression", False,
               "torchmetrics.SymmetricMeanAbsolutePercentageError"),
        Metric("retrieval-map", "MAP (retrieval)", mean_average_precision, "ranking", True,
               "torchmetrics.retrieval.RetrievalMAP"),
        Metric("psnr", "PSNR", psnr, "vision", True, "skimage.metrics.peak_signal_noise_ratio"),
        Metric("ssim", "SSIM", ssim, "vision", True, "skimage.metrics.structural_similarity"),
        Metric("kid", "KID", kid, "generative", False, "torchmetrics.image.kid.KernelInceptionDistance"),
        Metric("mcnemar", "McNemar's test", mcnemar, "significance", False, "scipy.stats.binomtest"),
        Metric("paired-bootstrap", "Paired bootstrap", paired_bootstrap, "significance", False, ""),
        Metric("delong", "DeLong's test for AUC", delong, "significance", False, ""),
    )
}
