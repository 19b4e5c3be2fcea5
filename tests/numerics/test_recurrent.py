"""The NumPy RNN/GRU/LSTM cells, unrolled stacks, parameter counts, BPTT gradients and step Jacobians
agree with PyTorch (weights copied in, float64) and with hand-derived closed forms."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from cheatsheet.numerics import recurrent as R
from tests.numerics.refdata import assert_close
from tests.checks import checks

pytestmark = pytest.mark.torch

I, H, B, L = 5, 7, 3, 6
CELLS = {"rnn": (torch.nn.RNNCell, R.rnn_cell), "gru": (torch.nn.GRUCell, R.gru_cell),
         "lstm": (torch.nn.LSTMCell, None)}
MODULES = {"rnn": torch.nn.RNN, "gru": torch.nn.GRU, "lstm": torch.nn.LSTM}


def _np(module: torch.nn.Module) -> dict[str, np.ndarray]:
    return {k: v.detach().numpy().copy() for k, v in module.state_dict().items()}


def _perturb(module: torch.nn.Module, seed: int) -> None:
    """Move every parameter away from PyTorch's small init so that gates saturate differently."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.randn(p.shape, generator=g, dtype=p.dtype))


@checks("lstm-cell", against="`torch.nn.LSTMCell` (float64, weights copied)", tol="rtol 1e-6")
@checks("gru-cell", against="`torch.nn.GRUCell` (float64, weights copied)", tol="rtol 1e-6")
@checks("rnn-cell", against="`torch.nn.RNNCell` (float64, weights copied)", tol="rtol 1e-6")
@pytest.mark.parametrize("kind", ["rnn", "gru", "lstm"])
def test_cell_matches_torch_cell(kind):
    torch.manual_seed(0)
    cell = CELLS[kind][0](I, H).double()
    _perturb(cell, 1)
    x = torch.randn(B, I, dtype=torch.float64)
    h = torch.randn(B, H, dtype=torch.float64)
    p = _np(cell)
    args = (p["weight_ih"], p["weight_hh"], p["bias_ih"], p["bias_hh"])
    if kind == "lstm":
        c = torch.randn(B, H, dtype=torch.float64)
        h_ref, c_ref = cell(x, (h, c))
        h_np, c_np = R.lstm_cell(x.numpy(), h.numpy(), c.numpy(), *args)
        assert_close(c_np, c_ref.detach().numpy(), what="c")
    else:
        h_ref = cell(x, h)
        h_np = CELLS[kind][1](x.numpy(), h.numpy(), *args)
    assert_close(h_np, h_ref.detach().numpy(), what="h")


CONFIGS = [
    dict(num_layers=1),
    dict(num_layers=2, batch_first=True),
    dict(num_layers=2, bidirectional=True, batch_first=True),
    dict(num_layers=3, bidirectional=True, bias=False),
]


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: "-".join(f"{k}={v}" for k, v in c.items()))
@pytest.mark.parametrize("kind", ["rnn", "gru", "lstm"])
def test_unrolled_stack_matches_torch_module(kind, config):
    torch.manual_seed(2)
    m = MODULES[kind](I, H, **config).double()
    D = 2 if config.get("bidirectional") else 1
    X = torch.randn((B, L, I) if config.get("batch_first") else (L, B, I), dtype=torch.float64)
    h0 = torch.randn(D * config["num_layers"], B, H, dtype=torch.float64)
    c0 = torch.randn_like(h0)
    out, state = m(X, (h0, c0) if kind == "lstm" else h0)
    kw = {k: v for k, v in config.items() if k != "bias"}
    o, h_n, c_n = R.run_rnn(kind, X.numpy(), _np(m), h0=h0.numpy(), c0=c0.numpy(), **kw)
    assert o.shape == tuple(out.shape) == ((B, L, D * H) if config.get("batch_first") else (L, B, D * H))
    assert_close(o, out.detach().numpy(), what="output")
    if kind == "lstm":
        assert_close(h_n, state[0].detach().numpy(), what="h_n")
        assert_close(c_n, state[1].detach().numpy(), what="c_n")
    else:
        assert_close(h_n, state.detach().numpy(), what="h_n")


def test_lstm_with_projection_matches_torch():
    torch.manual_seed(3)
    m = torch.nn.LSTM(I, H, num_layers=2, bidirectional=True, proj_size=3, batch_first=True).double()
    X = torch.randn(B, L, I, dtype=torch.float64)
    out, (h_n, c_n) = m(X)
    o, h_np, c_np = R.run_rnn("lstm", X.numpy(), _np(m), num_layers=2, bidirectional=True, batch_first=True)
    assert o.shape == (B, L, 2 * 3) and h_np.shape == (4, B, 3) and c_np.shape == (4, B, H)
    assert_close(o, out.detach().numpy())
    assert_close(h_np, h_n.detach().numpy())
    assert_close(c_np, c_n.detach().numpy())


PARAM_CASES = [
    ("rnn", 10, 20, dict()), ("gru", 10, 20, dict()), ("lstm", 10, 20, dict()),
    ("gru", 32, 64, dict(num_layers=3, bidirectional=True)),
    ("lstm", 32, 64, dict(num_layers=2, bidirectional=True, proj_size=16)),
    ("lstm", 8, 12, dict(bias=False, num_layers=2)),
    ("rnn", 300, 512, dict(num_layers=2, bidirectional=True)),
]


@checks("rnn-param-count", against="`sum(p.numel())` of `nn.RNN`, `nn.GRU`, `nn.LSTM`", tol="exact")
@pytest.mark.parametrize("kind,i,h,kw", PARAM_CASES)
def test_param_count_matches_torch(kind, i, h, kw):
    m = MODULES[kind](i, h, **kw)
    assert R.param_count(kind, i, h, **kw) == sum(p.numel() for p in m.parameters())


def test_param_count_closed_forms_by_hand():
    # one layer, one direction: g (H I + H^2 + 2H)
    assert R.param_count("rnn", 10, 20) == 20 * 10 + 20 * 20 + 40 == 640
    assert R.param_count("gru", 10, 20) == 3 * 640 == 1920
    assert R.param_count("lstm", 10, 20) == 4 * 640 == 2560
    # LSTMP, H = 20, P = 5: 4 (20*10 + 20*5 + 40) + 5*20
    assert R.param_count("lstm", 10, 20, proj_size=5) == 4 * 340 + 100


@checks("rnn-bptt", against="PyTorch autograd through the unrolled loop", tol="rtol 1e-6")
def test_bptt_gradients_match_autograd():
    rng = np.random.default_rng(0)
    T = 8
    X = rng.standard_normal((T, B, I))
    h0 = rng.standard_normal((B, H))
    W_ih, W_hh = rng.standard_normal((H, I)) * 0.6, rng.standard_normal((H, H)) * 0.5
    b_ih, b_hh = rng.standard_normal(H), rng.standard_normal(H)
    targets = rng.standard_normal((T, B, H))
    # loss = 1/2 sum_t ||h_t - y_t||^2  ->  dL/dh_t (direct) = h_t - y_t
    hs = R.rnn_forward_sequence(X, h0, W_ih, W_hh, b_ih, b_hh)
    grads = R.rnn_bptt(X, h0, W_ih, W_hh, b_ih, b_hh, hs[1:] - targets)

    t = {k: torch.tensor(v, requires_grad=True) for k, v in
         dict(W_ih=W_ih, W_hh=W_hh, b_ih=b_ih, b_hh=b_hh, h0=h0).items()}
    h = t["h0"]
    loss = 0.0
    for step in range(T):
        h = torch.tanh(torch.tensor(X[step]) @ t["W_ih"].T + t["b_ih"] + h @ t["W_hh"].T + t["b_hh"])
        loss = loss + 0.5 * ((h - torch.tensor(targets[step])) ** 2).sum()
    loss.backward()
    for k in t:
        assert_close(grads[k], t[k].grad.numpy(), what=k)


def _torch_step_jacobian(kind, params, x, state):
    p = {k: torch.tensor(v) for k, v in params.items()}
    Hs = params["weight_hh_l0"].shape[1]

    def step(s):
        h = s[:Hs]
        if kind == "rnn":
            return torch.tanh(p["weight_ih_l0"] @ x + p["bias_ih_l0"] + p["weight_hh_l0"] @ h + p["bias_hh_l0"])
        if kind == "gru":
            cell = torch.nn.GRUCell(len(x), Hs).double()
        else:
            cell = torch.nn.LSTMCell(len(x), Hs).double()
        cell.load_state_dict({k.removesuffix("_l0"): v for k, v in p.items()})
        if kind == "gru":
            return cell(x[None], h[None])[0]
        h_new, c_new = cell(x[None], (h[None], s[Hs:][None]))
        return torch.cat([h_new[0], c_new[0]])

    return torch.autograd.functional.jacobian(step, torch.tensor(state)).numpy()


@checks("rnn-step-jacobian", against="`torch.autograd.functional.jacobian` of the PyTorch cells", tol="rtol 1e-6")
@pytest.mark.parametrize("kind", ["rnn", "gru", "lstm"])
def test_step_jacobians_match_autograd(kind):
    params = R.pytorch_default_params(kind, I, H, seed=4, keep_bias=0.7)
    for k in params:
        params[k] = params[k] * 3.0  # leave the near-linear regime
    rng = np.random.default_rng(5)
    x = rng.standard_normal(I)
    h = rng.standard_normal(H) * 0.5
    c = rng.standard_normal(H)
    args = (params["weight_ih_l0"], params["weight_hh_l0"], params["bias_ih_l0"], params["bias_hh_l0"])
    if kind == "rnn":
        h_new = R.rnn_cell(x, h, *args)
        J = R.rnn_step_jacobian(h_new, params["weight_hh_l0"])
        ref = _torch_step_jacobian(kind, params, torch.tensor(x), h)
    elif kind == "gru":
        J = R.gru_step_jacobian(x, h, *args)
        ref = _torch_step_jacobian(kind, params, torch.tensor(x), h)
    else:
        J = R.lstm_step_jacobian(x, h, c, *args)
        ref = _torch_step_jacobian(kind, params, torch.tensor(x), np.concatenate([h, c]))
    assert_close(J, ref)


def test_gradient_norms_vs_lag_match_autograd_through_the_sequence():
    params = R.pytorch_default_params("gru", I, H, seed=6)
    rng = np.random.default_rng(7)
    X = rng.standard_normal((5, I))
    norms = R.gradient_norms_vs_lag("gru", params, X)
    cell = torch.nn.GRUCell(I, H).double()
    cell.load_state_dict({k.removesuffix("_l0"): torch.tensor(v) for k, v in params.items()})
    Xt = torch.tensor(X)
    # state h_{T-k} produced by the forward pass from zero, then the map h_{T-k} -> h_T
    h = torch.zeros(H, dtype=torch.float64)
    states = [h]
    for x in Xt:
        h = cell(x[None], h[None])[0]
        states.append(h)
    T = len(X)
    for k in (1, 3, 5):
        def tail(s, k=k):
            for x in Xt[T - k:]:
                s = cell(x[None], s[None])[0]
            return s
        J = torch.autograd.functional.jacobian(tail, states[T - k].detach()).numpy()
        assert_close(norms[k - 1], np.linalg.norm(J, 2), what=f"k={k}")


def test_orthogonal_linear_bound_and_tanh_contraction():
    W = R.scaled_orthogonal(16, 0.9, seed=0)
    assert_close(np.abs(np.linalg.eigvals(W)), np.full(16, 0.9))
    assert_close(np.linalg.svd(W, compute_uv=False), np.full(16, 0.9))
    rng = np.random.default_rng(1)
    params = {"weight_ih_l0": rng.standard_normal((16, 3)), "weight_hh_l0": W,
              "bias_ih_l0": np.zeros(16), "bias_hh_l0": np.zeros(16)}
    norms = R.gradient_norms_vs_lag("rnn", params, rng.standard_normal((30, 3)))
    k = np.arange(1, 31)
    assert np.all(norms <= 0.9 ** k * (1 + 1e-9))  # |tanh'| <= 1 can only shrink the product
    assert norms[-1] < 1e-3 * 0.9 ** 30


def test_lstm_cell_survival_is_product_of_forget_gates():
    # with all weights zero, f = sigma(b_f) exactly, so the kept fraction is sigma(b_f)^k (closed form)
    H_, I_ = 4, 2
    params = {"weight_ih_l0": np.zeros((4 * H_, I_)), "weight_hh_l0": np.zeros((4 * H_, H_)),
              "bias_ih_l0": np.zeros(4 * H_), "bias_hh_l0": np.zeros(4 * H_)}
    params["bias_hh_l0"][H_:2 * H_] = 1.0
    surv = R.lstm_cell_survival(params, np.ones((10, I_)))
    assert_close(surv, (1 / (1 + np.exp(-1.0))) ** np.arange(1, 11))


@checks("clip-grad-norm", against="`torch.nn.utils.clip_grad_norm_`", tol="rtol 1e-6")
def test_clip_grad_norm_matches_torch():
    rng = np.random.default_rng(8)
    grads = [rng.standard_normal((3, 4)) * 5, rng.standard_normal(7)]
    for max_norm in (0.5, 1e3):
        ps = [torch.nn.Parameter(torch.zeros(g.shape, dtype=torch.float64)) for g in grads]
        for p, g in zip(ps, grads):
            p.grad = torch.tensor(g)
        total_ref = torch.nn.utils.clip_grad_norm_(ps, max_norm)
        clipped, total = R.clip_grad_norm(grads, max_norm)
        assert_close(total, float(total_ref))
        for c, p in zip(clipped, ps):
            assert_close(c, p.grad.numpy())
