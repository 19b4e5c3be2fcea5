"""The loss functions in ``cheatsheet.numerics.losses`` against PyTorch, finite differences and the page."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from cheatsheet.figures.catalogue import catalogue
from cheatsheet.numerics import losses as L
from tests.numerics.refdata import assert_close, reference
from tests.checks import checks

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "loss-functions.md"
REF = reference("losses")
MEMBERS = REF["members"]
OVERVIEWS = {"loss-regression", "loss-classification", "loss-focal-gamma", "loss-kl-asymmetry",
             "loss-huber-vs-smooth-l1"}

CASES = [(name, i) for name, cases in MEMBERS.items() for i in range(len(cases))]


def _inputs(case: dict) -> list[np.ndarray]:
    return [np.asarray(x) for x in case["inputs"]]


def _page() -> str:
    return PAGE.read_text(encoding="utf-8")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --- against PyTorch ----------------------------------------------------------------------


@checks("losses-family",
        against="PyTorch for every member and reduction",
        tol="rtol 1e-6",
        link="tests/numerics/reference/losses.json")
@pytest.mark.parametrize("name,index", CASES, ids=[f"{n}-{i}" for n, i in CASES])
def test_loss_matches_pytorch_for_every_reduction(name: str, index: int):
    member, case = L.LOSSES[name], MEMBERS[name][index]
    assert set(case["loss"]) == set(member.reductions)
    for reduction, expected in case["loss"].items():
        actual = member.loss(*_inputs(case), reduction=reduction, **case["params"])
        assert np.shape(actual) == np.shape(expected), f"{name} {reduction}: shape"
        assert_close(actual, expected, what=f"{name}[{index}] reduction={reduction}")


@checks("losses-gradients",
        against="PyTorch autograd gradients for every member and reduction",
        tol="rtol 1e-6",
        link="tests/numerics/reference/losses.json")
@pytest.mark.parametrize("name,index", CASES, ids=[f"{n}-{i}" for n, i in CASES])
def test_gradient_matches_autograd(name: str, index: int):
    member, case = L.LOSSES[name], MEMBERS[name][index]
    assert case["grad"], "reference has no gradient"
    for reduction, expected in case["grad"].items():
        actual = member.grad(*_inputs(case), reduction=reduction, **case["params"])
        assert_close(actual, expected, what=f"d {name}[{index}] reduction={reduction}")


@pytest.mark.parametrize("name,index", CASES, ids=[f"{n}-{i}" for n, i in CASES])
def test_gradient_matches_central_differences(name: str, index: int):
    member, case = L.LOSSES[name], MEMBERS[name][index]
    inputs = _inputs(case)
    x0 = inputs[0].astype(float)
    h = 1e-6
    numeric = np.zeros_like(x0)
    for k in np.ndindex(x0.shape):
        plus, minus = x0.copy(), x0.copy()
        plus[k] += h
        minus[k] -= h
        with np.errstate(invalid="ignore"):  # a probability within h of 0 or 1 steps out of [0, 1]
            f_plus = member.loss(plus, *inputs[1:], reduction="sum", **case["params"])
            f_minus = member.loss(minus, *inputs[1:], reduction="sum", **case["params"])
        numeric[k] = (f_plus - f_minus) / (2 * h)
    analytic = member.grad(x0, *inputs[1:], reduction="sum", **case["params"])
    # BCE at p within h of 0 or 1 (gradient up to 1e12, or a step outside the domain) is left to the
    # autograd comparison above; everything else must agree with the differences
    finite = (np.abs(analytic) < 1e6) & np.isfinite(numeric)
    assert finite.sum() >= 2, "nothing left to compare"
    np.testing.assert_allclose(analytic[finite], numeric[finite], rtol=1e-5, atol=1e-6,
                               err_msg=f"{name}[{index}]")


def test_helpers_match_torch_distributions():
    b, g = REF["helpers"]["kl_bernoulli"], REF["helpers"]["kl_gaussian"]
    assert_close(L.kl_bernoulli(b["p"], b["q"]), b["kl"], what="KL Bernoulli")
    assert_close(L.kl_gaussian(g["mu1"], g["s1"], g["mu2"], g["s2"]), g["kl"], what="KL Gaussian")


# --- identities the page states -----------------------------------------------------------


def test_huber_is_delta_times_smooth_l1():
    r = np.linspace(-5, 5, 1001)
    zero = np.zeros_like(r)
    for delta in (0.3, 1.0, 2.5):
        assert_close(L.huber(r, zero, "none", delta=delta), delta * L.smooth_l1(r, zero, "none", beta=delta))


def test_bce_with_logits_is_bce_of_sigmoid_and_stays_finite():
    z = np.linspace(-15, 15, 121)  # beyond, 1 - sigmoid(z) itself loses the digits BCE needs
    for y in (0.0, 0.3, 1.0):
        yy = np.full_like(z, y)
        assert_close(L.bce_with_logits(z, yy, "none"), L.bce(L.sigmoid(z), yy, "none"), rtol=1e-6, atol=1e-7)
    big = L.bce_with_logits(np.array([-800.0, 800.0]), np.array([1.0, 0.0]), "none")
    assert_close(big, [800.0, 800.0])


def test_label_smoothing_and_kl_gradient_identities():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(5, 4))
    t = rng.integers(0, 4, 5)
    eps = 0.2
    q = L.smoothed_targets(t, 4, eps)
    assert_close(q.sum(axis=1), np.ones(5))
    assert_close(q[np.arange(5), t], np.full(5, 1 - eps + eps / 4))
    # the smoothed loss is bounded below by the entropy of q, reached at softmax(z) = q
    assert_close(L.cross_entropy(np.log(q), t, "none", label_smoothing=eps), -(q * np.log(q)).sum(axis=1))
    # KL through log_softmax has the cross-entropy gradient q - p
    p = L.softmax(rng.normal(size=(5, 4)))
    g_logq = L.kl_div_grad(L.log_softmax(z), p, "sum")
    s = L.softmax(z)
    g_z = g_logq - s * g_logq.sum(axis=1, keepdims=True)
    assert_close(g_z, s - p)


def test_quantile_half_is_half_mae():
    rng = np.random.default_rng(1)
    a, b = rng.normal(size=50), rng.normal(size=50)
    assert_close(L.quantile(a, b, tau=0.5), 0.5 * L.mae(a, b))


# --- page, registry, reference and catalogue agree ----------------------------------------


def test_member_sets_agree_everywhere():
    page = _page()
    on_page = set(re.findall(r"^<!-- figure: (loss-[a-z0-9-]+) -->$", page, re.M)) - OVERVIEWS
    registry = {f"loss-{n}" for n in L.LOSSES}
    in_reference = {f"loss-{n}" for n in MEMBERS}
    in_catalogue = {n for n in catalogue() if n.startswith("loss-")} - OVERVIEWS
    assert len(registry) >= 19
    assert on_page == registry == in_reference == in_catalogue
    assert OVERVIEWS <= set(catalogue())


def test_every_member_has_a_section_with_its_anchor_and_torch_call():
    page = _page()
    sections = re.split(r"^## ", page, flags=re.M)
    for name, member in L.LOSSES.items():
        matching = [s for s in sections if re.match(rf"[^\n]*\{{ #{re.escape(name)} \}}", s)]
        assert len(matching) == 1, f"no '## ... {{ #{name} }}' section"
        body = matching[0]
        assert f"<!-- figure: loss-{name} -->" in body
        assert "**PyTorch:**" in body and "**Origin:**" in body and "**Gradient:**" in body
        if not member.torch.startswith("formula"):
            call = member.torch.split("(")[0]
            assert call in body, f"{name}: {call} not in its section"


def test_docstring_formulas_appear_on_the_page():
    page = _norm(_page())
    for member in L.LOSSES.values():
        for fn in (member.loss, member.grad):
            formulas = [f for f in re.findall(r"(?<!\$)\$([^$]+)\$(?!\$)", fn.__doc__) if r"\ell" in f]
            assert formulas, f"{fn.__name__} has no formula of the loss in its docstring"
            for formula in formulas:
                assert _norm(formula) in page, f"{fn.__name__}: ${formula}$ is not on the page"


@pytest.mark.torch
def test_weighted_cross_entropy_with_probability_targets_divides_by_n():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(3)
    z = rng.normal(size=(6, 4))
    y = rng.integers(0, 4, size=6)
    q = np.eye(4)[y]
    w = np.array([1.0, 2.0, 0.5, 3.0])
    ours = L.soft_cross_entropy(z, q, weight=w)
    theirs = torch.nn.functional.cross_entropy(torch.tensor(z), torch.tensor(q), weight=torch.tensor(w))
    assert_close(ours, theirs.item())
    # the same one-hot targets as class indices divide by sum_i w_{y_i} instead (the page's exception)
    by_index = torch.nn.functional.cross_entropy(torch.tensor(z), torch.tensor(y), weight=torch.tensor(w))
    assert_close(L.nll(L.log_softmax(z), y, weight=w), by_index.item())
    assert not np.isclose(ours, by_index.item())
    assert_close(ours * 6, by_index.item() * w[y].sum())


# --- likelihoods, CTC, segmentation, margins, supervised contrast -------------------------


def test_gaussian_and_poisson_nll_are_negative_log_likelihoods_up_to_constants():
    stats = pytest.importorskip("scipy.stats")
    special = pytest.importorskip("scipy.special")
    rng = np.random.default_rng(4)
    pred, target, var = rng.normal(size=20), rng.normal(size=20), rng.uniform(0.1, 3.0, 20)
    full = L.gaussian_nll(pred, target, var, "none", full=True)
    assert_close(full, -stats.norm.logpdf(target, loc=pred, scale=np.sqrt(var)))
    assert_close(full - L.gaussian_nll(pred, target, var, "none"), np.full(20, 0.5 * np.log(2 * np.pi)))
    # Poisson: log_input=True drops log y!; full=True adds Stirling's approximation of it for y > 1 only
    x = rng.normal(size=12)
    y = np.arange(12.0)
    exact = -stats.poisson.logpmf(y, np.exp(x))
    assert_close(L.poisson_nll(x, y, "none") + special.gammaln(y + 1), exact)
    gap = L.poisson_nll(x, y, "none", full=True) - exact  # = Stirling(y) - log y!, about -1/(12 y)
    assert np.all(gap[:2] == -special.gammaln(y[:2] + 1))  # y = 0, 1: no term added (log 0! = log 1! = 0)
    assert np.all(np.abs(gap[2:]) < 1.0 / (12 * y[2:])) and np.all(gap[2:] < 0)


def _brute_force_ctc(log_probs: np.ndarray, labels: list[int], blank: int = 0) -> float:
    """-log of the summed probability of every length-T path that collapses to ``labels``."""
    import itertools

    T, C = log_probs.shape
    total = 0.0
    for path in itertools.product(range(C), repeat=T):
        collapsed = [k for i, k in enumerate(path) if (i == 0 or k != path[i - 1])]
        if [k for k in collapsed if k != blank] == list(labels):
            total += np.exp(sum(log_probs[t, k] for t, k in enumerate(path)))
    return -np.log(total)


@pytest.mark.parametrize("labels", [[1], [1, 2], [2, 2], [1, 1, 2], [2, 1, 2]])
def test_ctc_forward_recursion_equals_the_sum_over_all_alignments(labels):
    rng = np.random.default_rng(len(labels) + 10 * labels[0])
    z = rng.normal(size=(5, 1, 3))
    lp = L.log_softmax(z)[:, 0]
    ours = L.ctc(z, np.array([labels]), [5], [len(labels)], "sum")
    assert_close(ours, _brute_force_ctc(lp, labels))


def test_ctc_mean_divides_by_target_length_and_repeats_need_a_blank():
    rng = np.random.default_rng(5)
    z = rng.normal(size=(6, 3, 4))
    targets = np.array([[1, 2, 3], [1, 0, 0], [2, 2, 0]])
    lengths = np.array([3, 1, 2])
    per = L.ctc(z, targets, [6, 6, 6], lengths, "none")
    assert_close(L.ctc(z, targets, [6, 6, 6], lengths, "mean"), np.mean(per / lengths))
    assert not np.isclose(L.ctc(z, targets, [6, 6, 6], lengths, "mean"), per.mean())
    # "2 2" needs 3 frames (2, blank, 2); "2 3" needs only 2
    one = z[:, :1]
    assert np.isinf(L.ctc(one, np.array([[2, 2]]), [2], [2], "sum"))
    assert np.isfinite(L.ctc(one, np.array([[2, 3]]), [2], [2], "sum"))
    assert np.isfinite(L.ctc(one, np.array([[2, 2]]), [3], [2], "sum"))
    assert L.ctc(one, np.array([[2, 2]]), [2], [2], "sum", zero_infinity=True) == 0.0


def test_tversky_at_one_half_is_soft_dice_and_squared_dice_differs():
    rng = np.random.default_rng(6)
    p, g = rng.random((4, 3, 5)), (rng.random((4, 3, 5)) < 0.3).astype(float)
    assert_close(L.tversky(p, g, "none", alpha=0.5, beta=0.5), L.soft_dice(p, g, "none"))
    assert_close(L.tversky_grad(p, g, "none", alpha=0.5, beta=0.5), L.soft_dice_grad(p, g, "none"))
    assert not np.allclose(L.soft_dice(p, g, "none", squared=True), L.soft_dice(p, g, "none"))
    # hard masks: 1 - Dice coefficient of the metrics page; beta > alpha punishes a missed pixel more
    hard = (rng.random((1, 20)) < 0.5).astype(float)
    truth = (rng.random((1, 20)) < 0.5).astype(float)
    from cheatsheet.numerics.metrics import dice
    assert_close(L.soft_dice(hard, truth, "none")[0], 1 - dice(hard[0] > 0, truth[0] > 0))
    miss = np.array([[1.0, 1.0, 0.0, 0.0]])
    extra = np.array([[1.0, 1.0, 1.0, 1.0]])
    g4 = np.array([[1.0, 1.0, 1.0, 0.0]])
    assert L.tversky(miss, g4, "none", alpha=0.3, beta=0.7) > L.tversky(extra, g4, "none", alpha=0.3, beta=0.7)


@pytest.mark.torch
def test_generalized_dice_matches_a_torch_formula():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(7)
    p = L.softmax(rng.normal(size=(2, 4, 3, 3)).transpose(0, 2, 3, 1)).transpose(0, 3, 1, 2)
    g = np.eye(4)[rng.integers(0, 4, (2, 3, 3))].transpose(0, 3, 1, 2)
    g[:, :, 0, 0] = np.eye(4)[[0, 1]]  # every class present somewhere in each sample
    g[:, :, 0, 1] = np.eye(4)[[1, 2]]
    g[:, :, 0, 2] = np.eye(4)[[2, 3]]
    g[:, :, 1, 0] = np.eye(4)[[3, 0]]
    tp, tg = torch.tensor(p), torch.tensor(g)
    w = 1.0 / tg.sum(dim=(2, 3)) ** 2
    num = (w * (tp * tg).sum(dim=(2, 3))).sum(1)
    den = (w * (tp + tg).sum(dim=(2, 3))).sum(1)
    assert_close(L.generalized_dice(p, g), (1 - 2 * num / den).numpy())
    # a rare class weighs as much as a frequent one: GDL differs from the plain pooled soft Dice
    assert not np.allclose(L.generalized_dice(p, g), L.soft_dice(p, g, "none"))


def test_angular_margin_reuses_the_verification_logits():
    from cheatsheet.numerics import style_transfer as st

    rng = np.random.default_rng(8)
    x, W, y = rng.normal(size=(5, 3)), rng.normal(size=(4, 3)), rng.integers(0, 4, 5)
    assert_close(L.angular_margin(x, W, y, "none", s=10.0, m2=0.5),
                 L.cross_entropy(st.arcface_logits(x, W, y, s=10.0, m=0.5), y, "none"))
    assert_close(L.angular_margin(x, W, y, "none", s=10.0, m2=0.0, m3=0.35),
                 L.cross_entropy(st.cosface_logits(x, W, y, s=10.0, m=0.35), y, "none"))
    plain = L.angular_margin(x, W, y, "none", s=10.0, m2=0.0, m3=0.0)
    assert np.all(L.angular_margin(x, W, y, "none", s=10.0, m2=0.0, m3=0.35) > plain)


@pytest.mark.torch
def test_supcon_with_two_views_per_class_is_nt_xent():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(9)
    n = 4
    z = rng.normal(size=(2 * n, 6))
    labels = np.tile(np.arange(n), 2)  # view k and view k + n of the same image
    t = torch.nn.functional.normalize(torch.tensor(z), dim=1)
    logits = (t @ t.T / 0.2).fill_diagonal_(float("-inf"))
    partner = torch.tensor(np.concatenate([np.arange(n, 2 * n), np.arange(n)]))
    nt_xent = torch.nn.functional.cross_entropy(logits, partner, reduction="none")
    assert_close(L.supcon(z, labels, "none", tau=0.2), nt_xent.numpy())
    with pytest.raises(ValueError):
        L.supcon(z, np.arange(2 * n), tau=0.2)  # no anchor has a positive


def test_vae_kl_is_the_gaussian_kl_to_the_standard_normal():
    rng = np.random.default_rng(10)
    mu, logvar = rng.normal(size=7), rng.normal(size=7)
    assert_close(L.vae_kl(mu, logvar, "none"), L.kl_gaussian(mu, np.exp(0.5 * logvar), 0.0, 1.0))
    assert L.vae_kl(np.zeros(3), np.zeros(3), "sum") == 0.0
