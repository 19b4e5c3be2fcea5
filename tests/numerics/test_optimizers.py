"""Optimizers (NumPy step functions) against torch.optim reference trajectories, plus page consistency."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import numpy as np
import pytest

from cheatsheet.figures.catalogue import catalogue
from cheatsheet.numerics import optimizers as opt
from cheatsheet.numerics.optimizers import OPTIMIZERS
from cheatsheet.numerics.surfaces import SURFACES
from tests.numerics.refdata import assert_close, reference
from tests.checks import checks

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "optimizers.md"
PREFIX = "optimizer-"
OVERVIEW = ("optimizer-trajectories-", "optimizer-loss-")  # overview figures, not one per member
REF = reference("optimizers")
CASES = [(name, case) for name, member in REF["members"].items() for case in member["cases"]]


def _member_figures(names) -> set[str]:
    return {n[len(PREFIX):] for n in names if n.startswith(PREFIX) and not n.startswith(OVERVIEW)}


def _kwargs(options: dict) -> dict:
    return {k: (tuple(v) if isinstance(v, list) else v) for k, v in options.items()}


@checks("optimizers-family",
        against="`torch.optim` trajectories for every member (Lion: a PyTorch transcription of Chen et al., Algorithm 2)",
        tol="rtol 1e-6",
        link="tests/numerics/reference/optimizers.json")
@pytest.mark.parametrize("name,case", CASES, ids=[f"{n}:{c}" for n, c in CASES])
def test_trajectory_matches_torch(name, case):
    ref = REF["members"][name]["cases"][case]
    surface = SURFACES[ref["function"]]
    path = OPTIMIZERS[name].run(surface.grad, ref["start"], REF["steps"], lr=ref["lr"],
                                **_kwargs(ref["options"]))
    expected = np.array(ref["params"])
    assert expected.shape == (REF["steps"], 2)
    assert_close(path[1:], expected, what=f"{name} {case}")


def test_reference_covers_weight_decay_for_every_member():
    for name, member in REF["members"].items():
        decays = [c["options"].get("weight_decay", 0.0) for c in member["cases"].values()]
        assert any(d > 0 for d in decays) and any(d == 0 for d in decays), name
        assert {c["function"] for c in member["cases"].values()} == {"quadratic", "rosenbrock"}, name


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_registry_matches_reference_settings(name):
    member, ref = OPTIMIZERS[name], REF["members"][name]
    assert member.torch_class == ref["torch_class"]
    assert dict(member.torch_settings) == ref["settings"]
    assert member.torch.startswith(("torch.optim." + member.torch_class,
                                    *(c + "(" for c in opt.REFERENCE_IMPLEMENTED)))


NUMPY_ONLY = {"bfloat16"}  # keyword arguments of the NumPy steps that torch does not have


@pytest.mark.parametrize("name", sorted(n for n in OPTIMIZERS
                                        if OPTIMIZERS[n].torch_class not in opt.REFERENCE_IMPLEMENTED))
def test_numpy_defaults_are_torch_defaults(name):
    torch = pytest.importorskip("torch")
    member = OPTIMIZERS[name]
    torch_defaults = {k: p.default for k, p in
                      inspect.signature(getattr(torch.optim, member.torch_class).__init__).parameters.items()
                      if p.default is not inspect.Parameter.empty}
    numpy_defaults = {k: p.default for k, p in inspect.signature(member.step).parameters.items()
                      if p.default is not inspect.Parameter.empty}
    assert numpy_defaults, name
    for key, value in numpy_defaults.items():
        if key in NUMPY_ONLY:
            continue
        expected = member.torch_settings.get(key, torch_defaults[key])
        if key == "momentum" and name in ("momentum", "nesterov"):
            expected = 0.9
        assert value == expected, (name, key, value, expected)


@pytest.mark.parametrize("cls", opt.REFERENCE_IMPLEMENTED)
def test_reference_implemented_members_are_not_in_torch_optim(cls):
    torch = pytest.importorskip("torch")
    assert not hasattr(torch.optim, cls), f"torch now ships {cls}: compare against it instead"


@pytest.mark.parametrize("surface", sorted(SURFACES))
def test_surface_gradient_by_central_differences(surface):
    s = SURFACES[surface]
    rng = np.random.default_rng(7)
    x0, x1, y0, y1 = s.window
    points = np.column_stack([rng.uniform(x0, x1, 20), rng.uniform(y0, y1, 20)])
    h = 1e-6
    for p in points:
        fd = [(s.f(p + h * e) - s.f(p - h * e)) / (2 * h) for e in np.eye(2)]
        np.testing.assert_allclose(s.grad(p), fd, rtol=1e-6, atol=1e-5)
    for m in s.minima:
        assert_close(s.grad(np.array(m)), [0.0, 0.0], what=f"{surface} minimum")
        assert s.f(np.array(m)) == pytest.approx(s.f_min)


def test_surface_values_by_hand():
    assert SURFACES["quadratic"].f(np.array([1.0, 0.0])) == pytest.approx(0.25 * (1 + 20))
    assert SURFACES["rosenbrock"].f(np.array([-1.2, 1.0])) == pytest.approx(2.2**2 + 100 * 0.44**2)
    assert SURFACES["saddle"].f(np.array([0.0, 0.0])) == 0.0
    assert_close(SURFACES["saddle"].grad(np.array([0.0, 0.0])), [0.0, 0.0])


def test_first_steps_by_hand():
    g = np.array([3.0, -0.5])
    theta = np.array([1.0, 2.0])
    # Adam's first step is lr * g / (|g| + eps): a step of about lr per coordinate against the sign
    step1, _ = opt.adam(theta, g, {}, lr=0.1)
    assert_close(step1, theta - 0.1 * g / (np.abs(g) + 1e-8))
    # SGD momentum: b_1 = g (no dampening on the first step), then b_2 = mu b_1 + (1 - tau) g
    t1, s1 = opt.sgd_momentum(theta, g, {}, lr=0.1, dampening=0.5)
    assert_close(t1, theta - 0.1 * g)
    t2, _ = opt.sgd_momentum(t1, g, s1, lr=0.1, dampening=0.5)
    assert_close(t2, t1 - 0.1 * (0.9 * g + 0.5 * g))
    # Lion moves every coordinate by exactly lr
    t3, _ = opt.lion(theta, g, {}, lr=0.01)
    assert_close(t3, theta - 0.01 * np.sign(g))
    # AdamW decays theta by (1 - lr * wd) before the Adam step; Adam's L2 adds wd * theta to g
    w1, _ = opt.adamw(theta, g, {}, lr=0.1, weight_decay=0.5)
    assert_close(w1, theta * (1 - 0.05) - 0.1 * g / (np.abs(g) + 1e-8))
    a1, _ = opt.adam(theta, g, {}, lr=0.1, weight_decay=0.5)
    gl2 = g + 0.5 * theta
    assert_close(a1, theta - 0.1 * gl2 / (np.abs(gl2) + 1e-8))


def test_radam_switches_on_at_step_6_with_default_beta2():
    rho = [opt.radam_rho(t, 0.999) for t in range(1, 10)]
    assert [t for t, r in enumerate(rho, start=1) if r > 5.0][0] == 6
    assert rho[0] == pytest.approx(1.0)  # rho_1 = 1 for any beta2


def test_nadam_momentum_schedule():
    assert opt._nadam_mu(1, 0.9, 4e-3) == pytest.approx(0.9 * (1 - 0.5 * 0.96**0.004))
    assert opt._nadam_mu(10**6, 0.9, 4e-3) == pytest.approx(0.9)


def test_state_size_matches_registry():
    theta, g = np.array([1.0, -2.0]), np.array([0.5, 0.25])
    for name, member in OPTIMIZERS.items():
        _, state = member.apply(theta, g, {})
        tensors = [v for v in state.values() if isinstance(v, np.ndarray) and v.size == theta.size]
        assert len(tensors) == member.state_tensors, name


def _page() -> str:
    return PAGE.read_text(encoding="utf-8")


def test_members_agree_everywhere():
    page = set(_member_figures(re.findall(r"<!--\s*figure:\s*([a-z0-9-]+)\s*-->", _page())))
    registry = set(OPTIMIZERS)
    ref = set(REF["members"])
    figures = _member_figures(catalogue())
    assert len(registry) >= 13
    assert page == registry, page ^ registry
    assert ref == registry, ref ^ registry
    assert figures == registry, figures ^ registry


def test_overview_figures_are_on_the_page():
    overview = {n for n in catalogue() if n.startswith(OVERVIEW)}
    assert len(overview) >= 4
    for name in overview:
        assert f"<!-- figure: {name} -->" in _page(), name


def _norm(s: str) -> str:
    return " ".join(s.split())


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_docstring_formula_is_on_the_page(name):
    doc = OPTIMIZERS[name].step.__doc__
    formula = re.search(r"\$(.+?)\$", doc, re.S).group(1)
    assert _norm(formula) in _norm(_page()), name


@pytest.mark.parametrize("name", sorted(SURFACES))
def test_surface_formula_is_on_the_page(name):
    formula = re.search(r"\$(.+?)\$", SURFACES[name].f.__doc__, re.S).group(1)
    assert _norm(formula) in _norm(_page()), name


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_page_has_a_section_with_the_torch_call(name):
    member = OPTIMIZERS[name]
    page = _page()
    assert re.search(rf"^## {re.escape(member.title)} \{{ #{name} \}}$", page, re.M), name
    assert member.torch in page, name


@pytest.mark.torch
def test_adagrad_divides_by_a_root_sum_square_not_a_root_mean_square():
    torch = pytest.importorskip("torch")
    g = np.array([0.5, -2.0, 3.0])  # the same gradient at every step: a linear loss
    p = torch.nn.Parameter(torch.zeros(3, dtype=torch.float64))
    torch_opt = torch.optim.Adagrad([p], lr=0.1)
    theta, state = np.zeros(3), {}
    for t in range(1, 17):
        before = p.detach().clone().numpy()
        p.grad = torch.tensor(g)
        torch_opt.step()
        step = p.detach().numpy() - before
        theta, state = opt.adagrad(theta, g, state, lr=0.1)
        assert_close(theta, p.detach().numpy())
        # sqrt(sum of t squares) = sqrt(t) |g|: the step shrinks like 1/sqrt(t); a root-mean-square would keep it 0.1
        assert_close(step, -0.1 * np.sign(g) / np.sqrt(t), rtol=1e-8)


# --- Adafactor and Muon as torch.optim computes them (not yet registry members) -------------------------

def _torch_run(torch, cls, theta0: np.ndarray, grads: list[np.ndarray], **kwargs) -> list[np.ndarray]:
    p = torch.nn.Parameter(torch.tensor(theta0, dtype=torch.float64))
    o = cls([p], **kwargs)
    out = []
    for g in grads:
        p.grad = torch.tensor(g, dtype=torch.float64)
        o.step()
        out.append(p.detach().numpy().copy())
    return out


def _numpy_run(step, theta0, grads, **kwargs) -> list[np.ndarray]:
    theta, state, out = theta0, {}, []
    for g in grads:
        theta, state = step(theta, g, state, **kwargs)
        out.append(theta)
    return out


@pytest.mark.torch
@pytest.mark.parametrize("shape", [(5,), (3, 4), (6, 2), (2, 3, 4)])
@pytest.mark.parametrize("kwargs", [{}, {"lr": 0.05, "weight_decay": 0.1}, {"beta2_decay": -0.5, "d": 2.0},
                                    {"eps": (1e-3, 1e-3)}])
def test_adafactor_matches_torch(shape, kwargs):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(5)
    theta0 = rng.normal(size=shape)
    grads = [rng.normal(size=shape) * rng.uniform(0.01, 3.0) for _ in range(30)]
    ours = _numpy_run(opt.adafactor, theta0, grads, **kwargs)
    theirs = _torch_run(torch, torch.optim.Adafactor, theta0, grads, foreach=False, **kwargs)
    for t, (a, b) in enumerate(zip(ours, theirs), start=1):
        assert_close(a, b, what=f"Adafactor {shape} {kwargs} step {t}")


def test_adafactor_defaults_and_relative_step():
    torch = pytest.importorskip("torch")
    sig = inspect.signature(torch.optim.Adafactor.__init__).parameters
    ours = inspect.signature(opt.adafactor).parameters
    for key in ("lr", "beta2_decay", "eps", "d", "weight_decay"):
        assert ours[key].default == sig[key].default, key
    # with the small default lr the relative step min(lr, 1/sqrt(t)) is lr until t > 1/lr^2 = 10^4 steps
    theta, g = np.full(4, 2.0), np.array([1.0, -1.0, 2.0, 0.5])
    t1, _ = opt.adafactor(theta, g, {})
    # step 1: v = g^2 (1 - beta2_1 = 1), U = sign(g), RMS(U) = 1: the step is RMS(theta) * lr = 0.02
    assert_close(t1, theta - 0.02 * np.sign(g))


@pytest.mark.torch
@pytest.mark.parametrize("shape", [(4, 3), (3, 5), (1, 2), (8, 8)])
@pytest.mark.parametrize("kwargs", [{}, {"nesterov": False, "momentum": 0.9, "lr": 0.02},
                                    {"adjust_lr_fn": "match_rms_adamw", "weight_decay": 0.0}])
def test_muon_matches_torch(shape, kwargs):
    """Newton-Schulz rounded to bfloat16 after every operation, as torch runs it: equal to float rounding."""
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(9)
    theta0 = rng.normal(size=shape)
    grads = [rng.normal(size=shape) for _ in range(20)]
    ours = _numpy_run(opt.muon, theta0, grads, **kwargs)
    theirs = _torch_run(torch, torch.optim.Muon, theta0, grads, **kwargs)
    for t, (a, b) in enumerate(zip(ours, theirs), start=1):
        assert np.abs(b - theta0).max() > 0  # it did move
        assert_close(a, b, what=f"Muon {shape} {kwargs} step {t}")


@pytest.mark.torch
def test_muon_in_float64_differs_from_torch_by_bfloat16_rounding_only():
    """Without the bfloat16 rounding each step's update is off by under 3 %, never more."""
    torch = pytest.importorskip("torch")
    from torch.optim._muon import _zeropower_via_newtonschulz

    rng = np.random.default_rng(3)
    for shape in [(4, 3), (1, 2), (8, 8)]:
        G = rng.normal(size=shape)
        theirs = _zeropower_via_newtonschulz(torch.tensor(G), opt.MUON_NS_COEFFICIENTS, 5, 1e-7).double().numpy()
        assert_close(opt.newton_schulz(G, bfloat16=True), theirs)
        err = np.linalg.norm(opt.newton_schulz(G) - theirs) / np.linalg.norm(theirs)
        assert 1e-4 < err < 0.03, (shape, err)


def test_round_bfloat16_keeps_8_significant_bits():
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).normal(size=1000) * 10.0 ** np.random.default_rng(1).integers(-20, 20, 1000)
    assert_close(opt.round_bfloat16(x), torch.tensor(x).bfloat16().double().numpy(), rtol=0, atol=0)
    assert opt.round_bfloat16(1.0 + 2**-8) == 1.0  # a tie rounds to even
    assert opt.round_bfloat16(1.0 + 3 * 2**-8) == 1.0 + 2**-6


def test_muon_on_a_1x2_matrix_is_normalized_momentum():
    """The page's claim: on the 2-D test surfaces (theta as a 1 x 2 matrix) the Newton-Schulz output
    is the momentum direction scaled to a fixed length (0.70 in float64), whatever the gradient's size."""
    a, b, c = opt.MUON_NS_COEFFICIENTS
    sigma = 1.0  # the one singular value of X_0 = G / |G|, through five steps of a s + b s^3 + c s^5
    for _ in range(5):
        sigma = a * sigma + b * sigma**3 + c * sigma**5
    assert sigma == pytest.approx(0.696, abs=1e-3)
    member = OPTIMIZERS["muon"]
    for g in (np.array([3.0, 4.0]), np.array([-1e-3, 2e-3]), np.array([50.0, -0.1])):
        new, _ = member.apply(np.zeros(2), g, {}, lr=1.0, weight_decay=0.0, bfloat16=False)
        assert_close(new / -np.linalg.norm(new), g / np.linalg.norm(g), rtol=1e-12)
        assert np.linalg.norm(new) == pytest.approx(sigma, rel=1e-12)


def test_muon_rejects_non_matrices_like_torch():
    torch = pytest.importorskip("torch")
    with pytest.raises(ValueError):
        opt.muon(np.zeros(3), np.ones(3), {})
    with pytest.raises(ValueError):
        torch.optim.Muon([torch.nn.Parameter(torch.zeros(3))])
    sig = inspect.signature(torch.optim.Muon.__init__).parameters
    ours = inspect.signature(opt.muon).parameters
    for key in ("lr", "weight_decay", "momentum", "nesterov", "ns_coefficients", "eps", "ns_steps", "adjust_lr_fn"):
        assert ours[key].default == sig[key].default, key


def test_newton_schulz_pushes_singular_values_towards_one():
    rng = np.random.default_rng(1)
    G = rng.normal(size=(16, 8)) @ np.diag(np.geomspace(0.1, 10, 8))
    s0 = np.linalg.svd(G, compute_uv=False)
    s = np.linalg.svd(opt.newton_schulz(G), compute_uv=False)
    assert s0.max() / s0.min() > 50
    assert np.all((s > 0.5) & (s < 1.25)), s  # not exactly 1: the quintic trades accuracy for speed
    U, _, Vt = np.linalg.svd(G, full_matrices=False)
    O = opt.newton_schulz(G)
    D = U.T @ O @ Vt.T  # diagonal iff O has G's singular vectors (only the singular values change)
    assert np.linalg.norm(D - np.diag(np.diag(D))) < 1e-8 * np.linalg.norm(O)


# --- LAMB and LARS: reference-implemented from the papers (not in torch.optim) --------------------------

def _paper_classes():
    """The torch LAMB and LARS written from the papers' algorithms for the reference vectors."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("ref_optimizers", ROOT / "scripts" / "reference_vectors" / "optimizers.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.LAMB, module.LARS


@pytest.mark.torch
@pytest.mark.parametrize("name", ["lamb", "lars"])
def test_layerwise_trust_ratio_per_tensor_with_excluded_bias(name):
    """A weight matrix (adapted, decayed) and a bias (excluded from adaptation and decay, as in practice):
    the NumPy step on each tensor equals the paper's algorithm run per layer over both in torch."""
    torch = pytest.importorskip("torch")
    lamb_cls, lars_cls = _paper_classes()
    cls, step = (lamb_cls, opt.lamb) if name == "lamb" else (lars_cls, opt.lars)
    lr = 0.01 if name == "lamb" else 1.0
    rng = np.random.default_rng(11)
    w0, b0 = rng.normal(size=(4, 3)), np.zeros(3)  # a zero bias: the ratio must fall back to 1
    grads = [(rng.normal(size=(4, 3)), rng.normal(size=3)) for _ in range(15)]
    W, B = (torch.nn.Parameter(torch.tensor(x)) for x in (w0, b0))
    torch_opt = cls([{"params": [W], "weight_decay": 0.01},
                     {"params": [B], "weight_decay": 0.0, "layer_adaptation": False}], lr=lr)
    w, b, sw, sb = w0, b0, {}, {}
    for gw, gb in grads:
        W.grad, B.grad = torch.tensor(gw), torch.tensor(gb)
        torch_opt.step()
        w, sw = step(w, gw, sw, lr=lr, weight_decay=0.01)
        b, sb = step(b, gb, sb, lr=lr, weight_decay=0.0, layer_adaptation=False)
        assert_close(w, W.detach().numpy(), what=name)
        assert_close(b, B.detach().numpy(), what=name)
    assert np.abs(b).max() > 0  # the zero-initialized bias did move


def test_lamb_and_lars_first_steps_by_hand():
    theta, g = np.array([3.0, 4.0]), np.array([0.3, -0.1])  # |theta| = 5
    # LAMB: every step has length eta * phi(|theta|) whatever r is
    t1, _ = opt.lamb(theta, g, {}, lr=0.01)
    assert np.linalg.norm(t1 - theta) == pytest.approx(0.05)
    r = g / (np.abs(g) + 1e-6)  # the bias-corrected first Adam direction
    assert_close((theta - t1) / np.linalg.norm(theta - t1), r / np.linalg.norm(r))
    t2, _ = opt.lamb(theta, g, {}, lr=0.01, trust_clip=(0.0, 2.0))  # phi clips |theta| = 5 to 2
    assert np.linalg.norm(t2 - theta) == pytest.approx(0.02)
    # LARS: local lr = kappa |w| / (|g| + lambda |w|); first buffer = eta * local * (g + lambda w)
    t3, _ = opt.lars(theta, g, {}, lr=2.0, weight_decay=0.1)
    local = 1e-3 * 5.0 / (np.linalg.norm(g) + 0.1 * 5.0)
    assert_close(t3, theta - 2.0 * local * (g + 0.1 * theta))
    # the step length no longer depends on the gradient's scale (without weight decay)
    t4, _ = opt.lars(theta, 1000.0 * g, {}, lr=2.0)
    assert np.linalg.norm(t4 - theta) == pytest.approx(2.0 * 1e-3 * 5.0)


# --- Gradient clipping and weight averaging against torch ------------------------------------------------

@pytest.mark.torch
@pytest.mark.parametrize("norm_type", [2.0, 1.0, 3.0, float("inf")])
@pytest.mark.parametrize("max_norm", [0.5, 1e3])
def test_clip_grad_norm_matches_torch(norm_type, max_norm):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(4)
    grads = [rng.normal(size=(3, 4)), rng.normal(size=5), rng.normal(size=(2,))]
    params = [torch.nn.Parameter(torch.zeros(g.shape, dtype=torch.float64)) for g in grads]
    for p, g in zip(params, grads):
        p.grad = torch.tensor(g)
    total_torch = torch.nn.utils.clip_grad_norm_(params, max_norm, norm_type=norm_type, foreach=False)
    clipped, total = opt.clip_grad_norm(grads, max_norm, norm_type)
    assert total == pytest.approx(float(total_torch), rel=1e-12)
    for c, p in zip(clipped, params):
        assert_close(c, p.grad.numpy())
    if max_norm == 1e3:  # under the threshold nothing changes
        for c, g in zip(clipped, grads):
            assert_close(c, g)
    else:  # one total norm over all tensors: the clipped total norm is max_norm (up to the 1e-6)
        assert opt.clip_grad_norm(clipped, 1e9, norm_type)[1] == pytest.approx(max_norm, rel=1e-5)


@pytest.mark.torch
def test_clip_grad_norm_error_if_nonfinite_and_clip_value():
    torch = pytest.importorskip("torch")
    p = torch.nn.Parameter(torch.zeros(3, dtype=torch.float64))
    p.grad = torch.tensor([1.0, float("nan"), 2.0], dtype=torch.float64)
    with pytest.raises(RuntimeError):
        torch.nn.utils.clip_grad_norm_([p], 1.0, error_if_nonfinite=True)
    g = np.array([-3.0, 0.2, 5.0])
    p.grad = torch.tensor(g)
    torch.nn.utils.clip_grad_value_([p], 1.0)
    assert_close(opt.clip_grad_value([g], 1.0)[0], p.grad.numpy())
    assert_close(opt.clip_grad_value([g], 1.0)[0], [-1.0, 0.2, 1.0])


@pytest.mark.torch
@pytest.mark.parametrize("ema", [True, False])
def test_averaged_model_matches_torch(ema):
    torch = pytest.importorskip("torch")
    from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn

    rng = np.random.default_rng(8)
    snapshots = [rng.normal(size=(2, 3)) for _ in range(7)]
    model = torch.nn.Linear(3, 2, bias=False).double()
    averaged = (AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(0.9)) if ema else AveragedModel(model))
    for w in snapshots:
        with torch.no_grad():
            model.weight.copy_(torch.tensor(w))
        averaged.update_parameters(model)
    ours = opt.ema_average(snapshots, 0.9) if ema else opt.swa_average(snapshots)
    assert_close(ours, averaged.module.weight.detach().numpy())
    if not ema:
        assert_close(ours, np.mean(snapshots, axis=0))  # SWA is the plain mean
    else:  # the first snapshot keeps weight 0.9^6 (the copy on the first call), the others (1 - 0.9) 0.9^(T-t)
        weights = [0.9**6] + [0.1 * 0.9 ** (6 - k) for k in range(1, 7)]
        assert_close(ours, sum(wt * s for wt, s in zip(weights, snapshots)))


@pytest.mark.torch
def test_update_bn_recomputes_cumulative_statistics():
    torch = pytest.importorskip("torch")
    from torch.optim.swa_utils import update_bn

    rng = np.random.default_rng(2)
    batches = [rng.normal(loc=3.0, scale=2.0, size=(n, 4)) for n in (8, 5, 11)]
    bn = torch.nn.BatchNorm1d(4, momentum=0.1).double()
    bn.running_mean.fill_(100.0)  # stale statistics are thrown away
    update_bn([torch.tensor(b) for b in batches], bn)
    mean, var = opt.bn_cumulative_statistics(batches)
    assert_close(mean, bn.running_mean.numpy())
    assert_close(var, bn.running_var.numpy())
    assert bn.momentum == 0.1  # restored afterwards
