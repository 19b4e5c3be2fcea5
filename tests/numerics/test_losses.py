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
