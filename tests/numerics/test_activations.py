"""Activation functions: NumPy definitions against PyTorch, finite differences, and the page.

The reference values are PyTorch's (float64, autograd); the NumPy code is never its own
oracle. The consistency tests tie the registry, the page, the figures and the reference
file together, so a member added or removed in one place only fails until it is everywhere.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest

from cheatsheet.figures.catalogue import catalogue
from cheatsheet.numerics import activations as A
from tests.numerics.refdata import assert_close, reference
from tests.checks import checks

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "activation-functions.md"
REF = reference("activations")
MEMBERS = A.ACTIVATIONS
ELEMENTWISE = sorted(n for n, a in MEMBERS.items() if not a.vector and not a.gated)
GATED = sorted(n for n, a in MEMBERS.items() if a.gated)
VECTOR = sorted(n for n, a in MEMBERS.items() if a.vector)
# figures on the page that are not one member's f-and-f' figure
OVERVIEW_FIGURES = {
    "activation-gelu-approx-error",
    "activation-softmax-temperature",
    "activation-saturation",
    "activation-dying-relu",
}
SHORTCODE_RE = re.compile(r"^\s*<!--\s*figure:\s*(activation-[a-z0-9-]+)\s*-->\s*$", re.M)


def _page() -> str:
    return PAGE.read_text(encoding="utf-8")


def _norm(text: str) -> str:
    return " ".join(text.split())


# --- against PyTorch ----------------------------------------------------------------------------

@checks("activations-family",
        against="PyTorch for every element-wise member: values and autograd derivatives",
        tol="rtol 1e-6",
        link="tests/numerics/reference/activations.json")
@pytest.mark.parametrize("name", ELEMENTWISE)
def test_value_and_derivative_match_pytorch(name):
    act, ref = MEMBERS[name], REF["members"][name]
    x = np.array(ref["x"])
    assert len(x) >= 20 and {0.0, 1e-8, -1e-8, 30.0, -30.0, 100.0, -100.0} <= set(ref["x"])
    assert_close(act.f(x), ref["f"], what=f"{name} f")
    assert_close(act.df(x), ref["df"], what=f"{name} f' (autograd, incl. PyTorch's value at kinks)")


def test_prelu_weight_gradient_matches_pytorch():
    ref = REF["members"]["prelu"]
    assert_close(A.prelu_grad_weight(np.array(ref["x"])), ref["dweight"])


@pytest.mark.parametrize("case", range(len(REF["parameterised"])))
def test_non_default_parameters_match_pytorch(case):
    ref = REF["parameterised"][case]
    act = MEMBERS[ref["member"]]
    x = np.array(ref["x"])
    assert_close(act.f(x, **ref["kwargs"]), ref["f"], what=f"{ref['member']} {ref['kwargs']}")
    assert_close(act.df(x, **ref["kwargs"]), ref["df"], what=f"{ref['member']}' {ref['kwargs']}")


JVP = {"softmax": A.softmax_jvp, "log-softmax": A.log_softmax_jvp}
VJP = {"softmax": A.softmax_jvp, "log-softmax": A.log_softmax_vjp}  # softmax's Jacobian is symmetric


@checks("activations-vector", against="PyTorch `softmax` and `log_softmax`: values, Jacobians, JVPs and VJPs",
        tol="rtol 1e-6", link="tests/numerics/reference/activations.json")
@pytest.mark.parametrize("name", VECTOR)
def test_vector_members_match_pytorch(name):
    act = MEMBERS[name]
    cases = REF["members"][name]["cases"]
    assert any(max(c["z"]) >= 1000 for c in cases), "a case with huge logits guards against overflow"
    for c in cases:
        z = np.array(c["z"])
        assert_close(act.f(z), c["f"], what=f"{name} f at {c['z']}")
        assert_close(act.df(z), c["jacobian"], what=f"{name} Jacobian at {c['z']}")
        assert_close(JVP[name](z, np.array(c["v"])), c["jvp"], what=f"{name} JVP at {c['z']}")
        assert_close(VJP[name](z, np.array(c["u"])), c["vjp"], what=f"{name} VJP at {c['z']}")
        assert_close(act.df(z) @ np.array(c["v"]), c["jvp"], what=f"{name} Jacobian times v")


def test_softmax_temperature_matches_pytorch():
    for c in REF["softmax_temperature"]:
        assert tuple(c["z"]) == A.EXAMPLE_LOGITS
        assert_close(A.softmax(np.array(c["z"]) / c["T"]), c["s"], what=f"T={c['T']}")


def test_selu_constants_are_pytorchs():
    assert A.SELU_ALPHA == REF["selu_constants"]["alpha"]
    assert A.SELU_SCALE == REF["selu_constants"]["scale"]


def test_gelu_tanh_gap_and_the_number_on_the_page():
    gap = REF["gelu_tanh_max_abs_diff"]
    x = np.linspace(*gap["window"], gap["points"])
    d = np.abs(A.gelu(x) - A.gelu_tanh(x))
    assert_close(d.max(), gap["max"])
    assert_close(abs(x[d.argmax()]), gap["at"])
    mantissa, exponent = f"{gap['max']:.2e}".split("e")
    page = _norm(_page())
    assert f"{mantissa} \\times 10^{{{int(exponent)}}}" in page
    assert f"{gap['at']:.2f}" in page


@pytest.mark.parametrize("name", GATED)
def test_gated_units_match_pytorch(name):
    """F.glu and the explicit torch compositions a * g(b), values and autograd partials."""
    act = MEMBERS[name]
    cases = REF["members"][name]["cases"]
    assert np.array(cases[0]["x"]).shape[-1] == 2 and np.array(cases[1]["x"]).shape[-1] == 8
    for c in cases:
        x = np.array(c["x"])
        assert_close(act.f(x), c["f"], what=f"{name} f, x shape {x.shape}")
        assert_close(act.df(x), c["df"], what=f"{name} [dh/da, dh/db], x shape {x.shape}")


def test_glu_takes_the_first_half_as_the_value_and_nn_glu_agrees():
    x = np.array([[1.0, 2.0, 3.0, 4.0]])
    assert_close(A.glu(x), [[1.0 * A.sigmoid(np.array(3.0)), 2.0 * A.sigmoid(np.array(4.0))]])
    assert_close(A.glu(np.array(REF["glu_module"]["x"])), REF["glu_module"]["f"], what="nn.GLU()")
    with pytest.raises(ValueError):
        A.glu(np.ones(3))


@pytest.mark.parametrize("name", GATED)
def test_gated_ffn_matches_pytorch(name):
    ref = REF["gated_ffn"]
    gate = {"glu": A.sigmoid, "reglu": A.relu, "geglu": A.gelu, "swiglu": A.silu}[name]
    x, W, V, W2 = (np.array(ref[k]) for k in ("x", "W", "V", "W2"))
    out = A.glu_ffn(x, W, V, W2, gate=gate)
    assert_close(out, ref["out"][name], what=f"FFN with {name}")
    # the split form on [xV, xW] is the same block: the linear half first, the gated half second
    assert_close(MEMBERS[name].f(np.concatenate([x @ V, x @ W], axis=-1)) @ W2, ref["out"][name])


def test_two_thirds_rule_and_llama_width():
    transformers = pytest.importorskip("transformers")
    cfg = transformers.LlamaConfig()
    assert cfg.hidden_act == "silu"
    assert A.glu_ffn_hidden(cfg.hidden_size) == cfg.intermediate_size == 11008
    d = 768
    d_ff = 2 * 4 * d // 3  # 2048: three d x d_ff matrices
    assert 3 * d * d_ff == 2 * d * (4 * d)  # same parameter count as a 4d ReLU/GELU FFN


def test_tied_inputs_relate_gated_units_to_their_element_wise_cousins():
    """With a = b = x, GLU is SiLU and ReGLU is squared ReLU (the page says so)."""
    x = np.linspace(-5, 5, 101)
    tied = np.stack([x, x], axis=-1)
    assert_close(A.glu(tied)[:, 0], A.silu(x))
    assert_close(A.reglu(tied)[:, 0], A.relu_squared(x))


# --- derivatives by central finite differences -------------------------------------------------

def _fd_points(act: A.Activation) -> np.ndarray:
    rng = np.random.default_rng(7)
    lo, hi = act.window
    x = np.concatenate([rng.uniform(lo, hi, 200), REF["members"][act.name]["x"]])
    for p in act.nonsmooth:
        x = x[np.abs(x - p) > 1e-3]
    return x


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_derivative_by_finite_differences(name):
    act = MEMBERS[name]
    x = _fd_points(act)
    h = 1e-6 * np.maximum(1.0, np.abs(x))
    fd = (act.f(x + h) - act.f(x - h)) / (2 * h)
    assert_close(act.df(x), fd, rtol=1e-6, atol=1e-8, what=f"{name}: f' against (f(x+h) - f(x-h)) / 2h")


@pytest.mark.parametrize("name", VECTOR)
def test_jacobian_by_finite_differences(name):
    act = MEMBERS[name]
    rng = np.random.default_rng(3)
    for z in [np.array(c["z"]) for c in REF["members"][name]["cases"]] + [rng.normal(0, 3, 6) for _ in range(5)]:
        h = 1e-6 * max(1.0, float(np.abs(z).max()))
        cols = [(act.f(z + h * e) - act.f(z - h * e)) / (2 * h) for e in np.eye(z.size)]
        assert_close(act.df(z), np.column_stack(cols), rtol=1e-6, atol=1e-7, what=f"{name} at {z}")


@pytest.mark.parametrize("name", GATED)
def test_gated_partials_by_finite_differences(name):
    act = MEMBERS[name]
    rng = np.random.default_rng(11)
    x = rng.uniform(-4, 4, (50, 6))
    x[:, 3:][np.abs(x[:, 3:]) < 1e-3] = 0.5  # keep ReGLU's gate away from its kink
    h = 1e-6
    cols = []
    for j in range(6):
        e = np.zeros(6)
        e[j] = h
        cols.append((act.f(x + e).sum(-1) - act.f(x - e).sum(-1)) / (2 * h))
    assert_close(act.df(x), np.column_stack(cols), rtol=1e-6, atol=1e-8, what=name)


def test_kinks_follow_pytorchs_subgradient_convention():
    """The values at exactly the kink are a choice; these are the ones autograd returns."""
    at = {n: dict(zip(REF["members"][n]["x"], REF["members"][n]["df"])) for n in ELEMENTWISE}
    assert at["relu"][0.0] == 0.0
    assert at["leaky-relu"][0.0] == 0.01 and at["prelu"][0.0] == 0.25
    assert at["relu6"][0.0] == 0.0 and at["relu6"][6.0] == 0.0
    assert at["hardsigmoid"][3.0] == 0.0 and at["hardsigmoid"][-3.0] == 0.0
    assert at["hardswish"][-3.0] == 0.0 and at["hardswish"][3.0] == 1.0
    assert math.isclose(at["selu"][0.0], A.SELU_SCALE * A.SELU_ALPHA)
    for p in (0.0, 6.0, 3.0, -3.0):
        for n in ELEMENTWISE:
            if p in MEMBERS[n].nonsmooth:
                assert_close(MEMBERS[n].df(np.array([p])), [at[n][p]], what=f"{n}' at {p}")


# --- claims the page and figures make ----------------------------------------------------------

@pytest.mark.parametrize(("name", "x_min", "f_min"), [
    ("gelu", -0.75179, -0.16997),
    ("gelu-tanh", -0.75246, -0.17004),
    ("silu", -1.27846, -0.27846),
    ("mish", -1.19243, -0.30884),
    ("hardswish", -1.5, -0.375),
])
def test_minima_stated_on_the_page(name, x_min, f_min):
    act = MEMBERS[name]
    xm = A.stationary_point(act.df, -2.9, -0.1)
    assert abs(xm - x_min) < 1e-3
    assert abs(act.f(np.array([xm]))[0] - f_min) < 1e-3
    assert act.f(np.array([xm - 1e-3]))[0] > act.f(np.array([xm]))[0] < act.f(np.array([xm + 1e-3]))[0]
    page = _norm(_page())
    assert f"{x_min:.3f}".rstrip("0") in page and f"{f_min:.3f}".rstrip("0") in page


def test_saturation_claims():
    g = {n: A.layer_gradient_norms(MEMBERS[n].f, MEMBERS[n].df, gain=gain)[0]
         for n, gain in (("sigmoid", 1.0), ("tanh", 1.0), ("relu", math.sqrt(2.0)))}
    assert 1e-14 < g["sigmoid"] < 1e-11  # "about 12 orders of magnitude"
    assert 0.05 < g["tanh"] < 0.5
    assert 0.5 < g["relu"] < 2.0
    assert A.sigmoid_grad(np.array([0.0]))[0] == 0.25 and A.sigmoid_grad(np.array([4.0]))[0] < 0.018


# --- consistency: page == registry == reference == figures -------------------------------------

def test_members_are_the_same_everywhere():
    registry = set(MEMBERS)
    on_page = {n.removeprefix("activation-") for n in SHORTCODE_RE.findall(_page())} - {
        n.removeprefix("activation-") for n in OVERVIEW_FIGURES}
    in_reference = set(REF["members"])
    figures = {n.removeprefix("activation-") for n in catalogue() if n.startswith("activation-")} - {
        n.removeprefix("activation-") for n in OVERVIEW_FIGURES}
    assert len(registry) >= 17
    assert on_page == registry, f"page {sorted(on_page ^ registry)}"
    assert in_reference == registry, f"reference {sorted(in_reference ^ registry)}"
    assert figures == registry, f"figures {sorted(figures ^ registry)}"
    assert OVERVIEW_FIGURES <= set(catalogue())
    assert OVERVIEW_FIGURES <= set(SHORTCODE_RE.findall(_page()))


def test_each_member_has_a_section_with_its_pytorch_call():
    page = _page()
    for act in MEMBERS.values():
        m = re.search(rf"^## .+\{{ #{re.escape(act.name)} \}}$", page, re.M)
        assert m, f"no '## ... {{ #{act.name} }}' section"
        section = page[m.end():].split("\n## ", 1)[0]
        assert f"<!-- figure: activation-{act.name} -->" in section
        call = act.torch.split("  #")[0]
        assert call in section, f"{act.name}: section does not show {call!r}"
        assert "arxiv.org/abs/" in section or "doi.org/" in section or "https://" in section


def test_docstring_formulas_appear_on_the_page():
    page = _norm(_page())
    for act in MEMBERS.values():
        for fn in (act.f, act.df):
            formulas = re.findall(r"\$([^$]+)\$", fn.__doc__ or "")
            assert formulas, f"{fn.__name__} has no formula in its docstring"
            for formula in formulas:
                assert _norm(formula) in page, f"{fn.__name__}: ${formula}$ is not on the page"


def test_leaky_relu_and_prelu_are_not_zero_centered_under_a_standard_normal():
    from scipy import integrate, stats

    def mean(f):
        return integrate.quad(lambda x: float(f(np.array(x))) * stats.norm.pdf(x), -np.inf, np.inf)[0]

    # the page's table: mean 0.395 (Leaky ReLU, a = 0.01) and 0.299 (PReLU, a = 0.25), ReLU's is 1/sqrt(2 pi) = 0.399
    assert mean(A.leaky_relu) == pytest.approx(0.99 / math.sqrt(2 * math.pi), rel=1e-8)
    assert round(mean(A.leaky_relu), 3) == 0.395
    assert round(mean(A.prelu), 3) == 0.299
    assert mean(A.relu) - mean(A.leaky_relu) < 0.005  # as far from zero as ReLU itself


def test_gelu_and_silu_gradients_vanish_at_their_minima():
    from scipy import optimize

    for f, df, x_min in ((A.gelu, A.gelu_grad, -0.75), (A.silu, A.silu_grad, -1.28)):
        x_star = optimize.minimize_scalar(lambda x: float(f(np.array(x))), bounds=(-3, 0), method="bounded",
                                          options={"xatol": 1e-10}).x
        assert x_star == pytest.approx(x_min, abs=0.005)
        assert abs(float(df(np.array(x_star)))) < 1e-6
