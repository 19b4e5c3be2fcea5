"""Evaluation metrics (``cheatsheet.numerics.metrics``) against scikit-learn, and against
hand-computed examples where scikit-learn has no such metric (the arithmetic is in the comments).
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np
import pytest

from cheatsheet.numerics import metrics as M
from tests.numerics.refdata import assert_close
from tests.checks import checks

sk = pytest.importorskip("sklearn.metrics")

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "evaluation-metrics.md"


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scikit-learn's UndefinedMetricWarning on the edge cases
        yield


def _random_multiclass(seed: int, n: int = 60, k: int = 4):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, k, n)
    # a prediction that is right 50% of the time, wrong uniformly otherwise
    y_hat = np.where(rng.random(n) < 0.5, y, rng.integers(0, k, n))
    return y, y_hat


# Hard-prediction cases: (y_true, y_pred), binary unless stated, including the edge cases.
BINARY_CASES = {
    "random": (np.random.default_rng(0).integers(0, 2, 40), np.random.default_rng(1).integers(0, 2, 40)),
    "perfect": ([0, 1, 1, 0, 1], [0, 1, 1, 0, 1]),
    "worst": ([0, 1, 1, 0, 1], [1, 0, 0, 1, 0]),
    "all-negative-truth": ([0, 0, 0, 0], [0, 1, 0, 0]),
    "all-positive-truth": ([1, 1, 1, 1], [1, 0, 1, 1]),
    "never-predicts-positive": ([0, 1, 1, 0], [0, 0, 0, 0]),
    "all-one-class-both": ([0, 0, 0], [0, 0, 0]),
    "imbalanced": ([0] * 95 + [1] * 5, [0] * 93 + [1] * 2 + [1] * 1 + [0] * 4),
}
MULTI_CASES = {
    "seed2": _random_multiclass(2),
    "seed3": _random_multiclass(3, n=25, k=5),
    "class-never-predicted": ([0, 1, 2, 2, 1, 0, 2], [0, 1, 1, 1, 1, 0, 0]),
    "class-only-predicted": ([0, 1, 1, 0], [0, 1, 2, 2]),
    "perfect": ([0, 1, 2, 3, 2], [0, 1, 2, 3, 2]),
}
AVERAGING = ("macro", "micro", "weighted", None)


# -- confusion matrix, accuracy, precision, recall, F -----------------------------------------
@checks("confusion-matrix", against="`sklearn.metrics.confusion_matrix` and `accuracy_score`", tol="exact; rtol 1e-6")
@pytest.mark.parametrize("case", list(BINARY_CASES) + [f"multi-{c}" for c in MULTI_CASES])
def test_confusion_matrix_and_accuracy(case):
    y, y_hat = BINARY_CASES[case] if case in BINARY_CASES else MULTI_CASES[case[6:]]
    np.testing.assert_array_equal(M.confusion_matrix(y, y_hat), sk.confusion_matrix(y, y_hat))
    assert_close(M.accuracy(y, y_hat), sk.accuracy_score(y, y_hat))


def test_confusion_matrix_orientation():
    # 2 true negatives predicted positive -> row 0 (true class 0), column 1 (predicted 1)
    cm = M.confusion_matrix([0, 0, 0, 1], [1, 1, 0, 1])
    np.testing.assert_array_equal(cm, [[1, 2], [0, 1]])


@checks("precision-recall-f",
        against="`sklearn.metrics` `precision_score`, `recall_score`, `f1_score`, `fbeta_score`",
        tol="rtol 1e-6")
@pytest.mark.parametrize("zero_division", [0.0, 1.0])
@pytest.mark.parametrize("case", list(BINARY_CASES))
def test_binary_precision_recall_f(case, zero_division):
    y, y_hat = BINARY_CASES[case]
    kw = dict(zero_division=zero_division)
    assert_close(M.precision(y, y_hat, **kw), sk.precision_score(y, y_hat, **kw), what="precision")
    assert_close(M.recall(y, y_hat, **kw), sk.recall_score(y, y_hat, **kw), what="recall")
    assert_close(M.f1(y, y_hat, **kw), sk.f1_score(y, y_hat, **kw), what="f1")
    for beta in (0.5, 2.0):
        assert_close(M.fbeta(y, y_hat, beta=beta, **kw), sk.fbeta_score(y, y_hat, beta=beta, **kw), what="fbeta")
    # specificity is the recall of the negative class
    assert_close(M.specificity(y, y_hat, **kw), sk.recall_score(y, y_hat, pos_label=0, **kw), what="specificity")


def test_binary_hand_example():
    # TP=2 (idx 1,2), FP=1 (idx 3), FN=1 (idx 4), TN=1 (idx 0)
    y, y_hat = [0, 1, 1, 0, 1], [0, 1, 1, 1, 0]
    assert M.precision(y, y_hat) == pytest.approx(2 / 3)
    assert M.recall(y, y_hat) == pytest.approx(2 / 3)
    assert M.specificity(y, y_hat) == pytest.approx(1 / 2)
    # F2 = 5*2 / (5*2 + 4*1 + 1) = 10/15
    assert M.fbeta(y, y_hat, beta=2.0) == pytest.approx(10 / 15)


@checks("metric-averaging", against="`sklearn.metrics` with `average=` macro, micro, weighted, None", tol="rtol 1e-6")
@pytest.mark.parametrize("zero_division", [0.0, 1.0])
@pytest.mark.parametrize("average", AVERAGING)
@pytest.mark.parametrize("case", list(MULTI_CASES))
def test_multiclass_averaging(case, average, zero_division):
    y, y_hat = MULTI_CASES[case]
    kw = dict(average=average, zero_division=zero_division)
    assert_close(M.precision(y, y_hat, **kw), sk.precision_score(y, y_hat, **kw), what="precision")
    assert_close(M.recall(y, y_hat, **kw), sk.recall_score(y, y_hat, **kw), what="recall")
    assert_close(M.f1(y, y_hat, **kw), sk.f1_score(y, y_hat, **kw), what="f1")
    assert_close(M.fbeta(y, y_hat, beta=0.5, **kw), sk.fbeta_score(y, y_hat, beta=0.5, **kw), what="f0.5")


@pytest.mark.parametrize("case", list(MULTI_CASES))
def test_multiclass_specificity_from_sklearn_one_vs_rest(case):
    y, y_hat = MULTI_CASES[case]
    mcm = sk.multilabel_confusion_matrix(y, y_hat)  # per class [[TN, FP], [FN, TP]]
    tn, fp = mcm[:, 0, 0], mcm[:, 0, 1]
    per_class = tn / (tn + fp)
    assert_close(M.specificity(y, y_hat, average=None), per_class)
    assert_close(M.specificity(y, y_hat, average="macro"), per_class.mean())
    assert_close(M.specificity(y, y_hat, average="micro"), tn.sum() / (tn.sum() + fp.sum()))


def test_micro_equals_accuracy_and_macro_differs_under_imbalance():
    # single-label multi-class: every error is one FP and one FN, so micro P = micro R = accuracy
    y, y_hat = MULTI_CASES["seed2"]
    for fn in (M.precision, M.recall, M.f1):
        assert_close(fn(y, y_hat, average="micro"), M.accuracy(y, y_hat))
    y, y_hat = BINARY_CASES["imbalanced"]
    assert M.f1(y, y_hat, average="macro") < M.f1(y, y_hat, average="micro")


@checks("mcc-balanced-accuracy", against="`sklearn.metrics.matthews_corrcoef` and `balanced_accuracy_score`",
        tol="rtol 1e-6")
@pytest.mark.parametrize("case", list(BINARY_CASES) + [f"multi-{c}" for c in MULTI_CASES])
def test_mcc_and_balanced_accuracy(case):
    y, y_hat = BINARY_CASES[case] if case in BINARY_CASES else MULTI_CASES[case[6:]]
    assert_close(M.matthews_corrcoef(y, y_hat), sk.matthews_corrcoef(y, y_hat))
    if len(np.unique(y)) > 0:
        assert_close(M.balanced_accuracy(y, y_hat), sk.balanced_accuracy_score(y, y_hat))


def test_mcc_extremes():
    assert M.matthews_corrcoef([0, 1, 1, 0], [0, 1, 1, 0]) == pytest.approx(1.0)
    assert M.matthews_corrcoef([0, 1, 1, 0], [1, 0, 0, 1]) == pytest.approx(-1.0)
    assert M.matthews_corrcoef([0, 1, 1, 0], [1, 1, 1, 1]) == 0.0  # constant prediction


# -- ROC, PR, AP ------------------------------------------------------------------------------
SCORE_CASES = {
    "random": (np.random.default_rng(4).integers(0, 2, 50), np.random.default_rng(5).random(50)),
    "ties": ([0, 1, 1, 0, 1, 0, 1, 0], [0.5, 0.5, 0.9, 0.1, 0.5, 0.9, 0.2, 0.2]),
    "all-tied": ([0, 1, 1, 0], [0.3, 0.3, 0.3, 0.3]),
    "perfect": ([0, 0, 1, 1, 1], [0.1, 0.2, 0.7, 0.8, 0.9]),
    "worst": ([0, 0, 1, 1, 1], [0.9, 0.8, 0.3, 0.2, 0.1]),
    "rounded": (np.random.default_rng(6).integers(0, 2, 80), np.round(np.random.default_rng(7).random(80), 1)),
}


@checks("roc-auc", against="`sklearn.metrics.roc_curve` and `roc_auc_score` (with ties)", tol="rtol 1e-6")
@pytest.mark.parametrize("case", list(SCORE_CASES))
def test_roc_curve_and_auc(case):
    y, s = SCORE_CASES[case]
    fpr, tpr, thr = M.roc_curve(y, s)
    fpr_sk, tpr_sk, thr_sk = sk.roc_curve(y, s, drop_intermediate=False)
    assert_close(fpr, fpr_sk)
    assert_close(tpr, tpr_sk)
    np.testing.assert_array_equal(thr[1:], thr_sk[1:])
    assert_close(M.roc_auc(y, s), sk.roc_auc_score(y, s))


@pytest.mark.parametrize("case", list(SCORE_CASES))
def test_auc_is_the_probability_a_positive_outranks_a_negative(case):
    y, s = np.asarray(SCORE_CASES[case][0]), np.asarray(SCORE_CASES[case][1], float)
    pos, neg = s[y == 1], s[y == 0]
    diff = pos[:, None] - neg[None, :]  # every (positive, negative) pair
    mann_whitney = np.mean((diff > 0) + 0.5 * (diff == 0))
    assert_close(M.roc_auc(y, s), mann_whitney)


def test_auc_extremes_and_single_class():
    assert M.roc_auc(*SCORE_CASES["perfect"]) == 1.0
    assert M.roc_auc(*SCORE_CASES["worst"]) == 0.0
    assert M.roc_auc(*SCORE_CASES["all-tied"]) == 0.5
    assert np.isnan(M.roc_auc([1, 1, 1], [0.2, 0.5, 0.9]))
    assert np.isnan(sk.roc_auc_score([1, 1, 1], [0.2, 0.5, 0.9]))


@checks("average-precision", against="`sklearn.metrics.precision_recall_curve` and `average_precision_score`",
        tol="rtol 1e-6")
@pytest.mark.parametrize("case", list(SCORE_CASES))
def test_precision_recall_curve_and_average_precision(case):
    y, s = SCORE_CASES[case]
    prec, rec, thr = M.precision_recall_curve(y, s)
    prec_sk, rec_sk, thr_sk = sk.precision_recall_curve(y, s)
    # scikit-learn: thresholds increasing, plus an end point (P=1, R=0) without threshold
    assert_close(prec, prec_sk[:-1][::-1])
    assert_close(rec, rec_sk[:-1][::-1])
    assert_close(thr, thr_sk[::-1])
    assert_close(M.average_precision(y, s), sk.average_precision_score(y, s))


def test_average_precision_edge_cases():
    assert M.average_precision([1, 1, 1], [0.1, 0.4, 0.3]) == 1.0  # all positive
    assert M.average_precision([0, 0, 0], [0.1, 0.4, 0.3]) == 0.0  # no positive (sklearn: 0)
    assert sk.average_precision_score([0, 0, 0], [0.1, 0.4, 0.3]) == 0.0


def test_interpolated_average_precision_hand_example():
    # ranked by score: 0.9 (+), 0.8 (-), 0.4 (+), 0.35 (+), 0.1 (-); 3 positives
    # (P, R) after each: (1, 1/3) (1/2, 1/3) (2/3, 2/3) (3/4, 1) (3/5, 1)
    y, s = [0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.9]
    # scikit-learn AP: 1/3*1 + 0*(1/2) + 1/3*(2/3) + 1/3*(3/4) + 0 = 29/36
    assert M.average_precision(y, s) == pytest.approx(29 / 36)
    assert sk.average_precision_score(y, s) == pytest.approx(29 / 36)
    # P_interp(r) = 1 for r <= 1/3, 3/4 for r > 1/3; 11 points: r = 0, .1, .2, .3 -> 1 (4 points),
    # r = .4 ... 1 -> 3/4 (7 points): (4 + 7 * 0.75) / 11 = 9.25 / 11
    assert M.average_precision_11pt(y, s) == pytest.approx(9.25 / 11)
    # all-point envelope (VOC 2010+): 1/3*1 + 1/3*3/4 + 1/3*3/4 = 5/6
    assert M.average_precision_all_points(y, s) == pytest.approx(5 / 6)
    # 101 points: r = 0 .. 0.33 -> 1 (34 points), r = 0.34 .. 1 -> 3/4 (67 points)
    assert M.average_precision_101pt(y, s) == pytest.approx((34 + 67 * 0.75) / 101)


# -- probabilistic: log loss, Brier, calibration, top-k ---------------------------------------
def _probas(seed: int, n: int = 30, k: int = 3):
    rng = np.random.default_rng(seed)
    logits = rng.normal(size=(n, k)) * 2
    p = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    y = np.array([rng.choice(k, p=row) for row in p])
    return y, p


@checks("log-loss", against="`sklearn.metrics.log_loss`", tol="rtol 1e-6")
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_log_loss_multiclass(seed):
    y, p = _probas(seed)
    assert_close(M.log_loss(y, p), sk.log_loss(y, p, labels=[0, 1, 2]))


def test_log_loss_binary_perfect_and_worst():
    y = np.array([0, 1, 1, 0, 1])
    p = np.array([0.2, 0.7, 0.9, 0.4, 0.6])
    assert_close(M.log_loss(y, p), sk.log_loss(y, p))
    # hand: -(ln .8 + ln .7 + ln .9 + ln .6 + ln .6) / 5
    assert M.log_loss(y, p) == pytest.approx(-np.log([0.8, 0.7, 0.9, 0.6, 0.6]).mean())
    assert M.log_loss(y, y.astype(float)) == pytest.approx(0.0, abs=1e-12)  # perfect
    worst = 1.0 - y  # probability 0 on every true class: clipped to machine epsilon
    assert_close(M.log_loss(y, worst), sk.log_loss(y, worst))
    assert M.log_loss(y, worst) == pytest.approx(-np.log(np.finfo(float).eps))


def test_log_loss_clips_at_the_epsilon_of_the_input_dtype():
    y = np.array([0, 1, 1, 0, 1])
    worst = (1.0 - y).astype(np.float32)  # float32 eps = 1.19e-7: each mistake costs -ln eps = 15.9, not 36
    assert_close(M.log_loss(y, worst), sk.log_loss(y, worst), rtol=1e-6)
    assert M.log_loss(y, worst) == pytest.approx(-np.log(np.finfo(np.float32).eps), rel=1e-6)
    assert M.log_loss(y, worst.astype(np.float64)) == pytest.approx(36.04, abs=0.01)


def test_balanced_accuracy_differs_from_macro_recall_when_predictions_add_a_label():
    y, y_hat = [0, 0, 1, 1], [0, 2, 1, 1]  # label 2 is predicted but never true
    with pytest.warns(UserWarning):
        reference = sk.balanced_accuracy_score(y, y_hat)
    assert M.balanced_accuracy(y, y_hat) == pytest.approx(reference) == pytest.approx(0.75)
    # macro recall also averages a 0 for label 2: (1/2 + 1 + 0) / 3
    assert sk.recall_score(y, y_hat, average="macro", zero_division=0) == pytest.approx(0.5)


@checks("brier-score", against="`sklearn.metrics.brier_score_loss`", tol="rtol 1e-6")
def test_brier_score():
    y = np.array([0, 1, 1, 0, 1])
    p = np.array([0.2, 0.7, 0.9, 0.4, 0.6])
    assert_close(M.brier_score(y, p), sk.brier_score_loss(y, p))
    # hand: (.04 + .09 + .01 + .16 + .16) / 5 = 0.092
    assert M.brier_score(y, p) == pytest.approx(0.092)


def test_ece_hand_example():
    # M = 5 bins of width 0.2: (.2,.4] holds {.3: wrong} -> |0 - .3| * 1/5 = 0.06
    # (.6,.8] holds {.65, .62: both right} -> |1 - .635| * 2/5 = 0.146
    # (.8, 1] holds {.95 right, .85 wrong} -> |.5 - .9| * 2/5 = 0.16;  ECE = 0.366
    conf = [0.95, 0.85, 0.65, 0.62, 0.3]
    correct = [1, 0, 1, 1, 0]
    assert M.expected_calibration_error(correct, conf, n_bins=5) == pytest.approx(0.366)


def test_ece_perfectly_calibrated_and_top_label():
    # confidence 0.75 with 3 of 4 right in the one non-empty bin -> ECE 0
    assert M.expected_calibration_error([1, 1, 1, 0], [0.75] * 4, n_bins=10) == pytest.approx(0.0)
    # always-confident wrong model: confidence 1, accuracy 0 -> ECE 1
    assert M.expected_calibration_error([0, 0], [1.0, 1.0]) == pytest.approx(1.0)
    proba = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6], [0.4, 0.5, 0.1]])
    correct, conf = M.top_label([0, 1, 1], proba)
    np.testing.assert_array_equal(correct, [1, 0, 1])
    np.testing.assert_array_equal(conf, [0.7, 0.6, 0.5])


@checks("calibration-ece", against="`sklearn.calibration.calibration_curve` (uniform bins)", tol="rtol 1e-6")
@pytest.mark.parametrize("n_bins", [5, 10, 15])
def test_reliability_bins_match_sklearn_calibration_curve(n_bins):
    rng = np.random.default_rng(n_bins)
    p = np.r_[rng.random(200), 0.0, 0.4, 0.6, 1.0]  # include bin edges
    y = (rng.random(len(p)) < p**1.5).astype(int)
    size, acc, mean_conf = M.calibration_bins(y, p, n_bins)
    prob_true, prob_pred = pytest.importorskip("sklearn.calibration").calibration_curve(
        y, p, n_bins=n_bins, strategy="uniform")
    keep = size > 0
    assert_close(acc[keep], prob_true)
    assert_close(mean_conf[keep], prob_pred)
    # binary ECE from scikit-learn's curve and bin counts from np.histogram on (lo, hi] bins
    counts = np.array([np.sum((p > lo) & (p <= hi)) for lo, hi in zip(np.linspace(0, 1, n_bins + 1)[:-1],
                                                                       np.linspace(0, 1, n_bins + 1)[1:])])
    counts[0] += np.sum(p == 0)
    expected = np.sum(counts[counts > 0] / len(p) * np.abs(prob_true - prob_pred))
    assert_close(M.expected_calibration_error(y, p, n_bins), expected)


@checks("top-k-accuracy", against="`sklearn.metrics.top_k_accuracy_score`", tol="rtol 1e-6")
@pytest.mark.parametrize("k", [1, 2, 3])
def test_top_k_accuracy(k):
    y, p = _probas(7, n=40, k=5)
    assert_close(M.top_k_accuracy(y, p, k), sk.top_k_accuracy_score(y, p, k=k, labels=range(5)))
    ties = np.array([[0.2, 0.4, 0.4], [0.5, 0.5, 0.0], [0.1, 0.1, 0.8], [1 / 3] * 3])
    yt = np.array([1, 0, 1, 0])
    assert_close(M.top_k_accuracy(yt, ties, k), sk.top_k_accuracy_score(yt, ties, k=k, labels=range(3)))
    if k == 1:
        assert_close(M.top_k_accuracy(y, p, 1), M.accuracy(y, p.argmax(1)))


# -- regression -------------------------------------------------------------------------------
REG_CASES = {
    "random": (np.random.default_rng(8).normal(size=30), np.random.default_rng(9).normal(size=30)),
    "perfect": ([1.0, 2.0, 3.0], [1.0, 2.0, 3.0]),
    "constant-truth-perfect": ([2.0, 2.0, 2.0], [2.0, 2.0, 2.0]),
    "constant-truth-wrong": ([2.0, 2.0, 2.0], [2.0, 3.0, 2.0]),
    "worse-than-mean": ([1.0, 2.0, 3.0], [3.0, 2.0, 1.0]),
    "zero-in-truth": ([0.0, 1.0, -2.0, 4.0], [0.5, 1.5, -2.0, 3.0]),
}


@checks("regression-metrics", against="`sklearn.metrics` MAE, MSE, RMSE, R², MAPE", tol="rtol 1e-6")
@pytest.mark.parametrize("case", list(REG_CASES))
def test_regression(case):
    y, y_hat = REG_CASES[case]
    assert_close(M.mae(y, y_hat), sk.mean_absolute_error(y, y_hat))
    assert_close(M.mse(y, y_hat), sk.mean_squared_error(y, y_hat))
    assert_close(M.rmse(y, y_hat), sk.root_mean_squared_error(y, y_hat))
    assert_close(M.r2(y, y_hat), sk.r2_score(y, y_hat))
    assert_close(M.mape(y, y_hat), sk.mean_absolute_percentage_error(y, y_hat), rtol=1e-9)


def test_regression_hand_example():
    # errors 1, -1, 2 -> MAE 4/3, MSE 6/3 = 2, R^2 = 1 - 6 / ((2-4)^2 + 0 + 2^2) = 1 - 6/8
    y, y_hat = [2.0, 4.0, 6.0], [1.0, 5.0, 4.0]
    assert M.mae(y, y_hat) == pytest.approx(4 / 3)
    assert M.mse(y, y_hat) == pytest.approx(2.0)
    assert M.rmse(y, y_hat) == pytest.approx(np.sqrt(2.0))
    assert M.r2(y, y_hat) == pytest.approx(0.25)
    assert M.r2([1.0, 2.0, 3.0], [3.0, 2.0, 1.0]) == pytest.approx(-3.0)  # 1 - 8/2: worse than the mean
    # MAPE: (1/2 + 1/4 + 2/6) / 3 = 13/36 (a fraction, not %)
    assert M.mape(y, y_hat) == pytest.approx(13 / 36)


# -- ranking ----------------------------------------------------------------------------------
def test_precision_recall_at_k_hand_example():
    rel = [1, 0, 1, 1, 0, 0, 1]  # 4 relevant items
    assert M.precision_at_k(rel, 3) == pytest.approx(2 / 3)
    assert M.recall_at_k(rel, 3) == pytest.approx(2 / 4)
    assert M.precision_at_k(rel, 5) == pytest.approx(3 / 5)
    assert M.recall_at_k(rel, 7) == pytest.approx(1.0)
    assert M.recall_at_k(rel, 3, n_relevant=10) == pytest.approx(2 / 10)  # relevant items not retrieved
    assert M.recall_at_k([0, 0, 0], 2) == 0.0  # no relevant item: zero division -> 0


def test_mrr_hand_example():
    # first relevant at ranks 3, 1, 2, none -> (1/3 + 1 + 1/2 + 0) / 4 = 11/24
    rankings = [[0, 0, 1], [1, 0, 0], [0, 1, 1], [0, 0, 0]]
    assert M.mean_reciprocal_rank(rankings) == pytest.approx(11 / 24)


def test_dcg_ndcg_hand_example():
    rel = [3, 2, 3, 0, 1, 2]
    # linear gain: 3/1 + 2/log2 3 + 3/2 + 0 + 1/log2 6 + 2/log2 7
    dcg = 3 + 2 / np.log2(3) + 3 / 2 + 0 + 1 / np.log2(6) + 2 / np.log2(7)
    idcg = 3 + 3 / np.log2(3) + 2 / 2 + 2 / np.log2(5) + 1 / np.log2(6) + 0  # order 3,3,2,2,1,0
    assert M.dcg_at_k(rel, gain="linear") == pytest.approx(dcg)
    assert M.ndcg_at_k(rel, gain="linear") == pytest.approx(dcg / idcg)
    # exponential gain 2^rel - 1: 7, 3, 7, 0, 1, 3; ideal 7, 7, 3, 3, 1, 0
    dcg_e = 7 + 3 / np.log2(3) + 7 / 2 + 0 + 1 / np.log2(6) + 3 / np.log2(7)
    idcg_e = 7 + 7 / np.log2(3) + 3 / 2 + 3 / np.log2(5) + 1 / np.log2(6)
    assert M.ndcg_at_k(rel, gain="exponential") == pytest.approx(dcg_e / idcg_e)
    # @3: 3 + 2/log2 3 + 3/2 over 3 + 3/log2 3 + 2/2
    assert M.ndcg_at_k(rel, 3) == pytest.approx((3 + 2 / np.log2(3) + 1.5) / (3 + 3 / np.log2(3) + 1))
    assert M.ndcg_at_k([0, 0, 0], 2) == 0.0


@checks("ndcg", against="`sklearn.metrics.ndcg_score` (with ties)", tol="rtol 1e-6")
@pytest.mark.parametrize("k", [None, 1, 3, 5])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_ndcg_from_scores_matches_sklearn_with_ties(seed, k):
    rng = np.random.default_rng(seed)
    rel = rng.integers(0, 4, 8).astype(float)
    scores = np.round(rng.random(8), 1)  # rounding creates ties
    scores[:3] = 0.5  # and a guaranteed one
    expected = sk.ndcg_score([rel], [scores], k=k)
    assert_close(M.ndcg_from_scores(rel, scores, k), expected)
    untied = rng.permutation(8).astype(float)
    assert_close(M.ndcg_from_scores(rel, untied, k), sk.ndcg_score([rel], [untied], k=k))
    assert_close(M.ndcg_from_scores(rel, untied, k), M.ndcg_at_k(rel[np.argsort(-untied)], k))


# -- language ---------------------------------------------------------------------------------
def test_perplexity_hand_and_uniform():
    # p = 1/2, 1/4, 1/8 -> mean log p = -(1 + 2 + 3) ln 2 / 3 = -2 ln 2 -> PPL = 4
    assert M.perplexity(np.log([0.5, 0.25, 0.125])) == pytest.approx(4.0)
    assert M.perplexity(np.full(7, np.log(1 / 50))) == pytest.approx(50.0)  # uniform over 50 tokens
    assert M.perplexity([0.0, 0.0]) == 1.0  # certain and right


@checks("metric-perplexity", against="`exp(F.cross_entropy)`", tol="rtol 1e-6")
def test_perplexity_is_exp_of_pytorch_cross_entropy():
    torch = pytest.importorskip("torch")
    g = torch.Generator().manual_seed(0)
    logits = torch.randn(12, 30, generator=g, dtype=torch.float64)
    target = torch.randint(0, 30, (12,), generator=g)
    ce = torch.nn.functional.cross_entropy(logits, target).item()
    log_probs = torch.log_softmax(logits, dim=-1)[torch.arange(12), target].numpy()
    assert_close(M.perplexity(log_probs), np.exp(ce))


def test_bleu_hand_examples():
    tok = str.split
    # unigrams: the(2, clipped to 1) cat sat on mat -> 5/6; bigrams: the-cat cat-sat sat-on -> 3/5;
    # c = r = 6 -> BP = 1; BLEU-2 = sqrt(5/6 * 3/5) = sqrt(1/2)
    assert M.bleu([tok("the cat sat on the mat")], [[tok("the cat sat on a mat")]], max_n=2) \
        == pytest.approx(np.sqrt(0.5))
    # Papineni et al.'s example: "the" x7, clipped to 2 (max count in one reference) -> 2/7;
    # closest reference length 7 = c -> BP = 1
    refs = [tok("the cat is on the mat"), tok("there is a cat on the mat")]
    assert M.bleu([tok("the the the the the the the")], [refs], max_n=1) == pytest.approx(2 / 7)
    # brevity penalty: c = 2, r = 6, all precisions 1 -> BP = exp(1 - 6/2) = e^-2
    assert M.bleu([tok("the cat")], [[tok("the cat sat on the mat")]], max_n=2) == pytest.approx(np.exp(-2))
    # tie in reference length (4 and 6, both 1 away from c = 5): the shorter, r = 4 < c -> BP = 1
    assert M.bleu([tok("a b c d e")], [[tok("a b c d"), tok("a b c d e f")]], max_n=1) == pytest.approx(1.0)
    # no 4-gram in common -> 0 without smoothing
    assert M.bleu([tok("the cat sat on a mat")], [[tok("the cat is on a mat")]]) == 0.0


def test_bleu_is_corpus_level_not_mean_of_sentences():
    tok = str.split
    cands = [tok("the cat sat"), tok("a dog ran")]
    refs = [[tok("the cat sat")], [tok("a dog walked")]]
    # unigram: (3 + 2) / 6; bigram: (2 + 1) / 4; c = r = 6: BLEU-2 = sqrt(5/6 * 3/4)
    assert M.bleu(cands, refs, max_n=2) == pytest.approx(np.sqrt(5 / 6 * 3 / 4))


def test_rouge_hand_examples():
    tok = str.split
    ref, cand = tok("the cat was under the bed"), tok("the cat was found under the bed")
    # ROUGE-1: overlap the x2, cat, was, under, bed = 6; R = 6/6, P = 6/7, F = 12/13
    assert M.rouge_n(cand, ref, 1) == pytest.approx((6 / 7, 1.0, 12 / 13))
    # ROUGE-2: overlap the-cat, cat-was, under-the, the-bed = 4; R = 4/5, P = 4/6, F = 8/11
    assert M.rouge_n(cand, ref, 2) == pytest.approx((4 / 6, 4 / 5, 8 / 11))
    # ROUGE-L: LCS = "the cat was under the bed" = 6; R = 1, P = 6/7
    assert M.rouge_l(cand, ref) == pytest.approx((6 / 7, 1.0, 12 / 13))
    # Lin (2004): "police killed the gunman" vs "police kill the gunman": LCS 3 -> 3/4;
    # vs "the gunman kill police": LCS 2 ("the gunman") -> 1/2
    assert M.rouge_l(tok("police kill the gunman"), tok("police killed the gunman"))[2] == pytest.approx(0.75)
    assert M.rouge_l(tok("the gunman kill police"), tok("police killed the gunman"))[2] == pytest.approx(0.5)
    assert M.rouge_n([], ref, 1) == (0.0, 0.0, 0.0)


# -- vision -----------------------------------------------------------------------------------
def test_box_iou_and_dice_hand_examples():
    # overlap 1x1 = 1, union 4 + 4 - 1 = 7
    assert M.box_iou((0, 0, 2, 2), (1, 1, 3, 3)) == pytest.approx(1 / 7)
    assert M.dice_from_iou(1 / 7) == pytest.approx(2 * 1 / (2 * 2 + 2 * 2))  # 2|A n B| / (|A| + |B|) = 1/4
    assert M.box_iou((0, 0, 4, 4), (1, 1, 3, 3)) == pytest.approx(4 / 16)  # contained
    assert M.box_iou((0, 0, 1, 1), (1, 0, 2, 1)) == 0.0  # touching edges
    assert M.box_iou((0, 0, 1, 1), (5, 5, 6, 6)) == 0.0  # disjoint
    assert M.box_iou((0, 0, 3, 2), (0, 0, 3, 2)) == 1.0


@checks("mask-iou-dice", against="`sklearn.metrics.jaccard_score` and `f1_score` over pixels", tol="rtol 1e-6")
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_mask_iou_and_dice_match_sklearn(seed):
    rng = np.random.default_rng(seed)
    a, b = rng.random((12, 12)) < 0.4, rng.random((12, 12)) < 0.5
    iou = M.mask_iou(a, b)
    assert_close(iou, sk.jaccard_score(a.ravel(), b.ravel()))
    assert_close(M.dice(a, b), sk.f1_score(a.ravel(), b.ravel()))  # Dice = F1 over pixels
    assert_close(M.dice(a, b), M.dice_from_iou(iou))  # Dice = 2 IoU / (1 + IoU)


def test_mask_edge_cases():
    empty = np.zeros((4, 4), bool)
    full = np.ones((4, 4), bool)
    assert M.mask_iou(empty, empty) == 1.0 and M.dice(empty, empty) == 1.0  # convention: both empty
    assert sk.jaccard_score(empty.ravel(), empty.ravel(), zero_division=1.0) == 1.0
    assert M.mask_iou(empty, empty, empty=0.0) == 0.0
    assert M.mask_iou(empty, full) == 0.0 and M.dice(empty, full) == 0.0


GT = {"img1": [(0, 0, 10, 10)], "img2": [(0, 0, 10, 10), (20, 20, 30, 30)]}
DETS = [
    ("img1", 0.9, (0, 0, 10, 10)),  # IoU 1 -> TP
    ("img1", 0.8, (1, 0, 11, 10)),  # IoU 90/110 = 0.82 with an already matched box -> FP (duplicate)
    ("img2", 0.7, (20, 20, 30, 30)),  # IoU 1 -> TP
    ("img2", 0.6, (50, 50, 60, 60)),  # no overlap -> FP
    ("img2", 0.5, (0, 0, 10, 6.2)),  # IoU 62/100 = 0.62 -> TP at tau <= 0.6, FP above
]


def test_detection_ap_hand_example():
    # tau = 0.5: TP FP TP FP TP, 3 ground truths
    # P = 1, 1/2, 2/3, 1/2, 3/5; R = 1/3, 1/3, 2/3, 2/3, 1
    # envelope: 1, 2/3, 2/3, 3/5, 3/5 -> area 1/3*1 + 1/3*2/3 + 1/3*3/5 = 34/45
    assert M.detection_average_precision(DETS, GT, 0.5, "all") == pytest.approx(34 / 45)
    # 11-point: r = 0..0.3 -> 1 (4), r = 0.4..0.6 -> 2/3 (3), r = 0.7..1 -> 3/5 (4): 8.4/11
    assert M.detection_average_precision(DETS, GT, 0.5, "11") == pytest.approx(8.4 / 11)
    # 101-point: r <= 0.33 -> 1 (34), 0.34..0.66 -> 2/3 (33), 0.67..1 -> 3/5 (34): 76.4/101
    assert M.detection_average_precision(DETS, GT, 0.5, "101") == pytest.approx(76.4 / 101)
    # tau = 0.7: the last detection becomes FP; R stops at 2/3: area 1/3 + 1/3*2/3 = 5/9
    assert M.detection_average_precision(DETS, GT, 0.7, "all") == pytest.approx(5 / 9)


def test_coco_map_hand_example():
    # tau in {.50, .55, .60}: AP101 = 76.4/101; tau in {.65 ... .95} (7 values): R stops at 2/3,
    # AP101 = (34*1 + 33*2/3 + 34*0) / 101 = 56/101; mean over 10 thresholds
    expected = (3 * 76.4 / 101 + 7 * 56 / 101) / 10
    assert M.coco_map({"cat": DETS}, {"cat": GT}) == pytest.approx(expected)


# -- generative -------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_fid_diagonal_closed_form(seed):
    rng = np.random.default_rng(seed)
    d = 6
    mu1, mu2 = rng.normal(size=d), rng.normal(size=d)
    v1, v2 = rng.random(d) + 0.1, rng.random(d) + 0.1
    # diagonal covariances: tr(S1 + S2 - 2 (S1 S2)^(1/2)) = sum (sqrt v1 - sqrt v2)^2
    expected = np.sum((mu1 - mu2) ** 2) + np.sum((np.sqrt(v1) - np.sqrt(v2)) ** 2)
    assert_close(M.frechet_distance(mu1, np.diag(v1), mu2, np.diag(v2)), expected)


@pytest.mark.parametrize("seed", [0, 1])
def test_fid_full_covariance_against_scipy_sqrtm(seed):
    linalg = pytest.importorskip("scipy.linalg")
    rng = np.random.default_rng(seed)
    A, B = rng.normal(size=(5, 5)), rng.normal(size=(5, 5))
    s1, s2 = A @ A.T + 0.1 * np.eye(5), B @ B.T + 0.1 * np.eye(5)
    mu1, mu2 = rng.normal(size=5), rng.normal(size=5)
    covmean = linalg.sqrtm(s1 @ s2).real
    expected = np.sum((mu1 - mu2) ** 2) + np.trace(s1 + s2 - 2 * covmean)
    assert_close(M.frechet_distance(mu1, s1, mu2, s2), expected)
    assert M.frechet_distance(mu1, s1, mu1, s1) == pytest.approx(0.0, abs=1e-9)  # same Gaussian
    # 1-D: (mu1 - mu2)^2 + (sigma1 - sigma2)^2 with sigma = 2 and 3
    assert M.frechet_distance([1.0], [[4.0]], [-1.0], [[9.0]]) == pytest.approx(4 + 1)


def test_fid_from_features_uses_unbiased_covariance():
    x = np.array([[0.0], [2.0]])  # mean 1, unbiased variance 2
    y = np.array([[1.0], [1.0]])  # mean 1, variance 0
    assert M.fid_from_features(x, y) == pytest.approx(2.0)  # (sqrt 2 - 0)^2


def test_inception_score_hand_examples():
    # p(y|x) = [1, 0] and [.5, .5]; p(y) = [.75, .25]
    # KL1 = ln(1/.75) = ln 4/3; KL2 = .5 ln(.5/.75) + .5 ln(.5/.25) = .5 ln 4/3; mean .75 ln 4/3
    mean, _ = M.inception_score(np.array([[1.0, 0.0], [0.5, 0.5]]))
    assert mean == pytest.approx((4 / 3) ** 0.75)
    # confident and uniformly spread over K = 5 classes: IS = K
    assert M.inception_score(np.eye(5))[0] == pytest.approx(5.0)
    # every sample the same distribution: KL = 0, IS = 1 (its minimum)
    assert M.inception_score(np.tile([0.2, 0.3, 0.5], (6, 1)))[0] == pytest.approx(1.0)
    # two splits: each split is one-hot over 2 of the classes -> IS 2 in both, std 0
    mean, std = M.inception_score(np.eye(4), splits=2)
    assert (mean, std) == pytest.approx((2.0, 0.0))


# -- forecasting: MASE, sMAPE ------------------------------------------------------------------
def test_mase_scales_by_the_in_sample_seasonal_naive_mae():
    rng = np.random.default_rng(11)
    train = np.sin(np.arange(48) * 2 * np.pi / 12) * 10 + rng.normal(size=48)
    test, forecast = train[-12:] + rng.normal(size=12), train[-24:-12]  # a seasonal naive forecast
    naive_mae = sk.mean_absolute_error(train[12:], train[:-12])  # in-sample: y_t vs y_{t-12}
    assert_close(M.mase(test, forecast, train, m=12), sk.mean_absolute_error(test, forecast) / naive_mae)
    # the one-step naive forecast scored in-sample is exactly 1; the seasonal period changes the scale
    assert_close(M.mase(train[1:], train[:-1], train, m=1), 1.0)
    assert not np.isclose(M.mase(test, forecast, train, m=1), M.mase(test, forecast, train, m=12))


def test_smape_matches_torchmetrics_and_its_bounds():
    torch = pytest.importorskip("torch")
    tm = pytest.importorskip("torchmetrics.functional.regression")
    rng = np.random.default_rng(12)
    y, y_hat = rng.normal(size=30) * 5, rng.normal(size=30) * 5
    theirs = tm.symmetric_mean_absolute_percentage_error(torch.tensor(y_hat), torch.tensor(y)).item()
    assert_close(M.smape(y, y_hat), theirs)
    assert M.smape([1.0, 2.0], [0.0, 0.0]) == 2.0  # the upper bound: every forecast 0
    assert M.smape([0.0, 3.0], [0.0, 3.0]) == 0.0  # 0/0 counts 0
    # symmetric in its arguments, unlike MAPE
    assert_close(M.smape(y, y_hat), M.smape(y_hat, y))
    assert not np.isclose(M.mape(y, y_hat), M.mape(y_hat, y))


# -- retrieval MAP ------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_retrieval_map_is_the_mean_of_sklearn_average_precision_per_query(seed):
    rng = np.random.default_rng(seed)
    rankings, per_query = [], []
    for _ in range(5):
        rel = (rng.random(15) < 0.3).astype(int)
        rel[rng.integers(0, 15)] = 1  # at least one relevant item
        scores = rng.permutation(15).astype(float)  # distinct scores: a strict ranking
        order = np.argsort(-scores)
        rankings.append(rel[order])
        per_query.append(sk.average_precision_score(rel, scores))
    assert_close(M.mean_average_precision(rankings), np.mean(per_query))


def test_retrieval_average_precision_hand_example():
    # relevant at ranks 1, 3, 6 of 3 relevant: (1/1 + 2/3 + 3/6) / 3
    assert_close(M.retrieval_average_precision([1, 0, 1, 0, 0, 1]), (1 + 2 / 3 + 0.5) / 3)
    # a fourth relevant item never retrieved counts as a miss
    assert_close(M.retrieval_average_precision([1, 0, 1, 0, 0, 1], n_relevant=4), (1 + 2 / 3 + 0.5) / 4)
    assert M.retrieval_average_precision([0, 0, 0]) == 0.0


# -- image quality: PSNR, SSIM --------------------------------------------------------------------
@pytest.mark.parametrize("seed,data_range", [(0, 1.0), (1, 255.0)])
def test_psnr_and_ssim_match_scikit_image(seed, data_range):
    skm = pytest.importorskip("skimage.metrics")
    rng = np.random.default_rng(seed)
    x = rng.random((32, 29)) * data_range
    y = np.clip(x + 0.08 * data_range * rng.normal(size=x.shape), 0, data_range)
    assert_close(M.psnr(x, y, data_range), skm.peak_signal_noise_ratio(x, y, data_range=data_range))
    theirs = skm.structural_similarity(x, y, gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
                                       data_range=data_range)
    assert_close(M.ssim(x, y, data_range), theirs)
    assert M.ssim(x, x, data_range) == pytest.approx(1.0)
    # the constants scale with the data range: a wrong range changes the value
    assert not np.isclose(M.ssim(x, y, 10 * data_range), theirs)


def test_psnr_hand_example_and_gaussian_window():
    # MSE 0.01 on [0, 1] images: 10 log10(1 / 0.01) = 20 dB
    assert_close(M.psnr(np.zeros(4), np.full(4, 0.1), 1.0), 20.0)
    w = M.gaussian_window()
    assert w.shape == (11, 11) and np.isclose(w.sum(), 1.0)
    assert_close(w[5, 6] / w[5, 5], np.exp(-0.5 / 1.5**2))


# -- KID ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", [0, 1])
def test_kid_matches_torchmetrics_poly_mmd(seed):
    torch = pytest.importorskip("torch")
    kid_mod = pytest.importorskip("torchmetrics.image.kid")
    rng = np.random.default_rng(seed)
    real, fake = rng.normal(size=(25, 16)), rng.normal(size=(25, 16)) * 1.2 + 0.2
    theirs = kid_mod.poly_mmd(torch.tensor(real), torch.tensor(fake), degree=3, gamma=None, coef=1.0).item()
    assert_close(M.kid(real, fake), theirs)


def test_kid_is_unbiased_brute_force_with_unequal_sizes():
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=(7, 3)), rng.normal(size=(5, 3))
    k = lambda a, b: (a @ b / 3 + 1) ** 3  # noqa: E731
    xx = sum(k(x[i], x[j]) for i in range(7) for j in range(7) if i != j) / (7 * 6)
    yy = sum(k(y[i], y[j]) for i in range(5) for j in range(5) if i != j) / (5 * 4)
    xy = sum(k(x[i], y[j]) for i in range(7) for j in range(5)) / 35
    assert_close(M.kid(x, y), xx + yy - 2 * xy)
    # same distribution: centered at 0 (unbiased), so it is negative for some draws
    draws = [M.kid(rng.normal(size=(30, 4)), rng.normal(size=(30, 4))) for _ in range(40)]
    assert min(draws) < 0 < max(draws)


# -- significance ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_mcnemar_against_scipy(seed):
    stats = pytest.importorskip("scipy.stats")
    rng = np.random.default_rng(seed)
    a, b = rng.random(80) < 0.75, rng.random(80) < 0.65
    n10, n01 = int(np.sum(a & ~b)), int(np.sum(~a & b))
    stat, p = M.mcnemar(a, b)
    assert stat == n10
    assert_close(p, stats.binomtest(n10, n10 + n01, 0.5).pvalue)
    chi, p_chi = M.mcnemar(a, b, exact=False)
    assert_close(chi, (abs(n10 - n01) - 1) ** 2 / (n10 + n01))
    assert_close(p_chi, stats.chi2.sf(chi, df=1))


def test_mcnemar_only_discordant_pairs_count():
    a = np.array([1] * 50 + [1] * 9 + [0] * 1 + [0] * 40, bool)
    b = np.array([1] * 50 + [0] * 9 + [1] * 1 + [0] * 40, bool)
    # b = 9, c = 1: p = 2 * P[Bin(10, 1/2) <= 1] = 2 * 11 / 1024
    assert_close(M.mcnemar(a, b)[1], 22 / 1024)
    both_right = np.ones(30, bool)
    assert M.mcnemar(both_right, both_right) == (0.0, 1.0)


def test_paired_bootstrap_agrees_with_the_normal_approximation():
    stats = pytest.importorskip("scipy.stats")
    rng = np.random.default_rng(13)
    n = 400
    a = rng.normal(0.52, 0.3, n)
    b = a - rng.normal(0.03, 0.25, n)  # paired: B is A minus noise with mean 0.03
    delta, p, (lo, hi) = M.paired_bootstrap(a, b, n_boot=4000, seed=1)
    d = a - b
    se = d.std(ddof=0) / np.sqrt(n)
    assert_close(delta, d.mean())
    # the bootstrap distribution of the mean difference is about N(mean d, se^2)
    assert abs(p - stats.norm.cdf(-d.mean() / se)) < 0.01
    assert abs(lo - (d.mean() - 1.96 * se)) < 0.15 * se and abs(hi - (d.mean() + 1.96 * se)) < 0.15 * se
    # the same seed gives the same answer; A better on every item never loses
    assert M.paired_bootstrap(a, b, n_boot=4000, seed=1)[1] == p
    assert M.paired_bootstrap(a + 1.0, a, n_boot=200)[1] == 0.0


def test_paired_bootstrap_with_a_corpus_level_statistic():
    # BLEU-like: rows are per-sentence (matches, total); the corpus score is sum matches / sum total,
    # not the mean of the per-sentence ratios
    rng = np.random.default_rng(14)
    totals = rng.integers(5, 40, 300)
    a = np.column_stack([rng.binomial(totals, 0.6), totals])
    b = np.column_stack([rng.binomial(totals, 0.5), totals])
    corpus = lambda rows: rows[:, 0].sum() / rows[:, 1].sum()  # noqa: E731
    delta, p, (lo, hi) = M.paired_bootstrap(a, b, corpus, n_boot=500, seed=0)
    assert_close(delta, corpus(a) - corpus(b))
    assert p < 0.01 and lo > 0


def _brute_force_delong(y, s):
    pos, neg = s[y == 1], s[y == 0]
    psi = np.array([[1.0 if x > z else 0.5 if x == z else 0.0 for z in neg] for x in pos])
    v10, v01 = psi.mean(axis=1), psi.mean(axis=0)
    return psi.mean(), v10, v01


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_delong_matches_brute_force_structural_components_and_sklearn(seed):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, 60)
    s1 = rng.normal(size=60) + y
    s2 = np.round(rng.normal(size=60) + 0.5 * y, 1)  # rounded: ties
    aucs, cov = M.delong(y, s1, s2)
    assert_close(aucs, [sk.roc_auc_score(y, s1), sk.roc_auc_score(y, s2)])
    m, n = int(y.sum()), int((1 - y).sum())
    a1, v10_1, v01_1 = _brute_force_delong(y, s1)
    a2, v10_2, v01_2 = _brute_force_delong(y, s2)
    assert_close(aucs, [a1, a2])
    assert_close(cov[0, 0], v10_1.var(ddof=1) / m + v01_1.var(ddof=1) / n)
    assert_close(cov[1, 1], v10_2.var(ddof=1) / m + v01_2.var(ddof=1) / n)
    cross = np.cov(v10_1, v10_2)[0, 1] / m + np.cov(v01_1, v01_2)[0, 1] / n
    assert_close(cov[0, 1], cross)
    stats = pytest.importorskip("scipy.stats")
    z, p = M.delong_test(y, s1, s2)
    assert_close(z, (a1 - a2) / np.sqrt(cov[0, 0] + cov[1, 1] - 2 * cross))
    assert_close(p, 2 * stats.norm.sf(abs(z)))


# -- the page agrees with the code -----------------------------------------------------------
def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def _summary_formulas(fn) -> list[str]:
    summary = (fn.__doc__ or "").strip().split("\n\n")[0]
    return re.findall(r"\$([^$]+)\$", summary)


@pytest.mark.parametrize("name", sorted(M.METRICS))
def test_docstring_formulas_appear_on_the_page(name):
    page = _norm(PAGE.read_text(encoding="utf-8"))
    formulas = _summary_formulas(M.METRICS[name].fn)
    assert formulas, f"{name}: its docstring states no formula"
    for formula in formulas:
        assert _norm(formula) in page, f"{name}: formula not on the page: {formula}"


PUBLIC_FUNCTIONS = sorted(
    name for name, fn in vars(M).items()
    if callable(fn) and getattr(fn, "__module__", None) == M.__name__ and not name.startswith("_")
    and not isinstance(fn, type)
)


@pytest.mark.parametrize("name", PUBLIC_FUNCTIONS)
def test_every_function_formula_appears_on_the_page(name):
    page = _norm(PAGE.read_text(encoding="utf-8"))
    for formula in _summary_formulas(getattr(M, name)):
        assert _norm(formula) in page, f"{name}: formula not on the page: {formula}"


@pytest.mark.parametrize("name", sorted(M.METRICS))
def test_every_metric_has_a_section(name):
    page = PAGE.read_text(encoding="utf-8")
    assert re.search(rf"^#{{2,3}} .*\{{ #{re.escape(name)} \}}$", page, re.M), f"no heading with id #{name}"


def test_page_figures_exist_and_every_metrics_figure_is_shown():
    from cheatsheet.figures.catalogue import catalogue

    page = PAGE.read_text(encoding="utf-8")
    shown = re.findall(r"<!--\s*figure:\s*(metrics-[a-z0-9-]+)\s*-->", page)
    declared = {n for n in catalogue() if n.startswith("metrics-")}
    assert shown, "the page shows no metrics figure"
    assert set(shown) <= declared, f"unknown figures on the page: {sorted(set(shown) - declared)}"
    assert declared <= set(shown), f"declared but not shown: {sorted(declared - set(shown))}"
    assert len(shown) == len(set(shown)), "a figure is shown twice"
