"""Every library call the metrics page shows is executed, and the behavior the page states is asserted.

The calls are the page's own code spans (``**Call:**`` lines and the "One-line call" column), read
from ``docs/evaluation-metrics.md`` and evaluated as written, on data where the distinctions the page
draws are visible (per-image vs dataset mIoU, macro vs micro top-k, ...). A call span that is neither
checked here nor declared ``<!-- api: not-executed ... -->`` on the page fails the coverage test, so a
new one-liner cannot appear on the page unexecuted. References are counts in NumPy or another library.
"""

from __future__ import annotations

import ast
import math
import warnings
from pathlib import Path

import numpy as np
import pytest

from cheatsheet import apicheck

torch = pytest.importorskip("torch")
tm = pytest.importorskip("torchmetrics")
skm = pytest.importorskip("sklearn.metrics")
import sklearn.calibration  # noqa: E402
import torch.nn.functional as F  # noqa: E402
import torchmetrics.classification  # noqa: E402,F401
import torchmetrics.retrieval  # noqa: E402,F401
import torchmetrics.segmentation  # noqa: E402,F401
import torchmetrics.text  # noqa: E402,F401

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "evaluation-metrics.md"
TEXT = PAGE.read_text(encoding="utf-8")

pytestmark = pytest.mark.torch


def _call_spans() -> dict[str, int]:
    """Code span -> first line, for every span on the page that is Python containing a call."""
    spans: dict[str, int] = {}
    for line, code in apicheck.code_spans(TEXT):
        try:
            tree = ast.parse(code)
        except SyntaxError:
            continue
        if any(isinstance(n, ast.Call) for n in ast.walk(tree)):
            spans.setdefault(code, line)
    return spans


SPANS = _call_spans()
DECLARED = apicheck.markers(TEXT, "docs/evaluation-metrics.md", apicheck.Report())


def _not_executed(span: str) -> bool:
    uses = apicheck.uses_in_text(span, apicheck.PAGE_ALIASES, "", 0)
    return bool(uses) and all(apicheck._excused(u, DECLARED) for u in uses)


# --- data on which the page's distinctions show -------------------------------------------------

def _binary():
    rng = np.random.default_rng(0)
    y = (rng.random(300) < 0.3).astype(int)
    s = y * 1.0 + rng.normal(0.0, 0.8, y.size)  # scores: only their order matters
    p = 1.0 / (1.0 + np.exp(-(2.0 * s - 1.0)))  # probabilities
    y_hat = (p >= 0.5).astype(int)
    tp, fp = int(((y_hat == 1) & (y == 1)).sum()), int(((y_hat == 1) & (y == 0)).sum())
    fn, tn = int(((y_hat == 0) & (y == 1)).sum()), int(((y_hat == 0) & (y == 0)).sum())
    assert min(tp, fp, fn, tn) > 10
    return dict(y=y, s=s, p=p, y_hat=y_hat, tp=tp, fp=fp, fn=fn, tn=tn)


def _multiclass(K=4, N=400, seed=1, strength=1.2):
    rng = np.random.default_rng(seed)
    prior = np.linspace(1.0, 0.1, K)
    y = rng.choice(K, size=N, p=prior / prior.sum())
    logits = rng.normal(size=(N, K)) + strength * np.eye(K)[y]
    P = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    return dict(K=K, y=y, logits=logits, P=P, y_hat=logits.argmax(1))


def _t(a, dtype=None):
    return torch.as_tensor(np.asarray(a), dtype=dtype)


B, M = _binary(), _multiclass()


def _ns(**data):
    ns = {name: getattr(skm, name) for name in dir(skm) if not name.startswith("_")}
    ns.update(np=np, torch=torch, F=F, tm=tm, sklearn=sklearn)
    ns.update(data)
    return ns


def _close(a, b, tol=1e-6):
    a = float(a.item() if hasattr(a, "item") else a)
    assert math.isclose(a, float(b), rel_tol=tol, abs_tol=tol), (a, b)


# --- each call: (namespace for eval, check of the evaluated value) --------------------------------
CHECKS = {}


def check(*spans, ns):
    def register(fn):
        for span in spans:
            CHECKS[span] = (ns, fn)
        return fn
    return register


@check("accuracy_score(y, y_hat)", ns=lambda: _ns(**B))
def _accuracy(v):
    _close(v, (B["tp"] + B["tn"]) / B["y"].size)


@check("balanced_accuracy_score(y, y_hat)", ns=lambda: _ns(**B))
def _balanced(v):
    _close(v, (B["tp"] / (B["tp"] + B["fn"]) + B["tn"] / (B["tn"] + B["fp"])) / 2)


@check("recall_score(y, y_hat, pos_label=0)", ns=lambda: _ns(**B))
def _specificity(v):
    _close(v, B["tn"] / (B["tn"] + B["fp"]))


@check("f1_score(y, y_hat, average=...)", ns=lambda: _ns(**B))
def _f1_placeholder(v):  # never reached: the placeholder is filled in below
    raise AssertionError


@check("matthews_corrcoef(y, y_hat)", ns=lambda: _ns(**B))
def _mcc(v):
    tp, fp, fn, tn = B["tp"], B["fp"], B["fn"], B["tn"]
    _close(v, (tp * tn - fp * fn) / math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)))


def _auc_pairs(y, s):
    pos, neg = s[y == 1], s[y == 0]
    return ((pos[:, None] > neg[None]).sum() + 0.5 * (pos[:, None] == neg[None]).sum()) / (pos.size * neg.size)


@check("roc_auc_score(y, s)", ns=lambda: _ns(**B))
def _auc(v):
    _close(v, _auc_pairs(B["y"], B["s"]))  # Mann-Whitney U / (N+ N-)


def _ap_mean_precision_at_positives(y, s):
    order = np.argsort(-s, kind="stable")
    hits = y[order]
    prec = np.cumsum(hits) / np.arange(1, hits.size + 1)
    return prec[hits == 1].mean()


@check("average_precision_score(y, s)", ns=lambda: _ns(**B))
def _ap(v):
    _close(v, _ap_mean_precision_at_positives(B["y"], B["s"]))  # no ties in continuous scores


@check("log_loss(y, p)", ns=lambda: _ns(**B))
def _log_loss(v):
    y, p = B["y"], B["p"]
    _close(v, -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


@check("brier_score_loss(y, p)", ns=lambda: _ns(**B))
def _brier(v):
    _close(v, np.mean((B["p"] - B["y"]) ** 2))


@check("confusion_matrix(y, y_hat)", ns=lambda: _ns(**M))
def _confusion(v):
    expected = np.zeros((M["K"], M["K"]), int)
    np.add.at(expected, (M["y"], M["y_hat"]), 1)  # row = true class, column = predicted
    assert (v == expected).all()


@check("tm.classification.MulticlassConfusionMatrix(num_classes=K)", ns=lambda: _ns(**M))
def _tm_confusion(v):
    assert (v(_t(M["y_hat"]), _t(M["y"])).numpy() == skm.confusion_matrix(M["y"], M["y_hat"])).all()


@check("(logits.argmax(1) == y).float().mean()", ns=lambda: _ns(logits=_t(M["logits"]), y=_t(M["y"])))
def _acc_torch(v):
    _close(v, np.mean(M["y"] == M["y_hat"]))


@check('precision_score(y, y_hat, average="binary")', ns=lambda: _ns(**B))
def _precision(v):
    _close(v, B["tp"] / (B["tp"] + B["fp"]))


@check("recall_score(y, y_hat)", ns=lambda: _ns(**B))
def _recall(v):
    _close(v, B["tp"] / (B["tp"] + B["fn"]))


def _tm_binary(expected):
    def run(v):
        _close(v(_t(B["y_hat"]), _t(B["y"])), expected())
    return run


check("tm.classification.BinaryPrecision()", ns=lambda: _ns(**B))(_tm_binary(lambda: B["tp"] / (B["tp"] + B["fp"])))
check("tm.classification.BinaryRecall()", ns=lambda: _ns(**B))(_tm_binary(lambda: B["tp"] / (B["tp"] + B["fn"])))
check("tm.classification.BinarySpecificity()", ns=lambda: _ns(**B))(_tm_binary(lambda: B["tn"] / (B["tn"] + B["fp"])))
check("tm.classification.BinaryFBetaScore(beta=2.0)", ns=lambda: _ns(**B))(
    _tm_binary(lambda: 5 * B["tp"] / (5 * B["tp"] + 4 * B["fn"] + B["fp"])))


@check('f1_score(y, y_hat, average="binary")', ns=lambda: _ns(**B))
def _f1(v):
    _close(v, 2 * B["tp"] / (2 * B["tp"] + B["fp"] + B["fn"]))


@check("fbeta_score(y, y_hat, beta=2.0)", ns=lambda: _ns(**B))
def _fbeta(v):
    _close(v, 5 * B["tp"] / (5 * B["tp"] + 4 * B["fn"] + B["fp"]))  # recall counts beta=2 times as much


def _per_class_f1():
    C = skm.confusion_matrix(M["y"], M["y_hat"])
    tp = np.diag(C)
    return 2 * tp / (C.sum(0) + C.sum(1))


@check('tm.classification.MulticlassF1Score(num_classes=K, average="macro")', ns=lambda: _ns(**M))
def _tm_f1_macro(v):
    _close(v(_t(M["y_hat"]), _t(M["y"])), _per_class_f1().mean(), 1e-5)


@check("roc_curve(y, s)", ns=lambda: _ns(**B))
def _roc_curve(v):
    fpr, tpr, _ = v
    _close(np.trapezoid(tpr, fpr), _auc_pairs(B["y"], B["s"]))  # the area under this curve is the AUC


@check("tm.classification.BinaryAUROC()", ns=lambda: _ns(**B))
def _tm_auroc(v):
    _close(v(_t(B["s"]), _t(B["y"])), _auc_pairs(B["y"], B["s"]), 1e-5)


@check('roc_auc_score(y, P, multi_class="ovr", average="macro")', ns=lambda: _ns(**M))
def _auc_ovr(v):
    per_class = [_auc_pairs((M["y"] == k).astype(int), M["P"][:, k]) for k in range(M["K"])]
    _close(v, np.mean(per_class))


@check("tm.classification.BinaryAveragePrecision()", ns=lambda: _ns(**B))
def _tm_ap(v):
    _close(v(_t(B["s"]), _t(B["y"])), _ap_mean_precision_at_positives(B["y"], B["s"]), 1e-5)


def _pr_curve():
    precision, recall, _ = skm.precision_recall_curve(B["y"], B["s"])
    return dict(precision=precision, recall=recall)


@check("auc(recall, precision)", ns=lambda: _ns(**_pr_curve()))
def _trapezoid_pr(v):
    ap = _ap_mean_precision_at_positives(B["y"], B["s"])
    assert abs(float(v) - ap) > 1e-3  # the trapezoidal area is not average precision


@check("F.cross_entropy(logits, y)", ns=lambda: _ns(logits=_t(M["logits"]), y=_t(M["y"])))
def _ce(v):
    _close(v, skm.log_loss(M["y"], M["P"]))


def _ece_top_label(P, y, n_bins):
    conf, pred = P.max(1), P.argmax(1)
    bins = np.clip(np.ceil(conf * n_bins).astype(int) - 1, 0, n_bins - 1)  # (lo, hi] bins
    ece = 0.0
    for b in range(n_bins):
        m = bins == b
        if m.any():
            ece += m.mean() * abs((pred[m] == y[m]).mean() - conf[m].mean())
    return ece


@check("tm.classification.MulticlassCalibrationError(num_classes=K, n_bins=15)",
       'tm.classification.MulticlassCalibrationError(num_classes=K, n_bins=15, norm="l1")', ns=lambda: _ns(**M))
def _tm_ece(v):
    _close(v(_t(M["P"], torch.float64), _t(M["y"])), _ece_top_label(M["P"], M["y"], 15), 1e-5)


@check("sklearn.calibration.calibration_curve(y, p, n_bins=10)", ns=lambda: _ns(**B))
def _calibration_curve(v):
    prob_true, prob_pred = v
    assert len(prob_true) == len(prob_pred) <= 10
    assert np.all((prob_pred >= 0) & (prob_pred <= 1)) and np.all(np.diff(prob_pred) > 0)


# top-k: imbalanced, so the per-class mean (macro) differs from plain top-k accuracy
TK = _multiclass(K=10, N=600, seed=3, strength=0.6)
TK["y"][:300] = 0  # a dominant class the model ranks well
TK["logits"][:300, 0] += 3.0
TK["scores"] = TK["s"] = TK["logits"]


def _topk_plain(k=5):
    top = np.argsort(-TK["logits"], axis=1, kind="stable")[:, :k]
    return (top == TK["y"][:, None]).any(1).mean()


@check("top_k_accuracy_score(y, s, k=5)", "top_k_accuracy_score(y, scores, k=5)", ns=lambda: _ns(**TK))
def _topk_sklearn(v):
    _close(v, _topk_plain())


@check('tm.classification.MulticlassAccuracy(num_classes=K, top_k=5, average="micro")', ns=lambda: _ns(**TK))
def _tm_topk(v):
    logits, y = _t(TK["logits"]), _t(TK["y"])
    _close(v(logits, y), skm.top_k_accuracy_score(TK["y"], TK["logits"], k=5, labels=range(10)), 1e-6)
    # the page's warning: the default average="macro" is another number (mean per-class top-k recall)
    macro = tm.classification.MulticlassAccuracy(num_classes=10, top_k=5)(logits, y).item()
    assert abs(macro - _topk_plain()) > 0.05, macro


@check("(logits.topk(5).indices == y[:, None]).any(1).float().mean()",
       ns=lambda: _ns(logits=_t(TK["logits"]), y=_t(TK["y"])))
def _topk_torch(v):
    _close(v, _topk_plain())


@check('tm.classification.MatthewsCorrCoef(task="multiclass", num_classes=K)', ns=lambda: _ns(**M))
def _tm_mcc(v):
    _close(v(_t(M["y_hat"]), _t(M["y"])), skm.matthews_corrcoef(M["y"], M["y_hat"]), 1e-5)


def _regression():
    rng = np.random.default_rng(4)
    y = rng.normal(3.0, 2.0, 200)
    y_hat = y + rng.normal(0.0, 1.0, 200)
    return dict(y=y, y_hat=y_hat)


R = _regression()
RT = {k: _t(v) for k, v in R.items()}


@check("mean_absolute_error(y, y_hat)", ns=lambda: _ns(**R))
def _mae(v):
    _close(v, np.abs(R["y"] - R["y_hat"]).mean())


@check("F.l1_loss(y_hat, y)", ns=lambda: _ns(**RT))
def _mae_t(v):
    _close(v, np.abs(R["y"] - R["y_hat"]).mean())


@check("mean_squared_error(y, y_hat)", ns=lambda: _ns(**R))
def _mse(v):
    _close(v, ((R["y"] - R["y_hat"]) ** 2).mean())


@check("F.mse_loss(y_hat, y)", ns=lambda: _ns(**RT))
def _mse_t(v):
    _close(v, ((R["y"] - R["y_hat"]) ** 2).mean())


@check("root_mean_squared_error(y, y_hat)", ns=lambda: _ns(**R))
def _rmse(v):
    _close(v, np.sqrt(((R["y"] - R["y_hat"]) ** 2).mean()))


@check("torch.sqrt(F.mse_loss(y_hat, y))", ns=lambda: _ns(**RT))
def _rmse_t(v):
    _close(v, np.sqrt(((R["y"] - R["y_hat"]) ** 2).mean()))


def _r2():
    return 1 - ((R["y"] - R["y_hat"]) ** 2).sum() / ((R["y"] - R["y"].mean()) ** 2).sum()


@check("r2_score(y, y_hat)", ns=lambda: _ns(**R))
def _r2_sk(v):
    _close(v, _r2())


@check("tm.R2Score()", ns=lambda: _ns(**R))
def _r2_tm(v):
    _close(v(RT["y_hat"], RT["y"]), _r2(), 1e-6)


def _mape():
    return np.mean(np.abs(R["y"] - R["y_hat"]) / np.abs(R["y"]))


@check("mean_absolute_percentage_error(y, y_hat)", ns=lambda: _ns(**R))
def _mape_sk(v):
    _close(v, _mape())  # a fraction, not a percentage


@check("tm.MeanAbsolutePercentageError()", ns=lambda: _ns(**R))
def _mape_tm(v):
    _close(v(RT["y_hat"], RT["y"]), _mape(), 1e-5)


# retrieval: two queries, k = 3
Q = dict(
    indexes=torch.tensor([0, 0, 0, 0, 0, 1, 1, 1, 1]),
    preds=torch.tensor([0.9, 0.8, 0.7, 0.6, 0.5, 0.9, 0.8, 0.7, 0.6]),
    target=torch.tensor([0, 1, 0, 1, 1, 0, 0, 0, 1]),
    k=3,
)


@check("tm.retrieval.RetrievalPrecision(top_k=k)", ns=lambda: _ns(k=3))
def _p_at_k(v):
    _close(v(Q["preds"], Q["target"], indexes=Q["indexes"]), (1 / 3 + 0 / 3) / 2)


@check("tm.retrieval.RetrievalRecall(top_k=k)", ns=lambda: _ns(k=3))
def _r_at_k(v):
    _close(v(Q["preds"], Q["target"], indexes=Q["indexes"]), (1 / 3 + 0 / 1) / 2)  # over all relevant items


@check("tm.retrieval.RetrievalMRR()", ns=lambda: _ns())
def _mrr(v):
    _close(v(Q["preds"], Q["target"], indexes=Q["indexes"]), (1 / 2 + 1 / 4) / 2)


REL = dict(rel=np.array([3, 2, 0, 0, 1, 2, 0, 3, 1, 0, 2, 1]), s=np.linspace(1.0, 0.0, 12))
REL.update(relevance=REL["rel"], scores=REL["s"])


def _ndcg_linear(rel_in_score_order, k):
    disc = 1 / np.log2(np.arange(2, k + 2))
    dcg = (rel_in_score_order[:k] * disc[: min(k, rel_in_score_order.size)]).sum()
    ideal = np.sort(rel_in_score_order)[::-1][:k]
    return dcg / (ideal * disc[: ideal.size]).sum()


@check("ndcg_score([rel], [s], k=10)", "ndcg_score([relevance], [scores], k=10)", ns=lambda: _ns(**REL))
def _ndcg(v):
    _close(v, _ndcg_linear(REL["rel"], 10))  # linear gain


@check("tm.retrieval.RetrievalNormalizedDCG(top_k=10)", ns=lambda: _ns())
def _ndcg_tm(v):
    preds, target = _t(REL["s"], torch.float64), _t(REL["rel"])
    _close(v(preds, target, indexes=torch.zeros(12, dtype=torch.long)), _ndcg_linear(REL["rel"], 10), 1e-5)


def _lm():
    g = torch.Generator().manual_seed(5)
    logits = torch.randn(2, 6, 7, generator=g, dtype=torch.float64)
    targets = torch.randint(0, 7, (2, 6), generator=g)
    targets[1, 4:] = -100  # padding
    return dict(logits=logits, targets=targets, V=7, y=targets[0])


LM = _lm()


def _ppl(logits, targets):
    lp = torch.log_softmax(logits, -1)
    keep = targets != -100
    nll = -lp[keep, targets[keep]]
    return math.exp(nll.mean().item())


@check("torch.exp(F.cross_entropy(logits.view(-1, V), targets.view(-1), ignore_index=-100))", ns=lambda: _ns(**LM))
def _ppl_t(v):
    _close(v, _ppl(LM["logits"], LM["targets"]))


@check("tm.text.Perplexity(ignore_index=-100)", ns=lambda: _ns())
def _ppl_tm(v):
    _close(v(LM["logits"], LM["targets"]), _ppl(LM["logits"], LM["targets"]), 1e-5)


@check("torch.exp(F.cross_entropy(logits, y))", ns=lambda: _ns(logits=LM["logits"][0], y=LM["y"]))
def _ppl_row(v):
    _close(v, _ppl(LM["logits"][:1], LM["y"][None]))


@check("tm.text.BLEUScore(n_gram=4)", ns=lambda: _ns())
def _bleu(v):
    hyp, ref = ["the cat sat on the mat"], [["the cat sat on a mat"]]
    p = [5 / 6, 3 / 5, 2 / 4, 1 / 3]  # clipped: "the" counts once; same length, so no brevity penalty
    _close(v(hyp, ref), math.exp(sum(math.log(x) for x in p) / 4), 1e-5)
    # no 4-gram in common: p_4 = 0 gives 0 without smoothing
    _close(v(["the cat sat on the mat"], [["the cat lay on the mat"]]), 0.0)


@check('tm.text.ROUGEScore(rouge_keys=("rouge1", "rouge2", "rougeL"))', ns=lambda: _ns())
def _rouge(v):
    out = v("the cat sat on the mat", "the cat lay on the mat")
    _close(out["rouge1_recall"], 5 / 6, 1e-5)  # unigram overlap / reference unigrams
    _close(out["rouge2_recall"], 3 / 5, 1e-5)
    _close(out["rougeL_recall"], 5 / 6, 1e-5)  # LCS "the cat on the mat"


# segmentation: two images, one easy and one hard, so per-image and dataset means differ
def _segmentation(K=3):
    g = torch.Generator().manual_seed(0)
    target = torch.randint(0, K, (2, 8, 8), generator=g)
    preds = target.clone()
    noise = torch.rand(2, 8, 8, generator=g)
    wrong0 = noise[0] < 0.6
    preds[0][wrong0] = torch.randint(0, K, (int(wrong0.sum()),), generator=g)
    wrong1 = noise[1] < 0.1
    preds[1][wrong1] = (preds[1][wrong1] + 1) % K
    C = skm.confusion_matrix(target.ravel(), preds.ravel(), labels=range(K))
    tp = np.diag(C)
    return dict(K=K, preds=preds, target=target, a=(target == 1).numpy(), b=(preds == 1).numpy(),
                iou=tp / (C.sum(0) + C.sum(1) - tp), dice=2 * tp / (C.sum(0) + C.sum(1)))


S = _segmentation()


@check("jaccard_score(a.ravel(), b.ravel())", ns=lambda: _ns(**S))
def _jaccard_mask(v):
    _close(v, S["iou"][1])


@check("f1_score(a.ravel(), b.ravel())", ns=lambda: _ns(**S))
def _dice_mask(v):
    _close(v, S["dice"][1])


@check("tm.classification.MulticlassJaccardIndex(num_classes=K)",
       'tm.classification.MulticlassJaccardIndex(num_classes=K, average="macro")', ns=lambda: _ns(**S))
def _miou_dataset(v):
    _close(v(S["preds"], S["target"]), S["iou"].mean(), 1e-5)  # confusion matrix over the whole set


@check('tm.segmentation.MeanIoU(num_classes=K, input_format="index")', ns=lambda: _ns(**S))
def _miou_per_image(v):
    per_image = v(S["preds"], S["target"]).item()
    assert abs(per_image - S["iou"].mean()) > 0.01  # averages per-image IoUs: another number
    ious = []
    for p, t in zip(S["preds"], S["target"]):
        for k in range(S["K"]):
            inter, union = ((p == k) & (t == k)).sum().item(), ((p == k) | (t == k)).sum().item()
            if union:
                ious.append(inter / union)
    _close(per_image, np.mean(ious), 1e-5)


@check('tm.segmentation.DiceScore(num_classes=K, aggregation_level="global", input_format="index")',
       ns=lambda: _ns(**S))
def _dice_dataset(v):
    _close(v(S["preds"], S["target"]), S["dice"].mean(), 1e-5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        samplewise = tm.segmentation.DiceScore(num_classes=S["K"], input_format="index")(S["preds"], S["target"])
    assert abs(samplewise.item() - S["dice"].mean()) > 0.001  # the default averages per-image scores


# --- the tests ------------------------------------------------------------------------------------

FILL_INS = {"f1_score(y, y_hat, average=...)": ('f1_score(y, y_hat, average="binary")', "...")}


# forecasting, retrieval MAP, image quality, paired tests (issue 14 additions)
@check("tm.SymmetricMeanAbsolutePercentageError()", ns=lambda: _ns(**R))
def _smape_tm(v):  # the M4 form: 2|y - y_hat| / (|y| + |y_hat|), a fraction in [0, 2]
    y, y_hat = R["y"], R["y_hat"]
    _close(v(RT["y_hat"], RT["y"]), np.mean(2 * np.abs(y - y_hat) / (np.abs(y) + np.abs(y_hat))), 1e-5)


SEASONAL = dict(y_train=np.array([3.0, 5.0, 4.0, 6.0, 5.0, 7.0, 6.0, 8.0]), m=2,
                y=np.array([7.0, 9.0, 8.0]), y_hat=np.array([7.5, 8.0, 8.5]))


@check("mean_absolute_error(y, y_hat) / mean_absolute_error(y_train[m:], y_train[:-m])", ns=lambda: _ns(**SEASONAL))
def _mase(v):  # by hand: forecast MAE over the in-sample seasonal-naive MAE
    naive = np.mean([abs(SEASONAL["y_train"][t] - SEASONAL["y_train"][t - 2]) for t in range(2, 8)])
    _close(v, np.mean(np.abs(SEASONAL["y"] - SEASONAL["y_hat"])) / naive)


def _ap_by_hand(rel, scores):
    order = np.argsort(-scores, kind="stable")
    hits, total = 0, 0.0
    for i, j in enumerate(order, start=1):
        if rel[j]:
            hits += 1
            total += hits / i
    return total / max(1, int(np.sum(rel)))


@check("tm.retrieval.RetrievalMAP()", ns=lambda: _ns())
def _map_tm(v):
    per_query = [_ap_by_hand(Q["target"][Q["indexes"] == q].numpy(), Q["preds"][Q["indexes"] == q].numpy()) for q in (0, 1)]
    _close(v(Q["preds"], Q["target"], indexes=Q["indexes"]), np.mean(per_query))


@check("average_precision_score(rel, scores)", ns=lambda: _ns(rel=np.array([0, 1, 0, 1, 1]), scores=np.array([0.9, 0.8, 0.7, 0.6, 0.5])))
def _ap_sk(v):  # scores without ties: equal to the ranked-list AP
    _close(v, _ap_by_hand(np.array([0, 1, 0, 1, 1]), np.array([0.9, 0.8, 0.7, 0.6, 0.5])))


def _images(seed=3, L=1.0):
    rng = np.random.default_rng(seed)
    x = rng.random((32, 32)) * L
    y = np.clip(x + rng.normal(0, 0.05 * L, x.shape), 0, L)
    return x, y


@check("skimage.metrics.peak_signal_noise_ratio(x, y, data_range=L)", ns=lambda: _img_ns())
def _psnr_sk(v):
    x, y = _images()
    _close(v, 10 * np.log10(1.0 / np.mean((x - y) ** 2)))


@check("tm.image.PeakSignalNoiseRatio(data_range=L)", ns=lambda: _img_ns())
def _psnr_tm(v):
    x, y = _images()
    _close(v(torch.tensor(y)[None, None], torch.tensor(x)[None, None]), 10 * np.log10(1.0 / np.mean((x - y) ** 2)), 1e-5)


@check("skimage.metrics.structural_similarity(x, y, gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=L)",
       ns=lambda: _img_ns())
def _ssim_sk(v):  # equal to the site's definition of the paper's SSIM (11 x 11 Gaussian, sigma 1.5)
    from cheatsheet.numerics import metrics as site_metrics

    x, y = _images()
    _close(v, site_metrics.ssim(x, y, data_range=1.0), 1e-6)


@check("tm.image.StructuralSimilarityIndexMeasure()", ns=lambda: _img_ns())
def _ssim_tm(v):  # data_range=None: inferred from the data, so an image scaled to [0, 255] scores differently
    x, y = (0.2 + 0.4 * a for a in _images())  # values in [0.2, 0.6] of a [0, 1] scale
    t = lambda a: torch.tensor(a)[None, None]  # noqa: E731
    inferred = float(v(t(y), t(x)))
    with_range = float(tm.image.StructuralSimilarityIndexMeasure(data_range=1.0)(t(y), t(x)))
    assert 0 < inferred <= 1 and 0 < with_range <= 1
    assert not math.isclose(inferred, with_range, rel_tol=1e-9), "data_range=None infers L from the data"


def _img_ns():
    import skimage.metrics  # noqa: F401  (the page writes skimage.metrics.*)
    import torchmetrics.image  # noqa: F401

    x, y = _images()
    return {**_ns(x=x, y=y, L=1.0), "skimage": __import__("skimage")}


MCN = dict(b=9, c=1)


@check("scipy.stats.binomtest(b, b + c)", "scipy.stats.binomtest(b, b + c, 0.5).pvalue", ns=lambda: _scipy_ns(**MCN))
def _mcnemar_exact(v):  # two-sided exact: 2 * P(X <= 1) for X ~ Binomial(10, 1/2) = 22/1024
    _close(getattr(v, "pvalue", v), 22 / 1024)


@check("scipy.stats.chi2.sf(stat, df=1)", ns=lambda: _scipy_ns(stat=(abs(9 - 1) - 1) ** 2 / 10))
def _mcnemar_chi2(v):  # chi-square with Edwards' correction; sf(x, 1) = erfc(sqrt(x / 2))
    _close(v, math.erfc(math.sqrt(4.9 / 2)))


def _scipy_ns(**data):
    import scipy.stats  # noqa: F401

    return {**_ns(**data), "scipy": __import__("scipy")}


def test_every_call_on_the_page_is_executed_or_declared():
    missing = [f"docs/evaluation-metrics.md:{line}: `{span}`" for span, line in SPANS.items()
               if span not in CHECKS and not _not_executed(span)]
    assert not missing, "calls on the page that no test executes:\n" + "\n".join(missing)
    stale = sorted(set(CHECKS) - set(SPANS))
    assert not stale, f"checks for calls the page no longer shows: {stale}"


@pytest.mark.parametrize("span", sorted(s for s in SPANS if s in CHECKS))
def test_call_runs_and_does_what_the_page_says(span):
    ns, fn = CHECKS[span]
    if span in FILL_INS:  # a placeholder the reader fills in: run it with the page's usual value
        span, _ = FILL_INS[span]
        ns, fn = CHECKS[span]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = eval(span, ns())  # noqa: S307 - the page's own code span
        fn(value)
