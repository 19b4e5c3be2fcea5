"""Sequence-to-sequence patterns: each NumPy model (many-to-one, aligned many-to-many, one-to-many, encoder-decoder;
GRU and LSTM) against the same model in torch (nn.Embedding + nn.GRU/nn.LSTM + nn.Linear, cross-entropy) with
copied weights; teacher forcing against a step-by-step torch decoding loop; the scheduled-sampling schedules
against the paper's formulas written independently; the error-analysis rule against exhaustive search."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from cheatsheet.numerics import decoding as dc
from cheatsheet.numerics import seq2seq as s2s
from tests.numerics.refdata import assert_close

V_SRC, V_TGT, C, E, H, I_FEAT = 11, 9, 5, 6, 7, 8
B, T_X, T_Y = 3, 5, 4
BOS = 1


def _torch_model(kind):
    import torch
    import torch.nn as nn

    torch.manual_seed(0)
    rnn = nn.GRU if kind == "gru" else nn.LSTM
    return nn.ModuleDict(dict(
        embed_src=nn.Embedding(V_SRC, E), encoder=rnn(E, H, batch_first=True),
        embed_tgt=nn.Embedding(V_TGT, E), decoder=rnn(E, H, batch_first=True),
        init=nn.Linear(I_FEAT, H), out=nn.Linear(H, V_TGT),
    )).double()


def _numpy_params(model):
    return {k: v.detach().numpy() for k, v in model.state_dict().items()}


def _data(seed=1):
    rng = np.random.default_rng(seed)
    x = rng.integers(0, V_SRC, (B, T_X))
    y = rng.integers(2, V_TGT, (B, T_Y))
    feat = rng.standard_normal((B, I_FEAT))
    return x, y, feat


KINDS = ["gru", "lstm"]


@pytest.mark.torch
@pytest.mark.parametrize("kind", KINDS)
def test_many_to_one_matches_torch(kind):
    import torch
    import torch.nn.functional as F

    m = _torch_model(kind)
    x, _, _ = _data()
    labels = np.array([0, 3, V_TGT - 1])
    with torch.no_grad():
        out, state = m["encoder"](m["embed_src"](torch.from_numpy(x)))
        h_n = state[0] if kind == "lstm" else state
        ref = m["out"](h_n[-1])
        assert torch.allclose(ref, m["out"](out[:, -1]))  # last output == final hidden state (one layer)
        ce = F.cross_entropy(ref, torch.from_numpy(labels), reduction="sum").item()
    got = s2s.many_to_one(kind, x, _numpy_params(m))
    assert got.shape == (B, V_TGT)
    assert_close(got, ref.numpy(), rtol=1e-10, atol=1e-12)
    assert math.isclose(-s2s.sequence_log_likelihood(got, labels).sum(), ce, rel_tol=1e-10)


@pytest.mark.torch
@pytest.mark.parametrize("kind", KINDS)
def test_many_to_many_aligned_matches_torch(kind):
    import torch
    import torch.nn.functional as F

    m = _torch_model(kind)
    x, _, _ = _data(2)
    tags = np.random.default_rng(3).integers(0, V_TGT, (B, T_X))
    with torch.no_grad():
        out, _ = m["encoder"](m["embed_src"](torch.from_numpy(x)))
        ref = m["out"](out)
        ce = F.cross_entropy(ref.reshape(-1, V_TGT), torch.from_numpy(tags).reshape(-1), reduction="sum").item()
    got = s2s.many_to_many_aligned(kind, x, _numpy_params(m))
    assert got.shape == (B, T_X, V_TGT)  # T_y = T_x
    assert_close(got, ref.numpy(), rtol=1e-10, atol=1e-12)
    assert math.isclose(-s2s.sequence_log_likelihood(got, tags).sum(), ce, rel_tol=1e-10)


@pytest.mark.torch
@pytest.mark.parametrize("kind", KINDS)
def test_one_to_many_matches_torch(kind):
    import torch
    import torch.nn.functional as F

    m = _torch_model(kind)
    _, y, feat = _data(4)
    y_in = s2s.teacher_forcing_inputs(y, BOS)
    with torch.no_grad():
        h0 = torch.tanh(m["init"](torch.from_numpy(feat))).unsqueeze(0)
        state = (h0, torch.zeros_like(h0)) if kind == "lstm" else h0
        out, _ = m["decoder"](m["embed_tgt"](torch.from_numpy(y_in)), state)
        ref = m["out"](out)
        ce = F.cross_entropy(ref.transpose(1, 2), torch.from_numpy(y), reduction="none").sum(1).numpy()
    got = s2s.one_to_many(kind, feat, y_in, _numpy_params(m))
    assert got.shape == (B, T_Y, V_TGT)
    assert_close(got, ref.numpy(), rtol=1e-10, atol=1e-12)
    assert_close(-s2s.sequence_log_likelihood(got, y), ce, rtol=1e-10)


@pytest.mark.torch
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("t_x, t_y", [(5, 4), (2, 6), (4, 4)])
def test_encoder_decoder_matches_torch_for_any_lengths(kind, t_x, t_y):
    import torch
    import torch.nn.functional as F

    m = _torch_model(kind)
    rng = np.random.default_rng(t_x * 10 + t_y)
    x, y = rng.integers(0, V_SRC, (B, t_x)), rng.integers(2, V_TGT, (B, t_y))
    y_in = s2s.teacher_forcing_inputs(y, BOS)
    with torch.no_grad():
        _, state = m["encoder"](m["embed_src"](torch.from_numpy(x)))
        out, _ = m["decoder"](m["embed_tgt"](torch.from_numpy(y_in)), state)
        ref = m["out"](out)
        nll = F.cross_entropy(ref.transpose(1, 2), torch.from_numpy(y), reduction="none").sum(1).numpy()
    got = s2s.encoder_decoder(kind, x, y_in, _numpy_params(m))
    assert got.shape == (B, t_y, V_TGT)
    assert_close(got, ref.numpy(), rtol=1e-10, atol=1e-12)
    assert_close(s2s.sequence_log_likelihood(got, y), -nll, rtol=1e-10)


@pytest.mark.torch
def test_teacher_forcing_equals_a_step_by_step_decoder_fed_the_true_tokens():
    """One parallel pass over (BOS, y_1..y_{T-1}) gives the same log P(y|x) as decoding token by token with
    nn.GRUCell and feeding the reference token back at each step."""
    import torch
    import torch.nn as nn

    m = _torch_model("gru")
    x, y, _ = _data(5)
    cell = nn.GRUCell(E, H).double()
    with torch.no_grad():
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            getattr(cell, name).copy_(getattr(m["decoder"], f"{name}_l0"))
        _, h = m["encoder"](m["embed_src"](torch.from_numpy(x)))
        h, prev, total = h[0], torch.full((B,), BOS), torch.zeros(B, dtype=torch.float64)
        for t in range(T_Y):
            h = cell(m["embed_tgt"](prev), h)
            logp = torch.log_softmax(m["out"](h), -1)
            target = torch.from_numpy(y[:, t])
            total += logp.gather(1, target[:, None])[:, 0]
            prev = target  # teacher forcing: the true token, not the argmax
    got = s2s.sequence_log_likelihood(
        s2s.encoder_decoder("gru", x, s2s.teacher_forcing_inputs(y, BOS), _numpy_params(m)), y)
    assert_close(got, total.numpy(), rtol=1e-10)


def test_teacher_forcing_inputs_shift_right():
    y = np.array([[5, 6, 7], [8, 2, 3]])
    assert s2s.teacher_forcing_inputs(y, 1).tolist() == [[1, 5, 6], [1, 8, 2]]


# --------------------------------------------------------------------------- scheduled sampling

def test_schedules_match_the_paper_formulas():
    from scipy.special import expit

    i = np.arange(0, 20001, 250)
    k = 1000.0
    # inverse sigmoid k / (k + e^{i/k}) is the logistic function of (ln k - i/k)
    assert_close(s2s.eps_inverse_sigmoid(i, k), expit(np.log(k) - i / k), rtol=1e-12)
    assert math.isclose(float(s2s.eps_inverse_sigmoid(0, k)), k / (k + 1))
    assert math.isclose(float(s2s.eps_inverse_sigmoid(k * math.log(k), k)), 0.5)
    assert_close(s2s.eps_exponential(i, 0.9997), np.exp(i * np.log(0.9997)), rtol=1e-12)
    lin = s2s.eps_linear(i, k=1.0, c=1e-4, eps_min=0.1)
    assert_close(lin, [max(0.1, 1.0 - 1e-4 * j) for j in i], rtol=1e-12)
    assert lin[0] == 1.0 and lin[-1] == 0.1 and float(s2s.eps_linear(9000, 1.0, 1e-4, 0.1)) == 0.1
    for eps in (s2s.eps_inverse_sigmoid(i, k), s2s.eps_exponential(i), lin):
        assert np.all(np.diff(eps) <= 0) and np.all((eps >= 0) & (eps <= 1))


def test_scheduled_sampling_mix_rate():
    rng = np.random.default_rng(0)
    true, model = np.zeros((400, 50), int), np.ones((400, 50), int)
    assert np.all(s2s.scheduled_sampling_inputs(true, model, 1.0, rng) == 0)  # teacher forcing
    assert np.all(s2s.scheduled_sampling_inputs(true, model, 0.0, rng) == 1)  # free running
    frac_true = np.mean(s2s.scheduled_sampling_inputs(true, model, 0.7, rng) == 0)
    assert abs(frac_true - 0.7) < 4 * math.sqrt(0.7 * 0.3 / 20000)


# --------------------------------------------------------------------------- error analysis

EOS = 0


def _table_model(table):
    return lambda prefix: np.log(np.asarray(table.get(prefix, [1.0, 0.0, 0.0]), dtype=float) + 1e-300)


def test_error_analysis_on_a_constructed_search_error():
    # 'a' (1) looks best first (0.55) but continues badly; 'b' (2) then EOS is the most probable sentence
    step = _table_model({(): [0.0, 0.55, 0.45], (1,): [0.4, 0.3, 0.3], (2,): [0.9, 0.05, 0.05],
                         (1, 1): [1.0, 0, 0], (1, 2): [1.0, 0, 0], (2, 1): [1.0, 0, 0], (2, 2): [1.0, 0, 0]})
    y_hat, lp_hat = dc.beam_search(step, 1, 3, EOS)  # greedy
    y_star = (2, EOS)
    assert y_hat == (1, EOS) and math.isclose(math.exp(lp_hat), 0.55 * 0.4)
    lp_star = s2s.sequence_logprob(step, y_star)
    assert math.isclose(math.exp(lp_star), 0.45 * 0.9)
    assert s2s.blame(lp_star, lp_hat) == "search"
    # the verdict is right: a wider beam finds y*, and it is the exact argmax
    assert dc.beam_search(step, 2, 3, EOS)[0] == y_star == dc.exhaustive_search(step, 3, 3, EOS)[0]


def test_error_analysis_on_a_constructed_model_error():
    # the model puts most mass on a short wrong output; the better human reference (2, 1, EOS) is unlikely
    step = _table_model({(): [0.0, 0.7, 0.3], (1,): [0.9, 0.05, 0.05], (2,): [0.2, 0.5, 0.3],
                         (2, 1): [0.8, 0.1, 0.1]})
    y_hat, lp_hat = dc.beam_search(step, 3, 3, EOS)
    y_star = (2, 1, EOS)
    lp_star = s2s.sequence_logprob(step, y_star)
    assert s2s.blame(lp_star, lp_hat) == "model"
    assert dc.exhaustive_search(step, 3, 3, EOS)[0] == y_hat  # no beam width can recover y*
    assert y_hat == (1, EOS) and math.isclose(math.exp(lp_star), 0.3 * 0.5 * 0.8)
    # compared per token (alpha = 1) as a length-normalized beam would: log(0.12)/3 < log(0.63)/2, still the model
    assert s2s.blame(lp_star, lp_hat, len_reference=3, len_output=2, alpha=1.0) == "model"
    with pytest.raises(ValueError):
        s2s.blame(lp_star, lp_hat, alpha=1.0)


@pytest.mark.parametrize("seed", range(6))
def test_blame_is_consistent_with_exhaustive_search(seed):
    """'search' only when the beam output is not the exact argmax; a beam that found the argmax is never blamed."""
    rng = np.random.default_rng(seed)
    cache: dict = {}

    def step(prefix):
        if prefix not in cache:
            cache[prefix] = dc.log_softmax(rng.standard_normal(3) * 1.5)
        return cache[prefix]

    y_hat, lp_hat = dc.beam_search(step, 1, 4, EOS)
    best, lp_best = dc.exhaustive_search(step, 3, 4, EOS)
    for n in range(1, 5):
        for y in itertools.product(range(3), repeat=n):
            if EOS in y[:-1] or (n < 4 and y[-1] != EOS) or y == y_hat:
                continue
            verdict = s2s.blame(s2s.sequence_logprob(step, y), lp_hat)
            if verdict == "search":
                assert lp_best > lp_hat + 1e-12
            if y_hat == best:
                assert verdict == "model"
    assert s2s.blame_fractions(["search", "model", "model", "model"]) == {"search": 0.25, "model": 0.75}


def test_patterns_table_is_consistent():
    names = [p.name for p in s2s.PATTERNS]
    assert names[0] == "one-to-one" and len(names) == 5
    aligned = next(p for p in s2s.PATTERNS if "aligned" in p.name and "unaligned" not in p.name)
    assert aligned.n_in == aligned.n_out
    unaligned = next(p for p in s2s.PATTERNS if "unaligned" in p.name)
    assert unaligned.n_in != unaligned.n_out and unaligned.delay == unaligned.n_in
