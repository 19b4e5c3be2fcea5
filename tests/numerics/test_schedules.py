"""Learning-rate schedules: the NumPy closed forms against PyTorch, the page and the figures."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import numpy as np
import pytest

from cheatsheet.figures.catalogue import catalogue
from cheatsheet.numerics import schedules as S
from cheatsheet.numerics.schedules import SCHEDULES

from .refdata import assert_close, reference
from tests.checks import checks

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "learning-rate-schedules.md"
GENERATOR = ROOT / "scripts" / "reference_vectors" / "schedules.py"
PREFIX = "schedule-"
EXTRA_FIGURES = {"schedule-overview"}  # figures that are not one member's

REF = reference("schedules")
CASES = [(name, i) for name in sorted(REF) for i in range(len(REF[name]))]
IDS = [f"{name}-{i}" for name, i in CASES]


def _page() -> str:
    return PAGE.read_text(encoding="utf-8")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# -- numbers ------------------------------------------------------------------------------------


@checks("schedules-family",
        against="`torch.optim.lr_scheduler` for every member",
        tol="rtol 1e-6",
        link="tests/numerics/reference/schedules.json")
@pytest.mark.parametrize(("name", "i"), CASES, ids=IDS)
def test_closed_form_matches_pytorch(name, i):
    case = REF[name][i]
    expected = np.asarray(case["lr"])
    assert 100 <= len(expected) <= 300
    t = np.arange(len(expected))
    assert_close(SCHEDULES[name].lr(t, **case["params"]), expected, what=f"{name} {case['params']}")


@pytest.mark.parametrize(("name", "i"), [c for c in CASES if SCHEDULES[c[0]].momentum is not None],
                         ids=[f"{n}-{i}" for n, i in CASES if SCHEDULES[n].momentum is not None])
def test_momentum_matches_pytorch(name, i):
    case = REF[name][i]
    t = np.arange(len(case["momentum"]))
    assert_close(SCHEDULES[name].momentum(t, **case["params"]), case["momentum"], what=name)


@pytest.mark.parametrize(("name", "i"), [c for c in CASES if SCHEDULES[c[0]].update is not None],
                         ids=[f"{n}-{i}" for n, i in CASES if SCHEDULES[n].update is not None])
def test_recursive_update_reproduces_pytorch(name, i):
    """PyTorch's chainable rule, iterated from the first rate, gives every later rate."""
    case = REF[name][i]
    update = SCHEDULES[name].update
    lrs = [case["lr"][0]]
    for t in range(1, len(case["lr"])):
        lrs.append(update(lrs[-1], t, **case["params"]))
    assert_close(lrs, case["lr"], what=name)


@pytest.mark.parametrize("name", [n for n, s in SCHEDULES.items() if s.slope is not None])
def test_slope_by_central_differences(name):
    s = SCHEDULES[name]
    p = s.params
    t = np.linspace(0.5, s.steps - 1.5, 97) + 0.137
    if name == "polynomial":
        t = t[t < p["total_iters"] - 1]
    if name == "inverse-sqrt":
        t = t[np.abs(t + 1 - p["warmup"]) > 5]  # the kink at t + 1 = W
    h = 1e-3
    fd = (s.lr(t + h, **p) - s.lr(t - h, **p)) / (2 * h)
    scale = np.max(np.abs(fd))
    np.testing.assert_allclose(s.slope(t, **p), fd, rtol=1e-5, atol=1e-7 * scale)


def test_figure_settings_are_what_pytorch_does():
    """The setting each figure draws is run through PyTorch too (not only the reference cases)."""
    pytest.importorskip("torch")
    import torch

    spec = importlib.util.spec_from_file_location("schedules_generator", GENERATOR)
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    try:
        for name, s in SCHEDULES.items():
            make = gen.CASES[name][0]
            steps = min(s.steps, 300)
            params = dict(s.params)
            if name == "inverse-sqrt":
                params = {**params, "warmup": 100}  # the figure's 40000 steps, shrunk to 300
            got = make(params, steps)["lr"]
            assert_close(s.lr(np.arange(steps), **params), got, what=name)
    finally:
        torch.set_default_dtype(previous)


# -- known values, independent of PyTorch -------------------------------------------------------


def test_key_points():
    assert S.step(np.array([29, 30, 59, 60]), eta0=1.0, step_size=30).tolist() == pytest.approx([1, 0.1, 0.1, 0.01])
    assert S.multistep(np.array([9, 10, 11]), eta0=1.0, milestones=[10, 10], gamma=0.5).tolist() == [1.0, 0.25, 0.25]
    assert S.polynomial(np.array([80, 200]), eta0=0.1, total_iters=80, power=2.0).tolist() == [0.0, 0.0]
    c = S.cosine(np.array([0, 50, 100, 150, 200]), eta0=1.0, T_max=100, eta_min=0.0)
    np.testing.assert_allclose(c, [1.0, 0.5, 0.0, 0.5, 1.0], atol=1e-15)  # periodic past T_max
    w = S.warmup_cosine(np.arange(100), eta0=0.1, warmup=10, total=100, start_factor=0.01)
    assert int(np.argmax(w)) == 10 and w[10] == pytest.approx(0.1) and w[0] == pytest.approx(0.001)
    oc = S.one_cycle(np.arange(200), max_lr=0.1, total_steps=200)
    assert int(np.argmax(oc)) == 59 and oc[0] == pytest.approx(0.004) and oc[-1] == pytest.approx(4e-7)
    inv = S.inverse_sqrt(np.arange(8000), d_model=512, warmup=4000)
    assert int(np.argmax(inv)) == 3999 and inv[3999] == pytest.approx((512 * 4000) ** -0.5)
    cyc = S.cyclic(np.array([0, 20, 40, 60]), base_lr=0.01, max_lr=0.1, step_size_up=20, mode="triangular2")
    np.testing.assert_allclose(cyc, [0.01, 0.1, 0.01, 0.055])


def test_restarts_are_where_the_rate_jumps_up():
    p = {"eta0": 0.1, "T_0": 10, "T_mult": 2, "eta_min": 0.001}
    lr = S.cosine_restarts(np.arange(200), **p)
    jumps = (np.nonzero(np.diff(lr) > 0)[0] + 1).tolist()
    assert jumps == S.restart_steps(T_0=10, T_mult=2, until=199) == [10, 30, 70, 150]
    assert np.all(lr[jumps] == 0.1)


def test_plateau_waits_patience_plus_one_bad_epochs():
    metrics = [1.0] + [1.0] * 12  # no improvement after the first epoch
    lr = S.reduce_on_plateau(np.arange(14), eta0=1.0, metrics=metrics, patience=10, factor=0.1)
    assert lr[11] == 1.0 and lr[12] == pytest.approx(0.1)  # 11 bad epochs > patience 10


@pytest.mark.torch
def test_plateau_cut_after_patience_plus_one_bad_epochs_in_torch():
    torch = pytest.importorskip("torch")
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=1.0)
    sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, patience=10, factor=0.1)
    metrics = [1.0] * 13  # the first call improves on +inf, the next ones are bad epochs
    torch_lr = [opt.param_groups[0]["lr"]]
    for m in metrics:
        sched.step(m)
        torch_lr.append(opt.param_groups[0]["lr"])
    assert torch_lr[11] == 1.0 and torch_lr[12] == pytest.approx(0.1)  # cut on the 11th bad epoch = P + 1
    assert_close(S.reduce_on_plateau(np.arange(14), eta0=1.0, metrics=metrics, patience=10, factor=0.1), torch_lr)


# -- page, registry, reference file and figures agree ------------------------------------------


def test_members_agree_everywhere():
    on_page = set(re.findall(r"^<!--\s*figure:\s*(schedule-[a-z0-9-]+)\s*-->\s*$", _page(), re.M)) - EXTRA_FIGURES
    registry = {PREFIX + n for n in SCHEDULES}
    in_reference = {PREFIX + n for n in REF}
    figures = {n for n in catalogue() if n.startswith(PREFIX)} - EXTRA_FIGURES
    assert on_page == registry == in_reference == figures
    assert len(registry) >= 10
    assert EXTRA_FIGURES <= set(catalogue())


def test_every_member_has_its_own_section():
    page = _page()
    for name in SCHEDULES:
        assert re.search(rf"^## .+ \{{ #{re.escape(name)} \}}$", page, re.M), name


def _formula_functions():
    for s in SCHEDULES.values():
        for fn in (s.lr, s.update, s.slope, s.momentum):
            if fn is not None:
                yield s.name, fn


@pytest.mark.parametrize(("name", "fn"), list(_formula_functions()),
                         ids=[f"{n}-{f.__name__}" for n, f in _formula_functions()])
def test_docstring_formula_is_on_the_page(name, fn):
    match = re.search(r"\$(.+?)\$", fn.__doc__ or "", re.S)
    assert match, f"{fn.__name__} has no $...$ formula in its docstring"
    assert _norm(match.group(1)) in _norm(_page()), f"{fn.__name__}: {match.group(1)}"
